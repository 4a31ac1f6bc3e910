/// How to read a key or a range of keys.
///
/// The defaults read the latest revision linearizably, in key order, values included.
public struct EtcdRangeOptions: Sendable, Hashable {
    /// The order of the results.
    public enum SortOrder: Sendable, Hashable {
        /// Key order, as etcd stores them (the default).
        case none
        /// Ascending by ``SortTarget``.
        case ascending
        /// Descending by ``SortTarget``.
        case descending
    }

    /// What to sort by.
    public enum SortTarget: Sendable, Hashable {
        case key, version, createRevision, modRevision, value
    }

    /// The most keys to return; 0 means no limit.
    public var limit: Int64 = 0
    /// The revision to read at; 0 means the latest.
    public var revision: Int64 = 0
    /// The order of the results.
    public var sortOrder: SortOrder = .none
    /// What ``sortOrder`` sorts by.
    public var sortTarget: SortTarget = .key
    /// Read from the answering member's local state without a quorum round trip. Faster, but may
    /// return stale data.
    public var serializable: Bool = false
    /// Return keys and revisions without values.
    public var keysOnly: Bool = false
    /// Return only the count of matching keys.
    public var countOnly: Bool = false
    /// Only keys whose mod revision is at least this (0: no bound).
    public var minModRevision: Int64 = 0
    /// Only keys whose mod revision is at most this (0: no bound).
    public var maxModRevision: Int64 = 0
    /// Only keys whose create revision is at least this (0: no bound).
    public var minCreateRevision: Int64 = 0
    /// Only keys whose create revision is at most this (0: no bound).
    public var maxCreateRevision: Int64 = 0

    /// Creates options; every parameter has the default described on its property.
    public init(
        limit: Int64 = 0,
        revision: Int64 = 0,
        sortOrder: SortOrder = .none,
        sortTarget: SortTarget = .key,
        serializable: Bool = false,
        keysOnly: Bool = false,
        countOnly: Bool = false,
        minModRevision: Int64 = 0,
        maxModRevision: Int64 = 0,
        minCreateRevision: Int64 = 0,
        maxCreateRevision: Int64 = 0
    ) {
        self.limit = limit
        self.revision = revision
        self.sortOrder = sortOrder
        self.sortTarget = sortTarget
        self.serializable = serializable
        self.keysOnly = keysOnly
        self.countOnly = countOnly
        self.minModRevision = minModRevision
        self.maxModRevision = maxModRevision
        self.minCreateRevision = minCreateRevision
        self.maxCreateRevision = maxCreateRevision
    }

    /// The defaults: latest revision, linearizable, key order, values included.
    public static var `default`: EtcdRangeOptions { EtcdRangeOptions() }
}

/// The answer to a range read.
public struct EtcdRangeResult: Sendable, Hashable {
    /// The response header; `header.revision` is the revision the read saw.
    public var header: EtcdResponseHeader
    /// The matching keys (empty for count-only reads).
    public var kvs: [EtcdKeyValue]
    /// Whether more keys matched than ``kvs`` holds (a limit applied).
    public var more: Bool
    /// The number of keys that matched.
    public var count: Int64

    /// Creates a result.
    public init(header: EtcdResponseHeader, kvs: [EtcdKeyValue], more: Bool, count: Int64) {
        self.header = header
        self.kvs = kvs
        self.more = more
        self.count = count
    }
}

/// The answer to a put.
public struct EtcdPutResult: Sendable, Hashable {
    /// The response header; `header.revision` is the revision of the write.
    public var header: EtcdResponseHeader
    /// The previous key-value pair, when `prevKV` was requested and the key existed.
    public var prevKV: EtcdKeyValue?

    /// Creates a result.
    public init(header: EtcdResponseHeader, prevKV: EtcdKeyValue? = nil) {
        self.header = header
        self.prevKV = prevKV
    }
}

/// The answer to a delete.
public struct EtcdDeleteResult: Sendable, Hashable {
    /// The response header; `header.revision` is the revision of the delete.
    public var header: EtcdResponseHeader
    /// How many keys were deleted.
    public var deleted: Int64
    /// The deleted pairs, when `prevKV` was requested.
    public var prevKVs: [EtcdKeyValue]

    /// Creates a result.
    public init(header: EtcdResponseHeader, deleted: Int64, prevKVs: [EtcdKeyValue] = []) {
        self.header = header
        self.deleted = deleted
        self.prevKVs = prevKVs
    }
}
