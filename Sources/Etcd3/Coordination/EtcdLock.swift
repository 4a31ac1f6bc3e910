import Synchronization

/// A held lock: mutual exclusion among the sessions that lock the same name.
///
/// ```swift
/// let session = try await client.session(ttl: .seconds(10))
/// let lock = try await client.lock("jobs/cleanup", session: session, timeout: .seconds(30))
/// try await lock.put("/jobs/cleanup/last", "\(lock.fence)")   // fenced: only while held
/// try await lock.release()
/// ```
///
/// The lock is the key ``key`` (`name/<lease ID in hex>`), attached to the session's lease, the
/// layout of etcd's Go `concurrency.Mutex`, of `etcdctl lock` and of the server's Lock service:
/// a lock held here blocks them on the same name, and the other way round. It is held until
/// ``release(timeout:)``, until its session ends (closed, or lost: then the key is gone with
/// the lease), or until someone deletes its key.
///
/// Use the ``fence`` (``EtcdFenced``) to make writes conditional on still holding it: a holder
/// that lost its lock without knowing it can then never write.
///
/// Read and write locks (``Etcd3Client/readLock(_:session:timeout:)``,
/// ``Etcd3Client/writeLock(_:session:timeout:)``) are held as `EtcdLock`s too, with the key
/// `name/read/<lease ID in hex>` or `name/write/<lease ID in hex>`.
public final class EtcdLock: EtcdFenced, CustomStringConvertible {
    /// The name locked (inside ``namespace`` when it was locked through one).
    public var name: EtcdBytes { held.line.shown(held.line.name) }
    /// The lock's key: `name/<lease ID in hex>`, inside ``namespace`` when it was locked
    /// through one (the stored key then has the namespace's prefix before it).
    public var key: EtcdBytes { held.line.shown(held.key) }
    /// The namespace the lock was taken through (``EtcdNamespace/lock(_:session:timeout:)``),
    /// or `nil`: its ``name`` and ``key`` are then inside it, and fenced writes go through it.
    public var namespace: EtcdNamespace? { held.line.namespace }
    /// The key's create revision: strictly increasing from one holder of the name to the next.
    public var fence: Int64 { held.fence }
    /// The session that holds the lock.
    public var session: EtcdSession { held.session }
    /// The response header of the read that found the lock acquired.
    public let header: EtcdResponseHeader

    let held: HeldPlace
    /// Whether the lock opened its session for itself (and closes it on release).
    let ownsSession: Bool

    init(line: OwnershipLine, place: OwnershipLine.Place, session: EtcdSession, header: EtcdResponseHeader, ownsSession: Bool = false) {
        self.held = HeldPlace(line: line, key: place.key, fence: place.revision, session: session)
        self.ownsSession = ownsSession
        self.header = header
    }

    /// The client that writes.
    public var client: Etcd3Client { session.client }

    /// ``EtcdError/Code/lockLost``.
    public var fenceLostCode: EtcdError.Code { .lockLost }

    /// `name` (key @ fence).
    public var description: String { "lock \(name) (\(key) @ \(fence))" }

    /// Whether the lock is still held: it was not released, its session is alive and its key is
    /// still the one it created (one read).
    ///
    /// - Parameter timeout: the read's deadline.
    /// - Returns: `true` while held.
    /// - Throws: ``EtcdError``, as ``Etcd3Client/get(_:options:timeout:)``.
    public func isHeld(timeout: Duration? = nil) async throws(EtcdError) -> Bool {
        try await held.isHeld(timeout: timeout)
    }

    /// Releases the lock: deletes its key if it is still the one this holder created (compared
    /// on the create revision, so a retried release never deletes a newer holder's key).
    ///
    /// When the session holds the same name more than once (a reentrant acquisition), only the
    /// last release deletes the key. A lock with a session of its own
    /// (``Etcd3Client/lock(_:ttl:timeout:)``) closes that session too.
    ///
    /// - Parameter timeout: the call's deadline.
    /// - Throws: ``EtcdError``: `.lockLost` when the lock was already released, or its key is gone
    ///   or belongs to a newer holder (nothing deleted); `.indeterminate` when no answer came
    ///   after three attempts (nothing changed: call it again, or let the key go with the
    ///   session).
    public func release(timeout: Duration? = nil) async throws(EtcdError) {
        do {
            try await held.giveUp(timeout: timeout, lostCode: .lockLost, owner: "\(self)")
        } catch {
            if ownsSession && held.isGivenUp { await session.close() }
            throw error
        }
        if ownsSession { await session.close() }
    }

    /// Refreshes the session's lease once, now (aetcd3's `Lock.refresh`); the session keeps
    /// refreshing it by itself.
    ///
    /// - Parameter timeout: the call's deadline.
    /// - Returns: the lease's TTL after the refresh.
    /// - Throws: ``EtcdError``: `.leaseNotFound` when the lease is gone.
    @discardableResult
    public func refresh(timeout: Duration? = nil) async throws(EtcdError) -> Duration {
        try await session.refresh(timeout: timeout)
    }
}

extension Etcd3Client {
    /// Acquires the lock `name` for `session`, waiting for earlier holders to release it.
    ///
    /// ```swift
    /// let lock = try await client.lock("jobs/cleanup", session: session, timeout: .seconds(30))
    /// defer { Task { try? await lock.release() } }
    /// ```
    ///
    /// Waiters are served in the order they asked. Each one watches only the waiter ahead of
    /// it, so a release wakes one waiter. An uncontended acquisition is one round trip.
    ///
    /// The wait ends at once when the session is lost (with the loss), when `timeout` passes
    /// (`.deadlineExceeded`) or when the task is cancelled (`.cancelled`), and then leaves no
    /// key behind. When the session already holds `name` (or waits for it), the acquisition
    /// shares that place instead of deadlocking: a session is one owner.
    ///
    /// - Parameters:
    ///   - name: the lock's name (not empty); its key is `name/<lease ID in hex>`.
    ///   - session: the owner.
    ///   - timeout: how long to wait for the lock in all; `nil` waits until it is acquired.
    /// - Returns: the held lock.
    /// - Throws: ``EtcdError``: `.invalidArgument` for an empty name (nothing sent);
    ///   `.deadlineExceeded`; `.cancelled`; the session's loss (`.leaseNotFound`,
    ///   `.leaseExpired`, `.closed`) when it ends during the wait; otherwise what the reads,
    ///   transactions and watches throw.
    public nonisolated func lock(_ name: EtcdBytes, session: EtcdSession, timeout: Duration? = nil) async throws(EtcdError) -> EtcdLock {
        try await acquireLock(name, session: session, timeout: timeout, wait: true)!
    }

    /// Acquires the lock `name` with a session of its own (aetcd3's `client.lock(name, ttl)`),
    /// waiting for earlier holders to release it; ``EtcdLock/release(timeout:)`` also closes
    /// that session.
    ///
    /// ```swift
    /// let lock = try await client.lock("jobs/cleanup", ttl: .seconds(30), timeout: .seconds(10))
    /// defer { Task { try? await lock.release() } }
    /// ```
    ///
    /// - Parameters:
    ///   - name: the lock's name (not empty).
    ///   - ttl: the session's TTL: the lock is lost no later than a TTL after the last
    ///     acknowledged refresh (a crashed holder's lock is free after it).
    ///   - timeout: how long to wait for the lock in all; `nil` waits until it is acquired.
    /// - Returns: the held lock.
    /// - Throws: ``EtcdError``, as ``session(ttl:timeout:)`` and ``lock(_:session:timeout:)``.
    public nonisolated func lock(_ name: EtcdBytes, ttl: Duration, timeout: Duration? = nil) async throws(EtcdError) -> EtcdLock {
        try await lock(in: OwnershipLine(client: self, name: name, what: "lock"), ttl: ttl, timeout: timeout)
    }

    /// ``lock(_:ttl:timeout:)`` in `line`: of this client, or of a namespace.
    nonisolated func lock(in line: OwnershipLine, ttl: Duration, timeout: Duration?) async throws(EtcdError) -> EtcdLock {
        let session = try await session(ttl: ttl, timeout: timeout)
        do throws(EtcdError) {
            let (place, header) = try await line.acquire(session: session, value: "", timeout: timeout, wait: true)!
            return EtcdLock(line: line, place: place, session: session, header: header, ownsSession: true)
        } catch {
            await session.close()
            throw error
        }
    }

    /// Acquires the lock `name` for `session` if nobody holds it, without waiting.
    ///
    /// - Parameters:
    ///   - name: the lock's name (not empty).
    ///   - session: the owner.
    ///   - timeout: the deadline of the call.
    /// - Returns: the held lock, or `nil` when another session holds it (nothing is left
    ///   behind).
    /// - Throws: ``EtcdError``, as ``lock(_:session:timeout:)``.
    public nonisolated func tryLock(_ name: EtcdBytes, session: EtcdSession, timeout: Duration? = nil) async throws(EtcdError) -> EtcdLock?
    {
        try await acquireLock(name, session: session, timeout: timeout, wait: false)
    }

    /// Acquires the lock `name`, runs `body` while holding it, and releases it however `body`
    /// ends.
    ///
    /// ```swift
    /// try await client.withLock("jobs/cleanup") { lock in
    ///     try await cleanUp()                                  // cancelled if the lock is lost
    ///     try await lock.put("/jobs/cleanup/done", "\(lock.fence)")  // only while held
    /// }
    /// ```
    ///
    /// When the session can no longer be proven alive while `body` runs (no refresh acknowledged
    /// for a TTL, the lease revoked, the client closed), the task running `body` is cancelled at
    /// once, and `withLock` throws ``EtcdError/Code/lockLost`` however `body` ends.
    ///
    /// > Warning: Cancellation is cooperative: work in `body` that does not check for it keeps
    /// > running after the lock is lost. Fence the writes that must not happen then.
    ///
    /// - Parameters:
    ///   - name: the lock's name (not empty).
    ///   - session: the owner; `nil` opens a session (TTL ``defaultSessionTTL``) for this
    ///     lock and closes it afterwards.
    ///   - timeout: how long to wait for the lock; `nil` waits until it is acquired.
    ///   - isolation: the actor `body` runs on; the caller's by default.
    ///   - body: the work to do while holding the lock.
    /// - Returns: what `body` returns.
    /// - Throws: ``EtcdError`` as ``lock(_:session:timeout:)``; `.lockLost` when the lock was
    ///   lost while `body` ran; otherwise what `body` throws.
    public func withLock<Result>(
        _ name: EtcdBytes,
        session: EtcdSession? = nil,
        timeout: Duration? = nil,
        isolation: isolated (any Actor)? = #isolation,
        _ body: (EtcdLock) async throws -> sending Result
    ) async throws -> sending Result {
        try await withHeld(
            session: session, isolation: isolation,
            acquire: { session throws(EtcdError) in
                try await lock(name, session: session, timeout: timeout)
            }, body)
    }

    /// The scope of ``withLock(_:session:timeout:isolation:_:)`` and its kin: acquires a lock
    /// with `acquire` (in `session`, or in a session of its own when `nil`), runs `body` while
    /// holding it, cancelled when the session ends or the lock's key is deleted, and releases
    /// it however `body` ends.
    func withHeld<Result>(
        session: EtcdSession?,
        isolation: isolated (any Actor)?,
        acquire: (EtcdSession) async throws(EtcdError) -> EtcdLock,
        _ body: (EtcdLock) async throws -> sending Result
    ) async throws -> sending Result {
        if let session {
            return try await holding(try await acquire(session), isolation: isolation, body)
        }
        return try await withSession(isolation: isolation) { session in
            try await holding(try await acquire(session), isolation: isolation, body)
        }
    }

    private func holding<Result>(
        _ lock: EtcdLock,
        isolation: isolated (any Actor)?,
        _ body: (EtcdLock) async throws -> sending Result
    ) async throws -> sending Result {
        let session = lock.session
        return try await session.owning(
            lock, isolation: isolation,
            lost: { why in EtcdError(.lockLost, "\(lock) was lost: \(why)") },
            end: { try await lock.release() },
            { try await body(lock) })
    }

    private nonisolated func acquireLock(
        _ name: EtcdBytes, session: EtcdSession, timeout: Duration?, wait: Bool
    ) async throws(EtcdError) -> EtcdLock? {
        let line = try OwnershipLine(client: self, name: name, what: "lock")
        return try await acquireLock(
            in: line, key: line.key(for: session), blockers: line.prefix, session: session, timeout: timeout, wait: wait)
    }

    /// Takes the place `key` in `line` for `session` and waits (when `wait`) until no key under
    /// `blockers` created before it is left: ``lock(_:session:timeout:)`` and its kin.
    nonisolated func acquireLock(
        in line: OwnershipLine, key: EtcdBytes, blockers: EtcdBytes, session: EtcdSession, timeout: Duration?, wait: Bool
    ) async throws(EtcdError) -> EtcdLock? {
        guard
            let (place, header) = try await line.acquire(
                session: session, value: "", key: key, blockers: blockers, timeout: timeout, wait: wait)
        else { return nil }
        return EtcdLock(line: line, place: place, session: session, header: header)
    }
}
