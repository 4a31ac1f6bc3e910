// The read/write lock: many readers at once, or one writer.
//
// The layout is that of etcd's Go `recipe.RWMutex` (`client/v3/experimental/recipes`), with a
// key per session instead of per call: a reader's key is `name/read/<lease ID in hex>`, a
// writer's `name/write/<lease ID in hex>`, each attached to the session's lease and created
// only if absent. A reader holds the lock when no writer's key created before its own is left;
// a writer when no key at all created before its own is left. Readers and writers are so
// served in the order they asked: a reader that comes after a waiting writer waits for it.
//
// Unlike the Go recipe (etcd issue 16221), a waiter reads its part of the line again whenever
// the newest key it waits behind is deleted, and checks each time that its own key is still
// there: a waiting writer whose session expires fails (it never takes the lock without its
// key), and the readers behind it go ahead at once unless an earlier live writer is left.

/// The two ways of holding a read/write lock, each with its keys under a part of the name.
enum ReadWriteMode: Sendable {
    case read, write

    /// The sub-line of the name the mode's keys live in: `read/` or `write/`.
    var segment: EtcdBytes {
        switch self {
        case .read: "read/"
        case .write: "write/"
        }
    }
}

extension Etcd3Client {
    /// Acquires the read lock `name` for `session`: shared with other readers, waiting for the
    /// writers that asked before.
    ///
    /// ```swift
    /// let session = try await client.session(ttl: .seconds(10))
    /// let lock = try await client.readLock("config", session: session, timeout: .seconds(30))
    /// let config = try await client.getPrefix("/config/")   // no writer changes it meanwhile
    /// try await lock.release()
    /// ```
    ///
    /// The lock is the key `name/read/<lease ID in hex>`, the layout of etcd's Go
    /// `recipe.RWMutex`. It is held until ``EtcdLock/release(timeout:)``, until the session
    /// ends, or until someone deletes its key. Its ``EtcdLock/fence`` is the key's create
    /// revision: fenced writes (``EtcdFenced``) apply only while it is held, but readers holding
    /// the lock together have fences of their own, so a fence orders a reader only against
    /// writers.
    ///
    /// The wait ends at once when the session is lost (with the loss), when `timeout` passes
    /// (`.deadlineExceeded`) or when the task is cancelled (`.cancelled`), and then leaves no
    /// key behind. When the session already holds (or waits for) the read lock, the acquisition
    /// shares that place. A session that holds the write lock and asks for the read lock (or the
    /// other way round) waits for itself until `timeout`: give readers and writers sessions of
    /// their own. Do not use the same name with ``lock(_:session:timeout:)``.
    ///
    /// - Parameters:
    ///   - name: the lock's name (not empty).
    ///   - session: the owner.
    ///   - timeout: how long to wait for the lock in all; `nil` waits until it is acquired.
    /// - Returns: the held read lock.
    /// - Throws: ``EtcdError``: `.invalidArgument` for an empty name (nothing sent);
    ///   `.deadlineExceeded`; `.cancelled`; the session's loss (`.leaseNotFound`,
    ///   `.leaseExpired`, `.closed`) when it ends during the wait; otherwise what the reads,
    ///   transactions and watches throw.
    public nonisolated func readLock(_ name: EtcdBytes, session: EtcdSession, timeout: Duration? = nil) async throws(EtcdError) -> EtcdLock
    {
        try await acquireReadWriteLock(name, .read, session: session, timeout: timeout, wait: true)!
    }

    /// Acquires the write lock `name` for `session`: alone, after every reader and writer that
    /// asked before.
    ///
    /// ```swift
    /// let lock = try await client.writeLock("config", session: session, timeout: .seconds(30))
    /// try await lock.put("/config/version", "2")   // fenced: only while held
    /// try await lock.release()
    /// ```
    ///
    /// The lock is the key `name/write/<lease ID in hex>`; its ``EtcdLock/fence`` (the key's
    /// create revision) strictly increases from one writer to the next. Otherwise as
    /// ``readLock(_:session:timeout:)``.
    ///
    /// - Parameters:
    ///   - name: the lock's name (not empty).
    ///   - session: the owner.
    ///   - timeout: how long to wait for the lock in all; `nil` waits until it is acquired.
    /// - Returns: the held write lock.
    /// - Throws: ``EtcdError``, as ``readLock(_:session:timeout:)``.
    public nonisolated func writeLock(_ name: EtcdBytes, session: EtcdSession, timeout: Duration? = nil) async throws(EtcdError) -> EtcdLock
    {
        try await acquireReadWriteLock(name, .write, session: session, timeout: timeout, wait: true)!
    }

    /// Acquires the read lock `name` for `session` if no writer holds it or waits for it,
    /// without waiting.
    ///
    /// - Parameters:
    ///   - name: the lock's name (not empty).
    ///   - session: the owner.
    ///   - timeout: the deadline of the call.
    /// - Returns: the held read lock, or `nil` when a writer holds or waits for it (nothing is
    ///   left behind).
    /// - Throws: ``EtcdError``, as ``readLock(_:session:timeout:)``.
    public nonisolated func tryReadLock(_ name: EtcdBytes, session: EtcdSession, timeout: Duration? = nil) async throws(EtcdError)
        -> EtcdLock?
    {
        try await acquireReadWriteLock(name, .read, session: session, timeout: timeout, wait: false)
    }

    /// Acquires the write lock `name` for `session` if nobody holds it or waits for it,
    /// without waiting.
    ///
    /// - Parameters:
    ///   - name: the lock's name (not empty).
    ///   - session: the owner.
    ///   - timeout: the deadline of the call.
    /// - Returns: the held write lock, or `nil` when a reader or writer holds or waits for it
    ///   (nothing is left behind).
    /// - Throws: ``EtcdError``, as ``readLock(_:session:timeout:)``.
    public nonisolated func tryWriteLock(_ name: EtcdBytes, session: EtcdSession, timeout: Duration? = nil) async throws(EtcdError)
        -> EtcdLock?
    {
        try await acquireReadWriteLock(name, .write, session: session, timeout: timeout, wait: false)
    }

    /// Acquires the read lock `name`, runs `body` while holding it, and releases it however
    /// `body` ends.
    ///
    /// ```swift
    /// let config = try await client.withReadLock("config") { _ in
    ///     try await client.getPrefix("/config/")
    /// }
    /// ```
    ///
    /// When the session can no longer be proven alive while `body` runs, or the lock's key is
    /// deleted, the task running `body` is cancelled at once, and `withReadLock` throws
    /// ``EtcdError/Code/lockLost`` however `body` ends, as
    /// ``withLock(_:session:timeout:isolation:_:)``.
    ///
    /// - Parameters:
    ///   - name: the lock's name (not empty).
    ///   - session: the owner; `nil` opens a session (TTL ``defaultSessionTTL``) for this
    ///     lock and closes it afterwards.
    ///   - timeout: how long to wait for the lock; `nil` waits until it is acquired.
    ///   - isolation: the actor `body` runs on; the caller's by default.
    ///   - body: the work to do while holding the lock.
    /// - Returns: what `body` returns.
    /// - Throws: ``EtcdError`` as ``readLock(_:session:timeout:)``; `.lockLost` when the lock
    ///   was lost while `body` ran; otherwise what `body` throws.
    public func withReadLock<Result>(
        _ name: EtcdBytes,
        session: EtcdSession? = nil,
        timeout: Duration? = nil,
        isolation: isolated (any Actor)? = #isolation,
        _ body: (EtcdLock) async throws -> sending Result
    ) async throws -> sending Result {
        try await withHeld(
            session: session, isolation: isolation,
            acquire: { session throws(EtcdError) in
                try await readLock(name, session: session, timeout: timeout)
            }, body)
    }

    /// Acquires the write lock `name`, runs `body` while holding it, and releases it however
    /// `body` ends.
    ///
    /// ```swift
    /// try await client.withWriteLock("config") { lock in
    ///     try await lock.put("/config/version", "2")   // only while held
    /// }
    /// ```
    ///
    /// Loss and cancellation as ``withReadLock(_:session:timeout:isolation:_:)``.
    ///
    /// - Parameters:
    ///   - name: the lock's name (not empty).
    ///   - session: the owner; `nil` opens a session (TTL ``defaultSessionTTL``) for this
    ///     lock and closes it afterwards.
    ///   - timeout: how long to wait for the lock; `nil` waits until it is acquired.
    ///   - isolation: the actor `body` runs on; the caller's by default.
    ///   - body: the work to do while holding the lock.
    /// - Returns: what `body` returns.
    /// - Throws: ``EtcdError`` as ``writeLock(_:session:timeout:)``; `.lockLost` when the lock
    ///   was lost while `body` ran; otherwise what `body` throws.
    public func withWriteLock<Result>(
        _ name: EtcdBytes,
        session: EtcdSession? = nil,
        timeout: Duration? = nil,
        isolation: isolated (any Actor)? = #isolation,
        _ body: (EtcdLock) async throws -> sending Result
    ) async throws -> sending Result {
        try await withHeld(
            session: session, isolation: isolation,
            acquire: { session throws(EtcdError) in
                try await writeLock(name, session: session, timeout: timeout)
            }, body)
    }

    /// A reader waits behind the writers (`name/write/`), a writer behind the whole line
    /// (`name/`).
    private nonisolated func acquireReadWriteLock(
        _ name: EtcdBytes, _ mode: ReadWriteMode, session: EtcdSession, timeout: Duration?, wait: Bool
    ) async throws(EtcdError) -> EtcdLock? {
        try await acquireReadWriteLock(
            in: OwnershipLine(client: self, name: name, what: "lock"), mode, session: session, timeout: timeout, wait: wait)
    }

    /// Takes the read or write place of `session` in `line` (of this client or of a
    /// namespace) and waits for it when `wait` is set.
    nonisolated func acquireReadWriteLock(
        in line: OwnershipLine, _ mode: ReadWriteMode, session: EtcdSession, timeout: Duration?, wait: Bool
    ) async throws(EtcdError) -> EtcdLock? {
        let blockers = mode == .read ? line.prefix + ReadWriteMode.write.segment : line.prefix
        return try await acquireLock(
            in: line, key: line.key(for: session, in: mode.segment), blockers: blockers, session: session, timeout: timeout, wait: wait)
    }
}
