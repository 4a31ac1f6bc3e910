import Etcd3Messages

/// A granted lease: its ID and the TTL the server granted.
public struct EtcdLeaseGrant: Sendable, Hashable {
    /// The lease's ID; attach keys to it with `put(_:_:lease:)`.
    public var id: EtcdLeaseID
    /// The time to live the server granted (it may differ from the one requested: etcd raises
    /// TTLs below its minimum).
    public var ttl: Duration
    /// The response header.
    public var header: EtcdResponseHeader

    /// Creates a grant.
    public init(id: EtcdLeaseID, ttl: Duration, header: EtcdResponseHeader = EtcdResponseHeader()) {
        self.id = id
        self.ttl = ttl
        self.header = header
    }
}

/// What the server knows of a live lease.
public struct EtcdLeaseTimeToLive: Sendable, Hashable {
    /// The lease's ID.
    public var id: EtcdLeaseID
    /// The time left before the lease expires unless it is kept alive.
    public var remaining: Duration
    /// The TTL the lease was granted with.
    public var granted: Duration
    /// The keys attached to the lease, when they were asked for.
    public var keys: [EtcdBytes]

    /// Creates a value.
    public init(id: EtcdLeaseID, remaining: Duration, granted: Duration, keys: [EtcdBytes] = []) {
        self.id = id
        self.remaining = remaining
        self.granted = granted
        self.keys = keys
    }
}

extension Etcd3Client {
    /// Grants a lease: keys attached to it are deleted when it expires or is revoked.
    ///
    /// ```swift
    /// let lease = try await client.grantLease(ttl: .seconds(10))
    /// try await client.put("/services/me", "10.0.0.1:80", lease: lease.id)
    /// ```
    ///
    /// The lease expires after `ttl` unless it is kept alive: ``keepAlive(_:)`` refreshes it
    /// until cancelled, ``keepAliveOnce(_:timeout:)`` once. ``withLease(ttl:isolation:_:)``
    /// grants, keeps alive and revokes a lease around a piece of work.
    ///
    /// - Parameters:
    ///   - ttl: the time to live, in whole seconds (rounded up; at least 1 s).
    ///   - id: the ID to use; `nil` lets the server choose.
    ///   - timeout: the call's deadline.
    /// - Returns: the lease's ID and granted TTL.
    /// - Throws: ``EtcdError``: `.leaseExists` when `id` is taken, `.invalidArgument` for a TTL
    ///   the server refuses, `.noSpace`, `.indeterminate` when a lease may have been granted but
    ///   no answer came (it then expires by itself after `ttl`).
    public nonisolated func grantLease(
        ttl: Duration,
        id: EtcdLeaseID? = nil,
        timeout: Duration? = nil
    ) async throws(EtcdError) -> EtcdLeaseGrant {
        var request = Etcdserverpb.LeaseGrantRequest()
        request.ttl = Self.wholeSeconds(ttl)
        request.id = id?.rawValue ?? 0
        let response = try await core.unary(Etcdserverpb.Lease.leaseGrant, request, kind: .mutation, timeout: timeout)
        if !response.error.isEmpty {
            throw EtcdError(.unknown, "the server refused the lease: \(response.error)")
        }
        return EtcdLeaseGrant(id: EtcdLeaseID(response.id), ttl: .seconds(response.ttl), header: EtcdResponseHeader(response.header))
    }

    /// Revokes a lease: the keys attached to it are deleted at once.
    ///
    /// - Parameters:
    ///   - id: the lease.
    ///   - timeout: the call's deadline.
    /// - Returns: the response header.
    /// - Throws: ``EtcdError``: `.leaseNotFound` when the lease does not exist (expired or
    ///   already revoked); otherwise as ``put(_:_:lease:timeout:)``.
    @discardableResult
    public nonisolated func revokeLease(_ id: EtcdLeaseID, timeout: Duration? = nil) async throws(EtcdError) -> EtcdResponseHeader {
        var request = Etcdserverpb.LeaseRevokeRequest()
        request.id = id.rawValue
        let response = try await core.unary(Etcdserverpb.Lease.leaseRevoke, request, kind: .mutation, timeout: timeout)
        return EtcdResponseHeader(response.header)
    }

    /// Asks how long a lease has left, and optionally which keys are attached to it.
    ///
    /// - Parameters:
    ///   - id: the lease.
    ///   - withKeys: also list the attached keys.
    ///   - timeout: the call's deadline.
    /// - Returns: the remaining and granted TTLs, or `nil` when the lease does not exist
    ///   (expired or revoked).
    /// - Throws: ``EtcdError``, as ``get(_:options:timeout:)``.
    public nonisolated func leaseTimeToLive(
        _ id: EtcdLeaseID,
        withKeys: Bool = false,
        timeout: Duration? = nil
    ) async throws(EtcdError) -> EtcdLeaseTimeToLive? {
        var request = Etcdserverpb.LeaseTimeToLiveRequest()
        request.id = id.rawValue
        request.keys = withKeys
        let response = try await core.unary(
            Etcdserverpb.Lease.leaseTimeToLive, request, kind: .idempotent, timeout: timeout)
        // etcd answers TTL -1 for a lease it does not know.
        guard response.ttl >= 0 else { return nil }
        return EtcdLeaseTimeToLive(
            id: id, remaining: .seconds(response.ttl), granted: .seconds(response.grantedTTL),
            keys: response.keys.map(EtcdBytes.init))
    }

    /// Lists the IDs of every live lease.
    ///
    /// - Parameter timeout: the call's deadline.
    /// - Returns: the lease IDs.
    /// - Throws: ``EtcdError``, as ``get(_:options:timeout:)``.
    public nonisolated func leases(timeout: Duration? = nil) async throws(EtcdError) -> [EtcdLeaseID] {
        let response = try await core.unary(
            Etcdserverpb.Lease.leaseLeases, Etcdserverpb.LeaseLeasesRequest(), kind: .idempotent, timeout: timeout)
        return response.leases.map { EtcdLeaseID($0.id) }
    }

    /// Refreshes a lease once, restarting its time to live.
    ///
    /// - Parameters:
    ///   - id: the lease.
    ///   - timeout: the call's deadline.
    /// - Returns: the lease's TTL after the refresh.
    /// - Throws: ``EtcdError``: `.leaseNotFound` when the lease expired or was revoked; otherwise
    ///   as ``get(_:options:timeout:)`` (a refresh is safe to repeat, so it is retried like a read).
    @discardableResult
    public nonisolated func keepAliveOnce(_ id: EtcdLeaseID, timeout: Duration? = nil) async throws(EtcdError) -> Duration {
        var request = Etcdserverpb.LeaseKeepAliveRequest()
        request.id = id.rawValue
        // One request on the bidirectional method, half-closed with it: etcd answers it, reads
        // the end of the stream and ends the call with OK, so it costs what a unary call does.
        let response = try await core.unary(
            Etcdserverpb.Lease.leaseKeepAlive, request, kind: .idempotent, timeout: timeout)
        // etcd answers TTL 0 for a lease that no longer exists.
        guard response.ttl > 0 else {
            throw EtcdError(.leaseNotFound, "etcdserver: requested lease not found")
        }
        return .seconds(response.ttl)
    }

    /// `duration` in whole seconds, rounded up, at least 1.
    static func wholeSeconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return max(1, seconds + (attoseconds > 0 ? 1 : 0))
    }
}
