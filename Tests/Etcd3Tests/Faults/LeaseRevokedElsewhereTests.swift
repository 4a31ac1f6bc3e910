import Etcd3
import Etcd3TestSupport
import Testing

extension FaultScenarios {
    /// Ten leases on one client's stream; another client revokes one of them.
    ///
    /// The observation of the other nine is shortened from 20 s to 8 s (more than one TTL plus
    /// several refreshes).
    @Suite("A lease revoked by another client", .faultScenarioTimeLimit)
    struct LeaseRevokedElsewhere {
        @Test("the revoked lease reports not found ≤ TTL/3 + 0.5 s; the other 9 are unaffected")
        func revokedElsewhere() async throws {
            try await withEtcdCluster(members: 1, profile: .fast) { cluster in
                let configuration = clientConfiguration(for: cluster, endpoints: cluster.clientEndpoints)
                try await withEtcd3Client(configuration: configuration) { client in
                    try await withEtcd3Client(configuration: configuration) { other in
                        let ttl = Duration.seconds(6)
                        let log = KeepAliveLog()
                        let (leases, keepAlives) = try await log.grantAndFollow(10, ttl: ttl, keyPrefix: "/s12/", client: client)
                        try await Task.sleep(for: .seconds(1))
                        let victim = leases[3].id
                        try await other.revokeLease(victim)
                        let revoked = ContinuousClock.now
                        try await Task.sleep(for: .seconds(scenarioSize(8, soak: 20)))
                        let end = ContinuousClock.now
                        let losses = log.losses
                        let (lostAt, error) = try #require(losses[victim], "the revoke was not reported")
                        var others = 0
                        for (i, lease) in leases.enumerated() where lease.id != victim {
                            let acksAfter = log.acks(of: lease.id).filter { $0 > revoked }.count
                            if try await client.leaseTimeToLive(lease.id) != nil, try await client.get("/s12/\(i)") != nil,
                                acksAfter >= 3
                            {
                                others += 1
                            }
                        }
                        print(
                            "lease revoked elsewhere: revoked lease reported \(error.code) \(lostAt - revoked) after the revoke; "
                                + "\(losses.count) lost in all; \(others)/9 others alive with acks over \(end - revoked); "
                                + "largest ack gap of the others \(log.largestGap(until: end, excluding: victim))")
                        #expect(error.code == .leaseNotFound)
                        #expect(lostAt - revoked <= ttl / 3 + .milliseconds(500))
                        #expect(losses.count == 1)
                        #expect(others == 9)
                        for keepAlive in keepAlives { keepAlive.cancel() }
                    }
                }
            }
        }
    }
}
