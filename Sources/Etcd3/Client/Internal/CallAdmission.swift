import Synchronization

/// Counts the unary calls in flight, refuses new ones once a graceful shutdown began, and holds
/// back the calls of a client whose ``Etcd3Client/run()`` has not started yet.
///
/// One atomic word: the count of calls in flight, plus ``drainingFlag`` once draining began
/// and ``notStartedFlag`` until ``start()``, so admitting a call and letting it go cost one
/// atomic operation each.
final class CallAdmission: Sendable {
    private static let drainingFlag = 1 << 62
    private static let notStartedFlag = 1 << 61
    private let word: Atomic<Int>
    /// Set once draining began and no call is in flight.
    let drained = Promise<Void>()
    /// Set by ``start()``, or by ``beginDraining()`` (a client closed before it ran): what
    /// calls made before ``start()`` wait for.
    private let opened = Promise<Void>()

    /// - Parameter started: `false` for a client that takes calls only once ``start()`` was
    ///   called (by ``Etcd3Client/run()``).
    init(started: Bool) {
        word = Atomic(started ? 0 : Self.notStartedFlag)
        if started { opened.fulfill(()) }
    }

    /// Counts a call in; every successful `enter` is paired with one ``leave()``.
    /// - Throws: ``EtcdError/Code/closed`` once draining began, unless `duringShutdown`;
    ///   ``EtcdError/Code/notRunning`` before ``start()`` (see ``waitUntilStarted(until:)``).
    func enter(duringShutdown: Bool) throws(EtcdError) {
        let value = word.wrappingAdd(1, ordering: .sequentiallyConsistent).newValue
        guard value & (Self.drainingFlag | Self.notStartedFlag) != 0 else { return }
        if value & Self.drainingFlag != 0 {
            if duringShutdown { return }
            leave()
            throw EtcdError(.closed, "the client is shutting down")
        }
        leave()
        throw EtcdError(.notRunning, "the client's run() has not started")
    }

    /// Waits until ``start()`` or ``beginDraining()``, for a call made before the client's
    /// ``Etcd3Client/run()`` started.
    /// - Throws: ``EtcdError/Code/notRunning`` when `deadline` passes first,
    ///   ``EtcdError/Code/cancelled`` when the waiting task is cancelled.
    func waitUntilStarted(until deadline: ContinuousClock.Instant?) async throws(EtcdError) {
        guard await opened.wait(until: deadline) == nil else { return }
        if Task.isCancelled { throw EtcdError(.cancelled, "the call was cancelled while waiting for the client's run()") }
        throw EtcdError(
            .notRunning,
            "the client's run() did not start within the call's deadline: a client created with init(startingInRun:) takes calls while its run() runs; nothing was sent"
        )
    }

    /// Admits a server-streaming call (a snapshot, an election observation), which is not
    /// counted in: waits for ``Etcd3Client/run()`` as a unary call does, within `timeout`.
    /// - Throws: as ``waitUntilStarted(until:)``; ``EtcdError/Code/closed`` once a shutdown
    ///   began.
    func admitStream(timeout: Duration?) async throws(EtcdError) {
        try await waitUntilStarted(until: timeout.map { .now + $0 })
        if isDraining { throw EtcdError(.closed, "the client is shutting down") }
    }

    /// Whether a graceful shutdown (or a close) began.
    var isDraining: Bool {
        word.load(ordering: .relaxed) & Self.drainingFlag != 0
    }

    /// Lets calls in (``Etcd3Client/run()`` of a client created with
    /// ``Etcd3Client/init(startingInRun:)``), and wakes those waiting.
    func start() {
        word.bitwiseAnd(~Self.notStartedFlag, ordering: .sequentiallyConsistent)
        opened.fulfill(())
    }

    /// Counts a call out.
    func leave() {
        let value = word.wrappingSubtract(1, ordering: .sequentiallyConsistent).newValue
        if value & ~Self.notStartedFlag == Self.drainingFlag { drained.fulfill(()) }
    }

    /// Refuses new calls from now on (calls waiting for ``start()`` are refused too);
    /// ``drained`` is set once the calls in flight ended.
    func beginDraining() {
        let value = word.bitwiseOr(Self.drainingFlag, ordering: .sequentiallyConsistent).newValue
        if value & ~Self.notStartedFlag == Self.drainingFlag { drained.fulfill(()) }
        opened.fulfill(())
    }
}
