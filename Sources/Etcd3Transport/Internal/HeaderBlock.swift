internal import CEtcd3NGHTTP2

/// Request headers packed into one byte buffer, turned into an `nghttp2_nv` array only for
/// the duration of `nghttp2_submit_request` (which copies them).
///
/// The fields every call of a connection shares are added once, before ``markFixed()``;
/// ``reset()`` goes back to them, so a call only adds its own fields and steady-state calls
/// allocate nothing here.
struct HeaderBlock {
    private var bytes: [UInt8] = []
    private var fields: [(name: Int, nameLength: Int, value: Int, valueLength: Int)] = []
    private var nva: [nghttp2_nv] = []
    private var fixedBytes = 0
    private var fixedFields = 0

    init() {
        bytes.reserveCapacity(256)
        fields.reserveCapacity(10)
    }

    /// Makes the fields added so far the ones ``reset()`` keeps.
    mutating func markFixed() {
        fixedBytes = bytes.count
        fixedFields = fields.count
    }

    /// Removes every field added after ``markFixed()``.
    mutating func reset() {
        bytes.removeSubrange(fixedBytes...)
        fields.removeSubrange(fixedFields...)
    }

    mutating func add(_ name: String, _ value: String) {
        let nameStart = bytes.count
        bytes.append(contentsOf: name.utf8)
        let valueStart = bytes.count
        bytes.append(contentsOf: value.utf8)
        fields.append((nameStart, valueStart - nameStart, valueStart, bytes.count - valueStart))
    }

    mutating func add(_ name: StaticString, _ value: StaticString) {
        let nameStart = bytes.count
        append(name)
        let valueStart = bytes.count
        append(value)
        fields.append((nameStart, valueStart - nameStart, valueStart, bytes.count - valueStart))
    }

    mutating func add(_ name: StaticString, _ value: String) {
        let nameStart = bytes.count
        append(name)
        let valueStart = bytes.count
        bytes.append(contentsOf: value.utf8)
        fields.append((nameStart, valueStart - nameStart, valueStart, bytes.count - valueStart))
    }

    /// Adds `name: <grpc-timeout of duration>` without building a string.
    mutating func add(_ name: StaticString, timeout: Duration) {
        let nameStart = bytes.count
        append(name)
        let valueStart = bytes.count
        GRPCResponseInterpreter.appendTimeout(timeout, to: &bytes)
        fields.append((nameStart, valueStart - nameStart, valueStart, bytes.count - valueStart))
    }

    private mutating func append(_ text: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// Submits a request with a data provider; returns the stream id or a negative error.
    mutating func submit(session: OpaquePointer, read: CEtcd3NGHTTP2_read_callback) -> Int32 {
        let fields = self.fields
        // Moved out and back, so it is never shared (a shared buffer is copied on write).
        var nva: [nghttp2_nv] = []
        swap(&nva, &self.nva)
        defer { swap(&nva, &self.nva) }
        nva.removeAll(keepingCapacity: true)
        return bytes.withUnsafeMutableBufferPointer { buffer -> Int32 in
            let base = buffer.baseAddress!
            for field in fields {
                nva.append(
                    nghttp2_nv(
                        name: base + field.name, value: base + field.value, namelen: field.nameLength,
                        valuelen: field.valueLength, flags: UInt8(NGHTTP2_NV_FLAG_NONE.rawValue)))
            }
            return CEtcd3NGHTTP2_submit_request(session, nva, nva.count, read)
        }
    }
}
