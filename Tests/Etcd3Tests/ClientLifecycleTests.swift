import Etcd3
import Etcd3TestSupport
import Testing

@Suite("Client lifecycle, deadlines and cancellation", .timeLimit(.minutes(3)))
struct ClientLifecycleTests {
    @Test func malformedEndpointsAreRejected() async {
        await expectError(.invalidArgument) { _ = try await Etcd3Client(endpoints: []) }
        await expectError(.invalidArgument) { _ = try await Etcd3Client(endpoints: ["127.0.0.1:notaport"]) }
        await expectError(.invalidArgument) {
            _ = try await Etcd3Client(endpoints: ["http://127.0.0.1:2379", "https://127.0.0.1:2380"])
        }
    }

    @Test func unreachableEndpointFailsWithinTheConnectTimeout() async {
        var configuration = Etcd3Client.Configuration(endpoints: ["127.0.0.1:9"])  // nothing listens on the discard port
        configuration.connectTimeout = .milliseconds(800)
        let start = ContinuousClock.now
        await expectError(.unavailable) { _ = try await Etcd3Client(configuration: configuration) }
        #expect(ContinuousClock.now - start < .seconds(3))
    }

    @Test("closed clients refuse calls; the scoped form closes", arguments: ServerUnderTest.plaintext)
    func close(server: ServerUnderTest) async throws {
        let cluster = try await server.cluster()
        let client = try await Etcd3Client(configuration: ServerUnderTest.configuration(for: cluster))
        try await client.put("/lifecycle/k", "v")
        await client.close()
        await client.close()
        await expectError(.closed) { _ = try await client.get("/lifecycle/k") }

        let escaped = try await withEtcd3Client(configuration: ServerUnderTest.configuration(for: cluster)) {
            client -> Etcd3Client in
            let value = try await client.get("/lifecycle/k")?.value
            #expect(value == "v")
            return client
        }
        await expectError(.closed) { _ = try await escaped.get("/lifecycle/k") }
    }

    @Test("deadlines and task cancellation against a stalled server", arguments: ServerUnderTest.plaintext)
    func deadlineAndCancellation(server: ServerUnderTest) async throws {
        try await withEtcdCluster(members: 1, binary: server.binary) { cluster in
            // The client reaches the server through a proxy that can swallow every byte.
            let proxy = try EtcdFaultProxy(inFrontOf: cluster[0])
            defer { proxy.stop() }
            var configuration = ServerUnderTest.configuration(for: cluster, endpoints: [proxy.endpoint])
            configuration.keepAlive.interval = nil
            let client = try await Etcd3Client(configuration: configuration)
            try await client.put("/stall/k", "v")
            proxy.blackhole(.both)

            var start = ContinuousClock.now
            await expectError(.deadlineExceeded) {
                _ = try await client.get("/stall/k", timeout: .milliseconds(300))
            }
            #expect(ContinuousClock.now - start < .seconds(2))

            start = ContinuousClock.now
            let task = Task { _ = try await client.put("/stall/k", "w") }
            try await Task.sleep(for: .milliseconds(200))
            task.cancel()
            do {
                try await task.value
                Issue.record("a cancelled put must not succeed")
            } catch let error as EtcdError {
                #expect(error.code == .cancelled)
                #expect(error.mayHaveBeenApplied)
            } catch {
                Issue.record("expected EtcdError, got \(error)")
            }
            #expect(ContinuousClock.now - start < .seconds(2))

            proxy.heal()
            #expect(try await client.get("/stall/k") != nil)
            await client.close()
        }
    }
}
