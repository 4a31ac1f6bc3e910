// DO NOT EDIT; regenerate with Codegen/generate.sh
// Generated from Protos/v3election.proto.
// Conversion between the Swift messages and the protobuf-c structs.

internal import CEtcd3ProtobufC
package import CEtcd3Protos

extension V3electionpb.CampaignRequest {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: v3electionpb__campaign_request__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(V3electionpb__CampaignRequest.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        var size = wireAligned(MemoryLayout<V3electionpb__CampaignRequest>.size)
        size += wireAligned(self.name.count)
        size += wireAligned(self.value.count)
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<V3electionpb__CampaignRequest>, arena: inout WireEncodeArena) {
        v3electionpb__campaign_request__init(c)
        c.pointee.name = arena.binaryData(self.name)
        c.pointee.lease = self.lease
        c.pointee.value = arena.binaryData(self.value)
    }

    package init(wireStruct c: UnsafePointer<V3electionpb__CampaignRequest>) throws(WireDecodingError) {
        self.init()
        self.name = try wireDecodeBytes(c.pointee.name)
        self.lease = c.pointee.lease
        self.value = try wireDecodeBytes(c.pointee.value)
    }
}

extension V3electionpb.CampaignResponse {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: v3electionpb__campaign_response__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(V3electionpb__CampaignResponse.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        var size = wireAligned(MemoryLayout<V3electionpb__CampaignResponse>.size)
        if let value = self.header { size += value.wireArenaSize }
        if let value = self.leader { size += value.wireArenaSize }
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<V3electionpb__CampaignResponse>, arena: inout WireEncodeArena) {
        v3electionpb__campaign_response__init(c)
        if let value = self.header {
            let item = arena.allocate(Etcdserverpb__ResponseHeader.self)
            value.wireFill(item, arena: &arena)
            c.pointee.header = item
        }
        if let value = self.leader {
            let item = arena.allocate(V3electionpb__LeaderKey.self)
            value.wireFill(item, arena: &arena)
            c.pointee.leader = item
        }
    }

    package init(wireStruct c: UnsafePointer<V3electionpb__CampaignResponse>) throws(WireDecodingError) {
        self.init()
        if let item = c.pointee.header {
            self.header = try Etcdserverpb.ResponseHeader(wireStruct: item)
        }
        if let item = c.pointee.leader {
            self.leader = try V3electionpb.LeaderKey(wireStruct: item)
        }
    }
}

extension V3electionpb.LeaderKey {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: v3electionpb__leader_key__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(V3electionpb__LeaderKey.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        var size = wireAligned(MemoryLayout<V3electionpb__LeaderKey>.size)
        size += wireAligned(self.name.count)
        size += wireAligned(self.key.count)
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<V3electionpb__LeaderKey>, arena: inout WireEncodeArena) {
        v3electionpb__leader_key__init(c)
        c.pointee.name = arena.binaryData(self.name)
        c.pointee.key = arena.binaryData(self.key)
        c.pointee.rev = self.rev
        c.pointee.lease = self.lease
    }

    package init(wireStruct c: UnsafePointer<V3electionpb__LeaderKey>) throws(WireDecodingError) {
        self.init()
        self.name = try wireDecodeBytes(c.pointee.name)
        self.key = try wireDecodeBytes(c.pointee.key)
        self.rev = c.pointee.rev
        self.lease = c.pointee.lease
    }
}

extension V3electionpb.LeaderRequest {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: v3electionpb__leader_request__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(V3electionpb__LeaderRequest.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        var size = wireAligned(MemoryLayout<V3electionpb__LeaderRequest>.size)
        size += wireAligned(self.name.count)
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<V3electionpb__LeaderRequest>, arena: inout WireEncodeArena) {
        v3electionpb__leader_request__init(c)
        c.pointee.name = arena.binaryData(self.name)
    }

    package init(wireStruct c: UnsafePointer<V3electionpb__LeaderRequest>) throws(WireDecodingError) {
        self.init()
        self.name = try wireDecodeBytes(c.pointee.name)
    }
}

extension V3electionpb.LeaderResponse {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: v3electionpb__leader_response__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(V3electionpb__LeaderResponse.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        var size = wireAligned(MemoryLayout<V3electionpb__LeaderResponse>.size)
        if let value = self.header { size += value.wireArenaSize }
        if let value = self.kv { size += value.wireArenaSize }
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<V3electionpb__LeaderResponse>, arena: inout WireEncodeArena) {
        v3electionpb__leader_response__init(c)
        if let value = self.header {
            let item = arena.allocate(Etcdserverpb__ResponseHeader.self)
            value.wireFill(item, arena: &arena)
            c.pointee.header = item
        }
        if let value = self.kv {
            let item = arena.allocate(Mvccpb__KeyValue.self)
            value.wireFill(item, arena: &arena)
            c.pointee.kv = item
        }
    }

    package init(wireStruct c: UnsafePointer<V3electionpb__LeaderResponse>) throws(WireDecodingError) {
        self.init()
        if let item = c.pointee.header {
            self.header = try Etcdserverpb.ResponseHeader(wireStruct: item)
        }
        if let item = c.pointee.kv {
            self.kv = try Mvccpb.KeyValue(wireStruct: item)
        }
    }
}

extension V3electionpb.ResignRequest {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: v3electionpb__resign_request__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(V3electionpb__ResignRequest.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        var size = wireAligned(MemoryLayout<V3electionpb__ResignRequest>.size)
        if let value = self.leader { size += value.wireArenaSize }
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<V3electionpb__ResignRequest>, arena: inout WireEncodeArena) {
        v3electionpb__resign_request__init(c)
        if let value = self.leader {
            let item = arena.allocate(V3electionpb__LeaderKey.self)
            value.wireFill(item, arena: &arena)
            c.pointee.leader = item
        }
    }

    package init(wireStruct c: UnsafePointer<V3electionpb__ResignRequest>) throws(WireDecodingError) {
        self.init()
        if let item = c.pointee.leader {
            self.leader = try V3electionpb.LeaderKey(wireStruct: item)
        }
    }
}

extension V3electionpb.ResignResponse {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: v3electionpb__resign_response__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(V3electionpb__ResignResponse.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        var size = wireAligned(MemoryLayout<V3electionpb__ResignResponse>.size)
        if let value = self.header { size += value.wireArenaSize }
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<V3electionpb__ResignResponse>, arena: inout WireEncodeArena) {
        v3electionpb__resign_response__init(c)
        if let value = self.header {
            let item = arena.allocate(Etcdserverpb__ResponseHeader.self)
            value.wireFill(item, arena: &arena)
            c.pointee.header = item
        }
    }

    package init(wireStruct c: UnsafePointer<V3electionpb__ResignResponse>) throws(WireDecodingError) {
        self.init()
        if let item = c.pointee.header {
            self.header = try Etcdserverpb.ResponseHeader(wireStruct: item)
        }
    }
}

extension V3electionpb.ProclaimRequest {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: v3electionpb__proclaim_request__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(V3electionpb__ProclaimRequest.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        var size = wireAligned(MemoryLayout<V3electionpb__ProclaimRequest>.size)
        if let value = self.leader { size += value.wireArenaSize }
        size += wireAligned(self.value.count)
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<V3electionpb__ProclaimRequest>, arena: inout WireEncodeArena) {
        v3electionpb__proclaim_request__init(c)
        if let value = self.leader {
            let item = arena.allocate(V3electionpb__LeaderKey.self)
            value.wireFill(item, arena: &arena)
            c.pointee.leader = item
        }
        c.pointee.value = arena.binaryData(self.value)
    }

    package init(wireStruct c: UnsafePointer<V3electionpb__ProclaimRequest>) throws(WireDecodingError) {
        self.init()
        if let item = c.pointee.leader {
            self.leader = try V3electionpb.LeaderKey(wireStruct: item)
        }
        self.value = try wireDecodeBytes(c.pointee.value)
    }
}

extension V3electionpb.ProclaimResponse {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: v3electionpb__proclaim_response__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(V3electionpb__ProclaimResponse.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        var size = wireAligned(MemoryLayout<V3electionpb__ProclaimResponse>.size)
        if let value = self.header { size += value.wireArenaSize }
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<V3electionpb__ProclaimResponse>, arena: inout WireEncodeArena) {
        v3electionpb__proclaim_response__init(c)
        if let value = self.header {
            let item = arena.allocate(Etcdserverpb__ResponseHeader.self)
            value.wireFill(item, arena: &arena)
            c.pointee.header = item
        }
    }

    package init(wireStruct c: UnsafePointer<V3electionpb__ProclaimResponse>) throws(WireDecodingError) {
        self.init()
        if let item = c.pointee.header {
            self.header = try Etcdserverpb.ResponseHeader(wireStruct: item)
        }
    }
}
