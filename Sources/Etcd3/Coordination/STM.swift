import Synchronization

/// How a software transaction's reads and its commit guard against other writers: the
/// isolation levels of etcd's Go client (`concurrency.STM`).
///
/// | level | reads see | the commit fails (and the body runs again) when |
/// | --- | --- | --- |
/// | ``serializableSnapshot`` | one snapshot: the revision of the first read | a key read, or a key written, changed after that revision |
/// | ``serializable`` | one snapshot: the revision of the first read | a key read changed after it was read |
/// | ``repeatableRead`` | each key as it was when first read (the latest revision then) | a key read changed after it was read |
/// | ``readCommitted`` | each key as it was when first read | never: the writes are applied whatever happened |
///
/// Every level reads each key at most once per attempt (later reads of it return the same
/// pair) and sees the attempt's own writes.
public enum EtcdSTMIsolation: Sendable, Hashable, CaseIterable {
    /// Serializable, and a key written (not only read) must not have changed since the
    /// snapshot either: no lost update even on keys written blindly. The default.
    case serializableSnapshot
    /// Every read sees the store at the revision of the attempt's first read; the commit
    /// requires every key read to be unchanged. Keys written without being read are not
    /// checked.
    case serializable
    /// Each key is read at the latest revision when first read (keys read at different times
    /// may come from different revisions); the commit requires every key read to be unchanged.
    case repeatableRead
    /// Like ``repeatableRead``, but the commit checks nothing: concurrent updates of the keys
    /// read can be lost.
    case readCommitted

    /// Whether every read of an attempt is at one revision.
    var readsOneSnapshot: Bool { self == .serializableSnapshot || self == .serializable }
    /// Whether the commit requires the keys read to be unchanged.
    var comparesReads: Bool { self != .readCommitted }
}

/// The context of one software transaction: reads go to etcd (at most once a key), writes
/// are buffered and applied together, in one etcd transaction, when the body returns.
///
/// You get it from ``Etcd3Client/softwareTransaction(isolation:maxAttempts:prefetch:timeout:runningOn:_:)``;
/// use it only while that body runs. It is safe to use from several tasks of the body at once.
public final class EtcdSTM: Sendable {
    /// The isolation level of the transaction.
    public let isolation: EtcdSTMIsolation
    /// Where the transaction's keys are: the client's whole keyspace, or a namespace.
    private let keyspace: RecipeKeyspace
    private let timeout: Duration?
    private let state = Mutex(State())

    init(client: Etcd3Client, isolation: EtcdSTMIsolation, timeout: Duration?, namespace: EtcdNamespace? = nil) {
        self.keyspace = RecipeKeyspace(client: client, namespace: namespace)
        self.isolation = isolation
        self.timeout = timeout
    }

    /// Reads the value of `key`: the attempt's own write when there is one, otherwise the
    /// value as the isolation level defines it. The key joins the read set.
    ///
    /// ```swift
    /// let balance = Int(try await stm.get("/accounts/alice")?.string ?? "0") ?? 0
    /// ```
    ///
    /// - Parameter key: the key (not empty).
    /// - Returns: the value, or `nil` when the key does not exist (or the attempt deleted it).
    /// - Throws: ``EtcdError``: `.invalidArgument` for an empty key; otherwise as
    ///   ``Etcd3Client/get(_:options:timeout:)``. The attempt then cannot commit: even when
    ///   the body catches the error and returns, the transaction throws it.
    public func get(_ key: EtcdBytes) async throws(EtcdError) -> EtcdBytes? {
        if let write = state.withLock({ $0.writes[key] }) {
            switch write {
            case .put(let value, _): return value
            case .delete: return nil
            }
        }
        return try await read([key])[0]?.value
    }

    /// Reads the modification revision of `key` (as ``get(_:)`` reads, ignoring the attempt's
    /// own writes). The key joins the read set.
    ///
    /// - Parameter key: the key (not empty).
    /// - Returns: the revision of the key's last change, or 0 when it does not exist.
    /// - Throws: ``EtcdError``, as ``get(_:)``.
    public func modRevision(of key: EtcdBytes) async throws(EtcdError) -> Int64 {
        try await read([key])[0]?.modRevision ?? 0
    }

    /// Writes `value` at `key` when the transaction commits; later reads of the key in this
    /// attempt return `value`.
    ///
    /// - Parameters:
    ///   - key: the key (not empty: an empty key makes the transaction throw
    ///     `.invalidArgument` without writing anything).
    ///   - value: the value.
    ///   - lease: a lease to attach the key to.
    public func put(_ key: EtcdBytes, _ value: EtcdBytes, lease: EtcdLeaseID? = nil) {
        buffer(key, .put(value, lease))
    }

    /// Deletes `key` when the transaction commits; later reads of the key in this attempt
    /// return `nil`.
    ///
    /// - Parameter key: the key (not empty, as for ``put(_:_:lease:)``).
    public func delete(_ key: EtcdBytes) {
        buffer(key, .delete)
    }

    // MARK: Internals

    enum Write: Sendable {
        case put(EtcdBytes, EtcdLeaseID?)
        case delete
    }

    /// A key as a read found it (`kv == nil`: absent).
    struct Observed: Sendable {
        var kv: EtcdKeyValue?
    }

    struct State {
        var reads: [EtcdBytes: Observed] = [:]
        var readOrder: [EtcdBytes] = []
        var writes: [EtcdBytes: Write] = [:]
        var writeOrder: [EtcdBytes] = []
        /// For the snapshot levels: the revision every read of the attempt sees.
        var snapshotRevision: Int64?
        /// The read set as the failed commit of the previous attempt found it, to save reads.
        var carried: [EtcdBytes: Observed] = [:]
        var carriedRevision: Int64 = 0
        /// A failure that forbids committing this attempt.
        var failure: EtcdError?
        /// Whether the attempt must run again (its snapshot was compacted away).
        var mustRestart = false

        /// Takes what it can from the reads carried over, and returns the keys to fetch and
        /// the revision to fetch them at (`nil`: the latest).
        mutating func resolve(_ keys: [EtcdBytes], oneSnapshot: Bool) -> (missing: [EtcdBytes], revision: Int64?) {
            var missing: [EtcdBytes] = []
            for key in keys where reads[key] == nil {
                if let observed = carried[key], !oneSnapshot || (snapshotRevision ?? carriedRevision) == carriedRevision {
                    if oneSnapshot { snapshotRevision = carriedRevision }
                    carried[key] = nil
                    reads[key] = observed
                    readOrder.append(key)
                } else if !missing.contains(key) {
                    missing.append(key)
                }
            }
            return (missing, oneSnapshot ? snapshotRevision : nil)
        }

        /// Records fetched keys, unless a concurrent first read pinned another snapshot.
        mutating func store(_ keys: [EtcdBytes], _ kvs: [EtcdKeyValue?], at revision: Int64, oneSnapshot: Bool) {
            if oneSnapshot {
                if let snapshotRevision, snapshotRevision != revision { return }
                snapshotRevision = revision
            }
            for (key, kv) in zip(keys, kvs) where reads[key] == nil {
                reads[key] = Observed(kv: kv)
                readOrder.append(key)
            }
        }
    }

    private func buffer(_ key: EtcdBytes, _ write: Write) {
        state.withLock { state in
            guard !key.isEmpty else {
                state.failure =
                    state.failure
                    ?? EtcdError(.invalidArgument, "a software transaction wrote an empty key; nothing was written")
                return
            }
            if state.writes.updateValue(write, forKey: key) == nil { state.writeOrder.append(key) }
        }
    }

    /// Reads `keys` (adding them to the read set) in at most one round trip per snapshot.
    func read(_ keys: [EtcdBytes]) async throws(EtcdError) -> [EtcdKeyValue?] {
        let oneSnapshot = isolation.readsOneSnapshot
        while true {
            let (missing, revision) = try state.withLock { state throws(EtcdError) in
                if keys.contains(where: \.isEmpty) {
                    let error = EtcdError(.invalidArgument, "the key is empty; nothing was sent")
                    state.failure = state.failure ?? error
                    throw error
                }
                return state.resolve(keys, oneSnapshot: oneSnapshot)
            }
            if missing.isEmpty {
                return state.withLock { state in keys.map { state.reads[$0]?.kv } }
            }
            let options = EtcdRangeOptions(revision: revision ?? 0)
            let result: EtcdTxnResult
            do {
                result = try await keyspace.transaction(
                    compare: [], success: missing.map { .get($0, options: options) }, timeout: timeout)
            } catch {
                state.withLock { state in
                    state.failure = state.failure ?? error
                    // The snapshot was compacted away: run the body again on a newer one.
                    if error.code == .compacted, revision != nil { state.mustRestart = true }
                }
                throw error
            }
            let kvs = result.responses.map { $0.range?.kvs.first }
            state.withLock { $0.store(missing, kvs, at: revision ?? result.header.revision, oneSnapshot: oneSnapshot) }
        }
    }

    /// Starts an attempt: empty read and write sets; reads carried from the last failed
    /// commit stay available.
    func begin() {
        state.withLock { state in
            let carried = state.carried
            let carriedRevision = state.carriedRevision
            state = State()
            state.carried = carried
            state.carriedRevision = carriedRevision
        }
    }

    /// Ends the body's run: whether the attempt must run again (then the reads carried over
    /// are dropped), and the failure that forbids committing it.
    func endAttempt() -> (mustRestart: Bool, failure: EtcdError?) {
        state.withLock { state in
            if state.mustRestart {
                state.carried = [:]
                return (true, nil)
            }
            return (false, state.failure)
        }
    }

    /// Commits the attempt. `false`: a comparison failed (another writer got in first); the
    /// read set as the server then had it is carried to the next attempt.
    func commit() async throws(EtcdError) -> Bool {
        let (compares, writes, reread) = state.withLock { state in
            var compares: [EtcdCompare] = []
            if isolation.comparesReads {
                for key in state.readOrder {
                    compares.append(.modRevision(key) == (state.reads[key]?.kv?.modRevision ?? 0))
                }
            }
            if isolation == .serializableSnapshot, let snapshot = state.snapshotRevision {
                for key in state.writeOrder { compares.append(.modRevision(key) < snapshot + 1) }
            }
            let writes = state.writeOrder.map { key -> EtcdTxnOp in
                switch state.writes[key] {
                case .put(let value, let lease): .put(key, value, lease: lease)
                case .delete, nil: .delete(key)
                }
            }
            return (compares, writes, isolation.comparesReads ? state.readOrder : [])
        }
        // Reads at one snapshot need no validation: they are the store at one revision.
        if writes.isEmpty && (compares.isEmpty || isolation.readsOneSnapshot) { return true }
        let result = try await keyspace.transaction(
            compare: compares, success: writes, failure: reread.map { .get($0) }, timeout: timeout)
        if result.succeeded { return true }
        state.withLock { state in
            state.carried = [:]
            for (key, response) in zip(reread, result.responses) {
                state.carried[key] = Observed(kv: response.range?.kvs.first)
            }
            state.carriedRevision = result.header.revision
        }
        return false
    }
}

extension Etcd3Client {
    /// The pause between a software transaction's attempts.
    static let stmBackoff = Backoff(initial: .milliseconds(2), maximum: .milliseconds(64))

    /// Runs `body` as a software transaction: its reads see a consistent state, its writes are
    /// applied all together, atomically, only if no other writer invalidated what it read (as
    /// the `isolation` level defines); otherwise `body` runs again with fresh reads.
    ///
    /// ```swift
    /// // Move 10 from alice to bob, whatever other clients do meanwhile.
    /// let moved = try await client.softwareTransaction { stm in
    ///     let alice = Int(try await stm.get("/accounts/alice")?.string ?? "0") ?? 0
    ///     let bob = Int(try await stm.get("/accounts/bob")?.string ?? "0") ?? 0
    ///     guard alice >= 10 else { return false }
    ///     stm.put("/accounts/alice", "\(alice - 10)")
    ///     stm.put("/accounts/bob", "\(bob + 10)")
    ///     return true
    /// }
    /// ```
    ///
    /// Each attempt starts with empty read and write sets. Reads go to etcd once per key
    /// (linearizable, or at the snapshot revision); ``EtcdSTM/put(_:_:lease:)`` and
    /// ``EtcdSTM/delete(_:)`` only buffer. When `body` returns, the commit is one etcd
    /// transaction: the comparisons of the isolation level, then the writes. When a
    /// comparison fails, the failed commit also reads the keys of the read set, so the next
    /// attempt starts from them without another round trip; after a short jittered pause
    /// `body` runs again, up to `maxAttempts` times in all. A body that only reads at a
    /// snapshot level commits nothing and makes no extra call.
    ///
    /// `body` may run several times: keep its effects outside etcd idempotent, or do them
    /// after the transaction returned.
    ///
    /// - Parameters:
    ///   - isolation: how reads and the commit guard against other writers; see
    ///     ``EtcdSTMIsolation``.
    ///   - maxAttempts: how many times `body` may run (at least 1).
    ///   - prefetch: keys to read in one round trip at the start of each attempt, before
    ///     `body` runs; they join the read set (a change to them makes the commit fail as if
    ///     `body` had read them).
    ///   - timeout: the deadline of each call the transaction makes (each read and the
    ///     commit); ``Configuration/requestTimeout`` when `nil`.
    ///   - actor: the actor `body` runs on; the caller's by default.
    ///   - body: the transaction; it may read and write through the ``EtcdSTM`` it receives
    ///     and returns the transaction's result.
    /// - Returns: what the successful attempt of `body` returned.
    /// - Throws: what `body` throws, as it throws it (nothing is written); ``EtcdError``:
    ///   `.retriesExhausted` when `maxAttempts` attempts all conflicted (nothing of any was
    ///   written); `.indeterminate` when the commit may have been applied but no answer came
    ///   (it is never run again blindly: read the keys to find out); `.invalidArgument` for
    ///   `maxAttempts` below 1, an empty key, or more than the server's `--max-txn-ops`
    ///   (128 by default) keys read or written; `.cancelled` when the task was cancelled
    ///   between attempts; a read's error (a read error caught by `body` still fails the
    ///   attempt); otherwise as ``transaction(compare:success:failure:timeout:)``.
    public func softwareTransaction<Result>(
        isolation: EtcdSTMIsolation = .serializableSnapshot,
        maxAttempts: Int = 16,
        prefetch: [EtcdBytes] = [],
        timeout: Duration? = nil,
        runningOn actor: isolated (any Actor)? = #isolation,
        _ body: (EtcdSTM) async throws -> sending Result
    ) async throws -> sending Result {
        try await softwareTransaction(
            in: nil, isolation: isolation, maxAttempts: maxAttempts, prefetch: prefetch, timeout: timeout,
            runningOn: actor, body)
    }

    /// ``softwareTransaction(isolation:maxAttempts:prefetch:timeout:runningOn:_:)`` with its
    /// keys in `namespace` (`nil`: the whole keyspace).
    func softwareTransaction<Result>(
        in namespace: EtcdNamespace?,
        isolation: EtcdSTMIsolation,
        maxAttempts: Int,
        prefetch: [EtcdBytes],
        timeout: Duration?,
        runningOn actor: isolated (any Actor)?,
        _ body: (EtcdSTM) async throws -> sending Result
    ) async throws -> sending Result {
        guard maxAttempts >= 1 else {
            throw EtcdError(.invalidArgument, "maxAttempts is \(maxAttempts); it must be at least 1; nothing was sent")
        }
        let stm = EtcdSTM(client: self, isolation: isolation, timeout: timeout, namespace: namespace)
        for attempt in 1...maxAttempts {
            if attempt > 1 { try await Self.pause(Self.stmBackoff.delay(forAttempt: attempt - 1)) }
            if Task.isCancelled {
                throw EtcdError(.cancelled, "the software transaction was cancelled; nothing was written")
            }
            stm.begin()
            let result: Result
            do {
                if !prefetch.isEmpty { _ = try await stm.read(prefetch) }
                result = try await body(stm)
            } catch {
                if stm.endAttempt().mustRestart { continue }
                throw error
            }
            let outcome = stm.endAttempt()
            if outcome.mustRestart { continue }
            if let failure = outcome.failure { throw failure }
            if try await stm.commit() { return result }
        }
        throw EtcdError(
            .retriesExhausted,
            "the software transaction conflicted with other writers in all \(maxAttempts) attempts; nothing was written")
    }
}
