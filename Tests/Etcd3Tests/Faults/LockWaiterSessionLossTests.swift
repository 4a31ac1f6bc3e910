import Etcd3
import Etcd3TestSupport
import Testing

extension FaultScenarios {
    /// A waiter's session is revoked while another session holds the lock: the waiter must stop
    /// at once with the loss (etcd's Go client waits until the holder ahead of it leaves), and
    /// the holder must keep the lock.
    @Suite("Lock waiters whose session is lost", .faultScenarioTimeLimit)
    struct LockWaiterSessionLoss {
        @Test("10 waiters' leases revoked: each fails with leaseNotFound within 1 s; the holder still holds")
        func revokedWaiters() async throws {
            try await withEtcdCluster(members: 3, profile: .fast) { cluster in
                try await withEtcd3Client(configuration: clientConfiguration(for: cluster, endpoints: cluster.clientEndpoints)) { client in
                    let name = EtcdBytes("/waiter-loss/\(UInt32.random(in: 0...UInt32.max))")
                    let holder = try await client.session(ttl: .seconds(30))
                    let held = try await client.lock(name, session: holder)
                    var delays: [Duration] = []
                    for _ in 0..<10 {
                        // TTL 30 s: the next refresh, 10 s away, cannot be what reports the loss.
                        let waiter = try await client.session(ttl: .seconds(30))
                        let waiting = Task { try await client.lock(name, session: waiter) }
                        // Wait until the waiter's key is in line.
                        while try await client.count(prefix: name + "/") < 2 { try await Task.sleep(for: .milliseconds(10)) }
                        let revokedAt = ContinuousClock.now
                        try await client.revokeLease(waiter.lease)
                        let result = await waiting.result
                        delays.append(ContinuousClock.now - revokedAt)
                        #expect((result.error as? EtcdError)?.code == .leaseNotFound, "\(result)")
                        await waiter.close()
                    }
                    #expect(try await held.isHeld())
                    let worst = delays.max() ?? .zero
                    print("waiter session loss: worst \(worst), delays \(delays)")
                    #expect(worst <= .seconds(1), "delays: \(delays)")
                    try await held.release()
                    await holder.close()
                }
            }
        }
    }
}

extension Result {
    fileprivate var error: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
