/// A distributed first-in, first-out work queue under a key prefix: many producers, many
/// consumers, each item handed to exactly one consumer.
///
/// ```swift
/// let queue = EtcdWorkQueue(client: client, prefix: "/queues/thumbnails/")
/// try await queue.enqueue("photo-17.jpg")
///
/// // In a worker, on any client:
/// while !Task.isCancelled {
///     let item: EtcdKeyValue
///     do {
///         item = try await queue.dequeue(timeout: .seconds(30))
///     } catch let error where error.code == .deadlineExceeded {
///         continue   // nothing arrived in 30 s; nothing was taken
///     }
///     try await makeThumbnail(item.value)
/// }
/// ```
///
/// Items are sequential keys (see ``Etcd3Client/append(to:_:lease:timeout:)``):
/// `prefix` + a 20-digit sequence number, so key order is arrival order; the prefix also holds
/// the sequence counter, `prefix + ".sequence"`, which is not an item. A consumer takes an
/// item by deleting its key in a transaction that requires the key's mod revision to be the
/// one it read: of several consumers that race for one item, exactly one wins, and the others
/// move on to the next item. A consumer with an empty queue watches the prefix from the
/// revision after its read, so an item enqueued at any moment wakes it.
///
/// Taking an item deletes it: an item is handed out at most once, and a consumer that fails
/// after `dequeue` returned loses the item. Put it back with ``enqueue(_:lease:timeout:)``
/// if the work must be retried.
///
/// The queue is a value (a client and a prefix): copy it into as many tasks as you like.
public struct EtcdWorkQueue: Sendable {
    /// The client the queue talks through.
    public let client: Etcd3Client
    /// The prefix of the items' keys (inside ``namespace`` when made through one).
    public let prefix: EtcdBytes
    /// The namespace the queue was made through (``EtcdNamespace/workQueue(_:)``), or `nil`:
    /// its ``prefix`` and its items' keys are then inside it.
    public let namespace: EtcdNamespace?

    /// How many items a consumer reads at once, to move on when it loses a race.
    static let batchSize: Int64 = 8

    /// Creates a queue under `prefix`. Nothing is sent.
    ///
    /// - Parameters:
    ///   - client: the client to use.
    ///   - prefix: the prefix of the items' keys (not empty; end it with `/`). Keep other keys
    ///     out of it.
    public init(client: Etcd3Client, prefix: EtcdBytes) {
        self.client = client
        self.prefix = prefix
        self.namespace = nil
    }

    /// The queue `prefix` inside `namespace` (nothing is sent).
    init(namespace: EtcdNamespace, prefix: EtcdBytes) {
        self.client = namespace.client
        self.prefix = prefix
        self.namespace = namespace
    }

    /// Where the queue's keys are: the client's whole keyspace, or the namespace.
    private var keyspace: RecipeKeyspace { RecipeKeyspace(client: client, namespace: namespace) }

    /// Adds an item at the end of the queue.
    ///
    /// ```swift
    /// let item = try await queue.enqueue("photo-17.jpg")
    /// ```
    ///
    /// - Parameters:
    ///   - value: the item.
    ///   - lease: a lease for the item: it leaves the queue when the lease ends.
    ///   - timeout: the deadline of each call.
    /// - Returns: the item's key-value pair (its key is its place in the queue).
    /// - Throws: ``EtcdError``, as ``Etcd3Client/append(to:_:lease:timeout:)``; with
    ///   `.indeterminate` the item may or may not have been enqueued.
    @discardableResult
    public func enqueue(
        _ value: EtcdBytes,
        lease: EtcdLeaseID? = nil,
        timeout: Duration? = nil
    ) async throws(EtcdError) -> EtcdKeyValue {
        try await keyspace.append(to: prefix, value, lease: lease, timeout: timeout)
    }

    /// Takes the first item of the queue, waiting up to `timeout` for one to arrive.
    ///
    /// ```swift
    /// let item = try await queue.dequeue(timeout: .seconds(5))
    /// print(item.value)
    /// ```
    ///
    /// The item is deleted from the queue when this returns; no other consumer gets it.
    ///
    /// - Parameter timeout: how long to wait for an item. A take already sent when the time is
    ///   up is waited for (within ``Etcd3Client/Configuration/requestTimeout``), so that its
    ///   outcome is known.
    /// - Returns: the item as it was in the queue (`modRevision` is the revision it was
    ///   enqueued at).
    /// - Throws: ``EtcdError``: `.deadlineExceeded` when no item could be taken within
    ///   `timeout`, and `.cancelled` when the task was cancelled; in both cases nothing was
    ///   taken. `.indeterminate` when the take of an item was sent but its outcome is unknown
    ///   (a failed connection or server, a request timeout, cancellation during the take): the
    ///   item may have been taken, and then nobody will get it again. The message names the
    ///   item's key, for you to reconcile. A take whose answer was lost is sent again, up to
    ///   3 times in all, which the take's comparison makes safe: when a later send succeeds,
    ///   the item is returned as usual; when it finds the item gone, or no send is answered,
    ///   `dequeue` throws `.indeterminate`. `.invalidArgument` for an empty prefix; otherwise
    ///   as ``Etcd3Client/range(_:end:options:timeout:)``.
    public func dequeue(timeout: Duration) async throws(EtcdError) -> EtcdKeyValue {
        try Etcd3Client.validateKey(prefix)
        let deadline = ContinuousClock.now + timeout
        let start = SequentialKey.rangeStart(prefix)
        let end = SequentialKey.rangeEnd(prefix)
        var lostRaces = 0
        while true {
            let remaining = try Self.remaining(until: deadline, timeout: timeout)
            let page = try await keyspace.range(start, end: end, options: EtcdRangeOptions(limit: Self.batchSize), timeout: remaining)
            let items = page.kvs.filter { SequentialKey.isSequential($0.key, prefix: prefix) }
            for item in items {
                if try await take(item) { return item }
            }
            if items.isEmpty {
                try await waitForItem(after: page.header.revision, until: deadline, timeout: timeout)
            } else {
                // Other consumers took every item we saw: read again, pausing a little when it
                // keeps happening so the consumers spread out.
                lostRaces += 1
                if lostRaces >= 2 {
                    try await Etcd3Client.pause(SequentialKey.conflictBackoff.delay(forAttempt: lostRaces - 1))
                }
            }
        }
    }

    /// The number of items in the queue.
    ///
    /// - Parameter timeout: the call's deadline.
    /// - Returns: how many items wait (keys under the prefix that start with a digit).
    /// - Throws: ``EtcdError``, as ``Etcd3Client/range(_:end:options:timeout:)``.
    public func count(timeout: Duration? = nil) async throws(EtcdError) -> Int64 {
        try Etcd3Client.validateKey(prefix)
        let options = EtcdRangeOptions(countOnly: true)
        return try await keyspace.range(
            SequentialKey.rangeStart(prefix), end: SequentialKey.rangeEnd(prefix), options: options, timeout: timeout
        ).count
    }

    /// How many times a take whose outcome is unknown is sent in all.
    static let takeSends = 3

    /// Deletes `item` if nobody took it since it was read. `true`: this consumer has it.
    ///
    /// A take whose outcome is unknown is sent again: its comparison (the mod revision read)
    /// makes that safe, since a key once deleted never has that mod revision again (numbers
    /// are never reused). When a later send succeeds, no earlier one was applied; when it finds
    /// the item gone, an earlier send or another consumer took it, and the take is
    /// indeterminate.
    private func take(_ item: EtcdKeyValue) async throws(EtcdError) -> Bool {
        if Task.isCancelled { throw EtcdError(.cancelled, "dequeue was cancelled; nothing was taken") }
        var unknown: EtcdError?
        for _ in 0..<Self.takeSends {
            let taken: Bool
            do {
                taken = try await keyspace.transaction(
                    compare: [.modRevision(item.key) == item.modRevision], success: [.delete(item.key)]
                ).succeeded
            } catch let error where error.mayHaveBeenApplied {
                unknown = error
                if Task.isCancelled { break }
                continue
            } catch {
                // A later send that surely did not apply says nothing of an earlier one.
                if let unknown { throw Self.indeterminate(item, "a later send failed (\(error))", unknown) }
                throw error
            }
            if taken { return true }
            guard let unknown else { return false }
            throw Self.indeterminate(item, "the item is gone: this or another consumer took it", unknown)
        }
        throw Self.indeterminate(item, "no send of it was answered", unknown ?? EtcdError(.indeterminate, "no answer"))
    }

    private static func indeterminate(_ item: EtcdKeyValue, _ what: String, _ cause: EtcdError) -> EtcdError {
        EtcdError(
            .indeterminate,
            "the take of \(item.key) (mod revision \(item.modRevision)) may have been applied; \(what): \(cause)")
    }

    /// Waits until something is put under the prefix after `revision`.
    private func waitForItem(after revision: Int64, until deadline: ContinuousClock.Instant, timeout: Duration)
        async throws(EtcdError)
    {
        let remaining = try Self.remaining(until: deadline, timeout: timeout)
        let options = EtcdWatchOptions(startRevision: revision + 1, filterDeletes: true)
        do {
            _ = try await keyspace.watchPrefixOnce(prefix, options: options, timeout: remaining)
        } catch let error as EtcdError {
            switch error.code {
            case .compacted: return  // history moved on: read the queue again
            case .deadlineExceeded: throw Self.timedOut(timeout)
            default: throw error
            }
        } catch {
            if Task.isCancelled {
                throw EtcdError(.cancelled, "dequeue was cancelled while waiting for an item; nothing was taken")
            }
            throw EtcdError(.unknown, "waiting for an item failed: \(error); nothing was taken")
        }
    }

    private static func remaining(until deadline: ContinuousClock.Instant, timeout: Duration) throws(EtcdError)
        -> Duration
    {
        if Task.isCancelled { throw EtcdError(.cancelled, "dequeue was cancelled; nothing was taken") }
        let remaining = deadline - .now
        if remaining <= .zero { throw timedOut(timeout) }
        return remaining
    }

    private static func timedOut(_ timeout: Duration) -> EtcdError {
        EtcdError(.deadlineExceeded, "no item could be taken from the queue within \(timeout); nothing was taken")
    }
}
