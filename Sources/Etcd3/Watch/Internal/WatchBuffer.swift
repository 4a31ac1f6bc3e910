import Synchronization

/// The bounded hand-over between the Watch stream's reader (one producer) and one watcher's
/// consumer.
///
/// The bound counts events: an update is admitted while the buffer is empty or the events
/// already waiting plus its own stay within `capacity`, so a revision larger than the bound
/// still gets through on its own. Progress and resume notices carry no events; at most one of
/// each waits after the last batch (a newer one replaces the older), so they stay bounded too.
///
/// When there is no room, ``offer(_:)`` says so (the `.cancel` policy ends the watcher) and
/// ``send(_:)`` waits for the consumer (the `.backpressure` policy: the stream's reader stops,
/// so HTTP/2 flow control stops the server).
final class WatchBuffer: Sendable {
    enum Admission: Equatable {
        case accepted
        case full
        /// The consumer is gone or the buffer was finished: nobody will read the update.
        case closed
    }

    private struct State {
        var queue: [EtcdWatchUpdate] = []
        var head = 0
        var bufferedEvents = 0
        var highWater = 0
        /// How the sequence ends once the queue is drained (`nil` error: normally).
        var terminal: EtcdError??
        var isConsumerGone = false
        var consumer: CheckedContinuation<EtcdWatchUpdate?, any Error>?
        var producer: CheckedContinuation<Void, Never>?
        var onTermination: (@Sendable () -> Void)?

        var count: Int { queue.count - head }

        func fits(_ update: EtcdWatchUpdate, capacity: Int) -> Bool {
            guard case .events(let events) = update else { return true }
            return bufferedEvents == 0 || bufferedEvents + events.count <= capacity
        }

        mutating func append(_ update: EtcdWatchUpdate) {
            if case .events(let events) = update {
                bufferedEvents += events.count
                highWater = max(highWater, bufferedEvents)
            } else {
                // One progress and one resume notice at most after the last batch.
                var index = queue.count - 1
                while index >= head {
                    if case .events = queue[index] { break }
                    if queue[index].isSameNotice(as: update) {
                        queue.remove(at: index)
                        break
                    }
                    index -= 1
                }
            }
            queue.append(update)
        }

        mutating func popFirst() -> EtcdWatchUpdate? {
            guard head < queue.count else { return nil }
            let update = queue[head]
            head += 1
            if head == queue.count {
                queue.removeAll(keepingCapacity: true)
                head = 0
            } else if head >= 64, head * 2 >= queue.count {
                queue.removeFirst(head)
                head = 0
            }
            if case .events(let events) = update { bufferedEvents -= events.count }
            return update
        }
    }

    /// The most events one watcher may hold.
    let capacity: Int
    private let state = Mutex(State())

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// Called once, when the consumer goes away before the buffer was finished.
    func setOnTermination(_ handler: @escaping @Sendable () -> Void) {
        state.withLock { $0.onTermination = handler }
    }

    /// Events waiting for the consumer.
    var bufferedEvents: Int { state.withLock { $0.bufferedEvents } }

    /// The most events that ever waited at once.
    var highWater: Int { state.withLock { $0.highWater } }

    /// Adds `update` if there is room.
    func offer(_ update: EtcdWatchUpdate) -> Admission {
        let (admission, consumer) = state.withLock {
            state -> (Admission, CheckedContinuation<EtcdWatchUpdate?, any Error>?) in
            if state.isConsumerGone || state.terminal != nil { return (.closed, nil) }
            if let consumer = state.consumer {
                state.consumer = nil
                return (.accepted, consumer)
            }
            guard state.fits(update, capacity: capacity) else { return (.full, nil) }
            state.append(update)
            return (.accepted, nil)
        }
        consumer?.resume(returning: update)
        return admission
    }

    /// Adds `update`, waiting while there is no room. Returns `false` when nobody will read it.
    func send(_ update: EtcdWatchUpdate) async -> Bool {
        while true {
            switch offer(update) {
            case .accepted: return true
            case .closed: return false
            case .full:
                await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                    let resumeNow = state.withLock { state -> Bool in
                        if state.isConsumerGone || state.terminal != nil || state.fits(update, capacity: capacity) {
                            return true
                        }
                        state.producer = continuation
                        return false
                    }
                    if resumeNow { continuation.resume() }
                }
            }
        }
    }

    /// Ends the sequence after the updates already buffered: normally (`nil`) or with `error`.
    func finish(throwing error: EtcdError?) {
        let (consumer, producer) = state.withLock { state in
            guard state.terminal == nil else {
                return (CheckedContinuation<EtcdWatchUpdate?, any Error>?.none, CheckedContinuation<Void, Never>?.none)
            }
            state.terminal = .some(error)
            state.onTermination = nil
            let consumer = state.count == 0 ? state.consumer : nil
            if consumer != nil { state.consumer = nil }
            let producer = state.producer
            state.producer = nil
            return (consumer, producer)
        }
        producer?.resume()
        if let consumer {
            if let error { consumer.resume(throwing: error) } else { consumer.resume(returning: nil) }
        }
    }

    /// The consumer stopped (its task was cancelled or it dropped the sequence): nothing more is
    /// delivered and the watcher is ended on the server.
    func consumerLeft() {
        let (consumer, producer, handler) = state.withLock { state in
            guard !state.isConsumerGone else {
                return (
                    CheckedContinuation<EtcdWatchUpdate?, any Error>?.none, CheckedContinuation<Void, Never>?.none,
                    (@Sendable () -> Void)?.none
                )
            }
            state.isConsumerGone = true
            state.queue = []
            state.head = 0
            state.bufferedEvents = 0
            let taken = (state.consumer, state.producer, state.onTermination)
            state.consumer = nil
            state.producer = nil
            state.onTermination = nil
            return taken
        }
        producer?.resume()
        consumer?.resume(returning: nil)
        handler?()
    }

    /// The next update; `nil` at the end. Cancelling the waiting task ends the watch.
    func next() async throws -> EtcdWatchUpdate? {
        // An update already waiting needs no continuation nor cancellation handler.
        if !Task.isCancelled, let ready = take(orWait: nil) { return try ready.get() }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<EtcdWatchUpdate?, any Error>) in
                if let result = take(orWait: continuation) { continuation.resume(with: result) }
            }
        } onCancel: {
            consumerLeft()
        }
    }

    /// Takes the next update or the end; otherwise stores `continuation` (if any) to be
    /// resumed with it and returns `nil`.
    private func take(orWait continuation: CheckedContinuation<EtcdWatchUpdate?, any Error>?) -> Result<EtcdWatchUpdate?, any Error>? {
        let (result, producer) = state.withLock {
            state -> (Result<EtcdWatchUpdate?, any Error>?, CheckedContinuation<Void, Never>?) in
            if let update = state.popFirst() {
                let producer = state.producer
                state.producer = nil
                return (.success(update), producer)
            }
            if state.isConsumerGone { return (.success(nil), nil) }
            if let terminal = state.terminal {
                // Report the end once; later calls see a plain end.
                state.terminal = .some(nil)
                if let error = terminal { return (.failure(error), nil) }
                return (.success(nil), nil)
            }
            if let continuation { state.consumer = continuation }
            return (nil, nil)
        }
        // The reader re-checks for room itself.
        producer?.resume()
        return result
    }
}

extension EtcdWatchUpdate {
    /// The update split into batches of whole revisions with at most `limit` events each (a
    /// revision with more events than that is a batch on its own), so a response that catches
    /// up on many revisions at once still fits the buffer's bound.
    func chunked(limit: Int) -> [EtcdWatchUpdate] {
        guard case .events(let events) = self, events.count > limit else { return [self] }
        var chunks: [EtcdWatchUpdate] = []
        var chunk: [EtcdWatchEvent] = []
        var start = events.startIndex
        while start < events.endIndex {
            var end = start
            while end < events.endIndex, events[end].revision == events[start].revision { end += 1 }
            if !chunk.isEmpty, chunk.count + (end - start) > limit {
                chunks.append(.events(chunk))
                chunk = []
            }
            chunk += events[start..<end]
            start = end
        }
        if !chunk.isEmpty { chunks.append(.events(chunk)) }
        return chunks
    }

    /// Whether both are the same kind of notice (progress, or resumed).
    fileprivate func isSameNotice(as other: EtcdWatchUpdate) -> Bool {
        switch (self, other) {
        case (.progress, .progress), (.resumed, .resumed): true
        default: false
        }
    }
}

/// The consumer's end of a ``WatchBuffer``: when the last sequence or iterator holding it goes
/// away, the watch ends on the server.
final class WatchConsumerHandle: Sendable {
    let buffer: WatchBuffer

    init(buffer: WatchBuffer) {
        self.buffer = buffer
    }

    deinit {
        buffer.consumerLeft()
    }
}
