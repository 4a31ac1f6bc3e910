// DO NOT EDIT; regenerate with Codegen/generate.sh
// Generated from Protos/auth.proto.
// Conversion between the Swift messages and the protobuf-c structs.

internal import CEtcd3ProtobufC
package import CEtcd3Protos

extension Authpb.UserAddOptions {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: authpb__user_add_options__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(Authpb__UserAddOptions.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        let size = wireAligned(MemoryLayout<Authpb__UserAddOptions>.size)
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<Authpb__UserAddOptions>, arena: inout WireEncodeArena) {
        authpb__user_add_options__init(c)
        c.pointee.no_password = self.noPassword ? 1 : 0
    }

    package init(wireStruct c: UnsafePointer<Authpb__UserAddOptions>) throws(WireDecodingError) {
        self.init()
        self.noPassword = c.pointee.no_password != 0
    }
}

extension Authpb.User {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: authpb__user__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(Authpb__User.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        var size = wireAligned(MemoryLayout<Authpb__User>.size)
        size += wireAligned(self.name.count)
        size += wireAligned(self.password.count)
        size += wireAligned(MemoryLayout<UnsafeMutablePointer<CChar>?>.stride * self.roles.count)
        for index in self.roles.indices { size += wireStringSize(self.roles[index]) }
        if let value = self.options { size += value.wireArenaSize }
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<Authpb__User>, arena: inout WireEncodeArena) {
        authpb__user__init(c)
        c.pointee.name = arena.binaryData(self.name)
        c.pointee.password = arena.binaryData(self.password)
        if !self.roles.isEmpty {
            let array = arena.allocateArray(UnsafeMutablePointer<CChar>?.self, count: self.roles.count)
            for index in self.roles.indices {
                (array + index).initialize(to: arena.cString(self.roles[index]))
            }
            c.pointee.n_roles = self.roles.count
            c.pointee.roles = array
        }
        if let value = self.options {
            let item = arena.allocate(Authpb__UserAddOptions.self)
            value.wireFill(item, arena: &arena)
            c.pointee.options = item
        }
    }

    package init(wireStruct c: UnsafePointer<Authpb__User>) throws(WireDecodingError) {
        self.init()
        self.name = try wireDecodeBytes(c.pointee.name)
        self.password = try wireDecodeBytes(c.pointee.password)
        if let array = try wireDecodeArray(c.pointee.roles, c.pointee.n_roles) {
            let count = c.pointee.n_roles
            self.roles.reserveCapacity(count)
            for index in 0..<count {
                self.roles.append(wireDecodeString(array[index]))
            }
        }
        if let item = c.pointee.options {
            self.options = try Authpb.UserAddOptions(wireStruct: item)
        }
    }
}

extension Authpb.Permission {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: authpb__permission__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(Authpb__Permission.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        var size = wireAligned(MemoryLayout<Authpb__Permission>.size)
        size += wireAligned(self.key.count)
        size += wireAligned(self.rangeEnd.count)
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<Authpb__Permission>, arena: inout WireEncodeArena) {
        authpb__permission__init(c)
        c.pointee.permtype = Authpb__Permission__Type(rawValue: .init(truncatingIfNeeded: self.permType.rawValue))
        c.pointee.key = arena.binaryData(self.key)
        c.pointee.range_end = arena.binaryData(self.rangeEnd)
    }

    package init(wireStruct c: UnsafePointer<Authpb__Permission>) throws(WireDecodingError) {
        self.init()
        self.permType = Authpb.Permission.TypeEnum(rawValue: Int32(truncatingIfNeeded: c.pointee.permtype.rawValue))
        self.key = try wireDecodeBytes(c.pointee.key)
        self.rangeEnd = try wireDecodeBytes(c.pointee.range_end)
    }
}

extension Authpb.Role {
    package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {
        try self.init(
            wireBytes: wireBytes,
            allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)
        )
    }

    /// Decodes with an explicit cap on the bytes protobuf-c may allocate.
    package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {
        self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: authpb__role__unpack) {
            (c) throws(WireDecodingError) in
            try Self(wireStruct: c)
        }
    }

    package func wireBytes(headroom: Int) -> [UInt8] {
        var arena = WireEncodeArena(capacity: wireArenaSize)
        let c = arena.allocate(Authpb__Role.self)
        wireFill(c, arena: &arena)
        let bytes = wirePack(wireMessagePointer(c), headroom: headroom)
        arena.release()
        return bytes
    }

    package var wireArenaSize: Int {
        var size = wireAligned(MemoryLayout<Authpb__Role>.size)
        size += wireAligned(self.name.count)
        size += wireAligned(MemoryLayout<UnsafeMutablePointer<Authpb__Permission>?>.stride * self.keyPermission.count)
        for index in self.keyPermission.indices { size += self.keyPermission[index].wireArenaSize }
        return size
    }

    package func wireFill(_ c: UnsafeMutablePointer<Authpb__Role>, arena: inout WireEncodeArena) {
        authpb__role__init(c)
        c.pointee.name = arena.binaryData(self.name)
        if !self.keyPermission.isEmpty {
            let array = arena.allocateArray(UnsafeMutablePointer<Authpb__Permission>?.self, count: self.keyPermission.count)
            for index in self.keyPermission.indices {
                let item = arena.allocate(Authpb__Permission.self)
                self.keyPermission[index].wireFill(item, arena: &arena)
                (array + index).initialize(to: item)
            }
            c.pointee.n_keypermission = self.keyPermission.count
            c.pointee.keypermission = array
        }
    }

    package init(wireStruct c: UnsafePointer<Authpb__Role>) throws(WireDecodingError) {
        self.init()
        self.name = try wireDecodeBytes(c.pointee.name)
        if let array = try wireDecodeArray(c.pointee.keypermission, c.pointee.n_keypermission) {
            let count = c.pointee.n_keypermission
            self.keyPermission.reserveCapacity(count)
            for index in 0..<count {
                guard let item = array[index] else { throw .malformed }
                self.keyPermission.append(try Authpb.Permission(wireStruct: item))
            }
        }
    }
}
