import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Small POSIX socket helpers for IPv4 loopback.
enum Sockets {
    #if canImport(Glibc) || canImport(Musl)
        static let streamType = Int32(SOCK_STREAM.rawValue)
    #else
        static let streamType = SOCK_STREAM
    #endif

    static func errorText(_ what: String, _ code: Int32 = errno) -> String {
        "\(what): \(String(cString: strerror(code)))"
    }

    /// Whether `error` is a failed `bind` because the port is in use.
    static func isAddressInUse(_ error: EtcdTestSupportError) -> Bool {
        error.code == .socket && error.message.hasSuffix(String(cString: strerror(EADDRINUSE)))
    }

    static func loopbackAddress(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(truncatingIfNeeded: port).bigEndian)
        address.sin_addr.s_addr = in_addr_t(UInt32(0x7F00_0001).bigEndian)
        return address
    }

    /// `host`:`port` for an IPv4 address in dotted form.
    static func address(host: String, port: Int) throws(EtcdTestSupportError) -> sockaddr_in {
        var address = loopbackAddress(port: port)
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else {
            throw EtcdTestSupportError(.invalidArgument, "not an IPv4 address: \(host)")
        }
        return address
    }

    #if canImport(Glibc) || canImport(Musl)
        private static let closeOnExecType = Int32(SOCK_CLOEXEC.rawValue)
    #else
        private static let closeOnExecType: Int32 = 0
    #endif

    /// A new TCP socket, close-on-exec from the start.
    static func makeSocket() throws(EtcdTestSupportError) -> Int32 {
        let fd = socket(AF_INET, streamType | closeOnExecType, 0)
        guard fd >= 0 else { throw EtcdTestSupportError(.socket, errorText("socket")) }
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        return fd
    }

    /// `accept4(listener, nil, nil, SOCK_CLOEXEC)` where available (looked up at run time: the Swift
    /// overlay does not export it), else `accept` followed by `FD_CLOEXEC`.
    static func acceptCloseOnExec(_ listener: Int32) -> Int32 {
        if let accept4 = accept4Function {
            return accept4(listener, nil, nil, closeOnExecType)
        }
        let fd = accept(listener, nil, nil)
        if fd >= 0 { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        return fd
    }

    private static let accept4Function:
        (@convention(c) (Int32, UnsafeMutablePointer<sockaddr>?, UnsafeMutablePointer<socklen_t>?, Int32) -> Int32)? = {
            #if canImport(Glibc)
                guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "accept4") else { return nil }
                return unsafeBitCast(
                    symbol,
                    to: (@convention(c) (Int32, UnsafeMutablePointer<sockaddr>?, UnsafeMutablePointer<socklen_t>?, Int32) ->
                        Int32).self
                )
            #else
                return nil
            #endif
        }()

    static func setNonBlocking(_ fd: Int32) {
        let flags = fcntl(fd, F_GETFL)
        _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
    }

    static func setBlocking(_ fd: Int32) {
        let flags = fcntl(fd, F_GETFL)
        _ = fcntl(fd, F_SETFL, flags & ~O_NONBLOCK)
    }

    static func bind(_ fd: Int32, port: Int) -> Int32 {
        var address = loopbackAddress(port: port)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
    }

    static func localPort(_ fd: Int32) -> Int? {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let rc = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard rc == 0 else { return nil }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    static func setReuseAddress(_ fd: Int32) {
        var one: Int32 = 1
        _ = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
    }

    /// Sets `SO_LINGER {1, 0}` so that `close` sends RST instead of FIN.
    static func setResetOnClose(_ fd: Int32) {
        var value = linger(l_onoff: 1, l_linger: 0)
        _ = setsockopt(fd, SOL_SOCKET, SO_LINGER, &value, socklen_t(MemoryLayout<linger>.size))
    }

    static func setNoDelay(_ fd: Int32) {
        var one: Int32 = 1
        _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
    }

    /// A listening socket on 127.0.0.1:`port` (0 for any).
    static func listen(port: Int, backlog: Int32 = 128) throws(EtcdTestSupportError) -> Int32 {
        let fd = try makeSocket()
        setReuseAddress(fd)
        guard bind(fd, port: port) == 0 else {
            let text = errorText("bind 127.0.0.1:\(port)")
            close(fd)
            throw EtcdTestSupportError(.socket, text)
        }
        guard Glibc.listen(fd, backlog) == 0 else {
            let text = errorText("listen")
            close(fd)
            throw EtcdTestSupportError(.socket, text)
        }
        return fd
    }

    /// Connects to 127.0.0.1:`port` within `timeout`; returns a blocking socket.
    static func connect(port: Int, timeout: Duration) throws(EtcdTestSupportError) -> Int32 {
        let fd = try makeSocket()
        setNonBlocking(fd)
        var address = loopbackAddress(port: port)
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        if rc != 0 {
            guard errno == EINPROGRESS else {
                let text = errorText("connect 127.0.0.1:\(port)")
                close(fd)
                throw EtcdTestSupportError(.socket, text)
            }
            var pfd = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
            let ready = poll(&pfd, 1, milliseconds(timeout))
            var soError: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(fd, SOL_SOCKET, SO_ERROR, &soError, &length)
            guard ready == 1, soError == 0 else {
                close(fd)
                throw EtcdTestSupportError(
                    .socket,
                    ready == 1 ? errorText("connect 127.0.0.1:\(port)", soError) : "connect 127.0.0.1:\(port) timed out"
                )
            }
        }
        setBlocking(fd)
        return fd
    }

    static func milliseconds(_ duration: Duration) -> Int32 {
        let (seconds, attoseconds) = duration.components
        let ms = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        return Int32(clamping: max(0, ms))
    }

    /// Writes all of `bytes` to a blocking socket.
    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { send(fd, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL)) }
            if n < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += n
        }
        return true
    }
}

/// Hands out loopback ports that are free now and were never handed out before in this process.
///
/// Ports are picked below the kernel's ephemeral range when possible, so that a port kept for a
/// member's restart is not taken meanwhile as the source port of some outgoing connection.
enum PortAllocator {
    private static let state = Mutex<(used: Set<Int>, rng: SplitMix64)>(
        (
            used: [],
            rng: SplitMix64(seed: UInt64(UInt32(truncatingIfNeeded: getpid())) &* 0x9E37_79B9 ^ UInt64(time(nil)))
        )
    )

    private static let ephemeralLow: Int = {
        let fd = open("/proc/sys/net/ipv4/ip_local_port_range", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return 32768 }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 64)
        let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        guard n > 0 else { return 32768 }
        let text = String(decoding: buffer[0..<n], as: UTF8.self)
        return text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).first.flatMap { Int($0) } ?? 32768
    }()

    /// A port that was bindable on 127.0.0.1 a moment ago.
    static func allocate() throws(EtcdTestSupportError) -> Int {
        let low = 15000
        let high = ephemeralLow - 1
        if high - low > 1000 {
            for _ in 0..<200 {
                let candidate = state.withLock { state -> Int? in
                    let port = low + Int(state.rng.next() % UInt64(high - low))
                    return state.used.contains(port) ? nil : port
                }
                guard let port = candidate else { continue }
                if isBindable(port), state.withLock({ $0.used.insert(port).inserted }) {
                    return port
                }
            }
        }
        // Fall back to the kernel's choice.
        for _ in 0..<100 {
            let fd = try Sockets.makeSocket()
            defer { close(fd) }
            guard Sockets.bind(fd, port: 0) == 0, let port = Sockets.localPort(fd) else { continue }
            if state.withLock({ $0.used.insert(port).inserted }) { return port }
        }
        throw EtcdTestSupportError(.socket, "no free loopback port found")
    }

    private static func isBindable(_ port: Int) -> Bool {
        guard let fd = try? Sockets.makeSocket() else { return false }
        defer { close(fd) }
        return Sockets.bind(fd, port: port) == 0
    }
}

/// A small deterministic generator (SplitMix64), used for jitter and port choice.
struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
