/// Where a coordination recipe reads and writes: the client's whole keyspace, or a namespace of
/// it. Recipes made through an ``EtcdNamespace`` (software transactions, work queues, fenced
/// writes) send through this, so their keys are the view's keys.
struct RecipeKeyspace: Sendable {
    let client: Etcd3Client
    /// `nil`: the whole keyspace.
    let namespace: EtcdNamespace?

    func transaction(
        compare: [EtcdCompare], success: [EtcdTxnOp], failure: [EtcdTxnOp] = [], timeout: Duration? = nil
    ) async throws(EtcdError) -> EtcdTxnResult {
        if let namespace {
            return try await namespace.transaction(compare: compare, success: success, failure: failure, timeout: timeout)
        }
        return try await client.transaction(compare: compare, success: success, failure: failure, timeout: timeout)
    }

    func range(_ key: EtcdBytes, end: EtcdBytes?, options: EtcdRangeOptions, timeout: Duration?) async throws(EtcdError) -> EtcdRangeResult
    {
        if let namespace { return try await namespace.range(key, end: end, options: options, timeout: timeout) }
        return try await client.range(key, end: end, options: options, timeout: timeout)
    }

    func append(to prefix: EtcdBytes, _ value: EtcdBytes, lease: EtcdLeaseID?, timeout: Duration?) async throws(EtcdError) -> EtcdKeyValue {
        if let namespace { return try await namespace.append(to: prefix, value, lease: lease, timeout: timeout) }
        return try await client.append(to: prefix, value, lease: lease, timeout: timeout)
    }

    func watchPrefixOnce(_ prefix: EtcdBytes, options: EtcdWatchOptions, timeout: Duration) async throws -> EtcdWatchEvent {
        if let namespace { return try await namespace.watchPrefixOnce(prefix, options: options, timeout: timeout) }
        return try await client.watchPrefixOnce(prefix, options: options, timeout: timeout)
    }
}
