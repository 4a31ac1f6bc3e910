import Etcd3

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The `-w` output formats etcd3ctl supports.
enum OutputFormat: String {
    /// etcdctl's default: keys and values on lines of their own, raw bytes.
    case simple
    /// The response as etcdctl's JSON printer writes it (keys and values in base64).
    case json
}

/// Text and raw bytes for standard output, collected and written in one go by ``flush()``.
///
/// Keys and values are bytes: they are written as they are, not decoded and re-encoded, as
/// etcdctl does.
struct Output {
    private var bytes: [UInt8] = []
    /// Print byte strings as `\x`-prefixed hex pairs (etcdctl's `--hex`).
    var hex = false

    init(hex: Bool = false) {
        self.hex = hex
    }

    /// Appends `text` and a newline.
    mutating func line(_ text: String) {
        bytes.append(contentsOf: text.utf8)
        bytes.append(0x0a)
    }

    /// Appends a key or value (in hex when asked) and a newline.
    mutating func line(_ value: EtcdBytes) {
        if hex {
            for byte in value.bytes { bytes.append(contentsOf: "\\x\(Output.hexByte(byte))".utf8) }
        } else {
            bytes.append(contentsOf: value.bytes)
        }
        bytes.append(0x0a)
    }

    /// A key-value pair as etcdctl prints it: the key on one line (unless `valueOnly`), the value
    /// on the next.
    mutating func keyValue(_ kv: KeyValue, valueOnly: Bool = false) {
        if !valueOnly { line(kv.key) }
        line(kv.value)
    }

    /// Writes what was collected to standard output and empties the buffer.
    mutating func flush() {
        Output.writeAll(bytes, to: 1)
        bytes.removeAll(keepingCapacity: true)
    }

    /// Writes `text` and a newline to standard output at once.
    static func printLine(_ text: String) {
        writeAll(Array((text + "\n").utf8), to: 1)
    }

    /// Writes `text` to standard error at once.
    static func standardError(_ text: String) {
        writeAll(Array(text.utf8), to: 2)
    }

    private static func writeAll(_ bytes: [UInt8], to descriptor: Int32) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                return
            }
            offset += written
        }
    }

    private static func hexByte(_ byte: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0f)]])
    }
}

extension LeaseID {
    /// The ID as etcdctl prints it: 16 hexadecimal digits (`%016x`).
    var paddedHex: String {
        let digits = description
        return String(repeating: "0", count: max(0, 16 - digits.count)) + digits
    }
}

/// Integers parsed as etcdctl parses them (Go's `strconv.ParseInt(text, radix, 64)`), failing
/// with Go's message so that errors read the same.
enum GoInteger {
    /// The value of `text` in `radix`, or Go's error text.
    static func parse(_ text: String, radix: Int) -> Result<Int64, ParseError> {
        var digits = Substring(text)
        var negative = false
        if let sign = digits.first, sign == "-" || sign == "+" {
            negative = sign == "-"
            digits = digits.dropFirst()
        }
        let valid = !digits.isEmpty && digits.allSatisfy { $0.hexDigitValue.map { $0 < radix } ?? false }
        guard valid else { return .failure(ParseError(text: text, reason: "invalid syntax")) }
        guard let magnitude = UInt64(digits, radix: radix) else {
            return .failure(ParseError(text: text, reason: "value out of range"))
        }
        let limit = negative ? UInt64(Int64.max) + 1 : UInt64(Int64.max)
        guard magnitude <= limit else {
            return .failure(ParseError(text: text, reason: "value out of range"))
        }
        return .success(negative ? Int64(bitPattern: 0 &- magnitude) : Int64(magnitude))
    }

    /// Why a number did not parse, in Go's words.
    struct ParseError: Error {
        var text: String
        var reason: String
        var message: String { "strconv.ParseInt: parsing \"\(text)\": \(reason)" }
    }
}

/// JSON as etcdctl's `-w json` writes responses: Go's `encoding/json` of the protobuf messages,
/// with fields in declaration order, zero values left out, bytes in base64 and 64-bit
/// integers as numbers.
enum JSON {
    /// One field: its name and its value, already encoded; `nil` leaves the field out.
    typealias Field = (name: String, value: String?)

    /// An object of the fields that are present.
    static func object(_ fields: [Field]) -> String {
        let present = fields.compactMap { field in field.value.map { "\"\(field.name)\":\($0)" } }
        return "{" + present.joined(separator: ",") + "}"
    }

    /// A number, or `nil` (left out) when it is zero.
    static func number<Value: BinaryInteger>(_ value: Value) -> String? {
        value == 0 ? nil : "\(value)"
    }

    /// `true`, or `nil` (left out) for `false`.
    static func flag(_ value: Bool) -> String? {
        value ? "true" : nil
    }

    /// Bytes in base64, or `nil` (left out) when empty.
    static func bytes(_ value: EtcdBytes) -> String? {
        value.isEmpty ? nil : "\"" + base64(value.bytes) + "\""
    }

    /// An array, or `nil` (left out) when empty.
    static func array(_ elements: [String]) -> String? {
        elements.isEmpty ? nil : "[" + elements.joined(separator: ",") + "]"
    }

    static func header(_ header: ResponseHeader) -> String {
        object([
            ("cluster_id", number(header.clusterID)), ("member_id", number(header.memberID)),
            ("revision", number(header.revision)), ("raft_term", number(header.raftTerm)),
        ])
    }

    static func keyValue(_ kv: KeyValue) -> String {
        object([
            ("key", bytes(kv.key)), ("create_revision", number(kv.createRevision)),
            ("mod_revision", number(kv.modRevision)), ("version", number(kv.version)),
            ("value", bytes(kv.value)), ("lease", number(kv.lease?.rawValue ?? 0)),
        ])
    }

    /// Standard base64 with padding, as Go encodes `[]byte`.
    static func base64(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
        var text = ""
        var index = 0
        while index < bytes.count {
            let chunk = bytes[index..<min(index + 3, bytes.count)]
            var group = 0
            for (offset, byte) in chunk.enumerated() { group |= Int(byte) << (16 - 8 * offset) }
            for position in 0..<4 {
                text.append(position <= chunk.count ? alphabet[(group >> (18 - 6 * position)) & 0x3f] : "=")
            }
            index += 3
        }
        return text
    }
}
