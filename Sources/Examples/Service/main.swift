// A service built with swift-service-lifecycle: a ServiceGroup runs the etcd client and a
// registration service that keeps a lease-backed key while it runs. The client is created with
// init(startingInRun:), so its run() (started by the group) hosts all of its background work.
// On SIGTERM the group shuts down gracefully: the registration ends and its lease is revoked
// (the key disappears at once), then the client shuts down and closes its connections. On
// SIGINT the group is cancelled instead: the client closes at once, and the lease is still
// revoked.
//
// Usage: etcd3-service --endpoint HOST:PORT [--key KEY]
// Prints "ready" once the key is written and the signal handlers are in place, and the
// process's threads (and those of the client's I/O thread, named etcd3-io), file descriptors
// and sockets: before the client was created,
// while it ran, and after the group ended; then the descriptors opened since the baseline that
// are still open (none).
import Etcd3
import Logging
import ServiceLifecycle

#if canImport(Glibc)
    import Glibc
#endif

/// Keeps `key` registered with a lease while it runs; revokes the lease when it ends.
struct Registration: Service {
    let client: Etcd3Client
    let key: EtcdBytes

    func run() async throws {
        try await client.withLease(ttl: .seconds(30)) { lease in
            try await client.put(key, "up", lease: lease.id)
            await waitForSignalHandlers()
            say("ready \(counts())")
            // Until the group shuts down; then the scope ends and the lease is revoked.
            try? await gracefulShutdown()
        }
    }
}

/// Waits (up to 1 s) until the group's SIGTERM and SIGINT handlers are in place. Dispatch
/// installs them after the group started, from a thread of its own; a signal that comes before
/// would still end the process with its default action.
func waitForSignalHandlers() async {
    func handled(_ signal: Int32) -> Bool {
        var action = sigaction()
        sigaction(signal, nil, &action)
        return action.__sigaction_handler.sa_handler != nil  // SIG_DFL
    }
    for _ in 0..<500 where !(handled(SIGTERM) && handled(SIGINT)) {
        try? await Task.sleep(for: .milliseconds(2))
    }
}

/// Writes `line` to standard output at once (a pipe would buffer `print`).
func say(_ line: String) {
    let bytes = Array((line + "\n").utf8)
    _ = bytes.withUnsafeBytes { write(1, $0.baseAddress, $0.count) }
}

/// The number of entries of a /proc directory (threads in /proc/self/task, descriptors in
/// /proc/self/fd), without `.` and `..` (and the descriptor that lists them).
func entries(_ path: String) -> Int {
    guard let directory = opendir(path) else { return -1 }
    var count = 0
    while let entry = readdir(directory) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        if name != "." && name != ".." { count += 1 }
    }
    closedir(directory)
    return path.hasSuffix("/fd") ? count - 1 : count
}

/// How many of the process's threads are named `name` (/proc/self/task/*/comm).
func threads(named name: String) -> Int {
    guard let directory = opendir("/proc/self/task") else { return -1 }
    var count = 0
    while let entry = readdir(directory) {
        let id = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        guard id != ".", id != "..", let file = fopen("/proc/self/task/\(id)/comm", "r") else { continue }
        var buffer = [CChar](repeating: 0, count: 64)
        if fgets(&buffer, Int32(buffer.count), file) != nil {
            let comm = String(decoding: buffer.prefix { $0 != 0 && $0 != 10 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if comm == name { count += 1 }
        }
        fclose(file)
    }
    closedir(directory)
    return count
}

/// What each of the process's descriptors is (`socket`, `anon_inode:[eventfd]`, a path, …),
/// by descriptor number.
func descriptors() -> [Int: String] {
    var kinds: [Int: String] = [:]
    guard let directory = opendir("/proc/self/fd") else { return kinds }
    while let entry = readdir(directory) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        guard let fd = Int(name) else { continue }
        var target = [CChar](repeating: 0, count: 256)
        let length = readlink("/proc/self/fd/" + name, &target, target.count - 1)
        guard length > 0 else { continue }
        let text = String(decoding: target[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        // (The descriptor that lists the directory is left out.)
        if !text.hasPrefix("/proc/") { kinds[fd] = text.hasPrefix("socket:") ? "socket" : text }
    }
    closedir(directory)
    return kinds
}

/// The process's threads, the client's I/O threads, file descriptors, and the descriptors that
/// are sockets.
func counts() -> String {
    var sockets = 0
    if let directory = opendir("/proc/self/fd") {
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            var target = [CChar](repeating: 0, count: 256)
            let length = readlink("/proc/self/fd/" + name, &target, target.count - 1)
            if length > 0, String(decoding: target[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self).hasPrefix("socket:") {
                sockets += 1
            }
        }
        closedir(directory)
    }
    let io = threads(named: "etcd3-io")
    return "threads=\(entries("/proc/self/task")) io-threads=\(io) fds=\(entries("/proc/self/fd")) sockets=\(sockets)"
}

@main
struct EtcdService {
    static func main() async throws {
        let arguments = CommandLine.arguments
        func value(_ flag: String) -> String? {
            arguments.firstIndex(of: flag).flatMap { $0 + 1 < arguments.count ? arguments[$0 + 1] : nil }
        }
        let endpoint = value("--endpoint") ?? "127.0.0.1:2379"
        let key = EtcdBytes(value("--key") ?? "/services/etcd3-service/instance")
        // The Swift runtime opens its own event loop's descriptors (epoll, an eventfd, a timerfd
        // per clock) when a task first sleeps: do that before taking the baseline.
        try await Task.sleep(for: .milliseconds(1))
        try await SuspendingClock().sleep(for: .milliseconds(1))
        say("baseline \(counts())")
        let before = descriptors()

        try await serve(endpoint: endpoint, key: key)
        // The client is gone with its scope: its I/O thread and connections with it. (The I/O
        // thread exits once the last of the client's connections is freed: give it a moment.)
        for _ in 0..<100 where threads(named: "etcd3-io") > 0 { try await Task.sleep(for: .milliseconds(10)) }
        say("stopped \(counts())")
        // The descriptors opened since the baseline and still open, by kind.
        let opened = descriptors().filter { before[$0.key] != $0.value }.values.sorted()
        say("opened-since-baseline \(opened.joined(separator: ","))")
    }

    /// Runs the client and the registration until SIGTERM (a graceful shutdown) or SIGINT (a
    /// cancellation).
    static func serve(endpoint: String, key: EtcdBytes) async throws {
        let logger = Logger(label: "etcd3-service", factory: { _ in SwiftLogNoOpLogHandler() })
        // Nothing runs until the group starts the client's run(); it all ends when run() returns.
        let client = try Etcd3Client(startingInRun: .init(endpoints: [endpoint]))
        let group = ServiceGroup(
            services: [client, Registration(client: client, key: key)],
            gracefulShutdownSignals: [.sigterm],
            cancellationSignals: [.sigint],
            logger: logger)
        try await group.run()
    }
}
