import Etcd3
import Etcd3TestSupport
import Glibc
import Testing

extension FaultScenarios {
    /// The TLS/mTLS negative matrix against one mTLS server, plus an `openssl s_server`
    /// that does not offer h2.
    @Suite("TLS and mTLS misconfigurations fail with typed errors", .faultScenarioTimeLimit)
    struct TLSNegative {
        static let connectTimeout = Duration.seconds(3)

        /// Creates a client and returns how creating it failed (nil when it connected).
        static func connectFailure(
            _ configuration: Etcd3Client.Configuration
        ) async -> (EtcdError?, Duration) {
            var configuration = configuration
            configuration.connectTimeout = connectTimeout
            let start = ContinuousClock.now
            do {
                let client = try await Etcd3Client(configuration: configuration)
                _ = try await client.get("/s25/probe")
                await client.close()
                return (nil, .now - start)
            } catch {
                return (error, .now - start)
            }
        }

        @Test("each misconfiguration fails with its own typed TLS error within the connect timeout")
        func matrix() async throws {
            try await withEtcdCluster(members: 1, tls: .mutual, profile: .fast) { cluster in
                let material = try #require(cluster.tlsMaterial)
                let good = clientConfiguration(for: cluster, endpoints: cluster.clientEndpoints)
                var results: [String: String] = [:]

                // IP SAN: 127.0.0.1 verifies.
                let (ok, okTime) = await Self.connectFailure(good)
                #expect(ok == nil, "\(ok.map { "\($0)" } ?? "")")
                results["ip-san"] = "ok in \(okTime)"

                var untrusted = good
                untrusted.tls?.trustRoots = .file(material.untrustedCA.certificatePath)
                let (e1, t1) = await Self.connectFailure(untrusted)
                #expect(e1?.code == .tls && e1?.tlsFailure == .verifyFailed, "\(String(describing: e1))")
                #expect(t1 <= Self.connectTimeout)
                results["untrusted-ca"] = "\(String(describing: e1?.tlsFailure)) in \(t1)"

                var wrongName = good
                wrongName.tls?.serverName = "wrong.invalid"
                let (e2, t2) = await Self.connectFailure(wrongName)
                #expect(e2?.code == .tls && e2?.tlsFailure == .hostnameMismatch, "\(String(describing: e2))")
                #expect(t2 <= Self.connectTimeout)
                results["name-mismatch"] = "\(String(describing: e2?.tlsFailure)) in \(t2)"

                var noCert = good
                noCert.tls?.certificateChain = nil
                noCert.tls?.privateKey = nil
                let (e3, t3) = await Self.connectFailure(noCert)
                #expect(e3?.code == .tls && e3?.tlsFailure == .peerRejectedCertificate, "\(String(describing: e3))")
                #expect(t3 <= Self.connectTimeout)
                results["no-client-cert"] = "\(String(describing: e3?.tlsFailure)) in \(t3)"

                var expired = good
                expired.tls?.certificateChain = .file(material.expiredClient.certificatePath)
                expired.tls?.privateKey = .file(material.expiredClient.keyPath)
                let (e4, t4) = await Self.connectFailure(expired)
                #expect(e4?.code == .tls && e4?.tlsFailure != nil, "\(String(describing: e4))")
                #expect(t4 <= Self.connectTimeout)
                results["expired-client-cert"] = "\(String(describing: e4?.tlsFailure)) in \(t4)"

                // A TLS server that does not speak h2, behind a proxy that counts connections.
                let openssl = try #require(ChildProcess.findInPath("openssl"))
                let stubPort = try freeLoopbackPort()
                let stub = try ChildProcess.spawn(
                    path: openssl,
                    arguments: [
                        "s_server", "-accept", "127.0.0.1:\(stubPort)", "-cert", material.server.certificatePath,
                        "-key", material.server.keyPath, "-quiet",
                    ],
                    outputFile: cluster.directory + "/s_server.log", dieWithParent: true)
                defer {
                    _ = stub.send(SIGKILL)
                }
                let proxy = try EtcdFaultProxy(targetPort: stubPort)
                defer { proxy.stop() }
                var noALPN = good
                noALPN.endpoints = [proxy.endpoint]
                for _ in 0..<100 where !isListening(port: stubPort) {  // until s_server listens
                    try await Task.sleep(for: .milliseconds(50))
                }
                let (e5, t5) = await Self.connectFailure(noALPN)
                #expect(e5?.code == .tls && e5?.tlsFailure == .alpnNotNegotiated, "\(String(describing: e5))")
                #expect(t5 <= Self.connectTimeout)
                results["no-h2-alpn"] = "\(String(describing: e5?.tlsFailure)) in \(t5)"

                // Retries back off: a client whose second endpoint is the h2-less server keeps
                // working through the first and dials the bad one at most about once per second.
                var mixed = good
                mixed.endpoints = [cluster[0].clientEndpoint, proxy.endpoint]
                let client = try await Etcd3Client(configuration: mixed)
                let before = proxy.stats.acceptedConnections
                let start = ContinuousClock.now
                var calls = 0
                var afterWarmUp: Int?
                while ContinuousClock.now - start < .seconds(7) {
                    if afterWarmUp == nil, ContinuousClock.now - start >= .seconds(2) {
                        afterWarmUp = proxy.stats.acceptedConnections
                    }
                    _ = try await client.get("/s25/k")
                    calls += 1
                    try await Task.sleep(for: .milliseconds(20))
                }
                let total = proxy.stats.acceptedConnections - before
                // The reconnect backoff starts at 100 ms and doubles (with jitter) up to 2 s: the
                // rate is judged once it has grown, over the last 5 s.
                let steady = proxy.stats.acceptedConnections - (afterWarmUp ?? before)
                await client.close()
                results["backoff"] = "\(total) connects to the bad endpoint in 7 s, \(steady) in the last 5 s, during \(calls) calls"
                print("TLS negative matrix: \(results.sorted { $0.key < $1.key })")
                #expect(calls > 100)
                #expect(steady <= 5, "≤ 1 attempt per second once backed off")
                #expect(total >= 2, "the bad endpoint is retried at all")
            }
        }
    }
}

/// A free TCP port on 127.0.0.1 (bound and released).
func freeLoopbackPort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw EtcdError(.unknown, "socket failed") }
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    let bound = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard bound == 0 else { throw EtcdError(.unknown, "bind failed") }
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
    }
    return Int(UInt16(bigEndian: address.sin_port))
}

/// Whether something accepts TCP connections on 127.0.0.1:`port`.
func isListening(port: Int) -> Bool {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { return false }
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = UInt16(port).bigEndian
    return withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    } == 0
}
