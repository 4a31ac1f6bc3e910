import Etcd3
import Etcd3TestSupport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Set in the child run: `endpoint|lock name|report file`.
private let holderVariable = "ETCD3_LOCK_HOLDER_CHILD"

extension FaultScenarios {
    /// A lock holder's process dies by SIGKILL: its lock goes with its session's lease.
    @Suite("Lock holder crash", .faultScenarioTimeLimit)
    struct HolderCrash {
        static let ttl = Duration.seconds(3)

        /// Runs this test binary again as a child that takes the lock and holds it until it is
        /// SIGKILLed; a waiter in this process must get the lock within the TTL (+ 1 s).
        @Test("a SIGKILLed holder's lock passes to the next waiter ≤ TTL + 1 s later")
        func holderKilled() async throws {
            if let spec = ProcessInfo.processInfo.environment[holderVariable] {
                try await holdUntilKilled(spec)
                return
            }
            try await withEtcdCluster(members: 1, profile: .fast) { cluster in
                let configuration = clientConfiguration(for: cluster, endpoints: cluster.clientEndpoints)
                try await withEtcd3Client(configuration: configuration) { client in
                    let name = "/holder-crash/\(UInt64.random(in: 0...UInt64.max))"
                    let report = NSTemporaryDirectory() + "etcd3-holder-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
                    defer { try? FileManager.default.removeItem(atPath: report) }
                    var environment = ProcessInfo.processInfo.environment
                    environment[holderVariable] = "\(cluster[0].clientEndpoint)|\(name)|\(report)"
                    let child = try ChildProcess.spawn(
                        path: try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"),
                        arguments: ["--testing-library", "swift-testing", "--filter", "holderKilled"],
                        outputFile: report + ".log",
                        dieWithParent: true,
                        environment: environment)
                    defer {
                        child.send(SIGKILL)
                        try? FileManager.default.removeItem(atPath: report + ".log")
                    }
                    // The child reports its fence once it holds the lock.
                    var childFence: Int64?
                    let deadline = ContinuousClock.now + .seconds(60)
                    while childFence == nil, ContinuousClock.now < deadline, child.isRunning {
                        childFence = (try? String(contentsOfFile: report, encoding: .utf8)).flatMap { Int64($0) }
                        if childFence == nil { try await Task.sleep(for: .milliseconds(50)) }
                    }
                    let fence = try #require(
                        childFence,
                        "the child did not take the lock: \((try? String(contentsOfFile: report + ".log", encoding: .utf8)) ?? "")")

                    let session = try await client.session(ttl: .seconds(10))
                    let acquiredAt = Locked<ContinuousClock.Instant?>(nil)
                    let waiter = Task {
                        let lock = try await client.lock(EtcdBytes(name), session: session, timeout: .seconds(30))
                        acquiredAt.withLock { $0 = .now }
                        return lock
                    }
                    try await Task.sleep(for: .milliseconds(500))
                    #expect(acquiredAt.withLock { $0 } == nil, "the waiter got the lock while the child held it")
                    let killedAt = ContinuousClock.now
                    child.send(SIGKILL)
                    let lock = try await waiter.value
                    let handover = try #require(acquiredAt.withLock { $0 }) - killedAt
                    #expect(await child.waitForExit(timeout: .seconds(5)))
                    print(
                        "Holder crash: child held fence \(fence); next waiter held fence \(lock.fence) \(handover) after the SIGKILL (TTL \(Self.ttl))"
                    )
                    #expect(lock.fence > fence)
                    #expect(handover <= Self.ttl + .seconds(1))
                    try await lock.release()
                    await session.close()
                }
            }
        }

        /// Child mode: take the lock with a session of TTL ``ttl``, report the fence, wait to be
        /// killed.
        private func holdUntilKilled(_ spec: String) async throws {
            let parts = spec.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            try #require(parts.count == 3)
            let client = try await Etcd3Client(configuration: Etcd3Client.Configuration(endpoints: [parts[0]]))
            let session = try await client.session(ttl: Self.ttl)
            let lock = try await client.lock(EtcdBytes(parts[1]), session: session, timeout: .seconds(20))
            try "\(lock.fence)".write(toFile: parts[2], atomically: true, encoding: .utf8)
            try await Task.sleep(for: .seconds(120))
            Issue.record("the child was not killed")
        }
    }
}
