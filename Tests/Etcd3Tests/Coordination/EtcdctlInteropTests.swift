import Etcd3
import Foundation
import Synchronization
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Locks and elections shared with `etcdctl lock` and `etcdctl elect` (etcd's Go
/// `concurrency` package): the same key layout on both sides.
@Suite("Locks and elections interoperate with etcdctl", .timeLimit(.minutes(3)))
struct EtcdctlInteropTests {
    @Test("etcdctl lock blocks tryLock; once etcdctl is terminated the lock is free", arguments: ServerUnderTest.plaintext)
    func etcdctlLockBlocksOurs(server: ServerUnderTest) async throws {
        try await Self.run(server) { client, name, run in
            let etcdctl = try run(["lock", "--ttl", "3", name.string!, "sleep", "30"])
            defer { etcdctl.kill() }
            try await expectEventually("etcdctl's lock key appears under \(name)/") {
                try await !client.getPrefix(name + "/").isEmpty
            }
            let session = try await client.session(ttl: .seconds(10))
            #expect(try await client.tryLock(name, session: session) == nil, "etcdctl: \(etcdctl.output)")

            etcdctl.terminate()
            try await expectEventually("the lock is acquirable after etcdctl ended") {
                guard let lock = try await client.tryLock(name, session: session) else { return false }
                try await lock.release()
                return true
            }
            await session.close()
        }
    }

    @Test("our lock holds etcdctl lock off until we release it", arguments: ServerUnderTest.plaintext)
    func ourLockBlocksEtcdctl(server: ServerUnderTest) async throws {
        try await Self.run(server) { client, name, run in
            let session = try await client.session(ttl: .seconds(10))
            let lock = try await client.lock(name, session: session)
            let etcdctl = try run(["lock", name.string!, "echo", "acquired"])
            defer { etcdctl.kill() }
            try await Task.sleep(for: .milliseconds(1500))
            #expect(!etcdctl.output.contains("acquired"), "etcdctl: \(etcdctl.output)")
            #expect(etcdctl.isRunning, "etcdctl ended early: \(etcdctl.output)")

            try await lock.release()
            try await expectEventually("etcdctl prints `acquired` after our release", timeout: .seconds(3)) {
                etcdctl.output.contains("acquired")
            }
            await session.close()
        }
    }

    @Test("the leader etcdctl elect set up is our electionService.leader", arguments: ServerUnderTest.plaintext)
    func etcdctlLeadsOurLeaderSeesIt(server: ServerUnderTest) async throws {
        try await Self.run(server) { client, name, run in
            let etcdctl = try run(["elect", name.string!, "proposal"])
            defer { etcdctl.kill() }
            try await expectEventually("etcdctl leads") {
                try await client.electionService.leader(name)?.value == "proposal"
            }
            let leader = try #require(try await client.electionService.leader(name))
            #expect(leader.key.string?.hasPrefix(name.string! + "/") == true)
            #expect(leader.lease != nil)
            // On SIGINT etcdctl resigns (once it has printed its leadership; before, the signal
            // interrupts its own read of the key and it exits without resigning).
            try await expectEventually("etcdctl prints its leadership") { etcdctl.output.contains("proposal") }
            await etcdctl.stop()
            try await expectEventually("etcdctl resigned") { try await client.electionService.leader(name) == nil }
        }
    }

    @Test("etcdctl elect -l observes the leader our campaign set up, and its proclaims", arguments: ServerUnderTest.plaintext)
    func etcdctlObservesOurCampaign(server: ServerUnderTest) async throws {
        try await Self.run(server) { client, name, run in
            let lease = try await client.grantLease(ttl: .seconds(10))
            let leader = try await client.electionService.campaign(name, value: "ours-1", lease: lease.id)
            let etcdctl = try run(["elect", "-l", name.string!])
            defer { etcdctl.kill() }
            try await expectEventually("etcdctl observes our leader") { etcdctl.output.contains("ours-1") }
            #expect(etcdctl.output.contains(leader.key.string!), "etcdctl: \(etcdctl.output)")
            try await client.electionService.proclaim(leader, value: "ours-2")
            try await expectEventually("etcdctl observes our proclaim") { etcdctl.output.contains("ours-2") }
            try await client.electionService.resign(leader)
            try await client.revokeLease(lease.id)
        }
    }

    /// Runs `body` with a client of the shared server of this kind, a fresh lock or election
    /// name (text, so etcdctl can take it), and a function that starts etcdctl on that server.
    static func run(
        _ server: ServerUnderTest,
        _ body: (Etcd3Client, EtcdBytes, _ etcdctl: ([String]) throws -> EtcdctlProcess) async throws -> Void
    ) async throws {
        let endpoint = try #require(try await server.cluster().clientEndpoints.first)
        try await server.withClient { client, ns in
            try await body(client, ns + "name") { arguments in try EtcdctlProcess(arguments, endpoint: endpoint) }
        }
    }
}

/// One `etcdctl` (API v3) child process, its standard output and error collected as they come.
/// The path is `/usr/bin/etcdctl` (Debian's `etcd-client`); a missing binary fails the test.
final class EtcdctlProcess: @unchecked Sendable {
    static let path = "/usr/bin/etcdctl"

    private let process = Process()
    private let collected = OutputCollector()

    /// Starts `etcdctl --endpoints <endpoint> <arguments>`.
    init(_ arguments: [String], endpoint: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        try #require(
            FileManager.default.isExecutableFile(atPath: Self.path),
            "etcdctl is missing at \(Self.path): install Debian's etcd-client (apt-get install -y etcd-client, or Scripts/install-prerequisites.sh)",
            sourceLocation: sourceLocation)
        process.executableURL = URL(fileURLWithPath: Self.path)
        process.arguments = ["--endpoints", endpoint] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["ETCDCTL_API"] = "3"
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        let collected = self.collected
        pipe.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if data.isEmpty {
                handle.readabilityHandler = nil
            } else {
                collected.append(String(decoding: data, as: UTF8.self))
            }
        }
        try process.run()
    }

    /// What the process (and the command it runs) printed so far.
    var output: String { collected.text }

    var isRunning: Bool { process.isRunning }

    /// Ends the command etcdctl runs (so etcdctl unlocks or resigns and exits by itself), then
    /// etcdctl with SIGINT, which it handles by unlocking or resigning.
    func terminate() {
        guard process.isRunning else { return }
        signalChildren(SIGKILL)
        Glibc.kill(process.processIdentifier, SIGINT)
    }

    /// Kills etcdctl and the command it runs, at once.
    func kill() {
        guard process.isRunning else { return }
        signalChildren(SIGKILL)
        Glibc.kill(process.processIdentifier, SIGKILL)
    }

    /// Signals the processes etcdctl started (from any of its threads).
    private func signalChildren(_ signal: Int32) {
        let tasks = "/proc/\(process.processIdentifier)/task"
        for thread in (try? FileManager.default.contentsOfDirectory(atPath: tasks)) ?? [] {
            guard let list = try? String(contentsOfFile: "\(tasks)/\(thread)/children", encoding: .utf8) else { continue }
            for child in list.split(whereSeparator: \.isWhitespace).compactMap({ Int32($0) }) {
                Glibc.kill(child, signal)
            }
        }
    }

    /// Ends etcdctl as ``terminate()`` does and waits up to `timeout` for it to exit, then kills it.
    func stop(timeout: Duration = .seconds(3)) async {
        terminate()
        let deadline = ContinuousClock.now + timeout
        while process.isRunning, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(50))
        }
        kill()
    }

    deinit { kill() }
}

private final class OutputCollector: Sendable {
    private let buffer = Mutex("")

    func append(_ text: String) { buffer.withLock { $0 += text } }

    var text: String { buffer.withLock { $0 } }
}
