import Etcd3TestSupport
import Testing

@testable import Etcd3

extension FaultScenarios {
    /// `run()` of a client made with `init(startingInRun:)` is cancelled while a `withLease`
    /// scope is open and the server does not answer: the scoped revoke must give up at its
    /// deadline instead of holding `run()`. A timing bar, so it runs with the fault scenarios,
    /// one at a time (in the parallel main phase, scheduling delays of the shared cooperative
    /// threads add seconds to it).
    @Suite("run() cancelled while the server does not answer", .faultScenarioTimeLimit)
    struct CancelledRunWithUnansweredRevoke {
        @Test("the revoke gives up at its 2 s deadline, run() returns, and the lease is left to its TTL")
        func revokeGivesUpAtItsDeadline() async throws {
            try await withEtcdCluster(members: 1, profile: .fast) { cluster in
                let proxy = try EtcdFaultProxy(inFrontOf: cluster[0])
                defer { proxy.stop() }
                let client = try Etcd3Client(
                    startingInRun: clientConfiguration(for: cluster, endpoints: [proxy.endpoint]))
                let scoped = GrantedLeaseID()
                let running = Task { try await client.run() }
                let scope = Task {
                    try await client.withLease(ttl: .seconds(60)) { lease in
                        scoped.withLock { $0 = lease.id }
                        try await Task.sleep(for: .seconds(120))
                    }
                }
                let id = try await GrantedLeaseID.waitForAll([scoped])[0]
                proxy.blackhole(.both)
                let start = ContinuousClock.now
                running.cancel()
                _ = try await waitFor(running, within: .seconds(10), "the cancelled run()")
                let returned = ContinuousClock.now - start
                _ = await scope.result
                print("run() cancelled while the server does not answer: returned in \(returned)")
                #expect(returned >= .seconds(1) && returned < .seconds(4), "run() returned after \(returned)")
                #expect(client.core.background.hasEnded)
                #expect(client.core.background.runningJobs == 0)
                proxy.heal()
                // Not revoked: the lease is still there, left to its TTL.
                let direct = clientConfiguration(for: cluster, endpoints: cluster.clientEndpoints)
                let left = try await withEtcd3Client(configuration: direct) { other in
                    try await other.leaseTimeToLive(id)
                }
                #expect(left != nil, "the lease \(id) was revoked")
            }
        }
    }
}
