// The server's Lock and Election services through a view: names are keys of the view, and the
// keys the server answers come back without the prefix (and are prefixed again when handed
// back to the server, to unlock, proclaim or resign).

extension EtcdNamespace {
    /// The server's Lock service with its names inside the view; as
    /// ``Etcd3Client/lockService``.
    public var lockService: EtcdNamespacedLockService { EtcdNamespacedLockService(base: client.lockService, keys: keys) }

    /// The server's Election service with its names inside the view; as
    /// ``Etcd3Client/electionService``.
    public var electionService: EtcdNamespacedElectionService {
        EtcdNamespacedElectionService(base: client.electionService, keys: keys)
    }
}

/// The server's Lock service (``EtcdLockService``) inside a namespace: lock names are keys of
/// the namespace, the returned locks' `name` and `key` come without its prefix.
public struct EtcdNamespacedLockService: Sendable {
    let base: EtcdLockService
    let keys: NamespaceKeys

    /// Acquires the lock `name` of the view for `lease`; as
    /// ``EtcdLockService/lock(_:lease:timeout:)``.
    ///
    /// - Parameters:
    ///   - name: the lock's name inside the view (not empty).
    ///   - lease: the lease that owns the lock.
    ///   - timeout: how long to wait for the lock.
    /// - Returns: the held lock, its name and key without the view's prefix.
    /// - Throws: ``EtcdError``, as ``EtcdLockService/lock(_:lease:timeout:)``.
    public func lock(_ name: EtcdBytes, lease: EtcdLeaseID, timeout: Duration? = nil) async throws(EtcdError) -> EtcdLockServiceLock {
        try EtcdLockService.validate(name: name, lease: lease, what: "lock")
        var lock = try await base.lock(keys.key(name), lease: lease, timeout: timeout)
        lock.name = name
        lock.key = keys.strip(lock.key)
        return lock
    }

    /// Releases the lock whose key (inside the view) is `key`; as
    /// `EtcdLockService.unlock(_:timeout:)`.
    ///
    /// - Parameters:
    ///   - key: the lock's key inside the view (not empty).
    ///   - timeout: the call's deadline.
    /// - Returns: the response header.
    /// - Throws: ``EtcdError``, as `EtcdLockService.unlock(_:timeout:)`.
    @discardableResult
    public func unlock(_ key: EtcdBytes, timeout: Duration? = nil) async throws(EtcdError) -> EtcdResponseHeader {
        guard !key.isEmpty else { throw EtcdError(.invalidArgument, "the lock key is empty; nothing was sent") }
        return try await base.unlock(keys.key(key), timeout: timeout)
    }

    /// Releases a lock taken through this view; as `EtcdLockService.unlock(_:timeout:)`.
    ///
    /// - Parameters:
    ///   - lock: the lock, as ``lock(_:lease:timeout:)`` returned it.
    ///   - timeout: the call's deadline.
    /// - Returns: the response header.
    /// - Throws: ``EtcdError``, as `EtcdLockService.unlock(_:timeout:)`.
    @discardableResult
    public func unlock(_ lock: EtcdLockServiceLock, timeout: Duration? = nil) async throws(EtcdError) -> EtcdResponseHeader {
        try await unlock(lock.key, timeout: timeout)
    }
}

/// The server's Election service (``EtcdElectionService``) inside a namespace: election names
/// are keys of the namespace; leader keys and observed values come without its prefix.
public struct EtcdNamespacedElectionService: Sendable {
    let base: EtcdElectionService
    let keys: NamespaceKeys

    /// Campaigns in the election `name` of the view; as
    /// ``EtcdElectionService/campaign(_:value:lease:timeout:)``.
    ///
    /// - Parameters:
    ///   - name: the election's name inside the view (not empty).
    ///   - value: the value to proclaim once elected.
    ///   - lease: the lease that owns the candidacy.
    ///   - timeout: how long to wait to be elected.
    /// - Returns: the leader key, its name and key without the view's prefix; hand it back to
    ///   this view's ``proclaim(_:value:timeout:)`` and ``resign(_:timeout:)``.
    /// - Throws: ``EtcdError``, as ``EtcdElectionService/campaign(_:value:lease:timeout:)``.
    public func campaign(
        _ name: EtcdBytes, value: EtcdBytes, lease: EtcdLeaseID, timeout: Duration? = nil
    ) async throws(EtcdError) -> EtcdElectionServiceLeaderKey {
        try EtcdLockService.validate(name: name, lease: lease, what: "election")
        return shown(try await base.campaign(keys.key(name), value: value, lease: lease, timeout: timeout))
    }

    /// Replaces the leader's value; as ``EtcdElectionService/proclaim(_:value:timeout:)``.
    ///
    /// - Parameters:
    ///   - leader: the leader key, as ``campaign(_:value:lease:timeout:)`` returned it.
    ///   - value: the new value.
    ///   - timeout: the call's deadline.
    /// - Returns: the response header.
    /// - Throws: ``EtcdError``, as ``EtcdElectionService/proclaim(_:value:timeout:)``.
    @discardableResult
    public func proclaim(
        _ leader: EtcdElectionServiceLeaderKey, value: EtcdBytes, timeout: Duration? = nil
    ) async throws(EtcdError) -> EtcdResponseHeader {
        try await base.proclaim(stored(leader), value: value, timeout: timeout)
    }

    /// The current leader of the election `name` of the view; as
    /// ``EtcdElectionService/leader(_:timeout:)``.
    ///
    /// - Parameters:
    ///   - name: the election's name inside the view (not empty).
    ///   - timeout: the call's deadline.
    /// - Returns: the leader's pair, its key without the view's prefix, or `nil` when there is
    ///   no leader.
    /// - Throws: ``EtcdError``, as ``EtcdElectionService/leader(_:timeout:)``.
    public func leader(_ name: EtcdBytes, timeout: Duration? = nil) async throws(EtcdError) -> EtcdKeyValue? {
        guard !name.isEmpty else { throw EtcdError(.invalidArgument, "the election name is empty; nothing was sent") }
        return try await base.leader(keys.key(name), timeout: timeout).map(keys.strip)
    }

    /// Every leader value of the election `name` of the view; as
    /// ``EtcdElectionService/observe(_:)``.
    ///
    /// - Parameter name: the election's name inside the view (not empty).
    /// - Returns: the observation, keys without the view's prefix.
    public func observe(_ name: EtcdBytes) -> EtcdNamespacedElectionServiceObservation {
        EtcdNamespacedElectionServiceObservation(base: base.observe(keys.key(name)), name: name, keys: keys)
    }

    /// Resigns a leadership won through this view; as
    /// ``EtcdElectionService/resign(_:timeout:)``.
    ///
    /// - Parameters:
    ///   - leader: the leader key, as ``campaign(_:value:lease:timeout:)`` returned it.
    ///   - timeout: the call's deadline.
    /// - Returns: the response header.
    /// - Throws: ``EtcdError``, as ``EtcdElectionService/resign(_:timeout:)``.
    @discardableResult
    public func resign(_ leader: EtcdElectionServiceLeaderKey, timeout: Duration? = nil) async throws(EtcdError) -> EtcdResponseHeader {
        try await base.resign(stored(leader), timeout: timeout)
    }

    private func shown(_ leader: EtcdElectionServiceLeaderKey) -> EtcdElectionServiceLeaderKey {
        var leader = leader
        leader.name = keys.strip(leader.name)
        leader.key = keys.strip(leader.key)
        return leader
    }

    private func stored(_ leader: EtcdElectionServiceLeaderKey) -> EtcdElectionServiceLeaderKey {
        var leader = leader
        leader.name = keys.key(leader.name)
        leader.key = keys.key(leader.key)
        return leader
    }
}

/// The leader values of an election of a namespace, from
/// ``EtcdNamespacedElectionService/observe(_:)``: ``EtcdElectionServiceObservation`` with the
/// keys stripped.
public struct EtcdNamespacedElectionServiceObservation: AsyncSequence, Sendable {
    /// The leader's key (without the prefix) and value.
    public typealias Element = EtcdKeyValue
    /// Why the observation ended.
    public typealias Failure = EtcdError

    let base: EtcdElectionServiceObservation
    /// The election's name inside the view.
    public let name: EtcdBytes
    let keys: NamespaceKeys

    /// Creates the iterator; the stream opens on its first ``AsyncIterator/next()``.
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: base.makeAsyncIterator(), refused: name.isEmpty, keys: keys)
    }

    /// Iterates the leader values of an election of a namespace.
    public struct AsyncIterator: AsyncIteratorProtocol {
        /// The leader's key (without the prefix) and value.
        public typealias Element = EtcdKeyValue
        /// Why the observation ended.
        public typealias Failure = EtcdError

        var base: EtcdElectionServiceObservation.AsyncIterator
        /// The name was empty: the first call throws, as the client's observation does, and
        /// every later one returns `nil`; no stream is opened.
        let refused: Bool
        var threwRefusal = false
        let keys: NamespaceKeys

        /// The next leader value, its key without the prefix.
        ///
        /// - Returns: the leader's key and value; `nil` only after the observation has thrown.
        /// - Throws: ``EtcdError``, as ``EtcdElectionServiceObservation/AsyncIterator/next()``.
        public mutating func next() async throws(EtcdError) -> EtcdKeyValue? {
            try await next(isolation: nil)
        }

        /// The next leader value; see ``next()``.
        ///
        /// - Parameter actor: the caller's actor.
        /// - Returns: the leader's key and value; `nil` only after the observation has thrown.
        /// - Throws: ``EtcdError``, as ``next()``.
        public mutating func next(isolation actor: isolated (any Actor)?) async throws(EtcdError) -> EtcdKeyValue? {
            if refused {
                if threwRefusal { return nil }
                threwRefusal = true
                throw EtcdError(.invalidArgument, "the election name is empty; nothing was sent")
            }
            return try await base.next(isolation: actor).map(keys.strip)
        }
    }
}
