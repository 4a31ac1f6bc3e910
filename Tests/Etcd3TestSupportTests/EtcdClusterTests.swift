import Etcd3TestSupport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Every etcd series the project supports; the tests run once per binary, and fail for a series
/// that is not installed.
let installedBinaries = EtcdBinary.required

/// Whether a process with this PID exists and is not a zombie.
func processExists(_ pid: Int32) -> Bool {
    guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return false }
    return !status.contains("State:\tZ")
}

@Suite("etcd servers and clusters", .serialized, .timeLimit(.minutes(3)))
struct EtcdClusterTests {
    @Test("binaries are found and report their series")
    func binaries() throws {
        #expect(installedBinaries.map(\.version) == [.v3_4, .v3_5])
        for binary in installedBinaries {
            try #require(binary.missingReason == nil, "\(binary.missingReason ?? "")")
            #expect(binary.fullVersion.hasPrefix(binary.version.description + "."))
            #expect(try EtcdBinary.find(binary.version) == binary)
        }
    }

    @Test("a single node starts, is healthy and leader, and leaves nothing behind", arguments: installedBinaries)
    func singleNode(binary: EtcdBinary) async throws {
        let cluster = try await EtcdCluster.start(binary: binary)
        let member = cluster.members[0]
        let pid = try #require(member.processID)
        #expect(await member.isHealthy())
        #expect(try await cluster.waitForLeader() == 0)
        #expect(cluster.clientEndpoints == ["127.0.0.1:\(member.clientPort)"])
        #expect(cluster.clientURLs[0].hasPrefix("http://"))
        #expect(FileManager.default.fileExists(atPath: member.dataDirectory))
        let metrics = try await cluster.metrics(member: 0)
        #expect(metrics["etcd_debugging_mvcc_watcher_total"] == 0)
        await cluster.stop()
        #expect(!processExists(pid))
        #expect(!member.isRunning)
        #expect(!FileManager.default.fileExists(atPath: cluster.directory))
    }

    @Test("servers inherit no descriptor of the test process")
    func noInheritedDescriptors() async throws {
        var fds: [Int32] = [-1, -1]
        #expect(pipe(&fds) == 0)  // deliberately without close-on-exec
        defer {
            close(fds[0])
            close(fds[1])
        }
        let ours = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\(fds[0])")
        #expect(ours.hasPrefix("pipe:"))
        try await withEtcdCluster { cluster in
            let pid = try #require(cluster[0].processID)
            let theirs = try FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd").compactMap {
                try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/fd/\($0)")
            }
            #expect(!theirs.isEmpty)
            #expect(!theirs.contains(ours), "\(theirs)")
        }
    }

    @Test("a TLS node serves its certificate on the client port", arguments: installedBinaries)
    func tlsNode(binary: EtcdBinary) async throws {
        try await withEtcdCluster(binary: binary, tls: .mutual) { cluster in
            let tls = try #require(cluster.tlsMaterial)
            #expect(cluster.usesTLS)
            #expect(cluster.clientURLs[0].hasPrefix("https://"))
            let output = try opensslClient(
                port: cluster.members[0].clientPort,
                arguments: [
                    "-CAfile", tls.ca.certificatePath, "-cert", tls.client.certificatePath,
                    "-key", tls.client.keyPath, "-verify_ip", "127.0.0.1", "-verify_return_error", "-alpn", "h2",
                ]
            )
            #expect(output.contains("Verify return code: 0 (ok)"), "\(output)")
            #expect(output.contains("ALPN protocol: h2"), "\(output)")
            // The plaintext metrics port stays available for probes.
            #expect(await cluster[0].isHealthy())
        }
    }

    @Test(
        "mutual TLS requires a client certificate; server-only TLS does not",
        arguments: [EtcdTLSMode.mutual, .serverOnly]
    )
    func clientCertificates(mode: EtcdTLSMode) async throws {
        try await withEtcdCluster(tls: mode) { cluster in
            let tls = try #require(cluster.tlsMaterial)
            let port = cluster[0].clientPort
            let common = ["-CAfile", tls.ca.certificatePath, "-verify_return_error", "-quiet", "-ign_eof"]
            let withCertificate = try opensslClient(
                port: port,
                arguments: common + ["-cert", tls.client.certificatePath, "-key", tls.client.keyPath],
                input: "GET /health HTTP/1.0\r\n\r\n"
            )
            #expect(withCertificate.contains("\"health\":\"true\""), "\(withCertificate)")
            let withoutCertificate = try opensslClient(
                port: port,
                arguments: common,
                input: "GET /health HTTP/1.0\r\n\r\n"
            )
            #expect(
                withoutCertificate.contains("\"health\":\"true\"") == !mode.requiresClientCertificate,
                "\(withoutCertificate)"
            )
        }
    }

    @Test("a cluster can serve the wrong-name or the untrusted certificate")
    func negativeServerCertificates() async throws {
        let tls = try EtcdTLSMaterial.generate()
        defer { tls.remove() }
        for (certificate, failure) in [
            (tls.wrongNameServer, "IP address mismatch"),
            (tls.untrustedServer, "unable to get local issuer certificate"),
        ] {
            var configuration = EtcdCluster.Configuration(tls: .serverOnly)
            configuration.tlsMaterial = tls
            configuration.serverCertificate = certificate
            try await withEtcdCluster(configuration) { cluster in
                let output = try opensslClient(
                    port: cluster[0].clientPort,
                    arguments: ["-CAfile", tls.ca.certificatePath, "-verify_ip", "127.0.0.1"]
                )
                #expect(output.contains(failure), "\(output)")
            }
            #expect(FileManager.default.fileExists(atPath: tls.ca.certificatePath), "given material is kept")
        }
    }

    @Test("generated TLS material: chain, names, expiry")
    func tlsMaterial() throws {
        let tls = try EtcdTLSMaterial.generate(clientCommonName: "alice")
        defer { tls.remove() }
        func verify(_ certificate: EtcdCertificateFiles, ca: EtcdCertificateFiles, _ extra: [String] = []) throws -> String {
            try runOpenSSL(["verify", "-CAfile", ca.certificatePath] + extra + [certificate.certificatePath])
        }
        #expect(try verify(tls.server, ca: tls.ca, ["-verify_ip", "127.0.0.1"]).contains(": OK"))
        #expect(try verify(tls.server, ca: tls.ca, ["-verify_hostname", "localhost"]).contains(": OK"))
        #expect(try verify(tls.client, ca: tls.ca).contains(": OK"))
        #expect(try verify(tls.expiredClient, ca: tls.ca).contains("expired"))
        #expect(!(try verify(tls.wrongNameServer, ca: tls.ca, ["-verify_ip", "127.0.0.1"]).contains(": OK")))
        #expect(!(try verify(tls.untrustedServer, ca: tls.ca)).contains(": OK"))
        #expect(try verify(tls.untrustedServer, ca: tls.untrustedCA, ["-verify_ip", "127.0.0.1"]).contains(": OK"))
        #expect(try runOpenSSL(["x509", "-noout", "-subject", "-in", tls.client.certificatePath]).contains("alice"))
        #expect(tls.clientCommonName == "alice")
        #expect(String(decoding: tls.ca.certificatePEM, as: UTF8.self).hasPrefix("-----BEGIN CERTIFICATE-----"))
        let attributes = try FileManager.default.attributesOfItem(atPath: tls.client.keyPath)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
    }

    @Test("errors name the missing binary and versions parse")
    func binaryErrors() throws {
        let error = #expect(throws: EtcdTestSupportError.self) { _ = try EtcdBinary(path: "/nonexistent/etcd") }
        #expect(error?.code == .binaryNotFound)
        #expect(EtcdVersion("3.4.23") == .v3_4)
        #expect(EtcdVersion("3.5") == .v3_5)
        #expect(EtcdVersion("x") == nil)
        #expect(EtcdVersion.v3_4 < .v3_5)
        #expect(EtcdBinary.environmentVariable(for: .v3_5) == "ETCD3_TEST_ETCD35")
    }

    @Test("metrics keep label sets in their keys")
    func metricsWithLabels() async throws {
        try await withEtcdCluster { cluster in
            let metrics = try await cluster.metrics(member: 0)
            let version = cluster.binary.fullVersion
            #expect(
                metrics["etcd_server_version{server_version=\"\(version)\"}"] == 1,
                "\(metrics.keys.filter { $0.contains("version") })"
            )
            #expect(metrics["etcd_server_has_leader"] == 1)
            #expect(await cluster.leaderIndex() == 0)
        }
    }
}

/// Runs `openssl` with `arguments` and returns its combined output.
///
/// Spawned like the servers (nothing of this process is inherited), so a parallel test's sockets
/// never live on in an `openssl` child.
func runOpenSSL(_ arguments: [String], input: String? = nil) throws -> String {
    let openssl = try #require(ChildProcess.findInPath("openssl"))
    var inputFile: String?
    if let input {
        let path = NSTemporaryDirectory() + "etcd3-openssl-input-\(UInt32.random(in: 0...UInt32.max))"
        try input.write(toFile: path, atomically: true, encoding: .utf8)
        inputFile = path
    }
    defer { if let inputFile { try? FileManager.default.removeItem(atPath: inputFile) } }
    return try ChildProcess.run(openssl, arguments, input: inputFile ?? "/dev/null", timeout: .seconds(20)).output
}

/// Runs `openssl s_client` against 127.0.0.1:`port` and returns its output.
func opensslClient(port: Int, arguments: [String], input: String? = nil) throws -> String {
    try runOpenSSL(["s_client", "-connect", "127.0.0.1:\(port)"] + arguments, input: input)
}
