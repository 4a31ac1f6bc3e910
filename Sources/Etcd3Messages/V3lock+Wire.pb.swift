// DO NOT EDIT; regenerate with Codegen/generate.sh
// Generated from Protos/v3lock.proto.
// Conversion between the Swift messages and the protobuf-c structs.

internal import CEtcd3ProtobufC
package import CEtcd3Protos

extension V3lockpb.LockRequest {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: v3lockpb__lock_request__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(V3lockpb__LockRequest.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        var size = wireAligned(MemoryLayout<V3lockpb__LockRequest>.size)
        size += wireAligned(self.name.count)
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<V3lockpb__LockRequest>, arena: inout WireEncodeArena) {
        v3lockpb__lock_request__init(c)
        c.pointee.name = arena.binaryData(self.name)
        c.pointee.lease = self.lease
    }

    package init(wireStruct c: UnsafePointer<V3lockpb__LockRequest>) throws(WireDecodingError) {
        self.init()
        self.name = try wireDecodeBytes(c.pointee.name)
        self.lease = c.pointee.lease
    }
}

extension V3lockpb.LockResponse {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: v3lockpb__lock_response__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(V3lockpb__LockResponse.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        var size = wireAligned(MemoryLayout<V3lockpb__LockResponse>.size)
        if let value = self.header { size += value.wireArenaSize }
        size += wireAligned(self.key.count)
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<V3lockpb__LockResponse>, arena: inout WireEncodeArena) {
        v3lockpb__lock_response__init(c)
        if let value = self.header {
            let item = arena.allocate(Etcdserverpb__ResponseHeader.self)
            value.wireFill(item, arena: &arena)
            c.pointee.header = item
        }
        c.pointee.key = arena.binaryData(self.key)
    }

    package init(wireStruct c: UnsafePointer<V3lockpb__LockResponse>) throws(WireDecodingError) {
        self.init()
        if let item = c.pointee.header {
            self.header = try Etcdserverpb.ResponseHeader(wireStruct: item)
        }
        self.key = try wireDecodeBytes(c.pointee.key)
    }
}

extension V3lockpb.UnlockRequest {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: v3lockpb__unlock_request__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(V3lockpb__UnlockRequest.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        var size = wireAligned(MemoryLayout<V3lockpb__UnlockRequest>.size)
        size += wireAligned(self.key.count)
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<V3lockpb__UnlockRequest>, arena: inout WireEncodeArena) {
        v3lockpb__unlock_request__init(c)
        c.pointee.key = arena.binaryData(self.key)
    }

    package init(wireStruct c: UnsafePointer<V3lockpb__UnlockRequest>) throws(WireDecodingError) {
        self.init()
        self.key = try wireDecodeBytes(c.pointee.key)
    }
}

extension V3lockpb.UnlockResponse {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: v3lockpb__unlock_response__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(V3lockpb__UnlockResponse.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        var size = wireAligned(MemoryLayout<V3lockpb__UnlockResponse>.size)
        if let value = self.header { size += value.wireArenaSize }
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<V3lockpb__UnlockResponse>, arena: inout WireEncodeArena) {
        v3lockpb__unlock_response__init(c)
        if let value = self.header {
            let item = arena.allocate(Etcdserverpb__ResponseHeader.self)
            value.wireFill(item, arena: &arena)
            c.pointee.header = item
        }
    }

    package init(wireStruct c: UnsafePointer<V3lockpb__UnlockResponse>) throws(WireDecodingError) {
        self.init()
        if let item = c.pointee.header {
            self.header = try Etcdserverpb.ResponseHeader(wireStruct: item)
        }
    }
}
