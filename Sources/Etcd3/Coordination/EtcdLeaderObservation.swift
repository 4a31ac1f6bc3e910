/// The changes of leader in an election, from ``EtcdElection/observe()``: each element is the
/// new leader, or `nil` when no candidate is left.
///
/// The first element is the leader when observation starts (or `nil`). After that, an element
/// comes for every new leader, every new value proclaimed by the leader, and every time the
/// last candidate leaves. Iterate it once; it ends by throwing (``EtcdError``) when the watch
/// under it fails for good (the client closed, permission denied), or when the task is
/// cancelled.
public struct EtcdLeaderObservation: AsyncSequence, Sendable {
    /// The leader, or `nil` for "no leader".
    public typealias Element = EtcdLeader?
    /// How observation fails.
    public typealias Failure = EtcdError

    let election: EtcdElection

    /// Creates the iterator.
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(election: election)
    }

    /// Iterates the changes.
    public struct AsyncIterator: AsyncIteratorProtocol {
        let election: EtcdElection
        var tracker = LeaderTracker()
        var events: EtcdWatchSequence.AsyncIterator?

        init(election: EtcdElection) {
            self.election = election
        }

        /// The next change: `.some(leader)` or `.some(nil)` for "no leader"; `nil` never, unless
        /// the watch ended without an error.
        /// - Throws: ``EtcdError``: `.invalidArgument` for an empty election name, `.cancelled`,
        ///   `.closed`, or what the reads and the watch throw.
        public mutating func next() async throws(EtcdError) -> EtcdLeader?? {
            try await next(isolation: nil)
        }

        /// The next change, as ``next()``.
        /// - Parameter actor: the caller's isolation (the iterator does not hop off it).
        /// - Throws: as ``next()``.
        public mutating func next(isolation actor: isolated (any Actor)? = #isolation) async throws(EtcdError) -> EtcdLeader?? {
            while true {
                if events == nil {
                    if let change = try await resynchronize() { return change }
                    continue
                }
                let event: EtcdWatchEvent?
                do {
                    event = try await events!.next()
                } catch  where error.code == .compacted {
                    events = nil  // the history is gone: read the election again
                    continue
                }
                guard let event else { return nil }
                if let change = tracker.apply(election.namespace?.keys.strip(event) ?? event) { return change }
            }
        }

        /// Reads every candidate and starts watching after that read.
        private mutating func resynchronize() async throws(EtcdError) -> EtcdLeader?? {
            let line = try election.line()
            let options = EtcdRangeOptions(sortOrder: .ascending, sortTarget: .createRevision)
            let candidates = try await election.client.range(line.prefix, end: line.prefix.prefixRangeEnd, options: options)
            events = election.client.watchPrefix(
                line.prefix, options: EtcdWatchOptions(startRevision: candidates.header.revision + 1)
            ).makeAsyncIterator()
            guard let namespace = election.namespace else { return tracker.reset(candidates.kvs) }
            return tracker.reset(candidates.kvs.map(namespace.keys.strip))
        }
    }
}

@available(*, unavailable)
extension EtcdLeaderObservation.AsyncIterator: Sendable {}

/// Follows an election's candidates from a snapshot and the events after it, and says when the
/// leader (the candidate with the lowest create revision) changes. Pure: no I/O.
struct LeaderTracker: Sendable {
    /// Candidates by key.
    private(set) var candidates: [EtcdBytes: EtcdKeyValue] = [:]
    /// What was last reported: `nil` before the first report, `.some(nil)` after "no leader".
    private(set) var reported: EtcdLeader??
    /// The fence of the newest leader reported: an older one is never reported again.
    private var newestFence: Int64 = 0

    /// Starts again from `snapshot` (every candidate at one revision).
    ///
    /// - Returns: the change to report, if any.
    mutating func reset(_ snapshot: [EtcdKeyValue]) -> EtcdLeader?? {
        candidates = Dictionary(snapshot.map { ($0.key, $0) }, uniquingKeysWith: { _, newer in newer })
        return report()
    }

    /// Applies one event.
    ///
    /// - Returns: the change to report, if any.
    mutating func apply(_ event: EtcdWatchEvent) -> EtcdLeader?? {
        switch event.kind {
        case .put: candidates[event.kv.key] = event.kv
        case .delete: candidates[event.kv.key] = nil
        }
        return report()
    }

    private mutating func report() -> EtcdLeader?? {
        let leader = candidates.values.min { $0.createRevision < $1.createRevision }.map(EtcdLeader.init)
        if let leader, leader.fence < newestFence { return nil }
        if let reported, reported == leader { return nil }
        reported = .some(leader)
        if let leader { newestFence = leader.fence }
        return .some(leader)
    }
}
