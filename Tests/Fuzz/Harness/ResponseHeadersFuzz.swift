import Etcd3Transport

/// ResponseHeaders: the response header and trailer interpreter.
///
/// Input: byte 0 = options (bit 0: the first block carries END_STREAM, a trailers-only
/// response; bit 1: a trailer block follows); then fields until the end: a selector byte
/// (low 3 bits pick the name from `names`, 7 = a raw name of `length byte` bytes; bit 7 moves
/// to the trailer block) and a value of `length byte` bytes. The fields go through the byte
/// path the connection uses and through the String path; the two heads must agree and the
/// statuses must follow the gRPC HTTP/2 rules, modelled here independently.
enum InterpreterFuzz {
    static let names = [":status", "content-type", "grpc-status", "grpc-message", "grpc-status-details-bin", "grpc-encoding", "te"]

    static func run(_ input: UnsafeRawBufferPointer) {
        var reader = InputReader(input)
        let options = reader.byte()
        let trailersOnly = options & 1 != 0
        let hasTrailers = options & 2 != 0 && !trailersOnly
        var blocks: [[([UInt8], [UInt8])]] = [[], []]
        while !reader.isAtEnd {
            let selector = reader.byte()
            let index = Int(selector & 7)
            let name = index < names.count ? Array(names[index].utf8) : reader.take(Int(reader.byte()))
            let value = reader.take(Int(reader.byte()))
            blocks[selector & 0x80 != 0 ? 1 : 0].append((name, value))
        }
        let initial = head(blocks[0])
        var statuses: [GRPCStatus] = []
        if let status = GRPCResponseInterpreter.statusForInitialHeaders(initial, endStream: trailersOnly) {
            statuses.append(status)
            checkInitial(initial, trailersOnly: trailersOnly, status: status)
        } else {
            require(!trailersOnly, "a trailers-only response gave no status")
            checkInitial(initial, trailersOnly: false, status: nil)
            let trailers = head(blocks[1])
            if hasTrailers {
                let status = GRPCResponseInterpreter.statusForTrailers(trailers)
                checkTrailers(trailers, status: status)
                statuses.append(status)
            }
        }
        require(statuses.count == 1 || (!hasTrailers && !trailersOnly), "\(statuses.count) terminal statuses")
        for status in statuses {
            require((0...16).contains(status.code.rawValue), "status code \(status.code.rawValue) out of range")
        }
        for (name, value) in blocks[0] + blocks[1] {
            percentDecodeProperties(value)
            percentDecodeProperties(name)
        }
    }

    /// Builds the head through the byte path and checks it against the String path.
    static func head(_ fields: [([UInt8], [UInt8])]) -> GRPCResponseHead {
        var viaBytes = GRPCResponseHead()
        var viaStrings = GRPCResponseHead()
        for (name, value) in fields {
            name.withUnsafeBytes { n in value.withUnsafeBytes { v in viaBytes.add(name: n, value: v) } }
            viaStrings.add(name: String(decoding: name, as: UTF8.self), value: String(decoding: value, as: UTF8.self))
        }
        require(viaBytes == viaStrings, "byte path \(viaBytes) differs from string path \(viaStrings)")
        return viaBytes
    }

    /// A decimal number made only of ASCII digits (the gRPC and HTTP grammars), or nil.
    static func strictNumber(_ text: String?) -> Int? {
        guard let text, !text.isEmpty, text.utf8.count <= 18,
            text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") })
        else { return nil }
        return text.utf8.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
    }

    /// `application/grpc`, optionally followed by `+subtype` or `;parameters`.
    static func isGRPCContentType(_ text: String) -> Bool {
        let base = "application/grpc"
        guard text.hasPrefix(base) else { return false }
        let rest = text.utf8.dropFirst(base.utf8.count)
        return rest.isEmpty || rest.first == UInt8(ascii: "+") || rest.first == UInt8(ascii: ";")
    }

    static func httpTable(_ status: Int) -> Int {
        switch status {
        case 400: return 13
        case 401: return 16
        case 403: return 7
        case 404: return 12
        case 429, 502, 503, 504: return 14
        default: return 2
        }
    }

    static func checkInitial(_ head: GRPCResponseHead, trailersOnly: Bool, status: GRPCStatus?) {
        let http = strictNumber(head.httpStatus)
        if http != 200 {
            if trailersOnly, head.grpcStatus != nil {
                guard let status else { return require(false, "no status") }
                return checkTrailers(head, status: status)
            }
            guard let status else { return require(false, "HTTP status \(head.httpStatus ?? "none") gave no status") }
            let expected = http.map(httpTable) ?? 13
            require(status.code.rawValue == expected, "HTTP status \(head.httpStatus ?? "none") gave \(status.code), expected \(expected)")
            return
        }
        if trailersOnly {
            guard let status else { return require(false, "no status") }
            return checkTrailers(head, status: status)
        }
        let valid = head.contentType.map(isGRPCContentType) ?? false
        if valid {
            require(status == nil, "valid headers \(head) gave \(status.map { "\($0)" } ?? "")")
        } else {
            require(
                status?.code == .internalError, "content-type \(head.contentType ?? "none") gave \(status.map { "\($0)" } ?? "no status")")
        }
    }

    static func checkTrailers(_ head: GRPCResponseHead, status: GRPCStatus) {
        guard let raw = head.grpcStatus else {
            return require(status.code == .internalError, "missing grpc-status gave \(status)")
        }
        let number = strictNumber(raw)
        if head.grpcStatusCount == 1, let number, number <= 16 {
            require(status.code.rawValue == number, "grpc-status \(raw) gave \(status.code)")
            let message = head.grpcMessage.map(GRPCResponseInterpreter.percentDecode) ?? ""
            require(status.message == message, "grpc-message \(head.grpcMessage ?? "") gave \(status.message)")
        } else {
            require(status.code == .unknown, "grpc-status \(raw) (\(head.grpcStatusCount) fields) gave \(status.code), expected UNKNOWN")
        }
    }

    /// Decoding never traps; text without `%` is unchanged; encoding then decoding gives the
    /// text back.
    static func percentDecodeProperties(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        let decoded = GRPCResponseInterpreter.percentDecode(text)
        if !text.utf8.contains(UInt8(ascii: "%")) { require(decoded == text, "decoding changed \(text)") }
        let encoded = percentEncode(text)
        require(GRPCResponseInterpreter.percentDecode(encoded) == text, "round trip of \(Array(text.utf8)) failed")
    }

    /// gRPC `grpc-message` encoding: bytes outside 0x20…0x7E and `%` become `%XX`.
    static func percentEncode(_ text: String) -> String {
        let digits = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        for byte in text.utf8 {
            if byte >= 0x20, byte <= 0x7e, byte != UInt8(ascii: "%") {
                out.append(byte)
            } else {
                out += [UInt8(ascii: "%"), digits[Int(byte >> 4)], digits[Int(byte & 15)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
