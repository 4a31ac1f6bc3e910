/// A view of one client confined to the keys under a prefix: every key is prefixed on the way
/// out and the prefix removed on the way back, so code written for a whole cluster runs
/// unchanged inside the prefix.
///
/// ```swift
/// let tenant = try client.namespace("/tenant-a/")
/// try await tenant.put("config/a", "1")                  // writes /tenant-a/config/a
/// let kv = try await tenant.get("config/a")              // kv?.key == "config/a"
/// let all = try await tenant.getAll()                    // only keys under /tenant-a/
/// for try await event in tenant.watchPrefix("config/") { // events' keys without the prefix
///     print(event.kv.key)
/// }
/// ```
///
/// A view can never read or write outside its prefix: a range ending in `"\0"` ("to the end
/// of the keyspace", as ``getAll(options:timeout:)`` and ``deleteRange(_:end:prevKV:timeout:)``
/// use it) ends at the end of the prefix instead, and every other key and range end is
/// prefixed. Keys that merely sort after the prefix (`/tenant-a0` for `/tenant-a/`) are outside.
///
/// The view has the client's whole key API with the same names and signatures (``EtcdKV``
/// lets code be generic over both): reads, writes, compare-and-swap helpers, transactions with
/// nested operations, watches, leases (``leaseTimeToLive(_:withKeys:timeout:)`` lists only the
/// lease's keys inside the prefix) and the coordination recipes — sessions, locks, read/write
/// locks, elections, software transactions, sequential keys and work queues — whose names are
/// keys inside the prefix, so two namespaces never share a lock or an election. What is not
/// about keys (compaction, maintenance, cluster membership, users and roles) stays on
/// ``client``. Views compose: `try tenant.namespace("jobs/")` is the view of `/tenant-a/jobs/`.
///
/// A view is a value: a client and a prefix. Making one sends nothing; it is as cheap to copy
/// as the client. See Docs/Namespaces.md.
public struct EtcdNamespace: Sendable, CustomStringConvertible {
    /// The client the view sends through.
    public let client: Etcd3Client
    /// The key arithmetic: prefixing, clamping, stripping.
    let keys: NamespaceKeys

    /// The prefix of every key of the view, as stored in etcd.
    public var prefix: EtcdBytes { keys.prefix }

    /// Creates the view of `client` under `prefix`; ``Etcd3Client/namespace(_:)`` reads better.
    ///
    /// - Throws: ``EtcdError``: `.invalidArgument` for an empty prefix.
    public init(client: Etcd3Client, prefix: EtcdBytes) throws(EtcdError) {
        self.client = client
        self.keys = try NamespaceKeys(prefix: prefix)
    }

    /// The view under `prefix` inside this one: its keys are stored under
    /// `self.prefix + prefix`, and it can no more leave this view than this one can leave its
    /// prefix.
    ///
    /// - Parameter prefix: the prefix inside this view (not empty).
    /// - Returns: the nested view.
    /// - Throws: ``EtcdError``: `.invalidArgument` for an empty prefix.
    public func namespace(_ prefix: EtcdBytes) throws(EtcdError) -> EtcdNamespace {
        guard !prefix.isEmpty else {
            throw EtcdError(.invalidArgument, "a namespace's prefix is empty: it would be the same view; nothing was sent")
        }
        return try EtcdNamespace(client: client, prefix: keys.key(prefix))
    }

    /// `namespace <prefix>`.
    public var description: String { "namespace \(prefix)" }
}

extension Etcd3Client {
    /// The view of this client confined to the keys under `prefix`: see ``EtcdNamespace``.
    ///
    /// ```swift
    /// let tenant = try client.namespace("/tenant-a/")
    /// try await tenant.put("config/a", "1")     // stored at /tenant-a/config/a
    /// ```
    ///
    /// - Parameter prefix: the prefix (not empty). End it with a separator (`/tenant-a/`), or
    ///   `/tenant-a` will also hold `/tenant-ab`'s keys.
    /// - Returns: the view.
    /// - Throws: ``EtcdError``: `.invalidArgument` for an empty prefix (a view of everything is
    ///   the client itself).
    public nonisolated func namespace(_ prefix: EtcdBytes) throws(EtcdError) -> EtcdNamespace {
        try EtcdNamespace(client: self, prefix: prefix)
    }
}

// MARK: - KV

extension EtcdNamespace {
    /// Reads one key of the view; as ``Etcd3Client/get(_:options:timeout:)``.
    ///
    /// - Parameters:
    ///   - key: the key inside the view (not empty).
    ///   - options: revision, serializable, keys-only and the other read options.
    ///   - timeout: the call's deadline; the client's request timeout when `nil`.
    /// - Returns: the pair, its key without the prefix, or `nil` when the key does not exist.
    /// - Throws: ``EtcdError``, as ``Etcd3Client/get(_:options:timeout:)``.
    public func get(
        _ key: EtcdBytes,
        options: EtcdRangeOptions = .default,
        timeout: Duration? = nil
    ) async throws(EtcdError) -> EtcdKeyValue? {
        try Etcd3Client.validateKey(key)
        return try await client.get(keys.key(key), options: options, timeout: timeout).map(keys.strip)
    }

    /// Reads every key of the view that starts with `prefix`, paging like
    /// ``Etcd3Client/getPrefix(_:options:timeout:)``.
    ///
    /// - Parameters:
    ///   - prefix: the prefix inside the view (not empty; ``getAll(options:timeout:)`` reads
    ///     every key of the view).
    ///   - options: read options.
    ///   - timeout: the deadline of each page's call.
    /// - Returns: the matching pairs, keys without the view's prefix.
    /// - Throws: ``EtcdError``, as ``Etcd3Client/getPrefix(_:options:timeout:)``.
    public func getPrefix(
        _ prefix: EtcdBytes,
        options: EtcdRangeOptions = .default,
        timeout: Duration? = nil
    ) async throws(EtcdError) -> [EtcdKeyValue] {
        try Etcd3Client.validateKey(prefix)
        return try await getRange(prefix, end: prefix.prefixRangeEnd, options: options, timeout: timeout)
    }

    /// Reads every key of the view in `[key, end)`, paging like
    /// ``Etcd3Client/getRange(_:end:options:timeout:)``.
    ///
    /// - Parameters:
    ///   - key: the first key of the range, inside the view (not empty).
    ///   - end: the end of the range (exclusive); `"\0"` means to the end of the view.
    ///   - options: read options.
    ///   - timeout: the deadline of each page's call.
    /// - Returns: the matching pairs, keys without the view's prefix.
    /// - Throws: ``EtcdError``, as ``Etcd3Client/getRange(_:end:options:timeout:)``.
    public func getRange(
        _ key: EtcdBytes,
        end: EtcdBytes,
        options: EtcdRangeOptions = .default,
        timeout: Duration? = nil
    ) async throws(EtcdError) -> [EtcdKeyValue] {
        try Etcd3Client.validateKey(key)
        return try await client.getRange(keys.key(key), end: keys.rangeEnd(end), options: options, timeout: timeout).map(keys.strip)
    }

    /// Reads every key of the view (and none outside it), paging like
    /// ``Etcd3Client/getAll(options:timeout:)``.
    ///
    /// - Parameters:
    ///   - options: read options.
    ///   - timeout: the deadline of each page's call.
    /// - Returns: every pair of the view in key order, keys without the prefix.
    /// - Throws: ``EtcdError``, as ``Etcd3Client/get(_:options:timeout:)``.
    public func getAll(
        options: EtcdRangeOptions = .default,
        timeout: Duration? = nil
    ) async throws(EtcdError) -> [EtcdKeyValue] {
        try await getRange(NamespaceKeys.endOfKeyspace, end: NamespaceKeys.endOfKeyspace, options: options, timeout: timeout)
    }

    /// Counts the keys of the view that start with `prefix`; as
    /// ``Etcd3Client/count(prefix:options:timeout:)``.
    ///
    /// - Parameters:
    ///   - prefix: the prefix inside the view (not empty).
    ///   - options: read options (`countOnly` is set for you).
    ///   - timeout: the call's deadline.
    /// - Returns: the number of matching keys.
    /// - Throws: ``EtcdError``, as ``Etcd3Client/get(_:options:timeout:)``.
    public func count(
        prefix: EtcdBytes,
        options: EtcdRangeOptions = .default,
        timeout: Duration? = nil
    ) async throws(EtcdError) -> Int64 {
        try Etcd3Client.validateKey(prefix)
        var options = options
        options.countOnly = true
        return try await range(prefix, end: prefix.prefixRangeEnd, options: options, timeout: timeout).count
    }

    /// One Range call inside the view, every option passed through; as
    /// ``Etcd3Client/range(_:end:options:timeout:)``.
    ///
    /// - Parameters:
    ///   - key: the key, or the start of the range, inside the view (not empty).
    ///   - end: the end of the range (exclusive): `nil` reads only `key`, `"\0"` reads to the
    ///     end of the view.
    ///   - options: read options.
    ///   - timeout: the call's deadline.
    /// - Returns: the server's answer, keys without the view's prefix; `count` and `more`
    ///   count only keys of the view.
    /// - Throws: ``EtcdError``, as ``Etcd3Client/get(_:options:timeout:)``.
    public func range(
        _ key: EtcdBytes,
        end: EtcdBytes?,
        options: EtcdRangeOptions = .default,
        timeout: Duration? = nil
    ) async throws(EtcdError) -> EtcdRangeResult {
        try Etcd3Client.validateKey(key)
        return keys.strip(try await client.range(keys.key(key), end: keys.rangeEnd(end), options: options, timeout: timeout))
    }

    /// Writes `value` at `key` inside the view; as ``Etcd3Client/put(_:_:lease:timeout:)``.
    ///
    /// - Parameters:
    ///   - key: the key inside the view (not empty).
    ///   - value: the value (may be empty).
    ///   - lease: a lease to attach the key to.
    ///   - timeout: the call's deadline.
    /// - Returns: the write's header.
    /// - Throws: ``EtcdError``, as ``Etcd3Client/put(_:_:lease:timeout:)``.
    @discardableResult
    public func put(
        _ key: EtcdBytes,
        _ value: EtcdBytes,
        lease: EtcdLeaseID? = nil,
        timeout: Duration? = nil
    ) async throws(EtcdError) -> EtcdPutResult {
        try await put(key, value, options: EtcdPutOptions(lease: lease), timeout: timeout)
    }

    /// Writes at `key` inside the view with every put option; as
    /// ``Etcd3Client/put(_:_:options:timeout:)``.
    ///
    /// - Parameters:
    ///   - key: the key inside the view (not empty).
    ///   - value: the value.
    ///   - options: lease, prevKV, ignoreValue, ignoreLease.
    ///   - timeout: the call's deadline.
    /// - Returns: the write's header, and the previous pair (key without the prefix) when
    ///   `options.prevKV` is set.
    /// - Throws: ``EtcdError``, as ``Etcd3Client/put(_:_:options:timeout:)``.
    @discardableResult
    public func put(
        _ key: EtcdBytes,
        _ value: EtcdBytes,
        options: EtcdPutOptions,
        timeout: Duration? = nil
    ) async throws(EtcdError) -> EtcdPutResult {
        try Etcd3Client.validateKey(key)
        return keys.strip(try await client.put(keys.key(key), value, options: options, timeout: timeout))
    }

    /// Replaces the value of `key` only if it is `expected` (compare-and-swap); as
    /// ``Etcd3Client/replace(_:from:to:timeout:)``.
    ///
    /// - Parameters:
    ///   - key: the key inside the view (not empty).
    ///   - expected: the value the key must hold.
    ///   - newValue: the value to write.
    ///   - timeout: the call's deadline.
    /// - Returns: `true` if the value was replaced.
    /// - Throws: ``EtcdError``, as ``Etcd3Client/put(_:_:lease:timeout:)``.
    @discardableResult
    public func replace(
        _ key: EtcdBytes,
        from expected: EtcdBytes,
        to newValue: EtcdBytes,
        timeout: Duration? = nil
    ) async throws(EtcdError) -> Bool {
        try await transaction(
            compare: [.value(key) == expected], success: [.put(key, newValue)], failure: [], timeout: timeout
        ).succeeded
    }

    /// Writes `value` at `key` only if the key does not exist; as
    /// ``Etcd3Client/create(_:_:lease:timeout:)``.
    ///
    /// - Parameters:
    ///   - key: the key inside the view (not empty).
    ///   - value: the value.
    ///   - lease: a lease to attach the key to.
    ///   - timeout: the call's deadline.
    /// - Returns: `true` if the key was created.
    /// - Throws: ``EtcdError``, as ``Etcd3Client/put(_:_:lease:timeout:)``.
    @discardableResult
    public func create(
        _ key: EtcdBytes,
        _ value: EtcdBytes,
        lease: EtcdLeaseID? = nil,
        timeout: Duration? = nil
    ) async throws(EtcdError) -> Bool {
        try await transaction(
            compare: [.createRevision(key) == 0], success: [.put(key, value, lease: lease)], failure: [],
            timeout: timeout
        ).succeeded
    }

    /// Writes `value` at `key` only if its last modification is `revision`; as
    /// ``Etcd3Client/update(_:_:ifModRevision:lease:timeout:)``.
    ///
    /// - Parameters:
    ///   - key: the key inside the view (not empty).
    ///   - value: the new value.
    ///   - revision: the `modRevision` the key must still have.
    ///   - lease: a lease to attach the key to.
    ///   - timeout: the call's deadline.
    /// - Returns: `true` if the value was written.
    /// - Throws: ``EtcdError``, as ``Etcd3Client/put(_:_:lease:timeout:)``.
    @discardableResult
    public func update(
        _ key: EtcdBytes,
        _ value: EtcdBytes,
        ifModRevision revision: Int64,
        lease: EtcdLeaseID? = nil,
        timeout: Duration? = nil
    ) async throws(EtcdError) -> Bool {
        try await transaction(
            compare: [.modRevision(key) == revision], success: [.put(key, value, lease: lease)], failure: [],
            timeout: timeout
        ).succeeded
    }

    /// Deletes `key` inside the view; as ``Etcd3Client/delete(_:prevKV:timeout:)``.
    ///
    /// - Parameters:
    ///   - key: the key inside the view (not empty).
    ///   - prevKV: return the deleted pair.
    ///   - timeout: the call's deadline.
    /// - Returns: how many keys were deleted, and the pair (key without the prefix) when
    ///   `prevKV` is set.
    /// - Throws: ``EtcdError``, as ``Etcd3Client/put(_:_:lease:timeout:)``.
    @discardableResult
    public func delete(
        _ key: EtcdBytes,
        prevKV: Bool = false,
        timeout: Duration? = nil
    ) async throws(EtcdError) -> EtcdDeleteResult {
        try await deleteRange(key, end: nil, prevKV: prevKV, timeout: timeout)
    }

    /// Deletes `key` only if it holds `value`; as ``Etcd3Client/delete(_:ifValue:timeout:)``.
    ///
    /// - Parameters:
    ///   - key: the key inside the view (not empty).
    ///   - value: the value the key must hold.
    ///   - timeout: the call's deadline.
    /// - Returns: `true` if the key was deleted.
    /// - Throws: ``EtcdError``, as ``Etcd3Client/put(_:_:lease:timeout:)``.
    @discardableResult
    public func delete(
        _ key: EtcdBytes,
        ifValue value: EtcdBytes,
        timeout: Duration? = nil
    ) async throws(EtcdError) -> Bool {
        try await transaction(compare: [.value(key) == value], success: [.delete(key)], failure: [], timeout: timeout)
            .succeeded
    }

    /// Deletes every key of the view that starts with `prefix`; as
    /// ``Etcd3Client/deletePrefix(_:prevKV:timeout:)``.
    ///
    /// - Parameters:
    ///   - prefix: the prefix inside the view (not empty; `deleteRange("\0", end: "\0")`
    ///     deletes every key of the view).
    ///   - prevKV: return the deleted pairs.
    ///   - timeout: the call's deadline.
    /// - Returns: how many keys were deleted.
    /// - Throws: ``EtcdError``, as ``Etcd3Client/put(_:_:lease:timeout:)``.
    @discardableResult
    public func deletePrefix(
        _ prefix: EtcdBytes,
        prevKV: Bool = false,
        timeout: Duration? = nil
    ) async throws(EtcdError) -> EtcdDeleteResult {
        try Etcd3Client.validateKey(prefix)
        return try await deleteRange(prefix, end: prefix.prefixRangeEnd, prevKV: prevKV, timeout: timeout)
    }

    /// Deletes every key of the view in `[key, end)`, or only `key` when `end` is `nil`; as
    /// ``Etcd3Client/deleteRange(_:end:prevKV:timeout:)``.
    ///
    /// - Parameters:
    ///   - key: the first key, inside the view (not empty).
    ///   - end: the end of the range (exclusive); `"\0"` means to the end of the view, never
    ///     past it.
    ///   - prevKV: return the deleted pairs.
    ///   - timeout: the call's deadline.
    /// - Returns: how many keys were deleted.
    /// - Throws: ``EtcdError``, as ``Etcd3Client/put(_:_:lease:timeout:)``.
    @discardableResult
    public func deleteRange(
        _ key: EtcdBytes,
        end: EtcdBytes?,
        prevKV: Bool = false,
        timeout: Duration? = nil
    ) async throws(EtcdError) -> EtcdDeleteResult {
        try Etcd3Client.validateKey(key)
        return keys.strip(
            try await client.deleteRange(keys.key(key), end: keys.rangeEnd(end), prevKV: prevKV, timeout: timeout))
    }

    /// Runs a transaction inside the view: comparisons, operations and nested transactions are
    /// mapped into it, and every key in the results comes back without the prefix; as
    /// ``Etcd3Client/transaction(compare:success:failure:timeout:)``.
    ///
    /// ```swift
    /// let result = try await tenant.transaction(
    ///     compare: [.value("config/a") == "1"],
    ///     success: [.put("config/b", "2"), .txn(compare: [], success: [.getPrefix("config/")])],
    ///     failure: [.get("config/a")])
    /// ```
    ///
    /// - Parameters:
    ///   - compare: the conditions (all must hold).
    ///   - success: the operations to run when they hold.
    ///   - failure: the operations to run otherwise.
    ///   - timeout: the call's deadline.
    /// - Returns: which branch ran and the result of each of its operations.
    /// - Throws: ``EtcdError``, as ``Etcd3Client/transaction(compare:success:failure:timeout:)``.
    public func transaction(
        compare: [EtcdCompare],
        success: [EtcdTxnOp],
        failure: [EtcdTxnOp] = [],
        timeout: Duration? = nil
    ) async throws(EtcdError) -> EtcdTxnResult {
        let compare = try keys.compares(compare)
        let success = try keys.ops(success)
        let failure = try keys.ops(failure)
        return keys.strip(try await client.transaction(compare: compare, success: success, failure: failure, timeout: timeout))
    }
}
