/// The key arithmetic of a namespace: how a key, a range, a comparison or an operation seen
/// through an ``EtcdNamespace`` is written to etcd, and how what etcd answers is seen through it.
///
/// Pure: it sends nothing. The rules are those of etcd's Go `namespace` package, with one
/// difference: the end of the namespace is ``EtcdBytes/prefixRangeEnd`` (so a prefix ending in
/// `0xff` bytes never reaches a key outside it). Docs/Namespaces.md states them for users.
struct NamespaceKeys: Sendable, Hashable {
    /// The prefix every key is stored under (never empty).
    let prefix: EtcdBytes
    /// The first key after every key that starts with ``prefix``: where "to the end of the
    /// keyspace" stops inside the namespace.
    let end: EtcdBytes

    /// etcd's spelling of "to the end of the keyspace" as a range end.
    static let endOfKeyspace = EtcdBytes([0])

    /// - Throws: ``EtcdError``: `.invalidArgument` for an empty prefix (a view of the whole
    ///   keyspace would defeat the point of a namespace; use the client itself for that).
    init(prefix: EtcdBytes) throws(EtcdError) {
        guard !prefix.isEmpty else {
            throw EtcdError(.invalidArgument, "a namespace's prefix is empty: it would be the whole keyspace; nothing was sent")
        }
        self.prefix = prefix
        self.end = prefix.prefixRangeEnd
    }

    // MARK: On the way out

    /// `key` as stored: the prefix followed by it.
    func key(_ key: EtcdBytes) -> EtcdBytes {
        var bytes = prefix.bytes
        bytes.append(contentsOf: key.bytes)
        return EtcdBytes(bytes)
    }

    /// The end of a range as stored: `nil` (one key) and the empty end (one key, as etcd reads
    /// an empty `range_end`) stay as they are; `"\0"` (to the end of the keyspace) becomes the
    /// namespace's ``end``; any other end is prefixed like a key. Every stored end so lies in
    /// `(prefix, end]`: no range reaches past the namespace.
    func rangeEnd(_ rangeEnd: EtcdBytes) -> EtcdBytes {
        if rangeEnd.isEmpty { return rangeEnd }
        return rangeEnd == Self.endOfKeyspace ? end : key(rangeEnd)
    }

    /// ``rangeEnd(_:)`` of an end that may be `nil` (one key).
    func rangeEnd(_ rangeEnd: EtcdBytes?) -> EtcdBytes? {
        rangeEnd.map { self.rangeEnd($0) }
    }

    /// A comparison as sent: its key and range mapped like a range read's.
    ///
    /// - Throws: ``EtcdError``: `.invalidArgument` for an empty key, as the client does.
    func compare(_ compare: EtcdCompare) throws(EtcdError) -> EtcdCompare {
        try Etcd3Client.validateKey(compare.key)
        var mapped = compare
        mapped.key = key(compare.key)
        mapped.rangeEnd = rangeEnd(compare.rangeEnd)
        return mapped
    }

    /// An operation as sent: keys and ranges mapped, nested transactions mapped all the way
    /// down.
    ///
    /// - Throws: ``EtcdError``: `.invalidArgument` for an empty key anywhere in it, as the
    ///   client does (nothing is sent).
    func op(_ op: EtcdTxnOp) throws(EtcdError) -> EtcdTxnOp {
        switch op.kind {
        case .range(let k, let rangeEnd, let options):
            try Etcd3Client.validateKey(k)
            return EtcdTxnOp(kind: .range(key: key(k), end: self.rangeEnd(rangeEnd), options: options))
        case .put(let k, let value, let options):
            try Etcd3Client.validateKey(k)
            return EtcdTxnOp(kind: .put(key: key(k), value: value, options: options))
        case .delete(let k, let rangeEnd, let prevKV):
            try Etcd3Client.validateKey(k)
            return EtcdTxnOp(kind: .delete(key: key(k), end: self.rangeEnd(rangeEnd), prevKV: prevKV))
        case .txn(let compare, let success, let failure):
            return EtcdTxnOp(kind: .txn(compare: try compares(compare), success: try ops(success), failure: try ops(failure)))
        }
    }

    /// ``compare(_:)`` for each.
    func compares(_ compares: [EtcdCompare]) throws(EtcdError) -> [EtcdCompare] {
        var mapped: [EtcdCompare] = []
        mapped.reserveCapacity(compares.count)
        for condition in compares { mapped.append(try compare(condition)) }
        return mapped
    }

    /// ``op(_:)`` for each.
    func ops(_ ops: [EtcdTxnOp]) throws(EtcdError) -> [EtcdTxnOp] {
        var mapped: [EtcdTxnOp] = []
        mapped.reserveCapacity(ops.count)
        for operation in ops { mapped.append(try op(operation)) }
        return mapped
    }

    // MARK: On the way back

    /// Whether a stored key is inside the namespace: it starts with the prefix and is longer
    /// than it (the prefix itself would be the empty key, which no view can address).
    func contains(_ stored: EtcdBytes) -> Bool {
        stored.bytes.count > prefix.bytes.count && stored.bytes.starts(with: prefix.bytes)
    }

    /// A stored key as the view sees it: without the prefix. The server only answers keys of
    /// the ranges it was asked, which lie inside the namespace; a key that does not start with
    /// the prefix is returned as it is.
    func strip(_ stored: EtcdBytes) -> EtcdBytes {
        guard stored.bytes.starts(with: prefix.bytes) else { return stored }
        return EtcdBytes(stored.bytes[prefix.bytes.count...])
    }

    /// A pair with its key stripped.
    func strip(_ kv: EtcdKeyValue) -> EtcdKeyValue {
        var kv = kv
        kv.key = strip(kv.key)
        return kv
    }

    /// A range read's answer with its keys stripped.
    func strip(_ result: EtcdRangeResult) -> EtcdRangeResult {
        var result = result
        result.kvs = result.kvs.map(strip)
        return result
    }

    /// A put's answer with its previous pair's key stripped.
    func strip(_ result: EtcdPutResult) -> EtcdPutResult {
        var result = result
        result.prevKV = result.prevKV.map(strip)
        return result
    }

    /// A delete's answer with its deleted pairs' keys stripped.
    func strip(_ result: EtcdDeleteResult) -> EtcdDeleteResult {
        var result = result
        result.prevKVs = result.prevKVs.map(strip)
        return result
    }

    /// A transaction's answer with every key stripped, nested transactions included.
    func strip(_ result: EtcdTxnResult) -> EtcdTxnResult {
        var result = result
        result.responses = result.responses.map { response in
            switch response {
            case .range(let range): .range(strip(range))
            case .put(let put): .put(strip(put))
            case .delete(let delete): .delete(strip(delete))
            case .txn(let txn): .txn(strip(txn))
            }
        }
        return result
    }

    /// A watch event with the keys of its pair and previous pair stripped.
    func strip(_ event: EtcdWatchEvent) -> EtcdWatchEvent {
        EtcdWatchEvent(kind: event.kind, kv: strip(event.kv), prevKV: event.prevKV.map(strip))
    }

    /// A lease's keys as the view sees them: those outside the namespace left out, the
    /// others stripped.
    func visible(_ leaseKeys: [EtcdBytes]) -> [EtcdBytes] {
        leaseKeys.filter(contains).map(strip)
    }
}
