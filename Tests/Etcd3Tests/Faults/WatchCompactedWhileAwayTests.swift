import Etcd3TestSupport
import Testing

@testable import Etcd3

/// The history a watch needs is compacted while its connection is blackholed.
extension FaultScenarios {
    @Suite("A watch resumes after its history was compacted while it was away", .faultScenarioTimeLimit)
    struct WatchCompactedWhileAway {
        @Test("exactly one terminal .compacted with the server's revision, no resume loop")
        func compactedWhileAway() async throws {
            try await withProxiedWatchCluster(members: 1) { configuration in
                // PINGs find the silent connection (the fast profile allows 500 ms).
                configuration.keepAlive.interval = .seconds(1)
                configuration.keepAlive.timeout = .seconds(1)
                configuration.connectTimeout = .seconds(1)
            } _: { _, proxies, writer, watcher in
                let proxy = proxies[0]
                let start = try await writer.put("/s3/0", "0").header.revision
                let recorder = WatchRecorder()
                let consumer = Task {
                    await recorder.consume(
                        watcher.watchPrefix("/s3/", options: EtcdWatchOptions(startRevision: start)))
                }
                for i in 1...10 { try await writer.put("/s3/\(i)", "\(i)") }
                #expect(await recorder.wait(timeout: .seconds(5)) { $0.eventCount == 11 })

                proxy.blackhole(.both)
                let blackholed = ContinuousClock.now
                // 1,000 puts, 8 at a time, then a compaction to the current revision.
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for worker in 0..<8 {
                        group.addTask {
                            for i in stride(from: worker, to: 1_000, by: 8) {
                                try await writer.put("/s3/x\(i)", "\(i)")
                            }
                        }
                    }
                    try await group.waitForAll()
                }
                let current = try await writer.put("/s3/last", "").header.revision
                _ = try await writer.compact(current)
                let putsTook = ContinuousClock.now - blackholed
                try await Task.sleep(until: blackholed + .seconds(3), clock: .continuous)
                let createsBeforeHeal = watcher.watches.statistics.createsSent
                let healed = ContinuousClock.now
                proxy.heal()
                let ended = await recorder.wait(timeout: .seconds(10)) { $0.hasEnded }
                let endedAfter = ContinuousClock.now - healed
                let createsAtEnd = watcher.watches.statistics.createsSent
                try await Task.sleep(for: .seconds(1))
                let createsLater = watcher.watches.statistics.createsSent
                consumer.cancel()
                await consumer.value

                let error = recorder.ending as? EtcdError
                let belowAfterHeal = recorder.batches.filter { $0.time > healed }.flatMap(\.events)
                    .filter { $0.revision < current }.count
                print(
                    "watch compacted while away: 1,000 puts + compact(\(current)) in \(putsTook) while blackholed; the watch ended "
                        + "\(endedAfter) after the heal with \(String(describing: error)); "
                        + "compactRevision \(String(describing: error?.compactRevision)); "
                        + "\(recorder.eventCount) events, \(belowAfterHeal) below it after the heal; creates sent: "
                        + "\(createsBeforeHeal) before the heal, \(createsAtEnd - createsBeforeHeal) from heal to the end, "
                        + "\(createsLater - createsAtEnd) in the second after it")
                #expect(ended)
                #expect(error?.code == .compacted)
                #expect(error?.compactRevision == current)
                #expect(belowAfterHeal == 0)
                #expect(recorder.eventCount == 11)
                #expect(createsAtEnd - createsBeforeHeal <= 1)
                #expect(createsLater == createsAtEnd)
            }
        }
    }
}
