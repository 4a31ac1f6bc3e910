internal import Etcd3Messages
internal import Etcd3Transport
import Synchronization

/// Runs the client's one Watch stream: opens it on a connection, sends the creates and cancels
/// the ``WatchStreamState`` asks for, hands responses to it, delivers updates to the watchers,
/// and reopens the stream (on any endpoint) when it fails, so every watcher resumes.
///
/// Each watcher's updates wait in a bounded ``WatchBuffer``. When one is full, the
/// configured ``Etcd3Client/SlowConsumerPolicy`` applies: the stream's reader waits for room
/// (so HTTP/2 flow control holds the server back), or the watcher ends with
/// ``EtcdError/Code/slowConsumer``.
///
/// The stream runs while at least one watcher exists, on the client's connections for
/// long-lived streams (``ClientCore/streamPool``), never on those that carry unary calls.
final class WatchHub: Sendable {
    private struct State {
        var machine: WatchStreamState
        var consumers: [Int: WatchBuffer] = [:]
        var outbox: AsyncStream<Etcdserverpb.WatchRequest>.Continuation?
        var stream: GRPCStream?
        var driver: BackgroundJob?
        var isClosed = false
        var statistics = WatchHubStatistics()
        /// The server rejected the current stream's token.
        var tokenRejected = false
        /// The server ended the current stream because its member has no leader.
        var leaderLost = false
    }

    /// How one stream ended.
    private enum StreamOutcome {
        /// It got as far as a response.
        case served
        /// It could not be opened, or failed before a response.
        case failed
        /// Its member has no leader (stream refused or cancelled with `no leader`).
        case noLeader(endpointIndex: Int)
    }

    private let core: ClientCore
    private let state: Mutex<State>

    init(core: ClientCore) {
        self.core = core
        self.state = Mutex(State(machine: WatchStreamState(fragmentLimit: core.configuration.maxReceiveMessageBytes)))
    }

    /// The port of the endpoint carrying the stream now, if one is open.
    var streamPort: Int? {
        state.withLock { $0.stream?.connection.endpoint.port }
    }

    /// Whether `count` watchers or more are active, a stream is open, and every watcher's
    /// create was answered.
    func isSettled(watchers count: Int) -> Bool {
        state.withLock { $0.machine.isSettled && $0.machine.activeCount >= count }
    }

    /// Counters for tests and diagnostics.
    var statistics: WatchHubStatistics {
        state.withLock { $0.statistics }
    }

    /// Starts a watcher; its updates arrive in the returned handle's buffer. The watcher ends on
    /// the server when the handle's last holder lets go of it.
    func watch(_ spec: WatchSpec) -> WatchConsumerHandle {
        let buffer = WatchBuffer(capacity: core.configuration.watchBufferSize)
        let actions = state.withLock { state -> [WatchStreamState.Action]? in
            // (Before a run() starts, the watch waits with its driver for run() to host it.)
            if state.isClosed || core.admission.isDraining {
                buffer.finish(throwing: EtcdError(.closed, "the client is closed"))
                return nil
            }
            let (id, actions) = state.machine.add(spec)
            state.statistics.lastFloor = state.machine.watchers[id]?.floor ?? 0
            state.consumers[id] = buffer
            buffer.setOnTermination { [weak self] in self?.consumerLeft(id) }
            if state.driver == nil {
                state.driver = core.background.start(executorPreference: core.loop) { await self.run() }
            }
            return actions
        }
        if let actions {
            if let observer = core.observer { observer.watcherOpened() }
            perform(actions)
        }
        return WatchConsumerHandle(buffer: buffer)
    }

    /// Asks the server for a progress notification on the open stream; the reply reaches every
    /// watcher of the stream that is up to date with it. Does nothing while no stream is open.
    func requestProgress() {
        var request = Etcdserverpb.WatchRequest()
        request.requestUnion = .progressRequest(Etcdserverpb.WatchProgressRequest())
        state.withLock { state in
            guard state.stream != nil else { return }
            state.outbox?.yield(request)
        }
    }

    /// Ends every watcher and the stream.
    func close() async {
        let (consumers, driver) = state.withLock { state in
            state.isClosed = true
            let consumers = Array(state.consumers.values)
            state.consumers = [:]
            state.stream?.cancel()
            state.outbox?.finish()
            return (consumers, state.driver)
        }
        watchersClosed(consumers.count)
        for consumer in consumers { consumer.finish(throwing: EtcdError(.cancelled, "the client was closed")) }
        driver?.cancel()
        await driver?.join()
    }

    /// Ends a watcher whose buffer is full under the `.cancel` policy: it is cancelled on the
    /// server and its consumer gets what was buffered, then ``EtcdError/Code/slowConsumer``.
    private func dropSlowConsumer(_ id: Int, _ buffer: WatchBuffer) {
        let actions = state.withLock { state -> [WatchStreamState.Action]? in
            guard state.consumers[id] === buffer else { return nil }
            state.consumers[id] = nil
            state.statistics.slowConsumersCancelled += 1
            let actions = state.machine.remove(id)
            if state.machine.isEmpty { state.stream?.cancel() }
            return actions
        }
        core.logger.debug("etcd watch consumer too slow; watch cancelled", metadata: ["etcd.watch": "\(id)"])
        buffer.finish(
            throwing: EtcdError(
                .slowConsumer,
                "the watch's consumer fell \(buffer.capacity) events behind; the watch was cancelled "
                    + "(events before this error were delivered)"))
        guard let actions else { return }
        watchersClosed(1)
        perform(actions)
    }

    private func consumerLeft(_ id: Int) {
        let (actions, left) = state.withLock { state -> ([WatchStreamState.Action], Bool) in
            let left = state.consumers.removeValue(forKey: id) != nil
            let actions = state.machine.remove(id)
            if state.machine.isEmpty { state.stream?.cancel() }
            return (actions, left)
        }
        if left { watchersClosed(1) }
        perform(actions)
    }

    /// Tells the observer, if any, that `count` watchers ended.
    private func watchersClosed(_ count: Int) {
        guard let observer = core.observer else { return }
        for _ in 0..<count { observer.watcherClosed() }
    }

    /// Carries out the machine's actions other than deliveries (call without holding the
    /// lock) and returns the deliveries, for the stream's reader to make. Sends are queued under
    /// the lock, in order; buffers are finished outside it. Only the stream's reader delivers,
    /// so updates keep their order.
    @discardableResult
    private func perform(_ actions: [WatchStreamState.Action]) -> [(Int, WatchBuffer, EtcdWatchUpdate)] {
        guard !actions.isEmpty else { return [] }
        var deliveries: [(Int, WatchBuffer, EtcdWatchUpdate)] = []
        var finishes: [(WatchBuffer, EtcdError?)] = []
        state.withLock { state in
            for action in actions {
                switch action {
                case .send(let request):
                    guard let outbox = state.outbox else { continue }
                    if case .createRequest = request.requestUnion {
                        state.statistics.createsSent += 1
                        state.statistics.createsInFlight += 1
                        state.statistics.peakCreatesInFlight = max(
                            state.statistics.peakCreatesInFlight, state.statistics.createsInFlight)
                    }
                    outbox.yield(request)
                case .deliver(let id, let update):
                    if let buffer = state.consumers[id] { deliveries.append((id, buffer, update)) }
                case .finish(let id, let error):
                    if let buffer = state.consumers.removeValue(forKey: id) { finishes.append((buffer, error)) }
                case .restartStream(let reauthenticate):
                    if reauthenticate { state.tokenRejected = true } else { state.leaderLost = true }
                    state.stream?.cancel()
                }
            }
        }
        if !finishes.isEmpty { watchersClosed(finishes.count) }
        for (buffer, error) in finishes { buffer.finish(throwing: error) }
        return deliveries
    }

    /// Hands updates to their watchers' buffers, applying the slow-consumer policy.
    private func deliver(_ deliveries: [(Int, WatchBuffer, EtcdWatchUpdate)]) async {
        let policy = core.configuration.slowWatchConsumer
        let observer = core.observer
        /// Hands one update over; `false` when the watcher takes no more.
        func hand(_ update: EtcdWatchUpdate, to id: Int, _ buffer: WatchBuffer) async -> Bool {
            let accepted: Bool
            if policy == .backpressure {
                // Waiting here stops the reader: the stream's window is not reopened, so the
                // server stops sending on this stream until the consumer catches up.
                accepted = await buffer.send(update)
            } else {
                let admission = buffer.offer(update)
                if admission == .full { dropSlowConsumer(id, buffer) }
                accepted = admission == .accepted
            }
            if let observer, accepted, case .events(let events) = update { observer.watchEventsDelivered(events.count) }
            return accepted
        }
        for (id, buffer, whole) in deliveries {
            if case .events(let events) = whole, events.count > buffer.capacity {
                for update in whole.chunked(limit: buffer.capacity) {
                    guard await hand(update, to: id, buffer) else { break }
                }
            } else {
                // Fits the buffer's bound: no need to split it.
                _ = await hand(whole, to: id, buffer)
            }
            let peak = buffer.highWater
            state.withLock { $0.statistics.peakBufferedEvents = max($0.statistics.peakBufferedEvents, peak) }
        }
    }

    /// Keeps a stream open while watchers exist.
    private func run() async {
        var failures = 0
        let backoff = Backoff(initial: .milliseconds(50), maximum: .seconds(2))
        // Since when no stream has been served after a member reported leader loss, and which
        // member that was (the next stream tries the others first).
        var leaderLostAt: ContinuousClock.Instant?
        var leaderless: Int?
        // Streams this driver opened before the current one: a new one after them resumes.
        let streamsBefore = state.withLock { $0.statistics.streamsOpened }
        while true {
            let done = state.withLock { state -> Bool in
                if state.machine.isEmpty || state.isClosed || Task.isCancelled {
                    state.driver = nil
                    return true
                }
                return false
            }
            if done { return }
            switch await runOneStream(excluding: leaderless, streamsBefore: streamsBefore) {
            case .served:
                failures = 0
                leaderLostAt = nil
                leaderless = nil
            case .failed:
                failures += 1
            case .noLeader(let index):
                failures += 1
                leaderless = index
                leaderLostAt = leaderLostAt ?? .now
            }
            if let since = leaderLostAt, let limit = core.configuration.watchNoLeaderTimeout, .now - since >= limit {
                endAll(
                    EtcdError(
                        .noLeader, "etcdserver: no leader (no endpoint served the watch within \(limit))",
                        grpcStatusCode: 14), because: "no member with a leader")
                leaderLostAt = nil
                leaderless = nil
                continue
            }
            if failures > 0 {
                do { try await Task.sleep(for: backoff.delay(forAttempt: failures)) } catch {}
            }
        }
    }

    /// Ends every watcher with `error` (none is left to resume); `reason` is logged.
    private func endAll(_ error: EtcdError, because reason: String) {
        let buffers = state.withLock { state -> [WatchBuffer] in
            let buffers = Array(state.consumers.values)
            state.consumers = [:]
            state.machine.removeAll()
            return buffers
        }
        core.logger.debug("etcd watches ended: \(reason)", metadata: ["etcd.watchers": "\(buffers.count)"])
        watchersClosed(buffers.count)
        for buffer in buffers { buffer.finish(throwing: error) }
    }

    /// Opens one stream and serves it until it fails. Returns whether it got as far as a
    /// response (so reconnects after a working stream are immediate).
    ///
    /// `streamsBefore` is how many streams were opened before the driver started: a stream
    /// opened after another of the same driver is a resume, for the observer.
    private func runOneStream(excluding leaderless: Int?, streamsBefore: Int) async -> StreamOutcome {
        guard
            let (stream, index, token) = await core.openLongLivedStream(
                path: Etcdserverpb.Watch.watch.path, excluding: leaderless)
        else {
            return .failed
        }
        let (outbox, outboxContinuation) = AsyncStream.makeStream(of: Etcdserverpb.WatchRequest.self)
        let (actions, resumed) = state.withLock { state -> ([WatchStreamState.Action], Bool) in
            state.stream = stream
            state.outbox = outboxContinuation
            state.statistics.createsInFlight = 0
            state.statistics.streamsOpened += 1
            if state.isClosed { stream.cancel() }
            return (state.machine.streamOpened(), state.statistics.streamsOpened > streamsBefore + 1)
        }
        if resumed, let observer = core.observer {
            observer.watchResumed(endpoint: Etcd3ObservedEndpoint(stream.connection.endpoint))
        }
        perform(actions)

        let receivedAny = ResponseFlag()
        let failure = await stream.serve(
            sending: outbox, finishing: outboxContinuation, encode: { $0.grpcFrame() }
        ) { message in
            guard let response = try? Etcdserverpb.WatchResponse(wireBytes: message) else { return false }
            receivedAny.value.store(true, ordering: .relaxed)
            let actions = self.state.withLock { state in
                if response.created {
                    state.statistics.createsInFlight -= 1
                    state.statistics.createdResponses += 1
                    state.statistics.lastCreatedRevision = response.header?.revision ?? 0
                }
                return state.machine.receive(response)
            }
            await self.deliver(self.perform(actions))
            return true
        }
        // A token the server rejects when the stream opens is renewed for the next one.
        if let error = failure as? TransportError { await core.streamFailed(error, token: token) }
        if let error = failure as? TransportError, case .responseTooLarge(let limit) = error.kind {
            // A whole message over the receive limit (one the server did not fragment: a single
            // event, or a fragment larger than the limit) cannot be told apart from the watcher
            // it was for, and a new stream would resume into it again: every watch of the
            // stream ends rather than reopening forever (`Docs/Watch.md`).
            state.withLock { state in
                state.stream = nil
                state.outbox = nil
                state.machine.streamFailed()
            }
            endAll(
                EtcdError(
                    .responseTooLarge,
                    "a watch response is larger than the receive limit and was not fragmented; "
                        + "the watches of the stream ended (events before this error were delivered)",
                    limit: limit),
                because: "a watch response over the receive limit")
            return .failed
        }
        // A member without a leader refuses or ends require-leader streams.
        let refusedForLeader =
            if let error = failure as? TransportError, case .rpc = error.kind {
                error.status.message.contains("no leader")
            } else {
                false
            }
        state.withLock { state in
            state.stream = nil
            state.outbox = nil
            state.machine.streamFailed()
        }
        let (tokenRejected, leaderLost) = state.withLock { state in
            defer {
                state.tokenRejected = false
                state.leaderLost = false
            }
            return (state.tokenRejected, state.leaderLost)
        }
        // The token is bound to the stream: the next one needs a fresh token (best effort).
        if tokenRejected { try? await core.refreshToken(replacing: token) }
        if leaderLost || refusedForLeader { return .noLeader(endpointIndex: index) }
        return receivedAny.value.load(ordering: .relaxed) ? .served : .failed
    }
}

/// What a ``WatchHub`` counted since it started.
struct WatchHubStatistics: Sendable {
    /// Create requests sent, on every stream.
    var createsSent = 0
    /// Creates sent on the current stream and not yet answered.
    var createsInFlight = 0
    /// Created responses received (failed creates included).
    var createdResponses = 0
    /// The header revision of the last created response.
    var lastCreatedRevision: Int64 = 0
    /// The newest revision the stream had reported when the last watcher was added (0 if none
    /// or if it has a start revision): where that watcher starts if its create is never answered.
    var lastFloor: Int64 = 0
    /// The most creates ever in flight at once on one stream.
    var peakCreatesInFlight = 0
    /// Watch streams opened.
    var streamsOpened = 0
    /// The most events that ever waited in one watcher's buffer.
    var peakBufferedEvents = 0
    /// Watchers ended with ``EtcdError/Code/slowConsumer``.
    var slowConsumersCancelled = 0
}

/// Whether a stream got as far as a response.
private final class ResponseFlag: Sendable {
    let value = Atomic<Bool>(false)
}
