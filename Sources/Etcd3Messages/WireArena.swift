// Hand-written: the arenas and helpers the generated conversions use.
//
// Encoding: the generated `wireArenaSize` computes exactly how many bytes the protobuf-c
// structs of a message need (structs, pointer arrays, NUL-terminated strings, bytes, nested
// messages, each rounded up to `wireArenaAlignment`). One allocation of that size holds them
// all; `WireEncodeArena` bump-allocates from it while the generated `wireFill` fills the
// structs; protobuf-c packs them; the arena is freed.
//
// Decoding: protobuf-c unpacks into a `WireDecodeArena` through a custom `ProtobufCAllocator`:
// bump allocation from chunks, `free` is a no-op, and the whole arena is released once the
// Swift value is built. Once protobuf-c has requested 64 × input length + 1 MiB, further
// allocations fail, so a hostile length or count cannot make the decoder allocate without
// bound (protobuf-c issue #796).

package import CEtcd3ProtobufC

/// Every arena allocation starts at a multiple of this; no protobuf-c struct needs more.
let wireArenaAlignment = 8

/// Rounds a byte count up to the arena alignment.
@inline(__always)
package func wireAligned(_ byteCount: Int) -> Int {
    (byteCount + (wireArenaAlignment - 1)) & ~(wireArenaAlignment - 1)
}

/// Arena bytes for a string copied as a NUL-terminated C string.
@inline(__always)
func wireStringSize(_ string: String) -> Int {
    wireAligned(string.utf8.count + 1)
}

// MARK: - Encoding

/// One allocation, bump-allocated while filling the protobuf-c structs of one message.
///
/// The capacity is computed exactly beforehand, so running out is a generator bug. Nothing
/// between creating and releasing it can throw; `release()` is explicit so the memory is
/// provably alive while protobuf-c packs from it.
package struct WireEncodeArena: ~Copyable {
    private let base: UnsafeMutableRawPointer
    private let capacity: Int
    private var offset = 0

    package init(capacity: Int) {
        self.capacity = capacity
        // At least one byte so that the allocation is never zero-sized.
        self.base = UnsafeMutableRawPointer.allocate(byteCount: max(capacity, 1), alignment: 16)
    }

    deinit {
        base.deallocate()
    }

    /// Ends the arena's life here (running `deinit`); every pointer it handed out dies with it.
    package consuming func release() {}

    /// The next `byteCount` bytes (rounded up to the alignment), for code outside this module
    /// that fills a struct whose type it binds itself.
    package mutating func allocate(byteCount: Int) -> UnsafeMutableRawPointer {
        take(byteCount)
    }

    @inline(__always)
    private mutating func take(_ byteCount: Int) -> UnsafeMutableRawPointer {
        let size = wireAligned(byteCount)
        precondition(offset + size <= capacity, "wire arena size computed wrongly")
        let pointer = base + offset
        offset += size
        return pointer
    }

    /// Memory for one C struct; the caller initializes it (with the generated `…__init`).
    mutating func allocate<T>(_ type: T.Type) -> UnsafeMutablePointer<T> {
        assert(MemoryLayout<T>.alignment <= wireArenaAlignment)
        return take(MemoryLayout<T>.size).bindMemory(to: T.self, capacity: 1)
    }

    /// Memory for `count` values; the caller initializes every element.
    mutating func allocateArray<T>(_ type: T.Type, count: Int) -> UnsafeMutablePointer<T> {
        assert(MemoryLayout<T>.alignment <= wireArenaAlignment)
        return take(MemoryLayout<T>.stride * count).bindMemory(to: T.self, capacity: count)
    }

    /// A copy of `bytes` in the arena (`{0, NULL}` when empty; the size counts nothing then).
    package mutating func binaryData(_ bytes: [UInt8]) -> ProtobufCBinaryData {
        let count = bytes.count
        if count == 0 {
            return ProtobufCBinaryData(len: 0, data: nil)
        }
        let pointer = take(count)
        UnsafeMutableRawBufferPointer(start: pointer, count: count).copyBytes(from: bytes)
        return ProtobufCBinaryData(len: count, data: pointer.assumingMemoryBound(to: UInt8.self))
    }

    /// A NUL-terminated copy of `string` in the arena (its size is `wireStringSize`).
    ///
    /// protobuf-c measures strings with `strlen`, so a string with an embedded NUL is sent
    /// up to that NUL.
    mutating func cString(_ string: String) -> UnsafeMutablePointer<CChar> {
        let count = string.utf8.count
        let pointer = take(count + 1)
        UnsafeMutableRawBufferPointer(start: pointer, count: count).copyBytes(from: string.utf8)
        pointer.storeBytes(of: 0, toByteOffset: count, as: UInt8.self)
        return pointer.bindMemory(to: CChar.self, capacity: count + 1)
    }
}

/// Packs a filled protobuf-c message into a new array after `headroom` zero bytes.
package func wirePack(_ message: UnsafePointer<ProtobufCMessage>, headroom: Int) -> [UInt8] {
    precondition(headroom >= 0, "negative headroom")
    let size = protobuf_c_message_get_packed_size(message)
    return [UInt8](unsafeUninitializedCapacity: headroom + size) { buffer, initializedCount in
        guard let start = buffer.baseAddress else {
            initializedCount = 0
            return
        }
        start.initialize(repeating: 0, count: headroom)
        if size > 0 {
            let written = protobuf_c_message_pack(message, start + headroom)
            // protobuf-c writes exactly what get_packed_size promised.
            precondition(written == size, "protobuf-c packed an unexpected size")
        }
        initializedCount = headroom + size
    }
}

/// Views a generated protobuf-c struct as its leading `ProtobufCMessage`.
@inline(__always)
func wireMessagePointer<T>(_ pointer: UnsafeMutablePointer<T>) -> UnsafePointer<ProtobufCMessage> {
    UnsafePointer(OpaquePointer(pointer))
}

// MARK: - Decoding

/// The bounds every decode runs under.
package enum WireDecodingLimits {
    /// The largest input accepted: a gRPC length prefix is 32 bits.
    package static let maxInputCount = Int(UInt32.max)

    /// The default allocation cap for an input of `inputCount` bytes: 64 × input + 1 MiB.
    ///
    /// What etcd sends needs under 20 × its size once unpacked. Crafted input made only of
    /// empty sub-messages needs about 70 × (protobuf-c keeps 32 bytes of scan bookkeeping per
    /// field), so large such inputs fail with `.allocationLimit` instead of growing memory.
    package static func defaultAllocationLimit(inputCount: Int) -> Int {
        64 * max(inputCount, 0) + (1 << 20)
    }
}

/// The arena protobuf-c unpacks into; releasing it frees every chunk at once.
///
/// The bookkeeping (`WireDecodeArenaState`, which holds the `ProtobufCAllocator`) lives at the
/// start of the first chunk and every chunk begins with a link to the previous one, so a
/// decode whose structs fit the first chunk costs exactly one allocation.
package struct WireDecodeArena: ~Copyable {
    private let state: UnsafeMutablePointer<WireDecodeArenaState>

    /// - Parameters:
    ///   - inputCount: The length of the input; it sizes the first chunk.
    ///   - limit: The most this decode may allocate for protobuf-c, in bytes.
    /// - Throws: `.tooLarge` when the input cannot be a gRPC message (4 GiB or more).
    package init(inputCount: Int, limit: Int) throws(WireDecodingError) {
        guard inputCount >= 0, inputCount <= WireDecodingLimits.maxInputCount else {
            throw .tooLarge
        }
        let limit = max(limit, 0)
        // Unpacked messages usually need about the input size plus the structs; a tiny cap
        // needs no more than itself.
        let firstSize = wireDecodeAligned(min(max(512, 2 * inputCount + 256), limit))
        let stateSize = wireDecodeAligned(MemoryLayout<WireDecodeArenaState>.size)
        let chunk = UnsafeMutableRawPointer.allocate(
            byteCount: wireDecodeChunkHeader + stateSize + firstSize,
            alignment: wireDecodeAlignment
        )
        chunk.storeBytes(of: nil, as: UnsafeMutableRawPointer?.self)
        state = (chunk + wireDecodeChunkHeader).bindMemory(to: WireDecodeArenaState.self, capacity: 1)
        state.initialize(
            to: WireDecodeArenaState(
                allocator: ProtobufCAllocator(
                    alloc: wireDecodeArenaAlloc,
                    free: wireDecodeArenaFree,
                    allocator_data: UnsafeMutableRawPointer(state)
                ),
                limit: limit,
                lastChunk: chunk,
                current: chunk + wireDecodeChunkHeader + stateSize,
                currentSize: firstSize,
                offset: 0,
                requested: 0,
                nextChunkSize: min(max(firstSize * 2, 4096), wireDecodeMaxChunkSize),
                hitLimit: false
            )
        )
    }

    deinit {
        var chunk: UnsafeMutableRawPointer? = state.pointee.lastChunk
        state.deinitialize(count: 1)
        while let current = chunk {
            chunk = current.load(as: UnsafeMutableRawPointer?.self)
            current.deallocate()
        }
    }

    /// The allocator to hand to `…__unpack`; valid while this arena lives.
    package var protobufCAllocator: UnsafeMutablePointer<ProtobufCAllocator> {
        UnsafeMutableRawPointer(state).advanced(by: MemoryLayout<WireDecodeArenaState>.offset(of: \.allocator)!)
            .assumingMemoryBound(to: ProtobufCAllocator.self)
    }

    /// The bytes protobuf-c has requested from this arena so far (for the fuzz harness's check
    /// that the cap holds).
    package var requestedByteCount: Int { state.pointee.requested }

    /// The error for an unpack that returned NULL.
    package var failure: WireDecodingError { state.pointee.hitLimit ? .allocationLimit : .malformed }

    /// Ends the arena's life here (running `deinit`).
    package consuming func release() {}
}

/// Every decode allocation is 8-byte aligned, enough for every protobuf-c struct and array.
private let wireDecodeAlignment = 8
/// Bytes at the start of each chunk: the link to the previously allocated chunk.
private let wireDecodeChunkHeader = 16
/// The largest chunk the arena allocates for many small allocations.
private let wireDecodeMaxChunkSize = 1 << 20

@inline(__always)
private func wireDecodeAligned(_ byteCount: Int) -> Int {
    (byteCount + (wireDecodeAlignment - 1)) & ~(wireDecodeAlignment - 1)
}

/// The decode arena's bookkeeping, stored in its first chunk.
struct WireDecodeArenaState {
    var allocator: ProtobufCAllocator
    /// The most protobuf-c may request in total, in bytes.
    let limit: Int
    /// The most recently allocated chunk; each chunk links to the one before.
    var lastChunk: UnsafeMutableRawPointer
    /// The chunk bump allocation continues in, its usable size and the bytes used.
    var current: UnsafeMutableRawPointer
    var currentSize: Int
    var offset: Int
    /// Bytes protobuf-c requested so far (including what it freed), checked against `limit`.
    var requested: Int
    var nextChunkSize: Int
    /// Set when an allocation failed because of `limit`.
    var hitLimit: Bool

    mutating func allocate(_ byteCount: Int) -> UnsafeMutableRawPointer? {
        // A negative size is a size_t past Int.max: an overflowed `size * count` (#796).
        guard byteCount >= 0, byteCount <= limit - requested else {
            hitLimit = true
            return nil
        }
        requested += byteCount
        let size = wireDecodeAligned(byteCount)
        if offset + size <= currentSize {
            let pointer = current + offset
            offset += size
            return pointer
        }
        // A new chunk: large requests get their own, small ones share a growing chunk. The
        // memory held is at most about twice what was requested, plus one chunk.
        let chunkSize = max(nextChunkSize, size)
        let chunk = UnsafeMutableRawPointer.allocate(
            byteCount: wireDecodeChunkHeader + chunkSize,
            alignment: wireDecodeAlignment
        )
        chunk.storeBytes(of: lastChunk, as: UnsafeMutableRawPointer?.self)
        lastChunk = chunk
        nextChunkSize = min(nextChunkSize * 2, wireDecodeMaxChunkSize)
        let pointer = chunk + wireDecodeChunkHeader
        // Keep bump-allocating from whichever chunk has more room left.
        if chunkSize - size > currentSize - offset {
            current = pointer
            currentSize = chunkSize
            offset = size
        }
        return pointer
    }
}

private func wireDecodeArenaAlloc(_ data: UnsafeMutableRawPointer?, _ size: Int) -> UnsafeMutableRawPointer? {
    guard let data else { return nil }
    return data.assumingMemoryBound(to: WireDecodeArenaState.self).pointee.allocate(size)
}

private func wireDecodeArenaFree(_ data: UnsafeMutableRawPointer?, _ pointer: UnsafeMutableRawPointer?) {
    // Everything is released with the arena.
}

/// protobuf-c must never see a NULL data pointer, even for empty input.
private let wireEmptyInput: UInt8 = 0

/// Runs `unpack` on the input with a fresh arena and hands its result to `convert`.
///
/// Used by the generated `init(wireBytes:)`.
@inline(__always)
func wireDecode<C, T>(
    _ input: UnsafeRawBufferPointer,
    allocationLimit: Int,
    unpack: (UnsafeMutablePointer<ProtobufCAllocator>, Int, UnsafePointer<UInt8>) -> UnsafeMutablePointer<C>?,
    convert: (UnsafePointer<C>) throws(WireDecodingError) -> T
) throws(WireDecodingError) -> T {
    let arena = try WireDecodeArena(inputCount: input.count, limit: allocationLimit)
    let message: UnsafeMutablePointer<C>?
    if let base = input.baseAddress, input.count > 0 {
        message = unpack(arena.protobufCAllocator, input.count, base.assumingMemoryBound(to: UInt8.self))
    } else {
        message = withUnsafePointer(to: wireEmptyInput) { unpack(arena.protobufCAllocator, 0, $0) }
    }
    guard let message else {
        throw arena.failure
    }
    // The arena must outlive the conversion: release it explicitly afterwards, also on error.
    let result = Result { () throws(WireDecodingError) in try convert(message) }
    arena.release()
    return try result.get()
}

/// The bytes of a protobuf-c bytes field; `len > 0` with NULL data is malformed.
@inline(__always)
package func wireDecodeBytes(_ data: ProtobufCBinaryData) throws(WireDecodingError) -> [UInt8] {
    if data.len == 0 {
        return []
    }
    guard let pointer = data.data, data.len > 0 else {
        throw .malformed
    }
    return Array(UnsafeBufferPointer(start: pointer, count: data.len))
}

/// The text of a protobuf-c string field; NULL is empty, invalid UTF-8 is repaired.
@inline(__always)
func wireDecodeString(_ pointer: UnsafePointer<CChar>?) -> String {
    guard let pointer else { return "" }
    return String(cString: pointer)
}

/// Checks a protobuf-c repeated field: a positive count needs an array.
@inline(__always)
func wireDecodeArray<T>(_ pointer: UnsafeMutablePointer<T>?, _ count: Int) throws(WireDecodingError) -> UnsafeMutablePointer<T>? {
    if count == 0 {
        return nil
    }
    guard let pointer, count > 0 else {
        throw .malformed
    }
    return pointer
}
