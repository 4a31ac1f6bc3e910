import Etcd3
import Etcd3TestSupport
import Testing

extension FaultScenarios {
    /// A 3-member cluster changes membership under a client with endpoint auto-sync at 1 s
    /// that reads linearizably all along: a 4th member joins as a learner, is promoted, then
    /// member 1 is removed.
    @Suite("Endpoint auto-sync follows membership changes", .faultScenarioTimeLimit)
    struct EndpointAutoSync {
        @Test(
            "endpoints equal the voting members ≤ 3 s after each change; learner and removed member get no call",
            arguments: ServerUnderTest.plaintext)
        func learnerPromotedThenMemberRemoved(server: ServerUnderTest) async throws {
            try await withEtcdCluster(members: 3, binary: server.binary, profile: .fast) { cluster in
                _ = try await cluster.waitForLeader()
                let admin = try await Etcd3Client(configuration: clientConfiguration(for: cluster, endpoints: cluster.clientEndpoints))
                var configuration = clientConfiguration(for: cluster, endpoints: cluster.clientEndpoints)
                configuration.autoSyncInterval = .seconds(1)
                configuration.requestTimeout = .seconds(5)
                let client = try await Etcd3Client(configuration: configuration)
                try await client.put("/autosync/k", "v")

                // Linearizable reads all along, counted.
                let reads = Locked((ok: 0, failed: 0))
                let load = Task {
                    while !Task.isCancelled {
                        do {
                            _ = try await client.get("/autosync/k")
                            reads.withLock { $0.ok += 1 }
                        } catch {
                            reads.withLock { $0.failed += 1 }
                        }
                        try? await Task.sleep(for: .milliseconds(10))
                    }
                }

                func voting() async throws -> Set<String> {
                    let members = try await admin.members(linearizable: server.binary.version.minor >= 5)
                    return Set(members.filter { !$0.isLearner }.flatMap(\.clientURLs).map(hostPort))
                }
                /// How long until the client's endpoints equal the voting members (limit 10 s).
                func timeToConverge(from start: ContinuousClock.Instant) async throws -> Duration {
                    let wanted = try await voting()
                    let deadline = ContinuousClock.now + .seconds(10)
                    while Set(client.endpoints.map(hostPort)) != wanted {
                        guard ContinuousClock.now < deadline else {
                            Issue.record("endpoints \(client.endpoints) never became the voting members \(wanted)")
                            return .seconds(10)
                        }
                        try await Task.sleep(for: .milliseconds(20))
                    }
                    return ContinuousClock.now - start
                }

                // A learner joins: it never becomes an endpoint, and gets no read.
                let newcomer = try cluster.prepareMember()
                let learner = try await addLearner(admin, peerURL: newcomer.peerURL)
                try await newcomer.join()
                try await Task.sleep(for: .milliseconds(2500))  // two sync rounds with the learner listed
                let endpointsWithLearner = client.endpoints
                let learnerRanges = rangeCalls(try await newcomer.metrics())

                // Promoted, it becomes one.
                let promotedAt = try await promote(admin, learner.id)
                let promotedConverged = try await timeToConverge(from: promotedAt)

                // Member 1 removed: it leaves the endpoints and gets no call afterwards.
                let removed = cluster[0]
                let removedAt = ContinuousClock.now
                _ = try await admin.removeMember(try await memberID(admin, of: removed))
                let removedConverged = try await timeToConverge(from: removedAt)
                // The removed member stops itself; something then listens on its client port
                // and counts the client's connections from 2 s after the removal on.
                let exitDeadline = ContinuousClock.now + .seconds(15)
                while removed.isRunning, ContinuousClock.now < exitDeadline { try await Task.sleep(for: .milliseconds(50)) }
                if removed.isRunning { await removed.kill() }
                let windowStart = max(ContinuousClock.now, removedAt + .seconds(2))
                try await Task.sleep(until: windowStart, clock: .continuous)
                let listener = try EtcdFaultProxy(targetPort: newcomer.peerPort, port: removed.clientPort)
                defer { listener.stop() }
                let readsBefore = reads.withLock { $0 }
                try await Task.sleep(for: .seconds(3))
                let readsAfter = reads.withLock { $0 }
                let lateConnections = listener.stats.acceptedConnections
                let promotedRanges = rangeCalls(try await newcomer.metrics())

                load.cancel()
                await load.value
                await client.close()
                await admin.close()
                let totals = reads.withLock { $0 }
                print(
                    "endpoint auto-sync (etcd \(server.binary.fullVersion), 1 s): endpoints with a learner listed "
                        + "\(endpointsWithLearner.count) (learner served \(learnerRanges) Range calls); "
                        + "endpoints = voting members \(promotedConverged) after the promotion and "
                        + "\(removedConverged) after the removal; connections to the removed member's port "
                        + "from \(windowStart - removedAt) after the removal: \(lateConnections) in 3 s "
                        + "(\(readsAfter.ok - readsBefore.ok) reads meanwhile); the promoted member served "
                        + "\(promotedRanges) Range calls; reads \(totals.ok) ok, \(totals.failed) failed; "
                        + "final endpoints \(client.endpoints)")
                #expect(endpointsWithLearner.count == 3)
                #expect(!endpointsWithLearner.map(hostPort).contains("127.0.0.1:\(newcomer.clientPort)"))
                #expect(learnerRanges == 0, "the learner served reads")
                #expect(promotedConverged <= .seconds(3))
                #expect(removedConverged <= .seconds(3))
                #expect(lateConnections == 0, "the client still dialled the removed member")
                #expect(readsAfter.ok - readsBefore.ok > 0, "no read completed after the removal")
                #expect(promotedRanges > 0, "the promoted member never served a read")
            }
        }

        @Test(
            "calls in flight on a removed endpoint finish there; no new call goes to it",
            arguments: ServerUnderTest.plaintext)
        func inFlightCallsFinishOnRemovedEndpoint(server: ServerUnderTest) async throws {
            try await withEtcdCluster(members: 1, binary: server.binary, profile: .fast) { cluster in
                // Two endpoints to the one member: through a proxy (not a member's URL, so a sync
                // removes it) and direct.
                let proxy = try EtcdFaultProxy(inFrontOf: cluster[0])
                defer { proxy.stop() }
                var configuration = clientConfiguration(for: cluster, endpoints: [proxy.endpoint, cluster[0].clientEndpoint])
                configuration.requestTimeout = .seconds(10)
                try await withEtcd3Client(configuration: configuration) { client in
                    try await client.put("/in-flight/k", "v")
                    for _ in 0..<4 { _ = try await client.get("/in-flight/k") }  // both connections up
                    proxy.delay(.serverToClient, by: .seconds(1))
                    // Reads every 50 ms, half of them over the delayed endpoint (1 s each), until
                    // a sync (its own member list call may take that path too) removes it.
                    func read() -> Task<(ContinuousClock.Instant, ContinuousClock.Instant), any Error> {
                        Task {
                            let start = ContinuousClock.now
                            _ = try await client.get("/in-flight/k")
                            return (start, ContinuousClock.now)
                        }
                    }
                    var reads = (0..<4).map { _ in read() }
                    try await Task.sleep(for: .milliseconds(200))
                    let sync = Task { () -> (Bool, ContinuousClock.Instant) in
                        (try await client.syncEndpoints(), ContinuousClock.now)
                    }
                    while client.endpoints.count == 2 {
                        reads.append(read())
                        try await Task.sleep(for: .milliseconds(50))
                    }
                    let (changed, changedAt) = try await waitFor(sync, within: .seconds(10), "the sync")
                    var spans: [(ContinuousClock.Instant, ContinuousClock.Instant)] = []
                    for read in reads { spans.append(try await waitFor(read, within: .seconds(10), "an in-flight read")) }
                    // Over the removed endpoint and still running when it was removed.
                    let crossing = spans.filter { $0.0 < changedAt && $0.1 > changedAt && $0.1 - $0.0 >= .seconds(1) }.count
                    try await Task.sleep(for: .milliseconds(1500))  // the drained connection closes
                    let bytesBefore = proxy.stats.bytesReceivedFromClients
                    for _ in 0..<20 { _ = try await client.get("/in-flight/k") }
                    let bytesAfter = proxy.stats.bytesReceivedFromClients
                    print(
                        "in-flight calls on a removed endpoint (\(server)): \(spans.count) reads all succeeded, "
                            + "\(crossing) of them over the removed endpoint and in flight when it was removed; "
                            + "bytes to it from 20 later reads: \(bytesAfter - bytesBefore); endpoints \(client.endpoints)")
                    #expect(changed)
                    #expect(client.endpoints == ["\(cluster[0].clientEndpoint)"])
                    #expect(crossing > 0, "no read was in flight on the removed endpoint when it was removed")
                    #expect(bytesAfter == bytesBefore, "a later read went to the removed endpoint")
                }
            }
        }
    }
}

/// `host:port` of a URL or endpoint, without the scheme.
private func hostPort(_ url: String) -> String {
    url.split(separator: "://").last.map(String.init) ?? url
}

/// The Range calls a member's gRPC server started, from its metrics.
private func rangeCalls(_ metrics: [String: Double]) -> Int {
    Int(metrics.filter { $0.key.hasPrefix("grpc_server_started_total") && $0.key.contains("grpc_method=\"Range\"") }.values.reduce(0, +))
}

/// Adds a learner, retrying while etcd calls the young cluster unhealthy.
private func addLearner(_ admin: Etcd3Client, peerURL: String) async throws -> EtcdClusterMember {
    let deadline = ContinuousClock.now + .seconds(15)
    while true {
        let answer: (added: EtcdClusterMember, members: [EtcdClusterMember])
        do {
            answer = try await admin.addMember(peerURLs: [peerURL], isLearner: true)
        } catch {
            guard error.code == .unhealthyCluster, ContinuousClock.now < deadline else { throw error }
            try await Task.sleep(for: .milliseconds(250))
            continue
        }
        return answer.added
    }
}

/// Promotes a learner once it caught up; returns when the promotion was acknowledged.
private func promote(_ admin: Etcd3Client, _ id: UInt64) async throws -> ContinuousClock.Instant {
    let deadline = ContinuousClock.now + .seconds(15)
    while true {
        do {
            _ = try await admin.promoteMember(id)
        } catch {
            guard error.code == .membership, ContinuousClock.now < deadline else { throw error }
            try await Task.sleep(for: .milliseconds(200))
            continue
        }
        return .now
    }
}

/// The member ID of a test-support member, by its name.
private func memberID(_ admin: Etcd3Client, of member: EtcdMember) async throws -> UInt64 {
    let members = try await admin.members()
    return try #require(members.first { $0.name == member.name }?.id, "\(member.name) is not in \(members)")
}
