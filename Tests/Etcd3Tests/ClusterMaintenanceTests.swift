import Etcd3
import Etcd3TestSupport
import Testing

@Suite("Cluster and maintenance calls against real etcd", .timeLimit(.minutes(3)))
struct ClusterMaintenanceTests {
    /// On a server of its own: etcd 3.5.0 and 3.5.1 crash (SIGSEGV in the watchable store's
    /// `syncWatchers`, fixed in 3.5.2) when a defragmentation remaps the database while a
    /// watcher catches up, and on the shared server other tests' watchers do.
    @Test("status, alarms, hash, defragment", arguments: ServerUnderTest.all)
    func singleMember(server: ServerUnderTest) async throws {
        try await server.withClient(dedicated: true) { client, ns in
            let status = try await client.status()
            #expect(status.version == server.binary.fullVersion)
            #expect(status.isLeader)
            #expect(status.dbSize > 0)
            #expect(!status.isLearner)
            #expect(try await client.alarms().isEmpty)
            try await client.put(ns + "k", "v")
            let hash = try await client.hashKV()
            #expect(hash.header.revision > 0)
            try await client.defragment()
            let members = try await client.members()
            #expect(members.count == 1)
            #expect(members.first?.id == status.header.memberID)
        }
    }

    @Test("members, learner add/promote/remove, move leader", arguments: ServerUnderTest.plaintext)
    func membership(server: ServerUnderTest) async throws {
        try await withEtcdCluster(members: 3, binary: server.binary, profile: .fast) { cluster in
            let leader = try await cluster.waitForLeader()
            let client = try await Etcd3Client(
                configuration: ServerUnderTest.configuration(for: cluster, endpoints: [cluster[leader].clientEndpoint]))
            let members = try await client.members()
            #expect(members.count == 3)
            #expect(Set(members.map(\.name)) == Set(cluster.members.map(\.name)))

            let newcomer = try cluster.prepareMember()
            // etcd refuses membership changes until every peer has been connected for a while
            // ("unhealthy cluster" right after start).
            var answer: (added: EtcdClusterMember, members: [EtcdClusterMember])?
            let healthyBy = ContinuousClock.now + .seconds(15)
            while answer == nil {
                do {
                    answer = try await client.addMember(peerURLs: [newcomer.peerURL], isLearner: true)
                } catch let error as EtcdError where error.code == .unhealthyCluster && ContinuousClock.now < healthyBy {
                    try await Task.sleep(for: .milliseconds(250))
                }
            }
            let (added, after) = try #require(answer)
            #expect(added.isLearner)
            #expect(after.count == 4)
            try await newcomer.join()
            var promoted = false
            let deadline = ContinuousClock.now + .seconds(10)
            while !promoted, ContinuousClock.now < deadline {
                do {
                    let now = try await client.promoteMember(added.id)
                    promoted = now.contains { $0.id == added.id && !$0.isLearner }
                } catch let error as EtcdError where error.code == .membership {
                    try await Task.sleep(for: .milliseconds(200))  // not caught up yet
                }
            }
            #expect(promoted)
            let remaining = try await client.removeMember(added.id)
            #expect(remaining.count == 3)
            await expectError(.memberNotFound) { try await client.removeMember(added.id) }

            // Under a loaded machine the fast profile may have elected another leader since the
            // start: move leadership from whichever member leads now.
            let current = try await cluster.waitForLeader()
            let leaderClient =
                current == leader
                ? client
                : try await Etcd3Client(
                    configuration: ServerUnderTest.configuration(
                        for: cluster, endpoints: [cluster[current].clientEndpoint]))
            let status = try await leaderClient.status()
            #expect(status.isLeader)
            let target = try #require(members.first { $0.id != status.header.memberID })
            try await leaderClient.moveLeader(to: target.id)
            #expect(try await leaderClient.status().leader == target.id)
            if leaderClient !== client { await leaderClient.close() }
            await client.close()
        }
    }
}
