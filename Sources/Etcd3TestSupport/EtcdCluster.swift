import Foundation
import Synchronization

/// Real etcd servers on free loopback ports, for tests.
///
/// A cluster has one or more members (``EtcdMember``), each an etcd process started by this library
/// with its own client, peer and metrics port and a data directory under the system's temporary
/// folder. ``stop()`` kills the processes and deletes the directory; if the test process dies, the
/// kernel kills the servers (they run under a parent-death signal).
///
/// Prefer the scoped form, which always stops the cluster:
///
/// ```swift
/// try await withEtcdCluster(members: 3, tls: .mutual, profile: .fast) { cluster in
///     let endpoints = cluster.clientEndpoints            // ["127.0.0.1:16211", …]
///     let tls = cluster.tlsMaterial!                     // CA, client cert and key paths
///     let leader = try await cluster.waitForLeader()
///     await cluster.members[leader].kill()
///     let next = try await cluster.waitForLeader(timeout: .seconds(3))
///     try await cluster.members[leader].restart()
/// }
/// ```
///
/// `GET /health` on each member's plaintext metrics port decides readiness: ``start(_:)`` returns
/// once every member reports `"health":"true"`, which also means a leader exists.
public final class EtcdCluster: Sendable {
    /// The members, in start order (`m0`, `m1`, …), including members added with ``prepareMember()``.
    public var members: [EtcdMember] { memberList.withLock { $0 } }

    private let memberList: Mutex<[EtcdMember]>
    private let launchSettings: EtcdMember.Launch
    /// The server binary every member runs.
    public let binary: EtcdBinary
    /// Whether and how client URLs use TLS.
    public let tls: EtcdTLSMode
    /// The certificates the members serve, when TLS is on. Their files live until ``stop()`` if the
    /// cluster generated them.
    public let tlsMaterial: EtcdTLSMaterial?
    /// The timing profile.
    public let profile: EtcdServerProfile
    /// The cluster's directory under the system's temporary folder; removed by ``stop()``.
    public let directory: String
    /// The `--initial-cluster` value, e.g. `"m0=http://127.0.0.1:16301,m1=…"`.
    public let initialCluster: String

    private let stopped = Mutex(false)

    // MARK: Starting

    /// Starts a cluster and waits until every member is healthy.
    ///
    /// - Parameters:
    ///   - members: The number of members (3 for fault tests).
    ///   - binary: The etcd binary; `nil` means ``EtcdBinary/default()``.
    ///   - tls: Plaintext, TLS or mTLS client URLs; material is generated with `openssl`.
    ///   - profile: ``EtcdServerProfile/default`` or ``EtcdServerProfile/fast``.
    ///   - extraArguments: More flags for every member, appended last.
    /// - Returns: The running cluster. Call ``stop()`` when done, or use
    ///   ``withEtcdCluster(members:binary:tls:profile:extraArguments:isolation:_:)``.
    /// - Throws: ``EtcdTestSupportError``: `binaryNotFound`, `startTimedOut` or `processExited` (with
    ///   the tail of the failing member's log).
    public static func start(
        members: Int = 1,
        binary: EtcdBinary? = nil,
        tls: EtcdTLSMode = .disabled,
        profile: EtcdServerProfile = .default,
        extraArguments: [String] = []
    ) async throws(EtcdTestSupportError) -> EtcdCluster {
        try await start(
            Configuration(members: members, binary: binary, tls: tls, profile: profile, extraArguments: extraArguments)
        )
    }

    /// Starts a cluster from a full configuration and waits until every member is healthy.
    ///
    /// If a member fails because one of its ports was taken meanwhile by another process, the whole
    /// cluster is started again on new ports (twice at most).
    ///
    /// - Parameter configuration: What to start.
    /// - Returns: The running cluster.
    /// - Throws: ``EtcdTestSupportError``, see ``start(members:binary:tls:profile:extraArguments:)``.
    public static func start(_ configuration: Configuration) async throws(EtcdTestSupportError) -> EtcdCluster {
        guard configuration.members >= 1 else {
            throw EtcdTestSupportError(.invalidArgument, "a cluster needs at least one member")
        }
        let binary: EtcdBinary
        if let given = configuration.binary {
            binary = given
        } else {
            binary = try EtcdBinary.default()
        }
        if let missing = binary.missingReason { throw EtcdTestSupportError(.binaryNotFound, missing) }
        var attempt = 0
        while true {
            attempt += 1
            // Creating it runs `openssl` for TLS material: seconds on a loaded machine.
            let cluster = try await runOffCooperativePool { () throws(EtcdTestSupportError) in
                try EtcdCluster(configuration, binary: binary)
            }
            do {
                try await cluster.launch(timeout: configuration.startTimeout)
                return cluster
            } catch {
                let portTaken = cluster.members.contains { $0.logTail(lines: 50).contains("address already in use") }
                await cluster.stop()
                if !portTaken || attempt >= 3 { throw error }
            }
        }
    }

    private init(_ configuration: Configuration, binary: EtcdBinary) throws(EtcdTestSupportError) {
        let directory = try makeTemporaryDirectory(prefix: "etcd3-test")
        do throws(EtcdTestSupportError) {
            var material = configuration.tlsMaterial
            if configuration.tls.usesTLS && material == nil {
                let tlsDirectory = "\(directory)/tls"
                try createDirectory(tlsDirectory)
                material = try EtcdTLSMaterial.generate(in: tlsDirectory)
            }
            var ports = [(client: Int, peer: Int, metrics: Int)]()
            for _ in 0..<configuration.members {
                ports.append((try PortAllocator.allocate(), try PortAllocator.allocate(), try PortAllocator.allocate()))
            }
            let initialCluster = ports.enumerated().map { "m\($0.offset)=http://127.0.0.1:\($0.element.peer)" }
                .joined(separator: ",")
            var common = [
                "--initial-cluster-token", "etcd3-test-\(UInt32.random(in: 0...UInt32.max))",
                "--logger", "zap",
                "--log-outputs", "stderr",
                "--log-level", configuration.logLevel,
            ]
            if configuration.tls.usesTLS, let material {
                let served = configuration.serverCertificate ?? material.server
                common += ["--cert-file", served.certificatePath, "--key-file", served.keyPath]
                if configuration.tls.requiresClientCertificate {
                    common += ["--trusted-ca-file", material.ca.certificatePath, "--client-cert-auth"]
                }
            }
            common += configuration.profile.arguments + configuration.extraArguments
            let launch = EtcdMember.Launch(binary: binary, commonArguments: common)
            var members = [EtcdMember]()
            for (index, port) in ports.enumerated() {
                let memberDirectory = "\(directory)/m\(index)"
                try createDirectory(memberDirectory)
                members.append(
                    EtcdMember(
                        index: index,
                        clientPort: port.client,
                        peerPort: port.peer,
                        metricsPort: port.metrics,
                        directory: memberDirectory,
                        usesTLS: configuration.tls.usesTLS,
                        launch: launch,
                        initialCluster: initialCluster
                    )
                )
            }
            self.memberList = Mutex(members)
            self.launchSettings = launch
            self.binary = binary
            self.tls = configuration.tls
            self.tlsMaterial = material
            self.profile = configuration.profile
            self.directory = directory
            self.initialCluster = initialCluster
        } catch {
            try? FileManager.default.removeItem(atPath: directory)
            throw error
        }
    }

    private func launch(timeout: Duration) async throws(EtcdTestSupportError) {
        for member in members {
            try member.start(initialClusterState: "new")
        }
        let result = await withTaskGroup(of: EtcdTestSupportError?.self) { group in
            for member in members {
                group.addTask {
                    do throws(EtcdTestSupportError) {
                        try await member.waitUntilHealthy(timeout: timeout)
                        return nil
                    } catch {
                        return error
                    }
                }
            }
            var first: EtcdTestSupportError?
            for await failure in group where first == nil {
                first = failure
            }
            return first
        }
        if let result { throw result }
    }

    deinit {
        if !stopped.withLock({ $0 }) {
            let processes = members.compactMap { $0.killNow() }
            for process in processes { _ = process.waitForExitBlocking(timeout: .seconds(5)) }
            try? FileManager.default.removeItem(atPath: directory)
        }
    }

    // MARK: Stopping

    /// Kills every member (SIGKILL) and deletes the cluster's directory, TLS material included when the
    /// cluster generated it. Safe to call more than once.
    public func stop() async {
        let processes = members.compactMap { $0.killNow() }
        for process in processes { _ = await process.waitForExit(timeout: .seconds(10)) }
        stopped.withLock { $0 = true }
        try? FileManager.default.removeItem(atPath: directory)
    }

    // MARK: Addresses

    /// Whether client URLs use TLS.
    public var usesTLS: Bool { tls.usesTLS }

    /// `"127.0.0.1:<port>"` per member, without a scheme.
    public var clientEndpoints: [String] { members.map(\.clientEndpoint) }

    /// `"http://127.0.0.1:<port>"` or `"https://…"` per member.
    public var clientURLs: [String] { members.map(\.clientURL) }

    /// `"http://127.0.0.1:<peer port>"` per member.
    public var peerURLs: [String] { members.map(\.peerURL) }

    /// The member at `index`.
    ///
    /// - Parameter index: A position in ``members``.
    public subscript(index: Int) -> EtcdMember { members[index] }

    // MARK: Leaders and metrics

    /// The index of the member that reports itself leader, if exactly one running, unpaused member does.
    ///
    /// - Returns: The leader's index, or `nil` during an election or a split view.
    public func leaderIndex() async -> Int? {
        var leaders = [Int]()
        for member in members where member.isRunning && !member.isPaused {
            if (try? await member.isLeader(timeout: .milliseconds(500))) == true { leaders.append(member.index) }
        }
        return leaders.count == 1 ? leaders[0] : nil
    }

    /// Waits until exactly one running, unpaused member reports itself leader and every other running,
    /// unpaused member reports having a leader.
    ///
    /// - Parameter timeout: The longest wait; `nil` means the profile's ``EtcdServerProfile/newLeaderBudget``
    ///   (5 s, or 3 s for the fast profile).
    /// - Returns: The leader's index.
    /// - Throws: ``EtcdTestSupportError`` with code `timedOut`.
    public func waitForLeader(timeout: Duration? = nil) async throws(EtcdTestSupportError) -> Int {
        let limit = timeout ?? profile.newLeaderBudget
        let clock = ContinuousClock()
        let deadline = clock.now + limit
        while true {
            if let leader = await agreedLeader() { return leader }
            if clock.now >= deadline || Task.isCancelled {
                throw EtcdTestSupportError(.timedOut, "no leader agreed on within \(limit)")
            }
            try? await Task.sleep(for: .milliseconds(20))
        }
    }

    private func agreedLeader() async -> Int? {
        var leaders = [Int]()
        for member in members where member.isRunning && !member.isPaused {
            guard let metrics = try? await member.metrics(timeout: .milliseconds(500)) else { return nil }
            if metrics["etcd_server_is_leader"] == 1 { leaders.append(member.index) }
            if metrics["etcd_server_has_leader"] != 1 { return nil }
        }
        return leaders.count == 1 ? leaders[0] : nil
    }

    // MARK: Membership changes

    /// Creates a new member with fresh ports and directory, without starting it, for membership tests.
    ///
    /// Add it to the cluster through the client API first (`MemberAdd` with
    /// ``EtcdMember/peerURL``, as a learner or a voter), then start it with
    /// ``EtcdMember/join(initialCluster:waitUntilHealthy:timeout:)``. Its `--initial-cluster` defaults to
    /// the cluster's members so far plus itself. It appears in ``members`` at once and is stopped with
    /// the cluster.
    ///
    /// - Returns: The new member, named `m<index>`.
    /// - Throws: ``EtcdTestSupportError`` if no port or directory can be had.
    public func prepareMember() throws(EtcdTestSupportError) -> EtcdMember {
        let client = try PortAllocator.allocate()
        let peer = try PortAllocator.allocate()
        let metrics = try PortAllocator.allocate()
        return try memberList.withLock { (list: inout [EtcdMember]) throws(EtcdTestSupportError) -> EtcdMember in
            let index = list.count
            let memberDirectory = "\(directory)/m\(index)"
            try createDirectory(memberDirectory)
            let initial = (list.map { "\($0.name)=\($0.peerURL)" } + ["m\(index)=http://127.0.0.1:\(peer)"])
                .joined(separator: ",")
            let member = EtcdMember(
                index: index,
                clientPort: client,
                peerPort: peer,
                metricsPort: metrics,
                directory: memberDirectory,
                usesTLS: tls.usesTLS,
                launch: launchSettings,
                initialCluster: initial
            )
            list.append(member)
            return member
        }
    }

    /// Starts one proxy in front of each member's client port, in member order.
    ///
    /// - Parameter seed: Seeds each proxy's jitter generator (member index added).
    /// - Returns: The proxies; stop them when done.
    /// - Throws: ``EtcdTestSupportError`` if a proxy cannot listen.
    public func makeProxies(seed: UInt64 = 0x5EED) throws(EtcdTestSupportError) -> [EtcdFaultProxy] {
        var proxies = [EtcdFaultProxy]()
        do throws(EtcdTestSupportError) {
            for member in members {
                proxies.append(try EtcdFaultProxy(inFrontOf: member, seed: seed &+ UInt64(member.index)))
            }
        } catch {
            for proxy in proxies { proxy.stop() }
            throw error
        }
        return proxies
    }

    /// Reads and parses `/metrics` of one member. See ``EtcdMember/metrics(timeout:)``.
    ///
    /// - Parameter member: The member's index.
    /// - Returns: Series names (with labels) and values.
    /// - Throws: ``EtcdTestSupportError`` if the member does not answer.
    public func metrics(member: Int) async throws(EtcdTestSupportError) -> [String: Double] {
        guard members.indices.contains(member) else {
            throw EtcdTestSupportError(.invalidArgument, "no member \(member) in a cluster of \(members.count)")
        }
        return try await members[member].metrics()
    }
}

/// Starts a cluster, runs `body` with it, and stops the cluster however `body` ends.
///
/// ```swift
/// try await withEtcdCluster(members: 3, profile: .fast) { cluster in
///     let leader = try await cluster.waitForLeader()
///     await cluster[leader].kill()
/// }
/// ```
///
/// - Parameters:
///   - members: The number of members.
///   - binary: The etcd binary; `nil` means ``EtcdBinary/default()``.
///   - tls: Plaintext, TLS or mTLS client URLs.
///   - profile: The timing profile.
///   - extraArguments: More flags for every member.
///   - isolation: The caller's actor, inherited.
///   - body: The test, given the running cluster.
/// - Returns: What `body` returns.
/// - Throws: What starting the cluster or `body` throws.
public func withEtcdCluster<Result>(
    members: Int = 1,
    binary: EtcdBinary? = nil,
    tls: EtcdTLSMode = .disabled,
    profile: EtcdServerProfile = .default,
    extraArguments: [String] = [],
    isolation: isolated (any Actor)? = #isolation,
    _ body: (EtcdCluster) async throws -> sending Result
) async throws -> sending Result {
    try await withEtcdCluster(
        EtcdCluster.Configuration(
            members: members,
            binary: binary,
            tls: tls,
            profile: profile,
            extraArguments: extraArguments
        ),
        isolation: isolation,
        body
    )
}

/// Starts a cluster from a full configuration, runs `body`, and stops the cluster however `body` ends.
///
/// - Parameters:
///   - configuration: What to start.
///   - isolation: The caller's actor, inherited.
///   - body: The test, given the running cluster.
/// - Returns: What `body` returns.
/// - Throws: What starting the cluster or `body` throws.
public func withEtcdCluster<Result>(
    _ configuration: EtcdCluster.Configuration,
    isolation: isolated (any Actor)? = #isolation,
    _ body: (EtcdCluster) async throws -> sending Result
) async throws -> sending Result {
    let cluster = try await EtcdCluster.start(configuration)
    do {
        let result = try await body(cluster)
        await cluster.stop()
        return result
    } catch {
        await cluster.stop()
        throw error
    }
}

func createDirectory(_ path: String) throws(EtcdTestSupportError) {
    do {
        try FileManager.default.createDirectory(
            atPath: path,
            withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o700]
        )
    } catch {
        throw EtcdTestSupportError(.commandFailed, "cannot create \(path): \(error)")
    }
}
