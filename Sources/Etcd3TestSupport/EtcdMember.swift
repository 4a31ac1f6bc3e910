import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// One etcd server process of an ``EtcdCluster``, with its fixed ports and data directory.
///
/// The ports and the directory stay the same for the member's whole life, so ``restart(waitUntilHealthy:timeout:)``
/// brings back the same member. Faults act on the process this member started, and only on it:
///
/// | Method | Signal | Effect |
/// |---|---|---|
/// | ``kill()`` | SIGKILL | crash: no leadership transfer, connections reset or closed by the kernel |
/// | ``terminate(timeout:)`` | SIGTERM | graceful stop: a leader hands leadership over first |
/// | ``pause()`` / ``resume()`` | SIGSTOP / SIGCONT | the process freezes; TCP stays open and unanswered |
///
/// Every member also listens on a plaintext metrics URL (``metricsPort``) serving `/health` and
/// `/metrics`, whatever ``EtcdTLSMode`` the client URLs use.
public final class EtcdMember: Sendable, CustomStringConvertible {
    /// The position of this member in ``EtcdCluster/members``.
    public let index: Int
    /// The member name passed as `--name`, e.g. `"m0"`.
    public let name: String
    /// The client port on ``host``.
    public let clientPort: Int
    /// The peer (raft) port on ``peerHost``.
    public let peerPort: Int
    /// The plaintext metrics and health port on ``host``.
    public let metricsPort: Int
    /// The IPv4 address the client and metrics URLs listen on: `127.0.0.1`, or the member's
    /// client-link address with ``EtcdNetworkMode/namespaces``.
    public let host: String
    /// The IPv4 address the peer URL listens on: `127.0.0.1`, or the member's peer-link address
    /// with ``EtcdNetworkMode/namespaces``.
    public let peerHost: String
    /// The network namespace the server runs in, `nil` for this process's own.
    public let networkNamespace: String?
    /// The member's own directory; the data directory and the log file live in it.
    public let directory: String
    /// The data directory passed as `--data-dir`.
    public let dataDirectory: String
    /// The file that receives the server's stdout and stderr, appended across restarts.
    public let logPath: String
    /// Whether the client URL uses TLS.
    public let usesTLS: Bool

    private let launch: Launch

    struct Launch: Sendable {
        var binary: EtcdBinary
        var commonArguments: [String]
    }

    /// Where a member listens and which namespace it runs in.
    struct Placement: Sendable {
        var host = "127.0.0.1"
        var peerHost = "127.0.0.1"
        /// The namespace, and the command prefix that enters it (`ip netns exec <name>`).
        var namespace: (name: String, prefix: [String])? = nil
    }

    private let launchPrefix: [String]

    private struct State: Sendable {
        var initialCluster: String
        var process: ChildProcess?
        var isPaused = false
        var starts = 0
    }

    private let state: Mutex<State>

    init(
        index: Int,
        clientPort: Int,
        peerPort: Int,
        metricsPort: Int,
        directory: String,
        usesTLS: Bool,
        launch: Launch,
        initialCluster: String,
        placement: Placement = Placement()
    ) {
        self.state = Mutex(State(initialCluster: initialCluster))
        self.index = index
        self.name = "m\(index)"
        self.clientPort = clientPort
        self.peerPort = peerPort
        self.metricsPort = metricsPort
        self.directory = directory
        self.dataDirectory = "\(directory)/data"
        self.logPath = "\(directory)/etcd.log"
        self.usesTLS = usesTLS
        self.launch = launch
        self.host = placement.host
        self.peerHost = placement.peerHost
        self.networkNamespace = placement.namespace?.name
        self.launchPrefix = placement.namespace?.prefix ?? []
    }

    deinit {
        // A cluster that was never stopped still must not leave servers behind.
        if let process = state.withLock({ $0.process }) {
            process.send(SIGKILL)
            process.send(SIGCONT)
            _ = process.waitForExitBlocking(timeout: .seconds(5))
        }
    }

    // MARK: Addresses

    /// `"127.0.0.1:<client port>"` (``host``), without a scheme.
    public var clientEndpoint: String { "\(host):\(clientPort)" }
    /// `"http://127.0.0.1:<port>"` or `"https://127.0.0.1:<port>"`.
    public var clientURL: String { "\(usesTLS ? "https" : "http")://\(clientEndpoint)" }
    /// `"http://127.0.0.1:<peer port>"` (``peerHost``).
    public var peerURL: String { "http://\(peerHost):\(peerPort)" }
    /// `"http://127.0.0.1:<metrics port>"` (``host``); `/health` and `/metrics` live there.
    public var metricsURL: String { "http://\(host):\(metricsPort)" }

    /// `"m0 (127.0.0.1:40123)"`.
    public var description: String { "\(name) (\(clientEndpoint))" }

    // MARK: Process state

    /// The server's process id while it runs.
    public var processID: Int32? {
        state.withLock { state in
            guard let process = state.process, process.isRunning else { return nil }
            return process.pid
        }
    }

    /// Whether the server process exists (a paused process counts as running).
    public var isRunning: Bool { processID != nil }

    /// Whether the process was stopped with ``pause()`` and not resumed.
    public var isPaused: Bool { state.withLock { $0.isPaused } && isRunning }

    /// The server's exit status after it ended: the exit code, or 128 + signal number. `nil` while running
    /// or before the first start.
    public var exitStatus: Int32? {
        state.withLock { state in
            guard let status = state.process?.exitStatus else { return nil }
            return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        }
    }

    // MARK: Faults

    /// Kills the server with SIGKILL and waits until the process is gone.
    ///
    /// Does nothing if it is not running. A paused server is killed too.
    public func kill() async {
        guard let process = state.withLock({ $0.process }) else { return }
        process.send(SIGKILL)
        _ = await process.waitForExit(timeout: .seconds(10))
        state.withLock { $0.isPaused = false }
    }

    /// Stops the server with SIGTERM, as an operator would, and waits for it to exit.
    ///
    /// A paused server is resumed first so it can handle the signal. If it has not exited after
    /// `timeout`, it is killed with SIGKILL.
    ///
    /// - Parameter timeout: How long to wait for a graceful exit.
    /// - Returns: `true` if it exited on SIGTERM, `false` if it had to be killed or was not running.
    @discardableResult
    public func terminate(timeout: Duration = .seconds(10)) async -> Bool {
        guard let process = state.withLock({ $0.process }), process.isRunning else { return false }
        process.send(SIGTERM)
        process.send(SIGCONT)
        state.withLock { $0.isPaused = false }
        if await process.waitForExit(timeout: timeout) { return true }
        process.send(SIGKILL)
        _ = await process.waitForExit(timeout: .seconds(10))
        return false
    }

    /// Freezes the server with SIGSTOP. Its sockets stay open; nothing answers.
    ///
    /// - Throws: ``EtcdTestSupportError`` with code `processExited` if it is not running.
    public func pause() throws(EtcdTestSupportError) {
        let sent = state.withLock { state -> Bool in
            guard let process = state.process, process.send(SIGSTOP) else { return false }
            state.isPaused = true
            return true
        }
        guard sent else { throw EtcdTestSupportError(.processExited, "\(self) is not running") }
    }

    /// Continues a server frozen by ``pause()`` with SIGCONT.
    ///
    /// - Throws: ``EtcdTestSupportError`` with code `processExited` if it is not running.
    public func resume() throws(EtcdTestSupportError) {
        let sent = state.withLock { state -> Bool in
            guard let process = state.process, process.send(SIGCONT) else { return false }
            state.isPaused = false
            return true
        }
        guard sent else { throw EtcdTestSupportError(.processExited, "\(self) is not running") }
    }

    /// Starts the server again with the same name, ports and data directory and
    /// `--initial-cluster-state existing`.
    ///
    /// A running server is first stopped with ``terminate(timeout:)``.
    ///
    /// - Parameters:
    ///   - waitUntilHealthy: Whether to wait until `/health` reports true. Pass `false` when the member
    ///     cannot be healthy alone, e.g. while restarting two of three stopped members.
    ///   - timeout: How long to wait for health.
    /// - Throws: ``EtcdTestSupportError`` with code `startTimedOut` or `processExited` (with the log's tail).
    public func restart(
        waitUntilHealthy: Bool = true,
        timeout: Duration = .seconds(30)
    ) async throws(EtcdTestSupportError) {
        if isRunning { await terminate() }
        try start(initialClusterState: "existing")
        if waitUntilHealthy { try await self.waitUntilHealthy(timeout: timeout) }
    }

    /// Starts a member made by ``EtcdCluster/prepareMember()`` with `--initial-cluster-state existing`,
    /// after it was added through the client API (`MemberAdd`).
    ///
    /// - Parameters:
    ///   - initialCluster: The `--initial-cluster` value (`name=peerURL,…`, this member included);
    ///     `nil` keeps the one ``EtcdCluster/prepareMember()`` computed.
    ///   - waitUntilHealthy: Whether to wait for `/health`.
    ///   - timeout: How long to wait for health.
    /// - Throws: ``EtcdTestSupportError`` with code `processExited` or `startTimedOut` (with the log's tail).
    public func join(
        initialCluster: String? = nil,
        waitUntilHealthy: Bool = true,
        timeout: Duration = .seconds(30)
    ) async throws(EtcdTestSupportError) {
        if let initialCluster { state.withLock { $0.initialCluster = initialCluster } }
        if isRunning { await terminate() }
        try start(initialClusterState: "existing")
        if waitUntilHealthy { try await self.waitUntilHealthy(timeout: timeout) }
    }

    /// The `--initial-cluster` value this member starts with.
    public var initialCluster: String { state.withLock { $0.initialCluster } }

    // MARK: Health and metrics

    /// Whether `/health` on the metrics port answers `"health":"true"` within `timeout`.
    ///
    /// - Parameter timeout: How long one probe may take.
    /// - Returns: `false` for any failure, including a paused or stopped server.
    public func isHealthy(timeout: Duration = .seconds(1)) async -> Bool {
        guard let (status, body) = try? await HTTPProbe.get(host: host, port: metricsPort, path: "/health", timeout: timeout) else {
            return false
        }
        return status == 200 && body.replacingOccurrences(of: " ", with: "").contains("\"health\":\"true\"")
    }

    /// Polls `/health` until it is true.
    ///
    /// - Parameter timeout: The longest wait.
    /// - Throws: ``EtcdTestSupportError`` with code `processExited` if the server exits meanwhile, or
    ///   `startTimedOut`; both include the tail of the server's log.
    public func waitUntilHealthy(timeout: Duration = .seconds(30)) async throws(EtcdTestSupportError) {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        var pause = 10
        while true {
            guard isRunning else {
                throw EtcdTestSupportError(
                    .processExited,
                    "\(self) exited with status \(exitStatus.map(String.init) ?? "?") before it became healthy; "
                        + "log tail:\n\(logTail())"
                )
            }
            if await isHealthy(timeout: .milliseconds(1500)) { return }
            if clock.now >= deadline {
                throw EtcdTestSupportError(
                    .startTimedOut,
                    "\(self) not healthy after \(timeout) (\(launch.binary)); log tail:\n\(logTail())"
                )
            }
            if Task.isCancelled {
                throw EtcdTestSupportError(.timedOut, "waiting for \(self) to become healthy was cancelled")
            }
            try? await Task.sleep(for: .milliseconds(pause))
            pause = min(pause * 2, 100)
        }
    }

    /// Reads `/metrics` from the metrics port and parses it.
    ///
    /// Keys are series as written by the server, labels included, e.g. `"etcd_server_is_leader"` or
    /// `grpc_server_started_total{grpc_method="Watch",grpc_service="etcdserverpb.Watch",grpc_type="bidi_stream"}`.
    ///
    /// - Parameter timeout: How long the request may take.
    /// - Returns: Series names and values.
    /// - Throws: ``EtcdTestSupportError`` if the server does not answer.
    public func metrics(timeout: Duration = .seconds(2)) async throws(EtcdTestSupportError) -> [String: Double] {
        let (status, body) = try await HTTPProbe.get(host: host, port: metricsPort, path: "/metrics", timeout: timeout)
        guard status == 200 else {
            throw EtcdTestSupportError(.socket, "GET /metrics on \(self) answered HTTP \(status)")
        }
        return PrometheusText.parse(body)
    }

    /// Whether this member reports itself leader (`etcd_server_is_leader 1`).
    ///
    /// - Parameter timeout: How long the request may take.
    /// - Throws: ``EtcdTestSupportError`` if the server does not answer.
    public func isLeader(timeout: Duration = .seconds(1)) async throws(EtcdTestSupportError) -> Bool {
        try await metrics(timeout: timeout)["etcd_server_is_leader"] == 1
    }

    /// The last lines of the server's log.
    ///
    /// - Parameter lines: How many lines at most.
    /// - Returns: The text, possibly empty.
    public func logTail(lines: Int = 30) -> String {
        guard let data = FileManager.default.contents(atPath: logPath) else { return "" }
        let tail = data.suffix(64 * 1024)
        let text = String(decoding: tail, as: UTF8.self)
        return text.split(separator: "\n", omittingEmptySubsequences: false).suffix(lines).joined(separator: "\n")
    }

    // MARK: Internal

    /// The full argument list for one start.
    func arguments(initialClusterState: String) -> [String] {
        [
            "--name", name,
            "--data-dir", dataDirectory,
            "--listen-client-urls", clientURL,
            "--advertise-client-urls", clientURL,
            "--listen-peer-urls", peerURL,
            "--initial-advertise-peer-urls", peerURL,
            "--listen-metrics-urls", metricsURL,
            "--initial-cluster", state.withLock { $0.initialCluster },
            "--initial-cluster-state", initialClusterState,
        ] + launch.commonArguments
    }

    /// Spawns the server process.
    func start(initialClusterState: String) throws(EtcdTestSupportError) {
        let command = launchPrefix + [launch.binary.path] + arguments(initialClusterState: initialClusterState)
        let process = try ChildProcess.spawn(
            path: command[0],
            arguments: Array(command.dropFirst()),
            outputFile: logPath,
            dieWithParent: true
        )
        state.withLock {
            $0.process = process
            $0.isPaused = false
            $0.starts += 1
        }
    }

    /// SIGKILL without waiting, for teardown paths that then wait for all members together.
    func killNow() -> ChildProcess? {
        guard let process = state.withLock({ $0.process }) else { return nil }
        process.send(SIGKILL)
        process.send(SIGCONT)
        return process
    }
}
