import Etcd3
import Etcd3TestSupport
import Testing

@Suite("Which connection carries long-lived streams", .timeLimit(.minutes(2)))
struct StreamConnectionTests {
    /// The client reaches the server through a proxy that counts its connections. A watch and a
    /// lease keep-alive are open while puts run; then every connection is reset, and the watch
    /// must go on from where it was, with calls on the reconnected connection(s).
    @Test(
        "a watch, a keep-alive and calls: one connection when shared, two when dedicated; both survive a reset",
        arguments: ServerUnderTest.all, [Etcd3Client.StreamConnection.shared, .dedicated])
    func connectionsAndReset(server: ServerUnderTest, mode: Etcd3Client.StreamConnection) async throws {
        let cluster = try await server.cluster()
        let proxy = try EtcdFaultProxy(inFrontOf: cluster[0])
        defer { proxy.stop() }
        var configuration = ServerUnderTest.configuration(for: cluster, endpoints: [proxy.endpoint])
        configuration.streamConnection = mode
        let perClient = mode == .shared ? 1 : 2
        try await withEtcd3Client(configuration: configuration) { client in
            let ns = EtcdBytes("/test/\(UInt64.random(in: 0...UInt64.max))/")
            let watch = client.watchPrefix(ns)
            try await waitForCreates(client, watchers: 1)
            let lease = try await client.grantLease(ttl: .seconds(30))
            let keepAlive = client.keepAlive(lease)
            defer { keepAlive.cancel() }
            var acknowledgements = keepAlive.makeAsyncIterator()
            #expect(try await acknowledgements.next() != nil)

            let received = Task { () -> [EtcdBytes] in
                var keys: [EtcdBytes] = []
                for try await event in watch {
                    keys.append(event.kv.key)
                    if keys.count == 150 { break }
                }
                return keys
            }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<100 {
                    group.addTask { try await client.put(ns + "\(1000 + index)", "x") }
                }
                try await group.waitForAll()
            }
            #expect(proxy.stats.acceptedConnections == perClient, "\(proxy.stats)")

            proxy.dropConnections(.rst)
            // Reads are retried across the reset; once one works, writes go out on a live
            // connection.
            #expect(try await client.get(ns + "1000")?.value == "x")
            for index in 100..<150 {
                try await client.put(ns + "\(1000 + index)", "x")
            }
            let keys = try await received.value
            // Every event once: the 100 concurrent puts in any order, then the 50 in order.
            #expect(Set(keys.prefix(100)) == Set((0..<100).map { ns + "\(1000 + $0)" }))
            #expect(Array(keys.suffix(50)) == (100..<150).map { ns + "\(1000 + $0)" })
            #expect(proxy.stats.activeConnections == perClient, "\(proxy.stats)")
            #expect(try await client.keepAliveOnce(lease.id) > .zero)
            try await client.revokeLease(lease.id)
        }
    }

    /// Flow control is per stream: a shared connection whose watch is not being read still
    /// carries calls. 8 MiB of events wait behind a 1 MiB stream window while the puts that
    /// cause them go on; then every event arrives, in order.
    @Test("shared: a watch nobody reads holds back its stream, not the calls", arguments: ServerUnderTest.all)
    func unreadWatchDoesNotBlockCalls(server: ServerUnderTest) async throws {
        try await server.withClient(configure: {
            $0.streamConnection = .shared
            $0.watchBufferSize = 16
            $0.requestTimeout = .seconds(10)
        }) { client, ns in
            let watch = client.watchPrefix(ns)
            try await waitForCreates(client, watchers: 1)
            let value = EtcdBytes([UInt8](repeating: UInt8(ascii: "v"), count: 8 << 10))
            let count = 1024
            for index in 0..<count {
                try await client.put(ns + "\(10000 + index)", value)
            }
            #expect(try await client.get(ns + "\(10000 + count - 1)")?.value == value)
            var keys: [EtcdBytes] = []
            for try await event in watch {
                #expect(event.kv.value == value)
                keys.append(event.kv.key)
                if keys.count == count { break }
            }
            #expect(keys == (0..<count).map { ns + "\(10000 + $0)" })
        }
    }
}
