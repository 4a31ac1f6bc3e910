import Etcd3TestSupport
import Foundation
import Synchronization
import Testing

#if canImport(Glibc)
    import Glibc
#endif

private let childVariable = "ETCD3_TEST_SUPPORT_CRASH_CHILD"

@Suite("servers never outlive the test process", .timeLimit(.minutes(3)))
struct ParentDeathTests {
    /// Runs this test binary again as a child that starts a cluster and dies by SIGKILL; its etcd
    /// processes must be gone shortly after.
    @Test("a SIGKILLed test process takes its etcd servers with it")
    func serversDieWithTestProcess() async throws {
        if let file = ProcessInfo.processInfo.environment[childVariable] {
            // Child mode: start servers from a concurrency-pool thread, report, and crash.
            let cluster = try await EtcdCluster.start(members: 2)
            let pids = cluster.members.compactMap(\.processID).map(String.init).joined(separator: " ")
            try "\(pids)\n\(cluster.directory)\n".write(toFile: file, atomically: true, encoding: .utf8)
            kill(getpid(), SIGKILL)
            return
        }
        let executable = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        let report = NSTemporaryDirectory() + "etcd3-crash-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: report) }
        var environment = ProcessInfo.processInfo.environment
        environment[childVariable] = report
        let child = try ChildProcess.spawn(
            path: executable,
            arguments: ["--testing-library", "swift-testing", "--filter", "serversDieWithTestProcess"],
            outputFile: "/dev/null",
            dieWithParent: false,
            environment: environment
        )
        let exited = await child.waitForExit(timeout: .seconds(40))
        try #require(exited, "the child test process did not finish")
        let status = try #require(child.exitStatus)
        #expect(status & 0x7f == SIGKILL, "wait status \(status)")
        let lines = try String(contentsOfFile: report, encoding: .utf8).split(separator: "\n")
        try #require(lines.count == 2)
        let pids = lines[0].split(separator: " ").compactMap { Int32($0) }
        #expect(pids.count == 2)
        for pid in pids {
            #expect(await eventually(timeout: .seconds(5)) { !processExists(pid) }, "etcd \(pid) outlived its parent")
        }
        // A crashed process cannot clean up its directory; do it here.
        try? FileManager.default.removeItem(atPath: String(lines[1]))
    }

    /// Linux sends the parent-death signal when the spawning *thread* ends. Servers are spawned from a
    /// thread that never ends, so a short-lived caller thread must not take them down.
    @Test("a server started from a thread that then exits keeps running")
    func callerThreadExitDoesNotKill() async throws {
        let sleep = try #require(ChildProcess.findInPath("sleep"))
        final class Box: @unchecked Sendable {
            var path = ""
            var child: ChildProcess?
        }
        let box = Box()
        box.path = sleep
        // A plain pthread, joined, so it has certainly ended before the check.
        var thread = pthread_t()
        let rc = pthread_create(
            &thread,
            nil,
            { argument in
                let box = Unmanaged<Box>.fromOpaque(argument!).takeUnretainedValue()
                box.child = try? ChildProcess.spawn(
                    path: box.path,
                    arguments: ["30"],
                    outputFile: "/dev/null",
                    dieWithParent: true
                )
                // Stay until the wrapper has set the death signal and executed `sleep`, so this thread's
                // end comes after it: a signal tied to this thread would then fire.
                if let pid = box.child?.pid {
                    for _ in 0..<2_000 {
                        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/exe")) ?? ""
                        if exe.hasSuffix("/sleep") { break }
                        usleep(1_000)
                    }
                }
                return nil
            },
            Unmanaged.passUnretained(box).toOpaque()
        )
        try #require(rc == 0)
        pthread_join(thread, nil)
        let child = try #require(box.child)
        defer { child.send(SIGKILL) }
        // A death signal tied to the ended thread would arrive at once.
        try await Task.sleep(for: .milliseconds(300))
        #expect(child.isRunning)
        child.send(SIGKILL)
        #expect(await child.waitForExit(timeout: .seconds(5)))
    }
}
