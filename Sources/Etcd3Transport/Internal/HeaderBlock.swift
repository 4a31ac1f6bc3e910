import CEtcd3NGHTTP2

/// Request headers packed into one byte buffer, turned into an `nghttp2_nv` array only for
/// the duration of `nghttp2_submit_request` (which copies them).
///
/// A connection keeps one and `reset`s it per call, so steady-state calls allocate nothing here.
struct HeaderBlock {
    private var bytes: [UInt8] = []
    private var fields: [(name: Int, nameLength: Int, value: Int, valueLength: Int)] = []
    private var nva: [nghttp2_nv] = []

    init() {
        bytes.reserveCapacity(256)
        fields.reserveCapacity(10)
    }

    mutating func reset() {
        bytes.removeAll(keepingCapacity: true)
        fields.removeAll(keepingCapacity: true)
    }

    mutating func add(_ name: String, _ value: String) {
        let nameStart = bytes.count
        bytes.append(contentsOf: name.utf8)
        let valueStart = bytes.count
        bytes.append(contentsOf: value.utf8)
        fields.append((nameStart, valueStart - nameStart, valueStart, bytes.count - valueStart))
    }

    /// Submits a request with a data provider; returns the stream id or a negative error.
    mutating func submit(session: OpaquePointer, read: CEtcd3NGHTTP2_read_callback) -> Int32 {
        let fields = self.fields
        var nva = self.nva
        nva.removeAll(keepingCapacity: true)
        defer { self.nva = nva }
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
