import Etcd3
import Etcd3TestSupport
import Synchronization
import Testing

extension FaultScenarios {
    /// Mutual exclusion of the lock while the leader is SIGKILLed every 3 s (and restarted 1 s
    /// later): 120 critical sections (about 45 s), 300 with `ETCD3_SOAK=1` (about 105 s). Each
    /// section holds the lock 100 ms between its read and its write, so kills land inside them.
    @Suite("Mutual exclusion under leader kills", .faultScenarioTimeLimit)
    struct MutualExclusionUnderLeaderKills {
        /// One critical section as the contenders saw it.
        struct Section: Sendable {
            var contender: Int
            var fence: Int64
            var entered: ContinuousClock.Instant
            var exited: ContinuousClock.Instant?
            /// The section learnt that its lock was gone (a fenced write said so, or the session
            /// ended).
            var lost = false
        }

        /// What the contenders share: the section log, the tallies, the work left.
        final class Record: Sendable {
            private struct State {
                var sections: [Section] = []
                var acknowledged = 0
                var resolvedApplied = 0
                var resolvedNotApplied = 0
                var errors: [String: Int] = [:]
                var newSessions = 0
            }
            private let state = Mutex(State())
            let target: Int

            init(target: Int) { self.target = target }

            /// Whether the completed sections reached the target.
            var done: Bool { state.withLock { $0.acknowledged + $0.resolvedApplied >= target } }
            var sections: [Section] { state.withLock { $0.sections } }
            var completed: Int { state.withLock { $0.acknowledged + $0.resolvedApplied } }
            var summary: String {
                state.withLock {
                    "\($0.acknowledged) acknowledged + \($0.resolvedApplied) resolved applied increments, "
                        + "\($0.resolvedNotApplied) resolved not applied, \($0.newSessions) sessions reopened, "
                        + "errors retried \($0.errors.sorted { $0.key < $1.key })"
                }
            }

            func enter(_ contender: Int, fence: Int64) -> Int {
                state.withLock {
                    $0.sections.append(Section(contender: contender, fence: fence, entered: .now))
                    return $0.sections.count - 1
                }
            }
            func exit(_ index: Int, lost: Bool) {
                state.withLock {
                    $0.sections[index].exited = .now
                    $0.sections[index].lost = lost
                }
            }
            func acknowledged() { state.withLock { $0.acknowledged += 1 } }
            func resolved(applied: Bool) {
                state.withLock { applied ? ($0.resolvedApplied += 1) : ($0.resolvedNotApplied += 1) }
            }
            func error(_ what: String, _ error: any Error) {
                let code = (error as? EtcdError).map { "\($0.code)" } ?? "\(type(of: error))"
                state.withLock { $0.errors["\(what) \(code)", default: 0] += 1 }
            }
            func reopened() { state.withLock { $0.newSessions += 1 } }
        }

        @Test("8 contenders in 2 clients, leader SIGKILLed every 3 s: 0 lost updates, fences increase, 0 overlaps")
        func leaderKills() async throws {
            try await withEtcdCluster(members: 3, profile: .fast) { cluster in
                var configuration = clientConfiguration(for: cluster, endpoints: cluster.clientEndpoints)
                // A write proposed while the leader dies is not answered before etcd's own
                // timeout (5 s and more): give up on it sooner and retry, as an application would.
                configuration.requestTimeout = .seconds(2)
                configuration.keepAlive.interval = .seconds(1)
                configuration.keepAlive.timeout = .seconds(1)
                try await withEtcd3Client(configuration: configuration) { first in
                    try await withEtcd3Client(configuration: configuration) { second in
                        let run = EtcdBytes("/mutex-kills/\(UInt64.random(in: 0...UInt64.max))/")
                        let record = Record(target: scenarioSize(120, soak: 300))
                        let started = ContinuousClock.now
                        let stop = Flag()
                        let killer = Task { try await killLeaders(cluster, until: stop) }
                        try await withThrowingTaskGroup(of: Void.self) { group in
                            for contender in 0..<8 {
                                let client = contender % 2 == 0 ? first : second
                                group.addTask { try await contend(contender, client: client, run: run, record: record) }
                            }
                            try await group.waitForAll()
                        }
                        let elapsed = ContinuousClock.now - started
                        stop.set()
                        let kills = try await killer.value
                        _ = try await cluster.waitForLeader(timeout: .seconds(10))
                        try await check(run: run, record: record, client: first, kills: kills, elapsed: elapsed)
                    }
                }
            }
        }

        /// Kills the leader every 3 s and restarts it 1 s later, until `stop`; returns whom.
        private func killLeaders(_ cluster: EtcdCluster, until stop: Flag) async throws -> [Int] {
            var kills: [Int] = []
            try await Task.sleep(for: .seconds(1))
            while !stop.isSet {
                let killedAt = ContinuousClock.now
                let leader = try await cluster.waitForLeader(timeout: .seconds(10))
                kills.append(leader)
                await cluster[leader].kill()
                try await Task.sleep(for: .seconds(1))
                try await cluster[leader].restart()
                try await Task.sleep(until: killedAt + .seconds(3), clock: .continuous)
            }
            return kills
        }

        /// One contender: its own session (TTL 5 s), sections until the target is reached. Every
        /// fault is retried; an increment whose outcome is unknown is resolved under the next
        /// lock from its marker key, written in the same fenced transaction.
        private func contend(_ contender: Int, client: Etcd3Client, run: EtcdBytes, record: Record) async throws {
            let counter = run + "counter"
            var session = try await client.session(ttl: .seconds(5))
            var unresolved: EtcdBytes?
            var sequence = 0
            while !record.done {
                if !session.isAlive {
                    await session.close()
                    guard let fresh = try? await client.session(ttl: .seconds(5)) else {
                        try await Task.sleep(for: .milliseconds(100))
                        continue
                    }
                    session = fresh
                    record.reopened()
                }
                let lock: EtcdLock
                do {
                    lock = try await client.lock(run + "lock", session: session, timeout: .seconds(20))
                } catch {
                    record.error("lock", error)
                    continue
                }
                let index = record.enter(contender, fence: lock.fence)
                var lost = false
                do throws(EtcdError) {
                    try await section(
                        lock, counter: counter, run: run, contender: contender, sequence: &sequence, unresolved: &unresolved, record: record
                    )
                } catch {
                    lost = error.code == .lockLost || !session.isAlive
                    record.error("section", error)
                }
                record.exit(index, lost: lost)
                do {
                    try await lock.release()
                } catch {
                    // The key may be left: start again with a new session, so the next
                    // acquisition cannot reuse this place and its fence.
                    record.error("release", error)
                    await session.close()
                }
            }
            await session.close()
        }

        /// The work under the lock: resolves the previous unknown outcome, then increments the
        /// counter with a read and a fenced write (with the marker key of this increment).
        private func section(
            _ lock: EtcdLock, counter: EtcdBytes, run: EtcdBytes, contender: Int, sequence: inout Int, unresolved: inout EtcdBytes?,
            record: Record
        ) async throws(EtcdError) {
            if let marker = unresolved {
                record.resolved(applied: try await lock.client.get(marker) != nil)
                unresolved = nil
            }
            guard !record.done else { return }
            let value = Int(try await lock.client.get(counter)?.value.string ?? "0") ?? -1_000_000
            // Hold the lock a while, so kills land inside sections (between the read and the write).
            try? await Task.sleep(for: .milliseconds(100))
            sequence += 1
            let marker = run + "applied/\(contender)-\(sequence)"
            do {
                _ = try await lock.transaction(compare: [], success: [.put(counter, "\(value + 1)"), .put(marker, "\(lock.fence)")])
                record.acknowledged()
            } catch {
                if isWriteFaultOutcome(error) { unresolved = marker }
                throw error
            }
        }

        private func check(run: EtcdBytes, record: Record, client: Etcd3Client, kills: [Int], elapsed: Duration) async throws {
            let counter = Int(try await client.get(run + "counter")?.value.string ?? "0") ?? -1
            let applied = try await client.getPrefix(run + "applied/").count
            let sections = record.sections.sorted { $0.entered < $1.entered }
            let held = sections.filter { !$0.lost }
            var overlaps = 0
            var fenceInversions = 0
            for (previous, next) in zip(held, held.dropFirst()) {
                if let exited = previous.exited, next.entered < exited { overlaps += 1 }
                if next.fence <= previous.fence { fenceInversions += 1 }
            }
            print(
                "Mutex under leader kills: \(kills.count) kills (members \(kills)) in \(elapsed); "
                    + "\(sections.count) sections (\(sections.count - held.count) learnt their lock was lost), "
                    + "counter \(counter), \(applied) applied increments; \(record.summary); "
                    + "\(overlaps) overlaps, \(fenceInversions) fence inversions")
            #expect(counter == applied, "lost or doubled updates")
            #expect(record.completed == applied, "an increment's outcome was miscounted")
            #expect(applied >= record.target)
            #expect(overlaps == 0)
            #expect(fenceInversions == 0)
            #expect(kills.count >= 3)
        }
    }
}
