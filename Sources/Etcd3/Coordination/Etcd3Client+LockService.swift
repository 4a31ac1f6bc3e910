import Etcd3Messages

/// A lock acquired through the server's Lock service (``EtcdLockService/lock(_:lease:timeout:)``).
///
/// The lock is the key ``key`` (`name/<lease ID in hex>`), attached to ``lease``: it is held
/// while that key exists, so it ends with `EtcdLockService.unlock(_:timeout:)`, with the
/// lease (expired or revoked), or when anyone deletes the key.
public struct EtcdLockServiceLock: Sendable, Hashable, CustomStringConvertible {
    /// The name locked.
    public var name: EtcdBytes
    /// The ownership key, `name/<lease ID in hex>`: it exists while the lock is held. Pass it to
    /// `EtcdLockService.unlock(_:timeout:)`.
    public var key: EtcdBytes
    /// The lease the key is attached to.
    public var lease: EtcdLeaseID
    /// The header of the server's answer. Its revision is the one at which the server found the
    /// lock acquired, not necessarily the key's create revision: for a fence, read the key
    /// (`client.get(lock.key)?.createRevision`).
    public var header: EtcdResponseHeader

    /// Creates a value.
    ///
    /// - Parameters:
    ///   - name: the name locked.
    ///   - key: the ownership key.
    ///   - lease: the lease the key is attached to.
    ///   - header: the header of the server's answer.
    public init(name: EtcdBytes, key: EtcdBytes, lease: EtcdLeaseID, header: EtcdResponseHeader = EtcdResponseHeader()) {
        self.name = name
        self.key = key
        self.lease = lease
        self.header = header
    }

    /// `lock name (key)`.
    public var description: String { "lock \(name) (\(key))" }
}

/// The server's Lock service (`v3lockpb.Lock`): locks that the server acquires on the
/// caller's behalf, owned by a lease. Reach it through ``Etcd3Client/lockService``.
///
/// ```swift
/// let lease = try await client.grantLease(ttl: .seconds(10))
/// let keepAlive = client.keepAlive(lease)               // keep the lease (and the lock) alive
/// let lock = try await client.lockService.lock("jobs/cleanup", lease: lease.id, timeout: .seconds(30))
/// // … work while holding it …
/// try await client.lockService.unlock(lock.key)
/// ```
///
/// The server runs etcd's Go `concurrency.Mutex` for the call, so the lock has the key layout
/// of that package, of `etcdctl lock` and of the client's own recipe
/// (``Etcd3Client/lock(_:session:timeout:)``): a lock taken here blocks them on the same name,
/// and the other way round.
///
/// The service needs the caller to keep the lease alive (``Etcd3Client/keepAlive(_:ttl:)``); it
/// does not watch the lease for the caller. The recipe (``Etcd3Client/withLock(_:session:timeout:isolation:_:)``)
/// does: it cancels the work when the session is lost, and gives fences for writes. Prefer it
/// unless the wait must happen on the server (one call, nothing to watch on the client).
public struct EtcdLockService: Sendable {
    let core: ClientCore

    /// Acquires the lock `name` for `lease`: the server creates the key `name/<lease ID in hex>`
    /// attached to the lease, and answers once every key created before it under `name/` is
    /// gone.
    ///
    /// ```swift
    /// let lock = try await client.lockService.lock("jobs/cleanup", lease: lease.id, timeout: .seconds(30))
    /// ```
    ///
    /// The server blocks the call until the lock is acquired, so `timeout` bounds the whole
    /// wait. When it passes (or the task is cancelled), the server deletes the key it created
    /// for this call, shortly after the failure. A lease that already holds `name` gets the
    /// same key back (a lease is one owner).
    ///
    /// > Important: Lock is a write. When the answer is lost (`.indeterminate`, or a
    /// > `.deadlineExceeded` whose cleanup did not reach the server), the key may exist and may
    /// > even hold the lock. It is attached to `lease`, so it goes with the lease: revoke the
    /// > lease, or unlock the key (`unlock(_:timeout:)` with `name/<lease ID in hex>`).
    ///
    /// > Warning: After a failed lock, do not lock the same name with the same lease again until
    /// > its key is gone: the failed call's cleanup can delete the key the new call reuses. etcd
    /// > 3.5 then fails the new call with `.leaseNotFound` (`mutex: session is expired`); etcd
    /// > 3.4 answers as if the lock were acquired.
    ///
    /// - Parameters:
    ///   - name: the lock's name (not empty).
    ///   - lease: the owner: a live lease, kept alive by the caller for as long as the lock
    ///     should be held.
    ///   - timeout: how long to wait for the lock in all; `nil` uses the client's
    ///     ``Etcd3Client/Configuration/requestTimeout``.
    /// - Returns: the held lock: its key and the header of the server's answer.
    /// - Throws: ``EtcdError``: `.invalidArgument` for an empty name or lease 0 (nothing sent;
    ///   with lease 0 the server would attach the key to a lease of its own);
    ///   `.leaseNotFound` when the lease does not exist or ended during the wait;
    ///   `.deadlineExceeded`; `.cancelled`; `.indeterminate` (see above); otherwise as
    ///   ``Etcd3Client/put(_:_:lease:timeout:)``.
    public func lock(_ name: EtcdBytes, lease: EtcdLeaseID, timeout: Duration? = nil) async throws(EtcdError) -> EtcdLockServiceLock {
        try Self.validate(name: name, lease: lease, what: "lock")
        let request = V3lockpb.LockRequest(name: name.bytes, lease: lease.rawValue)
        let response = try await core.unary(V3lockpb.Lock.lock, request, kind: .mutation, timeout: timeout)
        return EtcdLockServiceLock(
            name: name, key: EtcdBytes(response.key), lease: lease, header: EtcdResponseHeader(response.header))
    }

    /// Releases a lock by deleting its ownership key.
    ///
    /// ```swift
    /// try await client.lockService.unlock(lock.key)
    /// ```
    ///
    /// The server deletes the key whoever holds it; a key that does not exist is no error. A
    /// release is safe to repeat, so a lost answer is retried like a read.
    ///
    /// - Parameters:
    ///   - key: the ownership key (``EtcdLockServiceLock/key``).
    ///   - timeout: the call's deadline.
    /// - Returns: the response header.
    /// - Throws: ``EtcdError``: `.invalidArgument` for an empty key (nothing sent); otherwise as
    ///   ``Etcd3Client/delete(_:prevKV:timeout:)``.
    @discardableResult
    public func unlock(_ key: EtcdBytes, timeout: Duration? = nil) async throws(EtcdError) -> EtcdResponseHeader {
        guard !key.isEmpty else { throw EtcdError(.invalidArgument, "the lock key is empty; nothing was sent") }
        let response = try await core.unary(
            V3lockpb.Lock.unlock, V3lockpb.UnlockRequest(key: key.bytes), kind: .idempotent, timeout: timeout)
        return EtcdResponseHeader(response.header)
    }

    /// Releases `lock`: `unlock(_:timeout:)` with its key.
    ///
    /// - Parameters:
    ///   - lock: the lock.
    ///   - timeout: the call's deadline.
    /// - Returns: the response header.
    /// - Throws: ``EtcdError``, as `unlock(_:timeout:)`.
    @discardableResult
    public func unlock(_ lock: EtcdLockServiceLock, timeout: Duration? = nil) async throws(EtcdError) -> EtcdResponseHeader {
        try await unlock(lock.key, timeout: timeout)
    }

    /// Refuses what the server would misread: an empty name, or lease 0 (the server would grant
    /// a lease of its own and attach the key to it).
    static func validate(name: EtcdBytes, lease: EtcdLeaseID, what: String) throws(EtcdError) {
        guard !name.isEmpty else { throw EtcdError(.invalidArgument, "the \(what) name is empty; nothing was sent") }
        guard lease.rawValue != 0 else {
            throw EtcdError(.invalidArgument, "the \(what) needs a lease (0 is no lease); nothing was sent")
        }
    }
}

extension Etcd3Client {
    /// The server's Lock service: locks the server acquires for a lease.
    ///
    /// ```swift
    /// let lock = try await client.lockService.lock("jobs/cleanup", lease: lease.id)
    /// try await client.lockService.unlock(lock.key)
    /// ```
    ///
    /// See ``EtcdLockService``; for locks tied to a session, with fences and cancellation on
    /// loss, use ``lock(_:session:timeout:)`` and ``withLock(_:session:timeout:isolation:_:)``.
    public nonisolated var lockService: EtcdLockService { EtcdLockService(core: core) }
}
