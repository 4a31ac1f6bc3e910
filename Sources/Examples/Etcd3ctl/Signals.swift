import Dispatch

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// SIGINT and SIGTERM as something to wait for, without Foundation's run loop: Dispatch signal
/// sources feed an `AsyncStream`.
enum Signals {
    /// What ended ``runUntilInterrupted(_:)``.
    enum Outcome<Value: Sendable>: Sendable {
        /// The work finished with this value.
        case finished(Value)
        /// SIGINT or SIGTERM arrived first; the work was cancelled and has ended.
        case interrupted
    }

    /// Runs `work` until it ends or SIGINT or SIGTERM arrives. On a signal the work's task is
    /// cancelled, and this returns once it has ended (whatever it threw then is dropped).
    ///
    /// While it runs, the two signals no longer kill the process: they are delivered here.
    static func runUntilInterrupted<Value: Sendable>(
        _ work: @escaping @Sendable () async throws -> Value
    ) async throws -> Outcome<Value> {
        let signals = interruptions()
        return try await withThrowingTaskGroup(of: Outcome<Value>?.self) { group in
            group.addTask { .finished(try await work()) }
            group.addTask {
                for await _ in signals { return .interrupted }
                return nil  // cancelled: the work ended first
            }
            defer { group.cancelAll() }
            while true {
                // Only the work can throw; a signal that comes first is reported, not the error.
                guard let next = try await group.next() else { throw CancellationError() }
                guard let outcome = next else { continue }  // the signal waiter ended first
                if case .interrupted = outcome {
                    group.cancelAll()
                    // Wait for the work to wind down; what it throws when cancelled does not matter.
                    while true {
                        do { guard try await group.next() != nil else { break } } catch { continue }
                    }
                }
                return outcome
            }
        }
    }

    /// SIGINT and SIGTERM as they arrive. The signals stay ignored by default handling after
    /// the stream ends, so that a second Ctrl-C during cleanup does not kill the process.
    static func interruptions() -> AsyncStream<Int32> {
        let (stream, continuation) = AsyncStream.makeStream(of: Int32.self)
        let sources = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { continuation.yield(number) }
            source.resume()
            return SignalSource(source: source)
        }
        continuation.onTermination = { _ in
            for source in sources { source.source.cancel() }
        }
        return stream
    }

    /// A Dispatch signal source, handed to the stream's termination handler.
    private struct SignalSource: @unchecked Sendable {
        // Dispatch sources are thread-safe; the type is just not marked Sendable.
        let source: any DispatchSourceSignal
    }
}
