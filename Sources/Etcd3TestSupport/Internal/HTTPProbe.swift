#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A plain HTTP/1.0 GET over a non-blocking POSIX socket, for etcd's plaintext metrics listener.
///
/// It never blocks a thread: waits are short sleeps, so a paused server costs only the timeout.
enum HTTPProbe {
    /// Returns the status code and body of `GET path` on `host`:`port` (an IPv4 address).
    static func get(
        host: String = "127.0.0.1",
        port: Int,
        path: String,
        timeout: Duration
    ) async throws(EtcdTestSupportError) -> (
        status: Int, body: String
    ) {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        let fd = try Sockets.makeSocket()
        defer { close(fd) }
        Sockets.setNonBlocking(fd)
        var address = try Sockets.address(host: host, port: port)
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        if rc != 0 {
            guard errno == EINPROGRESS else {
                throw EtcdTestSupportError(.socket, Sockets.errorText("connect \(host):\(port)"))
            }
            try await waitFor(fd, events: Int16(POLLOUT), until: deadline, what: "connect to \(host):\(port)")
            var soError: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(fd, SOL_SOCKET, SO_ERROR, &soError, &length)
            guard soError == 0 else {
                throw EtcdTestSupportError(.socket, Sockets.errorText("connect \(host):\(port)", soError))
            }
        }
        let request = Array(
            "GET \(path) HTTP/1.0\r\nHost: \(host):\(port)\r\nUser-Agent: etcd3-test-support\r\n\r\n".utf8
        )
        var offset = 0
        while offset < request.count {
            let n = request.withUnsafeBytes {
                send(fd, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL))
            }
            if n >= 0 {
                offset += n
            } else if errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR {
                try await waitFor(fd, events: Int16(POLLOUT), until: deadline, what: "GET \(path) on \(host):\(port)")
            } else {
                throw EtcdTestSupportError(.socket, Sockets.errorText("send to \(host):\(port)"))
            }
        }
        var response = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n > 0 {
                response.append(contentsOf: buffer[0..<n])
            } else if n == 0 {
                break
            } else if errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR {
                try await waitFor(fd, events: Int16(POLLIN), until: deadline, what: "GET \(path) on \(host):\(port)")
            } else {
                throw EtcdTestSupportError(.socket, Sockets.errorText("recv from \(host):\(port)"))
            }
        }
        let text = String(decoding: response, as: UTF8.self)
        guard let headerEnd = text.range(of: "\r\n\r\n") else {
            throw EtcdTestSupportError(.socket, "malformed HTTP response from \(host):\(port)")
        }
        let statusLine = text[..<headerEnd.lowerBound].split(separator: "\r\n").first ?? ""
        let parts = statusLine.split(separator: " ")
        let status = parts.count >= 2 ? Int(parts[1]) ?? 0 : 0
        return (status, String(text[headerEnd.upperBound...]))
    }

    private static func waitFor(
        _ fd: Int32,
        events: Int16,
        until deadline: ContinuousClock.Instant,
        what: String
    ) async throws(EtcdTestSupportError) {
        var pause = 1
        while true {
            var pfd = pollfd(fd: fd, events: events, revents: 0)
            if poll(&pfd, 1, 0) > 0 { return }
            if ContinuousClock().now >= deadline {
                throw EtcdTestSupportError(.timedOut, "\(what) timed out")
            }
            do {
                try await Task.sleep(for: .milliseconds(pause))
            } catch {
                throw EtcdTestSupportError(.timedOut, "\(what) was cancelled")
            }
            pause = min(pause * 2, 10)
        }
    }
}

/// Parses the Prometheus text exposition format into `series → value`.
enum PrometheusText {
    static func parse(_ text: String) -> [String: Double] {
        var result = [String: Double]()
        for rawLine in text.split(separator: "\n") {
            let line = rawLine.trimmingCharacters(in: " \t\r")
            if line.isEmpty || line.hasPrefix("#") { continue }
            // The series may contain spaces inside label values: the value follows the last '}' if any.
            let nameEnd: String.Index
            if let brace = line.lastIndex(of: "}") {
                nameEnd = line.index(after: brace)
            } else if let space = line.firstIndex(of: " ") {
                nameEnd = space
            } else {
                continue
            }
            let name = String(line[..<nameEnd])
            let rest = line[nameEnd...].split(separator: " ")
            guard let valueText = rest.first else { continue }
            let value: Double?
            switch valueText {
            case "+Inf": value = .infinity
            case "-Inf": value = -.infinity
            case "NaN": value = .nan
            default: value = Double(valueText)
            }
            if let value { result[name] = value }
        }
        return result
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: String) -> Substring {
        var start = startIndex
        var end = endIndex
        while start < end, set.contains(self[start]) { start = index(after: start) }
        while end > start, set.contains(self[index(before: end)]) { end = index(before: end) }
        return self[start..<end]
    }
}
