public import Etcd3
public import Foundation

/// A stored pair whose value was decoded to a `Value`.
public struct EtcdTypedKeyValue<Value> {
    /// The key.
    public var key: EtcdBytes { keyValue.key }
    /// The decoded value.
    public var value: Value
    /// The stored pair as the server returned it: its revisions, version and lease.
    public var keyValue: EtcdKeyValue

    /// Pairs a decoded value with the pair it came from.
    public init(value: Value, keyValue: EtcdKeyValue) {
        self.value = value
        self.keyValue = keyValue
    }
}

extension EtcdTypedKeyValue: Sendable where Value: Sendable {}
extension EtcdTypedKeyValue: Equatable where Value: Equatable {}
extension EtcdTypedKeyValue: Hashable where Value: Hashable {}

// Typed values on the client and on namespace views alike. Every call is the untyped call of the
// same name with a coder at each end: its `EtcdError`s are unchanged, and a value that cannot be
// encoded or decoded is an `EtcdValueCodingError`.
extension EtcdKV {
    /// Reads `key` and decodes its value.
    ///
    /// ```swift
    /// struct Config: Codable { var replicas: Int }
    /// let config = try await client.get("/config/web", as: Config.self)
    /// ```
    ///
    /// - Parameters:
    ///   - key: the key.
    ///   - type: the type stored under it.
    ///   - decoder: the coder its value was stored with; JSON by default.
    ///   - options: read options, as for ``EtcdKV/get(_:options:timeout:)``.
    ///   - timeout: the call's deadline; the client's default when `nil`.
    /// - Returns: the value, or `nil` when the key does not exist.
    /// - Throws: ``EtcdError`` when the read fails, ``EtcdValueCodingError`` when the stored
    ///   value is not a `Value`.
    public func get<Value: Decodable>(
        _ key: EtcdBytes, as type: Value.Type, decoder: some EtcdValueDecoder = JSONDecoder(),
        options: EtcdRangeOptions = .default, timeout: Duration? = nil
    ) async throws -> Value? {
        try await getKeyValue(key, as: type, decoder: decoder, options: options, timeout: timeout)?.value
    }

    /// Reads `key` and decodes its value, keeping the pair's revisions (for a later
    /// ``EtcdKV/update(_:encoding:ifModRevision:encoder:lease:timeout:)``).
    ///
    /// - Parameters: as for ``get(_:as:decoder:options:timeout:)``.
    /// - Returns: the decoded pair, or `nil` when the key does not exist.
    /// - Throws: ``EtcdError`` when the read fails, ``EtcdValueCodingError`` when the stored
    ///   value is not a `Value`.
    public func getKeyValue<Value: Decodable>(
        _ key: EtcdBytes, as type: Value.Type, decoder: some EtcdValueDecoder = JSONDecoder(),
        options: EtcdRangeOptions = .default, timeout: Duration? = nil
    ) async throws -> EtcdTypedKeyValue<Value>? {
        guard let keyValue = try await get(key, options: options, timeout: timeout) else { return nil }
        return EtcdTypedKeyValue(value: try decoder.value(type, of: keyValue), keyValue: keyValue)
    }

    /// Reads every key under `prefix` and decodes their values, in key order.
    ///
    /// - Parameters:
    ///   - prefix: the prefix.
    ///   - type: the type stored under each key.
    ///   - decoder: the coder the values were stored with; JSON by default.
    ///   - options: read options, as for ``EtcdKV/getPrefix(_:options:timeout:)``.
    ///   - timeout: the call's deadline; the client's default when `nil`.
    /// - Returns: the decoded pairs.
    /// - Throws: ``EtcdError`` when the read fails, ``EtcdValueCodingError`` for the first
    ///   value that is not a `Value`.
    public func getPrefix<Value: Decodable>(
        _ prefix: EtcdBytes, as type: Value.Type, decoder: some EtcdValueDecoder = JSONDecoder(),
        options: EtcdRangeOptions = .default, timeout: Duration? = nil
    ) async throws -> [EtcdTypedKeyValue<Value>] {
        try await getPrefix(prefix, options: options, timeout: timeout).map { keyValue throws(EtcdValueCodingError) in
            EtcdTypedKeyValue(value: try decoder.value(type, of: keyValue), keyValue: keyValue)
        }
    }

    /// Encodes `value` and stores it under `key`.
    ///
    /// ```swift
    /// try await client.put("/config/web", encoding: Config(replicas: 3))
    /// ```
    ///
    /// - Parameters:
    ///   - key: the key.
    ///   - value: the value to store.
    ///   - encoder: the coder; JSON by default.
    ///   - lease: a lease to attach the key to.
    ///   - timeout: the call's deadline; the client's default when `nil`.
    /// - Returns: the result of the put.
    /// - Throws: ``EtcdValueCodingError`` when `value` cannot be encoded (nothing was sent),
    ///   otherwise what ``EtcdKV/put(_:_:lease:timeout:)`` throws.
    @discardableResult
    public func put<Value: Encodable>(
        _ key: EtcdBytes, encoding value: Value, encoder: some EtcdValueEncoder = JSONEncoder(),
        lease: EtcdLeaseID? = nil, timeout: Duration? = nil
    ) async throws -> EtcdPutResult {
        try await put(key, try encoder.bytes(of: value, for: key), lease: lease, timeout: timeout)
    }

    /// Encodes `value` and stores it under `key` only if the key does not exist.
    ///
    /// - Parameters: as for ``put(_:encoding:encoder:lease:timeout:)``.
    /// - Returns: whether the key was created.
    /// - Throws: ``EtcdValueCodingError`` when `value` cannot be encoded (nothing was sent),
    ///   otherwise what ``EtcdKV/create(_:_:lease:timeout:)`` throws.
    @discardableResult
    public func create<Value: Encodable>(
        _ key: EtcdBytes, encoding value: Value, encoder: some EtcdValueEncoder = JSONEncoder(),
        lease: EtcdLeaseID? = nil, timeout: Duration? = nil
    ) async throws -> Bool {
        try await create(key, try encoder.bytes(of: value, for: key), lease: lease, timeout: timeout)
    }

    /// Encodes `value` and stores it under `key` only if the key was last modified at
    /// `revision` (compare-and-swap on ``EtcdKeyValue/modRevision``).
    ///
    /// - Parameters:
    ///   - key: the key.
    ///   - value: the value to store.
    ///   - revision: the modification revision the key must still have, from
    ///     ``getKeyValue(_:as:decoder:options:timeout:)``.
    ///   - encoder: the coder; JSON by default.
    ///   - lease: a lease to attach the key to.
    ///   - timeout: the call's deadline; the client's default when `nil`.
    /// - Returns: whether the key still had `revision` and was updated.
    /// - Throws: ``EtcdValueCodingError`` when `value` cannot be encoded (nothing was sent),
    ///   otherwise what ``EtcdKV/update(_:_:ifModRevision:lease:timeout:)`` throws.
    @discardableResult
    public func update<Value: Encodable>(
        _ key: EtcdBytes, encoding value: Value, ifModRevision revision: Int64,
        encoder: some EtcdValueEncoder = JSONEncoder(), lease: EtcdLeaseID? = nil, timeout: Duration? = nil
    ) async throws -> Bool {
        try await update(
            key, try encoder.bytes(of: value, for: key), ifModRevision: revision, lease: lease, timeout: timeout)
    }

    /// Watches `key` and decodes the value of each change.
    ///
    /// ```swift
    /// for try await change in client.watch("/config/web", as: Config.self) {
    ///     if let config = change.value { apply(config) } else { useDefaults() }
    /// }
    /// ```
    ///
    /// - Parameters:
    ///   - key: the key.
    ///   - type: the type stored under it.
    ///   - decoder: the coder the values are stored with; JSON by default.
    ///   - options: watch options, as for ``EtcdKV/watch(_:options:)``.
    /// - Returns: the typed changes. A value that is not a `Value` ends the sequence with an
    ///   ``EtcdValueCodingError`` whose ``EtcdValueCodingError/keyValue`` gives the revision to
    ///   resume after.
    public func watch<Value: Decodable>(
        _ key: EtcdBytes, as type: Value.Type, decoder: some EtcdValueDecoder = JSONDecoder(),
        options: EtcdWatchOptions = .init()
    ) -> EtcdTypedWatch<Watch, Value> {
        EtcdTypedWatch(base: watch(key, options: options), decoder: decoder)
    }

    /// Watches every key under `prefix` and decodes the value of each change.
    ///
    /// - Parameters: as for ``watch(_:as:decoder:options:)``, with `prefix` in place of the key.
    /// - Returns: the typed changes, ended by an ``EtcdValueCodingError`` at the first value
    ///   that is not a `Value`.
    public func watchPrefix<Value: Decodable>(
        _ prefix: EtcdBytes, as type: Value.Type, decoder: some EtcdValueDecoder = JSONDecoder(),
        options: EtcdWatchOptions = .init()
    ) -> EtcdTypedWatch<Watch, Value> {
        EtcdTypedWatch(base: watchPrefix(prefix, options: options), decoder: decoder)
    }
}
