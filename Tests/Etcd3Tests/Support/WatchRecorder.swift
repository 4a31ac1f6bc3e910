import Etcd3
import Etcd3TestSupport
import Synchronization

/// Records what one watch delivered, batch by batch with arrival times, and checks it against
/// the authoritative history (the watch validators of the fault scenarios).
final class WatchRecorder: Sendable {
    struct Batch: Sendable {
        var time: ContinuousClock.Instant
        var events: [EtcdWatchEvent]
    }

    private struct State {
        var batches: [Batch] = []
        var eventCount = 0
        var resumes: [(ContinuousClock.Instant, Int64)] = []
        var ending: (any Error)?
        var ended = false
    }

    private let state = Mutex(State())

    /// Reads `watch.updates` until it ends or the task is cancelled.
    func consume(_ watch: EtcdWatchSequence) async {
        do {
            for try await update in watch.updates {
                let now = ContinuousClock.now
                state.withLock { state in
                    switch update {
                    case .events(let events):
                        state.batches.append(Batch(time: now, events: events))
                        state.eventCount += events.count
                    case .resumed(let revision):
                        state.resumes.append((now, revision))
                    case .progress:
                        break
                    }
                }
            }
        } catch {
            state.withLock { $0.ending = error }
        }
        state.withLock { $0.ended = true }
    }

    var batches: [Batch] { state.withLock { $0.batches } }
    var events: [EtcdWatchEvent] { state.withLock { $0.batches.flatMap(\.events) } }
    var eventCount: Int { state.withLock { $0.eventCount } }
    var resumes: [(ContinuousClock.Instant, Int64)] { state.withLock { $0.resumes } }
    /// The error the watch ended with, if any.
    var ending: (any Error)? { state.withLock { $0.ending } }
    var hasEnded: Bool { state.withLock { $0.ended } }

    /// Waits until `condition` holds for the recorder or `timeout` passes; returns whether it held.
    @discardableResult
    func wait(timeout: Duration, until condition: (WatchRecorder) -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if condition(self) { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return condition(self)
    }

    /// When the first batch after `instant` arrived.
    func firstBatch(after instant: ContinuousClock.Instant) -> ContinuousClock.Instant? {
        state.withLock { $0.batches.first { $0.time > instant }?.time }
    }

    /// The validators' findings.
    struct Check: CustomStringConvertible {
        /// Events of the history the watch did not deliver.
        var lost: [Int64] = []
        /// Events delivered more than once.
        var duplicates = 0
        /// Events delivered after an event of a higher revision.
        var outOfOrder = 0
        /// Revisions whose events arrived in more than one batch.
        var splitRevisions = 0
        /// Delivered events that are not in the history.
        var phantoms = 0

        var isClean: Bool { lost.isEmpty && duplicates == 0 && outOfOrder == 0 && splitRevisions == 0 && phantoms == 0 }
        var description: String {
            "lost \(lost.count) \(lost.prefix(5)), dup \(duplicates), out-of-order \(outOfOrder), "
                + "split-revision \(splitRevisions), phantom \(phantoms)"
        }
    }

    /// Checks the delivered events against `history`: (key, mod revision) of every change the
    /// watch had to deliver, or may deliver when `optional` says so (writes whose outcome is
    /// unknown are in the history only if they were applied, so pass the final state).
    func check(history: [(EtcdBytes, Int64)]) -> Check {
        var check = Check()
        let batches = self.batches
        var seen = Set<Pair>()
        var lastRevision: Int64 = 0
        var batchOfRevision: [Int64: Int] = [:]
        let expected = Set(history.map { Pair(key: $0.0, revision: $0.1) })
        for (index, batch) in batches.enumerated() {
            for event in batch.events {
                let pair = Pair(key: event.kv.key, revision: event.revision)
                if !seen.insert(pair).inserted { check.duplicates += 1 }
                if event.revision < lastRevision { check.outOfOrder += 1 }
                lastRevision = max(lastRevision, event.revision)
                if let other = batchOfRevision[event.revision], other != index {
                    check.splitRevisions += 1
                } else {
                    batchOfRevision[event.revision] = index
                }
                if !expected.contains(pair) { check.phantoms += 1 }
            }
        }
        check.lost = expected.subtracting(seen).map(\.revision).sorted()
        return check
    }

    private struct Pair: Hashable {
        var key: EtcdBytes
        var revision: Int64
    }
}

/// The `p`-quantile (0…1) of `values`, nearest rank; `nil` when empty.
func quantile(_ values: [Duration], _ p: Double) -> Duration? {
    guard !values.isEmpty else { return nil }
    let sorted = values.sorted()
    let rank = Int((p * Double(sorted.count)).rounded(.up)) - 1
    return sorted[min(max(rank, 0), sorted.count - 1)]
}

/// The history of a prefix whose keys are each written once: every key with the revision that
/// created it, read after the writers stopped.
func writeOnceHistory(_ client: Etcd3Client, prefix: EtcdBytes) async throws -> [(EtcdBytes, Int64)] {
    try await client.getPrefix(prefix).map { ($0.key, $0.modRevision) }
}

/// Puts `prefix` + 1, 2, 3… (each key once, the number as value) every `interval` until `stop`
/// is set, each put in its own task with a 5 s deadline so a put held up by a fault does not
/// slow the others; outcomes go to `tally`.
func pacedPuts(
    _ client: Etcd3Client, prefix: String, every interval: Duration, until stop: Flag, into tally: Tally
) async throws {
    try await withThrowingTaskGroup(of: Void.self) { writes in
        let begin = ContinuousClock.now
        var i = 0
        while !stop.isSet {
            i += 1
            let n = i
            writes.addTask {
                await tally.record { _ = try await client.put("\(prefix)\(n)", "\(n)", timeout: .seconds(5)) }
            }
            try await Task.sleep(until: begin + interval * i, clock: .continuous)
        }
        try await writes.waitForAll()
    }
}

/// Runs `body` with a fast-profile cluster, a proxy in front of each member, a writer client that
/// talks to the members directly, and a watching client that goes through the proxies
/// (configured further by `configure`).
func withProxiedWatchCluster(
    members: Int,
    configure: (inout Etcd3Client.Configuration) -> Void = { _ in },
    _ body: (EtcdCluster, [EtcdFaultProxy], _ writer: Etcd3Client, _ watcher: Etcd3Client) async throws -> Void
) async throws {
    try await withEtcdCluster(members: members, profile: .fast) { cluster in
        let proxies = try cluster.makeProxies()
        defer { for proxy in proxies { proxy.stop() } }
        var watchConfiguration = clientConfiguration(for: cluster, endpoints: proxies.map(\.endpoint))
        configure(&watchConfiguration)
        let writerConfiguration = clientConfiguration(for: cluster, endpoints: cluster.clientEndpoints)
        try await withEtcd3Client(configuration: writerConfiguration) { writer in
            try await withEtcd3Client(configuration: watchConfiguration) { watcher in
                try await body(cluster, proxies, writer, watcher)
            }
        }
    }
}
