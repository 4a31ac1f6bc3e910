import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// What a test client saw when it read.
enum ReadOutcome: Equatable {
    case data([UInt8])
    case endOfStream
    case reset
    case timedOut
    case error(Int32)
}

/// A blocking TCP client for 127.0.0.1 with timeouts, for proxy tests.
final class TestClient {
    let fd: Int32

    init(port: Int) throws {
        // Only a connected socket is stored: a throwing init of a fully initialised class runs deinit,
        // which would close the descriptor a second time.
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = in_addr_t(UInt32(0x7F00_0001).bigEndian)
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        if rc != 0 {
            let code = errno
            close(fd)
            throw POSIXError(POSIXErrorCode(rawValue: code) ?? .EIO)
        }
        self.fd = fd
    }

    deinit { close(fd) }

    /// Sends a FIN (half-close).
    func shutdownWrite() { shutdown(fd, Int32(SHUT_WR)) }

    func send(_ text: String) -> Bool { send(Array(text.utf8)) }

    func send(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes {
                Glibc.send(fd, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL))
            }
            if n <= 0 { return false }
            offset += n
        }
        return true
    }

    /// Sends without blocking; returns how many bytes the kernel took.
    func sendNonBlocking(_ bytes: [UInt8]) -> Int {
        let n = bytes.withUnsafeBytes {
            Glibc.send(fd, $0.baseAddress!, $0.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT))
        }
        return max(0, n)
    }

    /// Reads what arrives within `timeout` (one read).
    func receive(timeout: Duration) -> ReadOutcome {
        var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let ms = Int32(timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000)
        guard poll(&pfd, 1, ms) == 1 else { return .timedOut }
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if n > 0 { return .data(Array(buffer[0..<n])) }
        if n == 0 { return .endOfStream }
        return errno == ECONNRESET ? .reset : .error(errno)
    }

    /// Reads until `count` bytes arrived or `timeout` passed.
    func receive(count: Int, timeout: Duration) -> [UInt8] {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        var result = [UInt8]()
        while result.count < count, clock.now < deadline {
            if case .data(let bytes) = receive(timeout: deadline - clock.now) {
                result += bytes
            } else {
                break
            }
        }
        return result
    }
}

/// An echo server on a free 127.0.0.1 port, one thread per connection, for proxy tests.
final class EchoServer: @unchecked Sendable {
    let port: Int
    private let listener: Int32
    private let state = Mutex<(stopped: Bool, received: Int, resets: Int, closes: Int, open: [Int32])>(
        (false, 0, 0, 0, [])
    )

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = in_addr_t(UInt32(0x7F00_0001).bigEndian)
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        listen(fd, 64)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        listener = fd
        port = Int(UInt16(bigEndian: address.sin_port))
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    var bytesReceived: Int { state.withLock { $0.received } }
    var resetsSeen: Int { state.withLock { $0.resets } }
    var closesSeen: Int { state.withLock { $0.closes } }

    private func acceptLoop() {
        while !state.withLock({ $0.stopped }) {
            var pfd = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
            guard poll(&pfd, 1, 50) == 1 else { continue }
            let fd = accept(listener, nil, nil)
            guard fd >= 0 else { continue }
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            state.withLock { $0.open.append(fd) }
            let thread = Thread { [self] in echo(fd) }
            thread.start()
        }
        close(listener)
    }

    private func echo(_ fd: Int32) {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        defer {
            state.withLock { $0.open.removeAll { $0 == fd } }
            close(fd)
        }
        while !state.withLock({ $0.stopped }) {
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&pfd, 1, 50) == 1 else { continue }
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n > 0 {
                state.withLock { $0.received += n }
                var offset = 0
                while offset < n {
                    let w = buffer.withUnsafeBytes {
                        send(fd, $0.baseAddress! + offset, n - offset, Int32(MSG_NOSIGNAL))
                    }
                    if w <= 0 { return }
                    offset += w
                }
            } else if n == 0 {
                state.withLock { $0.closes += 1 }
                return
            } else {
                if errno == ECONNRESET { state.withLock { $0.resets += 1 } }
                return
            }
        }
    }

    func stop() {
        state.withLock { $0.stopped = true }
        usleep(120_000)
    }
}

/// Open file descriptors of this process.
func openFileDescriptorCount() -> Int {
    (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count) ?? -1
}

/// Threads of this process.
func threadCount() -> Int {
    (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task").count) ?? -1
}

/// Polls `condition` every 10 ms for at most `timeout`.
func eventually(timeout: Duration = .seconds(2), _ condition: () -> Bool) async -> Bool {
    let clock = ContinuousClock()
    let deadline = clock.now + timeout
    while clock.now < deadline {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return condition()
}
