import Etcd3
import Etcd3TestSupport
import Testing

/// Hashes, alarms, the NOSPACE recovery path and member updates against real servers (see
/// `Docs/Operations.md`). Each test has a server of its own: they change server-wide state.
@Suite("Maintenance operations against real etcd", .timeLimit(.minutes(3)))
struct MaintenanceOperationsTests {
    @Test("hash is stable without writes and changes with one", arguments: ServerUnderTest.plaintext)
    func hashFollowsWrites(server: ServerUnderTest) async throws {
        try await server.withClient(dedicated: true) { client, ns in
            let status = try await client.status()
            let first = try await client.hash()
            #expect(first.header.memberID == status.header.memberID)
            #expect(try await client.hash().hash == first.hash)
            try await client.put(ns + "k", "v")
            #expect(try await client.hash().hash != first.hash)
        }
    }

    @Test("an alarm raised through the API refuses writes with .noSpace until it is disarmed", arguments: ServerUnderTest.plaintext)
    func raisedAlarmRefusesWrites(server: ServerUnderTest) async throws {
        try await server.withClient(dedicated: true) { client, ns in
            let member = try await client.status().header.memberID
            let noSpace = EtcdAlarm(memberID: member, kind: .noSpace)
            #expect(try await client.raiseAlarm(EtcdAlarm(kind: .noSpace)) == [noSpace], "all members: the one member")
            #expect(try await client.alarms() == [noSpace])
            await expectError(.noSpace) { try await client.put(ns + "k", "v") }
            #expect(try await client.get(ns + "k") == nil, "reads still work")

            #expect(try await client.disarm(EtcdAlarm(kind: .noSpace)) == [noSpace])
            #expect(try await client.alarms().isEmpty)
            try await client.put(ns + "k", "v")

            // One member's alarm by its ID, cleared by disarmAll.
            #expect(try await client.raiseAlarm(noSpace) == [noSpace])
            #expect(try await client.disarm(EtcdAlarm(kind: .corrupt)).isEmpty, "no corrupt alarm to clear")
            #expect(try await client.disarmAll() == [noSpace])
            #expect(try await client.alarms().isEmpty)
            try await client.put(ns + "k", "w")
        }
    }

    @Test("a full quota is recovered by compact, defragment and disarm", arguments: ServerUnderTest.plaintext)
    func noSpaceRecovery(server: ServerUnderTest) async throws {
        let quota: Int64 = 16 << 20
        try await withEtcdCluster(members: 1, binary: server.binary, extraArguments: ["--quota-backend-bytes=\(quota)"]) {
            cluster in
            try await withEtcd3Client(configuration: ServerUnderTest.configuration(for: cluster)) { client in
                let value = EtcdBytes([UInt8](repeating: 0x6E, count: 1 << 20))
                var stored = 0
                var failure: EtcdError?
                while failure == nil, stored < 40 {
                    do {
                        try await client.put("/full/\(stored)", value)
                        stored += 1
                    } catch let error as EtcdError {
                        failure = error
                    }
                }
                #expect(failure?.code == .noSpace, "\(String(describing: failure))")
                // The put that crossed the quota may have been applied (etcd applies it, then
                // answers NOSPACE): the error says so.
                #expect(failure?.mayHaveBeenApplied == true, "\(String(describing: failure))")
                let member = try await client.status().header.memberID
                #expect(try await client.alarms() == [EtcdAlarm(memberID: member, kind: .noSpace)])

                // Deleting frees nothing by itself, and the alarm stays until it is cleared.
                let deleted = try await client.deletePrefix("/full/").deleted
                #expect(deleted == Int64(stored) || deleted == Int64(stored) + 1, "\(stored) acknowledged, \(deleted) deleted")
                await expectError(.noSpace) { try await client.put("/full/small", "x") }

                let revision = try await client.status().header.revision
                try await client.compact(revision, physical: true)
                try await client.defragment()
                let status = try await client.status()
                #expect(status.dbSize < quota / 2, "defragmented to \(status.dbSize) bytes")
                await expectError(.noSpace) { try await client.put("/full/small", "x") }
                #expect(try await client.disarm(EtcdAlarm(kind: .noSpace)) == [EtcdAlarm(memberID: member, kind: .noSpace)])
                #expect(try await client.alarms().isEmpty)
                try await client.put("/full/small", "x")
                try await client.put("/full/large", value)
            }
        }
    }

    @Test("updateMember changes peer URLs, as a linearizable member list shows", arguments: ServerUnderTest.plaintext)
    func updateMemberPeerURLs(server: ServerUnderTest) async throws {
        try await withEtcdCluster(members: 1, binary: server.binary) { cluster in
            try await withEtcd3Client(configuration: ServerUnderTest.configuration(for: cluster)) { client in
                let before = try await client.members(linearizable: true)
                #expect(before == (try await client.members()))
                let member = try #require(before.first)
                #expect(member.peerURLs == [cluster[0].peerURL])
                #expect(member.clientURLs == [cluster[0].clientURL])

                // The same port by another name: the member stays reachable by its peers.
                let alias = "http://localhost:\(cluster[0].peerPort)"
                let updated = try await client.updateMember(member.id, peerURLs: [cluster[0].peerURL, alias])
                #expect(updated.first { $0.id == member.id }?.peerURLs.sorted() == [cluster[0].peerURL, alias].sorted())
                #expect(try await client.members(linearizable: true).first?.peerURLs.sorted() == [cluster[0].peerURL, alias].sorted())

                try await client.updateMember(member.id, peerURLs: [cluster[0].peerURL])
                #expect(try await client.members(linearizable: true).first?.peerURLs == [cluster[0].peerURL])
                await expectError(.memberNotFound) {
                    try await client.updateMember(member.id &+ 1, peerURLs: ["http://127.0.0.1:1"])
                }
                try await client.put("/after-update", "ok")
            }
        }
    }
}
