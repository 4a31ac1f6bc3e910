/// A key and its value at some revision, with the revisions etcd tracks for it.
public struct EtcdKeyValue: Sendable, Hashable {
    /// The key.
    public var key: EtcdBytes
    /// The value (empty for keys-only reads).
    public var value: EtcdBytes
    /// The revision of the last creation of the key.
    public var createRevision: Int64
    /// The revision of the last modification of the key.
    public var modRevision: Int64
    /// The number of modifications since the key was created (1 after creation).
    public var version: Int64
    /// The lease the key is attached to, or `nil` when none.
    public var lease: EtcdLeaseID?

    /// Creates a key-value pair (useful in tests and for comparisons).
    public init(
        key: EtcdBytes,
        value: EtcdBytes,
        createRevision: Int64 = 0,
        modRevision: Int64 = 0,
        version: Int64 = 0,
        lease: EtcdLeaseID? = nil
    ) {
        self.key = key
        self.value = value
        self.createRevision = createRevision
        self.modRevision = modRevision
        self.version = version
        self.lease = lease
    }
}

/// The identifier of a lease.
public struct EtcdLeaseID: Sendable, Hashable, RawRepresentable, CustomStringConvertible {
    /// The server's 64-bit identifier.
    public var rawValue: Int64
    /// Wraps a lease ID as the server reports it.
    public init(rawValue: Int64) { self.rawValue = rawValue }
    /// Wraps a lease ID as the server reports it.
    public init(_ rawValue: Int64) { self.rawValue = rawValue }
    /// The identifier in hexadecimal, as `etcdctl` prints it.
    public var description: String { String(UInt64(bitPattern: rawValue), radix: 16) }
}

/// The metadata etcd attaches to every response.
public struct EtcdResponseHeader: Sendable, Hashable {
    /// The ID of the cluster that answered.
    public var clusterID: UInt64
    /// The ID of the member that answered.
    public var memberID: UInt64
    /// The store's revision when the request was applied (for reads: the revision read at).
    public var revision: Int64
    /// The raft term of the member that answered.
    public var raftTerm: UInt64

    /// Creates a header.
    public init(clusterID: UInt64 = 0, memberID: UInt64 = 0, revision: Int64 = 0, raftTerm: UInt64 = 0) {
        self.clusterID = clusterID
        self.memberID = memberID
        self.revision = revision
        self.raftTerm = raftTerm
    }
}
