import Etcd3
import Etcd3TestSupport
import Testing

extension FaultScenarios {
    /// A client closed while it is busy: 100 calls in flight (Lock calls the server holds
    /// because another client has the lock), 100 watches and 10 `withLease` scopes. Closing must
    /// end everything at once and leave nothing behind, on the server or in the process.
    @Suite("Closing a busy client", .faultScenarioTimeLimit)
    struct ShutdownUnderLoad {
        @Test(
            "in-flight calls end within 1 s, scoped leases are revoked within 1 s, the server's watchers are gone within 2 s, descriptors back to baseline",
            arguments: EtcdBinary.required)
        func closeUnderLoad(binary: EtcdBinary) async throws {
            try await withEtcdCluster(members: 1, binary: binary, profile: .fast) { cluster in
                let configuration = clientConfiguration(for: cluster, endpoints: cluster.clientEndpoints)
                try await withEtcd3Client(configuration: configuration) { observer in
                    // The server answers a Lock call only when the lock is free: the observer
                    // holds it, so the client's Lock calls below stay in flight. Taken before the
                    // baseline, so that the observer's connections are counted in it.
                    let held = try await observer.lock("/shutdown/lock", ttl: .seconds(30))
                    let baseline = try await StreamHygiene.counts(cluster)
                    let descriptors = StreamHygiene.descriptors()

                    // The client lives only inside `closeBusyClient`: once it returns, nothing
                    // holds the client, so its descriptors must all be closed.
                    let run = try await closeBusyClient(configuration: configuration, cluster: cluster, baseline: baseline)
                    let (closing, closed, callEnds, callErrors, watchErrors) = (
                        run.closing, run.closed, run.callEnds, run.callErrors, run.watchErrors
                    )
                    let (serverOwnWatchers, serverOwnStreams) = (run.serverOwnWatchers, run.serverOwnStreams)

                    var revokedWithin: Duration?
                    let ids = run.leases
                    while ContinuousClock.now - closing < .seconds(5) {
                        var alive = 0
                        for id in ids {
                            do {
                                if try await observer.leaseTimeToLive(id) != nil { alive += 1 }
                            } catch {
                                alive += 1  // unknown: not proven revoked
                            }
                        }
                        if alive == 0 {
                            revokedWithin = ContinuousClock.now - closing
                            break
                        }
                        try await Task.sleep(for: .milliseconds(20))
                    }
                    var watchersGoneWithin: Duration?
                    while ContinuousClock.now - closing < .seconds(10) {
                        let counts = try await StreamHygiene.counts(cluster)
                        if counts.watchers <= baseline.watchers + serverOwnWatchers,
                            counts.watchStreams <= baseline.watchStreams + serverOwnStreams
                        {
                            watchersGoneWithin = ContinuousClock.now - closing
                            break
                        }
                        try await Task.sleep(for: .milliseconds(20))
                    }
                    try await held.release()
                    var descriptorsAfter = StreamHygiene.descriptors()
                    while descriptorsAfter > descriptors, ContinuousClock.now - closing < .seconds(5) {
                        try await Task.sleep(for: .milliseconds(20))
                        descriptorsAfter = StreamHygiene.descriptors()
                    }
                    print(
                        "closing a busy client, \(binary.fullVersion): close() took \(closed); calls \(callErrors.sorted { $0.key < $1.key }), "
                            + "the last ended \(callEnds.max() ?? .zero) after close began; watches \(watchErrors.sorted { $0.key < $1.key }); "
                            + "leases revoked within \(revokedWithin.map { "\($0)" } ?? "never"); server watchers gone within "
                            + "\(watchersGoneWithin.map { "\($0)" } ?? "never") (the server's own for the Lock calls: \(serverOwnWatchers) watchers, "
                            + "\(serverOwnStreams) streams); descriptors \(descriptors) before, \(descriptorsAfter) after")
                    #expect(callEnds.allSatisfy { $0 <= .seconds(1) })
                    #expect(callErrors.keys.allSatisfy { $0 == "cancelled" || $0 == "closed" }, "\(callErrors)")
                    #expect(watchErrors.keys.allSatisfy { $0 == "cancelled" || $0 == "closed" }, "\(watchErrors)")
                    #expect(revokedWithin.map { $0 <= .seconds(1) } == true)
                    #expect(watchersGoneWithin.map { $0 <= .seconds(2) } == true)
                    #expect(descriptorsAfter <= descriptors)
                }
            }
        }

        struct ClosedRun {
            var closing: ContinuousClock.Instant
            var closed: Duration
            var callEnds: [Duration] = []
            var callErrors: [String: Int] = [:]
            var watchErrors: [String: Int] = [:]
            var leases: [EtcdLeaseID]
            var serverOwnWatchers: Double
            var serverOwnStreams: Double
        }

        /// Opens a client, makes it busy (lease scopes, watches, Lock calls the server holds),
        /// closes it and waits for everything it ran to end.
        private func closeBusyClient(
            configuration: Etcd3Client.Configuration, cluster: EtcdCluster, baseline: StreamHygiene.ServerCounts
        ) async throws -> ClosedRun {
            let client = try await Etcd3Client(configuration: configuration)
            let leases = Locked<[EtcdLeaseID]>([])
            let scopes = (0..<10).map { _ in
                Task {
                    try await client.withLease(ttl: .seconds(30)) { lease in
                        leases.withLock { $0.append(lease.id) }
                        try await Task.sleep(for: .seconds(3600))
                    }
                }
            }
            let watches = (0..<100).map { index in
                Task { () -> EtcdError? in
                    do {
                        for try await _ in client.watch(EtcdBytes("/shutdown/w\(index)")) {}
                        return nil
                    } catch {
                        return error as? EtcdError
                    }
                }
            }
            let ready = ContinuousClock.now + .seconds(10)
            while ContinuousClock.now < ready {
                let watchers = try await StreamHygiene.counts(cluster).watchers
                if watchers >= baseline.watchers + 100, leases.withLock({ $0.count }) == 10 { break }
                try await Task.sleep(for: .milliseconds(20))
            }
            try #require(leases.withLock { $0.count } == 10, "the lease scopes did not start within 10 s")
            try #require(
                try await StreamHygiene.counts(cluster).watchers >= baseline.watchers + 100,
                "the watches were not created within 10 s")

            // The server waits for Lock calls with watches of its own: they are counted
            // apart from the client's.
            let beforeLocks = try await StreamHygiene.counts(cluster)
            let waiting = try await client.grantLease(ttl: .seconds(30))
            let calls = (0..<100).map { _ in
                Task { () -> (EtcdError?, ContinuousClock.Instant) in
                    do {
                        _ = try await client.lockService.lock("/shutdown/lock", lease: waiting.id, timeout: .seconds(60))
                        return (nil, .now)
                    } catch {
                        return (error as? EtcdError, .now)
                    }
                }
            }
            try await Task.sleep(for: .milliseconds(500))  // sent and held by the server
            let afterLocks = try await StreamHygiene.counts(cluster)
            let serverOwnWatchers = afterLocks.watchers - beforeLocks.watchers
            let serverOwnStreams = afterLocks.watchStreams - beforeLocks.watchStreams

            let closing = ContinuousClock.now
            await client.close()
            let closed = ContinuousClock.now - closing
            var callEnds: [Duration] = []
            var callErrors: [String: Int] = [:]
            for call in calls {
                let (error, at) = try await waitFor(Task { await call.value }, within: .seconds(10), "an in-flight call's end")
                callEnds.append(at - closing)
                callErrors[error.map { "\($0.code)" } ?? "answered", default: 0] += 1
            }
            var watchErrors: [String: Int] = [:]
            for watch in watches {
                let error = try await waitFor(Task { await watch.value }, within: .seconds(10), "a watch's end")
                watchErrors[error.map { "\($0.code)" } ?? "finished", default: 0] += 1
            }
            for scope in scopes { _ = await scope.result }
            return ClosedRun(
                closing: closing, closed: closed, callEnds: callEnds, callErrors: callErrors, watchErrors: watchErrors,
                leases: leases.withLock { $0 }, serverOwnWatchers: serverOwnWatchers, serverOwnStreams: serverOwnStreams)
        }
    }
}
