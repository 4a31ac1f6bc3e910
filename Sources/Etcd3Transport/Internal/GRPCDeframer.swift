/// Splits a gRPC response body (DATA frame payloads, in order) into messages.
///
/// A message is a 1-byte compressed flag, a 4-byte big-endian length and that many bytes.
/// Messages may span frames and a frame may hold several. Pure value type, no I/O.
package struct GRPCDeframer: Sendable {
    /// Why a body is malformed.
    package enum Failure: Error, Sendable, Hashable {
        /// A message declared more bytes than the limit; detected before allocating.
        case tooLarge(declared: Int, limit: Int)
        /// The compressed flag is set, but no compression was negotiated.
        case compressed
        /// The body ended inside a message.
        case truncated

        /// The call's failure (the response may have been processed).
        package var transportError: TransportError {
            switch self {
            case .tooLarge(let declared, let limit):
                return .local(
                    .responseTooLarge(limit: limit), .resourceExhausted,
                    "response message of \(declared) bytes exceeds the limit of \(limit)", .maybeProcessed)
            case .compressed:
                return .local(.protocolViolation, .internalError, "compressed message without negotiated encoding", .maybeProcessed)
            case .truncated:
                return .local(.protocolViolation, .internalError, "truncated message", .maybeProcessed)
            }
        }
    }

    /// The largest accepted message length.
    package let limit: Int
    private var prefix: (UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0)
    private var prefixCount = 0
    private var body: [UInt8] = []
    private var bodyLength = 0

    /// Creates a deframer that refuses messages longer than `limit` bytes.
    package init(limit: Int) {
        self.limit = limit
    }

    /// Bytes of a partial message held (prefix included).
    package var bufferedByteCount: Int { prefixCount < 5 ? prefixCount : 5 + body.count }

    /// Whether a partial message is buffered.
    package var hasPartialMessage: Bool { prefixCount > 0 }

    /// Consumes `bytes` and appends every completed message to `messages`.
    /// - Throws: ``Failure`` on a message over the limit or with the compressed flag; the
    ///   deframer must not be used after that.
    package mutating func process(_ bytes: UnsafeRawBufferPointer, into messages: inout [[UInt8]]) throws(Failure) {
        var index = 0
        let count = bytes.count
        while index < count {
            if prefixCount < 5 {
                // Fast path: a whole message inside this chunk.
                if prefixCount == 0, count - index >= 5 {
                    let flag = bytes[index]
                    let length = Self.length(bytes[index + 1], bytes[index + 2], bytes[index + 3], bytes[index + 4])
                    try check(flag: flag, length: length)
                    if count - index - 5 >= length {
                        let start = index + 5
                        messages.append(Array(UnsafeRawBufferPointer(rebasing: bytes[start..<start + length])))
                        index = start + length
                        continue
                    }
                }
                switch prefixCount {
                case 0: prefix.0 = bytes[index]
                case 1: prefix.1 = bytes[index]
                case 2: prefix.2 = bytes[index]
                case 3: prefix.3 = bytes[index]
                default: prefix.4 = bytes[index]
                }
                prefixCount += 1
                index += 1
                if prefixCount == 5 {
                    let length = Self.length(prefix.1, prefix.2, prefix.3, prefix.4)
                    try check(flag: prefix.0, length: length)
                    bodyLength = length
                    body = []
                    body.reserveCapacity(length)
                    if length == 0 {
                        messages.append([])
                        prefixCount = 0
                    }
                }
                continue
            }
            let take = min(bodyLength - body.count, count - index)
            body.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[index..<index + take]))
            index += take
            if body.count == bodyLength {
                messages.append(body)
                body = []
                prefixCount = 0
            }
        }
    }

    /// Consumes `bytes` (convenience for tests).
    package mutating func process(_ bytes: [UInt8], into messages: inout [[UInt8]]) throws(Failure) {
        var failure: Failure?
        bytes.withUnsafeBytes { raw in
            do throws(Failure) { try process(raw, into: &messages) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    /// Checks the end of the body.
    /// - Throws: ``Failure/truncated`` if a partial message is buffered.
    package func finish() throws(Failure) {
        if prefixCount > 0 { throw .truncated }
    }

    private func check(flag: UInt8, length: Int) throws(Failure) {
        if flag != 0 { throw .compressed }
        if length > limit { throw .tooLarge(declared: length, limit: limit) }
    }

    private static func length(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8) -> Int {
        Int(a) << 24 | Int(b) << 16 | Int(c) << 8 | Int(d)
    }
}

/// gRPC message framing for requests.
package enum GRPCFraming {
    /// Prefixes `message` with the uncompressed flag and its big-endian length.
    package static func frame(_ message: [UInt8]) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(message.count + 5)
        let n = UInt32(truncatingIfNeeded: message.count)
        out.append(0)
        out.append(UInt8(n >> 24))
        out.append(UInt8(truncatingIfNeeded: n >> 16))
        out.append(UInt8(truncatingIfNeeded: n >> 8))
        out.append(UInt8(truncatingIfNeeded: n))
        out.append(contentsOf: message)
        return out
    }
}
