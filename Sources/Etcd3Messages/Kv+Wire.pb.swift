// DO NOT EDIT; regenerate with Codegen/generate.sh
// Generated from Protos/kv.proto.
// Conversion between the Swift messages and the protobuf-c structs.

internal import CEtcd3ProtobufC
package import CEtcd3Protos

extension Mvccpb.KeyValue {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: mvccpb__key_value__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(Mvccpb__KeyValue.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        var size = wireAligned(MemoryLayout<Mvccpb__KeyValue>.size)
        size += wireAligned(self.key.count)
        size += wireAligned(self.value.count)
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<Mvccpb__KeyValue>, arena: inout WireEncodeArena) {
        mvccpb__key_value__init(c)
        c.pointee.key = arena.binaryData(self.key)
        c.pointee.create_revision = self.createRevision
        c.pointee.mod_revision = self.modRevision
        c.pointee.version = self.version
        c.pointee.value = arena.binaryData(self.value)
        c.pointee.lease = self.lease
    }

    package init(wireStruct c: UnsafePointer<Mvccpb__KeyValue>) throws(WireDecodingError) {
        self.init()
        self.key = try wireDecodeBytes(c.pointee.key)
        self.createRevision = c.pointee.create_revision
        self.modRevision = c.pointee.mod_revision
        self.version = c.pointee.version
        self.value = try wireDecodeBytes(c.pointee.value)
        self.lease = c.pointee.lease
    }
}

extension Mvccpb.Event {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: mvccpb__event__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(Mvccpb__Event.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        var size = wireAligned(MemoryLayout<Mvccpb__Event>.size)
        if let value = self.kv { size += value.wireArenaSize }
        if let value = self.prevKv { size += value.wireArenaSize }
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<Mvccpb__Event>, arena: inout WireEncodeArena) {
        mvccpb__event__init(c)
        c.pointee.type = Mvccpb__Event__EventType(rawValue: .init(truncatingIfNeeded: self.type.rawValue))
        if let value = self.kv {
            let item = arena.allocate(Mvccpb__KeyValue.self)
            value.wireFill(item, arena: &arena)
            c.pointee.kv = item
        }
        if let value = self.prevKv {
            let item = arena.allocate(Mvccpb__KeyValue.self)
            value.wireFill(item, arena: &arena)
            c.pointee.prev_kv = item
        }
    }

    package init(wireStruct c: UnsafePointer<Mvccpb__Event>) throws(WireDecodingError) {
        self.init()
        self.type = Mvccpb.Event.EventType(rawValue: Int32(truncatingIfNeeded: c.pointee.type.rawValue))
        if let item = c.pointee.kv {
            self.kv = try Mvccpb.KeyValue(wireStruct: item)
        }
        if let item = c.pointee.prev_kv {
            self.prevKv = try Mvccpb.KeyValue(wireStruct: item)
        }
    }
}
