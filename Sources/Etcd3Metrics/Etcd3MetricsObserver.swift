public import CoreMetrics
public import Etcd3
import Synchronization

/// Reports an `Etcd3Client`'s calls, connections, watches, keep-alives and bytes
/// through swift-metrics.
///
/// Set it as the client's observer; metrics go to the factory it is given (by default the one
/// bootstrapped in `MetricsSystem`):
///
/// ```swift
/// var configuration = Etcd3Client.Configuration(endpoints: ["127.0.0.1:2379"])
/// configuration.observer = Etcd3MetricsObserver()
/// ```
///
/// `Docs/Observability.md` lists every metric with its type and dimensions. Labels start with
/// ``prefix`` (`etcd_client` by default); ``dimensions`` are added to every metric (to tell
/// several clients apart, for example).
///
/// Handlers are created once per metric and dimension set and kept, so that each event costs
/// one lookup at most.
public final class Etcd3MetricsObserver: Etcd3ClientObserver {
    /// What every label starts with: `<prefix>_calls_total`, …
    public let prefix: String
    /// Dimensions added to every metric.
    public let dimensions: [(String, String)]
    private let factory: any MetricsFactory

    private let watchEvents: any CounterHandler
    private let watchResumes: any CounterHandler
    private let keepAliveAcks: any CounterHandler
    private let bytesSentCounter: any CounterHandler
    private let bytesReceivedCounter: any CounterHandler
    private let connectionsGauge: any RecorderHandler
    private let watchersGauge: any RecorderHandler
    private let openConnections = Atomic<Int>(0)
    private let openWatchers = Atomic<Int>(0)
    /// Handlers made on first use, by label and the varying dimensions.
    private let counters = Mutex<[HandlerKey: any CounterHandler]>([:])
    private let timers = Mutex<[HandlerKey: any TimerHandler]>([:])
    /// The two handlers of each call path and outcome, made on first use (one lookup per call).
    private let callHandlers = Mutex<[CallKey: CallHandlers]>([:])

    private struct HandlerKey: Hashable {
        var label: String
        var values: [String]
    }

    private struct CallKey: Hashable {
        var path: String
        var code: EtcdError.Code?
    }

    private final class CallHandlers: Sendable {
        let calls: any CounterHandler
        let duration: any TimerHandler

        init(calls: any CounterHandler, duration: any TimerHandler) {
            self.calls = calls
            self.duration = duration
        }
    }

    /// Creates an observer that reports to `factory`.
    ///
    /// - Parameters:
    ///   - prefix: what every label starts with.
    ///   - dimensions: dimensions added to every metric.
    ///   - factory: where the metrics go; the one bootstrapped in `MetricsSystem` by default.
    public init(
        prefix: String = "etcd_client", dimensions: [(String, String)] = [],
        factory: any MetricsFactory = MetricsSystem.factory
    ) {
        self.prefix = prefix
        self.dimensions = dimensions
        self.factory = factory
        watchEvents = factory.makeCounter(label: "\(prefix)_watch_events_total", dimensions: dimensions)
        watchResumes = factory.makeCounter(label: "\(prefix)_watch_resumes_total", dimensions: dimensions)
        keepAliveAcks = factory.makeCounter(label: "\(prefix)_lease_keepalive_acks_total", dimensions: dimensions)
        bytesSentCounter = factory.makeCounter(label: "\(prefix)_sent_bytes_total", dimensions: dimensions)
        bytesReceivedCounter = factory.makeCounter(label: "\(prefix)_received_bytes_total", dimensions: dimensions)
        connectionsGauge = factory.makeRecorder(
            label: "\(prefix)_connections", dimensions: dimensions, aggregate: false)
        watchersGauge = factory.makeRecorder(label: "\(prefix)_watchers", dimensions: dimensions, aggregate: false)
    }

    /// The counter `<prefix>_<name>` with the dimensions `names` = `values` (plus
    /// ``dimensions``), made the first time.
    private func counter(_ name: String, _ names: [String], _ values: [String]) -> any CounterHandler {
        let key = HandlerKey(label: name, values: values)
        if let existing = counters.withLock({ $0[key] }) { return existing }
        let made = factory.makeCounter(label: "\(prefix)_\(name)", dimensions: dimensions(names, values))
        return counters.withLock { counters in
            if let existing = counters[key] { return existing }
            counters[key] = made
            return made
        }
    }

    /// The timer `<prefix>_<name>`, as ``counter(_:_:_:)``.
    private func timer(_ name: String, _ names: [String], _ values: [String]) -> any TimerHandler {
        let key = HandlerKey(label: name, values: values)
        if let existing = timers.withLock({ $0[key] }) { return existing }
        let made = factory.makeTimer(label: "\(prefix)_\(name)", dimensions: dimensions(names, values))
        return timers.withLock { timers in
            if let existing = timers[key] { return existing }
            timers[key] = made
            return made
        }
    }

    private func dimensions(_ names: [String], _ values: [String]) -> [(String, String)] {
        dimensions + zip(names, values).map { ($0, $1) }
    }

    /// `success`, or the error's `EtcdError.Code` (`unavailable`, `deadlineExceeded`, …).
    private static func outcome(_ error: EtcdError?) -> String {
        error.map { "\($0.code)" } ?? "success"
    }

    /// Counts the call and records its latency, by service, method and outcome.
    public func callFinished(_ call: Etcd3ObservedCall, outcome: Etcd3CallOutcome, context: (any Sendable)?) {
        let key = CallKey(path: call.path, code: outcome.error?.code)
        let handlers =
            callHandlers.withLock { $0[key] }
            ?? {
                let names = ["service", "method", "outcome"]
                let values = [call.service, call.method, Self.outcome(outcome.error)]
                let made = CallHandlers(
                    calls: counter("calls_total", names, values), duration: timer("call_duration", names, values))
                return callHandlers.withLock { handlers in
                    if let existing = handlers[key] { return existing }
                    handlers[key] = made
                    return made
                }
            }()
        handlers.calls.increment(by: 1)
        let (seconds, attoseconds) = outcome.duration.components
        handlers.duration.recordNanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }

    /// Counts the retry, by service, method and the failed attempt's error code.
    public func callRetried(
        _ call: Etcd3ObservedCall, attempt: Int, endpoint: Etcd3ObservedEndpoint, error: EtcdError,
        context: (any Sendable)?
    ) {
        counter("call_retries_total", ["service", "method", "code"], [call.service, call.method, "\(error.code)"])
            .increment(by: 1)
    }

    /// Counts the connection (and the reconnect), and sets the open-connections gauge.
    public func connectionOpened(endpoint: Etcd3ObservedEndpoint, isReconnect: Bool) {
        counter("connections_opened_total", ["endpoint"], [endpoint.description]).increment(by: 1)
        if isReconnect { counter("reconnects_total", ["endpoint"], [endpoint.description]).increment(by: 1) }
        connectionsGauge.record(Int64(openConnections.add(1, ordering: .relaxed).newValue))
    }

    /// Sets the open-connections gauge.
    public func connectionClosed(endpoint: Etcd3ObservedEndpoint) {
        connectionsGauge.record(Int64(openConnections.subtract(1, ordering: .relaxed).newValue))
    }

    /// Sets the watchers gauge.
    public func watcherOpened() {
        watchersGauge.record(Int64(openWatchers.add(1, ordering: .relaxed).newValue))
    }

    /// Sets the watchers gauge.
    public func watcherClosed() {
        watchersGauge.record(Int64(openWatchers.subtract(1, ordering: .relaxed).newValue))
    }

    /// Counts the events.
    public func watchEventsDelivered(_ count: Int) {
        watchEvents.increment(by: Int64(count))
    }

    /// Counts the resume.
    public func watchResumed(endpoint: Etcd3ObservedEndpoint) {
        watchResumes.increment(by: 1)
    }

    /// Counts the ack.
    public func keepAliveAcknowledged(leaseID: Int64, ttl: Duration) {
        keepAliveAcks.increment(by: 1)
    }

    /// Counts the loss, by error code.
    public func leaseLost(leaseID: Int64, error: EtcdError) {
        counter("leases_lost_total", ["code"], ["\(error.code)"]).increment(by: 1)
    }

    /// Counts the bytes.
    public func bytesSent(_ count: Int, endpoint: Etcd3ObservedEndpoint) {
        bytesSentCounter.increment(by: Int64(count))
    }

    /// Counts the bytes.
    public func bytesReceived(_ count: Int, endpoint: Etcd3ObservedEndpoint) {
        bytesReceivedCounter.increment(by: Int64(count))
    }
}
