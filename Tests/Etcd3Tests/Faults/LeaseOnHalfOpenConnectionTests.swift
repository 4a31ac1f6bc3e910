import Etcd3
import Etcd3TestSupport
import Testing

extension FaultScenarios {
    /// The only endpoint goes silent (blackholed both ways, TCP kept open) while a
    /// `withLease` scope holds a lease.
    @Suite("Lease loss detected on a half-open connection", .faultScenarioTimeLimit)
    struct LeaseOnHalfOpenConnection {
        /// With 1 s PINGs the client drops the silent connection and keeps dialling it (sends
        /// wait for a new stream); with PINGs off the connection looks alive throughout, so the
        /// keep-alive schedule itself is what keeps sending (and reopening the stream).
        @Test(
            "loss ≤ TTL + 0.5 s after the last ack, body cancelled ≤ 100 ms later, ≤ 3 sends/s",
            arguments: [Duration.seconds(1), nil])
        func blackhole(pingInterval: Duration?) async throws {
            try await withEtcdCluster(members: 1, profile: .fast) { cluster in
                let proxy = try EtcdFaultProxy(inFrontOf: cluster[0])
                defer { proxy.stop() }
                let (logger, captured) = CapturingLogHandler.logger()
                var configuration = clientConfiguration(for: cluster, endpoints: [proxy.endpoint])
                configuration.keepAlive.interval = pingInterval
                configuration.keepAlive.timeout = .seconds(1)
                configuration.logger = logger
                try await withEtcd3Client(configuration: configuration) { client in
                    let log = KeepAliveLog()
                    let blackholedAt = Locked<ContinuousClock.Instant?>(nil)
                    let cancelledAt = Locked<ContinuousClock.Instant?>(nil)
                    let leaseID = Locked<EtcdLeaseID?>(nil)
                    var thrown: EtcdError?
                    do {
                        try await client.withLease(ttl: .seconds(5)) { lease in
                            leaseID.withLock { $0 = lease.id }
                            // A second holder of the same lease, outside the scope's task, to
                            // see the acks and the moment of the loss.
                            log.follow(client.keepAlive(lease))
                            while log.acks(of: lease.id).count < 2 { try await Task.sleep(for: .milliseconds(20)) }
                            proxy.blackhole(.both)
                            blackholedAt.withLock { $0 = .now }
                            do {
                                try await Task.sleep(for: .seconds(30))
                            } catch {
                                cancelledAt.withLock { $0 = .now }
                                throw error
                            }
                        }
                    } catch let error as EtcdError {
                        thrown = error
                    }
                    proxy.heal()
                    let id = try #require(leaseID.withLock { $0 })
                    let blackholed = try #require(blackholedAt.withLock { $0 })
                    let lastAck = try #require(log.acks(of: id).last)
                    let (lostAt, lossError) = try #require(log.losses[id], "the loss was not signalled")
                    let cancelled = try #require(cancelledAt.withLock { $0 }, "the body was not cancelled")
                    let sends = captured.all.filter { $0.1 == "etcd lease keep-alive sent" && $0.0 >= blackholed && $0.0 <= lostAt }
                        .map(\.0)
                    let outage = lostAt - blackholed
                    let perSecond = (0..<Int(outage.seconds.rounded(.up))).map { second in
                        sends.filter { $0 >= blackholed + .seconds(second) && $0 < blackholed + .seconds(second + 1) }.count
                    }
                    print(
                        "lease on a half-open connection (PINGs every \(String(describing: pingInterval))): loss (\(lossError.code)) signalled \(lostAt - lastAck) after the last ack, "
                            + "body cancelled \(cancelled - lostAt) after the signal; \(sends.count) keep-alive sends "
                            + "in \(outage) of outage, per second \(perSecond); \(proxy.stats.acceptedConnections) "
                            + "connections accepted; withLease threw \(String(describing: thrown?.code))")
                    #expect(lossError.code == .leaseExpired)
                    #expect(thrown?.code == .leaseExpired)
                    #expect(lostAt - lastAck <= .milliseconds(5500))
                    #expect(lostAt - lastAck >= .seconds(3), "not declared before the lease could have run out")
                    #expect(cancelled - lostAt <= .milliseconds(100))
                    #expect(perSecond.allSatisfy { $0 <= 3 }, "\(perSecond)")
                }
            }
        }
    }
}
