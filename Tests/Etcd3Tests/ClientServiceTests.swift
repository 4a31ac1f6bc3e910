import Etcd3
import Etcd3TestSupport
import Foundation
import Testing

/// The process's threads and file descriptors, from /proc.
struct ProcessCounts: Equatable, CustomStringConvertible {
    let threads: Int
    let fds: Int

    static func now() -> ProcessCounts {
        let threads = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task").count) ?? -1
        // The listing itself holds one descriptor.
        let fds = ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count) ?? 0) - 1
        return ProcessCounts(threads: threads, fds: fds)
    }

    /// Whether every count is at most `baseline`'s.
    func isWithin(_ baseline: ProcessCounts) -> Bool {
        threads <= baseline.threads && fds <= baseline.fds
    }

    var description: String { "threads=\(threads) fds=\(fds)" }
}

@Suite("A client owned by run(): graceful shutdown, cancellation, ServiceGroup and signals", .timeLimit(.minutes(3)), .serialized)
struct ClientServiceTests {
    @Test(
        "cancelling run()'s task closes the client within the grace period, and revokes its scoped lease",
        arguments: ServerUnderTest.plaintext)
    func cancellingRunClosesTheClient(server: ServerUnderTest) async throws {
        let cluster = try await server.cluster()
        let observer = try await Etcd3Client(configuration: ServerUnderTest.configuration(for: cluster))
        defer { Task { await observer.close() } }
        var configuration = ServerUnderTest.configuration(for: cluster)
        configuration.shutdownGracePeriod = .seconds(2)
        let key: EtcdBytes = "/run-cancel/\(UInt64.random(in: 0...UInt64.max))"
        try await Task.sleep(for: .milliseconds(200))
        let baseline = ProcessCounts.now()
        let lease = GrantedLeaseID()
        var shutdown = Duration.zero
        do {
            let client = try await Etcd3Client(configuration: configuration)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await client.run() }
                group.addTask {
                    try await client.withLease(ttl: .seconds(60)) { grant in
                        try await client.put(key, "v", lease: grant.id)
                        lease.withLock { $0 = grant.id }
                        try await Task.sleep(for: .seconds(60))
                    }
                }
                _ = try await GrantedLeaseID.waitForAll([lease])
                let start = ContinuousClock.now
                group.cancelAll()
                while let result = await group.nextResult() { _ = result }
                shutdown = ContinuousClock.now - start
            }
            #expect(shutdown < configuration.shutdownGracePeriod + .seconds(2), "run() took \(shutdown) to return")
            await expectError(.closed) { _ = try await client.get(key) }
        }
        let id = try #require(lease.withLock { $0 })
        let remaining = try await observer.leaseTimeToLive(id)
        #expect(remaining == nil, "the scoped lease \(id) is still on the server: \(String(describing: remaining))")
        #expect(try await observer.get(key) == nil)

        // Threads and descriptors are process-wide, and other suites open clients meanwhile, so
        // they are only printed here; the ServiceGroup test counts them in a process of its own.
        print("run() cancelled: shut down in \(shutdown); before the client \(baseline), after \(ProcessCounts.now())")
    }

    @Test(
        "a graceful shutdown lets a call in flight finish and refuses a new one",
        arguments: ServerUnderTest.plaintext)
    func gracefulShutdownLetsCallsInFlightFinish(server: ServerUnderTest) async throws {
        try await withEtcdCluster(members: 1, binary: server.binary) { cluster in
            let proxy = try EtcdFaultProxy(inFrontOf: cluster[0])
            defer { proxy.stop() }
            var configuration = ServerUnderTest.configuration(for: cluster, endpoints: [proxy.endpoint])
            configuration.keepAlive.interval = nil
            configuration.shutdownGracePeriod = .seconds(5)
            let client = try await Etcd3Client(configuration: configuration)
            try await client.put("/graceful/k", "v")
            let running = Task { try await client.run() }
            proxy.delay(.serverToClient, by: .seconds(1))
            let slow = Task { try await client.get("/graceful/k") }
            try await Task.sleep(for: .milliseconds(300))
            let start = ContinuousClock.now
            running.cancel()
            try await Task.sleep(for: .milliseconds(100))
            let refusedAt = ContinuousClock.now
            await expectError(.closed) { _ = try await client.get("/graceful/k") }
            let refusal = ContinuousClock.now - refusedAt
            let value = try await waitFor(slow, within: .seconds(5), "the call in flight")
            #expect(value?.value == "v")
            try await waitFor(running, within: .seconds(6), "run() to return after the call in flight")
            let shutdown = ContinuousClock.now - start
            print("graceful shutdown: new call refused in \(refusal), in-flight read finished, run() returned \(shutdown) after cancel")
            #expect(refusal < .milliseconds(100))
            #expect(shutdown < .seconds(3))
            await expectError(.closed) { _ = try await client.get("/graceful/k") }
        }
    }

    @Test(
        "a ServiceGroup shut down gracefully on SIGTERM or cancelled on SIGINT: exit 0, the registration's lease revoked at once, no I/O thread, socket or descriptor left",
        arguments: ServerUnderTest.plaintext, [SIGTERM, SIGINT])
    func serviceGroupShutsDownOnSignal(server: ServerUnderTest, signal: Int32) async throws {
        let signalName = signal == SIGTERM ? "SIGTERM" : "SIGINT"
        let cluster = try await server.cluster()
        let observer = try await Etcd3Client(configuration: ServerUnderTest.configuration(for: cluster))
        defer { Task { await observer.close() } }
        // The test bundle and the executables are built into the same products directory.
        let bundle = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        let path = URL(fileURLWithPath: bundle).deletingLastPathComponent().appendingPathComponent("etcd3-service").path
        try #require(
            FileManager.default.isExecutableFile(atPath: path), "\(path) is missing: build it first (swift build --build-tests)")
        let key = "/service-group/\(UInt64.random(in: 0...UInt64.max))"
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("etcd3-service-\(UUID()).out")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: output) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["--endpoint", cluster.clientEndpoints[0], "--key", key]
        process.standardOutput = try FileHandle(forWritingTo: output)
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        func text() -> String { (try? String(contentsOf: output, encoding: .utf8)) ?? "" }

        var deadline = ContinuousClock.now + .seconds(10)
        while !text().contains("ready") {
            try #require(process.isRunning, "etcd3-service exited before it was ready: \(text())")
            try #require(ContinuousClock.now < deadline, "etcd3-service did not print ready within 10 s: \(text())")
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(try await observer.get(EtcdBytes(key))?.value == "up")

        let start = ContinuousClock.now
        kill(process.processIdentifier, signal)
        deadline = start + .seconds(10)
        while process.isRunning {
            try #require(ContinuousClock.now < deadline, "etcd3-service did not exit within 10 s of \(signalName): \(text())")
            try await Task.sleep(for: .milliseconds(20))
        }
        let exited = ContinuousClock.now - start
        #expect(process.terminationReason == .exit && process.terminationStatus == 0, "\(text())")
        // Revoked, not expired: the lease's TTL is 30 s.
        #expect(try await observer.get(EtcdBytes(key)) == nil)
        let lines = text().split(separator: "\n")
        let baseline = try #require(lines.first { $0.hasPrefix("baseline ") }, "no counts printed: \(text())")
        let stopped = try #require(lines.first { $0.hasPrefix("stopped ") }, "no counts printed: \(text())")
        print("etcd3-service: exited \(exited) after \(signalName); \(lines.joined(separator: "; "))")
        func count(_ name: String, _ line: Substring) -> Int? {
            line.split(separator: " ").first { $0.hasPrefix("\(name)=") }.flatMap { Int($0.dropFirst(name.count + 1)) }
        }
        let ready = try #require(lines.first { $0.hasPrefix("ready ") }, "no counts printed: \(text())")
        // The client ran an I/O thread and held sockets while it ran ...
        #expect(count("io-threads", ready) == 1, "\(ready)")
        #expect((count("sockets", ready) ?? 0) > (count("sockets", baseline) ?? 0), "\(baseline), then \(ready)")
        // ... and none is left once run() returned: the sockets the process inherited stay, the
        // client's are closed, its I/O thread (with its eventfd) has exited, and its tasks were
        // children of run()'s task group, which ended before run() returned.
        #expect(count("io-threads", stopped) == 0, "\(stopped)")
        #expect(count("sockets", stopped) != nil && count("sockets", stopped) == count("sockets", baseline), "\(baseline), then \(stopped)")
        // No descriptor opened since the baseline (taken once the Swift runtime had opened its
        // own event loop's) is left open, but for the timerfds that Dispatch opens on first use
        // of each clock (the client opens none: its only descriptors are sockets and the I/O
        // thread's eventfd).
        let opened = try #require(lines.first { $0.hasPrefix("opened-since-baseline") }, "\(text())")
        let left = opened.dropFirst("opened-since-baseline".count).split(separator: ",").map {
            $0.trimmingCharacters(in: .whitespaces)
        }.filter { !$0.isEmpty && $0 != "anon_inode:[timerfd]" }
        #expect(left.isEmpty, "still open: \(opened)")
        #expect(exited < .seconds(10))
    }
}
