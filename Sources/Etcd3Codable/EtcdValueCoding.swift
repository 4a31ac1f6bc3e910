public import Etcd3
public import Foundation

/// Turns a value into the bytes stored under a key.
///
/// `JSONEncoder` (the default everywhere) and `PropertyListEncoder` conform; conform your own
/// coder to store values in another format.
public protocol EtcdValueEncoder: Sendable {
    /// Encodes `value`.
    /// - Throws: whatever the coder throws when it cannot encode `value`.
    func encode<Value: Encodable>(_ value: Value) throws -> Data
}

/// Turns the bytes stored under a key back into a value.
///
/// `JSONDecoder` (the default everywhere) and `PropertyListDecoder` conform.
public protocol EtcdValueDecoder: Sendable {
    /// Decodes a `type` from `data`.
    /// - Throws: whatever the coder throws when `data` does not hold a `type`.
    func decode<Value: Decodable>(_ type: Value.Type, from data: Data) throws -> Value
}

extension JSONEncoder: EtcdValueEncoder {}
extension JSONDecoder: EtcdValueDecoder {}
extension PropertyListEncoder: EtcdValueEncoder {}
extension PropertyListDecoder: EtcdValueDecoder {}

/// A value could not be encoded for a key, or a stored value could not be decoded.
///
/// The etcd call itself either did not happen (encoding fails before anything is sent) or
/// succeeded (a decoding failure is about what the server returned), so this error never hides
/// the outcome of a write: a write's own failures are ``EtcdError``s, as without this module.
public struct EtcdValueCodingError: Error, Sendable, CustomStringConvertible {
    /// Which way the coding went.
    public enum Direction: Sendable, Hashable {
        /// Encoding a value to store it: nothing was sent.
        case encoding
        /// Decoding a stored value: the read or watch event it came from is in ``keyValue``.
        case decoding
    }

    /// Which way the coding went.
    public var direction: Direction
    /// The key whose value was being encoded or decoded.
    public var key: EtcdBytes
    /// When decoding, the stored pair that could not be decoded (its revisions tell a watch
    /// where to resume); `nil` when encoding.
    public var keyValue: EtcdKeyValue?
    /// The type the value was to be encoded from or decoded to.
    public var valueType: String
    /// What the coder threw, as text (the coder's error types need not be `Sendable`).
    public var reason: String

    /// Creates an error.
    public init(direction: Direction, key: EtcdBytes, keyValue: EtcdKeyValue? = nil, valueType: String, reason: String) {
        self.direction = direction
        self.key = key
        self.keyValue = keyValue
        self.valueType = valueType
        self.reason = reason
    }

    public var description: String {
        switch direction {
        case .encoding:
            "could not encode a \(valueType) for key \(key): \(reason)"
        case .decoding:
            "the value of key \(key)"
                + (keyValue.map { " at revision \($0.modRevision)" } ?? "")
                + " is not a \(valueType): \(reason)"
        }
    }
}

extension EtcdValueEncoder {
    /// Encodes `value` for `key`, wrapping the coder's failure.
    func bytes<Value: Encodable>(of value: Value, for key: EtcdBytes) throws(EtcdValueCodingError) -> EtcdBytes {
        do {
            return EtcdBytes(try encode(value))
        } catch {
            throw EtcdValueCodingError(
                direction: .encoding, key: key, valueType: "\(Value.self)", reason: "\(error)")
        }
    }
}

extension EtcdValueDecoder {
    /// Decodes the value of `keyValue`, wrapping the coder's failure.
    func value<Value: Decodable>(_ type: Value.Type, of keyValue: EtcdKeyValue) throws(EtcdValueCodingError) -> Value {
        do {
            return try decode(type, from: Data(keyValue.value.bytes))
        } catch {
            throw EtcdValueCodingError(
                direction: .decoding, key: keyValue.key, keyValue: keyValue, valueType: "\(Value.self)",
                reason: "\(error)")
        }
    }
}
