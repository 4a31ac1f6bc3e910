import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// A real DNS server for tests: Debian's `dnsmasq` on a loopback port, answering from the
/// records it was started with and nothing else.
///
/// ```swift
/// let dns = try await EtcdDNSServer(zone: "etcd3.test", srv: [
///     .init(name: "_etcd-client._tcp.etcd3.test", target: "localhost", port: cluster[0].clientPort),
/// ])
/// defer { dns.stop() }
/// // point the resolver at dns.address ("127.0.0.1:<port>")
/// ```
///
/// It serves UDP and TCP on 127.0.0.1 only, reads no `/etc/hosts`, `/etc/resolv.conf` or
/// configuration file, and forwards nothing: a name under ``zone`` without records answers
/// NXDOMAIN; a name given with ``init(zone:srv:emptyNames:port:executable:startTimeout:)``'s
/// `emptyNames` exists with a TXT record only, so an SRV query for it gets an empty answer.
/// The server is stopped by ``stop()`` or when the object is released, and dies with the test
/// process. Install `dnsmasq-base` (`Scripts/install-prerequisites.sh` does).
public final class EtcdDNSServer: Sendable, CustomStringConvertible {
    /// One SRV record to serve.
    public struct SRVRecord: Sendable, Hashable {
        /// The record's name, e.g. `_etcd-client._tcp.etcd3.test`.
        public var name: String
        /// The host name it points to.
        public var target: String
        /// The service's port.
        public var port: Int
        /// Lower is preferred.
        public var priority: Int
        /// Relative share among records of one priority.
        public var weight: Int

        /// Creates a record.
        public init(name: String, target: String, port: Int, priority: Int = 0, weight: Int = 0) {
            self.name = name
            self.target = target
            self.port = port
            self.priority = priority
            self.weight = weight
        }
    }

    /// The UDP and TCP port on 127.0.0.1.
    public let port: Int
    /// The domain the server is authoritative for.
    public let zone: String
    /// `127.0.0.1:<port>`, as a DNS server setting expects it.
    public var address: String { "127.0.0.1:\(port)" }
    /// The server's output (`--log-queries`), for diagnostics.
    public let logPath: String
    private let process: ChildProcess

    /// Starts dnsmasq and waits until it accepts connections.
    ///
    /// - Parameters:
    ///   - zone: the domain served from local data only (`--local=/zone/`).
    ///   - srv: the SRV records to serve.
    ///   - emptyNames: names that exist without an SRV record (an SRV query gets no answer).
    ///   - port: the port to serve on (for a server that replaces a stopped one); a free one by
    ///     default.
    ///   - executable: the dnsmasq binary; found in `PATH` and `/usr/sbin` by default.
    ///   - startTimeout: how long to wait for the server to listen.
    /// - Throws: ``EtcdTestSupportError`` `.binaryNotFound` when dnsmasq is not installed,
    ///   `.processExited` or `.startTimedOut` when it does not start.
    public init(
        zone: String,
        srv: [SRVRecord],
        emptyNames: [String] = [],
        port: Int? = nil,
        executable: String? = nil,
        startTimeout: Duration = .seconds(10)
    ) async throws(EtcdTestSupportError) {
        guard let path = executable ?? Self.findDnsmasq() else {
            throw EtcdTestSupportError(
                .binaryNotFound,
                "dnsmasq is not installed: install Debian's dnsmasq-base (Scripts/install-prerequisites.sh does)")
        }
        let directory = NSTemporaryDirectory() + "etcd3-dns-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var attempt = 0
        while true {
            attempt += 1
            let listenPort: Int
            if let port { listenPort = port } else { listenPort = try PortAllocator.allocate() }
            let log = "\(directory)/dnsmasq-\(listenPort).log"
            var arguments = [
                "--no-daemon", "--port=\(listenPort)", "--listen-address=127.0.0.1", "--bind-interfaces",
                "--no-resolv", "--no-hosts", "--conf-file=/dev/null", "--log-queries", "--log-facility=-",
                "--user=\(Self.userName())", "--pid-file=", "--local=/\(zone)/",
            ]
            for record in srv {
                arguments.append("--srv-host=\(record.name),\(record.target),\(record.port),\(record.priority),\(record.weight)")
            }
            for name in emptyNames { arguments.append("--txt-record=\(name),no SRV here") }
            let process = try ChildProcess.spawn(path: path, arguments: arguments, outputFile: log, dieWithParent: true)
            let deadline = ContinuousClock.now + startTimeout
            var listening = false
            while !listening, process.isRunning, ContinuousClock.now < deadline {
                if let fd = try? Sockets.connect(port: listenPort, timeout: .milliseconds(200)) {
                    close(fd)
                    listening = true
                } else {
                    try? await Task.sleep(for: .milliseconds(20))
                }
            }
            if listening {
                self.port = listenPort
                self.zone = zone
                self.logPath = log
                self.process = process
                return
            }
            let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            if process.isRunning {
                process.send(SIGKILL)
                _ = await process.waitForExit(timeout: .seconds(2))
                throw EtcdTestSupportError(.startTimedOut, "dnsmasq did not listen within \(startTimeout): \(output)")
            }
            // The port was taken meanwhile: try another.
            if port == nil, attempt < 5, output.contains("in use") { continue }
            throw EtcdTestSupportError(.processExited, "dnsmasq exited at start: \(output)")
        }
    }

    deinit {
        stop()
    }

    /// Stops the server (SIGKILL) and reaps it. Calling it again does nothing.
    public func stop() {
        if process.send(SIGKILL) { _ = process.waitForExitBlocking(timeout: .seconds(5)) }
    }

    /// `dnsmasq on 127.0.0.1:<port> for <zone>`.
    public var description: String { "dnsmasq on \(address) for \(zone)" }

    private static func findDnsmasq() -> String? {
        for candidate in ["/usr/sbin/dnsmasq", "/usr/local/sbin/dnsmasq"] where access(candidate, X_OK) == 0 {
            return candidate
        }
        return ChildProcess.findInPath("dnsmasq")
    }

    /// dnsmasq drops root privileges to `nobody` unless told to stay: it keeps the current user.
    private static func userName() -> String {
        guard let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name else { return "root" }
        return String(cString: name)
    }
}
