// DO NOT EDIT; regenerate with Codegen/generate.sh
// Generated from Protos/rpc.proto.

/// Messages of the `etcdserverpb` protobuf package.
package enum Etcdserverpb {}

extension Etcdserverpb {
    package enum AlarmType: Sendable, Hashable {
        case none  // = 0
        case nospace  // = 1
        case corrupt  // = 2
        /// A value this version of the protos does not know.
        case unrecognized(Int32)

        package init() {
            self = .none
        }

        package init(rawValue: Int32) {
            switch rawValue {
            case 0: self = .none
            case 1: self = .nospace
            case 2: self = .corrupt
            default: self = .unrecognized(rawValue)
            }
        }

        package var rawValue: Int32 {
            switch self {
            case .none: 0
            case .nospace: 1
            case .corrupt: 2
            case .unrecognized(let value): value
            }
        }
    }

    /// Sent with every response: who answered, and at which store revision and raft term.
    package struct ResponseHeader: WireMessage {
        package var clusterId: UInt64 = 0
        /// The member that served the request.
        package var memberId: UInt64 = 0
        /// Store revision when the request was applied (progress for watch progress responses).
        package var revision: Int64 = 0
        package var raftTerm: UInt64 = 0

        package init() {}

        /// A message with the given fields; the others keep their proto3 defaults.
        package init(
            clusterId: UInt64 = 0,
            memberId: UInt64 = 0,
            revision: Int64 = 0,
            raftTerm: UInt64 = 0
        ) {
            self.clusterId = clusterId
            self.memberId = memberId
            self.revision = revision
            self.raftTerm = raftTerm
        }
    }

    package struct RangeRequest: WireMessage {
        /// The first key of the range; alone (no range_end) it names one key.
        package var key: [UInt8] = []
        /// Exclusive end of [key, range_end); "\0" means every key >= key, and key plus one in its
        /// last byte (e.g. "a/" -> "a0") means every key with the prefix key.
        package var rangeEnd: [UInt8] = []
        /// The most keys to return; 0 means no limit.
        package var limit: Int64 = 0
        /// The store revision to read at; <= 0 means the newest. A compacted revision fails.
        package var revision: Int64 = 0
        package var sortOrder: Etcdserverpb.RangeRequest.SortOrder = .none
        package var sortTarget: Etcdserverpb.RangeRequest.SortTarget = .key
        /// Serve from the member's local state without a consensus round (may be stale).
        package var serializable: Bool = false
        /// Return keys without values.
        package var keysOnly: Bool = false
        /// Return only the count of keys in the range.
        package var countOnly: Bool = false
        /// Filters on the keys' mod and create revisions (0 means no bound).
        package var minModRevision: Int64 = 0
        package var maxModRevision: Int64 = 0
        package var minCreateRevision: Int64 = 0
        package var maxCreateRevision: Int64 = 0

        package init() {}

        /// A message with the given fields; the others keep their proto3 defaults.
        package init(
            key: [UInt8] = [],
            rangeEnd: [UInt8] = [],
            limit: Int64 = 0,
            revision: Int64 = 0,
            sortOrder: Etcdserverpb.RangeRequest.SortOrder = .none,
            sortTarget: Etcdserverpb.RangeRequest.SortTarget = .key,
            serializable: Bool = false,
            keysOnly: Bool = false,
            countOnly: Bool = false,
            minModRevision: Int64 = 0,
            maxModRevision: Int64 = 0,
            minCreateRevision: Int64 = 0,
            maxCreateRevision: Int64 = 0
        ) {
            self.key = key
            self.rangeEnd = rangeEnd
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

        package enum SortOrder: Sendable, Hashable {
            case none  // = 0
            case ascend  // = 1
            case descend  // = 2
            /// A value this version of the protos does not know.
            case unrecognized(Int32)

            package init() {
                self = .none
            }

            package init(rawValue: Int32) {
                switch rawValue {
                case 0: self = .none
                case 1: self = .ascend
                case 2: self = .descend
                default: self = .unrecognized(rawValue)
                }
            }

            package var rawValue: Int32 {
                switch self {
                case .none: 0
                case .ascend: 1
                case .descend: 2
                case .unrecognized(let value): value
                }
            }
        }

        package enum SortTarget: Sendable, Hashable {
            case key  // = 0
            case version  // = 1
            case create  // = 2
            case mod  // = 3
            case value  // = 4
            /// A value this version of the protos does not know.
            case unrecognized(Int32)

            package init() {
                self = .key
            }

            package init(rawValue: Int32) {
                switch rawValue {
                case 0: self = .key
                case 1: self = .version
                case 2: self = .create
                case 3: self = .mod
                case 4: self = .value
                default: self = .unrecognized(rawValue)
                }
            }

            package var rawValue: Int32 {
                switch self {
                case .key: 0
                case .version: 1
                case .create: 2
                case .mod: 3
                case .value: 4
                case .unrecognized(let value): value
                }
            }
        }
    }

    package struct RangeResponse: WireMessage {
        package var header: Etcdserverpb.ResponseHeader? = nil
        /// The matching pairs (empty with count_only).
        package var kvs: [Mvccpb.KeyValue] = []
        /// Whether the limit cut the result short.
        package var more: Bool = false
        /// The number of keys in the range, regardless of limit.
        package var count: Int64 = 0

        package init() {}

        /// A message with the given fields; the others keep their proto3 defaults.
        package init(
            header: Etcdserverpb.ResponseHeader? = nil,
            kvs: [Mvccpb.KeyValue] = [],
            more: Bool = false,
            count: Int64 = 0
        ) {
            self.header = header
            self.kvs = kvs
            self.more = more
            self.count = count
        }
    }

    package struct PutRequest: WireMessage {
        package var key: [UInt8] = []
        package var value: [UInt8] = []
        /// The lease to attach the key to; 0 means none.
        package var lease: Int64 = 0
        /// Return the pair as it was before the put.
        package var prevKv: Bool = false
        /// Keep the current value (the key must exist).
        package var ignoreValue: Bool = false
        /// Keep the current lease (the key must exist).
        package var ignoreLease: Bool = false

        package init() {}

        /// A message with the given fields; the others keep their proto3 defaults.
        package init(
            key: [UInt8] = [],
            value: [UInt8] = [],
            lease: Int64 = 0,
            prevKv: Bool = false,
            ignoreValue: Bool = false,
            ignoreLease: Bool = false
        ) {
            self.key = key
            self.value = value
            self.lease = lease
            self.prevKv = prevKv
            self.ignoreValue = ignoreValue
            self.ignoreLease = ignoreLease
        }
    }

    package struct PutResponse: WireMessage {
        package var header: Etcdserverpb.ResponseHeader? = nil
        /// The previous pair, when prev_kv was asked for and the key existed.
        package var prevKv: Mvccpb.KeyValue? = nil

        package init() {}

        /// A message with the given fields; the others keep their proto3 defaults.
        package init(
            header: Etcdserverpb.ResponseHeader? = nil,
            prevKv: Mvccpb.KeyValue? = nil
        ) {
            self.header = header
            self.prevKv = prevKv
        }
    }

    package struct DeleteRangeRequest: WireMessage {
        package var key: [UInt8] = []
        package var rangeEnd: [UInt8] = []
        package var prevKv: Bool = false

        package init() {}

        /// A message with the given fields; the others keep their proto3 defaults.
        package init(
            key: [UInt8] = [],
            rangeEnd: [UInt8] = [],
            prevKv: Bool = false
        ) {
            self.key = key
            self.rangeEnd = rangeEnd
            self.prevKv = prevKv
        }
    }

    package struct DeleteRangeResponse: WireMessage {
        package var header: Etcdserverpb.ResponseHeader? = nil
        /// The number of keys deleted.
        package var deleted: Int64 = 0
        package var prevKvs: [Mvccpb.KeyValue] = []

        package init() {}

        /// A message with the given fields; the others keep their proto3 defaults.
        package init(
            header: Etcdserverpb.ResponseHeader? = nil,
            deleted: Int64 = 0,
            prevKvs: [Mvccpb.KeyValue] = []
        ) {
            self.header = header
            self.deleted = deleted
            self.prevKvs = prevKvs
        }
    }

    /// One operation of a transaction.
    package struct RequestOp: WireMessage {
        package var request: Request? = nil

        package init() {}

        /// A message with the given fields; the others keep their proto3 defaults.
        package init(
            request: Request? = nil
        ) {
            self.request = request
        }

        package enum Request: Sendable, Hashable {
            case requestRange(Etcdserverpb.RangeRequest)
            case requestPut(Etcdserverpb.PutRequest)
            case requestDeleteRange(Etcdserverpb.DeleteRangeRequest)
            case requestTxn(Etcdserverpb.TxnRequest)
        }
    }

    /// The result of one operation of a transaction, in the same order.
    package struct ResponseOp: WireMessage {
        package var response: Response? = nil

        package init() {}

        /// A message with the given fields; the others keep their proto3 defaults.
        package init(
            response: Response? = nil
        ) {
            self.response = response
        }

        package enum Response: Sendable, Hashable {
            case responseRange(Etcdserverpb.RangeResponse)
            case responsePut(Etcdserverpb.PutResponse)
            case responseDeleteRange(Etcdserverpb.DeleteRangeResponse)
            case responseTxn(Etcdserverpb.TxnResponse)
        }
    }

    /// A guard of a transaction: compares one field of a key (or of every key in a range) with
    /// the value in target_union.
    package struct Compare: WireMessage {
        /// The comparison operator.
        package var result: Etcdserverpb.Compare.CompareResult = .equal
        /// Which field of the key is compared; must match the target_union case.
        package var target: Etcdserverpb.Compare.CompareTarget = .version
        package var key: [UInt8] = []
        /// Compares every key in [key, range_end).
        package var rangeEnd: [UInt8] = []
        /// The value to compare with.
        package var targetUnion: TargetUnion? = nil

        package init() {}

        /// A message with the given fields; the others keep their proto3 defaults.
        package init(
            result: Etcdserverpb.Compare.CompareResult = .equal,
            target: Etcdserverpb.Compare.CompareTarget = .version,
            key: [UInt8] = [],
            rangeEnd: [UInt8] = [],
            targetUnion: TargetUnion? = nil
        ) {
            self.result = result
            self.target = target
            self.key = key
            self.rangeEnd = rangeEnd
            self.targetUnion = targetUnion
        }

        package enum TargetUnion: Sendable, Hashable {
            case version(Int64)
            case createRevision(Int64)
            case modRevision(Int64)
            case value([UInt8])
            case lease(Int64)
        }

        package enum CompareResult: Sendable, Hashable {
            case equal  // = 0
            case greater  // = 1
            case less  // = 2
            case notEqual  // = 3
            /// A value this version of the protos does not know.
            case unrecognized(Int32)

            package init() {
                self = .equal
            }

            package init(rawValue: Int32) {
                switch rawValue {
                case 0: self = .equal
                case 1: self = .greater
                case 2: self = .less
                case 3: self = .notEqual
                default: self = .unrecognized(rawValue)
                }
            }

            package var rawValue: Int32 {
                switch self {
                case .equal: 0
                case .greater: 1
                case .less: 2
                case .notEqual: 3
                case .unrecognized(let value): value
                }
            }
        }

        package enum CompareTarget: Sendable, Hashable {
            case version  // = 0
            case create  // = 1
            case mod  // = 2
            case value  // = 3
            case lease  // = 4
            /// A value this version of the protos does not know.
            case unrecognized(Int32)

            package init() {
                self = .version
            }

            package init(rawValue: Int32) {
                switch rawValue {
                case 0: self = .version
                case 1: self = .create
                case 2: self = .mod
                case 3: self = .value
                case 4: self = .lease
                default: self = .unrecognized(rawValue)
                }
            }

            package var rawValue: Int32 {
                switch self {
                case .version: 0
                case .create: 1
                case .mod: 2
                case .value: 3
                case .lease: 4
                case .unrecognized(let value): value
                }
            }
        }
    }

    /// If every compare holds, runs success, else failure, atomically at one revision.
    package struct TxnRequest: WireMessage {
        package var compare: [Etcdserverpb.Compare] = []
        package var success: [Etcdserverpb.RequestOp] = []
        package var failure: [Etcdserverpb.RequestOp] = []

        package init() {}

        /// A message with the given fields; the others keep their proto3 defaults.
        package init(
            compare: [Etcdserverpb.Compare] = [],
            success: [Etcdserverpb.RequestOp] = [],
            failure: [Etcdserverpb.RequestOp] = []
        ) {
            self.compare = compare
            self.success = success
            self.failure = failure
        }
    }

    package struct TxnResponse: WireMessage {
        package var header: Etcdserverpb.ResponseHeader? = nil
        /// Whether every compare held (so success ran).
        package var succeeded: Bool = false
        /// One response per operation that ran.
        package var responses: [Etcdserverpb.ResponseOp] = []

        package init() {}

        /// A message with the given fields; the others keep their proto3 defaults.
        package init(
            header: Etcdserverpb.ResponseHeader? = nil,
            succeeded: Bool = false,
            responses: [Etcdserverpb.ResponseOp] = []
        ) {
            self.header = header
            self.succeeded = succeeded
            self.responses = responses
        }
    }

    package struct CompactionRequest: WireMessage {
        package var revision: Int64 = 0
        /// Wait until the compaction is physically applied.
        package var physical: Bool = false

        package init() {}

        /// A message with the given fields; the others keep their proto3 defaults.
        package init(
            revision: Int64 = 0,
            physical: Bool = false
        ) {
            self.revision = revision
            self.physical = physical
        }
    }

    package struct CompactionResponse: WireMessage {
        package var header: Etcdserverpb.ResponseHeader? = nil

        package init() {}

        /// A message with the given fields; the others keep their proto3 defaults.
        package init(
            header: Etcdserverpb.ResponseHeader? = nil
        ) {
            self.header = header
        }
    }

    package struct HashRequest: WireMessage {
        package init() {}
    }

    package struct HashKVRequest: WireMessage {
        package var revision: Int64 = 0

        package init() {}

        /// A message with the given fields; the others keep their proto3 defaults.
        package init(
            revision: Int64 = 0
        ) {
            self.revision = revision
        }
    }

    package struct HashKVResponse: WireMessage {
        package var header: Etcdserverpb.ResponseHeader? = nil
        package var hash: UInt32 = 0
        package var compactRevision: Int64 = 0
        /// 3.6 (also in late 3.5 patch releases).
        package var hashRevision: Int64 = 0

        package init() {}

        /// A message with the given fields; the others keep their proto3 defaults.
        package init(
            header: Etcdserverpb.ResponseHeader? = nil,
            hash: UInt32 = 0,
            compactRevision: Int64 = 0,
            hashRevision: Int64 = 0
        ) {
            self.header = header
            self.hash = hash
            self.compactRevision = compactRevision
            self.hashRevision = hashRevision
        }
    }

    package struct HashResponse: WireMessage {
        package var header: Etcdserverpb.ResponseHeader? = nil
        package var hash: UInt32 = 0

        package init() {}

        /// A message with the given fields; the others keep their proto3 defaults.
        package init(
            header: Etcdserverpb.ResponseHeader? = nil,
            hash: UInt32 = 0
        ) {
            self.header = header
            self.hash = hash
        }
    }

    package struct SnapshotRequest: WireMessage {
        package init() {}
    }

    package struct SnapshotResponse: WireMessage {
        package var header: Etcdserverpb.ResponseHeader? = nil
        package var remainingBytes: UInt64 = 0
        package var blob: [UInt8] = []
        /// 3.6.
        package var version: String = ""

        package init() {}

        /// A message with the given fields; the others keep their proto3 defaults.
        package init(
            header: Etcdserverpb.ResponseHeader? = nil,
            remainingBytes: UInt64 = 0,
            blob: [UInt8] = [],
            version: String = ""
        ) {
            self.header = header
            self.remainingBytes = remainingBytes
            self.blob = blob
            self.version = version
        }
    }

    /// A message on the Watch stream: create a watcher, cancel one, or ask for progress.
    package struct WatchRequest: WireMessage {
        package var requestUnion: RequestUnion? = nil

        package init() {}

        /// A message with the given fields; the others keep their proto3 defaults.
        package init(
            requestUnion: RequestUnion? = nil
        ) {
            self.requestUnion = requestUnion
        }

        package enum RequestUnion: Sendable, Hashable {
            case createRequest(Etcdserverpb.WatchCreateRequest)
            case cancelRequest(Etcdserverpb.WatchCancelRequest)
            case progressRequest(Etcdserverpb.WatchProgressRequest)
        }
    }

    package struct WatchCreateRequest: WireMessage {
        package var key: [UInt8] = []
        /// As in RangeRequest.
        package var rangeEnd: [UInt8] = []
        /// The first revision to report (inclusive); 0 means from now.
        package var startRevision: Int64 = 0
        /// Ask for empty responses carrying the current revision when the watcher is idle.
        package var progressNotify: Bool = false
        /// Event kinds the server should not send.
        package var filters: [Etcdserverpb.WatchCreateRequest.FilterType] = []
        /// Send the previous pair with each event.
        package var prevKv: Bool = false
        /// A client-chosen watcher ID (0 lets the server choose).
        package var watchId: Int64 = 0
        /// Allow the server to split a large revision over several responses.
        package var fragment: Bool = false

        package init() {}

        /// A message with the given fields; the others keep their proto3 defaults.
        package init(
            key: [UInt8] = [],
            rangeEnd: [UInt8] = [],
            startRevision: Int64 = 0,
            progressNotify: Bool = false,
            filters: [Etcdserverpb.WatchCreateRequest.FilterType] = [],
            prevKv: Bool = false,
            watchId: Int64 = 0,
            fragment: Bool = false
        ) {
            self.key = key
            self.rangeEnd = rangeEnd
            self.startRevision = startRevision
            self.progressNotify = progressNotify
            self.filters = filters
            self.prevKv = prevKv
            self.watchId = watchId
            self.fragment = fragment
        }

        package enum FilterType: Sendable, Hashable {
            case noput  // = 0
            case nodelete  // = 1
            /// A value this version of the protos does not know.
            case unrecognized(Int32)

            package init() {
                self = .noput
            }

            package init(rawValue: Int32) {
                switch rawValue {
                case 0: self = .noput
                case 1: self = .nodelete
                default: self = .unrecognized(rawValue)
                }
            }

            package var rawValue: Int32 {
                switch self {
                case .noput: 0
                case .nodelete: 1
                case .unrecognized(let value): value
                }
            }
        }
    }

    package struct WatchCancelRequest: WireMessage {
        package var watchId: Int64 = 0

        package init() {}

        /// A message with the given fields; the others keep their proto3 defaults.
        package init(
            watchId: Int64 = 0
        ) {
            self.watchId = watchId
        }
    }

    package struct WatchProgressRequest: WireMessage {
        package init() {}
    }

    package struct WatchResponse: WireMessage {
        /// header.revision is the stream's progress: later events have higher revisions.
        package var header: Etcdserverpb.ResponseHeader? = nil
        /// The watcher this response is for (-1 for a progress response to the whole stream).
        package var watchId: Int64 = 0
        /// Set on the response to a create request.
        package var created: Bool = false
        /// Set when the watcher ended (cancelled, or its start revision was compacted).
        package var canceled: Bool = false
        /// When non-zero: the watcher asked for compacted history; resume from here.
        package var compactRevision: Int64 = 0
        package var cancelReason: String = ""
        /// More responses of this revision follow.
        package var fragment: Bool = false
        package var events: [Mvccpb.Event] = []

        package init() {}

        /// A message with the given fields; the others keep their proto3 defaults.
        package init(
            header: Etcdserverpb.ResponseHeader? = nil,
            watchId: Int64 = 0,
            created: Bool = false,
            canceled: Bool = false,
            compactRevision: Int64 = 0,
            cancelReason: String = "",
            fragment: Bool = false,
            events: [Mvccpb.Event] = []
        ) {
            self.header = header
            self.watchId = watchId
            self.created = created
            self.canceled = canceled
            self.compactRevision = compactRevision
            self.cancelReason = cancelReason
            self.fragment = fragment
            self.events = events
        }
    }

    package struct LeaseGrantRequest: WireMessage {
        /// Requested time to live, in seconds.
        package var ttl: Int64 = 0
        /// Requested lease ID; 0 lets the server choose.
        package var id: Int64 = 0

        package init() {}

        /// A message with the given fields; the others keep their proto3 defaults.
        package init(
            ttl: Int64 = 0,
            id: Int64 = 0
        ) {
            self.ttl = ttl
            self.id = id
        }
    }

    package struct LeaseGrantResponse: WireMessage {
        package var header: Etcdserverpb.ResponseHeader? = nil
        package var id: Int64 = 0
        package var ttl: Int64 = 0
        package var error: String = ""

        package init() {}

        /// A message with the given fields; the others keep their proto3 defaults.
        package init(
            header: Etcdserverpb.ResponseHeader? = nil,
            id: Int64 = 0,
            ttl: Int64 = 0,
            error: String = ""
        ) {
            self.header = header
            self.id = id
            self.ttl = ttl
            self.error = error
        }
    }

    package struct LeaseRevokeRequest: WireMessage {
        package var id: Int64 = 0

        package init() {}

        /// A message with the given fields; the others keep their proto3 defaults.
        package init(
            id: Int64 = 0
        ) {
            self.id = id
        }
    }

    package struct LeaseRevokeResponse: WireMessage {
        package var header: Etcdserverpb.ResponseHeader? = nil

        package init() {}

        /// A message with the given fields; the others keep their proto3 defaults.
        package init(
            header: Etcdserverpb.ResponseHeader? = nil
        ) {
            self.header = header
        }
    }

    package struct LeaseCheckpoint: WireMessage {
        package var id: Int64 = 0
        package var remainingTTL: Int64 = 0

        package init() {}

        /// A message with the given fields; the others keep their proto3 defaults.
        package init(
            id: Int64 = 0,
            remainingTTL: Int64 = 0
        ) {
            self.id = id
            self.remainingTTL = remainingTTL
        }
    }

    package struct LeaseCheckpointRequest: WireMessage {
        package var checkpoints: [Etcdserverpb.LeaseCheckpoint] = []

        package init() {}

        /// A message with the given fields; the others keep their proto3 defaults.
        package init(
            checkpoints: [Etcdserverpb.LeaseCheckpoint] = []
        ) {
            self.checkpoints = checkpoints
        }
    }

    package struct LeaseCheckpointResponse: WireMessage {
        package var header: Etcdserverpb.ResponseHeader? = nil

        package init() {}

        /// A message with the given fields; the others keep their proto3 defaults.
        package init(
            header: Etcdserverpb.ResponseHeader? = nil
        ) {
            self.header = header
        }
    }

    package struct LeaseKeepAliveRequest: WireMessage {
        package var id: Int64 = 0

        package init() {}

        /// A message with the given fields; the others keep their proto3 defaults.
        package init(
            id: Int64 = 0
        ) {
            self.id = id
        }
    }

    package struct LeaseKeepAliveResponse: WireMessage {
        package var header: Etcdserverpb.ResponseHeader? = nil
        package var id: Int64 = 0
        /// The renewed time to live in seconds; <= 0 means the lease is gone.
        package var ttl: Int64 = 0

        package init() {}

        /// A message with the given fields; the others keep their proto3 defaults.
        package init(
            header: Etcdserverpb.ResponseHeader? = nil,
            id: Int64 = 0,
            ttl: Int64 = 0
        ) {
            self.header = header
            self.id = id
            self.ttl = ttl
        }
    }

    package struct LeaseTimeToLiveRequest: WireMessage {
        package var id: Int64 = 0
        /// Also list the keys attached to the lease.
        package var keys: Bool = false

        package init() {}

        /// A message with the given fields; the others keep their proto3 defaults.
        package init(
            id: Int64 = 0,
            keys: Bool = false
        ) {
            self.id = id
            self.keys = keys
        }
    }

    package struct LeaseTimeToLiveResponse: WireMessage {
        package var header: Etcdserverpb.ResponseHeader? = nil
        package var id: Int64 = 0
        /// Remaining seconds; -1 when the lease has expired.
        package var ttl: Int64 = 0
        /// The TTL the lease was granted (or last renewed) with.
        package var grantedTTL: Int64 = 0
        package var keys: [[UInt8]] = []

        package init() {}

        /// A message with the given fields; the others keep their proto3 defaults.
        package init(
            header: Etcdserverpb.ResponseHeader? = nil,
            id: Int64 = 0,
            ttl: Int64 = 0,
            grantedTTL: Int64 = 0,
            keys: [[UInt8]] = []
        ) {
            self.header = header
            self.id = id
            self.ttl = ttl
            self.grantedTTL = grantedTTL
            self.keys = keys
        }
    }

    package struct LeaseLeasesRequest: WireMessage {
        package init() {}
    }

    package struct LeaseStatus: WireMessage {
        package var id: Int64 = 0

        package init() {}

        /// A message with the given fields; the others keep their proto3 defaults.
        package init(
            id: Int64 = 0
        ) {
            self.id = id
        }
    }

    package struct LeaseLeasesResponse: WireMessage {
        package var header: Etcdserverpb.ResponseHeader? = nil
        package var leases: [Etcdserverpb.LeaseStatus] = []

        package init() {}

        /// A message with the given fields; the others keep their proto3 defaults.
        package init(
            header: Etcdserverpb.ResponseHeader? = nil,
            leases: [Etcdserverpb.LeaseStatus] = []
        ) {
            self.header = header
            self.leases = leases
        }
    }

    package struct Member: WireMessage {
        package var id: UInt64 = 0
        /// Empty until the member has started.
        package var name: String = ""
        package var peerURLs: [String] = []
        package var clientURLs: [String] = []
        package var isLearner: Bool = false

        package init() {}

        /// A message with the given fields; the others keep their proto3 defaults.
        package init(
            id: UInt64 = 0,
            name: String = "",
            peerURLs: [String] = [],
            clientURLs: [String] = [],
            isLearner: Bool = false
        ) {
            self.id = id
            self.name = name
            self.peerURLs = peerURLs
            self.clientURLs = clientURLs
            self.isLearner = isLearner
        }
    }

    package struct MemberAddRequest: WireMessage {
        package var peerURLs: [String] = []
        package var isLearner: Bool = false

        package init() {}

        /// A message with the given fields; the others keep their proto3 defaults.
        package init(
            peerURLs: [String] = [],
            isLearner: Bool = false
        ) {
            self.peerURLs = peerURLs
            self.isLearner = isLearner
        }
    }

    package struct MemberAddResponse: WireMessage {
        package var header: Etcdserverpb.ResponseHeader? = nil
        package var member: Etcdserverpb.Member? = nil
        package var members: [Etcdserverpb.Member] = []

        package init() {}

        /// A message with the given fields; the others keep their proto3 defaults.
        package init(
            header: Etcdserverpb.ResponseHeader? = nil,
            member: Etcdserverpb.Member? = nil,
            members: [Etcdserverpb.Member] = []
        ) {
            self.header = header
            self.member = member
            self.members = members
        }
    }

    package struct MemberRemoveRequest: WireMessage {
        package var id: UInt64 = 0

        package init() {}

        /// A message with the given fields; the others keep their proto3 defaults.
        package init(
            id: UInt64 = 0
        ) {
            self.id = id
        }
    }

    package struct MemberRemoveResponse: WireMessage {
        package var header: Etcdserverpb.ResponseHeader? = nil
        package var members: [Etcdserverpb.Member] = []

        package init() {}

        /// A message with the given fields; the others keep their proto3 defaults.
        package init(
            header: Etcdserverpb.ResponseHeader? = nil,
            members: [Etcdserverpb.Member] = []
        ) {
            self.header = header
            self.members = members
        }
    }

    package struct MemberUpdateRequest: WireMessage {
        package var id: UInt64 = 0
        package var peerURLs: [String] = []

        package init() {}

        /// A message with the given fields; the others keep their proto3 defaults.
        package init(
            id: UInt64 = 0,
            peerURLs: [String] = []
        ) {
            self.id = id
            self.peerURLs = peerURLs
        }
    }

    package struct MemberUpdateResponse: WireMessage {
        package var header: Etcdserverpb.ResponseHeader? = nil
        package var members: [Etcdserverpb.Member] = []

        package init() {}

        /// A message with the given fields; the others keep their proto3 defaults.
        package init(
            header: Etcdserverpb.ResponseHeader? = nil,
            members: [Etcdserverpb.Member] = []
        ) {
            self.header = header
            self.members = members
        }
    }

    package struct MemberListRequest: WireMessage {
        /// Since 3.5.
        package var linearizable: Bool = false

        package init() {}

        /// A message with the given fields; the others keep their proto3 defaults.
        package init(
            linearizable: Bool = false
        ) {
            self.linearizable = linearizable
        }
    }

    package struct MemberListResponse: WireMessage {
        package var header: Etcdserverpb.ResponseHeader? = nil
        package var members: [Etcdserverpb.Member] = []

        package init() {}

        /// A message with the given fields; the others keep their proto3 defaults.
        package init(
            header: Etcdserverpb.ResponseHeader? = nil,
            members: [Etcdserverpb.Member] = []
        ) {
            self.header = header
            self.members = members
        }
    }

    package struct MemberPromoteRequest: WireMessage {
        package var id: UInt64 = 0

        package init() {}

        /// A message with the given fields; the others keep their proto3 defaults.
        package init(
            id: UInt64 = 0
        ) {
            self.id = id
        }
    }

    package struct MemberPromoteResponse: WireMessage {
        package var header: Etcdserverpb.ResponseHeader? = nil
        package var members: [Etcdserverpb.Member] = []

        package init() {}

        /// A message with the given fields; the others keep their proto3 defaults.
        package init(
            header: Etcdserverpb.ResponseHeader? = nil,
            members: [Etcdserverpb.Member] = []
        ) {
            self.header = header
            self.members = members
        }
    }

    package struct DefragmentRequest: WireMessage {
        package init() {}
    }

    package struct DefragmentResponse: WireMessage {
        package var header: Etcdserverpb.ResponseHeader? = nil

        package init() {}

        /// A message with the given fields; the others keep their proto3 defaults.
        package init(
            header: Etcdserverpb.ResponseHeader? = nil
        ) {
            self.header = header
        }
    }

    package struct MoveLeaderRequest: WireMessage {
        package var targetID: UInt64 = 0

        package init() {}

        /// A message with the given fields; the others keep their proto3 defaults.
        package init(
            targetID: UInt64 = 0
        ) {
            self.targetID = targetID
        }
    }

    package struct MoveLeaderResponse: WireMessage {
        package var header: Etcdserverpb.ResponseHeader? = nil

        package init() {}

        /// A message with the given fields; the others keep their proto3 defaults.
        package init(
            header: Etcdserverpb.ResponseHeader? = nil
        ) {
            self.header = header
        }
    }

    package struct AlarmRequest: WireMessage {
        package var action: Etcdserverpb.AlarmRequest.AlarmAction = .get
        package var memberID: UInt64 = 0
        package var alarm: Etcdserverpb.AlarmType = .none

        package init() {}

        /// A message with the given fields; the others keep their proto3 defaults.
        package init(
            action: Etcdserverpb.AlarmRequest.AlarmAction = .get,
            memberID: UInt64 = 0,
            alarm: Etcdserverpb.AlarmType = .none
        ) {
            self.action = action
            self.memberID = memberID
            self.alarm = alarm
        }

        package enum AlarmAction: Sendable, Hashable {
            case get  // = 0
            case activate  // = 1
            case deactivate  // = 2
            /// A value this version of the protos does not know.
            case unrecognized(Int32)

            package init() {
                self = .get
            }

            package init(rawValue: Int32) {
                switch rawValue {
                case 0: self = .get
                case 1: self = .activate
                case 2: self = .deactivate
                default: self = .unrecognized(rawValue)
                }
            }

            package var rawValue: Int32 {
                switch self {
                case .get: 0
                case .activate: 1
                case .deactivate: 2
                case .unrecognized(let value): value
                }
            }
        }
    }

    package struct AlarmMember: WireMessage {
        package var memberID: UInt64 = 0
        package var alarm: Etcdserverpb.AlarmType = .none

        package init() {}

        /// A message with the given fields; the others keep their proto3 defaults.
        package init(
            memberID: UInt64 = 0,
            alarm: Etcdserverpb.AlarmType = .none
        ) {
            self.memberID = memberID
            self.alarm = alarm
        }
    }

    package struct AlarmResponse: WireMessage {
        package var header: Etcdserverpb.ResponseHeader? = nil
        package var alarms: [Etcdserverpb.AlarmMember] = []

        package init() {}

        /// A message with the given fields; the others keep their proto3 defaults.
        package init(
            header: Etcdserverpb.ResponseHeader? = nil,
            alarms: [Etcdserverpb.AlarmMember] = []
        ) {
            self.header = header
            self.alarms = alarms
        }
    }

    package struct DowngradeRequest: WireMessage {
        package var action: Etcdserverpb.DowngradeRequest.DowngradeAction = .validate
        package var version: String = ""

        package init() {}

        /// A message with the given fields; the others keep their proto3 defaults.
        package init(
            action: Etcdserverpb.DowngradeRequest.DowngradeAction = .validate,
            version: String = ""
        ) {
            self.action = action
            self.version = version
        }

        package enum DowngradeAction: Sendable, Hashable {
            case validate  // = 0
            case enable  // = 1
            case cancel  // = 2
            /// A value this version of the protos does not know.
            case unrecognized(Int32)

            package init() {
                self = .validate
            }

            package init(rawValue: Int32) {
                switch rawValue {
                case 0: self = .validate
                case 1: self = .enable
                case 2: self = .cancel
                default: self = .unrecognized(rawValue)
                }
            }

            package var rawValue: Int32 {
                switch self {
                case .validate: 0
                case .enable: 1
                case .cancel: 2
                case .unrecognized(let value): value
                }
            }
        }
    }

    package struct DowngradeResponse: WireMessage {
        package var header: Etcdserverpb.ResponseHeader? = nil
        package var version: String = ""

        package init() {}

        /// A message with the given fields; the others keep their proto3 defaults.
        package init(
            header: Etcdserverpb.ResponseHeader? = nil,
            version: String = ""
        ) {
            self.header = header
            self.version = version
        }
    }

    package struct StatusRequest: WireMessage {
        package init() {}
    }

    package struct StatusResponse: WireMessage {
        package var header: Etcdserverpb.ResponseHeader? = nil
        /// The server's version, e.g. "3.5.17".
        package var version: String = ""
        package var dbSize: Int64 = 0
        package var leader: UInt64 = 0
        package var raftIndex: UInt64 = 0
        package var raftTerm: UInt64 = 0
        package var raftAppliedIndex: UInt64 = 0
        package var errors: [String] = []
        package var dbSizeInUse: Int64 = 0
        package var isLearner: Bool = false
        /// 3.6.
        package var storageVersion: String = ""
        /// 3.6.
        package var dbSizeQuota: Int64 = 0
        /// 3.6.
        package var downgradeInfo: Etcdserverpb.DowngradeInfo? = nil

        package init() {}

        /// A message with the given fields; the others keep their proto3 defaults.
        package init(
            header: Etcdserverpb.ResponseHeader? = nil,
            version: String = "",
            dbSize: Int64 = 0,
            leader: UInt64 = 0,
            raftIndex: UInt64 = 0,
            raftTerm: UInt64 = 0,
            raftAppliedIndex: UInt64 = 0,
            errors: [String] = [],
            dbSizeInUse: Int64 = 0,
            isLearner: Bool = false,
            storageVersion: String = "",
            dbSizeQuota: Int64 = 0,
            downgradeInfo: Etcdserverpb.DowngradeInfo? = nil
        ) {
            self.header = header
            self.version = version
            self.dbSize = dbSize
            self.leader = leader
            self.raftIndex = raftIndex
            self.raftTerm = raftTerm
            self.raftAppliedIndex = raftAppliedIndex
            self.errors = errors
            self.dbSizeInUse = dbSizeInUse
            self.isLearner = isLearner
            self.storageVersion = storageVersion
            self.dbSizeQuota = dbSizeQuota
            self.downgradeInfo = downgradeInfo
        }
    }

    /// 3.6.
    package struct DowngradeInfo: WireMessage {
        package var enabled: Bool = false
        package var targetVersion: String = ""

        package init() {}

        /// A message with the given fields; the others keep their proto3 defaults.
        package init(
            enabled: Bool = false,
            targetVersion: String = ""
        ) {
            self.enabled = enabled
            self.targetVersion = targetVersion
        }
    }

    package struct AuthEnableRequest: WireMessage {
        package init() {}
    }

    package struct AuthDisableRequest: WireMessage {
        package init() {}
    }

    package struct AuthStatusRequest: WireMessage {
        package init() {}
    }

    package struct AuthenticateRequest: WireMessage {
        package var name: String = ""
        package var password: String = ""

        package init() {}

        /// A message with the given fields; the others keep their proto3 defaults.
        package init(
            name: String = "",
            password: String = ""
        ) {
            self.name = name
            self.password = password
        }
    }

    package struct AuthUserAddRequest: WireMessage {
        package var name: String = ""
        package var password: String = ""
        package var options: Authpb.UserAddOptions? = nil
        package var hashedPassword: String = ""

        package init() {}

        /// A message with the given fields; the others keep their proto3 defaults.
        package init(
            name: String = "",
            password: String = "",
            options: Authpb.UserAddOptions? = nil,
            hashedPassword: String = ""
        ) {
            self.name = name
            self.password = password
            self.options = options
            self.hashedPassword = hashedPassword
        }
    }

    package struct AuthUserGetRequest: WireMessage {
        package var name: String = ""

        package init() {}

        /// A message with the given fields; the others keep their proto3 defaults.
        package init(
            name: String = ""
        ) {
            self.name = name
        }
    }

    package struct AuthUserDeleteRequest: WireMessage {
        package var name: String = ""

        package init() {}

        /// A message with the given fields; the others keep their proto3 defaults.
        package init(
            name: String = ""
        ) {
            self.name = name
        }
    }

    package struct AuthUserChangePasswordRequest: WireMessage {
        package var name: String = ""
        package var password: String = ""
        package var hashedPassword: String = ""

        package init() {}

        /// A message with the given fields; the others keep their proto3 defaults.
        package init(
            name: String = "",
            password: String = "",
            hashedPassword: String = ""
        ) {
            self.name = name
            self.password = password
            self.hashedPassword = hashedPassword
        }
    }

    package struct AuthUserGrantRoleRequest: WireMessage {
        package var user: String = ""
        package var role: String = ""

        package init() {}

        /// A message with the given fields; the others keep their proto3 defaults.
        package init(
            user: String = "",
            role: String = ""
        ) {
            self.user = user
            self.role = role
        }
    }

    package struct AuthUserRevokeRoleRequest: WireMessage {
        package var name: String = ""
        package var role: String = ""

        package init() {}

        /// A message with the given fields; the others keep their proto3 defaults.
        package init(
            name: String = "",
            role: String = ""
        ) {
            self.name = name
            self.role = role
        }
    }

    package struct AuthRoleAddRequest: WireMessage {
        package var name: String = ""

        package init() {}

        /// A message with the given fields; the others keep their proto3 defaults.
        package init(
            name: String = ""
        ) {
            self.name = name
        }
    }

    package struct AuthRoleGetRequest: WireMessage {
        package var role: String = ""

        package init() {}

        /// A message with the given fields; the others keep their proto3 defaults.
        package init(
            role: String = ""
        ) {
            self.role = role
        }
    }

    package struct AuthUserListRequest: WireMessage {
        package init() {}
    }

    package struct AuthRoleListRequest: WireMessage {
        package init() {}
    }

    package struct AuthRoleDeleteRequest: WireMessage {
        package var role: String = ""

        package init() {}

        /// A message with the given fields; the others keep their proto3 defaults.
        package init(
            role: String = ""
        ) {
            self.role = role
        }
    }

    package struct AuthRoleGrantPermissionRequest: WireMessage {
        package var name: String = ""
        package var perm: Authpb.Permission? = nil

        package init() {}

        /// A message with the given fields; the others keep their proto3 defaults.
        package init(
            name: String = "",
            perm: Authpb.Permission? = nil
        ) {
            self.name = name
            self.perm = perm
        }
    }

    package struct AuthRoleRevokePermissionRequest: WireMessage {
        package var role: String = ""
        package var key: [UInt8] = []
        package var rangeEnd: [UInt8] = []

        package init() {}

        /// A message with the given fields; the others keep their proto3 defaults.
        package init(
            role: String = "",
            key: [UInt8] = [],
            rangeEnd: [UInt8] = []
        ) {
            self.role = role
            self.key = key
            self.rangeEnd = rangeEnd
        }
    }

    package struct AuthEnableResponse: WireMessage {
        package var header: Etcdserverpb.ResponseHeader? = nil

        package init() {}

        /// A message with the given fields; the others keep their proto3 defaults.
        package init(
            header: Etcdserverpb.ResponseHeader? = nil
        ) {
            self.header = header
        }
    }

    package struct AuthDisableResponse: WireMessage {
        package var header: Etcdserverpb.ResponseHeader? = nil

        package init() {}

        /// A message with the given fields; the others keep their proto3 defaults.
        package init(
            header: Etcdserverpb.ResponseHeader? = nil
        ) {
            self.header = header
        }
    }

    package struct AuthStatusResponse: WireMessage {
        package var header: Etcdserverpb.ResponseHeader? = nil
        package var enabled: Bool = false
        package var authRevision: UInt64 = 0

        package init() {}

        /// A message with the given fields; the others keep their proto3 defaults.
        package init(
            header: Etcdserverpb.ResponseHeader? = nil,
            enabled: Bool = false,
            authRevision: UInt64 = 0
        ) {
            self.header = header
            self.enabled = enabled
            self.authRevision = authRevision
        }
    }

    package struct AuthenticateResponse: WireMessage {
        package var header: Etcdserverpb.ResponseHeader? = nil
        package var token: String = ""

        package init() {}

        /// A message with the given fields; the others keep their proto3 defaults.
        package init(
            header: Etcdserverpb.ResponseHeader? = nil,
            token: String = ""
        ) {
            self.header = header
            self.token = token
        }
    }

    package struct AuthUserAddResponse: WireMessage {
        package var header: Etcdserverpb.ResponseHeader? = nil

        package init() {}

        /// A message with the given fields; the others keep their proto3 defaults.
        package init(
            header: Etcdserverpb.ResponseHeader? = nil
        ) {
            self.header = header
        }
    }

    package struct AuthUserGetResponse: WireMessage {
        package var header: Etcdserverpb.ResponseHeader? = nil
        package var roles: [String] = []

        package init() {}

        /// A message with the given fields; the others keep their proto3 defaults.
        package init(
            header: Etcdserverpb.ResponseHeader? = nil,
            roles: [String] = []
        ) {
            self.header = header
            self.roles = roles
        }
    }

    package struct AuthUserDeleteResponse: WireMessage {
        package var header: Etcdserverpb.ResponseHeader? = nil

        package init() {}

        /// A message with the given fields; the others keep their proto3 defaults.
        package init(
            header: Etcdserverpb.ResponseHeader? = nil
        ) {
            self.header = header
        }
    }

    package struct AuthUserChangePasswordResponse: WireMessage {
        package var header: Etcdserverpb.ResponseHeader? = nil

        package init() {}

        /// A message with the given fields; the others keep their proto3 defaults.
        package init(
            header: Etcdserverpb.ResponseHeader? = nil
        ) {
            self.header = header
        }
    }

    package struct AuthUserGrantRoleResponse: WireMessage {
        package var header: Etcdserverpb.ResponseHeader? = nil

        package init() {}

        /// A message with the given fields; the others keep their proto3 defaults.
        package init(
            header: Etcdserverpb.ResponseHeader? = nil
        ) {
            self.header = header
        }
    }

    package struct AuthUserRevokeRoleResponse: WireMessage {
        package var header: Etcdserverpb.ResponseHeader? = nil

        package init() {}

        /// A message with the given fields; the others keep their proto3 defaults.
        package init(
            header: Etcdserverpb.ResponseHeader? = nil
        ) {
            self.header = header
        }
    }

    package struct AuthRoleAddResponse: WireMessage {
        package var header: Etcdserverpb.ResponseHeader? = nil

        package init() {}

        /// A message with the given fields; the others keep their proto3 defaults.
        package init(
            header: Etcdserverpb.ResponseHeader? = nil
        ) {
            self.header = header
        }
    }

    package struct AuthRoleGetResponse: WireMessage {
        package var header: Etcdserverpb.ResponseHeader? = nil
        package var perm: [Authpb.Permission] = []

        package init() {}

        /// A message with the given fields; the others keep their proto3 defaults.
        package init(
            header: Etcdserverpb.ResponseHeader? = nil,
            perm: [Authpb.Permission] = []
        ) {
            self.header = header
            self.perm = perm
        }
    }

    package struct AuthRoleListResponse: WireMessage {
        package var header: Etcdserverpb.ResponseHeader? = nil
        package var roles: [String] = []

        package init() {}

        /// A message with the given fields; the others keep their proto3 defaults.
        package init(
            header: Etcdserverpb.ResponseHeader? = nil,
            roles: [String] = []
        ) {
            self.header = header
            self.roles = roles
        }
    }

    package struct AuthUserListResponse: WireMessage {
        package var header: Etcdserverpb.ResponseHeader? = nil
        package var users: [String] = []

        package init() {}

        /// A message with the given fields; the others keep their proto3 defaults.
        package init(
            header: Etcdserverpb.ResponseHeader? = nil,
            users: [String] = []
        ) {
            self.header = header
            self.users = users
        }
    }

    package struct AuthRoleDeleteResponse: WireMessage {
        package var header: Etcdserverpb.ResponseHeader? = nil

        package init() {}

        /// A message with the given fields; the others keep their proto3 defaults.
        package init(
            header: Etcdserverpb.ResponseHeader? = nil
        ) {
            self.header = header
        }
    }

    package struct AuthRoleGrantPermissionResponse: WireMessage {
        package var header: Etcdserverpb.ResponseHeader? = nil

        package init() {}

        /// A message with the given fields; the others keep their proto3 defaults.
        package init(
            header: Etcdserverpb.ResponseHeader? = nil
        ) {
            self.header = header
        }
    }

    package struct AuthRoleRevokePermissionResponse: WireMessage {
        package var header: Etcdserverpb.ResponseHeader? = nil

        package init() {}

        /// A message with the given fields; the others keep their proto3 defaults.
        package init(
            header: Etcdserverpb.ResponseHeader? = nil
        ) {
            self.header = header
        }
    }
}

extension Etcdserverpb {
    /// The methods of the `etcdserverpb.KV` gRPC service.
    package enum KV {
        /// The gRPC service name.
        package static let serviceName = "etcdserverpb.KV"

        /// Gets the keys in a range.
        /// `Range`, unary.
        package static let range = GRPCMethod<Etcdserverpb.RangeRequest, Etcdserverpb.RangeResponse>(
            path: "/etcdserverpb.KV/Range",
            isClientStreaming: false,
            isServerStreaming: false
        )

        /// Puts a key; increments the store revision and creates one event.
        /// `Put`, unary.
        package static let put = GRPCMethod<Etcdserverpb.PutRequest, Etcdserverpb.PutResponse>(
            path: "/etcdserverpb.KV/Put",
            isClientStreaming: false,
            isServerStreaming: false
        )

        /// Deletes a range of keys; one delete event per deleted key.
        /// `DeleteRange`, unary.
        package static let deleteRange = GRPCMethod<Etcdserverpb.DeleteRangeRequest, Etcdserverpb.DeleteRangeResponse>(
            path: "/etcdserverpb.KV/DeleteRange",
            isClientStreaming: false,
            isServerStreaming: false
        )

        /// Runs a transaction: compares, then the success or the failure operations.
        /// `Txn`, unary.
        package static let txn = GRPCMethod<Etcdserverpb.TxnRequest, Etcdserverpb.TxnResponse>(
            path: "/etcdserverpb.KV/Txn",
            isClientStreaming: false,
            isServerStreaming: false
        )

        /// Compacts the event history up to a revision.
        /// `Compact`, unary.
        package static let compact = GRPCMethod<Etcdserverpb.CompactionRequest, Etcdserverpb.CompactionResponse>(
            path: "/etcdserverpb.KV/Compact",
            isClientStreaming: false,
            isServerStreaming: false
        )
    }
}

extension Etcdserverpb {
    /// The methods of the `etcdserverpb.Watch` gRPC service.
    package enum Watch {
        /// The gRPC service name.
        package static let serviceName = "etcdserverpb.Watch"

        /// Bidirectional stream: watch create/cancel/progress requests in, events out.
        /// `Watch`, bidirectional-streaming.
        package static let watch = GRPCMethod<Etcdserverpb.WatchRequest, Etcdserverpb.WatchResponse>(
            path: "/etcdserverpb.Watch/Watch",
            isClientStreaming: true,
            isServerStreaming: true
        )
    }
}

extension Etcdserverpb {
    /// The methods of the `etcdserverpb.Lease` gRPC service.
    package enum Lease {
        /// The gRPC service name.
        package static let serviceName = "etcdserverpb.Lease"

        /// `LeaseGrant`, unary.
        package static let leaseGrant = GRPCMethod<Etcdserverpb.LeaseGrantRequest, Etcdserverpb.LeaseGrantResponse>(
            path: "/etcdserverpb.Lease/LeaseGrant",
            isClientStreaming: false,
            isServerStreaming: false
        )

        /// `LeaseRevoke`, unary.
        package static let leaseRevoke = GRPCMethod<Etcdserverpb.LeaseRevokeRequest, Etcdserverpb.LeaseRevokeResponse>(
            path: "/etcdserverpb.Lease/LeaseRevoke",
            isClientStreaming: false,
            isServerStreaming: false
        )

        /// Bidirectional stream of keep-alive requests and responses.
        /// `LeaseKeepAlive`, bidirectional-streaming.
        package static let leaseKeepAlive = GRPCMethod<Etcdserverpb.LeaseKeepAliveRequest, Etcdserverpb.LeaseKeepAliveResponse>(
            path: "/etcdserverpb.Lease/LeaseKeepAlive",
            isClientStreaming: true,
            isServerStreaming: true
        )

        /// `LeaseTimeToLive`, unary.
        package static let leaseTimeToLive = GRPCMethod<Etcdserverpb.LeaseTimeToLiveRequest, Etcdserverpb.LeaseTimeToLiveResponse>(
            path: "/etcdserverpb.Lease/LeaseTimeToLive",
            isClientStreaming: false,
            isServerStreaming: false
        )

        /// `LeaseLeases`, unary.
        package static let leaseLeases = GRPCMethod<Etcdserverpb.LeaseLeasesRequest, Etcdserverpb.LeaseLeasesResponse>(
            path: "/etcdserverpb.Lease/LeaseLeases",
            isClientStreaming: false,
            isServerStreaming: false
        )
    }
}

extension Etcdserverpb {
    /// The methods of the `etcdserverpb.Cluster` gRPC service.
    package enum Cluster {
        /// The gRPC service name.
        package static let serviceName = "etcdserverpb.Cluster"

        /// `MemberAdd`, unary.
        package static let memberAdd = GRPCMethod<Etcdserverpb.MemberAddRequest, Etcdserverpb.MemberAddResponse>(
            path: "/etcdserverpb.Cluster/MemberAdd",
            isClientStreaming: false,
            isServerStreaming: false
        )

        /// `MemberRemove`, unary.
        package static let memberRemove = GRPCMethod<Etcdserverpb.MemberRemoveRequest, Etcdserverpb.MemberRemoveResponse>(
            path: "/etcdserverpb.Cluster/MemberRemove",
            isClientStreaming: false,
            isServerStreaming: false
        )

        /// `MemberUpdate`, unary.
        package static let memberUpdate = GRPCMethod<Etcdserverpb.MemberUpdateRequest, Etcdserverpb.MemberUpdateResponse>(
            path: "/etcdserverpb.Cluster/MemberUpdate",
            isClientStreaming: false,
            isServerStreaming: false
        )

        /// `MemberList`, unary.
        package static let memberList = GRPCMethod<Etcdserverpb.MemberListRequest, Etcdserverpb.MemberListResponse>(
            path: "/etcdserverpb.Cluster/MemberList",
            isClientStreaming: false,
            isServerStreaming: false
        )

        /// `MemberPromote`, unary.
        package static let memberPromote = GRPCMethod<Etcdserverpb.MemberPromoteRequest, Etcdserverpb.MemberPromoteResponse>(
            path: "/etcdserverpb.Cluster/MemberPromote",
            isClientStreaming: false,
            isServerStreaming: false
        )
    }
}

extension Etcdserverpb {
    /// The methods of the `etcdserverpb.Maintenance` gRPC service.
    package enum Maintenance {
        /// The gRPC service name.
        package static let serviceName = "etcdserverpb.Maintenance"

        /// `Alarm`, unary.
        package static let alarm = GRPCMethod<Etcdserverpb.AlarmRequest, Etcdserverpb.AlarmResponse>(
            path: "/etcdserverpb.Maintenance/Alarm",
            isClientStreaming: false,
            isServerStreaming: false
        )

        /// `Status`, unary.
        package static let status = GRPCMethod<Etcdserverpb.StatusRequest, Etcdserverpb.StatusResponse>(
            path: "/etcdserverpb.Maintenance/Status",
            isClientStreaming: false,
            isServerStreaming: false
        )

        /// `Defragment`, unary.
        package static let defragment = GRPCMethod<Etcdserverpb.DefragmentRequest, Etcdserverpb.DefragmentResponse>(
            path: "/etcdserverpb.Maintenance/Defragment",
            isClientStreaming: false,
            isServerStreaming: false
        )

        /// `Hash`, unary.
        package static let hash = GRPCMethod<Etcdserverpb.HashRequest, Etcdserverpb.HashResponse>(
            path: "/etcdserverpb.Maintenance/Hash",
            isClientStreaming: false,
            isServerStreaming: false
        )

        /// `HashKV`, unary.
        package static let hashKV = GRPCMethod<Etcdserverpb.HashKVRequest, Etcdserverpb.HashKVResponse>(
            path: "/etcdserverpb.Maintenance/HashKV",
            isClientStreaming: false,
            isServerStreaming: false
        )

        /// Server-streaming: the backend snapshot in chunks.
        /// `Snapshot`, server-streaming.
        package static let snapshot = GRPCMethod<Etcdserverpb.SnapshotRequest, Etcdserverpb.SnapshotResponse>(
            path: "/etcdserverpb.Maintenance/Snapshot",
            isClientStreaming: false,
            isServerStreaming: true
        )

        /// `MoveLeader`, unary.
        package static let moveLeader = GRPCMethod<Etcdserverpb.MoveLeaderRequest, Etcdserverpb.MoveLeaderResponse>(
            path: "/etcdserverpb.Maintenance/MoveLeader",
            isClientStreaming: false,
            isServerStreaming: false
        )

        /// Since etcd 3.5.
        /// `Downgrade`, unary.
        package static let downgrade = GRPCMethod<Etcdserverpb.DowngradeRequest, Etcdserverpb.DowngradeResponse>(
            path: "/etcdserverpb.Maintenance/Downgrade",
            isClientStreaming: false,
            isServerStreaming: false
        )
    }
}

extension Etcdserverpb {
    /// The methods of the `etcdserverpb.Auth` gRPC service.
    package enum Auth {
        /// The gRPC service name.
        package static let serviceName = "etcdserverpb.Auth"

        /// `AuthEnable`, unary.
        package static let authEnable = GRPCMethod<Etcdserverpb.AuthEnableRequest, Etcdserverpb.AuthEnableResponse>(
            path: "/etcdserverpb.Auth/AuthEnable",
            isClientStreaming: false,
            isServerStreaming: false
        )

        /// `AuthDisable`, unary.
        package static let authDisable = GRPCMethod<Etcdserverpb.AuthDisableRequest, Etcdserverpb.AuthDisableResponse>(
            path: "/etcdserverpb.Auth/AuthDisable",
            isClientStreaming: false,
            isServerStreaming: false
        )

        /// Since etcd 3.5.
        /// `AuthStatus`, unary.
        package static let authStatus = GRPCMethod<Etcdserverpb.AuthStatusRequest, Etcdserverpb.AuthStatusResponse>(
            path: "/etcdserverpb.Auth/AuthStatus",
            isClientStreaming: false,
            isServerStreaming: false
        )

        /// `Authenticate`, unary.
        package static let authenticate = GRPCMethod<Etcdserverpb.AuthenticateRequest, Etcdserverpb.AuthenticateResponse>(
            path: "/etcdserverpb.Auth/Authenticate",
            isClientStreaming: false,
            isServerStreaming: false
        )

        /// `UserAdd`, unary.
        package static let userAdd = GRPCMethod<Etcdserverpb.AuthUserAddRequest, Etcdserverpb.AuthUserAddResponse>(
            path: "/etcdserverpb.Auth/UserAdd",
            isClientStreaming: false,
            isServerStreaming: false
        )

        /// `UserGet`, unary.
        package static let userGet = GRPCMethod<Etcdserverpb.AuthUserGetRequest, Etcdserverpb.AuthUserGetResponse>(
            path: "/etcdserverpb.Auth/UserGet",
            isClientStreaming: false,
            isServerStreaming: false
        )

        /// `UserList`, unary.
        package static let userList = GRPCMethod<Etcdserverpb.AuthUserListRequest, Etcdserverpb.AuthUserListResponse>(
            path: "/etcdserverpb.Auth/UserList",
            isClientStreaming: false,
            isServerStreaming: false
        )

        /// `UserDelete`, unary.
        package static let userDelete = GRPCMethod<Etcdserverpb.AuthUserDeleteRequest, Etcdserverpb.AuthUserDeleteResponse>(
            path: "/etcdserverpb.Auth/UserDelete",
            isClientStreaming: false,
            isServerStreaming: false
        )

        /// `UserChangePassword`, unary.
        package static let userChangePassword = GRPCMethod<Etcdserverpb.AuthUserChangePasswordRequest, Etcdserverpb.AuthUserChangePasswordResponse>(
            path: "/etcdserverpb.Auth/UserChangePassword",
            isClientStreaming: false,
            isServerStreaming: false
        )

        /// `UserGrantRole`, unary.
        package static let userGrantRole = GRPCMethod<Etcdserverpb.AuthUserGrantRoleRequest, Etcdserverpb.AuthUserGrantRoleResponse>(
            path: "/etcdserverpb.Auth/UserGrantRole",
            isClientStreaming: false,
            isServerStreaming: false
        )

        /// `UserRevokeRole`, unary.
        package static let userRevokeRole = GRPCMethod<Etcdserverpb.AuthUserRevokeRoleRequest, Etcdserverpb.AuthUserRevokeRoleResponse>(
            path: "/etcdserverpb.Auth/UserRevokeRole",
            isClientStreaming: false,
            isServerStreaming: false
        )

        /// `RoleAdd`, unary.
        package static let roleAdd = GRPCMethod<Etcdserverpb.AuthRoleAddRequest, Etcdserverpb.AuthRoleAddResponse>(
            path: "/etcdserverpb.Auth/RoleAdd",
            isClientStreaming: false,
            isServerStreaming: false
        )

        /// `RoleGet`, unary.
        package static let roleGet = GRPCMethod<Etcdserverpb.AuthRoleGetRequest, Etcdserverpb.AuthRoleGetResponse>(
            path: "/etcdserverpb.Auth/RoleGet",
            isClientStreaming: false,
            isServerStreaming: false
        )

        /// `RoleList`, unary.
        package static let roleList = GRPCMethod<Etcdserverpb.AuthRoleListRequest, Etcdserverpb.AuthRoleListResponse>(
            path: "/etcdserverpb.Auth/RoleList",
            isClientStreaming: false,
            isServerStreaming: false
        )

        /// `RoleDelete`, unary.
        package static let roleDelete = GRPCMethod<Etcdserverpb.AuthRoleDeleteRequest, Etcdserverpb.AuthRoleDeleteResponse>(
            path: "/etcdserverpb.Auth/RoleDelete",
            isClientStreaming: false,
            isServerStreaming: false
        )

        /// `RoleGrantPermission`, unary.
        package static let roleGrantPermission = GRPCMethod<Etcdserverpb.AuthRoleGrantPermissionRequest, Etcdserverpb.AuthRoleGrantPermissionResponse>(
            path: "/etcdserverpb.Auth/RoleGrantPermission",
            isClientStreaming: false,
            isServerStreaming: false
        )

        /// `RoleRevokePermission`, unary.
        package static let roleRevokePermission = GRPCMethod<Etcdserverpb.AuthRoleRevokePermissionRequest, Etcdserverpb.AuthRoleRevokePermissionResponse>(
            path: "/etcdserverpb.Auth/RoleRevokePermission",
            isClientStreaming: false,
            isServerStreaming: false
        )
    }
}
