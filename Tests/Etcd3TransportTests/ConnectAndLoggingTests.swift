import Etcd3Transport
import Foundation
import Logging
import Synchronization
import Testing

/// A listening socket that never accepts: TCP connects, HTTP/2 SETTINGS never come.
final class SilentListener: Sendable {
    let fd: Int32
    let port: Int

    init() {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.fd = fd
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        _ = listen(fd, 16)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit { close(fd) }
}

/// Collects every log line with its metadata.
struct CapturingLogHandler: LogHandler {
    let store: LogStore
    var metadata: Logger.Metadata {
        get { [:] }
        set {}
    }
    var logLevel: Logger.Level {
        get { .trace }
        set {}
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { nil }
        set {}
    }

    func log(event: LogEvent) {
        store.lines.withLock { $0.append("\(event.message) \(event.metadata ?? [:])") }
    }
}

final class LogStore: Sendable {
    let lines = Mutex<[String]>([])
    var text: String { lines.withLock { $0.joined(separator: "\n") } }
}

extension RealEtcd {
    @Suite("Connect and logging", .serialized, .timeLimit(.minutes(1)))
    struct ConnectAndLoggingTests {
        @Test func connectTimeoutWithoutSettings() async throws {
            let listener = SilentListener()
            var configuration = makeConfiguration()
            configuration.connectTimeout = .milliseconds(300)
            let connection = HTTP2Connection(endpoint: Endpoint(host: "127.0.0.1", port: listener.port), configuration: configuration)
            let start = ContinuousClock.now
            let error = await transportError { try await connection.connect() }
            #expect(error?.kind == .connectFailed)
            #expect(error?.requestDisposition == .notSent)
            #expect(ContinuousClock.now - start < .seconds(2))
            await connection.close()
        }

        @Test func connectCancelled() async throws {
            let listener = SilentListener()
            var configuration = makeConfiguration()
            configuration.connectTimeout = .seconds(20)
            let connection = HTTP2Connection(endpoint: Endpoint(host: "127.0.0.1", port: listener.port), configuration: configuration)
            let task = Task { try await connection.connect() }
            try await Task.sleep(for: .milliseconds(200))
            task.cancel()
            let error = await transportError { try await within(3) { try await task.value } }
            #expect(error?.kind == .cancelled)
            #expect(await connection.isUsable == false)
            await connection.close()
        }

        @Test func redaction() {
            let text = HTTP2Connection.redacted([("token", "s3cr3t"), ("Authorization", "Bearer x"), ("hasleader", "true")])
            #expect(!text.contains("s3cr3t") && !text.contains("Bearer"))
            #expect(text.contains("hasleader=true"))
        }

        @Test func logsNeverContainTheToken() async throws {
            let etcd = try await LocalEtcd()
            defer { etcd.stop() }
            let store = LogStore()
            var logger = Logger(label: "capture") { _ in CapturingLogHandler(store: store) }
            logger.logLevel = .trace
            var configuration = ConnectionConfiguration(logger: logger)
            configuration.keepAliveInterval = nil
            let connection = HTTP2Connection(endpoint: try Endpoint(parsing: etcd.endpointString), configuration: configuration)
            try await connection.connect()
            let error = await transportError {
                _ = try await connection.unary(
                    path: rangePath, request: Proto.range("k"), metadata: [("token", "VeryS3cretToken"), ("authorization", "AlsoS3cret")],
                    timeout: .seconds(5))
            }
            #expect(error?.status.code == .unauthenticated)
            await connection.close()
            let text = store.text
            #expect(text.contains("etcd transport call started"))
            #expect(!text.contains("VeryS3cretToken"))
            #expect(!text.contains("AlsoS3cret"))
        }
    }

}

extension RealEtcd {
    @Suite("Resource hygiene", .serialized, .timeLimit(.minutes(1)))
    struct ResourceTests {
        static func count(_ directory: String) -> Int {
            (try? FileManager.default.contentsOfDirectory(atPath: directory).count) ?? -1
        }

        /// How many of this process's descriptors are TCP sockets connected to `port` on loopback:
        /// the descriptors this test's connections hold, whatever other suites open meanwhile.
        static func sockets(connectedTo port: Int) -> Int {
            var inodes = Set<Substring>()
            for fd in (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? [] {
                guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\(fd)"),
                    target.hasPrefix("socket:[")
                else { continue }
                inodes.insert(target.dropFirst(8).dropLast())
            }
            let remote = String(format: ":%04X", port)
            // Read to the end: reading by the file's size stops after procfs's first page.
            let table = ["/proc/net/tcp", "/proc/net/tcp6"].map { path in
                let data = FileHandle(forReadingAtPath: path).flatMap { try? $0.readToEnd() } ?? Data()
                return String(decoding: data, as: UTF8.self)
            }
            // Columns: sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode …
            return table.flatMap { $0.split(separator: "\n").dropFirst() }.count { line in
                let columns = line.split(separator: " ")
                return columns.count > 9 && columns[2].hasSuffix(remote) && inodes.contains(columns[9])
            }
        }

        @Test("threads and file descriptors return to baseline after connections are released")
        func noLeaks() async throws {
            let etcd = try await LocalEtcd()
            defer { etcd.stop() }
            let endpoint = try Endpoint(parsing: etcd.endpointString)
            // Warm up (lazy runtime threads, log pipes).
            try await withConnection(etcd) {
                _ = try await $0.unary(path: rangePath, request: Proto.range("a"), metadata: [], timeout: .seconds(5))
            }
            try await Task.sleep(for: .milliseconds(200))
            let threads = Self.count("/proc/self/task")
            let port = endpoint.port
            let sockets = Self.sockets(connectedTo: port)
            for _ in 0..<20 {
                let connection = HTTP2Connection(endpoint: endpoint, configuration: makeConfiguration())
                try await connection.connect()
                let stream = try await connection.openStream(path: watchPath, metadata: [], timeout: nil)
                try await stream.send(Proto.watchCreate("k"))
                _ = try await connection.unary(path: rangePath, request: Proto.range("a"), metadata: [], timeout: .seconds(5))
                // The count sees an open connection (so it would see a leaked one).
                #expect(Self.sockets(connectedTo: port) > sockets)
                await connection.close()
            }
            // Other suites of this process open and close threads and descriptors meanwhile: wait
            // for the counts to settle (20 leaked connections would hold 20 threads and 20 sockets
            // for good). Sockets are counted by their peer, this test's server, so other suites'
            // descriptors do not count.
            let settled = ContinuousClock.now + .seconds(5)
            while Self.count("/proc/self/task") > threads + 1 || Self.sockets(connectedTo: port) > sockets,
                ContinuousClock.now < settled
            {
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(Self.count("/proc/self/task") <= threads + 1)
            #expect(
                Self.sockets(connectedTo: port) <= sockets, "sockets to the server: \(Self.sockets(connectedTo: port)), before: \(sockets)")
        }
    }
}
