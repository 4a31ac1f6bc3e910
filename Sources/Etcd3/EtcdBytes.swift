/// A key or a value: a sequence of bytes that reads like a string where it is one.
///
/// etcd keys and values are arbitrary bytes; non-UTF-8 data and NUL bytes round-trip exactly.
/// `EtcdBytes` is expressible by string literals (including interpolations) and array
/// literals, so most calls read naturally:
///
/// ```swift
/// try await client.put("/config/a", "1")
/// try await client.put("/services/\(name)", "\(host):\(port)")
/// try await client.put(EtcdBytes([0xff, 0x00]), EtcdBytes(payload))
/// ```
public struct EtcdBytes: Sendable, Hashable, Comparable {
    /// The raw bytes.
    public var bytes: [UInt8]

    /// Creates a value from raw bytes.
    @inlinable
    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// Creates a value from any sequence of bytes.
    @inlinable
    public init(_ bytes: some Sequence<UInt8>) { self.bytes = Array(bytes) }

    /// Creates a value holding the UTF-8 encoding of `string`.
    @inlinable
    public init(_ string: some StringProtocol) { self.bytes = Array(string.utf8) }

    /// Hashes the bytes as one block (the synthesized hash feeds the hasher byte by byte).
    public func hash(into hasher: inout Hasher) {
        bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
        hasher.combine(bytes.count)
    }

    /// The bytes decoded as UTF-8, or `nil` when they are not valid UTF-8.
    public var string: String? {
        var iterator = bytes.makeIterator()
        var result = ""
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): result.unicodeScalars.append(scalar)
            case .emptyInput: return result
            case .error: return nil
            }
        }
    }

    /// Whether the value holds no bytes.
    @inlinable
    public var isEmpty: Bool { bytes.isEmpty }

    /// The number of bytes.
    @inlinable
    public var count: Int { bytes.count }

    /// Orders values bytewise, the order etcd uses for keys.
    public static func < (lhs: EtcdBytes, rhs: EtcdBytes) -> Bool {
        lhs.bytes.lexicographicallyPrecedes(rhs.bytes)
    }
}

extension EtcdBytes {
    /// The bytes of `lhs` followed by those of `rhs`: `prefix + "name"`.
    @inlinable
    public static func + (lhs: EtcdBytes, rhs: EtcdBytes) -> EtcdBytes { EtcdBytes(lhs.bytes + rhs.bytes) }
}

extension EtcdBytes: ExpressibleByStringLiteral, ExpressibleByStringInterpolation {
    /// Creates a value holding the UTF-8 encoding of the literal.
    @inlinable
    public init(stringLiteral value: String) { self.bytes = Array(value.utf8) }
}

extension EtcdBytes: ExpressibleByArrayLiteral {
    /// Creates a value from a literal list of bytes.
    @inlinable
    public init(arrayLiteral elements: UInt8...) { self.bytes = elements }
}

extension EtcdBytes: CustomStringConvertible, CustomDebugStringConvertible {
    /// The UTF-8 text when the bytes are valid UTF-8, otherwise their hexadecimal form.
    public var description: String {
        string ?? "0x"
            + bytes.map { byte in
                let digits = Array("0123456789abcdef")
                return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0f)]])
            }.joined()
    }

    /// The description, quoted when it is text.
    public var debugDescription: String {
        if let string { return "\"" + string + "\"" }
        return description
    }
}

extension EtcdBytes {
    /// The smallest key greater than every key that starts with `self`: the `range_end` of a prefix.
    ///
    /// Trailing `0xff` bytes are dropped and the last other byte is incremented. A prefix made of
    /// `0xff` bytes only (or the empty prefix) has no such key; etcd spells "to the end of the
    /// keyspace" as the single byte `0`, which is returned then.
    public var prefixRangeEnd: EtcdBytes {
        var end = bytes
        while let last = end.last {
            if last < 0xff {
                end[end.count - 1] = last + 1
                return EtcdBytes(end)
            }
            end.removeLast()
        }
        return EtcdBytes([0])
    }
}
