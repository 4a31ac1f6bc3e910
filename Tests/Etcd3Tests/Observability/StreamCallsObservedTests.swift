import Etcd3
import Etcd3Metrics
import Etcd3TestSupport
import Etcd3Tracing
import InMemoryTracing
import MetricsTestKit
import Synchronization
import Testing
import Tracing

// The snapshot and Election observe streams, reported as calls (in the metrics-and-spans
// suite, so that it runs with the other observer tests).
extension MetricsAndSpansTests {
    @Test(
        "a snapshot read to its end is one finished call without error: a span under the caller's, and a success in metrics",
        arguments: EtcdBinary.required)
    func snapshotReadToTheEndIsOneSuccessfulCall(binary: EtcdBinary) async throws {
        try await withObservedClient(binary) { client, cluster, tracer, calls, metrics in
            try await client.put("/snapshot/k", "v")

            let pieces = try await tracer.withSpan("take backup") { _ in
                var pieces = 0
                for try await _ in client.snapshot() { pieces += 1 }
                return pieces
            }
            #expect(pieces >= 2)
            await client.close()

            let snapshots = calls.finished(path: "/etcdserverpb.Maintenance/Snapshot")
            #expect(calls.started(path: "/etcdserverpb.Maintenance/Snapshot") == 1)
            try #require(snapshots.count == 1)
            #expect(snapshots[0].error == nil)
            #expect(snapshots[0].attempts == 1)
            #expect(snapshots[0].endpoint == Etcd3ObservedEndpoint(host: "127.0.0.1", port: cluster.members[0].clientPort))
            #expect(snapshots[0].duration > .zero)
            #expect(!calls.startedAsMutation(path: "/etcdserverpb.Maintenance/Snapshot"))

            let spans = tracer.finishedSpans
            let parent = try #require(spans.first { $0.operationName == "take backup" })
            let span = try #require(spans.first { $0.operationName == "etcdserverpb.Maintenance/Snapshot" })
            #expect(span.kind == .client)
            #expect(span.parentSpanID == parent.spanID)
            #expect(span.status == nil)
            #expect(span.attributes["rpc.method"]?.toSpanAttribute() == "Snapshot".toSpanAttribute())
            #expect(span.attributes["rpc.grpc.status_code"]?.toSpanAttribute() == 0.toSpanAttribute())
            #expect(callCount(in: metrics, "etcdserverpb.Maintenance", "Snapshot", "success") == 1)
        }
    }

    @Test(
        "a snapshot abandoned after its first piece is one finished call, cancelled, with an error span",
        arguments: EtcdBinary.required)
    func snapshotAbandonedAfterFirstPieceIsCancelledCall(binary: EtcdBinary) async throws {
        try await withObservedClient(binary) { client, cluster, tracer, calls, metrics in

            let first = try await tracer.withSpan("peek at backup") { _ -> EtcdSnapshotChunk? in
                for try await piece in client.snapshot() { return piece }
                return nil
            }
            #expect(first?.isDigest == false)
            // The consumer has left the loop: the call is reported at once, not at close.
            let snapshots = calls.finished(path: "/etcdserverpb.Maintenance/Snapshot")
            try #require(snapshots.count == 1)
            #expect(snapshots[0].error?.code == .cancelled)
            #expect(snapshots[0].attempts == 1)
            await client.close()
            #expect(calls.finished(path: "/etcdserverpb.Maintenance/Snapshot").count == 1)

            let spans = tracer.finishedSpans
            let parent = try #require(spans.first { $0.operationName == "peek at backup" })
            let span = try #require(spans.first { $0.operationName == "etcdserverpb.Maintenance/Snapshot" })
            #expect(span.parentSpanID == parent.spanID)
            #expect(span.status?.code == .error)
            #expect(span.attributes["etcd.error.code"]?.toSpanAttribute() == "cancelled".toSpanAttribute())
            #expect(callCount(in: metrics, "etcdserverpb.Maintenance", "Snapshot", "cancelled") == 1)
        }
    }

    @Test(
        "an election observation abandoned after the first leader, or whose task is cancelled, is a finished call, cancelled",
        arguments: EtcdBinary.required)
    func electionObservationAbandonedIsCancelledCall(binary: EtcdBinary) async throws {
        try await withObservedClient(binary) { client, cluster, tracer, calls, metrics in
            let lease = try await client.grantLease(ttl: .seconds(30))
            _ = try await client.electionService.campaign("/observed/e", value: "node-1", lease: lease.id)

            // Left after the first leader value.
            let first = Task { () -> EtcdKeyValue? in
                try await tracer.withSpan("watch leader") { _ in
                    for try await leader in client.electionService.observe("/observed/e") { return leader }
                    return nil
                }
            }
            #expect(try await waitFor(first, within: .seconds(20), "the first leader value")?.value == "node-1")
            let path = "/v3electionpb.Election/Observe"
            var observed = calls.finished(path: path)
            try #require(observed.count == 1)
            #expect(observed[0].error?.code == .cancelled)
            #expect(observed[0].attempts == 1)
            #expect(!calls.startedAsMutation(path: path))

            // Cancelled while waiting for the next value: the iteration throws `.cancelled`,
            // and that is the call's outcome.
            let waiting = Task { () -> Int in
                var values = 0
                for try await _ in client.electionService.observe("/observed/e") { values += 1 }
                return values
            }
            try await waitUntilStarted(calls, path: path, count: 2)
            try await Task.sleep(for: .milliseconds(200))
            waiting.cancel()
            await #expect(throws: EtcdError.self) { _ = try await waiting.value }
            observed = calls.finished(path: path)
            try #require(observed.count == 2)
            #expect(observed[1].error?.code == .cancelled)
            await client.close()
            #expect(calls.finished(path: path).count == 2)

            let spans = tracer.finishedSpans
            let parent = try #require(spans.first { $0.operationName == "watch leader" })
            let observeSpans = spans.filter { $0.operationName == "v3electionpb.Election/Observe" }
            #expect(observeSpans.count == 2)
            #expect(observeSpans.allSatisfy { $0.status?.code == .error })
            #expect(observeSpans.contains { $0.parentSpanID == parent.spanID })
            #expect(callCount(in: metrics, "v3electionpb.Election", "Observe", "cancelled") == 2)
        }
    }
}

/// Runs `body` with a client of a new one-member cluster of `binary` whose observer feeds a
/// call recorder, swift-metrics and an in-memory tracer.
private func withObservedClient(
    _ binary: EtcdBinary,
    _ body: (Etcd3Client, EtcdCluster, InMemoryTracer, CallRecorder, TestMetrics) async throws -> Void
) async throws {
    let tracer = InMemoryTracer()
    let metrics = TestMetrics()
    let calls = CallRecorder()
    try await withEtcdCluster(members: 1, binary: binary) { cluster in
        var configuration = Etcd3Client.Configuration(endpoints: cluster.clientEndpoints)
        configuration.observer = Etcd3MultiplexObserver([
            calls, Etcd3MetricsObserver(factory: metrics), Etcd3TracingObserver(tracer: tracer),
        ])
        try await body(try await Etcd3Client(configuration: configuration), cluster, tracer, calls, metrics)
    }
}

/// The calls of `service`/`method` that ended with `outcome`, as the metrics observer counted them.
private func callCount(in metrics: TestMetrics, _ service: String, _ method: String, _ outcome: String) -> Int64 {
    metrics.counterTotal(
        label: "etcd_client_calls_total", dimensions: [("service", service), ("method", method), ("outcome", outcome)])
}

/// Records the call events an observer sees, for the stream tests.
private final class CallRecorder: Etcd3ClientObserver {
    private let events = Mutex<(started: [Etcd3ObservedCall], finished: [(String, Etcd3CallOutcome)])>(([], []))

    func callStarted(_ call: Etcd3ObservedCall) -> (any Sendable)? {
        events.withLock { $0.started.append(call) }
        return nil
    }

    func callFinished(_ call: Etcd3ObservedCall, outcome: Etcd3CallOutcome, context: (any Sendable)?) {
        events.withLock { $0.finished.append((call.path, outcome)) }
    }

    func started(path: String) -> Int {
        events.withLock { events in events.started.count { $0.path == path } }
    }

    func startedAsMutation(path: String) -> Bool {
        events.withLock { events in events.started.contains { $0.path == path && $0.isMutation } }
    }

    func finished(path: String) -> [Etcd3CallOutcome] {
        events.withLock { events in events.finished.filter { $0.0 == path }.map(\.1) }
    }
}

/// Waits until `recorder` saw `count` calls of `path` start.
private func waitUntilStarted(_ recorder: CallRecorder, path: String, count: Int) async throws {
    let deadline = ContinuousClock.now + .seconds(20)
    while recorder.started(path: path) < count {
        guard ContinuousClock.now < deadline else {
            throw DeadlineExceeded(description: "\(count) calls of \(path) not started within 20 s")
        }
        try await Task.sleep(for: .milliseconds(20))
    }
}
