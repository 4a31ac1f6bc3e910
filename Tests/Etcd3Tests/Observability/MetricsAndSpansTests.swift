import Etcd3
import Etcd3Metrics
import Etcd3TestSupport
import Etcd3Tracing
import InMemoryTracing
import MetricsTestKit
import Testing
import Tracing

@Suite("Metrics and spans recorded against a real etcd", .timeLimit(.minutes(3)))
struct MetricsAndSpansTests {
    @Test(
        "calls, connections, watch events, keep-alive acks and bytes appear in swift-metrics",
        arguments: EtcdBinary.required)
    func metricsRecorded(binary: EtcdBinary) async throws {
        let metrics = TestMetrics()
        try await withEtcdCluster(members: 1, binary: binary) { cluster in
            var configuration = Etcd3Client.Configuration(endpoints: cluster.clientEndpoints)
            configuration.observer = Etcd3MetricsObserver(dimensions: [("client", "test")], factory: metrics)
            let client = try await Etcd3Client(configuration: configuration)

            let first = try await client.put("/metrics/a", "1")
            try await client.put("/metrics/b", "2")
            try await client.put("/metrics/c", "3")
            #expect(try await client.get("/metrics/a")?.value == "1")
            await #expect(throws: EtcdError.self) { try await client.revokeLease(EtcdLeaseID(rawValue: 0x0bad)) }

            // A watch from the first put's revision replays the three puts.
            let watch = Task { () -> Int in
                var seen = 0
                for try await _ in client.watchPrefix("/metrics/", options: .init(startRevision: first.header.revision)) {
                    seen += 1
                    if seen == 3 { break }
                }
                return seen
            }
            #expect(try await waitFor(watch, within: .seconds(20), "the watch's three events") == 3)

            let lease = try await client.grantLease(ttl: .seconds(3))
            let keepAlive = Task { () -> Duration? in
                for try await ttl in client.keepAlive(lease) { return ttl }
                return nil
            }
            #expect(try await waitFor(keepAlive, within: .seconds(20), "the first keep-alive ack") != nil)
            try await waitUntil(within: .seconds(10), "the watcher gauge back at 0") {
                (try? metrics.expectGauge("etcd_client_watchers", [("client", "test")]).lastValue) == 0
            }
            await client.close()

            func calls(_ service: String, _ method: String, _ outcome: String) -> Int64 {
                metrics.counterTotal(
                    label: "etcd_client_calls_total",
                    dimensions: [("client", "test"), ("service", service), ("method", method), ("outcome", outcome)])
            }
            #expect(calls("etcdserverpb.KV", "Put", "success") == 3)
            #expect(calls("etcdserverpb.KV", "Range", "success") == 1)
            #expect(calls("etcdserverpb.Lease", "LeaseRevoke", "leaseNotFound") == 1)
            #expect(calls("etcdserverpb.Lease", "LeaseGrant", "success") == 1)
            let putLatency = try metrics.expectTimer(
                "etcd_client_call_duration",
                [("client", "test"), ("service", "etcdserverpb.KV"), ("method", "Put"), ("outcome", "success")])
            #expect(putLatency.values.count == 3)
            #expect(putLatency.values.allSatisfy { $0 > 0 })

            #expect(metrics.counterTotal(label: "etcd_client_watch_events_total", dimensions: [("client", "test")]) == 3)
            #expect(
                metrics.counterTotal(label: "etcd_client_lease_keepalive_acks_total", dimensions: [("client", "test")])
                    >= 1)
            let watchers = try metrics.expectGauge("etcd_client_watchers", [("client", "test")])
            #expect(watchers.values.max() == 1)
            #expect(watchers.lastValue == 0)

            // One connection for calls and one for the streams, all closed by `close()`.
            let endpoint = cluster.clientEndpoints[0]
            #expect(
                metrics.counterTotal(
                    label: "etcd_client_connections_opened_total", dimensions: [("client", "test"), ("endpoint", endpoint)])
                    == 2)
            let connections = try metrics.expectGauge("etcd_client_connections", [("client", "test")])
            #expect(connections.values.max() == 2)
            #expect(connections.lastValue == 0)
            #expect(metrics.counters(label: "etcd_client_reconnects_total").isEmpty)

            let sent = metrics.counterTotal(label: "etcd_client_sent_bytes_total", dimensions: [("client", "test")])
            let received = metrics.counterTotal(
                label: "etcd_client_received_bytes_total", dimensions: [("client", "test")])
            #expect(sent > 100)
            #expect(received > 100)
            print(
                "metrics on etcd \(binary.fullVersion): sent \(sent) B, received \(received) B, put p50 \(putLatency.values.sorted()[1]) ns"
            )
        }
    }

    @Test(
        "a dropped connection counts as a reconnect and a watch resume; the gauges follow",
        arguments: EtcdBinary.required)
    func reconnectAndResumeRecorded(binary: EtcdBinary) async throws {
        let metrics = TestMetrics()
        try await withEtcdCluster(members: 1, binary: binary) { cluster in
            let proxy = try EtcdFaultProxy(inFrontOf: cluster[0])
            defer { proxy.stop() }
            var configuration = Etcd3Client.Configuration(endpoints: [proxy.endpoint])
            configuration.observer = Etcd3MetricsObserver(factory: metrics)
            let client = try await Etcd3Client(configuration: configuration)

            let events = AsyncStream.makeStream(of: Void.self)
            // Watches until the put after the resume (the first putter below may put more than
            // once before the test sees the watch's first event).
            let watch = Task { () -> Bool in
                for try await event in client.watchPrefix("/resume/") {
                    events.continuation.yield()
                    if event.kv.key == "/resume/b" { return true }
                }
                return false
            }
            // Puts until the watch sees one (it may start after the first).
            let first = Task {
                while !Task.isCancelled {
                    try await client.put("/resume/a", "1")
                    try await Task.sleep(for: .milliseconds(100))
                }
            }
            let firstSeen = Task { () throws -> Bool in
                var arrivals = events.stream.makeAsyncIterator()
                return await arrivals.next() != nil
            }
            _ = try await waitFor(firstSeen, within: .seconds(20), "the watch's first event")
            first.cancel()
            _ = await first.result

            proxy.dropConnections(.rst)
            // A read brings a connection back (retried on the new one if it met the old one).
            let reconnected = Task { () -> Bool in
                while true {
                    if (try? await client.get("/resume/a")) != nil { return true }
                    try await Task.sleep(for: .milliseconds(50))
                }
            }
            _ = try await waitFor(reconnected, within: .seconds(20), "a read after the drop")
            try await waitUntil(within: .seconds(20), "the watch's resume") {
                metrics.counterTotal(label: "etcd_client_watch_resumes_total") >= 1
            }
            try await client.put("/resume/b", "2")
            #expect(try await waitFor(watch, within: .seconds(20), "the event after the resume"))
            await client.close()

            let endpoint = proxy.endpoint
            #expect(
                metrics.counterTotal(label: "etcd_client_reconnects_total", dimensions: [("endpoint", endpoint)]) >= 1)
            #expect(
                metrics.counterTotal(label: "etcd_client_connections_opened_total", dimensions: [("endpoint", endpoint)])
                    >= 3)
            #expect(try metrics.expectGauge("etcd_client_connections").lastValue == 0)
            #expect(try metrics.expectGauge("etcd_client_watchers").lastValue == 0)
            let retries = metrics.counters(label: "etcd_client_call_retries_total").map(\.totalValue).reduce(0, +)
            print(
                "reconnect on etcd \(binary.fullVersion): reconnects \(metrics.counterTotal(label: "etcd_client_reconnects_total")), "
                    + "resumes \(metrics.counterTotal(label: "etcd_client_watch_resumes_total")), retries \(retries)")
        }
    }

    @Test(
        "each call is a client span with the RPC method, endpoint, revision and error code, beside metrics",
        arguments: EtcdBinary.required)
    func spansRecorded(binary: EtcdBinary) async throws {
        let tracer = InMemoryTracer()
        let metrics = TestMetrics()
        try await withEtcdCluster(members: 1, binary: binary) { cluster in
            var configuration = Etcd3Client.Configuration(endpoints: cluster.clientEndpoints)
            // Both observers at once: each gets its own call context back.
            configuration.observer = Etcd3MultiplexObserver([
                Etcd3MetricsObserver(factory: metrics), Etcd3TracingObserver(tracer: tracer),
            ])
            let client = try await Etcd3Client(configuration: configuration)

            let put = try await tracer.withSpan("handle request") { _ in try await client.put("/spans/k", "v") }
            _ = try await client.get("/spans/k")
            await #expect(throws: EtcdError.self) { try await client.revokeLease(EtcdLeaseID(rawValue: 0x0bad)) }
            await client.close()

            let spans = tracer.finishedSpans
            let parent = try #require(spans.first { $0.operationName == "handle request" })
            let putSpan = try #require(spans.first { $0.operationName == "etcdserverpb.KV/Put" })
            #expect(putSpan.kind == .client)
            #expect(putSpan.parentSpanID == parent.spanID)
            #expect(putSpan.traceID == parent.traceID)
            let member = cluster.members[0]  // the client dials 127.0.0.1:<clientPort>
            let expected: [String: SpanAttribute] = [
                "rpc.system": "grpc".toSpanAttribute(),
                "rpc.service": "etcdserverpb.KV".toSpanAttribute(),
                "rpc.method": "Put".toSpanAttribute(),
                "server.address": "127.0.0.1".toSpanAttribute(),
                "server.port": member.clientPort.toSpanAttribute(),
                "etcd.revision": put.header.revision.toSpanAttribute(),
                "rpc.grpc.status_code": 0.toSpanAttribute(),
            ]
            for (name, value) in expected {
                #expect(putSpan.attributes[name]?.toSpanAttribute() == value, "\(name)")
            }
            #expect(putSpan.status == nil)
            #expect(spans.contains { $0.operationName == "etcdserverpb.KV/Range" })

            let revoke = try #require(spans.first { $0.operationName == "etcdserverpb.Lease/LeaseRevoke" })
            #expect(revoke.status?.code == .error)
            #expect(revoke.errors.count == 1)
            #expect(revoke.attributes["etcd.error.code"]?.toSpanAttribute() == "leaseNotFound".toSpanAttribute())
            #expect(revoke.attributes["error.type"]?.toSpanAttribute() == "leaseNotFound".toSpanAttribute())
            #expect(revoke.attributes["rpc.grpc.status_code"]?.toSpanAttribute() == 5.toSpanAttribute())
            #expect(revoke.attributes["etcd.revision"] == nil)

            let putCalls = metrics.counterTotal(
                label: "etcd_client_calls_total",
                dimensions: [("service", "etcdserverpb.KV"), ("method", "Put"), ("outcome", "success")])
            #expect(putCalls == 1)
        }
    }
}

@Suite("The tracing observer without a tracer", .timeLimit(.minutes(1)))
struct TracingWithoutTracerTests {
    @Test("with no tracer bootstrapped, the tracing observer starts no span")
    func noTracerNoSpan() {
        let observer = Etcd3TracingObserver()
        let call = Etcd3ObservedCall(path: "/etcdserverpb.KV/Range", isMutation: false)
        #expect(observer.callStarted(call) == nil)
        observer.callFinished(
            call, outcome: Etcd3CallOutcome(error: nil, duration: .zero, attempts: 1, endpoint: nil, revision: 1),
            context: nil)
        #expect(call.service == "etcdserverpb.KV")
        #expect(call.method == "Range")
    }
}

/// Polls `condition` until it holds, or fails naming `what` once `limit` passes.
private func waitUntil(within limit: Duration, _ what: String, _ condition: () -> Bool) async throws {
    let deadline = ContinuousClock.now + limit
    while !condition() {
        guard ContinuousClock.now < deadline else { throw DeadlineExceeded(description: "\(what): not within \(limit)") }
        try await Task.sleep(for: .milliseconds(20))
    }
}
