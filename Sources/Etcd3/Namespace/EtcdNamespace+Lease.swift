// Leases belong to the whole cluster, not to keys: a view grants, refreshes and revokes them
// through its client. Only the keys a lease lists are seen through the view.

extension EtcdNamespace {
    /// Grants a lease; as ``Etcd3Client/grantLease(ttl:id:timeout:)`` (leases are the
    /// cluster's: the view only passes the call on).
    ///
    /// - Parameters:
    ///   - ttl: the time to live, in whole seconds (rounded up; at least 1 s).
    ///   - id: the ID to use; `nil` lets the server choose.
    ///   - timeout: the call's deadline.
    /// - Returns: the lease's ID and granted TTL.
    /// - Throws: ``EtcdError``, as ``Etcd3Client/grantLease(ttl:id:timeout:)``.
    public func grantLease(ttl: Duration, id: EtcdLeaseID? = nil, timeout: Duration? = nil) async throws(EtcdError) -> EtcdLeaseGrant {
        try await client.grantLease(ttl: ttl, id: id, timeout: timeout)
    }

    /// Revokes a lease: every key attached to it is deleted, inside the view or not; as
    /// ``Etcd3Client/revokeLease(_:timeout:)``.
    ///
    /// - Parameters:
    ///   - id: the lease.
    ///   - timeout: the call's deadline.
    /// - Returns: the response header.
    /// - Throws: ``EtcdError``, as ``Etcd3Client/revokeLease(_:timeout:)``.
    @discardableResult
    public func revokeLease(_ id: EtcdLeaseID, timeout: Duration? = nil) async throws(EtcdError) -> EtcdResponseHeader {
        try await client.revokeLease(id, timeout: timeout)
    }

    /// Asks how long a lease has left and, optionally, which keys of the view are attached to
    /// it; as ``Etcd3Client/leaseTimeToLive(_:withKeys:timeout:)``.
    ///
    /// - Parameters:
    ///   - id: the lease.
    ///   - withKeys: also list the attached keys: those outside the view are left out, the
    ///     others come without the prefix.
    ///   - timeout: the call's deadline.
    /// - Returns: the remaining and granted TTLs, or `nil` when the lease does not exist.
    /// - Throws: ``EtcdError``, as ``Etcd3Client/get(_:options:timeout:)``.
    public func leaseTimeToLive(
        _ id: EtcdLeaseID,
        withKeys: Bool = false,
        timeout: Duration? = nil
    ) async throws(EtcdError) -> EtcdLeaseTimeToLive? {
        guard var info = try await client.leaseTimeToLive(id, withKeys: withKeys, timeout: timeout) else { return nil }
        info.keys = keys.visible(info.keys)
        return info
    }

    /// Lists the IDs of every live lease of the cluster; as ``Etcd3Client/leases(timeout:)``.
    ///
    /// - Parameter timeout: the call's deadline.
    /// - Returns: the lease IDs.
    /// - Throws: ``EtcdError``, as ``Etcd3Client/get(_:options:timeout:)``.
    public func leases(timeout: Duration? = nil) async throws(EtcdError) -> [EtcdLeaseID] {
        try await client.leases(timeout: timeout)
    }

    /// Refreshes a lease once; as ``Etcd3Client/keepAliveOnce(_:timeout:)``.
    ///
    /// - Parameters:
    ///   - id: the lease.
    ///   - timeout: the call's deadline.
    /// - Returns: the lease's TTL after the refresh.
    /// - Throws: ``EtcdError``, as ``Etcd3Client/keepAliveOnce(_:timeout:)``.
    @discardableResult
    public func keepAliveOnce(_ id: EtcdLeaseID, timeout: Duration? = nil) async throws(EtcdError) -> Duration {
        try await client.keepAliveOnce(id, timeout: timeout)
    }

    /// Keeps a lease alive until the handle is cancelled or the lease is lost; as
    /// ``Etcd3Client/keepAlive(_:ttl:)``.
    ///
    /// - Parameters:
    ///   - id: the lease.
    ///   - ttl: the lease's TTL.
    /// - Returns: the keep-alive's handle.
    public func keepAlive(_ id: EtcdLeaseID, ttl: Duration) -> EtcdLeaseKeepAlive {
        client.keepAlive(id, ttl: ttl)
    }

    /// Keeps a granted lease alive; as ``Etcd3Client/keepAlive(_:)``.
    ///
    /// - Parameter lease: the lease, as ``grantLease(ttl:id:timeout:)`` returned it.
    /// - Returns: the keep-alive's handle.
    public func keepAlive(_ lease: EtcdLeaseGrant) -> EtcdLeaseKeepAlive {
        client.keepAlive(lease)
    }

    /// Grants a lease, keeps it alive while `body` runs, and revokes it when `body` ends; as
    /// ``Etcd3Client/withLease(ttl:isolation:_:)``.
    ///
    /// ```swift
    /// try await tenant.withLease(ttl: .seconds(10)) { lease in
    ///     try await tenant.put("services/me", "10.0.0.1:80", lease: lease.id)
    ///     try await serve()
    /// }
    /// ```
    ///
    /// - Parameters:
    ///   - ttl: the lease's time to live, in whole seconds (rounded up).
    ///   - isolation: the actor `body` runs on; the caller's by default.
    ///   - body: the work that needs the lease; it receives the grant.
    /// - Returns: what `body` returns.
    /// - Throws: as ``Etcd3Client/withLease(ttl:isolation:_:)``.
    public func withLease<Result>(
        ttl: Duration,
        isolation: isolated (any Actor)? = #isolation,
        _ body: (EtcdLeaseGrant) async throws -> sending Result
    ) async throws -> sending Result {
        try await client.withLease(ttl: ttl, isolation: isolation, body)
    }

    /// Grants a lease of `ttl` and writes `value` at `key` of the view with it; as
    /// ``Etcd3Client/put(_:_:ttl:timeout:)``.
    ///
    /// - Parameters:
    ///   - key: the key inside the view (not empty).
    ///   - value: the value (may be empty).
    ///   - ttl: the time to live, in whole seconds (rounded up; at least 1 s).
    ///   - timeout: the deadline of each of the two calls.
    /// - Returns: the lease the key is attached to.
    /// - Throws: ``EtcdError``, as ``Etcd3Client/put(_:_:ttl:timeout:)``.
    @discardableResult
    public func put(_ key: EtcdBytes, _ value: EtcdBytes, ttl: Duration, timeout: Duration? = nil) async throws(EtcdError) -> EtcdLeaseGrant
    {
        try Etcd3Client.validateKey(key)
        return try await client.put(keys.key(key), value, ttl: ttl, timeout: timeout)
    }
}
