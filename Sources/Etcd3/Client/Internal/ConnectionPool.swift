internal import Etcd3Transport
import Logging
import Synchronization

/// The client's connections: at most one per endpoint, created on demand, shared by every call.
///
/// Calls pick endpoints round robin; an endpoint whose connection failed waits out a jittered,
/// growing backoff before it is dialled again, while calls go to the others. Connecting is
/// single-flight per endpoint: concurrent callers wait for the same attempt.
///
/// The endpoint list can change (``replaceEndpoints(_:)``, for endpoint auto-sync). Each endpoint
/// has a key (an `Int` that ``acquire(excluding:deadline:)`` returns and callers hand back) that
/// stays the same while the endpoint stays in the list and is never reused. The connection of a
/// removed endpoint takes no new call and closes once its open calls finished.
final class ConnectionPool: Sendable {
    struct Slot {
        /// The endpoint's key.
        let id: Int
        let endpoint: Endpoint
        var connection: HTTP2Connection?
        var connecting: Dial?
        var failures = 0
        var retryAt: ContinuousClock.Instant?
        var keepAliveInterval: Duration?
        /// Whether this endpoint ever had a connection (the next one is a reconnect).
        var hadConnection = false
    }

    struct State {
        var slots: [Slot]
        /// The key of the next endpoint added.
        var nextID: Int
        var cursor = 0
        var isClosed = false
        /// Connections replaced after GOAWAY, or of endpoints removed from the list, that still
        /// finish the calls they carry.
        var draining: [HTTP2Connection] = []

        /// The position of the endpoint with key `id`, if it is still in the list.
        func position(of id: Int) -> Int? {
            slots.firstIndex { $0.id == id }
        }
    }

    /// What `acquire` found under the lock.
    private enum Step {
        case ready(HTTP2Connection)
        case wait(Dial, Endpoint)
        case skip(until: ContinuousClock.Instant)
        /// The endpoint left the list since the candidates were chosen.
        case removed
    }

    private let connectionConfiguration: ConnectionConfiguration
    private let reconnectBackoff: Backoff
    private let loop: IOLoop
    /// Where dials, drains and closes run.
    private let background: BackgroundTasks
    private let logger: Logger
    private let state: Mutex<State>
    /// The number of endpoints, readable without the lock (calls read it once each).
    private let count: Atomic<Int>
    /// Told of each connection the pool takes in and lets go of.
    private let observer: (any Etcd3ClientObserver)?

    /// - Parameters:
    ///   - loop: the I/O loop every connection of the pool runs on.
    ///   - background: the client's background work, where dials, drains and closes run.
    ///   - observer: told when connections open and close.
    init(
        endpoints: [Endpoint], connectionConfiguration: ConnectionConfiguration, reconnectBackoff: Backoff,
        loop: IOLoop, background: BackgroundTasks, logger: Logger, observer: (any Etcd3ClientObserver)? = nil
    ) {
        self.observer = observer
        self.loop = loop
        self.background = background
        self.connectionConfiguration = connectionConfiguration
        self.reconnectBackoff = reconnectBackoff
        self.logger = logger
        let interval = connectionConfiguration.keepAliveInterval
        let slots = endpoints.enumerated().map { Slot(id: $0.offset, endpoint: $0.element, keepAliveInterval: interval) }
        self.state = Mutex(State(slots: slots, nextID: slots.count))
        self.count = Atomic(slots.count)
    }

    /// The endpoints calls go to now, in round-robin order.
    var endpoints: [Endpoint] {
        state.withLock { $0.slots.map(\.endpoint) }
    }

    /// How many endpoints calls go to now.
    var endpointCount: Int {
        count.load(ordering: .relaxed)
    }

    /// Makes `endpoints` the list calls go to (an empty list is ignored).
    ///
    /// An endpoint already in the list keeps its key, connection and backoff. A removed
    /// endpoint takes no new call: its connection finishes the calls and streams it carries,
    /// then closes; a dial to it still in progress closes its connection when done.
    /// - Returns: whether the list changed.
    @discardableResult
    func replaceEndpoints(_ endpoints: [Endpoint]) async -> Bool {
        guard !endpoints.isEmpty else { return false }
        let interval = connectionConfiguration.keepAliveInterval
        let retired = state.withLock { state -> [HTTP2Connection]? in
            guard !state.isClosed, state.slots.map(\.endpoint) != endpoints else { return nil }
            var slots: [Slot] = []
            for endpoint in endpoints where !slots.contains(where: { $0.endpoint == endpoint }) {
                if let existing = state.slots.first(where: { $0.endpoint == endpoint }) {
                    slots.append(existing)
                } else {
                    slots.append(Slot(id: state.nextID, endpoint: endpoint, keepAliveInterval: interval))
                    state.nextID += 1
                }
            }
            let retired = state.slots.filter { !endpoints.contains($0.endpoint) }.compactMap(\.connection)
            state.slots = slots
            count.store(slots.count, ordering: .relaxed)
            state.cursor = 0
            state.draining.removeAll { !$0.isOpen }
            state.draining.append(contentsOf: retired)
            return retired
        }
        guard let retired else { return false }
        logger.debug("etcd endpoints replaced", metadata: ["etcd.endpoints": "\(endpoints)"])
        for connection in retired { await connection.closeWhenIdle() }
        return true
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
        state.withLock { state -> (HTTP2Connection, Int)? in
            guard !state.isClosed else { return nil }
            let index = state.cursor
            guard let connection = state.slots[index].connection, connection.acceptsNewCalls else { return nil }
            // Only a hit moves the cursor: on a miss the slow path starts at this endpoint.
            state.cursor = (index + 1) % state.slots.count
            return (connection, state.slots[index].id)
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
            let candidates = state.withLock { state -> [Int] in
                let count = state.slots.count
                let start = state.cursor
                state.cursor = (state.cursor + 1) % count
                let all = (0..<count).map { state.slots[(start + $0) % count].id }
                let allowed = all.filter { !excluding.contains($0) }
                return allowed.isEmpty ? all : allowed
            }

            for (position, index) in candidates.enumerated() {
                var replaced: Endpoint?
                let next = try state.withLock { state throws(EtcdError) -> Step in
                    try nextStep(for: index, in: &state, replaced: &replaced)
                }
                if let replaced, let observer {
                    observer.connectionClosed(endpoint: Etcd3ObservedEndpoint(replaced))
                }
                switch next {
                case .ready(let connection):
                    return (connection, index)
                case .skip(let until):
                    earliestRetry = min(earliestRetry ?? until, until)
                case .removed:
                    continue
                case .wait(let dial, let endpoint):
                    // A dial in progress (it records its own outcome): while a later candidate
                    // has a usable connection, the call goes there instead of waiting, since a
                    // silent endpoint holds a dial for the whole connect timeout.
                    let alternative = state.withLock { state in
                        candidates[(position + 1)...].contains { id in
                            state.position(of: id).map { state.slots[$0].connection?.acceptsNewCalls == true } ?? false
                        }
                    }
                    if alternative { continue }
                    guard let outcome = await dial.outcome.wait(until: deadline) else {
                        if Task.isCancelled { throw EtcdError(.cancelled, "cancelled while connecting to \(endpoint)") }
                        throw EtcdError(.deadlineExceeded, "the call's deadline passed while connecting to \(endpoint)")
                    }
                    switch outcome {
                    case .success(let connection):
                        connectFinished(index: index, dial: dial, result: .success(connection))
                        return (connection, index)
                    case .failure(let error):
                        let mapped = EtcdError(connectFailure: error, endpoint: endpoint)
                        recordConnectFailure(index: index, dial: dial)
                        logger.debug(
                            "etcd connect failed",
                            metadata: ["etcd.endpoint": "\(endpoint)", "etcd.error": "\(mapped)"])
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

    /// `replaced` is set to the endpoint when its connection stopped taking calls (GOAWAY) and
    /// was let go.
    private func nextStep(for id: Int, in state: inout State, replaced: inout Endpoint?) throws(EtcdError) -> Step {
        if state.isClosed { throw EtcdError(.closed, "the client is closed") }
        guard let position = state.position(of: id) else { return .removed }
        var slot = state.slots[position]
        defer { state.slots[position] = slot }
        if let connection = slot.connection {
            if connection.acceptsNewCalls { return .ready(connection) }
            slot.connection = nil
            replaced = slot.endpoint
            // A GOAWAY `too_many_pings` doubled it: the replacement must ping less often.
            slot.keepAliveInterval = connection.suggestedKeepAliveInterval
            // GOAWAY: the streams the server accepted may still be answered.
            state.draining.removeAll { !$0.isOpen }
            state.draining.append(connection)
            background.add { await connection.closeWhenIdle() }
        }
        let endpoint = slot.endpoint
        if let dial = slot.connecting { return .wait(dial, endpoint) }
        if let retryAt = slot.retryAt, retryAt > .now { return .skip(until: retryAt) }
        var configuration = connectionConfiguration
        configuration.keepAliveInterval = slot.keepAliveInterval
        let loop = self.loop
        let dial = Dial()
        let started = background.add { [weak self, configuration] in
            let connection = HTTP2Connection(endpoint: endpoint, configuration: configuration, loop: loop)
            let result: Result<HTTP2Connection, any Error>
            do {
                try await connection.connect()
                result = .success(connection)
            } catch {
                await connection.close()
                result = .failure(error)
            }
            // Recorded before waiters wake, so a woken waiter finds the slot up to date.
            if let self {
                self.connectFinished(index: id, dial: dial, result: result)
            } else if case .success(let connection) = result {
                await connection.close()
            }
            dial.outcome.fulfill(result)
        }
        // The client is closing: its background work has ended.
        guard started else { throw EtcdError(.closed, "the client is closed") }
        slot.connecting = dial
        return .wait(dial, endpoint)
    }

    /// Records a dial's outcome even when no call waits for it (calls may go elsewhere).
    private func connectFinished(index: Int, dial: Dial, result: Result<HTTP2Connection, any Error>) {
        switch result {
        case .success(let connection):
            // Whether the connection was orphaned, and whether it replaces an earlier one (`nil`:
            // another dial's outcome won).
            let (orphaned, reconnect) = state.withLock { state -> (Bool, Bool?) in
                guard let position = state.position(of: index) else {
                    // The endpoint left the list while the dial ran: the connection takes the
                    // call that waited for it, if any, and closes after.
                    if state.draining.contains(where: { $0 === connection }) { return (false, nil) }
                    state.draining.append(connection)
                    return (true, nil)
                }
                guard state.slots[position].connecting === dial else { return (false, nil) }
                state.slots[position].connecting = nil
                state.slots[position].connection = connection
                state.slots[position].failures = 0
                state.slots[position].retryAt = nil
                defer { state.slots[position].hadConnection = true }
                return (false, state.slots[position].hadConnection)
            }
            if let observer, let reconnect {
                observer.connectionOpened(endpoint: Etcd3ObservedEndpoint(connection.endpoint), isReconnect: reconnect)
            }
            if orphaned { background.add { await connection.closeWhenIdle() } }
        case .failure:
            recordConnectFailure(index: index, dial: dial)
        }
    }

    private func recordConnectFailure(index: Int, dial: Dial) {
        state.withLock { state in
            guard let position = state.position(of: index), state.slots[position].connecting === dial else { return }
            state.slots[position].connecting = nil
            state.slots[position].failures += 1
            let delay = reconnectBackoff.delay(forAttempt: state.slots[position].failures)
            state.slots[position].retryAt = .now + delay
        }
    }

    /// Drops `connection` after a connection-level failure, so the next call dials again, and
    /// makes the endpoint back off. `index` is the endpoint's key, as ``acquire(excluding:deadline:)``
    /// returned it.
    func connectionFailed(_ connection: HTTP2Connection, index: Int) {
        let dropped = state.withLock { state -> Bool in
            guard let position = state.position(of: index) else {
                guard let drained = state.draining.firstIndex(where: { $0 === connection }) else { return false }
                state.draining.remove(at: drained)
                return true
            }
            guard state.slots[position].connection === connection else { return false }
            // Tracked until closed, so ``close()`` closes it should the client close first.
            state.draining.removeAll { !$0.isOpen }
            state.draining.append(connection)
            var slot = state.slots[position]
            defer { state.slots[position] = slot }
            slot.connection = nil
            slot.keepAliveInterval = connection.suggestedKeepAliveInterval
            slot.failures += 1
            // The first reconnect after a working connection is immediate; repeated failures back off.
            if slot.failures > 1 {
                slot.retryAt = .now + reconnectBackoff.delay(forAttempt: slot.failures - 1)
            }
            return true
        }
        if dropped {
            if let observer { observer.connectionClosed(endpoint: Etcd3ObservedEndpoint(connection.endpoint)) }
            background.add { await connection.close() }
        }
    }

    /// Whether ``close()`` was called.
    var isClosed: Bool { state.withLock { $0.isClosed } }

    /// Closes every connection and fails later calls with ``EtcdError/Code/closed``.
    ///
    /// Call it after the background work ended (``BackgroundTasks/close()``): no dial is in
    /// progress then, and the connection of a dial that got one is closed here.
    func close() async {
        let (connections, dials, held) = state.withLock { state -> ([HTTP2Connection], [Dial], [Endpoint]) in
            state.isClosed = true
            let held = state.slots.filter { $0.connection != nil }.map(\.endpoint)
            let connections = state.slots.compactMap(\.connection) + state.draining
            state.draining = []
            let dials = state.slots.compactMap(\.connecting)
            for index in state.slots.indices {
                state.slots[index].connection = nil
                state.slots[index].connecting = nil
            }
            return (connections, dials, held)
        }
        if let observer {
            for endpoint in held { observer.connectionClosed(endpoint: Etcd3ObservedEndpoint(endpoint)) }
        }
        for connection in connections { await connection.close() }
        for dial in dials {
            if case .success(let connection)? = dial.outcome.value { await connection.close() }
        }
    }
}

/// One connection attempt to an endpoint, run in the client's background work; every call
/// that needs the endpoint meanwhile waits for its outcome.
final class Dial: Sendable {
    let outcome = Promise<Result<HTTP2Connection, any Error>>()
}
