import Etcd3Messages
import Etcd3Transport
import Synchronization

/// Runs the client's one Watch stream: opens it on a connection, sends the creates and cancels
/// the ``WatchStreamState`` asks for, hands responses to it, delivers updates to the watchers,
/// and reopens the stream (on any endpoint) when it fails, so every watcher resumes.
///
/// The stream runs while at least one watcher exists.
final class WatchHub: Sendable {
    private struct State {
        var machine = WatchStreamState()
        var consumers: [Int: AsyncThrowingStream<WatchUpdate, any Error>.Continuation] = [:]
        var outbox: AsyncStream<Etcdserverpb.WatchRequest>.Continuation?
        var stream: GRPCStream?
        var driver: Task<Void, Never>?
        var isClosed = false
    }

    private let core: ClientCore
    private let state = Mutex(State())

    init(core: ClientCore) {
        self.core = core
    }

    /// Starts a watcher; its updates arrive on the returned stream, which ends the watcher on
    /// the server when its consumer stops.
    func watch(_ spec: WatchSpec) -> AsyncThrowingStream<WatchUpdate, any Error> {
        let (updates, continuation) = AsyncThrowingStream.makeStream(of: WatchUpdate.self, throwing: (any Error).self)
        let actions = state.withLock { state -> [WatchStreamState.Action] in
            if state.isClosed {
                continuation.finish(throwing: EtcdError(.closed, "the client is closed"))
                return []
            }
            let (id, actions) = state.machine.add(spec)
            state.consumers[id] = continuation
            continuation.onTermination = { [weak self] _ in self?.consumerLeft(id) }
            if state.driver == nil {
                state.driver = Task { await self.run() }
            }
            return actions
        }
        perform(actions)
        return updates
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
        for consumer in consumers { consumer.finish(throwing: EtcdError(.cancelled, "the client was closed")) }
        driver?.cancel()
        await driver?.value
    }

    private func consumerLeft(_ id: Int) {
        let actions = state.withLock { state -> [WatchStreamState.Action] in
            state.consumers[id] = nil
            let actions = state.machine.remove(id)
            if state.machine.isEmpty { state.stream?.cancel() }
            return actions
        }
        perform(actions)
    }

    /// Carries out the machine's actions (call without holding the lock). Sends are queued under
    /// the lock, in order; consumers are fed outside it, because finishing a consumer runs its
    /// termination handler, which takes the lock. Only the stream's reader delivers, so updates
    /// keep their order.
    private func perform(_ actions: [WatchStreamState.Action]) {
        guard !actions.isEmpty else { return }
        typealias Consumer = AsyncThrowingStream<WatchUpdate, any Error>.Continuation
        var feeds: [(Consumer, WatchUpdate?, EtcdError?)] = []
        state.withLock { state in
            for action in actions {
                switch action {
                case .send(let request):
                    state.outbox?.yield(request)
                case .deliver(let id, let update):
                    if let consumer = state.consumers[id] { feeds.append((consumer, update, nil)) }
                case .finish(let id, let error):
                    if let consumer = state.consumers.removeValue(forKey: id) { feeds.append((consumer, nil, error)) }
                case .restartStream:
                    state.stream?.cancel()
                }
            }
        }
        for (consumer, update, error) in feeds {
            if let update {
                consumer.yield(update)
            } else if let error {
                consumer.finish(throwing: error)
            } else {
                consumer.finish()
            }
        }
    }

    /// Keeps a stream open while watchers exist.
    private func run() async {
        var failures = 0
        let backoff = Backoff(initial: .milliseconds(50), maximum: .seconds(2))
        while true {
            let done = state.withLock { state -> Bool in
                if state.machine.isEmpty || state.isClosed || Task.isCancelled {
                    state.driver = nil
                    return true
                }
                return false
            }
            if done { return }
            if await runOneStream() { failures = 0 } else { failures += 1 }
            if failures > 0 {
                do { try await Task.sleep(for: backoff.delay(forAttempt: failures)) } catch { }
            }
        }
    }

    /// Opens one stream and serves it until it fails. Returns whether it got as far as a
    /// response (so reconnects after a working stream are immediate).
    private func runOneStream() async -> Bool {
        let connection: HTTP2Connection
        let index: Int
        do {
            (connection, index) = try await core.pool.acquire(deadline: .now + core.configuration.connectTimeout)
        } catch {
            return false
        }
        var metadata = [("hasleader", "true")]
        if let token = core.tokens.token { metadata.append(("token", token)) }
        let stream: GRPCStream
        do {
            stream = try await connection.openStream(path: Etcdserverpb.Watch.watch.path, metadata: metadata, timeout: nil)
        } catch {
            core.pool.connectionFailed(connection, index: index)
            return false
        }
        let (outbox, outboxContinuation) = AsyncStream.makeStream(of: Etcdserverpb.WatchRequest.self)
        let actions = state.withLock { state -> [WatchStreamState.Action] in
            state.stream = stream
            state.outbox = outboxContinuation
            if state.isClosed { stream.cancel() }
            return state.machine.streamOpened()
        }
        perform(actions)

        let receivedAny = ResponseFlag()
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for await request in outbox {
                    do {
                        try await stream.send(request.grpcFrame())
                    } catch {
                        stream.cancel()
                        return
                    }
                }
            }
            group.addTask {
                var messages = stream.messages.makeAsyncIterator()
                while true {
                    let message: [UInt8]?
                    do {
                        message = try await messages.next()
                    } catch {
                        break
                    }
                    guard let message else { break }
                    guard let response = try? Etcdserverpb.WatchResponse(wireBytes: message) else { break }
                    receivedAny.value.store(true, ordering: .relaxed)
                    let actions = self.state.withLock { $0.machine.receive(response) }
                    self.perform(actions)
                }
                outboxContinuation.finish()
            }
        }
        stream.cancel()
        state.withLock { state in
            state.stream = nil
            state.outbox = nil
            state.machine.streamFailed()
        }
        return receivedAny.value.load(ordering: .relaxed)
    }
}

/// Whether a stream got as far as a response.
private final class ResponseFlag: Sendable {
    let value = Atomic<Bool>(false)
}
