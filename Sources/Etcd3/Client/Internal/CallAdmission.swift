import Synchronization

/// Counts the unary calls in flight, refuses new ones once a graceful shutdown began, and
/// refuses every call of a client whose ``Etcd3Client/run()`` has not started yet.
///
/// One atomic word: the count of calls in flight, plus ``drainingFlag`` once draining began
/// and ``notStartedFlag`` until ``start()``, so admitting a call and letting it go cost one
/// atomic operation each.
final class CallAdmission: Sendable {
    private static let drainingFlag = 1 << 62
    private static let notStartedFlag = 1 << 61
    private let word: Atomic<Int>

    /// - Parameter started: `false` for a client that takes calls only once ``start()`` was
    ///   called (by ``Etcd3Client/run()``).
    init(started: Bool) {
        word = Atomic(started ? 0 : Self.notStartedFlag)
    }
    /// Set once draining began and no call is in flight.
    let drained = Promise<Void>()

    /// Counts a call in; every successful `enter` is paired with one ``leave()``.
    /// - Throws: ``EtcdError/Code/notRunning`` before ``start()``; ``EtcdError/Code/closed``
    ///   once draining began, unless `duringShutdown`.
    func enter(duringShutdown: Bool) throws(EtcdError) {
        let value = word.wrappingAdd(1, ordering: .sequentiallyConsistent).newValue
        if value & (Self.drainingFlag | Self.notStartedFlag) != 0, !duringShutdown || value & Self.notStartedFlag != 0 {
            leave()
            throw Self.refusal(value)
        }
    }

    /// The error for a call refused when the word is `value`.
    private static func refusal(_ value: Int) -> EtcdError {
        if value & drainingFlag != 0 { return EtcdError(.closed, "the client is shutting down") }
        return EtcdError(
            .notRunning, "the client's run() has not started: a client created with init(startingInRun:) takes calls while run() runs")
    }

    /// What ``enter(duringShutdown:)`` would throw, without counting anything in: for
    /// streams, which end in the client's close rather than being waited for.
    var refusal: EtcdError? {
        let value = word.load(ordering: .sequentiallyConsistent)
        return value & (Self.drainingFlag | Self.notStartedFlag) != 0 ? Self.refusal(value) : nil
    }

    /// Whether calls are let in, draining aside: ``start()`` was called, or the client did not
    /// need it.
    var isStarted: Bool {
        word.load(ordering: .sequentiallyConsistent) & Self.notStartedFlag == 0
    }

    /// Throws ``refusal``, if any.
    func check() throws(EtcdError) {
        if let refusal { throw refusal }
    }

    /// Lets calls in (``Etcd3Client/run()`` of a client created with
    /// ``Etcd3Client/init(startingInRun:)``).
    func start() {
        word.bitwiseAnd(~Self.notStartedFlag, ordering: .sequentiallyConsistent)
    }

    /// Counts a call out.
    func leave() {
        let value = word.wrappingSubtract(1, ordering: .sequentiallyConsistent).newValue
        if value & ~Self.notStartedFlag == Self.drainingFlag { drained.fulfill(()) }
    }

    /// Refuses new calls from now on; ``drained`` is set once the calls in flight ended.
    func beginDraining() {
        let value = word.bitwiseOr(Self.drainingFlag, ordering: .sequentiallyConsistent).newValue
        if value & ~Self.notStartedFlag == Self.drainingFlag { drained.fulfill(()) }
    }
}
