import Etcd3TestSupport
import Testing

@testable import Etcd3

/// A watch with no start revision loses its connection (RST) right after `created`, or
/// before it, while a writer keeps putting.
///
/// Scaled down from 200 iterations at 500 puts/s to 50 at 250 puts/s (about 10 s). Every fifth
/// iteration drops the connection before the create is answered, which exercises the resume
/// of a never-acknowledged watcher. `ETCD3_SOAK=1` runs the full 200 iterations.
extension FaultScenarios {
    @Suite("A watch without a start revision across a reset at its creation", .faultScenarioTimeLimit)
    struct WatchCreatedBoundary {
        @Test("0 dup, 0 lost, no event below the start, over 50 drops")
        func createdBoundary() async throws {
            let iterations = scenarioSize(50, soak: 200)
            try await withProxiedWatchCluster(members: 1) { _, proxies, writer, watcher in
                let proxy = proxies[0]
                let puts = Tally()
                let stop = Flag()
                var rounds: [(recorder: WatchRecorder, lowest: Int64, through: Int64, early: Bool)] = []
                var stragglers = 0
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        try await pacedPuts(
                            writer, prefix: "/s5/", every: .milliseconds(4), until: stop, into: puts)
                    }
                    var generator = SystemRandomNumberGenerator()
                    for round in 0..<iterations {
                        let early = round % 5 == 4
                        let before = try await writer.put("/s5-mark", "").header.revision
                        let createdBefore = watcher.watches.statistics.createdResponses
                        let recorder = WatchRecorder()
                        let watch = watcher.watchPrefix("/s5/")
                        let consumer = Task { await recorder.consume(watch) }
                        var lowest = before + 1
                        if early {
                            // Before the create is answered: every change after the watch was
                            // asked for must still arrive. A change the stream had already
                            // reported when the watch was asked for (through the previous
                            // round's watcher, whose cancel may still be on its way) is older
                            // than the request: a watch with no start revision never has it.
                            // (If the create is answered before the reset lands, the watch
                            // starts after the created revision instead; see below.)
                            lowest = max(before, watcher.watches.statistics.lastFloor) + 1
                            proxy.dropConnections(.rst)
                        } else {
                            let deadline = ContinuousClock.now + .seconds(2)
                            while watcher.watches.statistics.createdResponses == createdBefore,
                                ContinuousClock.now < deadline
                            {
                                try await Task.sleep(for: .milliseconds(1))
                            }
                            // After created: every change after its revision must arrive.
                            lowest = watcher.watches.statistics.lastCreatedRevision + 1
                            try await Task.sleep(
                                for: .microseconds(Int.random(in: 0...5_000, using: &generator)))
                            proxy.dropConnections(.rst)
                        }
                        let through = try await writer.put("/s5-mark", "").header.revision
                        let caughtUp = await recorder.wait(timeout: .seconds(5)) { recorder in
                            (recorder.events.last?.revision ?? 0) > through
                        }
                        if !caughtUp { stragglers += 1 }
                        consumer.cancel()
                        await consumer.value
                        rounds.append((recorder, lowest, through, early))
                    }
                    stop.set()
                    try await group.waitForAll()
                }
                let history = try await writeOnceHistory(writer, prefix: "/s5/")
                var lost = 0
                var duplicates = 0
                var disorder = 0
                var belowStart = 0
                var olderThanAsked = 0
                for (index, round) in rounds.enumerated() {
                    let delivered = round.recorder.events
                    guard let last = delivered.last?.revision else { continue }
                    var lowest = round.lowest
                    if round.early, let resumedAt = round.recorder.resumes.first?.1 {
                        // The reset came after the server answered the create: the watch began
                        // after the created revision (a change made while the create was on its
                        // way is not part of it) and resumed from there or from its last event.
                        lowest = min(resumedAt, delivered[0].revision)
                    }
                    // Watches with no start revision begin at created + 1; early drops may
                    // begin a little before the request, never after it.
                    let expected = history.filter { $0.1 >= lowest && $0.1 <= last }
                    var check = round.recorder.check(history: expected)
                    if round.early {
                        olderThanAsked += delivered.filter { $0.revision < lowest }.count
                        check.phantoms = 0
                    } else {
                        belowStart += delivered.filter { $0.revision < round.lowest }.count
                    }
                    lost += check.lost.count
                    if !check.lost.isEmpty {
                        // Enough to tell a gap at the start from one at a resume.
                        print(
                            "created boundary, round \(index) (early \(round.early)): lowest \(lowest), "
                                + "through \(round.through), lost \(check.lost), "
                                + "first delivered \(delivered.first?.revision ?? 0), "
                                + "resumes \(round.recorder.resumes.map(\.1))")
                    }
                    duplicates += check.duplicates
                    disorder += check.outOfOrder + check.splitRevisions
                }
                print(
                    "created boundary: \(iterations) drops (\(iterations / 5) before created), \(puts.ok) puts; "
                        + "lost \(lost), dup \(duplicates), "
                        + "out-of-order \(disorder), below the start \(belowStart), "
                        + "from before the request after an early drop \(olderThanAsked), stragglers \(stragglers); "
                        + "\(watcher.watches.statistics.streamsOpened) streams opened")
                #expect(stragglers == 0)
                #expect(lost == 0)
                #expect(duplicates == 0)
                #expect(disorder == 0)
                #expect(belowStart == 0)
                #expect(puts.errors.isEmpty)
            }
        }

        /// Scaled: 200 puts; the watch's connection is reset twice while it waits for its start.
        @Test("a future start revision across member switches: nothing below the start, nothing lost")
        func futureStart() async throws {
            try await withProxiedWatchCluster(members: 3) { _, proxies, writer, watcher in
                let now = try await writer.put("/s5f-start", "").header.revision
                let start = now + 100
                let recorder = WatchRecorder()
                let watch = watcher.watchPrefix("/s5f/", options: EtcdWatchOptions(startRevision: start))
                let consumer = Task { await recorder.consume(watch) }
                var switches = 0
                for i in 1...200 {
                    try await writer.put("/s5f/\(i)", "\(i)")
                    if i == 50 || i == 150 {
                        // Reset the connection that carries the watch: it resumes elsewhere.
                        // Read the port once: the watch may resume behind another proxy at once.
                        let carrier = watcher.watches.streamPort
                        if let proxy = proxies.first(where: { $0.port == carrier }) {
                            proxy.dropConnections(.rst)
                            switches += 1
                        }
                    }
                }
                let history = try await writeOnceHistory(writer, prefix: "/s5f/").filter { $0.1 >= start }
                let complete = await recorder.wait(timeout: .seconds(10)) { $0.eventCount >= history.count }
                consumer.cancel()
                await consumer.value
                let check = recorder.check(history: history)
                let below = recorder.events.filter { $0.revision < start }.count
                print(
                    "created boundary, future start: start \(start), \(switches) connection resets, \(history.count) changes "
                        + "from the start; delivered \(recorder.eventCount), \(below) below the start; \(check)"
                )
                #expect(complete)
                #expect(below == 0)
                #expect(check.isClean, "\(check)")
                #expect(switches == 2)
            }
        }
    }
}
