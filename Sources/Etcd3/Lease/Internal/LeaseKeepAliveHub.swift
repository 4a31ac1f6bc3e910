internal import Etcd3Messages
internal import Etcd3Transport
import Synchronization

/// Runs the client's one LeaseKeepAlive stream: opens it on a connection, sends the keep-alives
/// the ``LeaseKeepAliveState`` asks for, hands acks to it, ticks it as time passes, tells each
/// ``KeepAliveRegistration`` about acks and losses, and reopens the stream (on any endpoint)
/// when it fails, so keep-alives go on.
///
/// The stream and its timer run while at least one lease is kept alive.
final class LeaseKeepAliveHub: Sendable {
    private struct State {
        var machine = LeaseKeepAliveState()
        var registrations: [EtcdLeaseID: [Int: KeepAliveRegistration]] = [:]
        var nextToken = 0
        var outbox: AsyncStream<EtcdLeaseID>.Continuation?
        var stream: OpenStream?
        /// The endpoint of a stream dropped for going silent: the next one avoids it.
        var avoidEndpoint: Int?
        var driver: BackgroundJob?
        /// Leases granted by open `withLease` scopes, revoked by ``close()``.
        var scoped: [EtcdLeaseID: Int] = [:]
        var isClosed = false
    }

    private let core: ClientCore
    private let state = Mutex(State())
    /// How often the timer looks at the machine at least (adds between two ticks are picked up
    /// by the next one).
    private static let tickCap = Duration.milliseconds(100)

    init(core: ClientCore) {
        self.core = core
    }

    /// Starts keeping `id` alive for a new registration (a second registration of the same
    /// lease shares its keep-alives).
    ///
    /// - Parameters:
    ///   - ttl: the lease's TTL, until an ack reports it.
    ///   - since: an instant no later than the lease's last refresh on the server.
    ///   - scoped: whether a `withLease` scope owns the lease (``close()`` revokes it).
    func register(_ id: EtcdLeaseID, ttl: Duration, since: ContinuousClock.Instant, scoped: Bool) -> KeepAliveRegistration {
        typealias Registered = (KeepAliveRegistration, [LeaseKeepAliveState.Action], isClosed: Bool)
        let (registration, actions, isClosed) = state.withLock { state -> Registered in
            let token = state.nextToken
            state.nextToken += 1
            let registration = KeepAliveRegistration(id: id, token: token, hub: self)
            if state.isClosed { return (registration, [], true) }
            state.registrations[id, default: [:]][token] = registration
            if scoped { state.scoped[id, default: 0] += 1 }
            let actions = state.machine.add(id, ttl: ttl, since: since, now: .now)
            if state.driver == nil {
                state.driver = core.background.start(executorPreference: core.loop) { await self.run() }
            }
            return (registration, actions, false)
        }
        if isClosed {
            registration.finish(.lost(EtcdError(.closed, "the client is closed")))
        }
        perform(actions)
        return registration
    }

    /// Ends one registration: the lease stops being kept alive when no other registration
    /// holds it. Does nothing for a registration that already ended.
    func remove(_ registration: KeepAliveRegistration, scoped: Bool = false) {
        let removed = state.withLock { state -> Bool in
            if scoped, let count = state.scoped[registration.id] {
                state.scoped[registration.id] = count > 1 ? count - 1 : nil
            }
            guard state.registrations[registration.id]?.removeValue(forKey: registration.token) != nil else {
                return false
            }
            if state.registrations[registration.id]!.isEmpty {
                state.registrations[registration.id] = nil
                state.machine.remove(registration.id)
                if state.machine.isEmpty { state.stream?.cancel() }
            }
            return true
        }
        if removed { registration.finish(.cancelled) }
    }

    /// Ends every keep-alive with ``EtcdError/Code/closed`` and the stream, then revokes the
    /// leases of open `withLease` scopes (best effort, in parallel, each within `timeout`).
    func close(revokeTimeout timeout: Duration) async {
        // Keep-alives stop first: a keep-alive answered after the revoke below would report the
        // scoped leases as revoked (TTL 0) instead of closed.
        let (scoped, registrations, driver) = state.withLock { state in
            state.isClosed = true
            let scoped = Array(state.scoped.keys)
            let registrations = state.registrations.values.flatMap(\.values)
            state.registrations = [:]
            state.scoped = [:]
            for id in state.machine.leases.keys { state.machine.remove(id) }
            state.stream?.cancel()
            state.outbox?.finish()
            return (scoped, registrations, state.driver)
        }
        for registration in registrations {
            let message = "the client was closed; lease \(registration.id) is no longer kept alive"
            registration.finish(.lost(EtcdError(.closed, message)))
        }
        await revokeScoped(scoped, timeout: timeout)
        driver?.cancel()
        await driver?.join()
    }

    /// Ends the registration of a scope that owns its lease (`withLease`, a session), and
    /// revokes the lease when `revoke` (best effort, within `timeout`).
    ///
    /// The keep-alive stops first; the revoke job is admitted to the background work before
    /// the lease leaves the scoped set, so a ``close(revokeTimeout:)`` running meanwhile either
    /// revokes the lease itself or waits for this revoke.
    func endScope(_ registration: KeepAliveRegistration, revoke: Bool, timeout: Duration) async {
        remove(registration)
        let job = revoke ? startRevokes([registration.id], timeout: timeout) : nil
        state.withLock { state in
            if let count = state.scoped[registration.id] {
                state.scoped[registration.id] = count > 1 ? count - 1 : nil
            }
        }
        await job?.join()
    }

    /// Revokes the leases of scopes that end (best effort, in parallel, each within
    /// `timeout`).
    private func revokeScoped(_ ids: [EtcdLeaseID], timeout: Duration) async {
        guard !ids.isEmpty else { return }
        await startRevokes(ids, timeout: timeout).join()
    }

    /// Starts revoking `ids` in the client's background work: the revokes go out even when the
    /// calling task is cancelled (a cancelled scope, a cancelled ``Etcd3Client/run()``) and
    /// while a graceful shutdown refuses new calls, and the client's close waits for them.
    /// Does nothing once the client closed.
    private func startRevokes(_ ids: [EtcdLeaseID], timeout: Duration) -> BackgroundJob {
        let core = self.core
        return core.background.start(finishBeforeClose: true) {
            // The background work of a client made with `init(startingInRun:)` is cancelled
            // with run()'s task, and a cancelled call sends nothing: the revokes run out of the
            // cancellation's reach, each within `timeout`, and this job waits for them.
            await withoutCancellation { await Self.revoke(ids, timeout: timeout, core: core) }
        }
    }

    /// Revokes `ids` in parallel, each within `timeout`, ignoring failures.
    private static func revoke(_ ids: [EtcdLeaseID], timeout: Duration, core: ClientCore) async {
        await withTaskGroup(of: Void.self) { group in
            for id in ids {
                group.addTask {
                    var request = Etcdserverpb.LeaseRevokeRequest()
                    request.id = id.rawValue
                    _ = try? await core.unary(
                        Etcdserverpb.Lease.leaseRevoke, request, kind: .mutation, timeout: timeout,
                        duringShutdown: true)
                }
            }
        }
    }

    /// Carries out the machine's actions (call without holding the lock). Sends are queued under
    /// the lock, in order; registrations are told outside it.
    private func perform(_ actions: [LeaseKeepAliveState.Action]) {
        guard !actions.isEmpty else { return }
        var acks: [(KeepAliveRegistration, Duration)] = []
        var losses: [(KeepAliveRegistration, EtcdError)] = []
        state.withLock { state in
            for action in actions {
                switch action {
                case .send(let id):
                    state.outbox?.yield(id)
                case .acknowledged(let id, let ttl):
                    for registration in state.registrations[id]?.values ?? [:].values {
                        acks.append((registration, ttl))
                    }
                case .lost(let id, let error):
                    for registration in state.registrations.removeValue(forKey: id)?.values ?? [:].values {
                        losses.append((registration, error))
                    }
                    if state.machine.isEmpty { state.stream?.cancel() }
                case .restartStream:
                    if let stream = state.stream {
                        if core.pool.endpoints.count > 1 { state.avoidEndpoint = stream.endpointIndex }
                        stream.cancel()
                    }
                }
            }
        }
        for (registration, error) in losses {
            core.logger.debug(
                "etcd lease lost", metadata: ["etcd.lease": "\(registration.id)", "etcd.error": "\(error.code)"])
            registration.finish(.lost(error))
        }
        for (registration, ttl) in acks { registration.deliver(ttl) }
        if let observer = core.observer {
            for action in actions {
                switch action {
                case .acknowledged(let id, let ttl): observer.keepAliveAcknowledged(leaseID: id.rawValue, ttl: ttl)
                case .lost(let id, let error): observer.leaseLost(leaseID: id.rawValue, error: error)
                case .send, .restartStream: break
                }
            }
        }
    }

    /// Keeps a stream and the timer going while leases are kept alive.
    private func run() async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.runTimer() }
            await self.runStreams()
            group.cancelAll()
        }
    }

    /// Ticks the machine when it has something due, and at least every ``tickCap``.
    private func runTimer() async {
        while !Task.isCancelled {
            let (actions, wakeup) = state.withLock { state in
                (state.machine.tick(now: .now), state.machine.nextWakeup)
            }
            perform(actions)
            let cap = ContinuousClock.now + Self.tickCap
            do {
                try await Task.sleep(until: min(wakeup ?? cap, cap), clock: .continuous)
            } catch {
                return
            }
        }
    }

    /// Opens streams one after the other while leases are kept alive.
    private func runStreams() async {
        var failures = 0
        // Short: a member without a leader refuses the stream at once, and the first ack after
        // the cluster recovers must come well within the TTL.
        let backoff = Backoff(initial: .milliseconds(50), maximum: .milliseconds(500))
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
                do { try await Task.sleep(for: backoff.delay(forAttempt: failures)) } catch {}
            }
        }
    }

    /// Opens one stream and serves it until it fails. Returns whether it got as far as an ack
    /// (so a reconnect after a working stream is immediate).
    private func runOneStream() async -> Bool {
        let avoid = state.withLock { state in
            defer { state.avoidEndpoint = nil }
            return state.avoidEndpoint
        }
        guard
            let (stream, index, token) = await core.openLongLivedStream(
                path: Etcdserverpb.Lease.leaseKeepAlive.path, excluding: avoid)
        else { return false }
        let open = OpenStream(stream: stream, endpointIndex: index)
        let (outbox, outboxContinuation) = AsyncStream.makeStream(of: EtcdLeaseID.self)
        let actions = state.withLock { state -> [LeaseKeepAliveState.Action] in
            state.stream = open
            state.outbox = outboxContinuation
            if state.isClosed || state.machine.isEmpty { stream.cancel() }
            return state.machine.streamOpened(now: .now)
        }
        perform(actions)

        let acknowledged = AckFlag()
        let failure = await stream.serve(
            sending: outbox, finishing: outboxContinuation,
            encode: { id in
                self.core.logger.trace("etcd lease keep-alive sent", metadata: ["etcd.lease": "\(id)"])
                return Etcdserverpb.LeaseKeepAliveRequest(id: id.rawValue).grpcFrame()
            }
        ) { message in
            guard let response = try? Etcdserverpb.LeaseKeepAliveResponse(wireBytes: message) else { return false }
            acknowledged.value.store(true, ordering: .relaxed)
            let actions = self.state.withLock { $0.machine.receive(response, now: .now) }
            self.perform(actions)
            return true
        }
        if let failure {
            core.logger.debug(
                "etcd lease keep-alive stream failed",
                metadata: ["etcd.endpoint": "\(stream.connection.endpoint)", "etcd.error": "\(failure)"])
            if let error = failure as? TransportError { await core.streamFailed(error, token: token) }
        }
        state.withLock { state in
            state.stream = nil
            state.outbox = nil
            state.machine.streamFailed()
        }
        return acknowledged.value.load(ordering: .relaxed)
    }
}

/// The open stream and the endpoint it runs on.
private struct OpenStream: Sendable {
    let stream: GRPCStream
    let endpointIndex: Int
    func cancel() { stream.cancel() }
}

/// Whether a stream got as far as an ack.
private final class AckFlag: Sendable {
    let value = Atomic<Bool>(false)
}
