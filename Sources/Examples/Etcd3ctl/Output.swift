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

/// The `-w` output formats of the commands that also print tables.
enum TableOutputFormat: String {
    /// etcdctl's default: comma-separated fields, one line per item.
    case simple
    /// The response as etcdctl's JSON printer writes it.
    case json
    /// etcdctl's ASCII table.
    case table
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
    mutating func keyValue(_ kv: EtcdKeyValue, valueOnly: Bool = false) {
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

    /// Writes `text` to standard output at once.
    static func standardOutput(_ text: String) {
        writeAll(Array(text.utf8), to: 1)
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

extension EtcdLeaseID {
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

    static func header(_ header: EtcdResponseHeader) -> String {
        object([
            ("cluster_id", number(header.clusterID)), ("member_id", number(header.memberID)),
            ("revision", number(header.revision)), ("raft_term", number(header.raftTerm)),
        ])
    }

    static func keyValue(_ kv: EtcdKeyValue) -> String {
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

extension JSON {
    /// A string with JSON escapes, or `nil` (left out) when empty.
    static func string(_ value: String) -> String? {
        value.isEmpty ? nil : quoted(value)
    }

    /// A string with JSON escapes, always present.
    static func quoted(_ value: String) -> String {
        var text = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            // Go's encoding/json escapes <, > and & for HTML safety.
            case "<": text += "\\u003c"
            case ">": text += "\\u003e"
            case "&": text += "\\u0026"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    text.unicodeScalars.append(scalar)
                }
            }
        }
        return text + "\""
    }
}

/// etcdctl's `-w table` output (Go's tablewriter as etcdctl sets it up): headers centered,
/// cells right-aligned, one space of padding, `+---+` rules.
struct Table {
    var header: [String]
    var rows: [[String]] = []

    init(_ header: [String]) {
        self.header = header
    }

    /// The table as text, a newline after every line.
    var text: String {
        let widths = header.indices.map { column in
            ([header[column]] + rows.map { $0[column] }).map(\.count).max() ?? 0
        }
        let rule = "+" + widths.map { String(repeating: "-", count: $0 + 2) + "+" }.joined() + "\n"
        func line(_ cells: [String], centered: Bool) -> String {
            "|"
                + zip(cells, widths).map { cell, width in
                    let gap = width - cell.count
                    let left = centered ? gap / 2 : gap
                    return " " + String(repeating: " ", count: left) + cell + String(repeating: " ", count: gap - left) + " |"
                }.joined() + "\n"
        }
        return rule + line(header, centered: true) + rule + rows.map { line($0, centered: false) }.joined() + rule
    }
}

/// Number formats etcdctl's Go code uses.
enum GoFormat {
    /// `%x`: a member or cluster ID in hexadecimal.
    static func hex(_ value: UInt64) -> String { String(value, radix: 16) }

    /// `%16x`: hexadecimal padded with spaces to 16 characters.
    static func paddedHex(_ value: UInt64) -> String {
        let digits = hex(value)
        return String(repeating: " ", count: max(0, 16 - digits.count)) + digits
    }

    /// go-humanize's `Bytes`: SI units (1000), one decimal below 10, as `endpoint status`
    /// prints the database size.
    static func bytes(_ value: Int64) -> String {
        guard value >= 10 else { return "\(value) B" }
        let units = ["B", "kB", "MB", "GB", "TB", "PB", "EB"]
        var exponent = 0
        var scaled = Double(value)
        while scaled >= 1000, exponent < units.count - 1 {
            scaled /= 1000
            exponent += 1
        }
        let tenths = Int((scaled * 10 + 0.5).rounded(.down))
        if tenths < 100 { return "\(tenths / 10).\(tenths % 10) \(units[exponent])" }
        // %.0f of a value with one decimal: round half to even.
        var whole = tenths / 10
        let fraction = tenths % 10
        if fraction > 5 || (fraction == 5 && whole % 2 == 1) { whole += 1 }
        return "\(whole) \(units[exponent])"
    }

    /// Go's `time.Duration.String()`: `2.207359ms`, `1.5s`, `850ns`.
    static func duration(_ duration: Swift.Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let nanoseconds = seconds * 1_000_000_000 + attoseconds / 1_000_000_000
        func decimal(_ value: Int64, _ scale: Int64, _ unit: String) -> String {
            let whole = value / scale
            var fraction = String(value % scale)
            fraction = String(repeating: "0", count: String(scale).count - 1 - fraction.count) + fraction
            while fraction.hasSuffix("0") { fraction.removeLast() }
            return fraction.isEmpty ? "\(whole)\(unit)" : "\(whole).\(fraction)\(unit)"
        }
        switch nanoseconds {
        case 0: return "0s"
        case ..<1_000: return "\(nanoseconds)ns"
        case ..<1_000_000: return decimal(nanoseconds, 1_000, "µs")
        case ..<1_000_000_000: return decimal(nanoseconds, 1_000_000, "ms")
        default: return decimal(nanoseconds, 1_000_000_000, "s")
        }
    }
}
