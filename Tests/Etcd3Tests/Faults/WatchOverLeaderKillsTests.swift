import Etcd3
import Etcd3TestSupport
import Testing

/// One prefix watch while the leader is SIGKILLed and restarted over and over.
///
/// Scaled down to stay near 20 s: 6 kills instead of 20 and about 3,500 keys instead of 10,000,
/// at the same 250 puts/s and the same 2 s kill period; the criteria are unchanged. Puts that
/// fail (in flight to the killed leader, or waiting out the election) are in the history only
/// if they were applied. `ETCD3_SOAK=1` runs the full 20 kills.
extension FaultScenarios {
    @Suite("A watch over leader kills", .faultScenarioTimeLimit)
    struct WatchOverLeaderKills {
        @Test("0 lost, 0 dup, 0 out-of-order, 0 split-revision; resume p99 ≤ 3 s")
        func leaderKills() async throws {
            try await withEtcdCluster(members: 3, profile: .fast) { cluster in
                var configuration = clientConfiguration(for: cluster, endpoints: cluster.clientEndpoints)
                configuration.keepAlive.interval = .seconds(1)
                configuration.keepAlive.timeout = .seconds(1)
                try await withEtcd3Client(configuration: configuration) { writer in
                    try await withEtcd3Client(configuration: configuration) { watcher in
                        let start = try await writer.put("/s1-start", "").header.revision
                        let recorder = WatchRecorder()
                        let watch = watcher.watchPrefix("/s1/", options: EtcdWatchOptions(startRevision: start + 1))
                        let consumer = Task { await recorder.consume(watch) }
                        let puts = Tally()
                        let stop = Flag()
                        var kills: [ContinuousClock.Instant] = []
                        try await withThrowingTaskGroup(of: Void.self) { group in
                            // 250 puts/s.
                            group.addTask {
                                try await pacedPuts(
                                    writer, prefix: "/s1/", every: .milliseconds(4), until: stop, into: puts)
                            }
                            try await Task.sleep(for: .milliseconds(500))
                            for _ in 0..<scenarioSize(6, soak: 20) {
                                let leader = try await cluster.waitForLeader()
                                kills.append(.now)
                                await cluster[leader].kill()
                                try await Task.sleep(for: .seconds(1))
                                try await cluster[leader].restart()
                                try await Task.sleep(for: .seconds(1))
                            }
                            try await Task.sleep(for: .milliseconds(1500))
                            stop.set()
                            try await group.waitForAll()
                        }
                        let history = try await writeOnceHistory(writer, prefix: "/s1/")
                        let writesEnded = ContinuousClock.now
                        let complete = await recorder.wait(timeout: .seconds(10)) { $0.eventCount >= history.count }
                        let finishedAfter = ContinuousClock.now - writesEnded
                        consumer.cancel()
                        await consumer.value
                        let check = recorder.check(history: history)
                        let resumes = kills.compactMap { kill in recorder.firstBatch(after: kill).map { $0 - kill } }
                        let p99 = quantile(resumes, 0.99) ?? .seconds(999)
                        print(
                            "watch over leader kills: \(kills.count) leader kills, \(puts.total) puts: \(puts.ok) acknowledged, "
                                + "\(puts.errors.count) failed \(Set(puts.errors.map(\.code))), \(history.count) in the history; "
                                + "watch delivered \(recorder.eventCount) in \(recorder.batches.count) batches, "
                                + "\(recorder.resumes.count) resumes; \(check); finished \(finishedAfter) after the writes; "
                                + "resume times \(resumes.map { ($0.seconds * 1000).rounded() }) ms, p99 \(p99)")
                        #expect(complete, "the watch must deliver the whole history within 10 s")
                        #expect(check.isClean, "\(check)")
                        // Every acknowledged put is in the history, hence seen by the watch.
                        #expect(history.count >= puts.ok)
                        #expect(
                            puts.errors.allSatisfy { isWriteFaultOutcome($0) || $0.code == .deadlineExceeded },
                            "unexpected: \(puts.errors.filter { !(isWriteFaultOutcome($0) || $0.code == .deadlineExceeded) })")
                        #expect(recorder.ending == nil, "\(String(describing: recorder.ending))")
                        #expect(resumes.count == kills.count)
                        #expect(p99 <= .seconds(3))
                    }
                }
            }
        }
    }
}
