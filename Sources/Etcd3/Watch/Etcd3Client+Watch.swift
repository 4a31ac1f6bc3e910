/// The changes to a key, a prefix or a range, as they happen.
///
/// ```swift
/// for try await event in client.watchPrefix("/services/") {
///     switch event.kind {
///     case .put: print("up:", event.kv.key, event.kv.value)
///     case .delete: print("down:", event.kv.key)
///     }
/// }
/// ```
///
/// Events arrive in revision order, each once: when the connection fails or the client moves to
/// another endpoint, the watch resumes from the revision after the last event it delivered. It
/// ends with ``EtcdError/Code/compacted`` (carrying ``EtcdError/compactRevision``) when the
/// history it needs has been compacted. Ending the iteration, or cancelling its task, cancels
/// the watch on the server.
///
/// A consumer that falls behind meets a bounded buffer
/// (``Etcd3Client/Configuration/watchBufferSize``) and the configured
/// ``Etcd3Client/SlowConsumerPolicy``. Read ``updates`` instead to see progress notifications
/// and resumptions as well.
///
/// A sequence has one consumer: iterate it (or its ``updates``) once.
public struct EtcdWatchSequence: AsyncSequence, Sendable {
    /// One change.
    public typealias Element = EtcdWatchEvent

    let handle: WatchConsumerHandle

    /// The same watch with its lifecycle: event batches (one or more whole revisions),
    /// progress notifications, and ``EtcdWatchUpdate/resumed(revision:)`` after the watch was
    /// re-established on a new stream.
    ///
    /// ```swift
    /// for try await update in client.watchPrefix("/jobs/").updates {
    ///     switch update {
    ///     case .events(let events): apply(events)
    ///     case .progress(let revision): checkpoint(revision)
    ///     case .resumed(let revision): log("watch resumed at \(revision)")
    ///     }
    /// }
    /// ```
    public var updates: EtcdWatchUpdates { EtcdWatchUpdates(handle: handle) }

    /// The same watch with its lifecycle; renamed ``updates``.
    @available(*, deprecated, renamed: "updates")
    public var withProgress: EtcdWatchUpdates { updates }

    /// Creates the iterator.
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(handle: handle)
    }

    /// Iterates the events of a watch.
    public struct AsyncIterator: AsyncIteratorProtocol {
        let handle: WatchConsumerHandle
        var batch: [EtcdWatchEvent] = []
        var position = 0

        /// The next event, or `nil` when the watch ended.
        /// - Throws: ``EtcdError`` (`.compacted`, `.slowConsumer`, `.permissionDenied`,
        ///   `.cancelled`, `.closed`, …).
        public mutating func next() async throws -> EtcdWatchEvent? {
            while position >= batch.count {
                guard let update = try await handle.buffer.next() else { return nil }
                if case .events(let events) = update {
                    batch = events
                    position = 0
                }
            }
            defer { position += 1 }
            return batch[position]
        }
    }
}

@available(*, unavailable)
extension EtcdWatchSequence.AsyncIterator: Sendable {}

/// A watch's changes and lifecycle, from ``EtcdWatchSequence/updates``.
public struct EtcdWatchUpdates: AsyncSequence, Sendable {
    /// One update.
    public typealias Element = EtcdWatchUpdate

    let handle: WatchConsumerHandle

    /// Creates the iterator.
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(handle: handle)
    }

    /// Iterates the updates of a watch.
    public struct AsyncIterator: AsyncIteratorProtocol {
        let handle: WatchConsumerHandle

        /// The next update, or `nil` when the watch ended.
        /// - Throws: as ``EtcdWatchSequence/AsyncIterator/next()``.
        public mutating func next() async throws -> EtcdWatchUpdate? {
            try await handle.buffer.next()
        }
    }
}

@available(*, unavailable)
extension EtcdWatchUpdates.AsyncIterator: Sendable {}

extension Etcd3Client {
    /// Watches one key.
    ///
    /// - Parameters:
    ///   - key: the key (not empty).
    ///   - options: start revision, previous values, filters, progress notifications.
    /// - Returns: the key's changes; see ``EtcdWatchSequence``.
    public nonisolated func watch(_ key: EtcdBytes, options: EtcdWatchOptions = .init()) -> EtcdWatchSequence {
        watch(WatchSpec(key: key, end: nil, options: options))
    }

    /// Watches every key that starts with `prefix`.
    ///
    /// - Parameters:
    ///   - prefix: the prefix (not empty).
    ///   - options: start revision, previous values, filters, progress notifications.
    /// - Returns: the changes under the prefix; see ``EtcdWatchSequence``.
    public nonisolated func watchPrefix(_ prefix: EtcdBytes, options: EtcdWatchOptions = .init()) -> EtcdWatchSequence {
        watch(WatchSpec(key: prefix, end: prefix.prefixRangeEnd, options: options))
    }

    /// Watches every key in `[key, end)`.
    ///
    /// - Parameters:
    ///   - key: the first key (not empty).
    ///   - end: the end of the range (exclusive); `"\0"` means to the end of the keyspace.
    ///   - options: start revision, previous values, filters, progress notifications.
    /// - Returns: the changes in the range; see ``EtcdWatchSequence``.
    public nonisolated func watchRange(_ key: EtcdBytes, end: EtcdBytes, options: EtcdWatchOptions = .init()) -> EtcdWatchSequence {
        watch(WatchSpec(key: key, end: end, options: options))
    }

    /// Waits for the next change of `key` and returns it.
    ///
    /// - Parameters:
    ///   - key: the key (not empty).
    ///   - options: start revision, previous values, filters.
    ///   - timeout: how long to wait.
    /// - Returns: the first change.
    /// - Throws: ``EtcdError``: `.deadlineExceeded` when nothing changed in time, or what the
    ///   watch ended with.
    public nonisolated func watchOnce(
        _ key: EtcdBytes,
        options: EtcdWatchOptions = .init(),
        timeout: Duration
    ) async throws -> EtcdWatchEvent {
        try await first(of: watch(key, options: options), timeout: timeout)
    }

    /// Asks the server to report how far the watches of this client have got (on-demand
    /// progress).
    ///
    /// Each watch that has received every event up to the server's current revision gets
    /// ``EtcdWatchUpdate/progress(revision:)`` in its ``EtcdWatchSequence/updates``: a bookmark that
    /// says no event at or below `revision` is still to come. The plain event loop ignores it.
    /// A progress reply never moves where a watch resumes after a failure; that stays the
    /// revision after its last delivered event. Does nothing while no watch is open.
    public nonisolated func requestWatchProgress() {
        watches.requestProgress()
    }

    /// Waits for the next change under `prefix` and returns it.
    ///
    /// - Parameters:
    ///   - prefix: the prefix (not empty).
    ///   - options: start revision, previous values, filters.
    ///   - timeout: how long to wait.
    /// - Returns: the first change.
    /// - Throws: as ``watchOnce(_:options:timeout:)``.
    public nonisolated func watchPrefixOnce(
        _ prefix: EtcdBytes,
        options: EtcdWatchOptions = .init(),
        timeout: Duration
    ) async throws -> EtcdWatchEvent {
        try await first(of: watchPrefix(prefix, options: options), timeout: timeout)
    }

    private nonisolated func watch(_ spec: WatchSpec) -> EtcdWatchSequence {
        if spec.key.isEmpty {
            let buffer = WatchBuffer(capacity: 1)
            buffer.finish(throwing: EtcdError(.invalidArgument, "the key is empty; nothing was sent"))
            return EtcdWatchSequence(handle: WatchConsumerHandle(buffer: buffer))
        }
        return EtcdWatchSequence(handle: watches.watch(spec))
    }

    private nonisolated func first(of sequence: EtcdWatchSequence, timeout: Duration) async throws -> EtcdWatchEvent {
        try await withThrowingTaskGroup(of: EtcdWatchEvent?.self) { group in
            group.addTask {
                for try await event in sequence { return event }
                throw EtcdError(.cancelled, "the watch ended before a change")
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            guard let event = try await group.next()! else {
                throw EtcdError(.deadlineExceeded, "no change within the timeout")
            }
            return event
        }
    }
}
