import Etcd3Messages
import Etcd3TestSupport
import Etcd3Transport
import Testing

@testable import Etcd3

extension FaultScenarios {
    /// The client's keep-alive PINGs against etcd's `--grpc-keepalive-min-time` enforcement.
    @Suite("Keep-alive PINGs within the server's ping policy", .faultScenarioTimeLimit)
    struct ConnectionKeepAlivePings {
        /// There is no watch API yet: a raw Watch stream is opened through the client's own
        /// connection pool, and reopened on the next connection whenever the server closes it.
        /// The window is shortened from 60 s to 30 s: with the interval doubling per GOAWAY
        /// (1 s → 2 s → 4 s → 8 s) the server's strikes stop after the third GOAWAY (~22 s in);
        /// without doubling a GOAWAY would come every ~4 s (7 in 30 s).
        @Test("(a) 1 s PINGs with a stream open: the interval doubles, ≤ 2 more GOAWAYs")
        func tooManyPings() async throws {
            try await withEtcdCluster(members: 1, profile: .default) { cluster in
                let (logger, log) = CapturingLogHandler.logger()
                var configuration = clientConfiguration(for: cluster, endpoints: cluster.clientEndpoints)
                configuration.keepAlive.interval = .seconds(1)
                configuration.keepAlive.timeout = .seconds(5)
                configuration.logger = logger
                try await withEtcd3Client(configuration: configuration) { client in
                    let start = ContinuousClock.now
                    let window = Duration.seconds(30)
                    var streams = 0
                    while ContinuousClock.now - start < window {
                        let (connection, _) = try await client.core.pool.acquire(deadline: .now + .seconds(5))
                        let stream: GRPCStream
                        do {
                            stream = try await connection.openStream(
                                path: Etcdserverpb.Watch.watch.path, metadata: [], timeout: nil)
                        } catch {
                            // The connection went away between acquire and open: take the next one.
                            try await Task.sleep(for: .milliseconds(50))
                            continue
                        }
                        streams += 1
                        var create = Etcdserverpb.WatchCreateRequest()
                        create.key = Array("/s18/k".utf8)
                        try await stream.send(
                            Etcdserverpb.WatchRequest(requestUnion: .createRequest(create)).grpcFrame())
                        // Read until the server closes the stream, or the window ends.
                        let remaining = window - (ContinuousClock.now - start)
                        let reader = Task {
                            do {
                                for try await _ in stream.messages {}
                            } catch {}
                        }
                        let timer = Task {
                            try await Task.sleep(for: remaining)
                            stream.cancel()
                        }
                        await reader.value
                        timer.cancel()
                    }
                    let goAways = log.all.filter {
                        $0.1.contains("GOAWAY received") && $0.2["etcd.debug"]?.description == "too_many_pings"
                    }
                    let doublings = log.all.filter { $0.1.contains("too_many_pings") && $0.1.contains("doubling") }
                        .compactMap { $0.2["etcd.keepalive_interval"]?.description }
                    let times = goAways.map { ($0.0 - start).seconds }
                    print(
                        "keep-alive pings: \(streams) streams, \(goAways.count) GOAWAY too_many_pings at \(times) s, doublings \(doublings)"
                    )
                    #expect(goAways.count >= 1, "the server must have complained about 1 s PINGs")
                    #expect(goAways.count <= 3, "≤ 2 more GOAWAYs after the first")
                    // Logged once per GOAWAY'd connection, with a doubled interval each time.
                    #expect(doublings.count == goAways.count)
                    #expect(doublings.first == "\(Duration.seconds(2))")
                    if doublings.count >= 2 { #expect(doublings[1] == "\(Duration.seconds(4))") }
                }
            }
        }

        /// Shortened from 60 s to 20 s (allowed: 20–60 s).
        @Test("(b) an idle client sends 0 PINGs and gets 0 GOAWAYs")
        func idle() async throws {
            try await withEtcdCluster(members: 1, profile: .default) { cluster in
                let proxy = try EtcdFaultProxy(inFrontOf: cluster[0])
                defer { proxy.stop() }
                let (logger, log) = CapturingLogHandler.logger()
                var configuration = clientConfiguration(for: cluster, endpoints: [proxy.endpoint])
                configuration.keepAlive.interval = .seconds(1)
                configuration.logger = logger
                try await withEtcd3Client(configuration: configuration) { client in
                    try await client.put("/s18/idle", "x")
                    try await Task.sleep(for: .milliseconds(200))
                    let before = proxy.stats
                    let pingsBefore = log.count("PING sent")
                    try await Task.sleep(for: .seconds(20))
                    let after = proxy.stats
                    let pings = log.count("PING sent") - pingsBefore
                    let goAways = log.count("GOAWAY received")
                    print(
                        "keep-alive pings: idle 20 s: \(pings) PINGs, \(goAways) GOAWAYs, client bytes \(after.bytesReceivedFromClients - before.bytesReceivedFromClients), "
                            + "server bytes \(after.bytesReceivedFromServer - before.bytesReceivedFromServer), connections \(after.acceptedConnections)"
                    )
                    #expect(pings == 0)
                    #expect(goAways == 0)
                    #expect(after.bytesReceivedFromClients == before.bytesReceivedFromClients)
                    #expect(after.bytesReceivedFromServer == before.bytesReceivedFromServer)
                    #expect(after.acceptedConnections == 1)
                    // The connection is still usable.
                    try await client.put("/s18/idle", "y")
                    #expect(proxy.stats.acceptedConnections == 1)
                }
            }
        }
    }
}
