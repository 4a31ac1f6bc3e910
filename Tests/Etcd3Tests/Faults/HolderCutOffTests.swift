import Etcd3
import Etcd3TestSupport
import Testing

extension FaultScenarios {
    /// A lock holder cut off from the cluster (its only endpoint blackholed both ways).
    @Suite("Lock holder cut off", .faultScenarioTimeLimit)
    struct HolderCutOff {
        /// One fenced write attempted with the cut-off holder's fence.
        struct Attempt: Sendable {
            var at: ContinuousClock.Instant
            var appliedAt: Int64?
        }

        @Test("withLock body cancelled ≤ last ack + TTL + 0.5 s, the next holder only after it, 0 fenced writes applied after the loss")
        func blackholed() async throws {
            let ttl = Duration.seconds(3)
            try await withEtcdCluster(members: 1, profile: .fast) { cluster in
                let proxy = try EtcdFaultProxy(inFrontOf: cluster[0])
                defer { proxy.stop() }
                var cutOff = clientConfiguration(for: cluster, endpoints: [proxy.endpoint])
                cutOff.keepAlive.interval = .seconds(1)
                cutOff.keepAlive.timeout = .seconds(1)
                let direct = clientConfiguration(for: cluster, endpoints: cluster.clientEndpoints)
                try await withEtcd3Client(configuration: cutOff) { holderClient in
                    try await withEtcd3Client(configuration: direct) { client in
                        let run = EtcdBytes("/holder-cut-off/\(UInt64.random(in: 0...UInt64.max))/")
                        let session = try await holderClient.session(ttl: ttl)
                        let log = KeepAliveLog()
                        // A second holder of the lease on the same stream, to see its acks.
                        log.follow(holderClient.keepAlive(session.lease, ttl: session.ttl))
                        let held = Locked<EtcdLock?>(nil)
                        let cancelledAt = Locked<ContinuousClock.Instant?>(nil)
                        let holder = Task {
                            try await holderClient.withLock(run + "lock", session: session) { lock in
                                held.withLock { $0 = lock }
                                do {
                                    try await Task.sleep(for: .seconds(60))
                                } catch {
                                    cancelledAt.withLock { $0 = .now }
                                    throw error
                                }
                            }
                        }
                        while held.withLock({ $0 }) == nil || log.acks(of: session.lease).count < 2 {
                            try await Task.sleep(for: .milliseconds(20))
                        }
                        let old = try #require(held.withLock { $0 })

                        let contender = try await client.session(ttl: .seconds(10))
                        let acquiredAt = Locked<ContinuousClock.Instant?>(nil)
                        let next = Task {
                            let lock = try await client.lock(run + "lock", session: contender, timeout: .seconds(30))
                            acquiredAt.withLock { $0 = .now }
                            try await lock.put(run + "data", "next holder")
                            return lock
                        }
                        // The old key's deletion, as the server ordered it.
                        let deletion = Task { () throws -> (ContinuousClock.Instant, Int64) in
                            for try await event in client.watch(
                                old.key, options: EtcdWatchOptions(startRevision: old.header.revision + 1, filterPuts: true))
                            {
                                return (.now, event.kv.modRevision)
                            }
                            throw EtcdError(.cancelled, "the watch ended")
                        }
                        try await Task.sleep(for: .milliseconds(300))
                        #expect(acquiredAt.withLock { $0 } == nil)

                        proxy.blackhole(.both)
                        let blackholedAt = ContinuousClock.now
                        var thrown: EtcdError?
                        do {
                            try await holder.value
                        } catch let error as EtcdError {
                            thrown = error
                        }
                        // The holder goes on writing with its fence, unaware (or ignoring its
                        // cancellation), through a connection that still works.
                        var attempts: [Attempt] = []
                        while acquiredAt.withLock({ $0 }).map({ ContinuousClock.now < $0 + .seconds(1) }) ?? true {
                            let at = ContinuousClock.now
                            let result = try await client.transaction(
                                compare: [old.fenceCompare], success: [.put(run + "data", "stale \(attempts.count)")])
                            attempts.append(Attempt(at: at, appliedAt: result.succeeded ? result.header.revision : nil))
                            try await Task.sleep(for: .milliseconds(20))
                        }
                        let newer = try await next.value
                        let (deletedAt, deletedRevision) = try await waitFor(
                            deletion, within: .seconds(60), "the cut-off holder's key's deletion")
                        proxy.heal()

                        let lastAck = try #require(log.acks(of: session.lease).last)
                        let cancelled = try #require(cancelledAt.withLock { $0 }, "the body was not cancelled")
                        let acquired = try #require(acquiredAt.withLock { $0 })
                        let beforeDeletion = attempts.filter { $0.at < deletedAt }
                        let afterDeletion = attempts.filter { $0.at >= deletedAt }
                        let afterTakeover = attempts.filter { $0.at >= acquired }
                        let applied = attempts.compactMap(\.appliedAt)
                        print(
                            "Holder cut off (TTL \(ttl)): body cancelled \(cancelled - lastAck) after the last ack "
                                + "(\(cancelled - blackholedAt) after the blackhole), withLock threw \(String(describing: thrown?.code)); "
                                + "key deleted \(deletedAt - cancelled) and next holder in \(acquired - cancelled) after the cancellation; "
                                + "stale fenced writes: \(beforeDeletion.count) attempted before the deletion was seen "
                                + "(\(beforeDeletion.filter { $0.appliedAt != nil }.count) applied, the lock still the holder's), "
                                + "\(afterDeletion.count) after it (\(afterDeletion.filter { $0.appliedAt != nil }.count) applied), "
                                + "\(afterTakeover.count) after the takeover (\(afterTakeover.filter { $0.appliedAt != nil }.count) applied)"
                        )
                        #expect(thrown?.code == .lockLost)
                        #expect(cancelled - lastAck <= ttl + .milliseconds(500))
                        #expect(acquired > cancelled, "the next holder got the lock before the old one's body was cancelled")
                        #expect(newer.fence > old.fence)
                        #expect(afterDeletion.allSatisfy { $0.appliedAt == nil })
                        #expect(applied.allSatisfy { $0 < deletedRevision })
                        #expect(afterTakeover.count >= 10)
                        #expect(try await client.get(run + "data")?.value == "next holder")
                        try await newer.release()
                        await contender.close()
                        await session.close()
                    }
                }
            }
        }
    }
}
