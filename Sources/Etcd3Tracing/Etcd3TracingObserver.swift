public import Etcd3
public import Tracing

/// Traces an `Etcd3Client`'s calls with swift-distributed-tracing: one client span per
/// call (retries included), child of the caller's current span.
///
/// Tracing is opt-in: set this observer in `Etcd3Client.Configuration.observer`:
///
/// ```swift
/// var configuration = Etcd3Client.Configuration(endpoints: ["127.0.0.1:2379"])
/// configuration.observer = Etcd3TracingObserver()
/// ```
///
/// Spans follow OpenTelemetry's RPC conventions: the name is `service/method`
/// (`etcdserverpb.KV/Range`), with `rpc.system` = `grpc`, `rpc.service`, `rpc.method`,
/// `server.address` and `server.port` (the endpoint of the last attempt), `etcd.revision`
/// (the response header's revision, when there is one), `etcd.attempts`, and, on failure,
/// `error.type` and `etcd.error.code` (the `EtcdError.Code`), `rpc.grpc.status_code`
/// (when the server answered with one), the recorded error and an error status. Each retry
/// adds an `etcd.retry` event. Watches and keep-alives, which are long-lived streams, get no
/// spans. `Docs/Observability.md` has the table.
///
/// The tracer is chosen when the observer is created: bootstrap `InstrumentationSystem` first.
/// When it is the no-op tracer (nothing bootstrapped), the observer does nothing at all: each
/// call costs one check of a stored flag.
public struct Etcd3TracingObserver: Etcd3ClientObserver {
    /// The tracer spans are started with.
    public let tracer: any Tracer
    /// `tracer` is the no-op tracer: no span is started.
    private let tracesNothing: Bool

    /// Creates an observer that traces with `tracer`, or, when it is `nil`, with the tracer
    /// bootstrapped in `InstrumentationSystem` now.
    public init(tracer: (any Tracer)? = nil) {
        let tracer = tracer ?? InstrumentationSystem.tracer
        self.tracer = tracer
        self.tracesNothing = tracer is NoOpTracer
    }

    /// Starts the call's client span, child of the calling task's current context, and returns
    /// it (`nil` with the no-op tracer).
    public func callStarted(_ call: Etcd3ObservedCall) -> (any Sendable)? {
        if tracesNothing { return nil }
        let span = tracer.startSpan(String(call.path.drop { $0 == "/" }), ofKind: .client)
        guard span.isRecording else { return span }
        span.updateAttributes { attributes in
            attributes["rpc.system"] = "grpc"
            attributes["rpc.service"] = call.service
            attributes["rpc.method"] = call.method
        }
        return span
    }

    /// Adds an `etcd.retry` event to the call's span, with the attempt, its endpoint and error.
    public func callRetried(
        _ call: Etcd3ObservedCall, attempt: Int, endpoint: Etcd3ObservedEndpoint, error: EtcdError,
        context: (any Sendable)?
    ) {
        guard let span = context as? any Span, span.isRecording else { return }
        var attributes = SpanAttributes()
        attributes["etcd.attempt"] = attempt
        attributes["server.address"] = endpoint.host
        attributes["server.port"] = endpoint.port
        attributes["etcd.error.code"] = "\(error.code)"
        span.addEvent(SpanEvent(name: "etcd.retry", attributes: attributes))
    }

    /// Sets the endpoint, revision and (on failure) error attributes on the call's span, and
    /// ends it.
    public func callFinished(_ call: Etcd3ObservedCall, outcome: Etcd3CallOutcome, context: (any Sendable)?) {
        guard let span = context as? any Span else { return }
        if span.isRecording {
            span.updateAttributes { attributes in
                if let endpoint = outcome.endpoint {
                    attributes["server.address"] = endpoint.host
                    attributes["server.port"] = endpoint.port
                }
                attributes["etcd.attempts"] = outcome.attempts
                if let revision = outcome.revision { attributes["etcd.revision"] = revision }
                if let error = outcome.error {
                    attributes["error.type"] = "\(error.code)"
                    attributes["etcd.error.code"] = "\(error.code)"
                    if let status = error.grpcStatusCode { attributes["rpc.grpc.status_code"] = status }
                } else {
                    attributes["rpc.grpc.status_code"] = 0
                }
            }
            if let error = outcome.error {
                span.recordError(error)
                span.setStatus(SpanStatus(code: .error, message: error.message))
            }
        }
        span.end()
    }
}
