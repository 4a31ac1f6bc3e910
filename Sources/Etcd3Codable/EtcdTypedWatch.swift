public import Etcd3

/// One change to a watched key, with its value decoded.
public struct EtcdTypedWatchEvent<Value> {
    /// The key that changed.
    public var key: EtcdBytes { event.kv.key }
    /// What happened.
    public var kind: EtcdWatchEvent.Kind { event.kind }
    /// The value after the change; `nil` for a delete.
    public var value: Value?
    /// The value before the change, when the watch asked for it (``EtcdWatchOptions/prevKV``) and
    /// the key existed.
    public var previousValue: Value?
    /// The change as the server sent it.
    public var event: EtcdWatchEvent
    /// The revision of the change.
    public var revision: Int64 { event.revision }

    /// Pairs decoded values with the event they came from.
    public init(value: Value?, previousValue: Value?, event: EtcdWatchEvent) {
        self.value = value
        self.previousValue = previousValue
        self.event = event
    }
}

extension EtcdTypedWatchEvent: Sendable where Value: Sendable {}
extension EtcdTypedWatchEvent: Equatable where Value: Equatable {}
extension EtcdTypedWatchEvent: Hashable where Value: Hashable {}

/// A watch whose events carry decoded values: what `watch(_:as:)` and `watchPrefix(_:as:)`
/// return.
///
/// It delivers every event of the watch beneath it, in order. The first value that does not
/// decode ends it with an ``EtcdValueCodingError``: nothing is skipped silently, and the error's
/// ``EtcdValueCodingError/keyValue`` tells where to resume (its `modRevision` + 1) after
/// dealing with that value.
public struct EtcdTypedWatch<Base: AsyncSequence<EtcdWatchEvent, EtcdError> & Sendable, Value: Decodable>: AsyncSequence,
    Sendable
{
    /// One decoded change.
    public typealias Element = EtcdTypedWatchEvent<Value>

    let base: Base
    let decoder: any EtcdValueDecoder

    init(base: Base, decoder: some EtcdValueDecoder) {
        self.base = base
        self.decoder = decoder
    }

    /// Creates the iterator.
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: base.makeAsyncIterator(), decoder: decoder)
    }

    /// Iterates the decoded changes.
    public struct AsyncIterator: AsyncIteratorProtocol {
        var base: Base.AsyncIterator
        let decoder: any EtcdValueDecoder

        /// The next change, or `nil` when the watch ended.
        /// - Throws: what the watch beneath throws (an ``EtcdError``), or an
        ///   ``EtcdValueCodingError`` for a value that does not decode.
        public mutating func next(isolation actor: isolated (any Actor)? = #isolation) async throws -> Element? {
            guard let event = try await base.next(isolation: actor) else { return nil }
            let value = event.kind == .put ? try decoder.value(Value.self, of: event.kv) : nil
            let previousValue = try event.prevKV.map { keyValue throws(EtcdValueCodingError) in
                try decoder.value(Value.self, of: keyValue)
            }
            return EtcdTypedWatchEvent(value: value, previousValue: previousValue, event: event)
        }

        /// The next change, or `nil` when the watch ended.
        /// - Throws: as ``next(isolation:)``.
        public mutating func next() async throws -> Element? {
            try await next(isolation: nil)
        }
    }
}
