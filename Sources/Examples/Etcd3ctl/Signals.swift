import Dispatch
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// SIGINT and SIGTERM as something to wait for, without Foundation's run loop: Dispatch signal
/// sources feed `AsyncStream`s.
enum Signals {
    /// What ended ``runUntilInterrupted(_:)``.
    enum Outcome<Value: Sendable>: Sendable {
        /// The work finished with this value.
        case finished(Value)
        /// SIGINT or SIGTERM arrived first; the work's task was cancelled.
        case interrupted
    }

    /// Runs `work` until it ends or SIGINT or SIGTERM arrives, whichever comes first. On a
    /// signal the work's task is cancelled and this returns at once, without waiting for it
    /// (a wait such as ``EtcdSession/waitUntilEnded()`` does not end on cancellation; closing
    /// the session or the client afterwards ends it).
    ///
    /// From the first call on, the two signals no longer kill the process (see
    /// ``interruptions()``).
    static func runUntilInterrupted<Value: Sendable>(
        _ work: @escaping @Sendable () async throws -> Value
    ) async throws -> Outcome<Value> {
        let (events, continuation) = AsyncStream.makeStream(of: Result<Outcome<Value>, any Error>.self)
        let worker = Task {
            do {
                continuation.yield(.success(.finished(try await work())))
            } catch {
                continuation.yield(.failure(error))
            }
        }
        let signals = interruptions()
        let listener = Task {
            for await _ in signals {
                continuation.yield(.success(.interrupted))
                return
            }
        }
        defer {
            worker.cancel()
            listener.cancel()
        }
        for await event in events { return try event.get() }
        throw CancellationError()  // the caller's task was cancelled
    }

    /// SIGINT and SIGTERM as they arrive, starting with the last one that already arrived (an
    /// interrupted command stays interrupted). From the first call on, the two signals no
    /// longer end the process: they are delivered to these streams.
    static func interruptions() -> AsyncStream<Int32> {
        hub.subscribe()
    }

    /// Installed on first use and kept for the life of the process: Dispatch installs its
    /// signal handler once per signal, so sources are not made and cancelled per wait.
    private static let hub: SignalHub = {
        let hub = SignalHub()
        hub.install()
        return hub
    }()
}

/// Dispatch signal sources for SIGINT and SIGTERM, fanned out to any number of streams.
private final class SignalHub: Sendable {
    private struct State {
        var subscribers: [Int: AsyncStream<Int32>.Continuation] = [:]
        var nextID = 0
        var received: Int32?
    }
    private let state = Mutex(State())
    private let sources = Mutex<[SignalSource]>([])

    /// Ignores the signals' default action and delivers them to the subscribers instead.
    func install() {
        let installed = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [self] in broadcast(number) }
            source.resume()
            return SignalSource(source: source)
        }
        sources.withLock { $0 = installed }
    }

    private func broadcast(_ number: Int32) {
        let subscribers = state.withLock { state in
            state.received = number
            return Array(state.subscribers.values)
        }
        for subscriber in subscribers { subscriber.yield(number) }
    }

    func subscribe() -> AsyncStream<Int32> {
        let (stream, continuation) = AsyncStream.makeStream(of: Int32.self)
        let (id, received) = state.withLock { state in
            defer { state.nextID += 1 }
            state.subscribers[state.nextID] = continuation
            return (state.nextID, state.received)
        }
        if let received { continuation.yield(received) }
        continuation.onTermination = { [self] _ in
            _ = state.withLock { $0.subscribers.removeValue(forKey: id) }
        }
        return stream
    }

    /// A Dispatch signal source, kept alive by the hub.
    struct SignalSource: @unchecked Sendable {
        // Dispatch sources are thread-safe; the type is just not marked Sendable.
        let source: any DispatchSourceSignal
    }
}
