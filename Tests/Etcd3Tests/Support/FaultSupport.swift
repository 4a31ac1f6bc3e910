import Etcd3
import Etcd3TestSupport
import Foundation
import Logging
import Synchronization
import Testing

/// A `LogHandler` that keeps every message, for tests that count transport events.
struct CapturingLogHandler: LogHandler {
    final class Store: Sendable {
        let lines = Mutex<[(ContinuousClock.Instant, String, Logger.Metadata)]>([])
        func count(where predicate: (String, Logger.Metadata) -> Bool) -> Int {
            lines.withLock { $0.filter { predicate($0.1, $0.2) }.count }
        }
        func count(_ fragment: String) -> Int { count { message, _ in message.contains(fragment) } }
        var all: [(ContinuousClock.Instant, String, Logger.Metadata)] { lines.withLock { $0 } }
    }

    let store: Store
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = self.metadata.merging(event.metadata ?? [:]) { $1 }
        store.lines.withLock { $0.append((.now, event.message.description, merged)) }
    }

    /// A logger at trace level writing into a fresh store.
    static func logger() -> (Logger, Store) {
        let store = Store()
        return (Logger(label: "etcd3-test", factory: { _ in CapturingLogHandler(store: store) }), store)
    }
}

/// Thread-safe tallies for fault scenarios.
final class Tally: Sendable {
    private let state = Mutex<(ok: Int, errors: [EtcdError], maxLatency: Duration, other: [String])>(
        (0, [], .zero, []))
    private let failedAt = Mutex<[ContinuousClock.Instant]>([])
    /// When each failed call ended.
    var failureTimes: [ContinuousClock.Instant] { failedAt.withLock { $0 } }

    func success(latency: Duration) {
        state.withLock {
            $0.ok += 1
            if latency > $0.maxLatency { $0.maxLatency = latency }
        }
    }
    func failure(_ error: any Error, latency: Duration) {
        failedAt.withLock { $0.append(.now) }
        state.withLock {
            if let error = error as? EtcdError { $0.errors.append(error) } else { $0.other.append("\(error)") }
            if latency > $0.maxLatency { $0.maxLatency = latency }
        }
    }
    var ok: Int { state.withLock { $0.ok } }
    var errors: [EtcdError] { state.withLock { $0.errors } }
    var otherErrors: [String] { state.withLock { $0.other } }
    var maxLatency: Duration { state.withLock { $0.maxLatency } }
    var total: Int { state.withLock { $0.ok + $0.errors.count + $0.other.count } }

    /// Runs `body`, timing it and recording the outcome.
    @discardableResult
    func record(_ body: () async throws -> Void) async -> Bool {
        let start = ContinuousClock.now
        do {
            try await body()
            success(latency: .now - start)
            return true
        } catch {
            failure(error, latency: .now - start)
            return false
        }
    }
}

/// TLS settings for a cluster's own material (mTLS client certificate included).
func clientConfiguration(for cluster: EtcdCluster, endpoints: [String]) -> Etcd3Client.Configuration {
    var configuration = ServerUnderTest.configuration(for: cluster, endpoints: endpoints)
    configuration.requestTimeout = .seconds(10)
    return configuration
}

extension Duration {
    var seconds: Double {
        let (s, a) = components
        return Double(s) + Double(a) / 1e18
    }
}

/// Both TLS modes the fault scenarios that must cover both shutdown paths run in.
enum Mode: String, Sendable, CaseIterable, CustomStringConvertible {
    case plaintext, tls
    var description: String { rawValue }
    var tlsMode: EtcdTLSMode { self == .tls ? .mutual : .disabled }
}

/// A scenario's size: `ci` in ordinary runs (CI must stay short), `soak` (the full size)
/// when the environment sets `ETCD3_SOAK=1`.
func scenarioSize(_ ci: Int, soak: Int) -> Int {
    ProcessInfo.processInfo.environment["ETCD3_SOAK"] == "1" ? soak : ci
}

/// Whether `error` is one of the outcomes a non-idempotent call may surface after a fault.
func isWriteFaultOutcome(_ error: EtcdError) -> Bool {
    error.code == .indeterminate || error.code == .unavailable
}

extension Trait where Self == TimeLimitTrait {
    /// Each fault scenario's time limit: 5 minutes at the CI size, an hour at the soak size
    /// (`ETCD3_SOAK=1`). A scenario that hangs fails with its name instead of running into the
    /// test command's own limit.
    static var faultScenarioTimeLimit: Self { .timeLimit(.minutes(scenarioSize(5, soak: 60))) }
}

/// A wait in a test that took longer than its deadline.
struct DeadlineExceeded: Error, CustomStringConvertible {
    var description: String
}

/// The value of `task`, or ``DeadlineExceeded`` naming `what` when it takes longer than
/// `limit` (the task is then cancelled). For waits that would otherwise hang a test: a watch
/// that went silent, a catch-up that exits only on its last event.
func waitFor<T: Sendable, Failure: Error>(_ task: Task<T, Failure>, within limit: Duration, _ what: String) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await task.value }
        group.addTask {
            try await Task.sleep(for: limit)
            return nil
        }
        let first = try await group.next()
        // Awaiting a task's value does not end with the waiter's cancellation: cancel the task.
        task.cancel()
        group.cancelAll()
        guard let value = first ?? nil else {
            throw DeadlineExceeded(description: "\(what) did not finish within \(limit)")
        }
        return value
    }
}

/// A lease kept alive during a fault scenario, and the error that ended its keep-alive.
struct KeptAliveLease {
    let grant: EtcdLeaseGrant
    let keepAlive: EtcdLeaseKeepAlive
    /// Ends when the keep-alive does: `nil` after ``stop()``, the loss otherwise.
    let loss: Task<EtcdError?, Never>

    static func start(_ client: Etcd3Client, ttl: Duration) async throws -> KeptAliveLease {
        let grant = try await client.grantLease(ttl: ttl)
        let keepAlive = client.keepAlive(grant)
        let loss = Task { () -> EtcdError? in
            do throws(EtcdError) {
                try await keepAlive.run()
                return nil
            } catch {
                return error
            }
        }
        return KeptAliveLease(grant: grant, keepAlive: keepAlive, loss: loss)
    }

    /// Stops the keep-alive; returns the error that ended it before, if one did.
    func stop() async throws -> EtcdError? {
        keepAlive.cancel()
        return try await waitFor(loss, within: .seconds(10), "the keep-alive's end")
    }
}

/// Starts recording a prefix watch from `revision`; cancel the task to stop.
func recordWatch(_ client: Etcd3Client, prefix: EtcdBytes, from revision: Int64) -> (WatchRecorder, Task<Void, Never>) {
    let recorder = WatchRecorder()
    let consumer = Task { await recorder.consume(client.watchPrefix(prefix, options: EtcdWatchOptions(startRevision: revision))) }
    return (recorder, consumer)
}

/// A value behind a lock, shareable between tasks.
final class Locked<Value: Sendable>: Sendable {
    private let value: Mutex<Value>
    init(_ value: Value) { self.value = Mutex(value) }
    func withLock<R>(_ body: (inout Value) -> R) -> R { value.withLock { body(&$0) } }
}
