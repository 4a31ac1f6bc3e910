import Synchronization

/// One holder of a lease's keep-alive: receives the acks as TTLs and learns once how the
/// keep-alive ended. Shared by the public ``EtcdLeaseKeepAlive`` handle and the hub.
final class KeepAliveRegistration: Sendable {
    /// How a keep-alive ended.
    enum Outcome: Sendable {
        /// Its holder cancelled it.
        case cancelled
        /// The lease could not be proven alive any more, or the client closed.
        case lost(EtcdError)
    }

    typealias LossHandler = @Sendable (EtcdError) -> Void

    private struct State {
        var outcome: Outcome?
        var waiters: [CheckedContinuation<Outcome, Never>] = []
        var onLoss: LossHandler?
    }

    let id: EtcdLeaseID
    let token: Int
    let hub: LeaseKeepAliveHub
    let updates: AsyncThrowingStream<Duration, any Error>
    private let continuation: AsyncThrowingStream<Duration, any Error>.Continuation
    private let state = Mutex(State())

    init(id: EtcdLeaseID, token: Int, hub: LeaseKeepAliveHub) {
        self.id = id
        self.token = token
        self.hub = hub
        // Only the latest TTL matters to a consumer that falls behind.
        (updates, continuation) = AsyncThrowingStream.makeStream(
            of: Duration.self, throwing: (any Error).self, bufferingPolicy: .bufferingNewest(1))
    }

    /// An ack arrived.
    func deliver(_ ttl: Duration) {
        continuation.yield(ttl)
    }

    /// Ends the keep-alive (the first call wins): wakes the waiters, runs the loss handler,
    /// ends the update sequence (with the error on a loss).
    func finish(_ outcome: Outcome) {
        let (waiters, onLoss) = state.withLock { state -> ([CheckedContinuation<Outcome, Never>], LossHandler?) in
            guard state.outcome == nil else { return ([], nil) }
            state.outcome = outcome
            defer {
                state.waiters = []
                state.onLoss = nil
            }
            return (state.waiters, state.onLoss)
        }
        switch outcome {
        case .cancelled:
            continuation.finish()
        case .lost(let error):
            onLoss?(error)
            continuation.finish(throwing: error)
        }
        for waiter in waiters { waiter.resume(returning: outcome) }
    }

    /// Waits until the keep-alive ends.
    func outcome() async -> Outcome {
        await withCheckedContinuation { waiter in
            let ended = state.withLock { state -> Outcome? in
                if let outcome = state.outcome { return outcome }
                state.waiters.append(waiter)
                return nil
            }
            if let ended { waiter.resume(returning: ended) }
        }
    }

    /// Runs `handler` (on the thread that detects it) when the lease is lost; at once when it
    /// already was. Replaces an earlier handler; `nil` removes it.
    func onLoss(_ handler: LossHandler?) {
        let lost = state.withLock { state -> EtcdError? in
            switch state.outcome {
            case .lost(let error)?:
                return error
            case .cancelled?:
                return nil
            case nil:
                state.onLoss = handler
                return nil
            }
        }
        if let lost { handler?(lost) }
    }

    /// The loss, once the keep-alive ended with one.
    var lossError: EtcdError? {
        state.withLock { state in
            if case .lost(let error)? = state.outcome { return error }
            return nil
        }
    }
}
