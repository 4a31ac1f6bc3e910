import Etcd3
import Etcd3TestSupport
import Logging
import Testing

extension FaultScenarios {
    /// Serializable reads never go back in time while a member lags (`Docs/KV.md`, "Monotonic
    /// reads").
    @Suite("Monotonic reads", .faultScenarioTimeLimit)
    struct MonotonicReads {
        @Test(
            "a follower paused 5 s during 1,000 round-robin serializable gets with writes going on: 0 answers below a revision already returned",
            arguments: EtcdBinary.required)
        func pausedFollower(binary: EtcdBinary) async throws {
            let gets = 1_000
            let pauseAfter = gets * 3 / 10
            try await withEtcdCluster(members: 3, binary: binary, profile: .fast) { cluster in
                let leader = try await cluster.waitForLeader()
                let follower = (leader + 1) % 3
                let (logger, log) = CapturingLogHandler.logger()
                var readerConfiguration = clientConfiguration(for: cluster, endpoints: cluster.clientEndpoints)
                readerConfiguration.logger = logger
                // Writes go to the leader only, never to the paused member.
                let writerConfiguration = clientConfiguration(for: cluster, endpoints: [cluster[leader].clientEndpoint])
                let recorder = ReadOrderRecorder()
                let key = EtcdBytes("/monotonic-fault/\(UInt64.random(in: 0...UInt64.max))")
                let latestWrite = Locked<Int64>(0)
                let maxLagBehindWrites = Locked<Int64>(0)
                let tickets = Locked(0)
                let writes = Tally()
                let stop = Flag()
                let pausedFor = Locked<Duration>(.zero)
                try await withEtcd3Client(configuration: writerConfiguration) { writer in
                    try await withEtcd3Client(configuration: readerConfiguration) { reader in
                        try await withThrowingTaskGroup(of: Void.self) { group in
                            group.addTask {
                                var i = 0
                                while !stop.isSet {
                                    i += 1
                                    await writes.record {
                                        let revision = try await writer.put(key, "\(i)").header.revision
                                        latestWrite.withLock { $0 = max($0, revision) }
                                    }
                                    try? await Task.sleep(for: .milliseconds(5))
                                }
                            }
                            for _ in 0..<8 {
                                group.addTask {
                                    while tickets.withLock({ ticket in
                                        ticket += 1
                                        return ticket <= gets
                                    }) {
                                        await recorder.read {
                                            () async throws(EtcdError) -> Int64 in
                                            let revision = try await reader.range(
                                                key, end: nil, options: .serializableRead
                                            ).header.revision
                                            let lag = latestWrite.withLock { $0 } - revision
                                            maxLagBehindWrites.withLock { $0 = max($0, lag) }
                                            return revision
                                        }
                                        try? await Task.sleep(for: .milliseconds(Int.random(in: 2...6)))
                                    }
                                }
                            }
                            // The pause, once 30 % of the gets have started.
                            let waitLimit = ContinuousClock.now + .seconds(30)
                            while tickets.withLock({ $0 }) < pauseAfter {
                                guard ContinuousClock.now < waitLimit else {
                                    stop.set()
                                    Issue.record("the readers never reached \(pauseAfter) gets")
                                    throw CancellationError()
                                }
                                try await Task.sleep(for: .milliseconds(5))
                            }
                            try cluster[follower].pause()
                            let pausedAt = ContinuousClock.now
                            try? await Task.sleep(for: .seconds(5))
                            try cluster[follower].resume()
                            pausedFor.withLock { $0 = .now - pausedAt }
                            // Every get has a deadline (the client's request timeout), so the
                            // readers end; the writer then stops.
                            let endLimit = ContinuousClock.now + .seconds(60)
                            while tickets.withLock({ $0 }) < gets + 8 {
                                guard ContinuousClock.now < endLimit else {
                                    stop.set()
                                    Issue.record("the readers did not finish within 60 s of the resume")
                                    throw CancellationError()
                                }
                                try await Task.sleep(for: .milliseconds(10))
                            }
                            try await Task.sleep(for: .milliseconds(200))
                            stop.set()
                            try await group.waitForAll()
                        }
                    }
                }
                let figures = recorder.figures
                let refused = log.all.filter { $0.1.contains("etcd read answered below the revision floor") }
                let maxRefusedLag =
                    refused.compactMap { line -> Int64? in
                        guard case .string(let floor)? = line.2["etcd.floor"], case .string(let revision)? = line.2["etcd.revision"],
                            let floorValue = Int64(floor), let revisionValue = Int64(revision)
                        else { return nil }
                        return floorValue - revisionValue
                    }.max() ?? 0
                print(
                    "monotonic reads, etcd \(binary.fullVersion): follower paused \(pausedFor.withLock { $0 }); \(gets) gets: "
                        + "\(figures); stale answers retried \(refused.count), the stalest \(maxRefusedLag) revisions "
                        + "below the floor; the stalest read returned was \(maxLagBehindWrites.withLock { $0 }) revisions "
                        + "behind the last acknowledged write (a read that began before any newer one returned); writes ok \(writes.ok), errors \(writes.errors.map(\.code))"
                )
                #expect(figures.violations.isEmpty, "\(figures)")
                #expect(figures.returned + figures.staleReads + figures.otherErrors.count == gets)
                #expect(figures.otherErrors.isEmpty, "\(figures.otherErrors)")
                // Calls that only found stale members may fail, but not many.
                #expect(figures.staleReads <= gets / 100, "\(figures)")
                // The paused follower answered from its old state after it resumed, and the
                // guard refused it: otherwise the scenario proved nothing.
                #expect(!refused.isEmpty, "no stale answer was seen")
                #expect(writes.errors.isEmpty, "\(writes.errors)")
            }
        }
    }
}
