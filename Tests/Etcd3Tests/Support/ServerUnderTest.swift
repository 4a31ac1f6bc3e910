import Etcd3
import Etcd3TestSupport
import Foundation
import Synchronization

/// One kind of server the integration tests run against: an etcd version, plaintext or TLS.
///
/// Servers are started once per test process and shared by every test of that kind; each test
/// works under its own random key namespace, so tests can run in parallel.
struct ServerUnderTest: Sendable, CustomStringConvertible {
    var binary: EtcdBinary
    var tls: Bool

    var description: String { "etcd \(binary.fullVersion)\(tls ? " TLS" : "")" }

    /// Every etcd version the project supports, plaintext and TLS. A version that is not
    /// installed is still listed, so its cases fail, saying how to install it, rather than
    /// vanish from the run.
    static var all: [ServerUnderTest] {
        EtcdBinary.required.flatMap { [ServerUnderTest(binary: $0, tls: false), ServerUnderTest(binary: $0, tls: true)] }
    }

    /// Every etcd version the project supports, plaintext only (missing ones included, as in
    /// ``all``).
    static var plaintext: [ServerUnderTest] {
        EtcdBinary.required.map { ServerUnderTest(binary: $0, tls: false) }
    }

    /// The shared server of this kind, started on first use.
    func cluster() async throws -> EtcdCluster {
        try await SharedServers.shared.cluster(for: self)
    }

    /// A client configuration for `cluster`, with TLS set up when the cluster uses it.
    static func configuration(for cluster: EtcdCluster, endpoints: [String]? = nil) -> Etcd3Client.Configuration {
        var configuration = Etcd3Client.Configuration(endpoints: endpoints ?? cluster.clientEndpoints)
        if cluster.usesTLS, let material = cluster.tlsMaterial {
            configuration.tls = Etcd3Client.TLS(
                trustRoots: .file(material.ca.certificatePath),
                certificateChain: .file(material.client.certificatePath),
                privateKey: .file(material.client.keyPath))
        }
        configuration.requestTimeout = .seconds(20)
        return configuration
    }

    /// Runs `body` with a client connected to the shared server and a fresh key namespace.
    ///
    /// - Parameter dedicated: start a server for this test alone, for tests that change
    ///   server-wide state (compaction, quotas) and for defragmentation, which crashes etcd
    ///   3.5.0 and 3.5.1 while another test's watcher catches up.
    func withClient(
        dedicated: Bool = false,
        configure: (inout Etcd3Client.Configuration) -> Void = { _ in },
        _ body: (Etcd3Client, EtcdBytes) async throws -> Void
    ) async throws {
        if dedicated {
            try await withEtcdCluster(members: 1, binary: binary, tls: tls ? .mutual : .disabled) { cluster in
                try await Self.run(cluster: cluster, configure: configure, body)
            }
        } else {
            try await Self.run(cluster: try await cluster(), configure: configure, body)
        }
    }

    private static func run(
        cluster: EtcdCluster,
        configure: (inout Etcd3Client.Configuration) -> Void,
        _ body: (Etcd3Client, EtcdBytes) async throws -> Void
    ) async throws {
        var configuration = Self.configuration(for: cluster)
        configure(&configuration)
        let client = try await Etcd3Client(configuration: configuration)
        let namespace = EtcdBytes("/test/\(UInt64.random(in: 0...UInt64.max))/")
        do {
            try await body(client, namespace)
            await client.close()
        } catch {
            await client.close()
            throw error
        }
    }
}

/// The servers shared by a test process. They live until the process exits (Etcd3TestSupport
/// kills them then, and the exit handler removes their directories).
actor SharedServers {
    static let shared = SharedServers()
    private var clusters: [String: Task<EtcdCluster, any Error>] = [:]
    private var restarts: [String: Task<Void, any Error>] = [:]

    func cluster(for server: ServerUnderTest) async throws -> EtcdCluster {
        let key = server.description
        if let task = clusters[key] {
            let cluster = try await task.value
            try await restartIfGone(cluster, key: key)
            return cluster
        }
        let task = Task<EtcdCluster, any Error> {
            let cluster = try await EtcdCluster.start(
                members: 1, binary: server.binary, tls: server.tls ? .mutual : .disabled)
            registerForRemovalAtExit(cluster.directory)
            return cluster
        }
        clusters[key] = task
        return try await task.value
    }

    /// A shared server that died (it should not: the run then says why, from its log) is
    /// started again on its ports and data, so one loss does not fail every later test of its
    /// kind. Concurrent callers wait for the same restart.
    private func restartIfGone(_ cluster: EtcdCluster, key: String) async throws {
        if let restart = restarts[key] {
            try await restart.value
            return
        }
        guard !cluster[0].isRunning else { return }
        let log = (try? String(contentsOfFile: cluster[0].logPath, encoding: .utf8)) ?? "(no log)"
        // A Go panic or fatal error prints its reason first, then every goroutine's stack.
        let reason =
            log.range(of: "\npanic: ") ?? log.range(of: "\nfatal error: ") ?? log.range(of: #"\nSIG[A-Z]+: "#, options: .regularExpression)
        let cause = reason.map { String(log[$0.lowerBound...].prefix(3_000)) } ?? "(no panic, fatal error or signal in the log)"
        print(
            "the shared server \(key) was gone; its log says:\n\(cause)\n… and ends with:\n\(log.suffix(2_000))\nrestarting it")
        let restart = Task { try await cluster[0].restart() }
        restarts[key] = restart
        defer { restarts[key] = nil }
        try await restart.value
    }
}

private let directoriesToRemove = Mutex<[String]>([])

private func registerForRemovalAtExit(_ directory: String) {
    let first = directoriesToRemove.withLock { list in
        list.append(directory)
        return list.count == 1
    }
    if first {
        atexit {
            for directory in directoriesToRemove.withLock({ $0 }) {
                // The servers die with this process (their death signal); their directories
                // are ours to remove.
                try? FileManager.default.removeItem(atPath: directory)
            }
        }
    }
}
