import Etcd3
import Etcd3TestSupport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

private let reportVariable = "ETCD3_TEST_OUT_OF_FDS_REPORT"

@Suite("Client creation when the process is out of resources", .timeLimit(.minutes(3)))
struct ResourceExhaustionTests {
    /// Runs this test binary again as a child that lowers its descriptor limit to the
    /// descriptors it already has open and then creates a client: the client's initializer
    /// must throw a typed error (the child writes it to a file), not stop the process.
    @Test("a client created without a free file descriptor throws resourceExhausted instead of crashing")
    func outOfFileDescriptorsIsATypedError() async throws {
        if let report = ProcessInfo.processInfo.environment[reportVariable] {
            try await createClientWithoutFreeDescriptor(report: report)
            return
        }
        let report = NSTemporaryDirectory() + "etcd3-out-of-fds-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: report) }
        let child = try ChildProcess.rerunTests(
            matching: "outOfFileDescriptorsIsATypedError", adding: [reportVariable: report])
        let exited = await child.waitForExit(timeout: .seconds(60))
        if !exited { child.send(SIGKILL) }
        try #require(exited, "the child test process did not finish within 60 s")
        let status = try #require(child.exitStatus)
        #expect(status & 0x7f == 0, "the child was killed by signal \(status & 0x7f) (a trap)")
        let outcome = (try? String(contentsOfFile: report, encoding: .utf8)) ?? "(no report)"
        #expect(outcome.hasPrefix("resourceExhausted:"), "\(outcome)")
        #expect(outcome.contains("eventfd"), "\(outcome)")
    }
}

/// Child mode: with `RLIMIT_NOFILE` at the lowest free descriptor number, the next descriptor
/// the process asks for (the client's eventfd) fails with `EMFILE`.
private func createClientWithoutFreeDescriptor(report: String) async throws {
    let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
    var saved = rlimit()
    getrlimit(resource, &saved)
    var lowestFree: Int32 = 0
    while fcntl(lowestFree, F_GETFD) != -1 { lowestFree += 1 }
    var lowered = saved
    lowered.rlim_cur = rlim_t(lowestFree)
    setrlimit(resource, &lowered)
    var outcome: String
    do throws(EtcdError) {
        let client = try await Etcd3Client(endpoints: ["127.0.0.1:9"])
        await client.close()
        outcome = "created a client"
    } catch {
        outcome = "\(error.code): \(error.message)"
    }
    setrlimit(resource, &saved)
    try outcome.write(toFile: report, atomically: true, encoding: .utf8)
}
