import Etcd3
import Etcd3TestSupport
import Testing

extension FaultScenarios {
    /// 50 leases kept alive on one client while the leader is killed again and again.
    ///
    /// Scaled down from 10 leader kills to 5 to keep the suite short (each kill is followed by
    /// a restart of the killed member 1 s later, so the cluster keeps its quorum); the pass
    /// criteria are unchanged. `ETCD3_SOAK=1` runs the full 10 kills.
    @Suite("Lease keep-alives over leader kills", .faultScenarioTimeLimit)
    struct LeaseOverLeaderKills {
        @Test("50 leases, TTL 5 s, 5 leader kills: 0 expire, 0 lost, ack gaps ≤ 3.5 s")
        func leaderKills() async throws {
            try await withEtcdCluster(members: 3, profile: .fast) { cluster in
                var configuration = clientConfiguration(for: cluster, endpoints: cluster.clientEndpoints)
                configuration.keepAlive.interval = .seconds(1)
                configuration.keepAlive.timeout = .seconds(1)
                try await withEtcd3Client(configuration: configuration) { client in
                    let log = KeepAliveLog()
                    let (leases, keepAlives) = try await log.grantAndFollow(50, ttl: .seconds(5), keyPrefix: "/s9/", client: client)
                    try await Task.sleep(for: .seconds(2))
                    var kills: [Int] = []
                    for _ in 0..<scenarioSize(5, soak: 10) {
                        let killedAt = ContinuousClock.now
                        let leader = try await cluster.waitForLeader()
                        kills.append(leader)
                        await cluster[leader].kill()
                        try await Task.sleep(for: .seconds(1))
                        try await cluster[leader].restart()
                        try await Task.sleep(until: killedAt + .seconds(4), clock: .continuous)
                    }
                    _ = try await cluster.waitForLeader()
                    try await Task.sleep(for: .seconds(2))
                    let end = ContinuousClock.now
                    let gap = log.largestGap(until: end)
                    var alive = 0
                    var keys = 0
                    for (i, lease) in leases.enumerated() {
                        if let left = try await client.leaseTimeToLive(lease.id), left.remaining > .zero { alive += 1 }
                        if try await client.get("/s9/\(i)") != nil { keys += 1 }
                    }
                    let losses = log.losses
                    print(
                        "leases over leader kills: killed leaders \(kills); \(alive)/50 leases alive, \(keys)/50 keys, \(losses.count) lost "
                            + "\(losses.values.map { "\($0.1.code)" }), largest ack gap \(gap)")
                    #expect(losses.isEmpty, "\(losses.values.map(\.1))")
                    #expect(alive == 50)
                    #expect(keys == 50)
                    #expect(gap <= .milliseconds(3500))
                    for keepAlive in keepAlives { keepAlive.cancel() }
                    for lease in leases { try await client.revokeLease(lease.id) }
                }
            }
        }
    }
}
