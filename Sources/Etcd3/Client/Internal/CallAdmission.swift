import Synchronization

/// Counts the unary calls in flight, and refuses new ones once a graceful shutdown began.
///
/// One atomic word: the count of calls in flight, plus ``drainingFlag`` once draining began,
/// so admitting a call and letting it go cost one atomic operation each.
final class CallAdmission: Sendable {
    private static let drainingFlag = 1 << 62
    private let word = Atomic<Int>(0)
    /// Set once draining began and no call is in flight.
    let drained = Promise<Void>()

    /// Whether a graceful shutdown began.
    var isDraining: Bool {
        word.load(ordering: .relaxed) & Self.drainingFlag != 0
    }

    /// Counts a call in; every successful `enter` is paired with one ``leave()``.
    /// - Throws: ``EtcdError/Code/closed`` once draining began, unless `duringShutdown`.
    func enter(duringShutdown: Bool) throws(EtcdError) {
        let value = word.wrappingAdd(1, ordering: .sequentiallyConsistent).newValue
        if value & Self.drainingFlag != 0, !duringShutdown {
            leave()
            throw EtcdError(.closed, "the client is shutting down")
        }
    }

    /// Counts a call out.
    func leave() {
        let value = word.wrappingSubtract(1, ordering: .sequentiallyConsistent).newValue
        if value == Self.drainingFlag { drained.fulfill(()) }
    }

    /// Refuses new calls from now on; ``drained`` is set once the calls in flight ended.
    func beginDraining() {
        let value = word.bitwiseOr(Self.drainingFlag, ordering: .sequentiallyConsistent).newValue
        if value == Self.drainingFlag { drained.fulfill(()) }
    }
}
