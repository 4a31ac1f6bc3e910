import Synchronization

/// A lease kept alive for as long as its owner wants it: the liveness that locks, elections and
/// other coordination recipes are built on.
///
/// ```swift
/// let session = try await client.session(ttl: .seconds(10))
/// let lock = try await client.lock("jobs/cleanup", session: session)
/// // … work …
/// try await lock.release()
/// await session.close()        // revokes the lease: every key held through it goes away
/// ```
///
/// Or scope it, so its lease is revoked however the body ends and the body is cancelled when
/// the session is lost:
///
/// ```swift
/// try await client.withSession(ttl: .seconds(10)) { session in
///     try await client.withLock("jobs/cleanup", session: session) { lock in … }
/// }
/// ```
///
/// A session is one owner: locks and leaderships taken through the same session are the same
/// holder (taking a lock the session already holds succeeds at once). Give tasks that must
/// exclude each other sessions of their own.
///
/// The lease is refreshed on the client's shared keep-alive stream, across reconnects and
/// endpoint switches. The session is **lost** when the lease can no longer be proven alive:
/// the server says it is gone (``EtcdError/Code/leaseNotFound``, revoked elsewhere or
/// expired), no acknowledgement came for a whole TTL (``EtcdError/Code/leaseExpired``, no
/// later than the last acknowledgement plus the TTL: the earliest moment the server may drop
/// it), or the client was closed (``EtcdError/Code/closed``). Everything built on a lost
/// session ends: `withLock` and `withLeadership` bodies are cancelled, waiting acquisitions
/// fail with the loss.
public final class EtcdSession: Sendable {
    /// The client the session belongs to.
    public let client: Etcd3Client
    /// The session's lease: keys written with it disappear when the session ends.
    public let lease: EtcdLeaseID
    /// The lease's time to live.
    public let ttl: Duration

    let registration: KeepAliveRegistration
    /// The lease ID in lowercase hex, as the keys of locks and elections spell it.
    let leaseHex: [UInt8]
    private let owners: SessionHolds
    private let revokesOnClose: Bool

    init(client: Etcd3Client, lease: EtcdLeaseID, ttl: Duration, since: ContinuousClock.Instant, revokesOnClose: Bool) {
        self.client = client
        self.lease = lease
        self.ttl = ttl
        self.leaseHex = Array(String(UInt64(bitPattern: lease.rawValue), radix: 16).utf8)
        self.revokesOnClose = revokesOnClose
        self.registration = client.leases.register(lease, ttl: ttl, since: since, scoped: revokesOnClose)
        let owners = SessionHolds()
        self.owners = owners
        registration.onLoss { error in owners.lost(error) }
    }

    /// Why the session was lost (``EtcdError/Code/leaseNotFound``,
    /// ``EtcdError/Code/leaseExpired`` or ``EtcdError/Code/closed``), or `nil` while it is alive
    /// or after ``close()``.
    public var lossError: EtcdError? { registration.lossError }

    /// Whether the session is neither lost nor closed.
    public var isAlive: Bool { endError == nil }

    /// Waits until the session ends.
    ///
    /// - Returns: why it was lost, or `nil` when it was closed with ``close()``.
    public func waitUntilEnded() async -> EtcdError? {
        switch await registration.outcome() {
        case .lost(let error): error
        case .cancelled: nil
        }
    }

    /// Refreshes the lease once, now (aetcd3's `Lock.refresh`). The session refreshes it by
    /// itself; this only proves it alive at once.
    ///
    /// - Parameter timeout: the call's deadline.
    /// - Returns: the lease's TTL after the refresh.
    /// - Throws: ``EtcdError``: `.leaseNotFound` when the lease is gone; otherwise as
    ///   ``Etcd3Client/keepAliveOnce(_:timeout:)``.
    @discardableResult
    public func refresh(timeout: Duration? = nil) async throws(EtcdError) -> Duration {
        try await client.keepAliveOnce(lease, timeout: timeout)
    }

    /// Ends the session: stops keeping the lease alive and revokes it (best effort, within
    /// 2 s; otherwise it expires after its TTL), so every lock, leadership and key held through
    /// it goes away. A session made from an existing lease
    /// (``Etcd3Client/session(lease:timeout:)``) is not revoked: its lease is left to its owner.
    /// Calling it again does nothing.
    public func close() async {
        let wasOpen = owners.close()
        guard revokesOnClose else {
            client.leases.remove(registration)
            return
        }
        // The revoke runs in the client's background work, so that a cancelled task still
        // revokes.
        await client.leases.endScope(
            registration, revoke: wasOpen && registration.lossError == nil, timeout: Etcd3Client.scopedRevokeTimeout)
    }

    // MARK: Loss observers and holds

    /// Calls `handler` once when the session is lost or closed (at once when it already is),
    /// until the returned token is passed to ``stopObserving(_:)``.
    func observeEnd(_ handler: @escaping @Sendable (EtcdError) -> Void) -> Int {
        owners.observe(handler)
    }

    /// Stops an observer registered with ``observeEnd(_:)``.
    func stopObserving(_ token: Int) {
        owners.stopObserving(token)
    }

    /// The error that ends work built on the session when it is lost or closed.
    ///
    /// The registration's loss counts as soon as it is recorded: the keep-alive tells the
    /// session's observers a moment later, and ``waitUntilEnded()`` may return in between.
    var endError: EtcdError? { owners.endError ?? registration.lossError }

    /// Counts one more hold of `key` through this session; returns the count before it.
    @discardableResult
    func hold(_ key: EtcdBytes) -> Int { owners.hold(key) }

    /// Counts one hold of `key` less; returns how many remain.
    @discardableResult
    func unhold(_ key: EtcdBytes) -> Int { owners.unhold(key) }

    /// How many holds of `key` this session has in this process.
    func holds(_ key: EtcdBytes) -> Int { owners.holds(key) }
}

/// The mutable part of a session: the observers of its end, and how many holds (locks,
/// leaderships, waits) of each key the session has in this process.
private final class SessionHolds: Sendable {
    private struct State {
        var endError: EtcdError?
        var observers: [Int: @Sendable (EtcdError) -> Void] = [:]
        var nextToken = 0
        var holds: [EtcdBytes: Int] = [:]
    }

    private let state = Mutex(State())

    var endError: EtcdError? { state.withLock { $0.endError } }

    func lost(_ error: EtcdError) { end(error) }

    /// Marks the session closed; returns whether it was open.
    func close() -> Bool {
        end(EtcdError(.closed, "the session was closed"))
    }

    @discardableResult
    private func end(_ error: EtcdError) -> Bool {
        let observers = state.withLock { state -> [@Sendable (EtcdError) -> Void]? in
            guard state.endError == nil else { return nil }
            state.endError = error
            defer { state.observers = [:] }
            return Array(state.observers.values)
        }
        guard let observers else { return false }
        for observer in observers { observer(error) }
        return true
    }

    func observe(_ handler: @escaping @Sendable (EtcdError) -> Void) -> Int {
        let (token, ended) = state.withLock { state -> (Int, EtcdError?) in
            let token = state.nextToken
            state.nextToken += 1
            if let error = state.endError { return (token, error) }
            state.observers[token] = handler
            return (token, nil)
        }
        if let ended { handler(ended) }
        return token
    }

    func stopObserving(_ token: Int) {
        _ = state.withLock { $0.observers.removeValue(forKey: token) }
    }

    func hold(_ key: EtcdBytes) -> Int {
        state.withLock { state in
            let before = state.holds[key, default: 0]
            state.holds[key] = before + 1
            return before
        }
    }

    func holds(_ key: EtcdBytes) -> Int {
        state.withLock { $0.holds[key, default: 0] }
    }

    func unhold(_ key: EtcdBytes) -> Int {
        state.withLock { state in
            let left = max(state.holds[key, default: 0] - 1, 0)
            state.holds[key] = left == 0 ? nil : left
            return left
        }
    }
}

extension Etcd3Client {
    /// The TTL of sessions that recipes create for themselves, as in etcd's Go client.
    public static let defaultSessionTTL = Duration.seconds(60)

    /// Opens a session: grants a lease of `ttl` and keeps it alive until the session is closed
    /// or lost.
    ///
    /// ```swift
    /// let session = try await client.session(ttl: .seconds(10))
    /// defer { Task { await session.close() } }
    /// ```
    ///
    /// ``close()`` revokes the leases of sessions still open.
    ///
    /// - Parameters:
    ///   - ttl: the lease's time to live, in whole seconds (rounded up). The session is lost no
    ///     later than a TTL after the last acknowledged refresh; use at least 5 s where leader
    ///     elections may happen.
    ///   - timeout: the deadline of the grant.
    /// - Returns: the open session.
    /// - Throws: ``EtcdError``: `.invalidArgument` for a TTL of zero or less (nothing sent);
    ///   otherwise as ``grantLease(ttl:id:timeout:)``.
    public nonisolated func session(ttl: Duration = defaultSessionTTL, timeout: Duration? = nil) async throws(EtcdError) -> EtcdSession {
        guard ttl > .zero else {
            throw EtcdError(.invalidArgument, "a session's TTL must be positive, not \(ttl); nothing was sent")
        }
        let since = ContinuousClock.now
        let grant = try await grantLease(ttl: ttl, timeout: timeout)
        return EtcdSession(client: self, lease: grant.id, ttl: grant.ttl, since: since, revokesOnClose: true)
    }

    /// Opens a session on an existing lease, keeping it alive until the session is closed or
    /// lost. Closing the session does not revoke the lease.
    ///
    /// - Parameters:
    ///   - lease: the lease.
    ///   - timeout: the deadline of the call that reads the lease's time to live.
    /// - Returns: the open session.
    /// - Throws: ``EtcdError``: `.leaseNotFound` when the lease does not exist; otherwise as
    ///   ``leaseTimeToLive(_:withKeys:timeout:)``.
    public nonisolated func session(lease: EtcdLeaseID, timeout: Duration? = nil) async throws(EtcdError) -> EtcdSession {
        let since = ContinuousClock.now
        guard let info = try await leaseTimeToLive(lease, timeout: timeout), info.remaining > .zero else {
            throw EtcdError(.leaseNotFound, "etcdserver: requested lease not found")
        }
        // The lease counts as refreshed `granted - remaining` ago.
        let start = since - (info.granted - info.remaining)
        return EtcdSession(client: self, lease: lease, ttl: info.granted, since: start, revokesOnClose: false)
    }

    /// Opens a session, runs `body` with it, and closes it (revoking its lease) however `body`
    /// ends.
    ///
    /// ```swift
    /// try await client.withSession(ttl: .seconds(10)) { session in
    ///     try await client.withLock("jobs/cleanup", session: session) { lock in … }
    ///     try await client.withLock("jobs/report", session: session) { lock in … }
    /// }
    /// ```
    ///
    /// When the session is lost while `body` runs, the task running `body` is cancelled at once
    /// and `withSession` throws the loss however `body` ends.
    ///
    /// - Parameters:
    ///   - ttl: the lease's time to live, as in ``session(ttl:timeout:)``.
    ///   - isolation: the actor `body` runs on; the caller's by default.
    ///   - body: the work that needs the session.
    /// - Returns: what `body` returns.
    /// - Throws: ``EtcdError`` from opening the session; `.leaseNotFound`, `.leaseExpired` or
    ///   `.closed` when the session was lost while `body` ran; otherwise what `body` throws.
    public func withSession<Result>(
        ttl: Duration = defaultSessionTTL,
        isolation: isolated (any Actor)? = #isolation,
        _ body: (EtcdSession) async throws -> sending Result
    ) async throws -> sending Result {
        let session = try await session(ttl: ttl)
        do {
            let result = try await session.cancellingOnEnd(isolation: isolation, lost: { $0 }) {
                try await body(session)
            }
            await session.close()
            return result
        } catch {
            await session.close()
            throw error
        }
    }
}

extension EtcdSession {
    /// Runs `body` in the current task, cancelling that task as soon as the session ends or
    /// `extraLoss` (when given) reports a loss of its own, and throws `lost(why)` in that case
    /// however `body` ends.
    ///
    /// - Parameter extraLoss: runs beside `body`, in a child task; it returns the reason of a
    ///   loss it detects, or `nil` when it ends without one. It is cancelled when `body` ends.
    func cancellingOnEnd<Result>(
        isolation: isolated (any Actor)? = #isolation,
        lost: @escaping @Sendable (EtcdError) -> EtcdError,
        extraLoss: (@Sendable () async -> EtcdError?)? = nil,
        _ body: () async throws -> sending Result
    ) async throws -> sending Result {
        let canceller = CurrentTaskCanceller()
        let loss = Mutex<EtcdError?>(nil)
        let record: @Sendable (EtcdError) -> Void = { error in
            let first = loss.withLock { current -> Bool in
                guard current == nil else { return false }
                current = lost(error)
                return true
            }
            if first { canceller.cancel() }
        }
        let token = observeEnd(record)
        defer {
            stopObserving(token)
            canceller.disarm()
        }
        // Cancelled and awaited when this scope ends, whichever way it ends.
        async let _: Void = {
            if let extraLoss, let error = await extraLoss() { record(error) }
        }()
        let result: Result
        do {
            result = try await body()
        } catch {
            throw loss.withLock({ $0 }) ?? error
        }
        if let error = loss.withLock({ $0 }) { throw error }
        return result
    }
}
