import Etcd3Transport
import Logging
import Synchronization

/// The client's connections: at most one per endpoint, created on demand, shared by every call.
///
/// Calls pick endpoints round robin; an endpoint whose connection failed waits out a jittered,
/// growing backoff before it is dialled again, while calls go to the others. Connecting is
/// single-flight per endpoint: concurrent callers wait for the same attempt.
final class ConnectionPool: Sendable {
    struct Slot {
        var connection: HTTP2Connection?
        var connecting: Task<HTTP2Connection, any Error>?
        var failures = 0
        var retryAt: ContinuousClock.Instant?
        var keepAliveInterval: Duration?
        /// Whether this endpoint ever had a connection (the next one is a reconnect).
        var hadConnection = false
    }

    struct State {
        var slots: [Slot]
        var cursor = 0
        var isClosed = false
        /// Connections replaced after GOAWAY that still finish the calls the server accepted.
        var draining: [HTTP2Connection] = []
    }

    /// What `acquire` found under the lock.
    private enum Step {
        case ready(HTTP2Connection)
        case wait(Task<HTTP2Connection, any Error>)
        case skip(until: ContinuousClock.Instant)
    }

    let endpoints: [Endpoint]
    private let connectionConfiguration: ConnectionConfiguration
    private let reconnectBackoff: Backoff
    private let loop: IOLoop
    private let logger: Logger
    private let state: Mutex<State>
    /// Told of each connection the pool takes in and lets go of.
    private let observer: (any Etcd3ClientObserver)?

    /// - Parameters:
    ///   - loop: the I/O loop every connection of the pool runs on.
    ///   - observer: told when connections open and close.
    init(
        endpoints: [Endpoint], connectionConfiguration: ConnectionConfiguration, reconnectBackoff: Backoff,
        loop: IOLoop, logger: Logger, observer: (any Etcd3ClientObserver)? = nil
    ) {
        self.observer = observer
        self.endpoints = endpoints
        self.loop = loop
        self.connectionConfiguration = connectionConfiguration
        self.reconnectBackoff = reconnectBackoff
        self.logger = logger
        let slot = Slot(keepAliveInterval: connectionConfiguration.keepAliveInterval)
        self.state = Mutex(State(slots: Array(repeating: slot, count: endpoints.count)))
    }

    /// A connected, usable connection and its endpoint's index.
    ///
    /// Tries endpoints round robin, skipping those in `excluding` while others remain, and
    /// waits (up to `deadline`) when every endpoint is backing off.
    /// - Throws: ``EtcdError/Code/unavailable`` (with the last connect failure's message) when no
    ///   endpoint can be reached before the deadline; ``EtcdError/Code/closed`` after ``close()``;
    ///   TLS failures as ``EtcdError/Code/tls``.
    func acquire(
        excluding: Set<Int> = [],
        deadline: ContinuousClock.Instant?
    ) async throws(EtcdError) -> (HTTP2Connection, Int) {
        if excluding.isEmpty, let ready = readyConnection() { return ready }
        return try await connect(excluding: excluding, deadline: deadline)
    }

    /// The next endpoint in turn, if it already has a usable connection; `nil` otherwise.
    ///
    /// Synchronous, so the common case of ``acquire(excluding:deadline:)`` needs no async
    /// frame (callers try this first).
    func readyConnection() -> (HTTP2Connection, Int)? {
        let count = endpoints.count
        return state.withLock { state -> (HTTP2Connection, Int)? in
            guard !state.isClosed else { return nil }
            let index = state.cursor
            guard let connection = state.slots[index].connection, connection.acceptsNewCalls else { return nil }
            // Only a hit moves the cursor: on a miss the slow path starts at this endpoint.
            state.cursor = (index + 1) % count
            return (connection, index)
        }
    }

    /// The slow path of ``acquire(excluding:deadline:)``: dials, waits for dials and backoff.
    private func connect(
        excluding: Set<Int>,
        deadline: ContinuousClock.Instant?
    ) async throws(EtcdError) -> (HTTP2Connection, Int) {
        var lastError: EtcdError?
        while true {
            var earliestRetry: ContinuousClock.Instant?
            let count = endpoints.count
            let start = state.withLock { state -> Int in
                let start = state.cursor
                state.cursor = (state.cursor + 1) % count
                return start
            }
            var candidates = (0..<count).map { (start + $0) % count }.filter { !excluding.contains($0) }
            if candidates.isEmpty { candidates = (0..<count).map { (start + $0) % count } }

            for (position, index) in candidates.enumerated() {
                var replaced = false
                let next = try state.withLock { state throws(EtcdError) -> Step in
                    try nextStep(for: index, in: &state, replaced: &replaced)
                }
                if replaced, let observer {
                    observer.connectionClosed(endpoint: Etcd3ObservedEndpoint(endpoints[index]))
                }
                switch next {
                case .ready(let connection):
                    return (connection, index)
                case .skip(let until):
                    earliestRetry = min(earliestRetry ?? until, until)
                case .wait(let task):
                    // A dial in progress (it records its own outcome): while a later candidate
                    // has a usable connection, the call goes there instead of waiting, since a
                    // silent endpoint holds a dial for the whole connect timeout.
                    let alternative = state.withLock { state in
                        candidates[(position + 1)...].contains { state.slots[$0].connection?.acceptsNewCalls == true }
                    }
                    if alternative { continue }
                    do {
                        guard let connection = try await Self.value(of: task, before: deadline) else {
                            throw EtcdError(
                                .deadlineExceeded, "the call's deadline passed while connecting to \(endpoints[index])")
                        }
                        connectFinished(index: index, task: task, result: .success(connection))
                        return (connection, index)
                    } catch let error as EtcdError where error.code == .deadlineExceeded {
                        throw error
                    } catch {
                        let mapped = EtcdError(connectFailure: error, endpoint: endpoints[index])
                        recordConnectFailure(index: index, task: task)
                        logger.debug(
                            "etcd connect failed",
                            metadata: ["etcd.endpoint": "\(endpoints[index])", "etcd.error": "\(mapped)"])
                        if mapped.code == .closed { throw mapped }
                        lastError = mapped
                    }
                }
            }

            // Every candidate failed or is backing off: wait for the first to become eligible.
            let now = ContinuousClock.now
            let wakeUp = earliestRetry ?? now + reconnectBackoff.initial
            if let deadline, wakeUp >= deadline {
                throw lastError ?? EtcdError(.unavailable, "no endpoint could be reached before the deadline")
            }
            if let lastError, lastError.code == .tls, earliestRetry == nil {
                throw lastError
            }
            do {
                try await Task.sleep(until: wakeUp, clock: .continuous)
            } catch {
                throw EtcdError(.cancelled, "cancelled while waiting for an endpoint")
            }
        }
    }

    /// `replaced` is set when the endpoint's connection stopped taking calls (GOAWAY) and was
    /// let go.
    private func nextStep(for index: Int, in state: inout State, replaced: inout Bool) throws(EtcdError) -> Step {
        if state.isClosed { throw EtcdError(.closed, "the client is closed") }
        var slot = state.slots[index]
        defer { state.slots[index] = slot }
        if let connection = slot.connection {
            if connection.acceptsNewCalls { return .ready(connection) }
            slot.connection = nil
            replaced = true
            // A GOAWAY `too_many_pings` doubled it: the replacement must ping less often.
            slot.keepAliveInterval = connection.suggestedKeepAliveInterval
            // GOAWAY: the streams the server accepted may still be answered.
            state.draining.removeAll { !$0.isOpen }
            state.draining.append(connection)
            Task { await connection.closeWhenIdle() }
        }
        if let task = slot.connecting { return .wait(task) }
        if let retryAt = slot.retryAt, retryAt > .now { return .skip(until: retryAt) }
        var configuration = connectionConfiguration
        configuration.keepAliveInterval = slot.keepAliveInterval
        let endpoint = endpoints[index]
        let loop = self.loop
        let task = Task<HTTP2Connection, any Error> {
            let connection = HTTP2Connection(endpoint: endpoint, configuration: configuration, loop: loop)
            do {
                try await connection.connect()
            } catch {
                await connection.close()
                throw error
            }
            return connection
        }
        slot.connecting = task
        Task { [weak self] in
            let result = await task.result
            self?.connectFinished(index: index, task: task, result: result)
        }
        return .wait(task)
    }

    /// Records a dial's outcome even when no call waits for it (calls may go elsewhere).
    private func connectFinished(index: Int, task: Task<HTTP2Connection, any Error>, result: Result<HTTP2Connection, any Error>) {
        switch result {
        case .success(let connection):
            let reconnect = state.withLock { state -> Bool? in
                guard state.slots[index].connecting == task else { return nil }
                state.slots[index].connecting = nil
                state.slots[index].connection = connection
                state.slots[index].failures = 0
                state.slots[index].retryAt = nil
                defer { state.slots[index].hadConnection = true }
                return state.slots[index].hadConnection
            }
            if let observer, let reconnect {
                observer.connectionOpened(endpoint: Etcd3ObservedEndpoint(endpoints[index]), isReconnect: reconnect)
            }
        case .failure:
            recordConnectFailure(index: index, task: task)
        }
    }

    /// The dial's connection, or `nil` once `deadline` passes first (the dial goes on).
    private static func value(
        of task: Task<HTTP2Connection, any Error>,
        before deadline: ContinuousClock.Instant?
    ) async throws -> HTTP2Connection? {
        guard let deadline else { return try await task.value }
        let race = Race()
        return try await withCheckedThrowingContinuation { continuation in
            race.continuation.withLock { $0 = continuation }
            Task { race.resume(await task.result.map { Optional($0) }) }
            Task {
                try? await Task.sleep(until: deadline, clock: .continuous)
                race.resume(.success(nil))
            }
        }
    }

    private func recordConnectFailure(index: Int, task: Task<HTTP2Connection, any Error>) {
        state.withLock { state in
            guard state.slots[index].connecting == task else { return }
            state.slots[index].connecting = nil
            state.slots[index].failures += 1
            let delay = reconnectBackoff.delay(forAttempt: state.slots[index].failures)
            state.slots[index].retryAt = .now + delay
        }
    }

    /// Drops `connection` after a connection-level failure, so the next call dials again, and
    /// makes the endpoint back off.
    func connectionFailed(_ connection: HTTP2Connection, index: Int) {
        let dropped = state.withLock { state -> Bool in
            guard state.slots[index].connection === connection else { return false }
            state.slots[index].connection = nil
            state.slots[index].keepAliveInterval = connection.suggestedKeepAliveInterval
            state.slots[index].failures += 1
            // The first reconnect after a working connection is immediate; repeated failures back off.
            if state.slots[index].failures > 1 {
                state.slots[index].retryAt = .now + reconnectBackoff.delay(forAttempt: state.slots[index].failures - 1)
            }
            return true
        }
        if dropped {
            if let observer { observer.connectionClosed(endpoint: Etcd3ObservedEndpoint(endpoints[index])) }
            Task { await connection.close() }
        }
    }

    /// Whether ``close()`` was called.
    var isClosed: Bool { state.withLock { $0.isClosed } }

    /// Closes every connection and fails later calls with ``EtcdError/Code/closed``.
    func close() async {
        let (connections, tasks, held) = state.withLock {
            state -> ([HTTP2Connection], [Task<HTTP2Connection, any Error>], [Int]) in
            state.isClosed = true
            let held = state.slots.indices.filter { state.slots[$0].connection != nil }
            let connections = state.slots.compactMap(\.connection) + state.draining
            state.draining = []
            let tasks = state.slots.compactMap(\.connecting)
            for index in state.slots.indices {
                state.slots[index].connection = nil
                state.slots[index].connecting = nil
            }
            return (connections, tasks, held)
        }
        if let observer {
            for index in held { observer.connectionClosed(endpoint: Etcd3ObservedEndpoint(endpoints[index])) }
        }
        for task in tasks { task.cancel() }
        for connection in connections { await connection.close() }
        for task in tasks {
            if let connection = try? await task.value { await connection.close() }
        }
    }
}

/// Resumes a continuation once, with whichever result comes first.
private final class Race: Sendable {
    let continuation = Mutex<CheckedContinuation<HTTP2Connection?, any Error>?>(nil)

    func resume(_ result: Result<HTTP2Connection?, any Error>) {
        let taken = continuation.withLock { value in
            let taken = value
            value = nil
            return taken
        }
        taken?.resume(with: result)
    }
}
