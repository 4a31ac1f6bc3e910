import Synchronization

/// How one call's answer takes part in the ordering guard of
/// ``Etcd3Client/Configuration/monotonicReads`` (`Docs/KV.md`, "Monotonic reads").
package enum ReadOrder: Sendable, Hashable {
    /// A read of the latest revision (a Range without `revision`, a transaction without
    /// writes): its answer must not be older than the highest revision the client returned
    /// for a read before the call began. Once accepted, it raises that floor.
    case checked
    /// An answer that raises the floor but is never checked: a transaction with writes (never
    /// sent twice; its revision is the newest anyway), a read at an explicit revision (what it
    /// returns is fixed by the revision it names, whoever answers).
    case raisesFloor
}

/// The ordering guard's decision for one call: pure, so every rule is unit-tested.
///
/// The guard keeps the floor the call started with (as etcd's Go `ordering` package does), so
/// calls running side by side never judge each other: an answer only has to be at least as new
/// as what the client had returned before the call began. An answer below it is stale: the
/// call goes to another endpoint, after a backoff pause once every endpoint had its turn,
/// until the call's attempts are spent; then it fails with ``EtcdError/Code/staleRead``.
package struct ReadOrderGuard: Sendable {
    /// What the guard does with one answer.
    package enum Verdict: Sendable, Hashable {
        /// Return the answer (and raise the floor to its revision).
        case accept
        /// The answer is stale: try another endpoint, at once when `backoffStep` is `nil`,
        /// otherwise after the retry backoff's pause number `backoffStep` (1 = the shortest).
        case retry(backoffStep: Int?)
        /// The answer is stale and the call may not try again.
        case fail(EtcdError)
    }

    /// The highest revision the client had returned for a read when the call began.
    package let floor: Int64
    /// Whether the call's answer is checked or only raises the floor.
    package let order: ReadOrder
    /// The call's attempt budget (``Etcd3Client/RetryPolicy/maxAttempts``).
    package let maxAttempts: Int
    /// How many endpoints the client has.
    package let endpointCount: Int
    /// How many answers of this call were stale so far.
    package private(set) var staleAnswers = 0
    /// The revision of the last stale answer.
    package private(set) var lastStaleRevision: Int64 = 0

    package init(floor: Int64, order: ReadOrder, maxAttempts: Int, endpointCount: Int) {
        self.floor = floor
        self.order = order
        self.maxAttempts = maxAttempts
        self.endpointCount = endpointCount
    }

    /// Judges the answer of attempt `attempt` (1 = the first) at header revision `revision`.
    package mutating func judge(revision: Int64, attempt: Int) -> Verdict {
        guard order == .checked, revision < floor else { return .accept }
        staleAnswers += 1
        lastStaleRevision = revision
        guard attempt < maxAttempts else { return .fail(staleError()) }
        // Another member is likely current: go there at once. Once every endpoint answered
        // stale in this call, give the members time to catch up, longer each time.
        return .retry(backoffStep: staleAnswers >= endpointCount ? staleAnswers - endpointCount + 1 : nil)
    }

    /// The error the call ends with when it may not try again (attempts or deadline spent).
    package func staleError() -> EtcdError {
        EtcdError(
            .staleRead,
            "\(staleAnswers) answer(s) were older than revision \(floor), which this client already returned "
                + "for a read (the last at revision \(lastStaleRevision)): the members that answered are behind; "
                + "retry later or read linearizably")
    }
}

/// The highest revision the client has returned for a read (or a transaction): the floor the
/// ordering guard holds later reads to. Lock-free; it only ever grows.
package struct RevisionFloor: ~Copyable, Sendable {
    private let value = Atomic<Int64>(0)

    package init() {}

    /// The current floor.
    package var current: Int64 { value.load(ordering: .relaxed) }

    /// Raises the floor to `revision` unless it is already higher.
    package func raise(to revision: Int64) {
        var known = value.load(ordering: .relaxed)
        while revision > known {
            let (exchanged, original) = value.compareExchange(
                expected: known, desired: revision, ordering: .relaxed)
            if exchanged { return }
            known = original
        }
    }
}
