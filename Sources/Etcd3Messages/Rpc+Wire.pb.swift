// DO NOT EDIT; regenerate with Codegen/generate.sh
// Generated from Protos/rpc.proto.
// Conversion between the Swift messages and the protobuf-c structs.

internal import CEtcd3ProtobufC
package import CEtcd3Protos

extension Etcdserverpb.ResponseHeader {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: etcdserverpb__response_header__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(Etcdserverpb__ResponseHeader.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        let size = wireAligned(MemoryLayout<Etcdserverpb__ResponseHeader>.size)
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<Etcdserverpb__ResponseHeader>, arena: inout WireEncodeArena) {
        etcdserverpb__response_header__init(c)
        c.pointee.cluster_id = self.clusterId
        c.pointee.member_id = self.memberId
        c.pointee.revision = self.revision
        c.pointee.raft_term = self.raftTerm
    }

    package init(wireStruct c: UnsafePointer<Etcdserverpb__ResponseHeader>) throws(WireDecodingError) {
        self.init()
        self.clusterId = c.pointee.cluster_id
        self.memberId = c.pointee.member_id
        self.revision = c.pointee.revision
        self.raftTerm = c.pointee.raft_term
    }
}

extension Etcdserverpb.RangeRequest {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: etcdserverpb__range_request__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(Etcdserverpb__RangeRequest.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        var size = wireAligned(MemoryLayout<Etcdserverpb__RangeRequest>.size)
        size += wireAligned(self.key.count)
        size += wireAligned(self.rangeEnd.count)
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<Etcdserverpb__RangeRequest>, arena: inout WireEncodeArena) {
        etcdserverpb__range_request__init(c)
        c.pointee.key = arena.binaryData(self.key)
        c.pointee.range_end = arena.binaryData(self.rangeEnd)
        c.pointee.limit = self.limit
        c.pointee.revision = self.revision
        c.pointee.sort_order = Etcdserverpb__RangeRequest__SortOrder(rawValue: .init(truncatingIfNeeded: self.sortOrder.rawValue))
        c.pointee.sort_target = Etcdserverpb__RangeRequest__SortTarget(rawValue: .init(truncatingIfNeeded: self.sortTarget.rawValue))
        c.pointee.serializable = self.serializable ? 1 : 0
        c.pointee.keys_only = self.keysOnly ? 1 : 0
        c.pointee.count_only = self.countOnly ? 1 : 0
        c.pointee.min_mod_revision = self.minModRevision
        c.pointee.max_mod_revision = self.maxModRevision
        c.pointee.min_create_revision = self.minCreateRevision
        c.pointee.max_create_revision = self.maxCreateRevision
    }

    package init(wireStruct c: UnsafePointer<Etcdserverpb__RangeRequest>) throws(WireDecodingError) {
        self.init()
        self.key = try wireDecodeBytes(c.pointee.key)
        self.rangeEnd = try wireDecodeBytes(c.pointee.range_end)
        self.limit = c.pointee.limit
        self.revision = c.pointee.revision
        self.sortOrder = Etcdserverpb.RangeRequest.SortOrder(rawValue: Int32(truncatingIfNeeded: c.pointee.sort_order.rawValue))
        self.sortTarget = Etcdserverpb.RangeRequest.SortTarget(rawValue: Int32(truncatingIfNeeded: c.pointee.sort_target.rawValue))
        self.serializable = c.pointee.serializable != 0
        self.keysOnly = c.pointee.keys_only != 0
        self.countOnly = c.pointee.count_only != 0
        self.minModRevision = c.pointee.min_mod_revision
        self.maxModRevision = c.pointee.max_mod_revision
        self.minCreateRevision = c.pointee.min_create_revision
        self.maxCreateRevision = c.pointee.max_create_revision
    }
}

extension Etcdserverpb.RangeResponse {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: etcdserverpb__range_response__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(Etcdserverpb__RangeResponse.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        var size = wireAligned(MemoryLayout<Etcdserverpb__RangeResponse>.size)
        if let value = self.header { size += value.wireArenaSize }
        size += wireAligned(MemoryLayout<UnsafeMutablePointer<Mvccpb__KeyValue>?>.stride * self.kvs.count)
        for index in self.kvs.indices { size += self.kvs[index].wireArenaSize }
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<Etcdserverpb__RangeResponse>, arena: inout WireEncodeArena) {
        etcdserverpb__range_response__init(c)
        if let value = self.header {
            let item = arena.allocate(Etcdserverpb__ResponseHeader.self)
            value.wireFill(item, arena: &arena)
            c.pointee.header = item
        }
        if !self.kvs.isEmpty {
            let array = arena.allocateArray(UnsafeMutablePointer<Mvccpb__KeyValue>?.self, count: self.kvs.count)
            for index in self.kvs.indices {
                let item = arena.allocate(Mvccpb__KeyValue.self)
                self.kvs[index].wireFill(item, arena: &arena)
                (array + index).initialize(to: item)
            }
            c.pointee.n_kvs = self.kvs.count
            c.pointee.kvs = array
        }
        c.pointee.more = self.more ? 1 : 0
        c.pointee.count = self.count
    }

    package init(wireStruct c: UnsafePointer<Etcdserverpb__RangeResponse>) throws(WireDecodingError) {
        self.init()
        if let item = c.pointee.header {
            self.header = try Etcdserverpb.ResponseHeader(wireStruct: item)
        }
        if let array = try wireDecodeArray(c.pointee.kvs, c.pointee.n_kvs) {
            let count = c.pointee.n_kvs
            self.kvs.reserveCapacity(count)
            for index in 0..<count {
                guard let item = array[index] else { throw .malformed }
                self.kvs.append(try Mvccpb.KeyValue(wireStruct: item))
            }
        }
        self.more = c.pointee.more != 0
        self.count = c.pointee.count
    }
}

extension Etcdserverpb.PutRequest {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: etcdserverpb__put_request__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(Etcdserverpb__PutRequest.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        var size = wireAligned(MemoryLayout<Etcdserverpb__PutRequest>.size)
        size += wireAligned(self.key.count)
        size += wireAligned(self.value.count)
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<Etcdserverpb__PutRequest>, arena: inout WireEncodeArena) {
        etcdserverpb__put_request__init(c)
        c.pointee.key = arena.binaryData(self.key)
        c.pointee.value = arena.binaryData(self.value)
        c.pointee.lease = self.lease
        c.pointee.prev_kv = self.prevKv ? 1 : 0
        c.pointee.ignore_value = self.ignoreValue ? 1 : 0
        c.pointee.ignore_lease = self.ignoreLease ? 1 : 0
    }

    package init(wireStruct c: UnsafePointer<Etcdserverpb__PutRequest>) throws(WireDecodingError) {
        self.init()
        self.key = try wireDecodeBytes(c.pointee.key)
        self.value = try wireDecodeBytes(c.pointee.value)
        self.lease = c.pointee.lease
        self.prevKv = c.pointee.prev_kv != 0
        self.ignoreValue = c.pointee.ignore_value != 0
        self.ignoreLease = c.pointee.ignore_lease != 0
    }
}

extension Etcdserverpb.PutResponse {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: etcdserverpb__put_response__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(Etcdserverpb__PutResponse.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        var size = wireAligned(MemoryLayout<Etcdserverpb__PutResponse>.size)
        if let value = self.header { size += value.wireArenaSize }
        if let value = self.prevKv { size += value.wireArenaSize }
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<Etcdserverpb__PutResponse>, arena: inout WireEncodeArena) {
        etcdserverpb__put_response__init(c)
        if let value = self.header {
            let item = arena.allocate(Etcdserverpb__ResponseHeader.self)
            value.wireFill(item, arena: &arena)
            c.pointee.header = item
        }
        if let value = self.prevKv {
            let item = arena.allocate(Mvccpb__KeyValue.self)
            value.wireFill(item, arena: &arena)
            c.pointee.prev_kv = item
        }
    }

    package init(wireStruct c: UnsafePointer<Etcdserverpb__PutResponse>) throws(WireDecodingError) {
        self.init()
        if let item = c.pointee.header {
            self.header = try Etcdserverpb.ResponseHeader(wireStruct: item)
        }
        if let item = c.pointee.prev_kv {
            self.prevKv = try Mvccpb.KeyValue(wireStruct: item)
        }
    }
}

extension Etcdserverpb.DeleteRangeRequest {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: etcdserverpb__delete_range_request__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(Etcdserverpb__DeleteRangeRequest.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        var size = wireAligned(MemoryLayout<Etcdserverpb__DeleteRangeRequest>.size)
        size += wireAligned(self.key.count)
        size += wireAligned(self.rangeEnd.count)
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<Etcdserverpb__DeleteRangeRequest>, arena: inout WireEncodeArena) {
        etcdserverpb__delete_range_request__init(c)
        c.pointee.key = arena.binaryData(self.key)
        c.pointee.range_end = arena.binaryData(self.rangeEnd)
        c.pointee.prev_kv = self.prevKv ? 1 : 0
    }

    package init(wireStruct c: UnsafePointer<Etcdserverpb__DeleteRangeRequest>) throws(WireDecodingError) {
        self.init()
        self.key = try wireDecodeBytes(c.pointee.key)
        self.rangeEnd = try wireDecodeBytes(c.pointee.range_end)
        self.prevKv = c.pointee.prev_kv != 0
    }
}

extension Etcdserverpb.DeleteRangeResponse {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: etcdserverpb__delete_range_response__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(Etcdserverpb__DeleteRangeResponse.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        var size = wireAligned(MemoryLayout<Etcdserverpb__DeleteRangeResponse>.size)
        if let value = self.header { size += value.wireArenaSize }
        size += wireAligned(MemoryLayout<UnsafeMutablePointer<Mvccpb__KeyValue>?>.stride * self.prevKvs.count)
        for index in self.prevKvs.indices { size += self.prevKvs[index].wireArenaSize }
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<Etcdserverpb__DeleteRangeResponse>, arena: inout WireEncodeArena) {
        etcdserverpb__delete_range_response__init(c)
        if let value = self.header {
            let item = arena.allocate(Etcdserverpb__ResponseHeader.self)
            value.wireFill(item, arena: &arena)
            c.pointee.header = item
        }
        c.pointee.deleted = self.deleted
        if !self.prevKvs.isEmpty {
            let array = arena.allocateArray(UnsafeMutablePointer<Mvccpb__KeyValue>?.self, count: self.prevKvs.count)
            for index in self.prevKvs.indices {
                let item = arena.allocate(Mvccpb__KeyValue.self)
                self.prevKvs[index].wireFill(item, arena: &arena)
                (array + index).initialize(to: item)
            }
            c.pointee.n_prev_kvs = self.prevKvs.count
            c.pointee.prev_kvs = array
        }
    }

    package init(wireStruct c: UnsafePointer<Etcdserverpb__DeleteRangeResponse>) throws(WireDecodingError) {
        self.init()
        if let item = c.pointee.header {
            self.header = try Etcdserverpb.ResponseHeader(wireStruct: item)
        }
        self.deleted = c.pointee.deleted
        if let array = try wireDecodeArray(c.pointee.prev_kvs, c.pointee.n_prev_kvs) {
            let count = c.pointee.n_prev_kvs
            self.prevKvs.reserveCapacity(count)
            for index in 0..<count {
                guard let item = array[index] else { throw .malformed }
                self.prevKvs.append(try Mvccpb.KeyValue(wireStruct: item))
            }
        }
    }
}

extension Etcdserverpb.RequestOp {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: etcdserverpb__request_op__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(Etcdserverpb__RequestOp.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        var size = wireAligned(MemoryLayout<Etcdserverpb__RequestOp>.size)
        switch self.request {
        case .requestRange(let value): size += value.wireArenaSize
        case .requestPut(let value): size += value.wireArenaSize
        case .requestDeleteRange(let value): size += value.wireArenaSize
        case .requestTxn(let value): size += value.wireArenaSize
        default: break
        }
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<Etcdserverpb__RequestOp>, arena: inout WireEncodeArena) {
        etcdserverpb__request_op__init(c)
        switch self.request {
        case nil:
            break
        case .requestRange(let value)?:
            c.pointee.request_case = Etcdserverpb__RequestOp__RequestCase(rawValue: 1)
            let item = arena.allocate(Etcdserverpb__RangeRequest.self)
            value.wireFill(item, arena: &arena)
            c.pointee.request_range = item
        case .requestPut(let value)?:
            c.pointee.request_case = Etcdserverpb__RequestOp__RequestCase(rawValue: 2)
            let item = arena.allocate(Etcdserverpb__PutRequest.self)
            value.wireFill(item, arena: &arena)
            c.pointee.request_put = item
        case .requestDeleteRange(let value)?:
            c.pointee.request_case = Etcdserverpb__RequestOp__RequestCase(rawValue: 3)
            let item = arena.allocate(Etcdserverpb__DeleteRangeRequest.self)
            value.wireFill(item, arena: &arena)
            c.pointee.request_delete_range = item
        case .requestTxn(let value)?:
            c.pointee.request_case = Etcdserverpb__RequestOp__RequestCase(rawValue: 4)
            let item = arena.allocate(Etcdserverpb__TxnRequest.self)
            value.wireFill(item, arena: &arena)
            c.pointee.request_txn = item
        }
    }

    package init(wireStruct c: UnsafePointer<Etcdserverpb__RequestOp>) throws(WireDecodingError) {
        self.init()
        switch c.pointee.request_case.rawValue {
        case 1:
            guard let item = c.pointee.request_range else { throw .malformed }
            self.request = .requestRange(try Etcdserverpb.RangeRequest(wireStruct: item))
        case 2:
            guard let item = c.pointee.request_put else { throw .malformed }
            self.request = .requestPut(try Etcdserverpb.PutRequest(wireStruct: item))
        case 3:
            guard let item = c.pointee.request_delete_range else { throw .malformed }
            self.request = .requestDeleteRange(try Etcdserverpb.DeleteRangeRequest(wireStruct: item))
        case 4:
            guard let item = c.pointee.request_txn else { throw .malformed }
            self.request = .requestTxn(try Etcdserverpb.TxnRequest(wireStruct: item))
        default:
            self.request = nil
        }
    }
}

extension Etcdserverpb.ResponseOp {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: etcdserverpb__response_op__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(Etcdserverpb__ResponseOp.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        var size = wireAligned(MemoryLayout<Etcdserverpb__ResponseOp>.size)
        switch self.response {
        case .responseRange(let value): size += value.wireArenaSize
        case .responsePut(let value): size += value.wireArenaSize
        case .responseDeleteRange(let value): size += value.wireArenaSize
        case .responseTxn(let value): size += value.wireArenaSize
        default: break
        }
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<Etcdserverpb__ResponseOp>, arena: inout WireEncodeArena) {
        etcdserverpb__response_op__init(c)
        switch self.response {
        case nil:
            break
        case .responseRange(let value)?:
            c.pointee.response_case = Etcdserverpb__ResponseOp__ResponseCase(rawValue: 1)
            let item = arena.allocate(Etcdserverpb__RangeResponse.self)
            value.wireFill(item, arena: &arena)
            c.pointee.response_range = item
        case .responsePut(let value)?:
            c.pointee.response_case = Etcdserverpb__ResponseOp__ResponseCase(rawValue: 2)
            let item = arena.allocate(Etcdserverpb__PutResponse.self)
            value.wireFill(item, arena: &arena)
            c.pointee.response_put = item
        case .responseDeleteRange(let value)?:
            c.pointee.response_case = Etcdserverpb__ResponseOp__ResponseCase(rawValue: 3)
            let item = arena.allocate(Etcdserverpb__DeleteRangeResponse.self)
            value.wireFill(item, arena: &arena)
            c.pointee.response_delete_range = item
        case .responseTxn(let value)?:
            c.pointee.response_case = Etcdserverpb__ResponseOp__ResponseCase(rawValue: 4)
            let item = arena.allocate(Etcdserverpb__TxnResponse.self)
            value.wireFill(item, arena: &arena)
            c.pointee.response_txn = item
        }
    }

    package init(wireStruct c: UnsafePointer<Etcdserverpb__ResponseOp>) throws(WireDecodingError) {
        self.init()
        switch c.pointee.response_case.rawValue {
        case 1:
            guard let item = c.pointee.response_range else { throw .malformed }
            self.response = .responseRange(try Etcdserverpb.RangeResponse(wireStruct: item))
        case 2:
            guard let item = c.pointee.response_put else { throw .malformed }
            self.response = .responsePut(try Etcdserverpb.PutResponse(wireStruct: item))
        case 3:
            guard let item = c.pointee.response_delete_range else { throw .malformed }
            self.response = .responseDeleteRange(try Etcdserverpb.DeleteRangeResponse(wireStruct: item))
        case 4:
            guard let item = c.pointee.response_txn else { throw .malformed }
            self.response = .responseTxn(try Etcdserverpb.TxnResponse(wireStruct: item))
        default:
            self.response = nil
        }
    }
}

extension Etcdserverpb.Compare {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: etcdserverpb__compare__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(Etcdserverpb__Compare.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        var size = wireAligned(MemoryLayout<Etcdserverpb__Compare>.size)
        size += wireAligned(self.key.count)
        size += wireAligned(self.rangeEnd.count)
        switch self.targetUnion {
        case .value(let value): size += wireAligned(value.count)
        default: break
        }
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<Etcdserverpb__Compare>, arena: inout WireEncodeArena) {
        etcdserverpb__compare__init(c)
        c.pointee.result = Etcdserverpb__Compare__CompareResult(rawValue: .init(truncatingIfNeeded: self.result.rawValue))
        c.pointee.target = Etcdserverpb__Compare__CompareTarget(rawValue: .init(truncatingIfNeeded: self.target.rawValue))
        c.pointee.key = arena.binaryData(self.key)
        c.pointee.range_end = arena.binaryData(self.rangeEnd)
        switch self.targetUnion {
        case nil:
            break
        case .version(let value)?:
            c.pointee.target_union_case = Etcdserverpb__Compare__TargetUnionCase(rawValue: 4)
            c.pointee.version = value
        case .createRevision(let value)?:
            c.pointee.target_union_case = Etcdserverpb__Compare__TargetUnionCase(rawValue: 5)
            c.pointee.create_revision = value
        case .modRevision(let value)?:
            c.pointee.target_union_case = Etcdserverpb__Compare__TargetUnionCase(rawValue: 6)
            c.pointee.mod_revision = value
        case .value(let value)?:
            c.pointee.target_union_case = Etcdserverpb__Compare__TargetUnionCase(rawValue: 7)
            c.pointee.value = arena.binaryData(value)
        case .lease(let value)?:
            c.pointee.target_union_case = Etcdserverpb__Compare__TargetUnionCase(rawValue: 8)
            c.pointee.lease = value
        }
    }

    package init(wireStruct c: UnsafePointer<Etcdserverpb__Compare>) throws(WireDecodingError) {
        self.init()
        self.result = Etcdserverpb.Compare.CompareResult(rawValue: Int32(truncatingIfNeeded: c.pointee.result.rawValue))
        self.target = Etcdserverpb.Compare.CompareTarget(rawValue: Int32(truncatingIfNeeded: c.pointee.target.rawValue))
        self.key = try wireDecodeBytes(c.pointee.key)
        self.rangeEnd = try wireDecodeBytes(c.pointee.range_end)
        switch c.pointee.target_union_case.rawValue {
        case 4:
            self.targetUnion = .version(c.pointee.version)
        case 5:
            self.targetUnion = .createRevision(c.pointee.create_revision)
        case 6:
            self.targetUnion = .modRevision(c.pointee.mod_revision)
        case 7:
            self.targetUnion = .value(try wireDecodeBytes(c.pointee.value))
        case 8:
            self.targetUnion = .lease(c.pointee.lease)
        default:
            self.targetUnion = nil
        }
    }
}

extension Etcdserverpb.TxnRequest {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: etcdserverpb__txn_request__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(Etcdserverpb__TxnRequest.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        var size = wireAligned(MemoryLayout<Etcdserverpb__TxnRequest>.size)
        size += wireAligned(MemoryLayout<UnsafeMutablePointer<Etcdserverpb__Compare>?>.stride * self.compare.count)
        for index in self.compare.indices { size += self.compare[index].wireArenaSize }
        size += wireAligned(MemoryLayout<UnsafeMutablePointer<Etcdserverpb__RequestOp>?>.stride * self.success.count)
        for index in self.success.indices { size += self.success[index].wireArenaSize }
        size += wireAligned(MemoryLayout<UnsafeMutablePointer<Etcdserverpb__RequestOp>?>.stride * self.failure.count)
        for index in self.failure.indices { size += self.failure[index].wireArenaSize }
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<Etcdserverpb__TxnRequest>, arena: inout WireEncodeArena) {
        etcdserverpb__txn_request__init(c)
        if !self.compare.isEmpty {
            let array = arena.allocateArray(UnsafeMutablePointer<Etcdserverpb__Compare>?.self, count: self.compare.count)
            for index in self.compare.indices {
                let item = arena.allocate(Etcdserverpb__Compare.self)
                self.compare[index].wireFill(item, arena: &arena)
                (array + index).initialize(to: item)
            }
            c.pointee.n_compare = self.compare.count
            c.pointee.compare = array
        }
        if !self.success.isEmpty {
            let array = arena.allocateArray(UnsafeMutablePointer<Etcdserverpb__RequestOp>?.self, count: self.success.count)
            for index in self.success.indices {
                let item = arena.allocate(Etcdserverpb__RequestOp.self)
                self.success[index].wireFill(item, arena: &arena)
                (array + index).initialize(to: item)
            }
            c.pointee.n_success = self.success.count
            c.pointee.success = array
        }
        if !self.failure.isEmpty {
            let array = arena.allocateArray(UnsafeMutablePointer<Etcdserverpb__RequestOp>?.self, count: self.failure.count)
            for index in self.failure.indices {
                let item = arena.allocate(Etcdserverpb__RequestOp.self)
                self.failure[index].wireFill(item, arena: &arena)
                (array + index).initialize(to: item)
            }
            c.pointee.n_failure = self.failure.count
            c.pointee.failure = array
        }
    }

    package init(wireStruct c: UnsafePointer<Etcdserverpb__TxnRequest>) throws(WireDecodingError) {
        self.init()
        if let array = try wireDecodeArray(c.pointee.compare, c.pointee.n_compare) {
            let count = c.pointee.n_compare
            self.compare.reserveCapacity(count)
            for index in 0..<count {
                guard let item = array[index] else { throw .malformed }
                self.compare.append(try Etcdserverpb.Compare(wireStruct: item))
            }
        }
        if let array = try wireDecodeArray(c.pointee.success, c.pointee.n_success) {
            let count = c.pointee.n_success
            self.success.reserveCapacity(count)
            for index in 0..<count {
                guard let item = array[index] else { throw .malformed }
                self.success.append(try Etcdserverpb.RequestOp(wireStruct: item))
            }
        }
        if let array = try wireDecodeArray(c.pointee.failure, c.pointee.n_failure) {
            let count = c.pointee.n_failure
            self.failure.reserveCapacity(count)
            for index in 0..<count {
                guard let item = array[index] else { throw .malformed }
                self.failure.append(try Etcdserverpb.RequestOp(wireStruct: item))
            }
        }
    }
}

extension Etcdserverpb.TxnResponse {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: etcdserverpb__txn_response__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(Etcdserverpb__TxnResponse.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        var size = wireAligned(MemoryLayout<Etcdserverpb__TxnResponse>.size)
        if let value = self.header { size += value.wireArenaSize }
        size += wireAligned(MemoryLayout<UnsafeMutablePointer<Etcdserverpb__ResponseOp>?>.stride * self.responses.count)
        for index in self.responses.indices { size += self.responses[index].wireArenaSize }
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<Etcdserverpb__TxnResponse>, arena: inout WireEncodeArena) {
        etcdserverpb__txn_response__init(c)
        if let value = self.header {
            let item = arena.allocate(Etcdserverpb__ResponseHeader.self)
            value.wireFill(item, arena: &arena)
            c.pointee.header = item
        }
        c.pointee.succeeded = self.succeeded ? 1 : 0
        if !self.responses.isEmpty {
            let array = arena.allocateArray(UnsafeMutablePointer<Etcdserverpb__ResponseOp>?.self, count: self.responses.count)
            for index in self.responses.indices {
                let item = arena.allocate(Etcdserverpb__ResponseOp.self)
                self.responses[index].wireFill(item, arena: &arena)
                (array + index).initialize(to: item)
            }
            c.pointee.n_responses = self.responses.count
            c.pointee.responses = array
        }
    }

    package init(wireStruct c: UnsafePointer<Etcdserverpb__TxnResponse>) throws(WireDecodingError) {
        self.init()
        if let item = c.pointee.header {
            self.header = try Etcdserverpb.ResponseHeader(wireStruct: item)
        }
        self.succeeded = c.pointee.succeeded != 0
        if let array = try wireDecodeArray(c.pointee.responses, c.pointee.n_responses) {
            let count = c.pointee.n_responses
            self.responses.reserveCapacity(count)
            for index in 0..<count {
                guard let item = array[index] else { throw .malformed }
                self.responses.append(try Etcdserverpb.ResponseOp(wireStruct: item))
            }
        }
    }
}

extension Etcdserverpb.CompactionRequest {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: etcdserverpb__compaction_request__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(Etcdserverpb__CompactionRequest.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        let size = wireAligned(MemoryLayout<Etcdserverpb__CompactionRequest>.size)
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<Etcdserverpb__CompactionRequest>, arena: inout WireEncodeArena) {
        etcdserverpb__compaction_request__init(c)
        c.pointee.revision = self.revision
        c.pointee.physical = self.physical ? 1 : 0
    }

    package init(wireStruct c: UnsafePointer<Etcdserverpb__CompactionRequest>) throws(WireDecodingError) {
        self.init()
        self.revision = c.pointee.revision
        self.physical = c.pointee.physical != 0
    }
}

extension Etcdserverpb.CompactionResponse {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: etcdserverpb__compaction_response__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(Etcdserverpb__CompactionResponse.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        var size = wireAligned(MemoryLayout<Etcdserverpb__CompactionResponse>.size)
        if let value = self.header { size += value.wireArenaSize }
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<Etcdserverpb__CompactionResponse>, arena: inout WireEncodeArena) {
        etcdserverpb__compaction_response__init(c)
        if let value = self.header {
            let item = arena.allocate(Etcdserverpb__ResponseHeader.self)
            value.wireFill(item, arena: &arena)
            c.pointee.header = item
        }
    }

    package init(wireStruct c: UnsafePointer<Etcdserverpb__CompactionResponse>) throws(WireDecodingError) {
        self.init()
        if let item = c.pointee.header {
            self.header = try Etcdserverpb.ResponseHeader(wireStruct: item)
        }
    }
}

extension Etcdserverpb.HashRequest {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: etcdserverpb__hash_request__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(Etcdserverpb__HashRequest.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        let size = wireAligned(MemoryLayout<Etcdserverpb__HashRequest>.size)
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<Etcdserverpb__HashRequest>, arena: inout WireEncodeArena) {
        etcdserverpb__hash_request__init(c)
    }

    package init(wireStruct c: UnsafePointer<Etcdserverpb__HashRequest>) throws(WireDecodingError) {
        self.init()
    }
}

extension Etcdserverpb.HashKVRequest {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: etcdserverpb__hash_kvrequest__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(Etcdserverpb__HashKVRequest.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        let size = wireAligned(MemoryLayout<Etcdserverpb__HashKVRequest>.size)
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<Etcdserverpb__HashKVRequest>, arena: inout WireEncodeArena) {
        etcdserverpb__hash_kvrequest__init(c)
        c.pointee.revision = self.revision
    }

    package init(wireStruct c: UnsafePointer<Etcdserverpb__HashKVRequest>) throws(WireDecodingError) {
        self.init()
        self.revision = c.pointee.revision
    }
}

extension Etcdserverpb.HashKVResponse {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: etcdserverpb__hash_kvresponse__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(Etcdserverpb__HashKVResponse.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        var size = wireAligned(MemoryLayout<Etcdserverpb__HashKVResponse>.size)
        if let value = self.header { size += value.wireArenaSize }
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<Etcdserverpb__HashKVResponse>, arena: inout WireEncodeArena) {
        etcdserverpb__hash_kvresponse__init(c)
        if let value = self.header {
            let item = arena.allocate(Etcdserverpb__ResponseHeader.self)
            value.wireFill(item, arena: &arena)
            c.pointee.header = item
        }
        c.pointee.hash = self.hash
        c.pointee.compact_revision = self.compactRevision
        c.pointee.hash_revision = self.hashRevision
    }

    package init(wireStruct c: UnsafePointer<Etcdserverpb__HashKVResponse>) throws(WireDecodingError) {
        self.init()
        if let item = c.pointee.header {
            self.header = try Etcdserverpb.ResponseHeader(wireStruct: item)
        }
        self.hash = c.pointee.hash
        self.compactRevision = c.pointee.compact_revision
        self.hashRevision = c.pointee.hash_revision
    }
}

extension Etcdserverpb.HashResponse {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: etcdserverpb__hash_response__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(Etcdserverpb__HashResponse.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        var size = wireAligned(MemoryLayout<Etcdserverpb__HashResponse>.size)
        if let value = self.header { size += value.wireArenaSize }
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<Etcdserverpb__HashResponse>, arena: inout WireEncodeArena) {
        etcdserverpb__hash_response__init(c)
        if let value = self.header {
            let item = arena.allocate(Etcdserverpb__ResponseHeader.self)
            value.wireFill(item, arena: &arena)
            c.pointee.header = item
        }
        c.pointee.hash = self.hash
    }

    package init(wireStruct c: UnsafePointer<Etcdserverpb__HashResponse>) throws(WireDecodingError) {
        self.init()
        if let item = c.pointee.header {
            self.header = try Etcdserverpb.ResponseHeader(wireStruct: item)
        }
        self.hash = c.pointee.hash
    }
}

extension Etcdserverpb.SnapshotRequest {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: etcdserverpb__snapshot_request__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(Etcdserverpb__SnapshotRequest.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        let size = wireAligned(MemoryLayout<Etcdserverpb__SnapshotRequest>.size)
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<Etcdserverpb__SnapshotRequest>, arena: inout WireEncodeArena) {
        etcdserverpb__snapshot_request__init(c)
    }

    package init(wireStruct c: UnsafePointer<Etcdserverpb__SnapshotRequest>) throws(WireDecodingError) {
        self.init()
    }
}

extension Etcdserverpb.SnapshotResponse {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: etcdserverpb__snapshot_response__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(Etcdserverpb__SnapshotResponse.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        var size = wireAligned(MemoryLayout<Etcdserverpb__SnapshotResponse>.size)
        if let value = self.header { size += value.wireArenaSize }
        size += wireAligned(self.blob.count)
        if !self.version.isEmpty { size += wireStringSize(self.version) }
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<Etcdserverpb__SnapshotResponse>, arena: inout WireEncodeArena) {
        etcdserverpb__snapshot_response__init(c)
        if let value = self.header {
            let item = arena.allocate(Etcdserverpb__ResponseHeader.self)
            value.wireFill(item, arena: &arena)
            c.pointee.header = item
        }
        c.pointee.remaining_bytes = self.remainingBytes
        c.pointee.blob = arena.binaryData(self.blob)
        if !self.version.isEmpty { c.pointee.version = arena.cString(self.version) }
    }

    package init(wireStruct c: UnsafePointer<Etcdserverpb__SnapshotResponse>) throws(WireDecodingError) {
        self.init()
        if let item = c.pointee.header {
            self.header = try Etcdserverpb.ResponseHeader(wireStruct: item)
        }
        self.remainingBytes = c.pointee.remaining_bytes
        self.blob = try wireDecodeBytes(c.pointee.blob)
        self.version = wireDecodeString(c.pointee.version)
    }
}

extension Etcdserverpb.WatchRequest {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: etcdserverpb__watch_request__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(Etcdserverpb__WatchRequest.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        var size = wireAligned(MemoryLayout<Etcdserverpb__WatchRequest>.size)
        switch self.requestUnion {
        case .createRequest(let value): size += value.wireArenaSize
        case .cancelRequest(let value): size += value.wireArenaSize
        case .progressRequest(let value): size += value.wireArenaSize
        default: break
        }
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<Etcdserverpb__WatchRequest>, arena: inout WireEncodeArena) {
        etcdserverpb__watch_request__init(c)
        switch self.requestUnion {
        case nil:
            break
        case .createRequest(let value)?:
            c.pointee.request_union_case = Etcdserverpb__WatchRequest__RequestUnionCase(rawValue: 1)
            let item = arena.allocate(Etcdserverpb__WatchCreateRequest.self)
            value.wireFill(item, arena: &arena)
            c.pointee.create_request = item
        case .cancelRequest(let value)?:
            c.pointee.request_union_case = Etcdserverpb__WatchRequest__RequestUnionCase(rawValue: 2)
            let item = arena.allocate(Etcdserverpb__WatchCancelRequest.self)
            value.wireFill(item, arena: &arena)
            c.pointee.cancel_request = item
        case .progressRequest(let value)?:
            c.pointee.request_union_case = Etcdserverpb__WatchRequest__RequestUnionCase(rawValue: 3)
            let item = arena.allocate(Etcdserverpb__WatchProgressRequest.self)
            value.wireFill(item, arena: &arena)
            c.pointee.progress_request = item
        }
    }

    package init(wireStruct c: UnsafePointer<Etcdserverpb__WatchRequest>) throws(WireDecodingError) {
        self.init()
        switch c.pointee.request_union_case.rawValue {
        case 1:
            guard let item = c.pointee.create_request else { throw .malformed }
            self.requestUnion = .createRequest(try Etcdserverpb.WatchCreateRequest(wireStruct: item))
        case 2:
            guard let item = c.pointee.cancel_request else { throw .malformed }
            self.requestUnion = .cancelRequest(try Etcdserverpb.WatchCancelRequest(wireStruct: item))
        case 3:
            guard let item = c.pointee.progress_request else { throw .malformed }
            self.requestUnion = .progressRequest(try Etcdserverpb.WatchProgressRequest(wireStruct: item))
        default:
            self.requestUnion = nil
        }
    }
}

extension Etcdserverpb.WatchCreateRequest {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: etcdserverpb__watch_create_request__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(Etcdserverpb__WatchCreateRequest.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        var size = wireAligned(MemoryLayout<Etcdserverpb__WatchCreateRequest>.size)
        size += wireAligned(self.key.count)
        size += wireAligned(self.rangeEnd.count)
        size += wireAligned(MemoryLayout<Etcdserverpb__WatchCreateRequest__FilterType>.stride * self.filters.count)
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<Etcdserverpb__WatchCreateRequest>, arena: inout WireEncodeArena) {
        etcdserverpb__watch_create_request__init(c)
        c.pointee.key = arena.binaryData(self.key)
        c.pointee.range_end = arena.binaryData(self.rangeEnd)
        c.pointee.start_revision = self.startRevision
        c.pointee.progress_notify = self.progressNotify ? 1 : 0
        if !self.filters.isEmpty {
            let array = arena.allocateArray(Etcdserverpb__WatchCreateRequest__FilterType.self, count: self.filters.count)
            for index in self.filters.indices {
                (array + index).initialize(to: Etcdserverpb__WatchCreateRequest__FilterType(rawValue: .init(truncatingIfNeeded: self.filters[index].rawValue)))
            }
            c.pointee.n_filters = self.filters.count
            c.pointee.filters = array
        }
        c.pointee.prev_kv = self.prevKv ? 1 : 0
        c.pointee.watch_id = self.watchId
        c.pointee.fragment = self.fragment ? 1 : 0
    }

    package init(wireStruct c: UnsafePointer<Etcdserverpb__WatchCreateRequest>) throws(WireDecodingError) {
        self.init()
        self.key = try wireDecodeBytes(c.pointee.key)
        self.rangeEnd = try wireDecodeBytes(c.pointee.range_end)
        self.startRevision = c.pointee.start_revision
        self.progressNotify = c.pointee.progress_notify != 0
        if let array = try wireDecodeArray(c.pointee.filters, c.pointee.n_filters) {
            let count = c.pointee.n_filters
            self.filters.reserveCapacity(count)
            for index in 0..<count {
                self.filters.append(Etcdserverpb.WatchCreateRequest.FilterType(rawValue: Int32(truncatingIfNeeded: array[index].rawValue)))
            }
        }
        self.prevKv = c.pointee.prev_kv != 0
        self.watchId = c.pointee.watch_id
        self.fragment = c.pointee.fragment != 0
    }
}

extension Etcdserverpb.WatchCancelRequest {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: etcdserverpb__watch_cancel_request__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(Etcdserverpb__WatchCancelRequest.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        let size = wireAligned(MemoryLayout<Etcdserverpb__WatchCancelRequest>.size)
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<Etcdserverpb__WatchCancelRequest>, arena: inout WireEncodeArena) {
        etcdserverpb__watch_cancel_request__init(c)
        c.pointee.watch_id = self.watchId
    }

    package init(wireStruct c: UnsafePointer<Etcdserverpb__WatchCancelRequest>) throws(WireDecodingError) {
        self.init()
        self.watchId = c.pointee.watch_id
    }
}

extension Etcdserverpb.WatchProgressRequest {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: etcdserverpb__watch_progress_request__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(Etcdserverpb__WatchProgressRequest.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        let size = wireAligned(MemoryLayout<Etcdserverpb__WatchProgressRequest>.size)
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<Etcdserverpb__WatchProgressRequest>, arena: inout WireEncodeArena) {
        etcdserverpb__watch_progress_request__init(c)
    }

    package init(wireStruct c: UnsafePointer<Etcdserverpb__WatchProgressRequest>) throws(WireDecodingError) {
        self.init()
    }
}

extension Etcdserverpb.WatchResponse {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: etcdserverpb__watch_response__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(Etcdserverpb__WatchResponse.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        var size = wireAligned(MemoryLayout<Etcdserverpb__WatchResponse>.size)
        if let value = self.header { size += value.wireArenaSize }
        if !self.cancelReason.isEmpty { size += wireStringSize(self.cancelReason) }
        size += wireAligned(MemoryLayout<UnsafeMutablePointer<Mvccpb__Event>?>.stride * self.events.count)
        for index in self.events.indices { size += self.events[index].wireArenaSize }
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<Etcdserverpb__WatchResponse>, arena: inout WireEncodeArena) {
        etcdserverpb__watch_response__init(c)
        if let value = self.header {
            let item = arena.allocate(Etcdserverpb__ResponseHeader.self)
            value.wireFill(item, arena: &arena)
            c.pointee.header = item
        }
        c.pointee.watch_id = self.watchId
        c.pointee.created = self.created ? 1 : 0
        c.pointee.canceled = self.canceled ? 1 : 0
        c.pointee.compact_revision = self.compactRevision
        if !self.cancelReason.isEmpty { c.pointee.cancel_reason = arena.cString(self.cancelReason) }
        c.pointee.fragment = self.fragment ? 1 : 0
        if !self.events.isEmpty {
            let array = arena.allocateArray(UnsafeMutablePointer<Mvccpb__Event>?.self, count: self.events.count)
            for index in self.events.indices {
                let item = arena.allocate(Mvccpb__Event.self)
                self.events[index].wireFill(item, arena: &arena)
                (array + index).initialize(to: item)
            }
            c.pointee.n_events = self.events.count
            c.pointee.events = array
        }
    }

    package init(wireStruct c: UnsafePointer<Etcdserverpb__WatchResponse>) throws(WireDecodingError) {
        self.init()
        if let item = c.pointee.header {
            self.header = try Etcdserverpb.ResponseHeader(wireStruct: item)
        }
        self.watchId = c.pointee.watch_id
        self.created = c.pointee.created != 0
        self.canceled = c.pointee.canceled != 0
        self.compactRevision = c.pointee.compact_revision
        self.cancelReason = wireDecodeString(c.pointee.cancel_reason)
        self.fragment = c.pointee.fragment != 0
        if let array = try wireDecodeArray(c.pointee.events, c.pointee.n_events) {
            let count = c.pointee.n_events
            self.events.reserveCapacity(count)
            for index in 0..<count {
                guard let item = array[index] else { throw .malformed }
                self.events.append(try Mvccpb.Event(wireStruct: item))
            }
        }
    }
}

extension Etcdserverpb.LeaseGrantRequest {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: etcdserverpb__lease_grant_request__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(Etcdserverpb__LeaseGrantRequest.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        let size = wireAligned(MemoryLayout<Etcdserverpb__LeaseGrantRequest>.size)
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<Etcdserverpb__LeaseGrantRequest>, arena: inout WireEncodeArena) {
        etcdserverpb__lease_grant_request__init(c)
        c.pointee.ttl = self.ttl
        c.pointee.id = self.id
    }

    package init(wireStruct c: UnsafePointer<Etcdserverpb__LeaseGrantRequest>) throws(WireDecodingError) {
        self.init()
        self.ttl = c.pointee.ttl
        self.id = c.pointee.id
    }
}

extension Etcdserverpb.LeaseGrantResponse {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: etcdserverpb__lease_grant_response__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(Etcdserverpb__LeaseGrantResponse.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        var size = wireAligned(MemoryLayout<Etcdserverpb__LeaseGrantResponse>.size)
        if let value = self.header { size += value.wireArenaSize }
        if !self.error.isEmpty { size += wireStringSize(self.error) }
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<Etcdserverpb__LeaseGrantResponse>, arena: inout WireEncodeArena) {
        etcdserverpb__lease_grant_response__init(c)
        if let value = self.header {
            let item = arena.allocate(Etcdserverpb__ResponseHeader.self)
            value.wireFill(item, arena: &arena)
            c.pointee.header = item
        }
        c.pointee.id = self.id
        c.pointee.ttl = self.ttl
        if !self.error.isEmpty { c.pointee.error = arena.cString(self.error) }
    }

    package init(wireStruct c: UnsafePointer<Etcdserverpb__LeaseGrantResponse>) throws(WireDecodingError) {
        self.init()
        if let item = c.pointee.header {
            self.header = try Etcdserverpb.ResponseHeader(wireStruct: item)
        }
        self.id = c.pointee.id
        self.ttl = c.pointee.ttl
        self.error = wireDecodeString(c.pointee.error)
    }
}

extension Etcdserverpb.LeaseRevokeRequest {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: etcdserverpb__lease_revoke_request__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(Etcdserverpb__LeaseRevokeRequest.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        let size = wireAligned(MemoryLayout<Etcdserverpb__LeaseRevokeRequest>.size)
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<Etcdserverpb__LeaseRevokeRequest>, arena: inout WireEncodeArena) {
        etcdserverpb__lease_revoke_request__init(c)
        c.pointee.id = self.id
    }

    package init(wireStruct c: UnsafePointer<Etcdserverpb__LeaseRevokeRequest>) throws(WireDecodingError) {
        self.init()
        self.id = c.pointee.id
    }
}

extension Etcdserverpb.LeaseRevokeResponse {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: etcdserverpb__lease_revoke_response__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(Etcdserverpb__LeaseRevokeResponse.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        var size = wireAligned(MemoryLayout<Etcdserverpb__LeaseRevokeResponse>.size)
        if let value = self.header { size += value.wireArenaSize }
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<Etcdserverpb__LeaseRevokeResponse>, arena: inout WireEncodeArena) {
        etcdserverpb__lease_revoke_response__init(c)
        if let value = self.header {
            let item = arena.allocate(Etcdserverpb__ResponseHeader.self)
            value.wireFill(item, arena: &arena)
            c.pointee.header = item
        }
    }

    package init(wireStruct c: UnsafePointer<Etcdserverpb__LeaseRevokeResponse>) throws(WireDecodingError) {
        self.init()
        if let item = c.pointee.header {
            self.header = try Etcdserverpb.ResponseHeader(wireStruct: item)
        }
    }
}

extension Etcdserverpb.LeaseCheckpoint {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: etcdserverpb__lease_checkpoint__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(Etcdserverpb__LeaseCheckpoint.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        let size = wireAligned(MemoryLayout<Etcdserverpb__LeaseCheckpoint>.size)
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<Etcdserverpb__LeaseCheckpoint>, arena: inout WireEncodeArena) {
        etcdserverpb__lease_checkpoint__init(c)
        c.pointee.id = self.id
        c.pointee.remaining_ttl = self.remainingTTL
    }

    package init(wireStruct c: UnsafePointer<Etcdserverpb__LeaseCheckpoint>) throws(WireDecodingError) {
        self.init()
        self.id = c.pointee.id
        self.remainingTTL = c.pointee.remaining_ttl
    }
}

extension Etcdserverpb.LeaseCheckpointRequest {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: etcdserverpb__lease_checkpoint_request__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(Etcdserverpb__LeaseCheckpointRequest.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        var size = wireAligned(MemoryLayout<Etcdserverpb__LeaseCheckpointRequest>.size)
        size += wireAligned(MemoryLayout<UnsafeMutablePointer<Etcdserverpb__LeaseCheckpoint>?>.stride * self.checkpoints.count)
        for index in self.checkpoints.indices { size += self.checkpoints[index].wireArenaSize }
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<Etcdserverpb__LeaseCheckpointRequest>, arena: inout WireEncodeArena) {
        etcdserverpb__lease_checkpoint_request__init(c)
        if !self.checkpoints.isEmpty {
            let array = arena.allocateArray(UnsafeMutablePointer<Etcdserverpb__LeaseCheckpoint>?.self, count: self.checkpoints.count)
            for index in self.checkpoints.indices {
                let item = arena.allocate(Etcdserverpb__LeaseCheckpoint.self)
                self.checkpoints[index].wireFill(item, arena: &arena)
                (array + index).initialize(to: item)
            }
            c.pointee.n_checkpoints = self.checkpoints.count
            c.pointee.checkpoints = array
        }
    }

    package init(wireStruct c: UnsafePointer<Etcdserverpb__LeaseCheckpointRequest>) throws(WireDecodingError) {
        self.init()
        if let array = try wireDecodeArray(c.pointee.checkpoints, c.pointee.n_checkpoints) {
            let count = c.pointee.n_checkpoints
            self.checkpoints.reserveCapacity(count)
            for index in 0..<count {
                guard let item = array[index] else { throw .malformed }
                self.checkpoints.append(try Etcdserverpb.LeaseCheckpoint(wireStruct: item))
            }
        }
    }
}

extension Etcdserverpb.LeaseCheckpointResponse {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: etcdserverpb__lease_checkpoint_response__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(Etcdserverpb__LeaseCheckpointResponse.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        var size = wireAligned(MemoryLayout<Etcdserverpb__LeaseCheckpointResponse>.size)
        if let value = self.header { size += value.wireArenaSize }
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<Etcdserverpb__LeaseCheckpointResponse>, arena: inout WireEncodeArena) {
        etcdserverpb__lease_checkpoint_response__init(c)
        if let value = self.header {
            let item = arena.allocate(Etcdserverpb__ResponseHeader.self)
            value.wireFill(item, arena: &arena)
            c.pointee.header = item
        }
    }

    package init(wireStruct c: UnsafePointer<Etcdserverpb__LeaseCheckpointResponse>) throws(WireDecodingError) {
        self.init()
        if let item = c.pointee.header {
            self.header = try Etcdserverpb.ResponseHeader(wireStruct: item)
        }
    }
}

extension Etcdserverpb.LeaseKeepAliveRequest {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: etcdserverpb__lease_keep_alive_request__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(Etcdserverpb__LeaseKeepAliveRequest.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        let size = wireAligned(MemoryLayout<Etcdserverpb__LeaseKeepAliveRequest>.size)
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<Etcdserverpb__LeaseKeepAliveRequest>, arena: inout WireEncodeArena) {
        etcdserverpb__lease_keep_alive_request__init(c)
        c.pointee.id = self.id
    }

    package init(wireStruct c: UnsafePointer<Etcdserverpb__LeaseKeepAliveRequest>) throws(WireDecodingError) {
        self.init()
        self.id = c.pointee.id
    }
}

extension Etcdserverpb.LeaseKeepAliveResponse {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: etcdserverpb__lease_keep_alive_response__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(Etcdserverpb__LeaseKeepAliveResponse.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        var size = wireAligned(MemoryLayout<Etcdserverpb__LeaseKeepAliveResponse>.size)
        if let value = self.header { size += value.wireArenaSize }
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<Etcdserverpb__LeaseKeepAliveResponse>, arena: inout WireEncodeArena) {
        etcdserverpb__lease_keep_alive_response__init(c)
        if let value = self.header {
            let item = arena.allocate(Etcdserverpb__ResponseHeader.self)
            value.wireFill(item, arena: &arena)
            c.pointee.header = item
        }
        c.pointee.id = self.id
        c.pointee.ttl = self.ttl
    }

    package init(wireStruct c: UnsafePointer<Etcdserverpb__LeaseKeepAliveResponse>) throws(WireDecodingError) {
        self.init()
        if let item = c.pointee.header {
            self.header = try Etcdserverpb.ResponseHeader(wireStruct: item)
        }
        self.id = c.pointee.id
        self.ttl = c.pointee.ttl
    }
}

extension Etcdserverpb.LeaseTimeToLiveRequest {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: etcdserverpb__lease_time_to_live_request__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(Etcdserverpb__LeaseTimeToLiveRequest.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        let size = wireAligned(MemoryLayout<Etcdserverpb__LeaseTimeToLiveRequest>.size)
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<Etcdserverpb__LeaseTimeToLiveRequest>, arena: inout WireEncodeArena) {
        etcdserverpb__lease_time_to_live_request__init(c)
        c.pointee.id = self.id
        c.pointee.keys = self.keys ? 1 : 0
    }

    package init(wireStruct c: UnsafePointer<Etcdserverpb__LeaseTimeToLiveRequest>) throws(WireDecodingError) {
        self.init()
        self.id = c.pointee.id
        self.keys = c.pointee.keys != 0
    }
}

extension Etcdserverpb.LeaseTimeToLiveResponse {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: etcdserverpb__lease_time_to_live_response__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(Etcdserverpb__LeaseTimeToLiveResponse.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        var size = wireAligned(MemoryLayout<Etcdserverpb__LeaseTimeToLiveResponse>.size)
        if let value = self.header { size += value.wireArenaSize }
        size += wireAligned(MemoryLayout<ProtobufCBinaryData>.stride * self.keys.count)
        for index in self.keys.indices { size += wireAligned(self.keys[index].count) }
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<Etcdserverpb__LeaseTimeToLiveResponse>, arena: inout WireEncodeArena) {
        etcdserverpb__lease_time_to_live_response__init(c)
        if let value = self.header {
            let item = arena.allocate(Etcdserverpb__ResponseHeader.self)
            value.wireFill(item, arena: &arena)
            c.pointee.header = item
        }
        c.pointee.id = self.id
        c.pointee.ttl = self.ttl
        c.pointee.grantedttl = self.grantedTTL
        if !self.keys.isEmpty {
            let array = arena.allocateArray(ProtobufCBinaryData.self, count: self.keys.count)
            for index in self.keys.indices {
                (array + index).initialize(to: arena.binaryData(self.keys[index]))
            }
            c.pointee.n_keys = self.keys.count
            c.pointee.keys = array
        }
    }

    package init(wireStruct c: UnsafePointer<Etcdserverpb__LeaseTimeToLiveResponse>) throws(WireDecodingError) {
        self.init()
        if let item = c.pointee.header {
            self.header = try Etcdserverpb.ResponseHeader(wireStruct: item)
        }
        self.id = c.pointee.id
        self.ttl = c.pointee.ttl
        self.grantedTTL = c.pointee.grantedttl
        if let array = try wireDecodeArray(c.pointee.keys, c.pointee.n_keys) {
            let count = c.pointee.n_keys
            self.keys.reserveCapacity(count)
            for index in 0..<count {
                self.keys.append(try wireDecodeBytes(array[index]))
            }
        }
    }
}

extension Etcdserverpb.LeaseLeasesRequest {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: etcdserverpb__lease_leases_request__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(Etcdserverpb__LeaseLeasesRequest.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        let size = wireAligned(MemoryLayout<Etcdserverpb__LeaseLeasesRequest>.size)
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<Etcdserverpb__LeaseLeasesRequest>, arena: inout WireEncodeArena) {
        etcdserverpb__lease_leases_request__init(c)
    }

    package init(wireStruct c: UnsafePointer<Etcdserverpb__LeaseLeasesRequest>) throws(WireDecodingError) {
        self.init()
    }
}

extension Etcdserverpb.LeaseStatus {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: etcdserverpb__lease_status__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(Etcdserverpb__LeaseStatus.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        let size = wireAligned(MemoryLayout<Etcdserverpb__LeaseStatus>.size)
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<Etcdserverpb__LeaseStatus>, arena: inout WireEncodeArena) {
        etcdserverpb__lease_status__init(c)
        c.pointee.id = self.id
    }

    package init(wireStruct c: UnsafePointer<Etcdserverpb__LeaseStatus>) throws(WireDecodingError) {
        self.init()
        self.id = c.pointee.id
    }
}

extension Etcdserverpb.LeaseLeasesResponse {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: etcdserverpb__lease_leases_response__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(Etcdserverpb__LeaseLeasesResponse.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        var size = wireAligned(MemoryLayout<Etcdserverpb__LeaseLeasesResponse>.size)
        if let value = self.header { size += value.wireArenaSize }
        size += wireAligned(MemoryLayout<UnsafeMutablePointer<Etcdserverpb__LeaseStatus>?>.stride * self.leases.count)
        for index in self.leases.indices { size += self.leases[index].wireArenaSize }
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<Etcdserverpb__LeaseLeasesResponse>, arena: inout WireEncodeArena) {
        etcdserverpb__lease_leases_response__init(c)
        if let value = self.header {
            let item = arena.allocate(Etcdserverpb__ResponseHeader.self)
            value.wireFill(item, arena: &arena)
            c.pointee.header = item
        }
        if !self.leases.isEmpty {
            let array = arena.allocateArray(UnsafeMutablePointer<Etcdserverpb__LeaseStatus>?.self, count: self.leases.count)
            for index in self.leases.indices {
                let item = arena.allocate(Etcdserverpb__LeaseStatus.self)
                self.leases[index].wireFill(item, arena: &arena)
                (array + index).initialize(to: item)
            }
            c.pointee.n_leases = self.leases.count
            c.pointee.leases = array
        }
    }

    package init(wireStruct c: UnsafePointer<Etcdserverpb__LeaseLeasesResponse>) throws(WireDecodingError) {
        self.init()
        if let item = c.pointee.header {
            self.header = try Etcdserverpb.ResponseHeader(wireStruct: item)
        }
        if let array = try wireDecodeArray(c.pointee.leases, c.pointee.n_leases) {
            let count = c.pointee.n_leases
            self.leases.reserveCapacity(count)
            for index in 0..<count {
                guard let item = array[index] else { throw .malformed }
                self.leases.append(try Etcdserverpb.LeaseStatus(wireStruct: item))
            }
        }
    }
}

extension Etcdserverpb.Member {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: etcdserverpb__member__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(Etcdserverpb__Member.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        var size = wireAligned(MemoryLayout<Etcdserverpb__Member>.size)
        if !self.name.isEmpty { size += wireStringSize(self.name) }
        size += wireAligned(MemoryLayout<UnsafeMutablePointer<CChar>?>.stride * self.peerURLs.count)
        for index in self.peerURLs.indices { size += wireStringSize(self.peerURLs[index]) }
        size += wireAligned(MemoryLayout<UnsafeMutablePointer<CChar>?>.stride * self.clientURLs.count)
        for index in self.clientURLs.indices { size += wireStringSize(self.clientURLs[index]) }
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<Etcdserverpb__Member>, arena: inout WireEncodeArena) {
        etcdserverpb__member__init(c)
        c.pointee.id = self.id
        if !self.name.isEmpty { c.pointee.name = arena.cString(self.name) }
        if !self.peerURLs.isEmpty {
            let array = arena.allocateArray(UnsafeMutablePointer<CChar>?.self, count: self.peerURLs.count)
            for index in self.peerURLs.indices {
                (array + index).initialize(to: arena.cString(self.peerURLs[index]))
            }
            c.pointee.n_peerurls = self.peerURLs.count
            c.pointee.peerurls = array
        }
        if !self.clientURLs.isEmpty {
            let array = arena.allocateArray(UnsafeMutablePointer<CChar>?.self, count: self.clientURLs.count)
            for index in self.clientURLs.indices {
                (array + index).initialize(to: arena.cString(self.clientURLs[index]))
            }
            c.pointee.n_clienturls = self.clientURLs.count
            c.pointee.clienturls = array
        }
        c.pointee.islearner = self.isLearner ? 1 : 0
    }

    package init(wireStruct c: UnsafePointer<Etcdserverpb__Member>) throws(WireDecodingError) {
        self.init()
        self.id = c.pointee.id
        self.name = wireDecodeString(c.pointee.name)
        if let array = try wireDecodeArray(c.pointee.peerurls, c.pointee.n_peerurls) {
            let count = c.pointee.n_peerurls
            self.peerURLs.reserveCapacity(count)
            for index in 0..<count {
                self.peerURLs.append(wireDecodeString(array[index]))
            }
        }
        if let array = try wireDecodeArray(c.pointee.clienturls, c.pointee.n_clienturls) {
            let count = c.pointee.n_clienturls
            self.clientURLs.reserveCapacity(count)
            for index in 0..<count {
                self.clientURLs.append(wireDecodeString(array[index]))
            }
        }
        self.isLearner = c.pointee.islearner != 0
    }
}

extension Etcdserverpb.MemberAddRequest {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: etcdserverpb__member_add_request__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(Etcdserverpb__MemberAddRequest.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        var size = wireAligned(MemoryLayout<Etcdserverpb__MemberAddRequest>.size)
        size += wireAligned(MemoryLayout<UnsafeMutablePointer<CChar>?>.stride * self.peerURLs.count)
        for index in self.peerURLs.indices { size += wireStringSize(self.peerURLs[index]) }
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<Etcdserverpb__MemberAddRequest>, arena: inout WireEncodeArena) {
        etcdserverpb__member_add_request__init(c)
        if !self.peerURLs.isEmpty {
            let array = arena.allocateArray(UnsafeMutablePointer<CChar>?.self, count: self.peerURLs.count)
            for index in self.peerURLs.indices {
                (array + index).initialize(to: arena.cString(self.peerURLs[index]))
            }
            c.pointee.n_peerurls = self.peerURLs.count
            c.pointee.peerurls = array
        }
        c.pointee.islearner = self.isLearner ? 1 : 0
    }

    package init(wireStruct c: UnsafePointer<Etcdserverpb__MemberAddRequest>) throws(WireDecodingError) {
        self.init()
        if let array = try wireDecodeArray(c.pointee.peerurls, c.pointee.n_peerurls) {
            let count = c.pointee.n_peerurls
            self.peerURLs.reserveCapacity(count)
            for index in 0..<count {
                self.peerURLs.append(wireDecodeString(array[index]))
            }
        }
        self.isLearner = c.pointee.islearner != 0
    }
}

extension Etcdserverpb.MemberAddResponse {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: etcdserverpb__member_add_response__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(Etcdserverpb__MemberAddResponse.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        var size = wireAligned(MemoryLayout<Etcdserverpb__MemberAddResponse>.size)
        if let value = self.header { size += value.wireArenaSize }
        if let value = self.member { size += value.wireArenaSize }
        size += wireAligned(MemoryLayout<UnsafeMutablePointer<Etcdserverpb__Member>?>.stride * self.members.count)
        for index in self.members.indices { size += self.members[index].wireArenaSize }
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<Etcdserverpb__MemberAddResponse>, arena: inout WireEncodeArena) {
        etcdserverpb__member_add_response__init(c)
        if let value = self.header {
            let item = arena.allocate(Etcdserverpb__ResponseHeader.self)
            value.wireFill(item, arena: &arena)
            c.pointee.header = item
        }
        if let value = self.member {
            let item = arena.allocate(Etcdserverpb__Member.self)
            value.wireFill(item, arena: &arena)
            c.pointee.member = item
        }
        if !self.members.isEmpty {
            let array = arena.allocateArray(UnsafeMutablePointer<Etcdserverpb__Member>?.self, count: self.members.count)
            for index in self.members.indices {
                let item = arena.allocate(Etcdserverpb__Member.self)
                self.members[index].wireFill(item, arena: &arena)
                (array + index).initialize(to: item)
            }
            c.pointee.n_members = self.members.count
            c.pointee.members = array
        }
    }

    package init(wireStruct c: UnsafePointer<Etcdserverpb__MemberAddResponse>) throws(WireDecodingError) {
        self.init()
        if let item = c.pointee.header {
            self.header = try Etcdserverpb.ResponseHeader(wireStruct: item)
        }
        if let item = c.pointee.member {
            self.member = try Etcdserverpb.Member(wireStruct: item)
        }
        if let array = try wireDecodeArray(c.pointee.members, c.pointee.n_members) {
            let count = c.pointee.n_members
            self.members.reserveCapacity(count)
            for index in 0..<count {
                guard let item = array[index] else { throw .malformed }
                self.members.append(try Etcdserverpb.Member(wireStruct: item))
            }
        }
    }
}

extension Etcdserverpb.MemberRemoveRequest {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: etcdserverpb__member_remove_request__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(Etcdserverpb__MemberRemoveRequest.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        let size = wireAligned(MemoryLayout<Etcdserverpb__MemberRemoveRequest>.size)
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<Etcdserverpb__MemberRemoveRequest>, arena: inout WireEncodeArena) {
        etcdserverpb__member_remove_request__init(c)
        c.pointee.id = self.id
    }

    package init(wireStruct c: UnsafePointer<Etcdserverpb__MemberRemoveRequest>) throws(WireDecodingError) {
        self.init()
        self.id = c.pointee.id
    }
}

extension Etcdserverpb.MemberRemoveResponse {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: etcdserverpb__member_remove_response__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(Etcdserverpb__MemberRemoveResponse.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        var size = wireAligned(MemoryLayout<Etcdserverpb__MemberRemoveResponse>.size)
        if let value = self.header { size += value.wireArenaSize }
        size += wireAligned(MemoryLayout<UnsafeMutablePointer<Etcdserverpb__Member>?>.stride * self.members.count)
        for index in self.members.indices { size += self.members[index].wireArenaSize }
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<Etcdserverpb__MemberRemoveResponse>, arena: inout WireEncodeArena) {
        etcdserverpb__member_remove_response__init(c)
        if let value = self.header {
            let item = arena.allocate(Etcdserverpb__ResponseHeader.self)
            value.wireFill(item, arena: &arena)
            c.pointee.header = item
        }
        if !self.members.isEmpty {
            let array = arena.allocateArray(UnsafeMutablePointer<Etcdserverpb__Member>?.self, count: self.members.count)
            for index in self.members.indices {
                let item = arena.allocate(Etcdserverpb__Member.self)
                self.members[index].wireFill(item, arena: &arena)
                (array + index).initialize(to: item)
            }
            c.pointee.n_members = self.members.count
            c.pointee.members = array
        }
    }

    package init(wireStruct c: UnsafePointer<Etcdserverpb__MemberRemoveResponse>) throws(WireDecodingError) {
        self.init()
        if let item = c.pointee.header {
            self.header = try Etcdserverpb.ResponseHeader(wireStruct: item)
        }
        if let array = try wireDecodeArray(c.pointee.members, c.pointee.n_members) {
            let count = c.pointee.n_members
            self.members.reserveCapacity(count)
            for index in 0..<count {
                guard let item = array[index] else { throw .malformed }
                self.members.append(try Etcdserverpb.Member(wireStruct: item))
            }
        }
    }
}

extension Etcdserverpb.MemberUpdateRequest {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: etcdserverpb__member_update_request__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(Etcdserverpb__MemberUpdateRequest.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        var size = wireAligned(MemoryLayout<Etcdserverpb__MemberUpdateRequest>.size)
        size += wireAligned(MemoryLayout<UnsafeMutablePointer<CChar>?>.stride * self.peerURLs.count)
        for index in self.peerURLs.indices { size += wireStringSize(self.peerURLs[index]) }
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<Etcdserverpb__MemberUpdateRequest>, arena: inout WireEncodeArena) {
        etcdserverpb__member_update_request__init(c)
        c.pointee.id = self.id
        if !self.peerURLs.isEmpty {
            let array = arena.allocateArray(UnsafeMutablePointer<CChar>?.self, count: self.peerURLs.count)
            for index in self.peerURLs.indices {
                (array + index).initialize(to: arena.cString(self.peerURLs[index]))
            }
            c.pointee.n_peerurls = self.peerURLs.count
            c.pointee.peerurls = array
        }
    }

    package init(wireStruct c: UnsafePointer<Etcdserverpb__MemberUpdateRequest>) throws(WireDecodingError) {
        self.init()
        self.id = c.pointee.id
        if let array = try wireDecodeArray(c.pointee.peerurls, c.pointee.n_peerurls) {
            let count = c.pointee.n_peerurls
            self.peerURLs.reserveCapacity(count)
            for index in 0..<count {
                self.peerURLs.append(wireDecodeString(array[index]))
            }
        }
    }
}

extension Etcdserverpb.MemberUpdateResponse {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: etcdserverpb__member_update_response__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(Etcdserverpb__MemberUpdateResponse.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        var size = wireAligned(MemoryLayout<Etcdserverpb__MemberUpdateResponse>.size)
        if let value = self.header { size += value.wireArenaSize }
        size += wireAligned(MemoryLayout<UnsafeMutablePointer<Etcdserverpb__Member>?>.stride * self.members.count)
        for index in self.members.indices { size += self.members[index].wireArenaSize }
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<Etcdserverpb__MemberUpdateResponse>, arena: inout WireEncodeArena) {
        etcdserverpb__member_update_response__init(c)
        if let value = self.header {
            let item = arena.allocate(Etcdserverpb__ResponseHeader.self)
            value.wireFill(item, arena: &arena)
            c.pointee.header = item
        }
        if !self.members.isEmpty {
            let array = arena.allocateArray(UnsafeMutablePointer<Etcdserverpb__Member>?.self, count: self.members.count)
            for index in self.members.indices {
                let item = arena.allocate(Etcdserverpb__Member.self)
                self.members[index].wireFill(item, arena: &arena)
                (array + index).initialize(to: item)
            }
            c.pointee.n_members = self.members.count
            c.pointee.members = array
        }
    }

    package init(wireStruct c: UnsafePointer<Etcdserverpb__MemberUpdateResponse>) throws(WireDecodingError) {
        self.init()
        if let item = c.pointee.header {
            self.header = try Etcdserverpb.ResponseHeader(wireStruct: item)
        }
        if let array = try wireDecodeArray(c.pointee.members, c.pointee.n_members) {
            let count = c.pointee.n_members
            self.members.reserveCapacity(count)
            for index in 0..<count {
                guard let item = array[index] else { throw .malformed }
                self.members.append(try Etcdserverpb.Member(wireStruct: item))
            }
        }
    }
}

extension Etcdserverpb.MemberListRequest {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: etcdserverpb__member_list_request__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(Etcdserverpb__MemberListRequest.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        let size = wireAligned(MemoryLayout<Etcdserverpb__MemberListRequest>.size)
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<Etcdserverpb__MemberListRequest>, arena: inout WireEncodeArena) {
        etcdserverpb__member_list_request__init(c)
        c.pointee.linearizable = self.linearizable ? 1 : 0
    }

    package init(wireStruct c: UnsafePointer<Etcdserverpb__MemberListRequest>) throws(WireDecodingError) {
        self.init()
        self.linearizable = c.pointee.linearizable != 0
    }
}

extension Etcdserverpb.MemberListResponse {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: etcdserverpb__member_list_response__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(Etcdserverpb__MemberListResponse.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        var size = wireAligned(MemoryLayout<Etcdserverpb__MemberListResponse>.size)
        if let value = self.header { size += value.wireArenaSize }
        size += wireAligned(MemoryLayout<UnsafeMutablePointer<Etcdserverpb__Member>?>.stride * self.members.count)
        for index in self.members.indices { size += self.members[index].wireArenaSize }
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<Etcdserverpb__MemberListResponse>, arena: inout WireEncodeArena) {
        etcdserverpb__member_list_response__init(c)
        if let value = self.header {
            let item = arena.allocate(Etcdserverpb__ResponseHeader.self)
            value.wireFill(item, arena: &arena)
            c.pointee.header = item
        }
        if !self.members.isEmpty {
            let array = arena.allocateArray(UnsafeMutablePointer<Etcdserverpb__Member>?.self, count: self.members.count)
            for index in self.members.indices {
                let item = arena.allocate(Etcdserverpb__Member.self)
                self.members[index].wireFill(item, arena: &arena)
                (array + index).initialize(to: item)
            }
            c.pointee.n_members = self.members.count
            c.pointee.members = array
        }
    }

    package init(wireStruct c: UnsafePointer<Etcdserverpb__MemberListResponse>) throws(WireDecodingError) {
        self.init()
        if let item = c.pointee.header {
            self.header = try Etcdserverpb.ResponseHeader(wireStruct: item)
        }
        if let array = try wireDecodeArray(c.pointee.members, c.pointee.n_members) {
            let count = c.pointee.n_members
            self.members.reserveCapacity(count)
            for index in 0..<count {
                guard let item = array[index] else { throw .malformed }
                self.members.append(try Etcdserverpb.Member(wireStruct: item))
            }
        }
    }
}

extension Etcdserverpb.MemberPromoteRequest {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: etcdserverpb__member_promote_request__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(Etcdserverpb__MemberPromoteRequest.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        let size = wireAligned(MemoryLayout<Etcdserverpb__MemberPromoteRequest>.size)
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<Etcdserverpb__MemberPromoteRequest>, arena: inout WireEncodeArena) {
        etcdserverpb__member_promote_request__init(c)
        c.pointee.id = self.id
    }

    package init(wireStruct c: UnsafePointer<Etcdserverpb__MemberPromoteRequest>) throws(WireDecodingError) {
        self.init()
        self.id = c.pointee.id
    }
}

extension Etcdserverpb.MemberPromoteResponse {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: etcdserverpb__member_promote_response__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(Etcdserverpb__MemberPromoteResponse.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        var size = wireAligned(MemoryLayout<Etcdserverpb__MemberPromoteResponse>.size)
        if let value = self.header { size += value.wireArenaSize }
        size += wireAligned(MemoryLayout<UnsafeMutablePointer<Etcdserverpb__Member>?>.stride * self.members.count)
        for index in self.members.indices { size += self.members[index].wireArenaSize }
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<Etcdserverpb__MemberPromoteResponse>, arena: inout WireEncodeArena) {
        etcdserverpb__member_promote_response__init(c)
        if let value = self.header {
            let item = arena.allocate(Etcdserverpb__ResponseHeader.self)
            value.wireFill(item, arena: &arena)
            c.pointee.header = item
        }
        if !self.members.isEmpty {
            let array = arena.allocateArray(UnsafeMutablePointer<Etcdserverpb__Member>?.self, count: self.members.count)
            for index in self.members.indices {
                let item = arena.allocate(Etcdserverpb__Member.self)
                self.members[index].wireFill(item, arena: &arena)
                (array + index).initialize(to: item)
            }
            c.pointee.n_members = self.members.count
            c.pointee.members = array
        }
    }

    package init(wireStruct c: UnsafePointer<Etcdserverpb__MemberPromoteResponse>) throws(WireDecodingError) {
        self.init()
        if let item = c.pointee.header {
            self.header = try Etcdserverpb.ResponseHeader(wireStruct: item)
        }
        if let array = try wireDecodeArray(c.pointee.members, c.pointee.n_members) {
            let count = c.pointee.n_members
            self.members.reserveCapacity(count)
            for index in 0..<count {
                guard let item = array[index] else { throw .malformed }
                self.members.append(try Etcdserverpb.Member(wireStruct: item))
            }
        }
    }
}

extension Etcdserverpb.DefragmentRequest {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: etcdserverpb__defragment_request__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(Etcdserverpb__DefragmentRequest.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        let size = wireAligned(MemoryLayout<Etcdserverpb__DefragmentRequest>.size)
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<Etcdserverpb__DefragmentRequest>, arena: inout WireEncodeArena) {
        etcdserverpb__defragment_request__init(c)
    }

    package init(wireStruct c: UnsafePointer<Etcdserverpb__DefragmentRequest>) throws(WireDecodingError) {
        self.init()
    }
}

extension Etcdserverpb.DefragmentResponse {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: etcdserverpb__defragment_response__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(Etcdserverpb__DefragmentResponse.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        var size = wireAligned(MemoryLayout<Etcdserverpb__DefragmentResponse>.size)
        if let value = self.header { size += value.wireArenaSize }
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<Etcdserverpb__DefragmentResponse>, arena: inout WireEncodeArena) {
        etcdserverpb__defragment_response__init(c)
        if let value = self.header {
            let item = arena.allocate(Etcdserverpb__ResponseHeader.self)
            value.wireFill(item, arena: &arena)
            c.pointee.header = item
        }
    }

    package init(wireStruct c: UnsafePointer<Etcdserverpb__DefragmentResponse>) throws(WireDecodingError) {
        self.init()
        if let item = c.pointee.header {
            self.header = try Etcdserverpb.ResponseHeader(wireStruct: item)
        }
    }
}

extension Etcdserverpb.MoveLeaderRequest {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: etcdserverpb__move_leader_request__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(Etcdserverpb__MoveLeaderRequest.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        let size = wireAligned(MemoryLayout<Etcdserverpb__MoveLeaderRequest>.size)
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<Etcdserverpb__MoveLeaderRequest>, arena: inout WireEncodeArena) {
        etcdserverpb__move_leader_request__init(c)
        c.pointee.targetid = self.targetID
    }

    package init(wireStruct c: UnsafePointer<Etcdserverpb__MoveLeaderRequest>) throws(WireDecodingError) {
        self.init()
        self.targetID = c.pointee.targetid
    }
}

extension Etcdserverpb.MoveLeaderResponse {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: etcdserverpb__move_leader_response__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(Etcdserverpb__MoveLeaderResponse.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        var size = wireAligned(MemoryLayout<Etcdserverpb__MoveLeaderResponse>.size)
        if let value = self.header { size += value.wireArenaSize }
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<Etcdserverpb__MoveLeaderResponse>, arena: inout WireEncodeArena) {
        etcdserverpb__move_leader_response__init(c)
        if let value = self.header {
            let item = arena.allocate(Etcdserverpb__ResponseHeader.self)
            value.wireFill(item, arena: &arena)
            c.pointee.header = item
        }
    }

    package init(wireStruct c: UnsafePointer<Etcdserverpb__MoveLeaderResponse>) throws(WireDecodingError) {
        self.init()
        if let item = c.pointee.header {
            self.header = try Etcdserverpb.ResponseHeader(wireStruct: item)
        }
    }
}

extension Etcdserverpb.AlarmRequest {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: etcdserverpb__alarm_request__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(Etcdserverpb__AlarmRequest.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        let size = wireAligned(MemoryLayout<Etcdserverpb__AlarmRequest>.size)
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<Etcdserverpb__AlarmRequest>, arena: inout WireEncodeArena) {
        etcdserverpb__alarm_request__init(c)
        c.pointee.action = Etcdserverpb__AlarmRequest__AlarmAction(rawValue: .init(truncatingIfNeeded: self.action.rawValue))
        c.pointee.memberid = self.memberID
        c.pointee.alarm = Etcdserverpb__AlarmType(rawValue: .init(truncatingIfNeeded: self.alarm.rawValue))
    }

    package init(wireStruct c: UnsafePointer<Etcdserverpb__AlarmRequest>) throws(WireDecodingError) {
        self.init()
        self.action = Etcdserverpb.AlarmRequest.AlarmAction(rawValue: Int32(truncatingIfNeeded: c.pointee.action.rawValue))
        self.memberID = c.pointee.memberid
        self.alarm = Etcdserverpb.AlarmType(rawValue: Int32(truncatingIfNeeded: c.pointee.alarm.rawValue))
    }
}

extension Etcdserverpb.AlarmMember {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: etcdserverpb__alarm_member__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(Etcdserverpb__AlarmMember.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        let size = wireAligned(MemoryLayout<Etcdserverpb__AlarmMember>.size)
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<Etcdserverpb__AlarmMember>, arena: inout WireEncodeArena) {
        etcdserverpb__alarm_member__init(c)
        c.pointee.memberid = self.memberID
        c.pointee.alarm = Etcdserverpb__AlarmType(rawValue: .init(truncatingIfNeeded: self.alarm.rawValue))
    }

    package init(wireStruct c: UnsafePointer<Etcdserverpb__AlarmMember>) throws(WireDecodingError) {
        self.init()
        self.memberID = c.pointee.memberid
        self.alarm = Etcdserverpb.AlarmType(rawValue: Int32(truncatingIfNeeded: c.pointee.alarm.rawValue))
    }
}

extension Etcdserverpb.AlarmResponse {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: etcdserverpb__alarm_response__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(Etcdserverpb__AlarmResponse.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        var size = wireAligned(MemoryLayout<Etcdserverpb__AlarmResponse>.size)
        if let value = self.header { size += value.wireArenaSize }
        size += wireAligned(MemoryLayout<UnsafeMutablePointer<Etcdserverpb__AlarmMember>?>.stride * self.alarms.count)
        for index in self.alarms.indices { size += self.alarms[index].wireArenaSize }
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<Etcdserverpb__AlarmResponse>, arena: inout WireEncodeArena) {
        etcdserverpb__alarm_response__init(c)
        if let value = self.header {
            let item = arena.allocate(Etcdserverpb__ResponseHeader.self)
            value.wireFill(item, arena: &arena)
            c.pointee.header = item
        }
        if !self.alarms.isEmpty {
            let array = arena.allocateArray(UnsafeMutablePointer<Etcdserverpb__AlarmMember>?.self, count: self.alarms.count)
            for index in self.alarms.indices {
                let item = arena.allocate(Etcdserverpb__AlarmMember.self)
                self.alarms[index].wireFill(item, arena: &arena)
                (array + index).initialize(to: item)
            }
            c.pointee.n_alarms = self.alarms.count
            c.pointee.alarms = array
        }
    }

    package init(wireStruct c: UnsafePointer<Etcdserverpb__AlarmResponse>) throws(WireDecodingError) {
        self.init()
        if let item = c.pointee.header {
            self.header = try Etcdserverpb.ResponseHeader(wireStruct: item)
        }
        if let array = try wireDecodeArray(c.pointee.alarms, c.pointee.n_alarms) {
            let count = c.pointee.n_alarms
            self.alarms.reserveCapacity(count)
            for index in 0..<count {
                guard let item = array[index] else { throw .malformed }
                self.alarms.append(try Etcdserverpb.AlarmMember(wireStruct: item))
            }
        }
    }
}

extension Etcdserverpb.DowngradeRequest {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: etcdserverpb__downgrade_request__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(Etcdserverpb__DowngradeRequest.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        var size = wireAligned(MemoryLayout<Etcdserverpb__DowngradeRequest>.size)
        if !self.version.isEmpty { size += wireStringSize(self.version) }
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<Etcdserverpb__DowngradeRequest>, arena: inout WireEncodeArena) {
        etcdserverpb__downgrade_request__init(c)
        c.pointee.action = Etcdserverpb__DowngradeRequest__DowngradeAction(rawValue: .init(truncatingIfNeeded: self.action.rawValue))
        if !self.version.isEmpty { c.pointee.version = arena.cString(self.version) }
    }

    package init(wireStruct c: UnsafePointer<Etcdserverpb__DowngradeRequest>) throws(WireDecodingError) {
        self.init()
        self.action = Etcdserverpb.DowngradeRequest.DowngradeAction(rawValue: Int32(truncatingIfNeeded: c.pointee.action.rawValue))
        self.version = wireDecodeString(c.pointee.version)
    }
}

extension Etcdserverpb.DowngradeResponse {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: etcdserverpb__downgrade_response__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(Etcdserverpb__DowngradeResponse.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        var size = wireAligned(MemoryLayout<Etcdserverpb__DowngradeResponse>.size)
        if let value = self.header { size += value.wireArenaSize }
        if !self.version.isEmpty { size += wireStringSize(self.version) }
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<Etcdserverpb__DowngradeResponse>, arena: inout WireEncodeArena) {
        etcdserverpb__downgrade_response__init(c)
        if let value = self.header {
            let item = arena.allocate(Etcdserverpb__ResponseHeader.self)
            value.wireFill(item, arena: &arena)
            c.pointee.header = item
        }
        if !self.version.isEmpty { c.pointee.version = arena.cString(self.version) }
    }

    package init(wireStruct c: UnsafePointer<Etcdserverpb__DowngradeResponse>) throws(WireDecodingError) {
        self.init()
        if let item = c.pointee.header {
            self.header = try Etcdserverpb.ResponseHeader(wireStruct: item)
        }
        self.version = wireDecodeString(c.pointee.version)
    }
}

extension Etcdserverpb.StatusRequest {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: etcdserverpb__status_request__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(Etcdserverpb__StatusRequest.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        let size = wireAligned(MemoryLayout<Etcdserverpb__StatusRequest>.size)
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<Etcdserverpb__StatusRequest>, arena: inout WireEncodeArena) {
        etcdserverpb__status_request__init(c)
    }

    package init(wireStruct c: UnsafePointer<Etcdserverpb__StatusRequest>) throws(WireDecodingError) {
        self.init()
    }
}

extension Etcdserverpb.StatusResponse {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: etcdserverpb__status_response__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(Etcdserverpb__StatusResponse.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        var size = wireAligned(MemoryLayout<Etcdserverpb__StatusResponse>.size)
        if let value = self.header { size += value.wireArenaSize }
        if !self.version.isEmpty { size += wireStringSize(self.version) }
        size += wireAligned(MemoryLayout<UnsafeMutablePointer<CChar>?>.stride * self.errors.count)
        for index in self.errors.indices { size += wireStringSize(self.errors[index]) }
        if !self.storageVersion.isEmpty { size += wireStringSize(self.storageVersion) }
        if let value = self.downgradeInfo { size += value.wireArenaSize }
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<Etcdserverpb__StatusResponse>, arena: inout WireEncodeArena) {
        etcdserverpb__status_response__init(c)
        if let value = self.header {
            let item = arena.allocate(Etcdserverpb__ResponseHeader.self)
            value.wireFill(item, arena: &arena)
            c.pointee.header = item
        }
        if !self.version.isEmpty { c.pointee.version = arena.cString(self.version) }
        c.pointee.dbsize = self.dbSize
        c.pointee.leader = self.leader
        c.pointee.raftindex = self.raftIndex
        c.pointee.raftterm = self.raftTerm
        c.pointee.raftappliedindex = self.raftAppliedIndex
        if !self.errors.isEmpty {
            let array = arena.allocateArray(UnsafeMutablePointer<CChar>?.self, count: self.errors.count)
            for index in self.errors.indices {
                (array + index).initialize(to: arena.cString(self.errors[index]))
            }
            c.pointee.n_errors = self.errors.count
            c.pointee.errors = array
        }
        c.pointee.dbsizeinuse = self.dbSizeInUse
        c.pointee.islearner = self.isLearner ? 1 : 0
        if !self.storageVersion.isEmpty { c.pointee.storageversion = arena.cString(self.storageVersion) }
        c.pointee.dbsizequota = self.dbSizeQuota
        if let value = self.downgradeInfo {
            let item = arena.allocate(Etcdserverpb__DowngradeInfo.self)
            value.wireFill(item, arena: &arena)
            c.pointee.downgradeinfo = item
        }
    }

    package init(wireStruct c: UnsafePointer<Etcdserverpb__StatusResponse>) throws(WireDecodingError) {
        self.init()
        if let item = c.pointee.header {
            self.header = try Etcdserverpb.ResponseHeader(wireStruct: item)
        }
        self.version = wireDecodeString(c.pointee.version)
        self.dbSize = c.pointee.dbsize
        self.leader = c.pointee.leader
        self.raftIndex = c.pointee.raftindex
        self.raftTerm = c.pointee.raftterm
        self.raftAppliedIndex = c.pointee.raftappliedindex
        if let array = try wireDecodeArray(c.pointee.errors, c.pointee.n_errors) {
            let count = c.pointee.n_errors
            self.errors.reserveCapacity(count)
            for index in 0..<count {
                self.errors.append(wireDecodeString(array[index]))
            }
        }
        self.dbSizeInUse = c.pointee.dbsizeinuse
        self.isLearner = c.pointee.islearner != 0
        self.storageVersion = wireDecodeString(c.pointee.storageversion)
        self.dbSizeQuota = c.pointee.dbsizequota
        if let item = c.pointee.downgradeinfo {
            self.downgradeInfo = try Etcdserverpb.DowngradeInfo(wireStruct: item)
        }
    }
}

extension Etcdserverpb.DowngradeInfo {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: etcdserverpb__downgrade_info__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(Etcdserverpb__DowngradeInfo.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        var size = wireAligned(MemoryLayout<Etcdserverpb__DowngradeInfo>.size)
        if !self.targetVersion.isEmpty { size += wireStringSize(self.targetVersion) }
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<Etcdserverpb__DowngradeInfo>, arena: inout WireEncodeArena) {
        etcdserverpb__downgrade_info__init(c)
        c.pointee.enabled = self.enabled ? 1 : 0
        if !self.targetVersion.isEmpty { c.pointee.targetversion = arena.cString(self.targetVersion) }
    }

    package init(wireStruct c: UnsafePointer<Etcdserverpb__DowngradeInfo>) throws(WireDecodingError) {
        self.init()
        self.enabled = c.pointee.enabled != 0
        self.targetVersion = wireDecodeString(c.pointee.targetversion)
    }
}

extension Etcdserverpb.AuthEnableRequest {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: etcdserverpb__auth_enable_request__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(Etcdserverpb__AuthEnableRequest.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        let size = wireAligned(MemoryLayout<Etcdserverpb__AuthEnableRequest>.size)
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<Etcdserverpb__AuthEnableRequest>, arena: inout WireEncodeArena) {
        etcdserverpb__auth_enable_request__init(c)
    }

    package init(wireStruct c: UnsafePointer<Etcdserverpb__AuthEnableRequest>) throws(WireDecodingError) {
        self.init()
    }
}

extension Etcdserverpb.AuthDisableRequest {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: etcdserverpb__auth_disable_request__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(Etcdserverpb__AuthDisableRequest.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        let size = wireAligned(MemoryLayout<Etcdserverpb__AuthDisableRequest>.size)
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<Etcdserverpb__AuthDisableRequest>, arena: inout WireEncodeArena) {
        etcdserverpb__auth_disable_request__init(c)
    }

    package init(wireStruct c: UnsafePointer<Etcdserverpb__AuthDisableRequest>) throws(WireDecodingError) {
        self.init()
    }
}

extension Etcdserverpb.AuthStatusRequest {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: etcdserverpb__auth_status_request__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(Etcdserverpb__AuthStatusRequest.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        let size = wireAligned(MemoryLayout<Etcdserverpb__AuthStatusRequest>.size)
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<Etcdserverpb__AuthStatusRequest>, arena: inout WireEncodeArena) {
        etcdserverpb__auth_status_request__init(c)
    }

    package init(wireStruct c: UnsafePointer<Etcdserverpb__AuthStatusRequest>) throws(WireDecodingError) {
        self.init()
    }
}

extension Etcdserverpb.AuthenticateRequest {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: etcdserverpb__authenticate_request__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(Etcdserverpb__AuthenticateRequest.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        var size = wireAligned(MemoryLayout<Etcdserverpb__AuthenticateRequest>.size)
        if !self.name.isEmpty { size += wireStringSize(self.name) }
        if !self.password.isEmpty { size += wireStringSize(self.password) }
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<Etcdserverpb__AuthenticateRequest>, arena: inout WireEncodeArena) {
        etcdserverpb__authenticate_request__init(c)
        if !self.name.isEmpty { c.pointee.name = arena.cString(self.name) }
        if !self.password.isEmpty { c.pointee.password = arena.cString(self.password) }
    }

    package init(wireStruct c: UnsafePointer<Etcdserverpb__AuthenticateRequest>) throws(WireDecodingError) {
        self.init()
        self.name = wireDecodeString(c.pointee.name)
        self.password = wireDecodeString(c.pointee.password)
    }
}

extension Etcdserverpb.AuthUserAddRequest {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: etcdserverpb__auth_user_add_request__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(Etcdserverpb__AuthUserAddRequest.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        var size = wireAligned(MemoryLayout<Etcdserverpb__AuthUserAddRequest>.size)
        if !self.name.isEmpty { size += wireStringSize(self.name) }
        if !self.password.isEmpty { size += wireStringSize(self.password) }
        if let value = self.options { size += value.wireArenaSize }
        if !self.hashedPassword.isEmpty { size += wireStringSize(self.hashedPassword) }
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<Etcdserverpb__AuthUserAddRequest>, arena: inout WireEncodeArena) {
        etcdserverpb__auth_user_add_request__init(c)
        if !self.name.isEmpty { c.pointee.name = arena.cString(self.name) }
        if !self.password.isEmpty { c.pointee.password = arena.cString(self.password) }
        if let value = self.options {
            let item = arena.allocate(Authpb__UserAddOptions.self)
            value.wireFill(item, arena: &arena)
            c.pointee.options = item
        }
        if !self.hashedPassword.isEmpty { c.pointee.hashedpassword = arena.cString(self.hashedPassword) }
    }

    package init(wireStruct c: UnsafePointer<Etcdserverpb__AuthUserAddRequest>) throws(WireDecodingError) {
        self.init()
        self.name = wireDecodeString(c.pointee.name)
        self.password = wireDecodeString(c.pointee.password)
        if let item = c.pointee.options {
            self.options = try Authpb.UserAddOptions(wireStruct: item)
        }
        self.hashedPassword = wireDecodeString(c.pointee.hashedpassword)
    }
}

extension Etcdserverpb.AuthUserGetRequest {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: etcdserverpb__auth_user_get_request__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(Etcdserverpb__AuthUserGetRequest.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        var size = wireAligned(MemoryLayout<Etcdserverpb__AuthUserGetRequest>.size)
        if !self.name.isEmpty { size += wireStringSize(self.name) }
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<Etcdserverpb__AuthUserGetRequest>, arena: inout WireEncodeArena) {
        etcdserverpb__auth_user_get_request__init(c)
        if !self.name.isEmpty { c.pointee.name = arena.cString(self.name) }
    }

    package init(wireStruct c: UnsafePointer<Etcdserverpb__AuthUserGetRequest>) throws(WireDecodingError) {
        self.init()
        self.name = wireDecodeString(c.pointee.name)
    }
}

extension Etcdserverpb.AuthUserDeleteRequest {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: etcdserverpb__auth_user_delete_request__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(Etcdserverpb__AuthUserDeleteRequest.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        var size = wireAligned(MemoryLayout<Etcdserverpb__AuthUserDeleteRequest>.size)
        if !self.name.isEmpty { size += wireStringSize(self.name) }
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<Etcdserverpb__AuthUserDeleteRequest>, arena: inout WireEncodeArena) {
        etcdserverpb__auth_user_delete_request__init(c)
        if !self.name.isEmpty { c.pointee.name = arena.cString(self.name) }
    }

    package init(wireStruct c: UnsafePointer<Etcdserverpb__AuthUserDeleteRequest>) throws(WireDecodingError) {
        self.init()
        self.name = wireDecodeString(c.pointee.name)
    }
}

extension Etcdserverpb.AuthUserChangePasswordRequest {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: etcdserverpb__auth_user_change_password_request__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(Etcdserverpb__AuthUserChangePasswordRequest.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        var size = wireAligned(MemoryLayout<Etcdserverpb__AuthUserChangePasswordRequest>.size)
        if !self.name.isEmpty { size += wireStringSize(self.name) }
        if !self.password.isEmpty { size += wireStringSize(self.password) }
        if !self.hashedPassword.isEmpty { size += wireStringSize(self.hashedPassword) }
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<Etcdserverpb__AuthUserChangePasswordRequest>, arena: inout WireEncodeArena) {
        etcdserverpb__auth_user_change_password_request__init(c)
        if !self.name.isEmpty { c.pointee.name = arena.cString(self.name) }
        if !self.password.isEmpty { c.pointee.password = arena.cString(self.password) }
        if !self.hashedPassword.isEmpty { c.pointee.hashedpassword = arena.cString(self.hashedPassword) }
    }

    package init(wireStruct c: UnsafePointer<Etcdserverpb__AuthUserChangePasswordRequest>) throws(WireDecodingError) {
        self.init()
        self.name = wireDecodeString(c.pointee.name)
        self.password = wireDecodeString(c.pointee.password)
        self.hashedPassword = wireDecodeString(c.pointee.hashedpassword)
    }
}

extension Etcdserverpb.AuthUserGrantRoleRequest {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: etcdserverpb__auth_user_grant_role_request__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(Etcdserverpb__AuthUserGrantRoleRequest.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        var size = wireAligned(MemoryLayout<Etcdserverpb__AuthUserGrantRoleRequest>.size)
        if !self.user.isEmpty { size += wireStringSize(self.user) }
        if !self.role.isEmpty { size += wireStringSize(self.role) }
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<Etcdserverpb__AuthUserGrantRoleRequest>, arena: inout WireEncodeArena) {
        etcdserverpb__auth_user_grant_role_request__init(c)
        if !self.user.isEmpty { c.pointee.user = arena.cString(self.user) }
        if !self.role.isEmpty { c.pointee.role = arena.cString(self.role) }
    }

    package init(wireStruct c: UnsafePointer<Etcdserverpb__AuthUserGrantRoleRequest>) throws(WireDecodingError) {
        self.init()
        self.user = wireDecodeString(c.pointee.user)
        self.role = wireDecodeString(c.pointee.role)
    }
}

extension Etcdserverpb.AuthUserRevokeRoleRequest {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: etcdserverpb__auth_user_revoke_role_request__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(Etcdserverpb__AuthUserRevokeRoleRequest.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        var size = wireAligned(MemoryLayout<Etcdserverpb__AuthUserRevokeRoleRequest>.size)
        if !self.name.isEmpty { size += wireStringSize(self.name) }
        if !self.role.isEmpty { size += wireStringSize(self.role) }
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<Etcdserverpb__AuthUserRevokeRoleRequest>, arena: inout WireEncodeArena) {
        etcdserverpb__auth_user_revoke_role_request__init(c)
        if !self.name.isEmpty { c.pointee.name = arena.cString(self.name) }
        if !self.role.isEmpty { c.pointee.role = arena.cString(self.role) }
    }

    package init(wireStruct c: UnsafePointer<Etcdserverpb__AuthUserRevokeRoleRequest>) throws(WireDecodingError) {
        self.init()
        self.name = wireDecodeString(c.pointee.name)
        self.role = wireDecodeString(c.pointee.role)
    }
}

extension Etcdserverpb.AuthRoleAddRequest {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: etcdserverpb__auth_role_add_request__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(Etcdserverpb__AuthRoleAddRequest.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        var size = wireAligned(MemoryLayout<Etcdserverpb__AuthRoleAddRequest>.size)
        if !self.name.isEmpty { size += wireStringSize(self.name) }
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<Etcdserverpb__AuthRoleAddRequest>, arena: inout WireEncodeArena) {
        etcdserverpb__auth_role_add_request__init(c)
        if !self.name.isEmpty { c.pointee.name = arena.cString(self.name) }
    }

    package init(wireStruct c: UnsafePointer<Etcdserverpb__AuthRoleAddRequest>) throws(WireDecodingError) {
        self.init()
        self.name = wireDecodeString(c.pointee.name)
    }
}

extension Etcdserverpb.AuthRoleGetRequest {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: etcdserverpb__auth_role_get_request__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(Etcdserverpb__AuthRoleGetRequest.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        var size = wireAligned(MemoryLayout<Etcdserverpb__AuthRoleGetRequest>.size)
        if !self.role.isEmpty { size += wireStringSize(self.role) }
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<Etcdserverpb__AuthRoleGetRequest>, arena: inout WireEncodeArena) {
        etcdserverpb__auth_role_get_request__init(c)
        if !self.role.isEmpty { c.pointee.role = arena.cString(self.role) }
    }

    package init(wireStruct c: UnsafePointer<Etcdserverpb__AuthRoleGetRequest>) throws(WireDecodingError) {
        self.init()
        self.role = wireDecodeString(c.pointee.role)
    }
}

extension Etcdserverpb.AuthUserListRequest {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: etcdserverpb__auth_user_list_request__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(Etcdserverpb__AuthUserListRequest.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        let size = wireAligned(MemoryLayout<Etcdserverpb__AuthUserListRequest>.size)
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<Etcdserverpb__AuthUserListRequest>, arena: inout WireEncodeArena) {
        etcdserverpb__auth_user_list_request__init(c)
    }

    package init(wireStruct c: UnsafePointer<Etcdserverpb__AuthUserListRequest>) throws(WireDecodingError) {
        self.init()
    }
}

extension Etcdserverpb.AuthRoleListRequest {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: etcdserverpb__auth_role_list_request__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(Etcdserverpb__AuthRoleListRequest.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        let size = wireAligned(MemoryLayout<Etcdserverpb__AuthRoleListRequest>.size)
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<Etcdserverpb__AuthRoleListRequest>, arena: inout WireEncodeArena) {
        etcdserverpb__auth_role_list_request__init(c)
    }

    package init(wireStruct c: UnsafePointer<Etcdserverpb__AuthRoleListRequest>) throws(WireDecodingError) {
        self.init()
    }
}

extension Etcdserverpb.AuthRoleDeleteRequest {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: etcdserverpb__auth_role_delete_request__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(Etcdserverpb__AuthRoleDeleteRequest.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        var size = wireAligned(MemoryLayout<Etcdserverpb__AuthRoleDeleteRequest>.size)
        if !self.role.isEmpty { size += wireStringSize(self.role) }
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<Etcdserverpb__AuthRoleDeleteRequest>, arena: inout WireEncodeArena) {
        etcdserverpb__auth_role_delete_request__init(c)
        if !self.role.isEmpty { c.pointee.role = arena.cString(self.role) }
    }

    package init(wireStruct c: UnsafePointer<Etcdserverpb__AuthRoleDeleteRequest>) throws(WireDecodingError) {
        self.init()
        self.role = wireDecodeString(c.pointee.role)
    }
}

extension Etcdserverpb.AuthRoleGrantPermissionRequest {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: etcdserverpb__auth_role_grant_permission_request__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(Etcdserverpb__AuthRoleGrantPermissionRequest.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        var size = wireAligned(MemoryLayout<Etcdserverpb__AuthRoleGrantPermissionRequest>.size)
        if !self.name.isEmpty { size += wireStringSize(self.name) }
        if let value = self.perm { size += value.wireArenaSize }
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<Etcdserverpb__AuthRoleGrantPermissionRequest>, arena: inout WireEncodeArena) {
        etcdserverpb__auth_role_grant_permission_request__init(c)
        if !self.name.isEmpty { c.pointee.name = arena.cString(self.name) }
        if let value = self.perm {
            let item = arena.allocate(Authpb__Permission.self)
            value.wireFill(item, arena: &arena)
            c.pointee.perm = item
        }
    }

    package init(wireStruct c: UnsafePointer<Etcdserverpb__AuthRoleGrantPermissionRequest>) throws(WireDecodingError) {
        self.init()
        self.name = wireDecodeString(c.pointee.name)
        if let item = c.pointee.perm {
            self.perm = try Authpb.Permission(wireStruct: item)
        }
    }
}

extension Etcdserverpb.AuthRoleRevokePermissionRequest {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: etcdserverpb__auth_role_revoke_permission_request__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(Etcdserverpb__AuthRoleRevokePermissionRequest.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        var size = wireAligned(MemoryLayout<Etcdserverpb__AuthRoleRevokePermissionRequest>.size)
        if !self.role.isEmpty { size += wireStringSize(self.role) }
        size += wireAligned(self.key.count)
        size += wireAligned(self.rangeEnd.count)
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<Etcdserverpb__AuthRoleRevokePermissionRequest>, arena: inout WireEncodeArena) {
        etcdserverpb__auth_role_revoke_permission_request__init(c)
        if !self.role.isEmpty { c.pointee.role = arena.cString(self.role) }
        c.pointee.key = arena.binaryData(self.key)
        c.pointee.range_end = arena.binaryData(self.rangeEnd)
    }

    package init(wireStruct c: UnsafePointer<Etcdserverpb__AuthRoleRevokePermissionRequest>) throws(WireDecodingError) {
        self.init()
        self.role = wireDecodeString(c.pointee.role)
        self.key = try wireDecodeBytes(c.pointee.key)
        self.rangeEnd = try wireDecodeBytes(c.pointee.range_end)
    }
}

extension Etcdserverpb.AuthEnableResponse {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: etcdserverpb__auth_enable_response__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(Etcdserverpb__AuthEnableResponse.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        var size = wireAligned(MemoryLayout<Etcdserverpb__AuthEnableResponse>.size)
        if let value = self.header { size += value.wireArenaSize }
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<Etcdserverpb__AuthEnableResponse>, arena: inout WireEncodeArena) {
        etcdserverpb__auth_enable_response__init(c)
        if let value = self.header {
            let item = arena.allocate(Etcdserverpb__ResponseHeader.self)
            value.wireFill(item, arena: &arena)
            c.pointee.header = item
        }
    }

    package init(wireStruct c: UnsafePointer<Etcdserverpb__AuthEnableResponse>) throws(WireDecodingError) {
        self.init()
        if let item = c.pointee.header {
            self.header = try Etcdserverpb.ResponseHeader(wireStruct: item)
        }
    }
}

extension Etcdserverpb.AuthDisableResponse {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: etcdserverpb__auth_disable_response__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(Etcdserverpb__AuthDisableResponse.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        var size = wireAligned(MemoryLayout<Etcdserverpb__AuthDisableResponse>.size)
        if let value = self.header { size += value.wireArenaSize }
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<Etcdserverpb__AuthDisableResponse>, arena: inout WireEncodeArena) {
        etcdserverpb__auth_disable_response__init(c)
        if let value = self.header {
            let item = arena.allocate(Etcdserverpb__ResponseHeader.self)
            value.wireFill(item, arena: &arena)
            c.pointee.header = item
        }
    }

    package init(wireStruct c: UnsafePointer<Etcdserverpb__AuthDisableResponse>) throws(WireDecodingError) {
        self.init()
        if let item = c.pointee.header {
            self.header = try Etcdserverpb.ResponseHeader(wireStruct: item)
        }
    }
}

extension Etcdserverpb.AuthStatusResponse {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: etcdserverpb__auth_status_response__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(Etcdserverpb__AuthStatusResponse.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        var size = wireAligned(MemoryLayout<Etcdserverpb__AuthStatusResponse>.size)
        if let value = self.header { size += value.wireArenaSize }
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<Etcdserverpb__AuthStatusResponse>, arena: inout WireEncodeArena) {
        etcdserverpb__auth_status_response__init(c)
        if let value = self.header {
            let item = arena.allocate(Etcdserverpb__ResponseHeader.self)
            value.wireFill(item, arena: &arena)
            c.pointee.header = item
        }
        c.pointee.enabled = self.enabled ? 1 : 0
        c.pointee.authrevision = self.authRevision
    }

    package init(wireStruct c: UnsafePointer<Etcdserverpb__AuthStatusResponse>) throws(WireDecodingError) {
        self.init()
        if let item = c.pointee.header {
            self.header = try Etcdserverpb.ResponseHeader(wireStruct: item)
        }
        self.enabled = c.pointee.enabled != 0
        self.authRevision = c.pointee.authrevision
    }
}

extension Etcdserverpb.AuthenticateResponse {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: etcdserverpb__authenticate_response__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(Etcdserverpb__AuthenticateResponse.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        var size = wireAligned(MemoryLayout<Etcdserverpb__AuthenticateResponse>.size)
        if let value = self.header { size += value.wireArenaSize }
        if !self.token.isEmpty { size += wireStringSize(self.token) }
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<Etcdserverpb__AuthenticateResponse>, arena: inout WireEncodeArena) {
        etcdserverpb__authenticate_response__init(c)
        if let value = self.header {
            let item = arena.allocate(Etcdserverpb__ResponseHeader.self)
            value.wireFill(item, arena: &arena)
            c.pointee.header = item
        }
        if !self.token.isEmpty { c.pointee.token = arena.cString(self.token) }
    }

    package init(wireStruct c: UnsafePointer<Etcdserverpb__AuthenticateResponse>) throws(WireDecodingError) {
        self.init()
        if let item = c.pointee.header {
            self.header = try Etcdserverpb.ResponseHeader(wireStruct: item)
        }
        self.token = wireDecodeString(c.pointee.token)
    }
}

extension Etcdserverpb.AuthUserAddResponse {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: etcdserverpb__auth_user_add_response__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(Etcdserverpb__AuthUserAddResponse.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        var size = wireAligned(MemoryLayout<Etcdserverpb__AuthUserAddResponse>.size)
        if let value = self.header { size += value.wireArenaSize }
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<Etcdserverpb__AuthUserAddResponse>, arena: inout WireEncodeArena) {
        etcdserverpb__auth_user_add_response__init(c)
        if let value = self.header {
            let item = arena.allocate(Etcdserverpb__ResponseHeader.self)
            value.wireFill(item, arena: &arena)
            c.pointee.header = item
        }
    }

    package init(wireStruct c: UnsafePointer<Etcdserverpb__AuthUserAddResponse>) throws(WireDecodingError) {
        self.init()
        if let item = c.pointee.header {
            self.header = try Etcdserverpb.ResponseHeader(wireStruct: item)
        }
    }
}

extension Etcdserverpb.AuthUserGetResponse {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: etcdserverpb__auth_user_get_response__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(Etcdserverpb__AuthUserGetResponse.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        var size = wireAligned(MemoryLayout<Etcdserverpb__AuthUserGetResponse>.size)
        if let value = self.header { size += value.wireArenaSize }
        size += wireAligned(MemoryLayout<UnsafeMutablePointer<CChar>?>.stride * self.roles.count)
        for index in self.roles.indices { size += wireStringSize(self.roles[index]) }
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<Etcdserverpb__AuthUserGetResponse>, arena: inout WireEncodeArena) {
        etcdserverpb__auth_user_get_response__init(c)
        if let value = self.header {
            let item = arena.allocate(Etcdserverpb__ResponseHeader.self)
            value.wireFill(item, arena: &arena)
            c.pointee.header = item
        }
        if !self.roles.isEmpty {
            let array = arena.allocateArray(UnsafeMutablePointer<CChar>?.self, count: self.roles.count)
            for index in self.roles.indices {
                (array + index).initialize(to: arena.cString(self.roles[index]))
            }
            c.pointee.n_roles = self.roles.count
            c.pointee.roles = array
        }
    }

    package init(wireStruct c: UnsafePointer<Etcdserverpb__AuthUserGetResponse>) throws(WireDecodingError) {
        self.init()
        if let item = c.pointee.header {
            self.header = try Etcdserverpb.ResponseHeader(wireStruct: item)
        }
        if let array = try wireDecodeArray(c.pointee.roles, c.pointee.n_roles) {
            let count = c.pointee.n_roles
            self.roles.reserveCapacity(count)
            for index in 0..<count {
                self.roles.append(wireDecodeString(array[index]))
            }
        }
    }
}

extension Etcdserverpb.AuthUserDeleteResponse {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: etcdserverpb__auth_user_delete_response__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(Etcdserverpb__AuthUserDeleteResponse.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        var size = wireAligned(MemoryLayout<Etcdserverpb__AuthUserDeleteResponse>.size)
        if let value = self.header { size += value.wireArenaSize }
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<Etcdserverpb__AuthUserDeleteResponse>, arena: inout WireEncodeArena) {
        etcdserverpb__auth_user_delete_response__init(c)
        if let value = self.header {
            let item = arena.allocate(Etcdserverpb__ResponseHeader.self)
            value.wireFill(item, arena: &arena)
            c.pointee.header = item
        }
    }

    package init(wireStruct c: UnsafePointer<Etcdserverpb__AuthUserDeleteResponse>) throws(WireDecodingError) {
        self.init()
        if let item = c.pointee.header {
            self.header = try Etcdserverpb.ResponseHeader(wireStruct: item)
        }
    }
}

extension Etcdserverpb.AuthUserChangePasswordResponse {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: etcdserverpb__auth_user_change_password_response__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(Etcdserverpb__AuthUserChangePasswordResponse.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        var size = wireAligned(MemoryLayout<Etcdserverpb__AuthUserChangePasswordResponse>.size)
        if let value = self.header { size += value.wireArenaSize }
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<Etcdserverpb__AuthUserChangePasswordResponse>, arena: inout WireEncodeArena) {
        etcdserverpb__auth_user_change_password_response__init(c)
        if let value = self.header {
            let item = arena.allocate(Etcdserverpb__ResponseHeader.self)
            value.wireFill(item, arena: &arena)
            c.pointee.header = item
        }
    }

    package init(wireStruct c: UnsafePointer<Etcdserverpb__AuthUserChangePasswordResponse>) throws(WireDecodingError) {
        self.init()
        if let item = c.pointee.header {
            self.header = try Etcdserverpb.ResponseHeader(wireStruct: item)
        }
    }
}

extension Etcdserverpb.AuthUserGrantRoleResponse {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: etcdserverpb__auth_user_grant_role_response__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(Etcdserverpb__AuthUserGrantRoleResponse.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        var size = wireAligned(MemoryLayout<Etcdserverpb__AuthUserGrantRoleResponse>.size)
        if let value = self.header { size += value.wireArenaSize }
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<Etcdserverpb__AuthUserGrantRoleResponse>, arena: inout WireEncodeArena) {
        etcdserverpb__auth_user_grant_role_response__init(c)
        if let value = self.header {
            let item = arena.allocate(Etcdserverpb__ResponseHeader.self)
            value.wireFill(item, arena: &arena)
            c.pointee.header = item
        }
    }

    package init(wireStruct c: UnsafePointer<Etcdserverpb__AuthUserGrantRoleResponse>) throws(WireDecodingError) {
        self.init()
        if let item = c.pointee.header {
            self.header = try Etcdserverpb.ResponseHeader(wireStruct: item)
        }
    }
}

extension Etcdserverpb.AuthUserRevokeRoleResponse {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: etcdserverpb__auth_user_revoke_role_response__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(Etcdserverpb__AuthUserRevokeRoleResponse.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        var size = wireAligned(MemoryLayout<Etcdserverpb__AuthUserRevokeRoleResponse>.size)
        if let value = self.header { size += value.wireArenaSize }
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<Etcdserverpb__AuthUserRevokeRoleResponse>, arena: inout WireEncodeArena) {
        etcdserverpb__auth_user_revoke_role_response__init(c)
        if let value = self.header {
            let item = arena.allocate(Etcdserverpb__ResponseHeader.self)
            value.wireFill(item, arena: &arena)
            c.pointee.header = item
        }
    }

    package init(wireStruct c: UnsafePointer<Etcdserverpb__AuthUserRevokeRoleResponse>) throws(WireDecodingError) {
        self.init()
        if let item = c.pointee.header {
            self.header = try Etcdserverpb.ResponseHeader(wireStruct: item)
        }
    }
}

extension Etcdserverpb.AuthRoleAddResponse {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: etcdserverpb__auth_role_add_response__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(Etcdserverpb__AuthRoleAddResponse.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        var size = wireAligned(MemoryLayout<Etcdserverpb__AuthRoleAddResponse>.size)
        if let value = self.header { size += value.wireArenaSize }
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<Etcdserverpb__AuthRoleAddResponse>, arena: inout WireEncodeArena) {
        etcdserverpb__auth_role_add_response__init(c)
        if let value = self.header {
            let item = arena.allocate(Etcdserverpb__ResponseHeader.self)
            value.wireFill(item, arena: &arena)
            c.pointee.header = item
        }
    }

    package init(wireStruct c: UnsafePointer<Etcdserverpb__AuthRoleAddResponse>) throws(WireDecodingError) {
        self.init()
        if let item = c.pointee.header {
            self.header = try Etcdserverpb.ResponseHeader(wireStruct: item)
        }
    }
}

extension Etcdserverpb.AuthRoleGetResponse {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: etcdserverpb__auth_role_get_response__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(Etcdserverpb__AuthRoleGetResponse.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        var size = wireAligned(MemoryLayout<Etcdserverpb__AuthRoleGetResponse>.size)
        if let value = self.header { size += value.wireArenaSize }
        size += wireAligned(MemoryLayout<UnsafeMutablePointer<Authpb__Permission>?>.stride * self.perm.count)
        for index in self.perm.indices { size += self.perm[index].wireArenaSize }
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<Etcdserverpb__AuthRoleGetResponse>, arena: inout WireEncodeArena) {
        etcdserverpb__auth_role_get_response__init(c)
        if let value = self.header {
            let item = arena.allocate(Etcdserverpb__ResponseHeader.self)
            value.wireFill(item, arena: &arena)
            c.pointee.header = item
        }
        if !self.perm.isEmpty {
            let array = arena.allocateArray(UnsafeMutablePointer<Authpb__Permission>?.self, count: self.perm.count)
            for index in self.perm.indices {
                let item = arena.allocate(Authpb__Permission.self)
                self.perm[index].wireFill(item, arena: &arena)
                (array + index).initialize(to: item)
            }
            c.pointee.n_perm = self.perm.count
            c.pointee.perm = array
        }
    }

    package init(wireStruct c: UnsafePointer<Etcdserverpb__AuthRoleGetResponse>) throws(WireDecodingError) {
        self.init()
        if let item = c.pointee.header {
            self.header = try Etcdserverpb.ResponseHeader(wireStruct: item)
        }
        if let array = try wireDecodeArray(c.pointee.perm, c.pointee.n_perm) {
            let count = c.pointee.n_perm
            self.perm.reserveCapacity(count)
            for index in 0..<count {
                guard let item = array[index] else { throw .malformed }
                self.perm.append(try Authpb.Permission(wireStruct: item))
            }
        }
    }
}

extension Etcdserverpb.AuthRoleListResponse {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: etcdserverpb__auth_role_list_response__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(Etcdserverpb__AuthRoleListResponse.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        var size = wireAligned(MemoryLayout<Etcdserverpb__AuthRoleListResponse>.size)
        if let value = self.header { size += value.wireArenaSize }
        size += wireAligned(MemoryLayout<UnsafeMutablePointer<CChar>?>.stride * self.roles.count)
        for index in self.roles.indices { size += wireStringSize(self.roles[index]) }
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<Etcdserverpb__AuthRoleListResponse>, arena: inout WireEncodeArena) {
        etcdserverpb__auth_role_list_response__init(c)
        if let value = self.header {
            let item = arena.allocate(Etcdserverpb__ResponseHeader.self)
            value.wireFill(item, arena: &arena)
            c.pointee.header = item
        }
        if !self.roles.isEmpty {
            let array = arena.allocateArray(UnsafeMutablePointer<CChar>?.self, count: self.roles.count)
            for index in self.roles.indices {
                (array + index).initialize(to: arena.cString(self.roles[index]))
            }
            c.pointee.n_roles = self.roles.count
            c.pointee.roles = array
        }
    }

    package init(wireStruct c: UnsafePointer<Etcdserverpb__AuthRoleListResponse>) throws(WireDecodingError) {
        self.init()
        if let item = c.pointee.header {
            self.header = try Etcdserverpb.ResponseHeader(wireStruct: item)
        }
        if let array = try wireDecodeArray(c.pointee.roles, c.pointee.n_roles) {
            let count = c.pointee.n_roles
            self.roles.reserveCapacity(count)
            for index in 0..<count {
                self.roles.append(wireDecodeString(array[index]))
            }
        }
    }
}

extension Etcdserverpb.AuthUserListResponse {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: etcdserverpb__auth_user_list_response__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(Etcdserverpb__AuthUserListResponse.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        var size = wireAligned(MemoryLayout<Etcdserverpb__AuthUserListResponse>.size)
        if let value = self.header { size += value.wireArenaSize }
        size += wireAligned(MemoryLayout<UnsafeMutablePointer<CChar>?>.stride * self.users.count)
        for index in self.users.indices { size += wireStringSize(self.users[index]) }
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<Etcdserverpb__AuthUserListResponse>, arena: inout WireEncodeArena) {
        etcdserverpb__auth_user_list_response__init(c)
        if let value = self.header {
            let item = arena.allocate(Etcdserverpb__ResponseHeader.self)
            value.wireFill(item, arena: &arena)
            c.pointee.header = item
        }
        if !self.users.isEmpty {
            let array = arena.allocateArray(UnsafeMutablePointer<CChar>?.self, count: self.users.count)
            for index in self.users.indices {
                (array + index).initialize(to: arena.cString(self.users[index]))
            }
            c.pointee.n_users = self.users.count
            c.pointee.users = array
        }
    }

    package init(wireStruct c: UnsafePointer<Etcdserverpb__AuthUserListResponse>) throws(WireDecodingError) {
        self.init()
        if let item = c.pointee.header {
            self.header = try Etcdserverpb.ResponseHeader(wireStruct: item)
        }
        if let array = try wireDecodeArray(c.pointee.users, c.pointee.n_users) {
            let count = c.pointee.n_users
            self.users.reserveCapacity(count)
            for index in 0..<count {
                self.users.append(wireDecodeString(array[index]))
            }
        }
    }
}

extension Etcdserverpb.AuthRoleDeleteResponse {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: etcdserverpb__auth_role_delete_response__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(Etcdserverpb__AuthRoleDeleteResponse.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        var size = wireAligned(MemoryLayout<Etcdserverpb__AuthRoleDeleteResponse>.size)
        if let value = self.header { size += value.wireArenaSize }
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<Etcdserverpb__AuthRoleDeleteResponse>, arena: inout WireEncodeArena) {
        etcdserverpb__auth_role_delete_response__init(c)
        if let value = self.header {
            let item = arena.allocate(Etcdserverpb__ResponseHeader.self)
            value.wireFill(item, arena: &arena)
            c.pointee.header = item
        }
    }

    package init(wireStruct c: UnsafePointer<Etcdserverpb__AuthRoleDeleteResponse>) throws(WireDecodingError) {
        self.init()
        if let item = c.pointee.header {
            self.header = try Etcdserverpb.ResponseHeader(wireStruct: item)
        }
    }
}

extension Etcdserverpb.AuthRoleGrantPermissionResponse {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: etcdserverpb__auth_role_grant_permission_response__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(Etcdserverpb__AuthRoleGrantPermissionResponse.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        var size = wireAligned(MemoryLayout<Etcdserverpb__AuthRoleGrantPermissionResponse>.size)
        if let value = self.header { size += value.wireArenaSize }
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<Etcdserverpb__AuthRoleGrantPermissionResponse>, arena: inout WireEncodeArena) {
        etcdserverpb__auth_role_grant_permission_response__init(c)
        if let value = self.header {
            let item = arena.allocate(Etcdserverpb__ResponseHeader.self)
            value.wireFill(item, arena: &arena)
            c.pointee.header = item
        }
    }

    package init(wireStruct c: UnsafePointer<Etcdserverpb__AuthRoleGrantPermissionResponse>) throws(WireDecodingError) {
        self.init()
        if let item = c.pointee.header {
            self.header = try Etcdserverpb.ResponseHeader(wireStruct: item)
        }
    }
}

extension Etcdserverpb.AuthRoleRevokePermissionResponse {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: etcdserverpb__auth_role_revoke_permission_response__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(Etcdserverpb__AuthRoleRevokePermissionResponse.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        var size = wireAligned(MemoryLayout<Etcdserverpb__AuthRoleRevokePermissionResponse>.size)
        if let value = self.header { size += value.wireArenaSize }
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<Etcdserverpb__AuthRoleRevokePermissionResponse>, arena: inout WireEncodeArena) {
        etcdserverpb__auth_role_revoke_permission_response__init(c)
        if let value = self.header {
            let item = arena.allocate(Etcdserverpb__ResponseHeader.self)
            value.wireFill(item, arena: &arena)
            c.pointee.header = item
        }
    }

    package init(wireStruct c: UnsafePointer<Etcdserverpb__AuthRoleRevokePermissionResponse>) throws(WireDecodingError) {
        self.init()
        if let item = c.pointee.header {
            self.header = try Etcdserverpb.ResponseHeader(wireStruct: item)
        }
    }
}
