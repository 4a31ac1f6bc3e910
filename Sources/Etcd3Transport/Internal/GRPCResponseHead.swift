import Glibc

/// The gRPC-relevant fields of one response HEADERS block (initial headers or trailers).
package struct GRPCResponseHead: Sendable, Hashable {
    /// `:status`, raw.
    package var httpStatus: String?
    /// `content-type`.
    package var contentType: String?
    /// `grpc-status`, raw; ``grpcStatusCount`` counts duplicates.
    package var grpcStatus: String?
    /// How many `grpc-status` fields arrived.
    package var grpcStatusCount = 0
    /// `grpc-message`, still percent-encoded.
    package var grpcMessage: String?

    /// Creates an empty head.
    package init() {}

    /// Records one header field; other names are ignored.
    package mutating func add(name: String, value: String) {
        switch name {
        case ":status": httpStatus = value
        case "content-type": contentType = value
        case "grpc-status":
            grpcStatus = value
            grpcStatusCount += 1
        case "grpc-message": grpcMessage = value
        default: break
        }
    }

    private static let grpcContentType = "application/grpc"

    /// Records one header field from raw bytes. The fields we read are matched as bytes, and
    /// their usual values (`200`, `application/grpc`, `0`) are stored without decoding.
    package mutating func add(name: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer) {
        guard let first = name.first else { return }
        switch first {
        case UInt8(ascii: ":"):
            guard Self.bytes(name, equal: ":status") else { return }
            httpStatus = Self.bytes(value, equal: "200") ? "200" : String(decoding: value, as: UTF8.self)
        case UInt8(ascii: "c"):
            guard Self.bytes(name, equal: "content-type") else { return }
            contentType =
                Self.bytes(value, equal: "application/grpc")
                ? Self.grpcContentType : String(decoding: value, as: UTF8.self)
        case UInt8(ascii: "g"):
            if Self.bytes(name, equal: "grpc-status") {
                grpcStatus = Self.bytes(value, equal: "0") ? "0" : String(decoding: value, as: UTF8.self)
                grpcStatusCount += 1
            } else if Self.bytes(name, equal: "grpc-message") {
                grpcMessage = String(decoding: value, as: UTF8.self)
            }
        default:
            return
        }
    }

    private static func bytes(_ raw: UnsafeRawBufferPointer, equal text: StaticString) -> Bool {
        guard raw.count == text.utf8CodeUnitCount else { return false }
        return raw.isEmpty || memcmp(raw.baseAddress!, text.utf8Start, raw.count) == 0
    }

    /// Whether the content type is exactly `application/grpc` (as stored by `add`), without
    /// comparing bytes.
    var hasPlainGRPCContentType: Bool {
        contentType == Self.grpcContentType
    }
}

/// Interprets response headers and trailers into a gRPC status (pure; see the gRPC
/// "HTTP to gRPC status code mapping" and PROTOCOL-HTTP2 documents).
package enum GRPCResponseInterpreter {
    /// The status implied by the first HEADERS block, or `nil` when the call continues.
    ///
    /// With `endStream` (a trailers-only response) the block's `grpc-status` decides. A
    /// `:status` other than 200 without `grpc-status` maps per the HTTP table; a 200 with a
    /// content type that is not `application/grpc[+…|;…]` is INTERNAL.
    package static func statusForInitialHeaders(_ head: GRPCResponseHead, endStream: Bool) -> GRPCStatus? {
        let http = head.httpStatus.flatMap(decimal)
        if http != 200 {
            if endStream, head.grpcStatus != nil { return statusForTrailers(head) }
            guard let http else {
                return GRPCStatus(code: .internalError, message: "response without a valid :status")
            }
            return GRPCStatus(code: codeForHTTPStatus(http), message: "unexpected HTTP status \(http)")
        }
        if endStream { return statusForTrailers(head) }
        if head.hasPlainGRPCContentType { return nil }
        if let type = head.contentType, !isGRPCContentType(type) {
            return GRPCStatus(code: .internalError, message: "unexpected content-type \(type)")
        }
        if head.contentType == nil {
            return GRPCStatus(code: .internalError, message: "response without content-type")
        }
        return nil
    }

    /// The status from trailers (or a trailers-only block): a missing `grpc-status` is
    /// INTERNAL; a non-numeric, duplicate or out-of-range one is UNKNOWN.
    package static func statusForTrailers(_ head: GRPCResponseHead) -> GRPCStatus {
        guard let raw = head.grpcStatus else {
            return GRPCStatus(code: .internalError, message: "trailers without grpc-status")
        }
        let message = head.grpcMessage.map(percentDecode) ?? ""
        guard head.grpcStatusCount == 1, let value = decimal(raw), (0...16).contains(value) else {
            let detail = message.isEmpty ? "" : ": \(message)"
            return GRPCStatus(code: .unknown, message: "invalid grpc-status\(detail)")
        }
        return GRPCStatus(code: GRPCStatus.Code(rawValue: value), message: message)
    }

    /// `application/grpc`, alone or followed by `+subtype` or `;parameters` (not merely any
    /// text that starts with it).
    static func isGRPCContentType(_ type: String) -> Bool {
        let base = "application/grpc".utf8
        let utf8 = type.utf8
        guard utf8.starts(with: base) else { return false }
        let rest = utf8.dropFirst(base.count)
        return rest.isEmpty || rest.first == UInt8(ascii: "+") || rest.first == UInt8(ascii: ";")
    }

    /// A number made only of ASCII digits (the HTTP `:status` and gRPC `grpc-status`
    /// grammars); `nil` for anything else, including signs and spaces that `Int(_:)` accepts.
    static func decimal(_ text: String) -> Int? {
        var value = 0
        var digits = 0
        for byte in text.utf8 {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9"), digits < 18 else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
            digits += 1
        }
        return digits == 0 ? nil : value
    }

    /// The gRPC code for an HTTP status without `grpc-status`.
    package static func codeForHTTPStatus(_ status: Int) -> GRPCStatus.Code {
        switch status {
        case 400: return .internalError
        case 401: return .unauthenticated
        case 403: return .permissionDenied
        case 404: return .unimplemented
        case 429, 502, 503, 504: return .unavailable
        default: return .unknown
        }
    }

    /// Decodes `%XX` escapes. Malformed escapes are kept literally; if the result is not
    /// UTF-8, the raw text is returned. Never traps.
    package static func percentDecode(_ text: String) -> String {
        var utf8 = Array(text.utf8)
        guard utf8.contains(UInt8(ascii: "%")) else { return text }
        var out = [UInt8]()
        out.reserveCapacity(utf8.count)
        var i = 0
        while i < utf8.count {
            let byte = utf8[i]
            if byte == UInt8(ascii: "%"), i + 2 < utf8.count, let hi = hex(utf8[i + 1]), let lo = hex(utf8[i + 2]) {
                out.append(hi << 4 | lo)
                i += 3
            } else {
                out.append(byte)
                i += 1
            }
        }
        utf8 = out
        return String(validating: utf8, as: UTF8.self) ?? text
    }

    private static func hex(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    /// Maps RST_STREAM error codes to a failure (gRPC PROTOCOL-HTTP2). A NO_ERROR reset after
    /// a trailer status arrived keeps that status (etcd's over-limit upload case).
    package static func errorForReset(code: UInt32, trailerStatus: GRPCStatus?, requestSent: Bool) -> TransportError {
        let disposition: RequestDisposition = requestSent ? .maybeProcessed : .notSent
        if let trailerStatus, code == 0 {
            return TransportError(kind: .rpc, status: trailerStatus, requestDisposition: .maybeProcessed, message: trailerStatus.message)
        }
        switch code {
        case 0x7:  // REFUSED_STREAM
            return .local(.refusedStream, .unavailable, "stream refused by the server", .notSent)
        case 0x8:  // CANCEL
            return .local(.streamReset(code), .cancelled, "stream cancelled by the server", disposition)
        case 0xb:  // ENHANCE_YOUR_CALM
            return .local(.streamReset(code), .resourceExhausted, "stream reset: enhance your calm", disposition)
        case 0xc:  // INADEQUATE_SECURITY
            return .local(.streamReset(code), .permissionDenied, "stream reset: inadequate security", disposition)
        default:
            return .local(.streamReset(code), .internalError, "stream reset by the server (HTTP/2 error \(code))", disposition)
        }
    }

    private static let timeoutUnits: [(Int64, UInt8)] = [
        (1, UInt8(ascii: "n")), (1_000, UInt8(ascii: "u")), (1_000_000, UInt8(ascii: "m")),
        (1_000_000_000, UInt8(ascii: "S")), (60_000_000_000, UInt8(ascii: "M")), (3_600_000_000_000, UInt8(ascii: "H")),
    ]

    /// Encodes a `grpc-timeout` value: at most 8 digits with the finest unit that fits,
    /// rounded up. Non-positive durations encode as `1n`.
    package static func encodeTimeout(_ duration: Duration) -> String {
        var bytes: [UInt8] = []
        appendTimeout(duration, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the `grpc-timeout` value of `duration` (see ``encodeTimeout(_:)``) to `bytes`
    /// without building a string.
    static func appendTimeout(_ duration: Duration, to bytes: inout [UInt8]) {
        let (value, unit) = timeoutValue(duration)
        var digits: (UInt64, UInt64) = (0, 0)  // 16 bytes, enough for 8 digits
        var count = 0
        var rest = UInt64(value)
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[count] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
                count += 1
            } while rest > 0 && count < buffer.count
            for index in stride(from: count - 1, through: 0, by: -1) { bytes.append(buffer[index]) }
        }
        bytes.append(unit)
    }

    /// The number and unit letter of a `grpc-timeout` (see ``encodeTimeout(_:)``).
    static func timeoutValue(_ duration: Duration) -> (Int64, UInt8) {
        let (seconds, attoseconds) = duration.components
        if seconds < 0 || (seconds == 0 && attoseconds <= 0) { return (1, UInt8(ascii: "n")) }
        if seconds >= 9_000_000_000 {
            // Beyond what nanoseconds hold in 64 bits (about 292 years) only hours can fit.
            let hours = seconds / 3600 + (seconds % 3600 > 0 || attoseconds > 0 ? 1 : 0)
            return (min(hours, 99_999_999), UInt8(ascii: "H"))
        }
        let nanos = seconds * 1_000_000_000 + attoseconds / 1_000_000_000 + (attoseconds % 1_000_000_000 > 0 ? 1 : 0)
        for (size, unit) in timeoutUnits {
            let value = (nanos + size - 1) / size
            if value <= 99_999_999 { return (value, unit) }
        }
        return (99_999_999, UInt8(ascii: "H"))
    }
}
