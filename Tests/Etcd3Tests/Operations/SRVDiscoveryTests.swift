import Etcd3
import Etcd3TestSupport
import Foundation
import Testing

@Suite("DNS SRV discovery against a real DNS server", .timeLimit(.minutes(3)))
struct SRVDiscoveryTests {
    static let zone = "etcd3.test"

    @Test("SRV records lead the client to a real etcd, plaintext and TLS", arguments: ServerUnderTest.all)
    func connects(server: ServerUnderTest) async throws {
        let cluster = try await server.cluster()
        let record = server.tls ? "_etcd-client-ssl._tcp.\(Self.zone)" : "_etcd-client._tcp.\(Self.zone)"
        // The TLS record is served too for the plaintext client (and the other way round): the
        // client must ask for the one that matches its TLS setting.
        let other = server.tls ? "_etcd-client._tcp.\(Self.zone)" : "_etcd-client-ssl._tcp.\(Self.zone)"
        let dns = try await EtcdDNSServer(
            zone: Self.zone,
            srv: [
                .init(name: record, target: "localhost", port: cluster[0].clientPort),
                .init(name: other, target: "localhost", port: 1),
            ])
        defer { dns.stop() }
        var configuration = ServerUnderTest.configuration(for: cluster, endpoints: [])
        configuration.discoverySRV = .init(domain: Self.zone, nameservers: [dns.address], timeout: .seconds(2))
        let started = ContinuousClock.now
        try await withEtcd3Client(configuration: configuration) { client in
            let connected = ContinuousClock.now - started
            let key = EtcdBytes("/srv-discovery/\(UUID().uuidString)")
            try await client.put(key, "found")
            let value = try await client.get(key)?.value
            print("SRV discovery (\(server)): \(record) → \(client.endpoints), connected in \(connected)")
            #expect(value == "found")
            #expect(client.endpoints == ["\(server.tls ? "https" : "http")://localhost:\(cluster[0].clientPort)"])
            try await client.delete(key)
        }
    }

    @Test(
        "a client made with init(startingInRun:) looks the SRV records up when run() starts; a failed lookup ends run() with discoveryFailed",
        arguments: ServerUnderTest.plaintext)
    func lookedUpWhenRunStarts(server: ServerUnderTest) async throws {
        let cluster = try await server.cluster()
        let record = "_etcd-client._tcp.\(Self.zone)"
        let dns = try await EtcdDNSServer(zone: Self.zone, srv: [.init(name: record, target: "localhost", port: cluster[0].clientPort)])
        defer { dns.stop() }
        var configuration = ServerUnderTest.configuration(for: cluster, endpoints: [])
        configuration.discoverySRV = .init(domain: Self.zone, nameservers: [dns.address], timeout: .seconds(2))
        let client = try Etcd3Client(startingInRun: configuration)
        #expect(client.endpoints.isEmpty)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await client.run() }
            let key = EtcdBytes("/srv-discovery-run/\(UUID().uuidString)")
            try await client.put(key, "found")
            #expect(try await client.get(key)?.value == "found")
            #expect(client.endpoints == ["http://localhost:\(cluster[0].clientPort)"])
            try await client.delete(key)
            await client.close()
            try await group.waitForAll()
        }

        var missing = Etcd3Client.Configuration(endpoints: [])
        missing.discoverySRV = .init(domain: "missing.\(Self.zone)", nameservers: [dns.address], timeout: .seconds(2))
        let failing = try Etcd3Client(startingInRun: missing)
        let error = await #expect(throws: EtcdError.self) { try await failing.run() }
        #expect(error?.code == .discoveryFailed, "\(String(describing: error))")
        await expectError(.closed) { _ = try await failing.get("/k") }
    }

    @Test("a name without SRV records and a name that does not exist fail with discoveryFailed at once")
    func emptyAndMissing() async throws {
        let dns = try await EtcdDNSServer(zone: Self.zone, srv: [], emptyNames: ["_etcd-client._tcp.empty.\(Self.zone)"])
        defer { dns.stop() }
        for (domain, expected) in [("empty.\(Self.zone)", "no SRV record"), ("missing.\(Self.zone)", "NXDOMAIN")] {
            var configuration = Etcd3Client.Configuration(endpoints: [])
            configuration.discoverySRV = .init(domain: domain, nameservers: [dns.address], timeout: .seconds(5))
            let started = ContinuousClock.now
            let error = await #expect(throws: EtcdError.self) { _ = try await Etcd3Client(configuration: configuration) }
            let elapsed = ContinuousClock.now - started
            print("SRV discovery of \(domain): \(String(describing: error)) after \(elapsed)")
            #expect(error?.code == .discoveryFailed)
            #expect(error?.message.contains(expected) == true, "\(String(describing: error))")
            // At once: an answer, not the lookup's timeout.
            #expect(elapsed < .seconds(2.5))
        }
    }

    @Test("a DNS server that refuses or never answers fails with discoveryFailed within the lookup timeout")
    func unreachable() async throws {
        // A port where nothing listens (ICMP port unreachable), and a socket that reads and never answers.
        let silent = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        defer { close(silent) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(silent, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(silent, $0, &length) }
        }
        let silentPort = Int(UInt16(bigEndian: address.sin_port))
        let closedPort = try #require(Int(silentPort == 65535 ? 65534 : silentPort + 1))
        for (server, what) in [("127.0.0.1:\(closedPort)", "refused"), ("127.0.0.1:\(silentPort)", "silent")] {
            var configuration = Etcd3Client.Configuration(endpoints: [])
            configuration.discoverySRV = .init(domain: Self.zone, nameservers: [server], timeout: .seconds(1))
            let started = ContinuousClock.now
            let error = await #expect(throws: EtcdError.self) { _ = try await Etcd3Client(configuration: configuration) }
            let elapsed = ContinuousClock.now - started
            print("SRV discovery with a \(what) DNS server: \(String(describing: error)) after \(elapsed)")
            #expect(error?.code == .discoveryFailed)
            #expect(error?.message.contains("no DNS server answered") == true)
            #expect(elapsed < .seconds(3))
        }
    }

    @Test("with auto-sync, the SRV records are resolved again each round", arguments: ServerUnderTest.plaintext)
    func resolvedAgain(server: ServerUnderTest) async throws {
        try await withEtcdCluster(members: 3, binary: server.binary, profile: .fast) { cluster in
            _ = try await cluster.waitForLeader()
            let name = "_etcd-client._tcp.\(Self.zone)"
            let first = try await EtcdDNSServer(zone: Self.zone, srv: [.init(name: name, target: "127.0.0.1", port: cluster[0].clientPort)])
            var configuration = ServerUnderTest.configuration(for: cluster, endpoints: [])
            configuration.discoverySRV = .init(domain: Self.zone, nameservers: [first.address], timeout: .seconds(1))
            configuration.autoSyncInterval = .seconds(1)
            try await withEtcd3Client(configuration: configuration) { client in
                #expect(client.endpoints == ["http://127.0.0.1:\(cluster[0].clientPort)"])
                // The records change: members 2 and 3 replace member 1.
                first.stop()
                let second = try await EtcdDNSServer(
                    zone: Self.zone,
                    srv: [
                        .init(name: name, target: "127.0.0.1", port: cluster[1].clientPort, priority: 0),
                        .init(name: name, target: "127.0.0.1", port: cluster[2].clientPort, priority: 1),
                    ],
                    port: first.port)
                defer { second.stop() }
                let changed = ContinuousClock.now
                let wanted = [cluster[1].clientPort, cluster[2].clientPort].map { "http://127.0.0.1:\($0)" }
                while client.endpoints != wanted {
                    guard ContinuousClock.now - changed < .seconds(5) else {
                        Issue.record("the endpoints stayed \(client.endpoints)")
                        return
                    }
                    try await Task.sleep(for: .milliseconds(20))
                }
                print(
                    "SRV re-resolved by auto-sync (\(server)): endpoints \(client.endpoints) \(ContinuousClock.now - changed) after the records changed"
                )
                try await client.put("/srv-resync", "ok")
            }
        }
    }
}
