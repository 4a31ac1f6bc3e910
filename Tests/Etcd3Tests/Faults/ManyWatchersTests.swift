import Etcd3TestSupport
import Testing

@testable import Etcd3

/// 1,000 single-key watchers multiplexed on one client's Watch stream, whose connections
/// are reset again and again.
///
/// Scaled down from 10 drops and 10,000 puts to 5 drops (3 s apart) and about 2,000 puts, so
/// it takes about 20 s; the watcher count and the criteria are unchanged. `ETCD3_SOAK=1` runs
/// the full 10 drops.
extension FaultScenarios {
    @Suite("1,000 watchers multiplexed on one stream", .faultScenarioTimeLimit)
    struct ManyWatchers {
        @Test("0 lost, 0 dup; all re-established ≤ 5 s after each reconnect; ≤ 1 create in flight")
        func manyWatchers() async throws {
            let drops = scenarioSize(5, soak: 10)
            let count = 1_000
            try await withProxiedWatchCluster(members: 3) { _, proxies, writer, watcher in
                let recorders = (0..<count).map { _ in WatchRecorder() }
                let createStart = ContinuousClock.now
                let consumers = (0..<count).map { key in
                    let watch = watcher.watch("/s6/\(key)")
                    return Task { await recorders[key].consume(watch) }
                }
                let deadline = ContinuousClock.now + .seconds(20)
                while watcher.watches.statistics.createdResponses < count, ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(10))
                }
                let created = ContinuousClock.now - createStart
                #expect(watcher.watches.statistics.createdResponses >= count)

                let acknowledged = Locked<[Int: [(EtcdBytes, Int64)]]>([:])
                let failures = Locked(0)
                let stop = Flag()
                var reestablished: [Duration] = []
                try await withThrowingTaskGroup(of: Void.self) { group in
                    // About 130 puts/s, round robin over the keys.
                    group.addTask {
                        try await withThrowingTaskGroup(of: Void.self) { writes in
                            let begin = ContinuousClock.now
                            var i = 0
                            while !stop.isSet {
                                let n = i
                                i += 1
                                writes.addTask {
                                    let key = n % count
                                    do {
                                        let revision = try await writer.put("/s6/\(key)", "\(n)").header
                                            .revision
                                        acknowledged.withLock {
                                            $0[key, default: []].append(("/s6/\(key)", revision))
                                        }
                                    } catch {
                                        failures.withLock { $0 += 1 }
                                    }
                                }
                                try await Task.sleep(until: begin + .milliseconds(7.5) * i, clock: .continuous)
                            }
                            try await writes.waitForAll()
                        }
                    }
                    for _ in 0..<drops {
                        try await Task.sleep(for: .seconds(3))
                        let dropped = ContinuousClock.now
                        for proxy in proxies { proxy.dropConnections(.rst) }
                        // Re-established: every watcher was told it resumed.
                        let limit = dropped + .seconds(10)
                        var all = false
                        while !all, ContinuousClock.now < limit {
                            all = recorders.allSatisfy { $0.resumes.contains { $0.0 > dropped } }
                            if !all { try await Task.sleep(for: .milliseconds(20)) }
                        }
                        let last = recorders.compactMap { $0.resumes.last { $0.0 > dropped }?.0 }.max()
                        reestablished.append(all ? (last ?? dropped) - dropped : .seconds(999))
                    }
                    try await Task.sleep(for: .seconds(1))
                    stop.set()
                    try await group.waitForAll()
                }
                let expected = acknowledged.withLock { $0 }
                let complete = await recorders[0].wait(timeout: .seconds(10)) { _ in
                    (0..<count).allSatisfy { recorders[$0].eventCount >= expected[$0, default: []].count }
                }
                for consumer in consumers { consumer.cancel() }
                for consumer in consumers { await consumer.value }
                var lost = 0
                var duplicates = 0
                var other = 0
                for key in 0..<count {
                    let check = recorders[key].check(history: expected[key, default: []])
                    lost += check.lost.count
                    duplicates += check.duplicates
                    other += check.outOfOrder + check.splitRevisions + check.phantoms
                }
                let statistics = watcher.watches.statistics
                let puts = expected.values.map(\.count).reduce(0, +)
                print(
                    "many watchers: \(count) watchers created in \(created); \(puts) puts acknowledged, "
                        + "\(failures.withLock { $0 }) failed; lost \(lost), dup \(duplicates), other \(other); "
                        + "all re-established \(reestablished.map { ($0.seconds * 1000).rounded() }) ms after each drop; "
                        + "peak creates in flight \(statistics.peakCreatesInFlight), \(statistics.createsSent) creates "
                        + "on \(statistics.streamsOpened) streams")
                #expect(complete)
                #expect(lost == 0)
                #expect(duplicates == 0)
                #expect(other == 0)
                #expect(failures.withLock { $0 } == 0)
                #expect(reestablished.count == drops)
                #expect(reestablished.allSatisfy { $0 <= .seconds(5) })
                #expect(statistics.peakCreatesInFlight <= 1)
            }
        }
    }
}
