import Etcd3
import Etcd3TestSupport
import Foundation
import Testing

extension FaultScenarios {
    /// A client with two endpoints: one already connected, and one whose name takes 3 s to
    /// resolve (a slow DNS answer, injected where `getaddrinfo` runs). While calls keep making
    /// the client dial the slow one, a lease with a 2 s TTL is kept alive on the connected one.
    @Suite("A slow name resolution never stalls the I/O thread", .faultScenarioTimeLimit)
    struct SlowNameResolution {
        @Test(
            "a 2 s lease survives 3 s resolutions: 0 losses, reads on the connected endpoint stay fast",
            arguments: ServerUnderTest.plaintext)
        func leaseSurvivesSlowResolution(server: ServerUnderTest) async throws {
            let cluster = try await server.cluster()
            let port = cluster[0].clientPort
            let slowHost = "slow-dns.etcd3.test"
            let resolutions = Locked((started: 0, finished: 0))
            var configuration = ServerUnderTest.configuration(for: cluster, endpoints: ["127.0.0.1:\(port)", "\(slowHost):\(port)"])
            configuration.connectTimeout = .seconds(2)  // a dial gives up before its resolution ends, and dials again
            configuration.resolutionHook = { host in
                guard host == slowHost else { return host }
                resolutions.withLock { $0.started += 1 }
                usleep(3_000_000)  // blocks the resolving thread, as a slow DNS server would
                resolutions.withLock { $0.finished += 1 }
                return "127.0.0.1"
            }
            try await withEtcd3Client(configuration: configuration) { client in
                let lease = try await KeptAliveLease.start(client, ttl: .seconds(2))
                let key = EtcdBytes("/slow-resolution/\(UUID().uuidString)")
                try await client.put(key, "v", lease: lease.grant.id)
                // Reads for 7 s: each time round robin comes to the slow endpoint, the client
                // dials it (its name resolves in 3 s) and the read goes to the connected one.
                var reads = 0
                var slowest = Duration.zero
                let end = ContinuousClock.now + .seconds(7)
                while ContinuousClock.now < end {
                    let started = ContinuousClock.now
                    _ = try await client.get(key)
                    slowest = max(slowest, ContinuousClock.now - started)
                    reads += 1
                    try await Task.sleep(for: .milliseconds(20))
                }
                let alive = try await client.leaseTimeToLive(lease.grant.id)
                let loss = try await lease.stop()
                let counts = resolutions.withLock { $0 }
                print(
                    "slow name resolution (\(server)): \(counts.started) resolutions of 3 s started, "
                        + "\(counts.finished) finished; 2 s lease: \(loss == nil ? 0 : 1) losses, "
                        + "TTL left at the end \(String(describing: alive?.remaining)); \(reads) reads, slowest \(slowest)")
                #expect(counts.started >= 1, "the slow endpoint was never dialled")
                #expect(loss == nil, "the lease was lost: \(String(describing: loss))")
                #expect(alive != nil, "the lease is gone on the server")
                #expect(slowest < .seconds(1))
                try await client.delete(key)
            }
        }
    }
}
