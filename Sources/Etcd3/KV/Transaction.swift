/// One condition of a transaction: compares a key's value, version, revisions or lease.
///
/// Build comparisons with the operators on ``EtcdCompareOperand``:
///
/// ```swift
/// let result = try await client.transaction(
///     compare: [.value("/k") == "v", .version("/k") > 0],
///     success: [.put("/k", "ok")],
///     failure: [.get("/k")])
/// ```
///
/// A comparison on a range (``EtcdCompareOperand/value(prefix:)`` and friends) holds only if it
/// holds for every key in the range.
public struct EtcdCompare: Sendable, Hashable {
    /// What is compared.
    public enum Target: Sendable, Hashable {
        /// The key's version (0: the key does not exist).
        case version(Int64)
        /// The key's create revision (0: the key does not exist).
        case createRevision(Int64)
        /// The key's last modification revision.
        case modRevision(Int64)
        /// The key's value.
        case value(EtcdBytes)
        /// The key's lease (`nil`: no lease).
        case lease(EtcdLeaseID?)
    }

    /// How the key's attribute must relate to the target.
    public enum Relation: Sendable, Hashable {
        case equal, notEqual, greater, less
    }

    /// The key compared (or the start of the range).
    public var key: EtcdBytes
    /// The end of the range (exclusive), or `nil` to compare a single key.
    public var rangeEnd: EtcdBytes?
    /// How the attribute must relate to the target.
    public var relation: Relation
    /// The attribute and the value it is compared with.
    public var target: Target

    /// Creates a comparison. The operators on ``EtcdCompareOperand`` read better.
    public init(key: EtcdBytes, rangeEnd: EtcdBytes? = nil, relation: Relation, target: Target) {
        self.key = key
        self.rangeEnd = rangeEnd
        self.relation = relation
        self.target = target
    }
}

/// One side of a ``EtcdCompare``: a key (or range) and the attribute compared. Use its static
/// members with a comparison operator: `.value("/k") == "v"`, `.modRevision("/k") < 42`.
public struct EtcdCompareOperand<Value: Sendable>: Sendable {
    let key: EtcdBytes
    let rangeEnd: EtcdBytes?
    let makeTarget: @Sendable (Value) -> EtcdCompare.Target

    func compare(_ relation: EtcdCompare.Relation, _ value: Value) -> EtcdCompare {
        EtcdCompare(key: key, rangeEnd: rangeEnd, relation: relation, target: makeTarget(value))
    }

    /// The attribute equals `rhs`.
    public static func == (lhs: Self, rhs: Value) -> EtcdCompare { lhs.compare(.equal, rhs) }
    /// The attribute differs from `rhs`.
    public static func != (lhs: Self, rhs: Value) -> EtcdCompare { lhs.compare(.notEqual, rhs) }
    /// The attribute is greater than `rhs` (bytewise for values).
    public static func > (lhs: Self, rhs: Value) -> EtcdCompare { lhs.compare(.greater, rhs) }
    /// The attribute is less than `rhs` (bytewise for values).
    public static func < (lhs: Self, rhs: Value) -> EtcdCompare { lhs.compare(.less, rhs) }
}

extension EtcdCompareOperand where Value == EtcdBytes {
    /// The value of `key`.
    public static func value(_ key: EtcdBytes) -> Self {
        Self(key: key, rangeEnd: nil) { .value($0) }
    }
    /// The values of every key under `prefix`.
    public static func value(prefix: EtcdBytes) -> Self {
        Self(key: prefix, rangeEnd: prefix.prefixRangeEnd) { .value($0) }
    }
    /// The values of every key in `[key, end)`.
    public static func value(_ key: EtcdBytes, end: EtcdBytes) -> Self {
        Self(key: key, rangeEnd: end) { .value($0) }
    }
}

extension EtcdCompareOperand where Value == Int64 {
    /// The version of `key` (0 when it does not exist).
    public static func version(_ key: EtcdBytes) -> Self { Self(key: key, rangeEnd: nil) { .version($0) } }
    /// The versions of every key under `prefix`.
    public static func version(prefix: EtcdBytes) -> Self {
        Self(key: prefix, rangeEnd: prefix.prefixRangeEnd) { .version($0) }
    }
    /// The create revision of `key` (0 when it does not exist).
    public static func createRevision(_ key: EtcdBytes) -> Self {
        Self(key: key, rangeEnd: nil) { .createRevision($0) }
    }
    /// The create revisions of every key under `prefix`.
    public static func createRevision(prefix: EtcdBytes) -> Self {
        Self(key: prefix, rangeEnd: prefix.prefixRangeEnd) { .createRevision($0) }
    }
    /// The last modification revision of `key`.
    public static func modRevision(_ key: EtcdBytes) -> Self {
        Self(key: key, rangeEnd: nil) { .modRevision($0) }
    }
    /// The modification revisions of every key under `prefix`.
    public static func modRevision(prefix: EtcdBytes) -> Self {
        Self(key: prefix, rangeEnd: prefix.prefixRangeEnd) { .modRevision($0) }
    }
}

extension EtcdCompareOperand where Value == EtcdLeaseID? {
    /// The lease of `key` (`nil`: none).
    public static func lease(_ key: EtcdBytes) -> Self { Self(key: key, rangeEnd: nil) { .lease($0) } }
}

/// One operation inside a transaction branch.
public struct EtcdTxnOp: Sendable, Hashable {
    enum Kind: Sendable, Hashable {
        case range(key: EtcdBytes, end: EtcdBytes?, options: EtcdRangeOptions)
        case put(key: EtcdBytes, value: EtcdBytes, options: EtcdPutOptions)
        case delete(key: EtcdBytes, end: EtcdBytes?, prevKV: Bool)
        indirect case txn(compare: [EtcdCompare], success: [EtcdTxnOp], failure: [EtcdTxnOp])
    }
    let kind: Kind

    /// Reads `key`.
    public static func get(_ key: EtcdBytes, options: EtcdRangeOptions = .default) -> EtcdTxnOp {
        EtcdTxnOp(kind: .range(key: key, end: nil, options: options))
    }
    /// Reads every key under `prefix`.
    public static func getPrefix(_ prefix: EtcdBytes, options: EtcdRangeOptions = .default) -> EtcdTxnOp {
        EtcdTxnOp(kind: .range(key: prefix, end: prefix.prefixRangeEnd, options: options))
    }
    /// Reads every key in `[key, end)`.
    public static func getRange(_ key: EtcdBytes, end: EtcdBytes, options: EtcdRangeOptions = .default) -> EtcdTxnOp {
        EtcdTxnOp(kind: .range(key: key, end: end, options: options))
    }
    /// Writes `value` at `key`.
    public static func put(
        _ key: EtcdBytes,
        _ value: EtcdBytes,
        lease: EtcdLeaseID? = nil,
        prevKV: Bool = false
    ) -> EtcdTxnOp {
        EtcdTxnOp(kind: .put(key: key, value: value, options: EtcdPutOptions(lease: lease, prevKV: prevKV)))
    }
    /// Writes at `key` with every put option.
    public static func put(_ key: EtcdBytes, _ value: EtcdBytes, options: EtcdPutOptions) -> EtcdTxnOp {
        EtcdTxnOp(kind: .put(key: key, value: value, options: options))
    }
    /// Deletes `key`.
    public static func delete(_ key: EtcdBytes, prevKV: Bool = false) -> EtcdTxnOp {
        EtcdTxnOp(kind: .delete(key: key, end: nil, prevKV: prevKV))
    }
    /// Deletes every key under `prefix`.
    public static func deletePrefix(_ prefix: EtcdBytes, prevKV: Bool = false) -> EtcdTxnOp {
        EtcdTxnOp(kind: .delete(key: prefix, end: prefix.prefixRangeEnd, prevKV: prevKV))
    }
    /// Deletes every key in `[key, end)`.
    public static func deleteRange(_ key: EtcdBytes, end: EtcdBytes, prevKV: Bool = false) -> EtcdTxnOp {
        EtcdTxnOp(kind: .delete(key: key, end: end, prevKV: prevKV))
    }
    /// A nested transaction (etcd 3.3 and later).
    public static func txn(compare: [EtcdCompare], success: [EtcdTxnOp], failure: [EtcdTxnOp] = []) -> EtcdTxnOp {
        EtcdTxnOp(kind: .txn(compare: compare, success: success, failure: failure))
    }

    /// Whether the operation (or any nested one) writes.
    var isWrite: Bool {
        switch kind {
        case .range: false
        case .put, .delete: true
        case .txn(_, let success, let failure): success.contains(where: \.isWrite) || failure.contains(where: \.isWrite)
        }
    }
}

/// The options of a put.
public struct EtcdPutOptions: Sendable, Hashable {
    /// The lease to attach the key to (`nil`: none; the key then outlives any lease).
    public var lease: EtcdLeaseID?
    /// Return the previous key-value pair.
    public var prevKV: Bool
    /// Keep the current value and update only the lease (the key must exist).
    public var ignoreValue: Bool
    /// Keep the current lease and update only the value (the key must exist).
    public var ignoreLease: Bool

    /// Creates options; all default to off.
    public init(lease: EtcdLeaseID? = nil, prevKV: Bool = false, ignoreValue: Bool = false, ignoreLease: Bool = false) {
        self.lease = lease
        self.prevKV = prevKV
        self.ignoreValue = ignoreValue
        self.ignoreLease = ignoreLease
    }
}

/// The answer to a transaction.
public struct EtcdTxnResult: Sendable, Hashable {
    /// The response header; `header.revision` is the revision after the transaction.
    public var header: EtcdResponseHeader
    /// Whether every comparison held (and the success branch ran).
    public var succeeded: Bool
    /// The results of the branch that ran, in order.
    public var responses: [EtcdTxnOpResult]

    /// Creates a result.
    public init(header: EtcdResponseHeader, succeeded: Bool, responses: [EtcdTxnOpResult]) {
        self.header = header
        self.succeeded = succeeded
        self.responses = responses
    }
}

/// The result of one ``EtcdTxnOp``.
public enum EtcdTxnOpResult: Sendable, Hashable {
    /// A read's result.
    case range(EtcdRangeResult)
    /// A put's result.
    case put(EtcdPutResult)
    /// A delete's result.
    case delete(EtcdDeleteResult)
    /// A nested transaction's result.
    case txn(EtcdTxnResult)

    /// The read's result, when this is one.
    public var range: EtcdRangeResult? { if case .range(let r) = self { r } else { nil } }
    /// The put's result, when this is one.
    public var put: EtcdPutResult? { if case .put(let r) = self { r } else { nil } }
    /// The delete's result, when this is one.
    public var delete: EtcdDeleteResult? { if case .delete(let r) = self { r } else { nil } }
    /// The nested transaction's result, when this is one.
    public var txn: EtcdTxnResult? { if case .txn(let r) = self { r } else { nil } }
}
