/// Ownership with a fence: a held lock (``EtcdLock``) or leadership (``EtcdLeadership``).
///
/// A lock alone cannot protect a resource. A holder can pause (a long garbage collection, a
/// partition, a stopped VM) past its session's TTL and go on writing after another holder took
/// over. The **fence** stops it: the create revision of the ownership key, a number that
/// strictly increases from one owner to the next. Make a write conditional on the fence and the
/// server applies it only while the ownership key is still the one this owner created:
///
/// ```swift
/// try await client.withLock("jobs/cleanup") { lock in
///     let job = try await client.get("/jobs/next")
///     // Applied only if the lock is still ours when the server sees the write.
///     try await lock.put("/jobs/done/\(lock.fence)", job?.value ?? "")
/// }
/// ```
///
/// ``put(_:_:lease:timeout:)``, ``delete(_:timeout:)`` and
/// ``transaction(compare:success:failure:timeout:)`` add ``fenceCompare`` to the write and throw
/// ``fenceLostCode`` (nothing applied) when it no longer holds. Resources outside etcd can
/// check the fence themselves: refuse any request whose fence is lower than the highest seen.
public protocol EtcdFenced: Sendable {
    /// The client that writes.
    var client: Etcd3Client { get }
    /// The ownership key.
    var key: EtcdBytes { get }
    /// The ownership key's create revision: strictly increasing from one owner to the next.
    var fence: Int64 { get }
    /// The code a fenced write throws when the ownership is gone: ``EtcdError/Code/lockLost``
    /// for locks, ``EtcdError/Code/leadershipLost`` for leaderships.
    var fenceLostCode: EtcdError.Code { get }
    /// The namespace the ownership was taken through, or `nil` (the default) for the whole
    /// keyspace. Through a namespace, ``key`` is inside it, and the fenced writes
    /// (``put(_:_:lease:timeout:)``, ``delete(_:timeout:)``,
    /// ``transaction(compare:success:failure:timeout:)``) and ``fenceCompare`` are the
    /// namespace's: their keys are prefixed on the way out.
    var namespace: EtcdNamespace? { get }
}

extension EtcdFenced {
    /// `nil`: the ownership is in the whole keyspace.
    public var namespace: EtcdNamespace? { nil }

    /// The comparison that holds while this ownership does: the ownership key exists with the
    /// create revision ``fence``. Add it to your own transactions.
    public var fenceCompare: EtcdCompare { .createRevision(key) == fence }

    /// Writes `value` at `key` if the ownership still holds.
    ///
    /// - Parameters:
    ///   - key: the key to write (not empty).
    ///   - value: the value.
    ///   - lease: a lease to attach the key to.
    ///   - timeout: the call's deadline.
    /// - Returns: the write's header.
    /// - Throws: ``EtcdError``: ``fenceLostCode`` when the ownership is gone (nothing written);
    ///   otherwise as ``Etcd3Client/put(_:_:lease:timeout:)``.
    @discardableResult
    public func put(_ key: EtcdBytes, _ value: EtcdBytes, lease: EtcdLeaseID? = nil, timeout: Duration? = nil) async throws(EtcdError)
        -> EtcdResponseHeader
    {
        try await transaction(compare: [], success: [.put(key, value, lease: lease)], timeout: timeout).header
    }

    /// Deletes `key` if the ownership still holds.
    ///
    /// - Parameters:
    ///   - key: the key to delete (not empty).
    ///   - timeout: the call's deadline.
    /// - Returns: how many keys were deleted (0 or 1).
    /// - Throws: ``EtcdError``: ``fenceLostCode`` when the ownership is gone (nothing deleted);
    ///   otherwise as ``Etcd3Client/delete(_:prevKV:timeout:)``.
    @discardableResult
    public func delete(_ key: EtcdBytes, timeout: Duration? = nil) async throws(EtcdError) -> Int64 {
        try await transaction(compare: [], success: [.delete(key)], timeout: timeout).responses.first?.delete?.deleted ?? 0
    }

    /// Runs a transaction if the ownership still holds: `compare` decides between `success`
    /// and `failure` as in ``Etcd3Client/transaction(compare:success:failure:timeout:)``, and
    /// neither runs when the ownership is gone.
    ///
    /// - Parameters:
    ///   - compare: the conditions (all must hold).
    ///   - success: the operations to run when they hold.
    ///   - failure: the operations to run otherwise.
    ///   - timeout: the call's deadline.
    /// - Returns: the result of your transaction.
    /// - Throws: ``EtcdError``: ``fenceLostCode`` when the ownership is gone (nothing applied);
    ///   otherwise as ``Etcd3Client/transaction(compare:success:failure:timeout:)``.
    public func transaction(
        compare: [EtcdCompare],
        success: [EtcdTxnOp],
        failure: [EtcdTxnOp] = [],
        timeout: Duration? = nil
    ) async throws(EtcdError) -> EtcdTxnResult {
        let fenced: EtcdTxnResult
        if compare.isEmpty && failure.isEmpty {
            fenced = try await keyspace.transaction(compare: [fenceCompare], success: success, timeout: timeout)
            guard fenced.succeeded else { throw fenceLost() }
            return fenced
        }
        fenced = try await keyspace.transaction(
            compare: [fenceCompare], success: [.txn(compare: compare, success: success, failure: failure)], timeout: timeout)
        guard fenced.succeeded, let inner = fenced.responses.first?.txn else { throw fenceLost() }
        return inner
    }

    /// Where the fenced writes go: the ownership's namespace, or the whole keyspace.
    private var keyspace: RecipeKeyspace { RecipeKeyspace(client: client, namespace: namespace) }

    func fenceLost() -> EtcdError {
        EtcdError(fenceLostCode, "the write was not applied: \(key) is gone or was created again since revision \(fence)")
    }
}
