import Etcd3Messages

extension Etcd3Client {
    // MARK: Reads

    /// Reads one key.
    ///
    /// ```swift
    /// if let kv = try await client.get("/config/a") { print(kv.value) }
    /// ```
    ///
    /// - Parameters:
    ///   - key: the key (not empty).
    ///   - options: revision, serializable, keys-only and the other read options.
    ///   - timeout: the call's deadline; ``Configuration/requestTimeout`` when `nil`.
    /// - Returns: the key-value pair, or `nil` when the key does not exist (at that revision).
    /// - Throws: ``EtcdError``: `.invalidArgument` for an empty key (nothing is sent),
    ///   `.compacted` or `.futureRevision` for a revision out of range, `.staleRead` when only
    ///   members behind a revision the client already returned answered (see
    ///   ``Configuration/monotonicReads``), `.unavailable`, `.deadlineExceeded`, `.cancelled`.
    public nonisolated func get(
        _ key: EtcdBytes,
        options: EtcdRangeOptions = .default,
        timeout: Duration? = nil
    ) async throws(EtcdError) -> EtcdKeyValue? {
        try Self.validateKey(key)
        return try await range(key, end: nil, options: options, timeout: timeout).kvs.first
    }

    /// Reads every key that starts with `prefix`, paging through large results.
    ///
    /// Results come in key order. When more than ``Configuration/rangePageSize`` keys match, the
    /// client reads them in pages, all at the revision of the first page, so the result is one
    /// consistent snapshot and no response exceeds the receive limit.
    ///
    /// - Parameters:
    ///   - prefix: the prefix (not empty; use ``getAll(options:timeout:)`` for every key).
    ///   - options: read options; `limit` caps the total, `sortOrder` other than `.none` or
    ///     ascending by key reads in one request without paging.
    ///   - timeout: the deadline of each page's call; ``Configuration/requestTimeout`` when `nil`.
    /// - Returns: the matching pairs.
    /// - Throws: ``EtcdError``, as ``get(_:options:timeout:)``.
    public nonisolated func getPrefix(
        _ prefix: EtcdBytes,
        options: EtcdRangeOptions = .default,
        timeout: Duration? = nil
    ) async throws(EtcdError) -> [EtcdKeyValue] {
        try Self.validateKey(prefix)
        return try await getRange(prefix, end: prefix.prefixRangeEnd, options: options, timeout: timeout)
    }

    /// Reads every key in `[key, end)`, paging through large results like
    /// ``getPrefix(_:options:timeout:)``.
    ///
    /// - Parameters:
    ///   - key: the first key of the range.
    ///   - end: the end of the range, exclusive. `"\0"` means "to the end of the keyspace".
    ///   - options: read options.
    ///   - timeout: the deadline of each page's call.
    /// - Returns: the matching pairs.
    /// - Throws: ``EtcdError``, as ``get(_:options:timeout:)``.
    public nonisolated func getRange(
        _ key: EtcdBytes,
        end: EtcdBytes,
        options: EtcdRangeOptions = .default,
        timeout: Duration? = nil
    ) async throws(EtcdError) -> [EtcdKeyValue] {
        try Self.validateKey(key)
        let pageable =
            !options.countOnly
            && (options.sortOrder == .none || (options.sortOrder == .ascending && options.sortTarget == .key))
        guard pageable else {
            return try await range(key, end: end, options: options, timeout: timeout).kvs
        }
        var result: [EtcdKeyValue] = []
        var start = key
        var pageOptions = options
        var pageSize = max(core.configuration.rangePageSize, 1)
        while true {
            let wanted = options.limit > 0 ? options.limit - Int64(result.count) : pageSize
            pageOptions.limit = min(pageSize, wanted)
            let page: EtcdRangeResult
            do {
                page = try await range(start, end: end, options: pageOptions, timeout: timeout)
            } catch let error where error.code == .responseTooLarge && pageSize > 1 {
                pageSize = max(pageSize / 2, 1)
                continue
            }
            if pageOptions.revision == 0 { pageOptions.revision = page.header.revision }
            result.append(contentsOf: page.kvs)
            guard page.more, let last = page.kvs.last else { break }
            if options.limit > 0, result.count >= options.limit { break }
            start = EtcdBytes(last.key.bytes + [0])
        }
        return result
    }

    /// Reads every key in the keyspace, paging like ``getPrefix(_:options:timeout:)``.
    ///
    /// - Parameters:
    ///   - options: read options.
    ///   - timeout: the deadline of each page's call.
    /// - Returns: every pair, in key order.
    /// - Throws: ``EtcdError``, as ``get(_:options:timeout:)``.
    public nonisolated func getAll(
        options: EtcdRangeOptions = .default,
        timeout: Duration? = nil
    ) async throws(EtcdError) -> [EtcdKeyValue] {
        try await getRange([0], end: [0], options: options, timeout: timeout)
    }

    /// Counts the keys that start with `prefix` without reading them.
    ///
    /// - Parameters:
    ///   - prefix: the prefix (not empty).
    ///   - options: read options (`countOnly` is set for you).
    ///   - timeout: the call's deadline.
    /// - Returns: the number of matching keys.
    /// - Throws: ``EtcdError``, as ``get(_:options:timeout:)``.
    public nonisolated func count(
        prefix: EtcdBytes,
        options: EtcdRangeOptions = .default,
        timeout: Duration? = nil
    ) async throws(EtcdError) -> Int64 {
        try Self.validateKey(prefix)
        var options = options
        options.countOnly = true
        return try await range(prefix, end: prefix.prefixRangeEnd, options: options, timeout: timeout).count
    }

    /// One Range call, exactly as etcd defines it: no paging, every option passed through.
    ///
    /// - Parameters:
    ///   - key: the key, or the start of the range.
    ///   - end: the end of the range (exclusive); `nil` reads only `key`.
    ///   - options: read options.
    ///   - timeout: the call's deadline.
    /// - Returns: the server's answer, with its header, `more` and `count`.
    /// - Throws: ``EtcdError``, as ``get(_:options:timeout:)``.
    public nonisolated func range(
        _ key: EtcdBytes,
        end: EtcdBytes?,
        options: EtcdRangeOptions = .default,
        timeout: Duration? = nil
    ) async throws(EtcdError) -> EtcdRangeResult {
        try Self.validateKey(key)
        let request = Etcdserverpb.RangeRequest(key: key, end: end, options: options)
        // A read of the latest revision must not go back in time; one at an explicit revision
        // returns what that revision held, whoever answers (Docs/KV.md, "Monotonic reads").
        let response = try await core.unary(
            Etcdserverpb.KV.range, request, kind: .idempotent, timeout: timeout,
            order: options.revision == 0 ? .checked : .raisesFloor, revision: { $0.header?.revision })
        return EtcdRangeResult(response)
    }

    // MARK: Writes

    /// Writes `value` at `key`.
    ///
    /// - Parameters:
    ///   - key: the key (not empty).
    ///   - value: the value (may be empty).
    ///   - lease: a lease to attach the key to; the key is deleted when the lease ends.
    ///   - timeout: the call's deadline.
    /// - Returns: the write's header (its revision).
    /// - Throws: ``EtcdError``: `.invalidArgument` (empty key; nothing sent), `.requestTooLarge`,
    ///   `.leaseNotFound`, `.noSpace`, `.indeterminate` when the put may have been applied but no
    ///   answer came, `.unavailable` when it provably was not, `.deadlineExceeded`, `.cancelled`.
    @discardableResult
    public nonisolated func put(
        _ key: EtcdBytes,
        _ value: EtcdBytes,
        lease: EtcdLeaseID? = nil,
        timeout: Duration? = nil
    ) async throws(EtcdError) -> EtcdPutResult {
        try await put(key, value, options: EtcdPutOptions(lease: lease), timeout: timeout)
    }

    /// Writes at `key` with every put option (previous value, ignore value, ignore lease).
    ///
    /// - Parameters:
    ///   - key: the key (not empty).
    ///   - value: the value; ignored by the server when `options.ignoreValue` is set (pass `""`).
    ///   - options: lease, prevKV, ignoreValue, ignoreLease.
    ///   - timeout: the call's deadline.
    /// - Returns: the write's header, and the previous pair when `options.prevKV` is set.
    /// - Throws: ``EtcdError``, as ``put(_:_:lease:timeout:)``; `.invalidArgument` when
    ///   `ignoreValue` or `ignoreLease` is set for a key that does not exist.
    @discardableResult
    public nonisolated func put(
        _ key: EtcdBytes,
        _ value: EtcdBytes,
        options: EtcdPutOptions,
        timeout: Duration? = nil
    ) async throws(EtcdError) -> EtcdPutResult {
        try Self.validateKey(key)
        let request = Etcdserverpb.PutRequest(key: key, value: value, options: options)
        return EtcdPutResult(try await core.unary(Etcdserverpb.KV.put, request, kind: .mutation, timeout: timeout))
    }

    /// Replaces the value of `key` with `newValue` only if it is currently `expected`
    /// (compare-and-swap).
    ///
    /// - Parameters:
    ///   - key: the key (not empty).
    ///   - expected: the value the key must hold.
    ///   - newValue: the value to write.
    ///   - timeout: the call's deadline.
    /// - Returns: `true` if the value was replaced, `false` if the key held something else or
    ///   did not exist.
    /// - Throws: ``EtcdError``, as ``put(_:_:lease:timeout:)``.
    @discardableResult
    public nonisolated func replace(
        _ key: EtcdBytes,
        from expected: EtcdBytes,
        to newValue: EtcdBytes,
        timeout: Duration? = nil
    ) async throws(EtcdError) -> Bool {
        try await transaction(
            compare: [.value(key) == expected], success: [.put(key, newValue)], failure: [], timeout: timeout
        ).succeeded
    }

    /// Writes `value` at `key` only if the key does not exist (create-if-absent).
    ///
    /// - Parameters:
    ///   - key: the key (not empty).
    ///   - value: the value.
    ///   - lease: a lease to attach the key to.
    ///   - timeout: the call's deadline.
    /// - Returns: `true` if the key was created, `false` if it already existed.
    /// - Throws: ``EtcdError``, as ``put(_:_:lease:timeout:)``.
    @discardableResult
    public nonisolated func create(
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

    /// Writes `value` at `key` only if the key's last modification is `revision`
    /// (update-if-unchanged; pass the `modRevision` of the pair you read).
    ///
    /// - Parameters:
    ///   - key: the key (not empty).
    ///   - value: the new value.
    ///   - revision: the `modRevision` the key must still have.
    ///   - lease: a lease to attach the key to.
    ///   - timeout: the call's deadline.
    /// - Returns: `true` if the value was written, `false` if the key changed (or is gone).
    /// - Throws: ``EtcdError``, as ``put(_:_:lease:timeout:)``.
    @discardableResult
    public nonisolated func update(
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

    /// Deletes `key`.
    ///
    /// - Parameters:
    ///   - key: the key (not empty).
    ///   - prevKV: return the deleted pair.
    ///   - timeout: the call's deadline.
    /// - Returns: how many keys were deleted (0 or 1), and the pair when `prevKV` is set.
    /// - Throws: ``EtcdError``, as ``put(_:_:lease:timeout:)``.
    @discardableResult
    public nonisolated func delete(
        _ key: EtcdBytes,
        prevKV: Bool = false,
        timeout: Duration? = nil
    ) async throws(EtcdError) -> EtcdDeleteResult {
        try Self.validateKey(key)
        return try await deleteRange(key, end: nil, prevKV: prevKV, timeout: timeout)
    }

    /// Deletes `key` only if it holds `value` (delete-if-value).
    ///
    /// - Parameters:
    ///   - key: the key (not empty).
    ///   - value: the value the key must hold.
    ///   - timeout: the call's deadline.
    /// - Returns: `true` if the key was deleted.
    /// - Throws: ``EtcdError``, as ``put(_:_:lease:timeout:)``.
    @discardableResult
    public nonisolated func delete(
        _ key: EtcdBytes,
        ifValue value: EtcdBytes,
        timeout: Duration? = nil
    ) async throws(EtcdError) -> Bool {
        try await transaction(compare: [.value(key) == value], success: [.delete(key)], failure: [], timeout: timeout)
            .succeeded
    }

    /// Deletes every key that starts with `prefix`.
    ///
    /// - Parameters:
    ///   - prefix: the prefix (not empty).
    ///   - prevKV: return the deleted pairs.
    ///   - timeout: the call's deadline.
    /// - Returns: how many keys were deleted.
    /// - Throws: ``EtcdError``, as ``put(_:_:lease:timeout:)``.
    @discardableResult
    public nonisolated func deletePrefix(
        _ prefix: EtcdBytes,
        prevKV: Bool = false,
        timeout: Duration? = nil
    ) async throws(EtcdError) -> EtcdDeleteResult {
        try Self.validateKey(prefix)
        return try await deleteRange(prefix, end: prefix.prefixRangeEnd, prevKV: prevKV, timeout: timeout)
    }

    /// Deletes every key in `[key, end)`, or only `key` when `end` is `nil`.
    ///
    /// - Parameters:
    ///   - key: the first key (not empty).
    ///   - end: the end of the range (exclusive); `"\0"` means to the end of the keyspace.
    ///   - prevKV: return the deleted pairs.
    ///   - timeout: the call's deadline.
    /// - Returns: how many keys were deleted.
    /// - Throws: ``EtcdError``, as ``put(_:_:lease:timeout:)``.
    @discardableResult
    public nonisolated func deleteRange(
        _ key: EtcdBytes,
        end: EtcdBytes?,
        prevKV: Bool = false,
        timeout: Duration? = nil
    ) async throws(EtcdError) -> EtcdDeleteResult {
        try Self.validateKey(key)
        let request = Etcdserverpb.DeleteRangeRequest(key: key, end: end, prevKV: prevKV)
        return EtcdDeleteResult(
            try await core.unary(Etcdserverpb.KV.deleteRange, request, kind: .mutation, timeout: timeout))
    }

    /// Runs a transaction: if every comparison holds, the `success` operations run, otherwise
    /// the `failure` ones, atomically at one revision.
    ///
    /// ```swift
    /// let result = try await client.transaction(
    ///     compare: [.value("/k") == "v", .version("/k") > 0],
    ///     success: [.put("/k", "ok")],
    ///     failure: [.get("/k")])
    /// if !result.succeeded, let current = result.responses.first?.range?.kvs.first { … }
    /// ```
    ///
    /// A transaction with only reads is retried like a read, and is held to the ordering guard
    /// of ``Configuration/monotonicReads`` like one; one with a write is treated as a write.
    ///
    /// - Parameters:
    ///   - compare: the conditions (all must hold).
    ///   - success: the operations to run when they hold.
    ///   - failure: the operations to run otherwise.
    ///   - timeout: the call's deadline.
    /// - Returns: which branch ran and the result of each of its operations.
    /// - Throws: ``EtcdError``: `.invalidArgument` for an empty key (nothing sent), too many
    ///   operations (the server's `--max-txn-ops`, 128 by default) or the same key written twice;
    ///   `.staleRead` for a transaction without writes, as for ``get(_:options:timeout:)``;
    ///   otherwise as ``put(_:_:lease:timeout:)``.
    public nonisolated func transaction(
        compare: [EtcdCompare],
        success: [EtcdTxnOp],
        failure: [EtcdTxnOp] = [],
        timeout: Duration? = nil
    ) async throws(EtcdError) -> EtcdTxnResult {
        try Self.validate(compare: compare, success: success, failure: failure)
        let isWrite = success.contains(where: \.isWrite) || failure.contains(where: \.isWrite)
        // A transaction is a read of its revision (its comparisons, its gets): it raises the
        // floor of the ordering guard. One without writes is checked against it like any read;
        // one with writes is never sent twice (Docs/KV.md, "Monotonic reads").
        return try await core.unary(
            path: Etcdserverpb.KV.txn.path,
            frame: TxnWire.requestFrame(compare: compare, success: success, failure: failure),
            kind: isWrite ? .mutation : .idempotent, timeout: timeout, order: isWrite ? .raisesFloor : .checked,
            revision: { $0.header.revision }, decode: TxnWire.result)
    }

    /// Discards the history before `revision`: reads and watches at older revisions then fail
    /// with ``EtcdError/Code/compacted``.
    ///
    /// - Parameters:
    ///   - revision: the first revision to keep.
    ///   - physical: wait until the compaction is applied to the storage backend.
    ///   - timeout: the call's deadline.
    /// - Returns: the response header.
    /// - Throws: ``EtcdError``: `.compacted` when `revision` is already compacted,
    ///   `.futureRevision` when it is newer than the store; otherwise as ``put(_:_:lease:timeout:)``.
    @discardableResult
    public nonisolated func compact(
        _ revision: Int64,
        physical: Bool = false,
        timeout: Duration? = nil
    ) async throws(EtcdError) -> EtcdResponseHeader {
        var request = Etcdserverpb.CompactionRequest()
        request.revision = revision
        request.physical = physical
        // Compacting twice to the same revision has the same effect, but the second call fails
        // with `.compacted`: treat it as a mutation so a retry never hides the first outcome.
        let response = try await core.unary(Etcdserverpb.KV.compact, request, kind: .mutation, timeout: timeout)
        return EtcdResponseHeader(response.header)
    }

    // MARK: Validation

    static func validateKey(_ key: EtcdBytes) throws(EtcdError) {
        if key.isEmpty { throw EtcdError(.invalidArgument, "the key is empty; nothing was sent") }
    }

    private static func validate(compare: [EtcdCompare], success: [EtcdTxnOp], failure: [EtcdTxnOp]) throws(EtcdError) {
        for condition in compare { try validateKey(condition.key) }
        for op in success { try validate(op) }
        for op in failure { try validate(op) }
    }

    private static func validate(_ op: EtcdTxnOp) throws(EtcdError) {
        switch op.kind {
        case .range(let key, _, _), .put(let key, _, _), .delete(let key, _, _):
            try validateKey(key)
        case .txn(let compare, let success, let failure):
            try validate(compare: compare, success: success, failure: failure)
        }
    }
}
