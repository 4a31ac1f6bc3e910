/// The changes to keys of a namespace (``EtcdNamespace``), as they happen: a ``EtcdWatchSequence``
/// whose events' keys (and previous pairs' keys) come without the namespace's prefix.
///
/// Everything else is the watch's: events in revision order, each once, resumed across
/// failures; ``updates`` for progress notifications and resumptions. A sequence has one
/// consumer: iterate it (or its ``updates``) once.
public struct EtcdNamespacedWatchSequence: AsyncSequence, Sendable {
    /// One change.
    public typealias Element = EtcdWatchEvent
    /// How a watch fails.
    public typealias Failure = EtcdError

    let base: EtcdWatchSequence
    let keys: NamespaceKeys

    /// The same watch with its lifecycle, as ``EtcdWatchSequence/updates``, keys stripped.
    public var updates: EtcdNamespacedWatchUpdates { EtcdNamespacedWatchUpdates(base: base.updates, keys: keys) }

    /// Creates the iterator.
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: base.makeAsyncIterator(), keys: keys)
    }

    /// Iterates the events of a watch in a namespace.
    public struct AsyncIterator: AsyncIteratorProtocol {
        var base: EtcdWatchSequence.AsyncIterator
        let keys: NamespaceKeys

        /// The next event, keys without the prefix, or `nil` when the watch ended.
        /// - Parameter actor: the caller's isolation (the iterator does not hop off it).
        /// - Throws: as ``EtcdWatchSequence/AsyncIterator/next(isolation:)``.
        public mutating func next(isolation actor: isolated (any Actor)? = #isolation) async throws(EtcdError) -> EtcdWatchEvent? {
            try await base.next().map(keys.strip)
        }

        /// The next event, keys without the prefix, or `nil` when the watch ended.
        /// - Throws: as ``EtcdWatchSequence/AsyncIterator/next(isolation:)``.
        public mutating func next() async throws(EtcdError) -> EtcdWatchEvent? {
            try await base.next().map(keys.strip)
        }
    }
}

@available(*, unavailable)
extension EtcdNamespacedWatchSequence.AsyncIterator: Sendable {}

/// A namespaced watch's changes and lifecycle, from ``EtcdNamespacedWatchSequence/updates``.
public struct EtcdNamespacedWatchUpdates: AsyncSequence, Sendable {
    /// One update.
    public typealias Element = EtcdWatchUpdate
    /// How a watch fails.
    public typealias Failure = EtcdError

    let base: EtcdWatchUpdates
    let keys: NamespaceKeys

    /// Creates the iterator.
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: base.makeAsyncIterator(), keys: keys)
    }

    /// Iterates the updates of a watch in a namespace.
    public struct AsyncIterator: AsyncIteratorProtocol {
        var base: EtcdWatchUpdates.AsyncIterator
        let keys: NamespaceKeys

        /// The next update, events' keys without the prefix, or `nil` when the watch ended.
        /// - Parameter actor: the caller's isolation (the iterator does not hop off it).
        /// - Throws: as ``EtcdWatchSequence/AsyncIterator/next(isolation:)``.
        public mutating func next(isolation actor: isolated (any Actor)? = #isolation) async throws(EtcdError) -> EtcdWatchUpdate? {
            try await next()
        }

        /// The next update, events' keys without the prefix, or `nil` when the watch ended.
        /// - Throws: as ``EtcdWatchSequence/AsyncIterator/next(isolation:)``.
        public mutating func next() async throws(EtcdError) -> EtcdWatchUpdate? {
            guard let update = try await base.next() else { return nil }
            if case .events(let events) = update { return .events(events.map(keys.strip)) }
            return update
        }
    }
}

@available(*, unavailable)
extension EtcdNamespacedWatchUpdates.AsyncIterator: Sendable {}

extension EtcdNamespace {
    /// Watches one key of the view; as ``Etcd3Client/watch(_:options:)``.
    ///
    /// - Parameters:
    ///   - key: the key inside the view (not empty).
    ///   - options: start revision, previous values, filters, progress notifications.
    /// - Returns: the key's changes, keys without the prefix.
    public func watch(_ key: EtcdBytes, options: EtcdWatchOptions = .init()) -> EtcdNamespacedWatchSequence {
        watch(key, end: nil, options: options)
    }

    /// Watches every key of the view that starts with `prefix`; as
    /// ``Etcd3Client/watchPrefix(_:options:)``.
    ///
    /// - Parameters:
    ///   - prefix: the prefix inside the view (not empty; `watchRange("\0", end: "\0")`
    ///     watches the whole view).
    ///   - options: start revision, previous values, filters, progress notifications.
    /// - Returns: the changes under the prefix, keys without the view's prefix.
    public func watchPrefix(_ prefix: EtcdBytes, options: EtcdWatchOptions = .init()) -> EtcdNamespacedWatchSequence {
        watch(prefix, end: prefix.prefixRangeEnd, options: options)
    }

    /// Watches every key of the view in `[key, end)`; as
    /// ``Etcd3Client/watchRange(_:end:options:)``.
    ///
    /// - Parameters:
    ///   - key: the first key, inside the view (not empty).
    ///   - end: the end of the range (exclusive); `"\0"` means to the end of the view.
    ///   - options: start revision, previous values, filters, progress notifications.
    /// - Returns: the changes in the range, keys without the prefix.
    public func watchRange(_ key: EtcdBytes, end: EtcdBytes, options: EtcdWatchOptions = .init()) -> EtcdNamespacedWatchSequence {
        watch(key, end: end, options: options)
    }

    /// Waits for the next change of `key` in the view; as
    /// ``Etcd3Client/watchOnce(_:options:timeout:)``.
    ///
    /// - Parameters:
    ///   - key: the key inside the view (not empty).
    ///   - options: start revision, previous values, filters.
    ///   - timeout: how long to wait.
    /// - Returns: the first change, keys without the prefix.
    /// - Throws: ``EtcdError``: `.deadlineExceeded` when nothing changed in time, or what the
    ///   watch ended with.
    public func watchOnce(_ key: EtcdBytes, options: EtcdWatchOptions = .init(), timeout: Duration) async throws -> EtcdWatchEvent {
        try Etcd3Client.validateKey(key)
        return keys.strip(try await client.watchOnce(keys.key(key), options: options, timeout: timeout))
    }

    /// Waits for the next change under `prefix` in the view; as
    /// ``Etcd3Client/watchPrefixOnce(_:options:timeout:)``.
    ///
    /// - Parameters:
    ///   - prefix: the prefix inside the view (not empty).
    ///   - options: start revision, previous values, filters.
    ///   - timeout: how long to wait.
    /// - Returns: the first change, keys without the prefix.
    /// - Throws: as ``watchOnce(_:options:timeout:)``.
    public func watchPrefixOnce(_ prefix: EtcdBytes, options: EtcdWatchOptions = .init(), timeout: Duration) async throws -> EtcdWatchEvent
    {
        try Etcd3Client.validateKey(prefix)
        return keys.strip(try await client.watchPrefixOnce(keys.key(prefix), options: options, timeout: timeout))
    }

    /// Asks the server to report how far the client's watches have got; as
    /// ``Etcd3Client/requestWatchProgress()`` (every watch of the client, inside the view or
    /// not, may get a progress notification).
    public func requestWatchProgress() {
        client.requestWatchProgress()
    }

    private func watch(_ key: EtcdBytes, end: EtcdBytes?, options: EtcdWatchOptions) -> EtcdNamespacedWatchSequence {
        let base: EtcdWatchSequence
        if key.isEmpty {
            // Prefixed, the empty key would watch the prefix itself: refuse it as the client does.
            let buffer = WatchBuffer(capacity: 1)
            buffer.finish(throwing: EtcdError(.invalidArgument, "the key is empty; nothing was sent"))
            base = EtcdWatchSequence(handle: WatchConsumerHandle(buffer: buffer))
        } else if let end = keys.rangeEnd(end) {
            base = client.watchRange(keys.key(key), end: end, options: options)
        } else {
            base = client.watch(keys.key(key), options: options)
        }
        return EtcdNamespacedWatchSequence(base: base, keys: keys)
    }
}
