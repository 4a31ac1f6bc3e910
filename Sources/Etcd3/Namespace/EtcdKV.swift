/// The key API that ``Etcd3Client`` and ``EtcdNamespace`` share: reads, writes, transactions,
/// watches, leases and the coordination recipes, with the same names and signatures, so code
/// can be written once for a whole cluster and run inside a prefix.
///
/// ```swift
/// func register(_ kv: some EtcdKV, name: String, address: String) async throws {
///     let lease = try await kv.grantLease(ttl: .seconds(10))
///     try await kv.put("services/\(name)", "\(address)", lease: lease.id)
/// }
/// try await register(client, name: "a", address: "10.0.0.1:80")                 // services/a
/// try await register(try client.namespace("/tenant-a/"), name: "a", address: …)  // /tenant-a/services/a
/// ```
///
/// Each requirement is documented on ``Etcd3Client``; ``EtcdNamespace`` documents how it maps
/// keys. The default arguments of the client's methods are available in generic code too, as
/// forwarders in an extension. The protocol is meant for these two types: another conforming
/// type must implement every requirement itself, or a forwarder would stand in for the missing
/// one and call itself.
public protocol EtcdKV: Sendable {
    /// What a watch returns: ``EtcdWatchSequence`` for the client, ``EtcdNamespacedWatchSequence`` for
    /// a view.
    associatedtype Watch: AsyncSequence<EtcdWatchEvent, EtcdError> & Sendable

    // MARK: KV

    /// See ``Etcd3Client/get(_:options:timeout:)``.
    func get(_ key: EtcdBytes, options: EtcdRangeOptions, timeout: Duration?) async throws(EtcdError) -> EtcdKeyValue?
    /// See ``Etcd3Client/getPrefix(_:options:timeout:)``.
    func getPrefix(_ prefix: EtcdBytes, options: EtcdRangeOptions, timeout: Duration?) async throws(EtcdError) -> [EtcdKeyValue]
    /// See ``Etcd3Client/getRange(_:end:options:timeout:)``.
    func getRange(_ key: EtcdBytes, end: EtcdBytes, options: EtcdRangeOptions, timeout: Duration?) async throws(EtcdError) -> [EtcdKeyValue]
    /// See ``Etcd3Client/getAll(options:timeout:)``.
    func getAll(options: EtcdRangeOptions, timeout: Duration?) async throws(EtcdError) -> [EtcdKeyValue]
    /// See ``Etcd3Client/count(prefix:options:timeout:)``.
    func count(prefix: EtcdBytes, options: EtcdRangeOptions, timeout: Duration?) async throws(EtcdError) -> Int64
    /// See ``Etcd3Client/range(_:end:options:timeout:)``.
    func range(_ key: EtcdBytes, end: EtcdBytes?, options: EtcdRangeOptions, timeout: Duration?) async throws(EtcdError) -> EtcdRangeResult
    /// See ``Etcd3Client/put(_:_:lease:timeout:)``.
    @discardableResult
    func put(_ key: EtcdBytes, _ value: EtcdBytes, lease: EtcdLeaseID?, timeout: Duration?) async throws(EtcdError) -> EtcdPutResult
    /// See ``Etcd3Client/put(_:_:options:timeout:)``.
    @discardableResult
    func put(_ key: EtcdBytes, _ value: EtcdBytes, options: EtcdPutOptions, timeout: Duration?) async throws(EtcdError) -> EtcdPutResult
    /// See ``Etcd3Client/put(_:_:ttl:timeout:)``.
    @discardableResult
    func put(_ key: EtcdBytes, _ value: EtcdBytes, ttl: Duration, timeout: Duration?) async throws(EtcdError) -> EtcdLeaseGrant
    /// See ``Etcd3Client/replace(_:from:to:timeout:)``.
    @discardableResult
    func replace(_ key: EtcdBytes, from expected: EtcdBytes, to newValue: EtcdBytes, timeout: Duration?) async throws(EtcdError) -> Bool
    /// See ``Etcd3Client/create(_:_:lease:timeout:)``.
    @discardableResult
    func create(_ key: EtcdBytes, _ value: EtcdBytes, lease: EtcdLeaseID?, timeout: Duration?) async throws(EtcdError) -> Bool
    /// See ``Etcd3Client/update(_:_:ifModRevision:lease:timeout:)``.
    @discardableResult
    func update(
        _ key: EtcdBytes, _ value: EtcdBytes, ifModRevision revision: Int64, lease: EtcdLeaseID?, timeout: Duration?
    ) async throws(EtcdError) -> Bool
    /// See ``Etcd3Client/delete(_:prevKV:timeout:)``.
    @discardableResult
    func delete(_ key: EtcdBytes, prevKV: Bool, timeout: Duration?) async throws(EtcdError) -> EtcdDeleteResult
    /// See ``Etcd3Client/delete(_:ifValue:timeout:)``.
    @discardableResult
    func delete(_ key: EtcdBytes, ifValue value: EtcdBytes, timeout: Duration?) async throws(EtcdError) -> Bool
    /// See ``Etcd3Client/deletePrefix(_:prevKV:timeout:)``.
    @discardableResult
    func deletePrefix(_ prefix: EtcdBytes, prevKV: Bool, timeout: Duration?) async throws(EtcdError) -> EtcdDeleteResult
    /// See ``Etcd3Client/deleteRange(_:end:prevKV:timeout:)``.
    @discardableResult
    func deleteRange(_ key: EtcdBytes, end: EtcdBytes?, prevKV: Bool, timeout: Duration?) async throws(EtcdError) -> EtcdDeleteResult
    /// See ``Etcd3Client/transaction(compare:success:failure:timeout:)``.
    func transaction(compare: [EtcdCompare], success: [EtcdTxnOp], failure: [EtcdTxnOp], timeout: Duration?) async throws(EtcdError)
        -> EtcdTxnResult

    // MARK: Watches

    /// See ``Etcd3Client/watch(_:options:)``.
    func watch(_ key: EtcdBytes, options: EtcdWatchOptions) -> Watch
    /// See ``Etcd3Client/watchPrefix(_:options:)``.
    func watchPrefix(_ prefix: EtcdBytes, options: EtcdWatchOptions) -> Watch
    /// See ``Etcd3Client/watchRange(_:end:options:)``.
    func watchRange(_ key: EtcdBytes, end: EtcdBytes, options: EtcdWatchOptions) -> Watch
    /// See ``Etcd3Client/watchOnce(_:options:timeout:)``.
    func watchOnce(_ key: EtcdBytes, options: EtcdWatchOptions, timeout: Duration) async throws -> EtcdWatchEvent
    /// See ``Etcd3Client/watchPrefixOnce(_:options:timeout:)``.
    func watchPrefixOnce(_ prefix: EtcdBytes, options: EtcdWatchOptions, timeout: Duration) async throws -> EtcdWatchEvent

    // MARK: Leases

    /// See ``Etcd3Client/grantLease(ttl:id:timeout:)``.
    func grantLease(ttl: Duration, id: EtcdLeaseID?, timeout: Duration?) async throws(EtcdError) -> EtcdLeaseGrant
    /// See ``Etcd3Client/revokeLease(_:timeout:)``.
    @discardableResult
    func revokeLease(_ id: EtcdLeaseID, timeout: Duration?) async throws(EtcdError) -> EtcdResponseHeader
    /// See ``Etcd3Client/leaseTimeToLive(_:withKeys:timeout:)``.
    func leaseTimeToLive(_ id: EtcdLeaseID, withKeys: Bool, timeout: Duration?) async throws(EtcdError) -> EtcdLeaseTimeToLive?

    // MARK: Coordination

    /// See ``Etcd3Client/session(ttl:timeout:)``.
    func session(ttl: Duration, timeout: Duration?) async throws(EtcdError) -> EtcdSession
    /// See ``Etcd3Client/lock(_:session:timeout:)``.
    func lock(_ name: EtcdBytes, session: EtcdSession, timeout: Duration?) async throws(EtcdError) -> EtcdLock
    /// See ``Etcd3Client/tryLock(_:session:timeout:)``.
    func tryLock(_ name: EtcdBytes, session: EtcdSession, timeout: Duration?) async throws(EtcdError) -> EtcdLock?
    /// See ``Etcd3Client/readLock(_:session:timeout:)``.
    func readLock(_ name: EtcdBytes, session: EtcdSession, timeout: Duration?) async throws(EtcdError) -> EtcdLock
    /// See ``Etcd3Client/writeLock(_:session:timeout:)``.
    func writeLock(_ name: EtcdBytes, session: EtcdSession, timeout: Duration?) async throws(EtcdError) -> EtcdLock
    /// See ``Etcd3Client/election(_:)``.
    func election(_ name: EtcdBytes) -> EtcdElection
    /// See ``Etcd3Client/append(to:_:lease:timeout:)``.
    func append(to prefix: EtcdBytes, _ value: EtcdBytes, lease: EtcdLeaseID?, timeout: Duration?) async throws(EtcdError) -> EtcdKeyValue
    /// See ``Etcd3Client/getSequential(_:options:timeout:)``.
    func getSequential(_ prefix: EtcdBytes, options: EtcdRangeOptions, timeout: Duration?) async throws(EtcdError) -> [EtcdKeyValue]
    /// See ``Etcd3Client/withLock(_:session:timeout:isolation:_:)``.
    func withLock<Result>(
        _ name: EtcdBytes,
        session: EtcdSession?,
        timeout: Duration?,
        isolation: isolated (any Actor)?,
        _ body: (EtcdLock) async throws -> sending Result
    ) async throws -> sending Result
    /// See ``Etcd3Client/withLeadership(_:value:session:timeout:isolation:_:)``.
    func withLeadership<Result>(
        _ name: EtcdBytes,
        value: EtcdBytes,
        session: EtcdSession?,
        timeout: Duration?,
        isolation: isolated (any Actor)?,
        _ body: (EtcdLeadership) async throws -> sending Result
    ) async throws -> sending Result
    /// See ``Etcd3Client/softwareTransaction(isolation:maxAttempts:prefetch:timeout:runningOn:_:)``.
    func softwareTransaction<Result>(
        isolation: EtcdSTMIsolation,
        maxAttempts: Int,
        prefetch: [EtcdBytes],
        timeout: Duration?,
        runningOn actor: isolated (any Actor)?,
        _ body: (EtcdSTM) async throws -> sending Result
    ) async throws -> sending Result
}

extension Etcd3Client: EtcdKV {}

extension EtcdNamespace: EtcdKV {}

// The client's default arguments, for generic code. Each forwards to the requirement with every
// argument given (which the conforming types implement: a requirement they missed would make the
// forwarder its own witness). `EtcdKVTests` calls each of them on both conforming types.
extension EtcdKV {
    /// ``get(_:options:timeout:)`` with the client's defaults.
    public func get(_ key: EtcdBytes, options: EtcdRangeOptions = .default, timeout: Duration? = nil) async throws(EtcdError)
        -> EtcdKeyValue?
    {
        try await get(key, options: options, timeout: timeout)
    }

    /// ``getPrefix(_:options:timeout:)`` with the client's defaults.
    public func getPrefix(_ prefix: EtcdBytes, options: EtcdRangeOptions = .default, timeout: Duration? = nil) async throws(EtcdError)
        -> [EtcdKeyValue]
    {
        try await getPrefix(prefix, options: options, timeout: timeout)
    }

    /// ``getRange(_:end:options:timeout:)`` with the client's defaults.
    public func getRange(
        _ key: EtcdBytes, end: EtcdBytes, options: EtcdRangeOptions = .default, timeout: Duration? = nil
    ) async throws(EtcdError) -> [EtcdKeyValue] {
        try await getRange(key, end: end, options: options, timeout: timeout)
    }

    /// ``getAll(options:timeout:)`` with the client's defaults.
    public func getAll(options: EtcdRangeOptions = .default, timeout: Duration? = nil) async throws(EtcdError) -> [EtcdKeyValue] {
        try await getAll(options: options, timeout: timeout)
    }

    /// ``count(prefix:options:timeout:)`` with the client's defaults.
    public func count(prefix: EtcdBytes, options: EtcdRangeOptions = .default, timeout: Duration? = nil) async throws(EtcdError) -> Int64 {
        try await count(prefix: prefix, options: options, timeout: timeout)
    }

    /// ``range(_:end:options:timeout:)`` with the client's defaults.
    public func range(
        _ key: EtcdBytes, end: EtcdBytes?, options: EtcdRangeOptions = .default, timeout: Duration? = nil
    ) async throws(EtcdError) -> EtcdRangeResult {
        try await range(key, end: end, options: options, timeout: timeout)
    }

    /// ``put(_:_:lease:timeout:)`` with the client's defaults.
    @discardableResult
    public func put(_ key: EtcdBytes, _ value: EtcdBytes, lease: EtcdLeaseID? = nil, timeout: Duration? = nil) async throws(EtcdError)
        -> EtcdPutResult
    {
        try await put(key, value, lease: lease, timeout: timeout)
    }

    /// ``put(_:_:options:timeout:)`` with the client's defaults.
    @discardableResult
    public func put(_ key: EtcdBytes, _ value: EtcdBytes, options: EtcdPutOptions, timeout: Duration? = nil) async throws(EtcdError)
        -> EtcdPutResult
    {
        try await put(key, value, options: options, timeout: timeout)
    }

    /// ``put(_:_:ttl:timeout:)`` with the client's defaults.
    @discardableResult
    public func put(_ key: EtcdBytes, _ value: EtcdBytes, ttl: Duration, timeout: Duration? = nil) async throws(EtcdError) -> EtcdLeaseGrant
    {
        try await put(key, value, ttl: ttl, timeout: timeout)
    }

    /// ``replace(_:from:to:timeout:)`` with the client's defaults.
    @discardableResult
    public func replace(_ key: EtcdBytes, from expected: EtcdBytes, to newValue: EtcdBytes, timeout: Duration? = nil)
        async throws(EtcdError) -> Bool
    {
        try await replace(key, from: expected, to: newValue, timeout: timeout)
    }

    /// ``create(_:_:lease:timeout:)`` with the client's defaults.
    @discardableResult
    public func create(_ key: EtcdBytes, _ value: EtcdBytes, lease: EtcdLeaseID? = nil, timeout: Duration? = nil) async throws(EtcdError)
        -> Bool
    {
        try await create(key, value, lease: lease, timeout: timeout)
    }

    /// ``update(_:_:ifModRevision:lease:timeout:)`` with the client's defaults.
    @discardableResult
    public func update(
        _ key: EtcdBytes, _ value: EtcdBytes, ifModRevision revision: Int64, lease: EtcdLeaseID? = nil, timeout: Duration? = nil
    ) async throws(EtcdError) -> Bool {
        try await update(key, value, ifModRevision: revision, lease: lease, timeout: timeout)
    }

    /// ``delete(_:prevKV:timeout:)`` with the client's defaults.
    @discardableResult
    public func delete(_ key: EtcdBytes, prevKV: Bool = false, timeout: Duration? = nil) async throws(EtcdError) -> EtcdDeleteResult {
        try await delete(key, prevKV: prevKV, timeout: timeout)
    }

    /// ``delete(_:ifValue:timeout:)`` with the client's defaults.
    @discardableResult
    public func delete(_ key: EtcdBytes, ifValue value: EtcdBytes, timeout: Duration? = nil) async throws(EtcdError) -> Bool {
        try await delete(key, ifValue: value, timeout: timeout)
    }

    /// ``deletePrefix(_:prevKV:timeout:)`` with the client's defaults.
    @discardableResult
    public func deletePrefix(_ prefix: EtcdBytes, prevKV: Bool = false, timeout: Duration? = nil) async throws(EtcdError)
        -> EtcdDeleteResult
    {
        try await deletePrefix(prefix, prevKV: prevKV, timeout: timeout)
    }

    /// ``deleteRange(_:end:prevKV:timeout:)`` with the client's defaults.
    @discardableResult
    public func deleteRange(
        _ key: EtcdBytes, end: EtcdBytes?, prevKV: Bool = false, timeout: Duration? = nil
    ) async throws(EtcdError) -> EtcdDeleteResult {
        try await deleteRange(key, end: end, prevKV: prevKV, timeout: timeout)
    }

    /// ``transaction(compare:success:failure:timeout:)`` with the client's defaults.
    public func transaction(
        compare: [EtcdCompare], success: [EtcdTxnOp], failure: [EtcdTxnOp] = [], timeout: Duration? = nil
    ) async throws(EtcdError) -> EtcdTxnResult {
        try await transaction(compare: compare, success: success, failure: failure, timeout: timeout)
    }

    /// ``watch(_:options:)`` with the client's defaults.
    public func watch(_ key: EtcdBytes, options: EtcdWatchOptions = .init()) -> Watch {
        watch(key, options: options)
    }

    /// ``watchPrefix(_:options:)`` with the client's defaults.
    public func watchPrefix(_ prefix: EtcdBytes, options: EtcdWatchOptions = .init()) -> Watch {
        watchPrefix(prefix, options: options)
    }

    /// ``watchRange(_:end:options:)`` with the client's defaults.
    public func watchRange(_ key: EtcdBytes, end: EtcdBytes, options: EtcdWatchOptions = .init()) -> Watch {
        watchRange(key, end: end, options: options)
    }

    /// ``watchOnce(_:options:timeout:)`` with the client's defaults.
    public func watchOnce(_ key: EtcdBytes, options: EtcdWatchOptions = .init(), timeout: Duration) async throws -> EtcdWatchEvent {
        try await watchOnce(key, options: options, timeout: timeout)
    }

    /// ``watchPrefixOnce(_:options:timeout:)`` with the client's defaults.
    public func watchPrefixOnce(_ prefix: EtcdBytes, options: EtcdWatchOptions = .init(), timeout: Duration) async throws -> EtcdWatchEvent
    {
        try await watchPrefixOnce(prefix, options: options, timeout: timeout)
    }

    /// ``grantLease(ttl:id:timeout:)`` with the client's defaults.
    public func grantLease(ttl: Duration, id: EtcdLeaseID? = nil, timeout: Duration? = nil) async throws(EtcdError) -> EtcdLeaseGrant {
        try await grantLease(ttl: ttl, id: id, timeout: timeout)
    }

    /// ``revokeLease(_:timeout:)`` with the client's defaults.
    @discardableResult
    public func revokeLease(_ id: EtcdLeaseID, timeout: Duration? = nil) async throws(EtcdError) -> EtcdResponseHeader {
        try await revokeLease(id, timeout: timeout)
    }

    /// ``leaseTimeToLive(_:withKeys:timeout:)`` with the client's defaults.
    public func leaseTimeToLive(_ id: EtcdLeaseID, withKeys: Bool = false, timeout: Duration? = nil) async throws(EtcdError)
        -> EtcdLeaseTimeToLive?
    {
        try await leaseTimeToLive(id, withKeys: withKeys, timeout: timeout)
    }

    /// ``session(ttl:timeout:)`` with the client's defaults.
    public func session(ttl: Duration = Etcd3Client.defaultSessionTTL, timeout: Duration? = nil) async throws(EtcdError) -> EtcdSession {
        try await session(ttl: ttl, timeout: timeout)
    }

    /// ``lock(_:session:timeout:)`` with the client's defaults.
    public func lock(_ name: EtcdBytes, session: EtcdSession, timeout: Duration? = nil) async throws(EtcdError) -> EtcdLock {
        try await lock(name, session: session, timeout: timeout)
    }

    /// ``tryLock(_:session:timeout:)`` with the client's defaults.
    public func tryLock(_ name: EtcdBytes, session: EtcdSession, timeout: Duration? = nil) async throws(EtcdError) -> EtcdLock? {
        try await tryLock(name, session: session, timeout: timeout)
    }

    /// ``readLock(_:session:timeout:)`` with the client's defaults.
    public func readLock(_ name: EtcdBytes, session: EtcdSession, timeout: Duration? = nil) async throws(EtcdError) -> EtcdLock {
        try await readLock(name, session: session, timeout: timeout)
    }

    /// ``writeLock(_:session:timeout:)`` with the client's defaults.
    public func writeLock(_ name: EtcdBytes, session: EtcdSession, timeout: Duration? = nil) async throws(EtcdError) -> EtcdLock {
        try await writeLock(name, session: session, timeout: timeout)
    }

    /// ``append(to:_:lease:timeout:)`` with the client's defaults.
    public func append(to prefix: EtcdBytes, _ value: EtcdBytes, lease: EtcdLeaseID? = nil, timeout: Duration? = nil)
        async throws(EtcdError) -> EtcdKeyValue
    {
        try await append(to: prefix, value, lease: lease, timeout: timeout)
    }

    /// ``getSequential(_:options:timeout:)`` with the client's defaults.
    public func getSequential(_ prefix: EtcdBytes, options: EtcdRangeOptions = .default, timeout: Duration? = nil) async throws(EtcdError)
        -> [EtcdKeyValue]
    {
        try await getSequential(prefix, options: options, timeout: timeout)
    }

    /// ``withLock(_:session:timeout:isolation:_:)`` with the client's defaults.
    public func withLock<Result>(
        _ name: EtcdBytes,
        session: EtcdSession? = nil,
        timeout: Duration? = nil,
        isolation: isolated (any Actor)? = #isolation,
        _ body: (EtcdLock) async throws -> sending Result
    ) async throws -> sending Result {
        try await withLock(name, session: session, timeout: timeout, isolation: isolation, body)
    }

    /// ``withLeadership(_:value:session:timeout:isolation:_:)`` with the client's defaults.
    public func withLeadership<Result>(
        _ name: EtcdBytes,
        value: EtcdBytes,
        session: EtcdSession? = nil,
        timeout: Duration? = nil,
        isolation: isolated (any Actor)? = #isolation,
        _ body: (EtcdLeadership) async throws -> sending Result
    ) async throws -> sending Result {
        try await withLeadership(name, value: value, session: session, timeout: timeout, isolation: isolation, body)
    }

    /// ``softwareTransaction(isolation:maxAttempts:prefetch:timeout:runningOn:_:)`` with the
    /// client's defaults.
    public func softwareTransaction<Result>(
        isolation: EtcdSTMIsolation = .serializableSnapshot,
        maxAttempts: Int = 16,
        prefetch: [EtcdBytes] = [],
        timeout: Duration? = nil,
        runningOn actor: isolated (any Actor)? = #isolation,
        _ body: (EtcdSTM) async throws -> sending Result
    ) async throws -> sending Result {
        try await softwareTransaction(
            isolation: isolation, maxAttempts: maxAttempts, prefetch: prefetch, timeout: timeout, runningOn: actor, body)
    }
}
