import Synchronization

/// The bounded hand-over between the I/O thread (producer) and one stream consumer.
///
/// The bound is HTTP/2 flow control: bytes of buffered messages are reported to nghttp2 as
/// consumed only when the consumer takes them, so the server can never send more than the
/// stream window ahead of the consumer.
final class StreamInbox: Sendable {
    /// A message (or the end) and how many of its bytes still need to be reported as consumed.
    typealias Delivery = (result: Result<[UInt8]?, TransportError>, credit: Int)

    private struct State {
        var messages: [(message: [UInt8], credit: Int)] = []
        var head = 0
        var bufferedBytes = 0
        var terminal: Result<Void, TransportError>?
        var waiter: CheckedContinuation<Delivery, Never>?
    }

    private let state = Mutex(State())

    /// Hands `message` to a waiting consumer (returns `true`: its `credit` bytes count as
    /// consumed now) or buffers it with its credit (returns `false`).
    func deliver(_ message: [UInt8], credit: Int) -> Bool {
        let waiter = state.withLock { state -> CheckedContinuation<Delivery, Never>? in
            if let waiter = state.waiter {
                state.waiter = nil
                return waiter
            }
            state.messages.append((message, credit))
            state.bufferedBytes += message.count
            return nil
        }
        guard let waiter else { return false }
        waiter.resume(returning: (.success(message), 0))
        return true
    }

    /// Records the end of the stream; buffered messages are still delivered first.
    func finish(_ result: Result<Void, TransportError>) {
        let waiter = state.withLock { state -> CheckedContinuation<Delivery, Never>? in
            guard state.terminal == nil else { return nil }
            state.terminal = result
            let waiter = state.waiter
            state.waiter = nil
            return waiter
        }
        guard let waiter else { return }
        switch result {
        case .success: waiter.resume(returning: (.success(nil), 0))
        case .failure(let error): waiter.resume(returning: (.failure(error), 0))
        }
    }

    /// Bytes of messages waiting for the consumer.
    var bufferedBytes: Int { state.withLock { $0.bufferedBytes } }

    /// The terminal error, if the stream failed.
    var terminalError: TransportError? {
        state.withLock { state in
            if case .failure(let error) = state.terminal { return error }
            return nil
        }
    }

    /// Takes a buffered message or the end without waiting; `nil` when the caller must wait.
    private func poll(_ state: inout State) -> Delivery? {
        if state.head < state.messages.count {
            let entry = state.messages[state.head]
            state.messages[state.head] = ([], 0)
            state.head += 1
            state.bufferedBytes -= entry.message.count
            if state.head == state.messages.count {
                state.messages.removeAll(keepingCapacity: true)
                state.head = 0
            }
            return (.success(entry.message), entry.credit)
        }
        switch state.terminal {
        case .success?: return (.success(nil), 0)
        case .failure(let error)?: return (.failure(error), 0)
        case nil: return nil
        }
    }

    /// A buffered message (or the end) without waiting; `nil` when none is there yet.
    func nextIfReady() -> Delivery? {
        state.withLock { poll(&$0) }
    }

    /// The next message (`nil` at the end) with the bytes to report as consumed. One
    /// consumer at a time.
    func next() async -> Delivery {
        if let ready = state.withLock({ poll(&$0) }) { return ready }
        return await withCheckedContinuation { (continuation: CheckedContinuation<Delivery, Never>) in
            let ready = state.withLock { state -> Delivery? in
                if let ready = poll(&state) { return ready }
                state.waiter = continuation
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }
}
