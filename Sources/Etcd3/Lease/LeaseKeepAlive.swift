import Synchronization

/// A lease kept alive by the client, until it is cancelled or the lease is lost.
///
/// ```swift
/// let lease = try await client.grantLease(ttl: .seconds(10))
/// let keepAlive = client.keepAlive(lease)
/// for try await ttl in keepAlive {
///     print("refreshed, \(ttl) to live")     // every TTL/3
/// }
/// // The loop ends by throwing why the lease was lost, or normally after cancel().
/// ```
///
/// Every lease of a client is kept alive on one shared LeaseKeepAlive stream, refreshed a third
/// of its TTL after each acknowledgement. When the stream fails (a lost connection, an endpoint
/// going away, a leader change), it is reopened on any endpoint and every lease is refreshed at
/// once.
///
/// The keep-alive ends in one of three ways:
/// - ``cancel()``: the sequence ends normally and ``run()`` returns;
/// - the lease is lost: the sequence and ``run()`` throw an ``EtcdError`` whose code is the
///   reason: ``EtcdError/Code/leaseNotFound`` when the server says the lease is gone (revoked
///   elsewhere, or expired there), reported within TTL/3 and a round trip;
///   ``EtcdError/Code/leaseExpired`` when no acknowledgement could be obtained for a whole
///   TTL (no endpoint reachable, no leader, a silent connection), reported no later than the
///   last acknowledgement plus the TTL, the earliest moment the server may drop it;
/// - ``Etcd3Client/close()``: they throw ``EtcdError/Code/closed``.
///
/// Cancelling the keep-alive does not revoke the lease; it then expires after its TTL unless
/// you call ``Etcd3Client/revokeLease(_:timeout:)``. The sequence has one consumer: iterate it
/// once. Dropping the handle does not stop the keep-alive; call ``cancel()``.
public struct EtcdLeaseKeepAlive: AsyncSequence, Sendable {
    /// The lease's TTL after an acknowledgement (the time it has left at that moment).
    public typealias Element = Duration

    let registration: KeepAliveRegistration

    /// The lease kept alive.
    public var id: EtcdLeaseID { registration.id }

    /// Stops keeping the lease alive: the sequence ends normally and ``run()`` returns.
    /// Does nothing once the keep-alive ended.
    public func cancel() {
        registration.hub.remove(registration)
    }

    /// Waits until the keep-alive ends; cancelling the waiting task cancels the keep-alive.
    ///
    /// Run it as a task to keep a lease alive in the background:
    ///
    /// ```swift
    /// try await withThrowingTaskGroup(of: Void.self) { group in
    ///     group.addTask { try await client.keepAlive(lease).run() }   // throws when lost
    ///     group.addTask { try await serve() }
    ///     try await group.next()
    ///     group.cancelAll()
    /// }
    /// ```
    ///
    /// - Throws: ``EtcdError``: `.leaseNotFound` or `.leaseExpired` when the lease was lost,
    ///   `.closed` when the client was closed, `.cancelled` when the waiting task was cancelled.
    ///   Returns normally after ``cancel()``.
    public func run() async throws(EtcdError) {
        let registration = self.registration
        let outcome = await withTaskCancellationHandler {
            await registration.outcome()
        } onCancel: {
            registration.hub.remove(registration)
        }
        switch outcome {
        case .lost(let error):
            throw error
        case .cancelled:
            if Task.isCancelled { throw EtcdError(.cancelled, "the keep-alive's task was cancelled") }
        }
    }

    /// Creates the iterator.
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: registration.updates.makeAsyncIterator())
    }

    /// How a keep-alive fails.
    public typealias Failure = EtcdError

    /// Iterates the TTLs of a keep-alive's acknowledgements. A consumer that falls behind gets
    /// the latest one.
    public struct AsyncIterator: AsyncIteratorProtocol {
        var base: AsyncThrowingStream<Duration, any Error>.AsyncIterator

        /// The TTL after the next acknowledgement, or `nil` once the keep-alive was cancelled.
        /// - Parameter actor: the caller's isolation (the iterator does not hop off it).
        /// - Throws: ``EtcdError``: `.leaseNotFound` or `.leaseExpired` when the lease was
        ///   lost, `.closed` when the client was closed.
        public mutating func next(isolation actor: isolated (any Actor)? = #isolation) async throws(EtcdError) -> Duration? {
            do {
                return try await base.next(isolation: actor)
            } catch {
                // The keep-alive hub finishes the stream with `EtcdError`s only.
                throw error as? EtcdError ?? EtcdError(.internalError, "keep-alive ended with \(error)")
            }
        }

        /// The TTL after the next acknowledgement, or `nil` once the keep-alive was cancelled.
        /// - Throws: as ``next(isolation:)``.
        public mutating func next() async throws(EtcdError) -> Duration? {
            try await next(isolation: nil)
        }
    }
}

@available(*, unavailable)
extension EtcdLeaseKeepAlive.AsyncIterator: Sendable {}

extension Etcd3Client {
    /// How long revoking a `withLease` scope's lease may take when the scope ends or the client
    /// closes; after that the lease is left to expire.
    static let scopedRevokeTimeout = Duration.seconds(2)

    /// Keeps a lease alive until the returned handle is cancelled or the lease is lost.
    ///
    /// The first keep-alive goes out at once; after that the lease is refreshed a third of its
    /// TTL after each acknowledgement, on the client's shared keep-alive stream. Iterate the
    /// handle for the acknowledgements, or ``EtcdLeaseKeepAlive/run()`` it to wait for the loss.
    ///
    /// - Parameters:
    ///   - id: the lease.
    ///   - ttl: the lease's TTL. Until the first acknowledgement, the lease counts as refreshed
    ///     now with this TTL; pass the time it has left when it was granted or refreshed long
    ///     ago.
    /// - Returns: the keep-alive's handle.
    public nonisolated func keepAlive(_ id: EtcdLeaseID, ttl: Duration) -> EtcdLeaseKeepAlive {
        EtcdLeaseKeepAlive(registration: leases.register(id, ttl: ttl, since: .now, scoped: false))
    }

    /// Keeps a granted lease alive until the returned handle is cancelled or the lease is lost.
    ///
    /// Same as ``keepAlive(_:ttl:)`` with the grant's ID and TTL.
    ///
    /// - Parameter lease: the lease, as ``grantLease(ttl:id:timeout:)`` returned it.
    /// - Returns: the keep-alive's handle.
    public nonisolated func keepAlive(_ lease: EtcdLeaseGrant) -> EtcdLeaseKeepAlive {
        keepAlive(lease.id, ttl: lease.ttl)
    }

    /// Grants a lease, keeps it alive while `body` runs, and revokes it when `body` ends.
    ///
    /// ```swift
    /// try await client.withLease(ttl: .seconds(10)) { lease in
    ///     try await client.put("/services/me", "10.0.0.1:80", lease: lease.id)
    ///     try await serve()      // cancelled as soon as the lease cannot be proven alive
    /// }
    /// ```
    ///
    /// The lease is refreshed on the client's shared keep-alive stream, across reconnects and
    /// endpoint switches. When it can no longer be proven alive (see ``EtcdLeaseKeepAlive`` for the
    /// reasons and their timing), the task running `body` is cancelled at once, and
    /// `withLease` throws the loss however `body` ends. When `body` ends, normally or by
    /// throwing, the lease is revoked (best effort, within 2 s; otherwise it expires after its
    /// TTL), so its keys disappear. ``close()`` revokes the leases of scopes still open.
    ///
    /// > Warning: Cancellation is cooperative: work in `body` that does not check for it keeps
    /// > running after the lease is lost. Keys written with the lease are gone by then.
    ///
    /// - Parameters:
    ///   - ttl: the lease's time to live, in whole seconds (rounded up). Use at least 5 s where
    ///     leader elections may happen: one can take 2–3 s.
    ///   - isolation: the actor `body` runs on; the caller's by default.
    ///   - body: the work that needs the lease; it receives the grant.
    /// - Returns: what `body` returns.
    /// - Throws: ``EtcdError`` from granting the lease; `.leaseNotFound` or `.leaseExpired` when
    ///   the lease was lost while `body` ran; `.closed` when the client closed meanwhile;
    ///   otherwise what `body` throws.
    public func withLease<Result>(
        ttl: Duration,
        isolation: isolated (any Actor)? = #isolation,
        _ body: (EtcdLeaseGrant) async throws -> sending Result
    ) async throws -> sending Result {
        let since = ContinuousClock.now
        let grant = try await grantLease(ttl: ttl)
        let registration = leases.register(grant.id, ttl: grant.ttl, since: since, scoped: true)
        let canceller = CurrentTaskCanceller()
        registration.onLoss { _ in canceller.cancel() }
        let result: Result
        do {
            result = try await body(grant)
        } catch {
            let lost = await endScope(registration, canceller: canceller)
            throw lost ?? error
        }
        if let lost = await endScope(registration, canceller: canceller) { throw lost }
        return result
    }

    /// Ends a `withLease` scope: stops the loss handler and the keep-alive, revokes the lease
    /// unless the server already dropped it, and returns the loss if there was one.
    private nonisolated func endScope(
        _ registration: KeepAliveRegistration, canceller: CurrentTaskCanceller
    ) async -> EtcdError? {
        registration.onLoss(nil)
        canceller.disarm()
        let lost = registration.lossError
        // The revoke runs in the client's background work, so that a cancelled scope still
        // revokes.
        await leases.endScope(
            registration, revoke: lost?.code != .leaseNotFound && lost?.code != .closed, timeout: Self.scopedRevokeTimeout)
        return lost
    }

    /// Grants a lease of `ttl` and writes `value` at `key` with it: the key disappears when the
    /// lease expires, as with a TTL in etcd v2.
    ///
    /// The lease is not kept alive: refresh it with ``keepAlive(_:)`` or
    /// ``keepAliveOnce(_:timeout:)``, or let the key expire. Use ``withLease(ttl:isolation:_:)``
    /// for a key that lives as long as a piece of work.
    ///
    /// - Parameters:
    ///   - key: the key (not empty).
    ///   - value: the value (may be empty).
    ///   - ttl: the time to live, in whole seconds (rounded up; at least 1 s).
    ///   - timeout: the deadline of each of the two calls.
    /// - Returns: the lease the key is attached to.
    /// - Throws: ``EtcdError``, as ``grantLease(ttl:id:timeout:)`` and
    ///   ``put(_:_:lease:timeout:)``. When the put fails, the lease is left to expire.
    @discardableResult
    public nonisolated func put(
        _ key: EtcdBytes,
        _ value: EtcdBytes,
        ttl: Duration,
        timeout: Duration? = nil
    ) async throws(EtcdError) -> EtcdLeaseGrant {
        try Self.validateKey(key)
        let lease = try await grantLease(ttl: ttl, timeout: timeout)
        try await put(key, value, lease: lease.id, timeout: timeout)
        return lease
    }
}

/// Cancels the task that created it, from any thread, until it is disarmed.
///
/// `withLease` runs its body in the caller's task (so that the body keeps the caller's
/// isolation), and must cancel that task when the lease is lost. The task is referenced only
/// while it is certainly alive: `withLease` disarms the canceller, under the same lock as
/// ``cancel()``, before it returns.
final class CurrentTaskCanceller: Sendable {
    private let task: Mutex<UnsafeCurrentTask?>

    init() {
        task = Mutex(withUnsafeCurrentTask { $0 })
    }

    func cancel() {
        task.withLock { $0?.cancel() }
    }

    func disarm() {
        task.withLock { $0 = nil }
    }
}
