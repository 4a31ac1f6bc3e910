import Etcd3Messages

// Conversions between the public KV types and the generated wire messages.

extension EtcdKeyValue {
    init(_ kv: Mvccpb.KeyValue) {
        self.init(
            key: EtcdBytes(kv.key),
            value: EtcdBytes(kv.value),
            createRevision: kv.createRevision,
            modRevision: kv.modRevision,
            version: kv.version,
            lease: kv.lease == 0 ? nil : EtcdLeaseID(kv.lease))
    }
}

extension EtcdResponseHeader {
    init(_ header: Etcdserverpb.ResponseHeader?) {
        guard let header else {
            self.init()
            return
        }
        self.init(
            clusterID: header.clusterId, memberID: header.memberId, revision: header.revision,
            raftTerm: header.raftTerm)
    }
}

extension Etcdserverpb.RangeRequest {
    init(key: EtcdBytes, end: EtcdBytes?, options: EtcdRangeOptions) {
        self.init()
        self.key = key.bytes
        self.rangeEnd = end?.bytes ?? []
        self.limit = options.limit
        self.revision = options.revision
        switch options.sortOrder {
        case .none: self.sortOrder = .none
        case .ascending: self.sortOrder = .ascend
        case .descending: self.sortOrder = .descend
        }
        switch options.sortTarget {
        case .key: self.sortTarget = .key
        case .version: self.sortTarget = .version
        case .createRevision: self.sortTarget = .create
        case .modRevision: self.sortTarget = .mod
        case .value: self.sortTarget = .value
        }
        self.serializable = options.serializable
        self.keysOnly = options.keysOnly
        self.countOnly = options.countOnly
        self.minModRevision = options.minModRevision
        self.maxModRevision = options.maxModRevision
        self.minCreateRevision = options.minCreateRevision
        self.maxCreateRevision = options.maxCreateRevision
    }
}

extension EtcdRangeResult {
    init(_ response: Etcdserverpb.RangeResponse) {
        self.init(
            header: EtcdResponseHeader(response.header), kvs: response.kvs.map(EtcdKeyValue.init),
            more: response.more, count: response.count)
    }
}

extension Etcdserverpb.PutRequest {
    init(key: EtcdBytes, value: EtcdBytes, options: EtcdPutOptions) {
        self.init()
        self.key = key.bytes
        self.value = value.bytes
        self.lease = options.lease?.rawValue ?? 0
        self.prevKv = options.prevKV
        self.ignoreValue = options.ignoreValue
        self.ignoreLease = options.ignoreLease
    }
}

extension EtcdPutResult {
    init(_ response: Etcdserverpb.PutResponse) {
        self.init(header: EtcdResponseHeader(response.header), prevKV: response.prevKv.map(EtcdKeyValue.init))
    }
}

extension Etcdserverpb.DeleteRangeRequest {
    init(key: EtcdBytes, end: EtcdBytes?, prevKV: Bool) {
        self.init()
        self.key = key.bytes
        self.rangeEnd = end?.bytes ?? []
        self.prevKv = prevKV
    }
}

extension EtcdDeleteResult {
    init(_ response: Etcdserverpb.DeleteRangeResponse) {
        self.init(
            header: EtcdResponseHeader(response.header), deleted: response.deleted,
            prevKVs: response.prevKvs.map(EtcdKeyValue.init))
    }
}

extension Etcdserverpb.Compare {
    init(_ compare: EtcdCompare) {
        self.init()
        self.key = compare.key.bytes
        self.rangeEnd = compare.rangeEnd?.bytes ?? []
        switch compare.relation {
        case .equal: self.result = .equal
        case .notEqual: self.result = .notEqual
        case .greater: self.result = .greater
        case .less: self.result = .less
        }
        switch compare.target {
        case .version(let version):
            self.target = .version
            self.targetUnion = .version(version)
        case .createRevision(let revision):
            self.target = .create
            self.targetUnion = .createRevision(revision)
        case .modRevision(let revision):
            self.target = .mod
            self.targetUnion = .modRevision(revision)
        case .value(let value):
            self.target = .value
            self.targetUnion = .value(value.bytes)
        case .lease(let lease):
            self.target = .lease
            self.targetUnion = .lease(lease?.rawValue ?? 0)
        }
    }
}
