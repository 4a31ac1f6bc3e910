import Dispatch
import Glibc

/// One DNS SRV record: where a service runs.
package struct SRVRecord: Sendable, Hashable {
    /// Lower is preferred.
    package var priority: UInt16
    /// Among records of one priority, the relative share of load.
    package var weight: UInt16
    /// The service's TCP port.
    package var port: UInt16
    /// The host name serving it, without the trailing dot.
    package var target: String

    /// Creates a record.
    package init(priority: UInt16, weight: UInt16, port: UInt16, target: String) {
        self.priority = priority
        self.weight = weight
        self.port = port
        self.target = target
    }
}

/// Why a DNS lookup found nothing.
package struct DNSFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kinds of failure.
    package enum Kind: Sendable, Hashable {
        /// The server says the name does not exist (NXDOMAIN).
        case nameNotFound
        /// The name exists but has no record of the type asked for.
        case noRecords
        /// No server answered in time (refused, unreachable or silent).
        case unreachable
        /// A server answered with an error (SERVFAIL, REFUSED, …).
        case serverFailure
        /// The answer or the name is malformed.
        case malformed
    }

    /// What failed.
    package var kind: Kind
    /// A sentence for people.
    package var message: String

    package init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    package var description: String { message }
}

/// DNS messages (RFC 1035) for SRV queries: building the query and reading the answer. Pure.
package enum DNSMessage {
    /// The SRV record type.
    package static let typeSRV: UInt16 = 33
    /// The EDNS0 UDP payload size the query advertises, so a long SRV answer fits one datagram.
    static let udpPayloadSize: UInt16 = 4096

    /// A recursive query for `name`'s records of `type`, with an EDNS0 OPT record.
    /// - Throws: ``DNSFailure/Kind/malformed`` for an empty or over-long name or label.
    package static func query(id: UInt16, name: String, type: UInt16 = typeSRV) throws(DNSFailure) -> [UInt8] {
        var bytes: [UInt8] = []
        append16(&bytes, id)
        append16(&bytes, 0x0100)  // standard query, recursion desired
        append16(&bytes, 1)  // one question
        append16(&bytes, 0)
        append16(&bytes, 0)
        append16(&bytes, 1)  // one additional record: OPT
        let trimmed = name.hasSuffix(".") ? String(name.dropLast()) : name
        let labels = trimmed.split(separator: ".", omittingEmptySubsequences: false)
        guard !trimmed.isEmpty, trimmed.utf8.count <= 253 else {
            throw DNSFailure(.malformed, "'\(name)' is not a valid DNS name")
        }
        for label in labels {
            let utf8 = Array(label.utf8)
            guard (1...63).contains(utf8.count) else { throw DNSFailure(.malformed, "'\(name)' is not a valid DNS name") }
            bytes.append(UInt8(utf8.count))
            bytes.append(contentsOf: utf8)
        }
        bytes.append(0)
        append16(&bytes, type)
        append16(&bytes, 1)  // class IN
        // OPT: root name, type 41, class = UDP payload size, TTL 0, no data.
        bytes.append(0)
        append16(&bytes, 41)
        append16(&bytes, udpPayloadSize)
        bytes.append(contentsOf: [0, 0, 0, 0, 0, 0])
        return bytes
    }

    /// The SRV records of an answer to the query with `id`, ordered by priority (lowest first),
    /// then weight (highest first). Records whose target is `.` ("no such service") are left out.
    ///
    /// - Throws: ``DNSFailure`` `.nameNotFound` for NXDOMAIN, `.noRecords` for an answer without
    ///   SRV records, `.serverFailure` for another error code, `.malformed` for bytes that are not
    ///   an answer to that query.
    package static func srvRecords(in message: [UInt8], id: UInt16, name: String) throws(DNSFailure) -> [SRVRecord] {
        var reader = Reader(bytes: message)
        guard message.count >= 12 else { throw DNSFailure(.malformed, "the DNS answer for \(name) is too short") }
        let answerID = try reader.read16()
        let flags = try reader.read16()
        guard answerID == id, flags & 0x8000 != 0 else {
            throw DNSFailure(.malformed, "the DNS answer for \(name) does not answer the query")
        }
        switch flags & 0x000F {
        case 0: break
        case 3: throw DNSFailure(.nameNotFound, "DNS: \(name) does not exist (NXDOMAIN)")
        case let code:
            throw DNSFailure(.serverFailure, "DNS: the server answered \(rcodeName(code)) for \(name)")
        }
        let questions = try reader.read16()
        let answers = try reader.read16()
        _ = try reader.read16()
        _ = try reader.read16()
        for _ in 0..<questions {
            _ = try reader.readName()
            _ = try reader.read16()
            _ = try reader.read16()
        }
        var records: [SRVRecord] = []
        for _ in 0..<answers {
            _ = try reader.readName()
            let type = try reader.read16()
            _ = try reader.read16()
            _ = try reader.read32()
            let length = Int(try reader.read16())
            let end = reader.offset + length
            guard end <= message.count else { throw DNSFailure(.malformed, "the DNS answer for \(name) is truncated") }
            if type == typeSRV {
                let priority = try reader.read16()
                let weight = try reader.read16()
                let port = try reader.read16()
                let target = try reader.readName()
                guard reader.offset <= end else { throw DNSFailure(.malformed, "an SRV record for \(name) is malformed") }
                if !target.isEmpty, port != 0 {
                    records.append(SRVRecord(priority: priority, weight: weight, port: port, target: target))
                }
            }
            reader.offset = end
        }
        guard !records.isEmpty else { throw DNSFailure(.noRecords, "DNS: \(name) has no SRV record") }
        return records.enumerated().sorted { a, b in
            if a.element.priority != b.element.priority { return a.element.priority < b.element.priority }
            if a.element.weight != b.element.weight { return a.element.weight > b.element.weight }
            return a.offset < b.offset
        }.map(\.element)
    }

    private static func rcodeName(_ code: UInt16) -> String {
        switch code {
        case 1: "FORMERR"
        case 2: "SERVFAIL"
        case 4: "NOTIMP"
        case 5: "REFUSED"
        default: "RCODE \(code)"
        }
    }

    private static func append16(_ bytes: inout [UInt8], _ value: UInt16) {
        bytes.append(UInt8(value >> 8))
        bytes.append(UInt8(value & 0xFF))
    }

    /// Reads a message front to back; names may point back into it (compression).
    private struct Reader {
        let bytes: [UInt8]
        var offset = 0

        mutating func read16() throws(DNSFailure) -> UInt16 {
            guard offset + 2 <= bytes.count else { throw DNSFailure(.malformed, "the DNS answer is truncated") }
            defer { offset += 2 }
            return UInt16(bytes[offset]) << 8 | UInt16(bytes[offset + 1])
        }

        mutating func read32() throws(DNSFailure) -> UInt32 {
            UInt32(try read16()) << 16 | UInt32(try read16())
        }

        /// A name, dotted, without the trailing dot (`""` for the root).
        mutating func readName() throws(DNSFailure) -> String {
            var labels: [String] = []
            var position = offset
            var jumped = false
            var jumps = 0
            var length = 0
            while true {
                guard position < bytes.count else { throw DNSFailure(.malformed, "a name in the DNS answer is truncated") }
                let count = Int(bytes[position])
                if count == 0 {
                    if !jumped { offset = position + 1 }
                    break
                }
                if count & 0xC0 == 0xC0 {
                    guard position + 1 < bytes.count, jumps < 64 else {
                        throw DNSFailure(.malformed, "a name in the DNS answer has a bad pointer")
                    }
                    let target = (count & 0x3F) << 8 | Int(bytes[position + 1])
                    if !jumped { offset = position + 2 }
                    jumped = true
                    jumps += 1
                    position = target
                    continue
                }
                guard count <= 63, position + 1 + count <= bytes.count else {
                    throw DNSFailure(.malformed, "a name in the DNS answer is malformed")
                }
                length += count + 1
                guard length <= 255 else { throw DNSFailure(.malformed, "a name in the DNS answer is too long") }
                labels.append(String(decoding: bytes[(position + 1)..<(position + 1 + count)], as: UTF8.self))
                position += 1 + count
            }
            return labels.joined(separator: ".")
        }
    }
}

/// Asks DNS servers over UDP for SRV records. Blocking: call it through ``BlockingWork/run(_:)``,
/// never on an I/O thread.
package struct DNSResolver: Sendable {
    /// A DNS server: an IPv4 or IPv6 literal and a UDP port.
    package struct Server: Sendable, Hashable, CustomStringConvertible {
        package var host: String
        package var port: Int

        package init(host: String, port: Int = 53) {
            self.host = host
            self.port = port
        }

        /// Parses `"10.0.0.2"`, `"10.0.0.2:5353"`, `"::1"` or `"[::1]:5353"` (IP literals only).
        package init?(parsing text: String) {
            guard let endpoint = try? Endpoint(parsing: text), Endpoint.isIPLiteral(endpoint.host), endpoint.usesTLS == nil
            else { return nil }
            let explicitPort = text.hasPrefix("[") ? text.contains("]:") : (text.contains(":") && !endpoint.host.contains(":"))
            self.init(host: endpoint.host, port: explicitPort ? endpoint.port : 53)
        }

        package var description: String {
            host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        }
    }

    /// The servers asked, in turn.
    package var servers: [Server]
    /// The whole lookup's bound, every server and retry included.
    package var timeout: Duration
    /// How many times each server is asked before the lookup gives up.
    package var attempts: Int = 2

    /// A resolver for `servers`, or for the `nameserver` lines of `/etc/resolv.conf` when
    /// `servers` is empty (127.0.0.1 when it names none).
    package init(servers: [Server], timeout: Duration) {
        self.servers = servers.isEmpty ? Self.systemServers() : servers
        self.timeout = timeout
    }

    /// The servers `/etc/resolv.conf` names (127.0.0.1 when none).
    package static func systemServers(path: String = "/etc/resolv.conf") -> [Server] {
        var servers: [Server] = []
        if let file = fopen(path, "r") {
            defer { fclose(file) }
            var line: UnsafeMutablePointer<CChar>?
            var capacity = 0
            defer { free(line) }
            while getline(&line, &capacity, file) > 0, let line {
                let fields = String(cString: line).split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" })
                if fields.count >= 2, fields[0] == "nameserver", let server = Server(parsing: String(fields[1])) {
                    servers.append(server)
                }
            }
        }
        return servers.isEmpty ? [Server(host: "127.0.0.1")] : servers
    }

    /// The SRV records of `name`, asking each server in turn (each try bounded so the whole
    /// lookup ends within ``timeout``). An answer that the name does not exist, or has no
    /// record, ends the lookup at once.
    package func lookupSRV(_ name: String) throws(DNSFailure) -> [SRVRecord] {
        let tries = max(1, servers.count * max(1, attempts))
        let perTry = max(timeout / tries, .milliseconds(50))
        let deadline = ContinuousClock.now + timeout
        var failures: [String] = []
        for attempt in 0..<tries {
            let server = servers[attempt % servers.count]
            let remaining = deadline - .now
            if remaining <= .zero { break }
            let id = UInt16.random(in: 0...UInt16.max)
            let query = try DNSMessage.query(id: id, name: name)
            switch exchange(query, with: server, id: id, timeout: min(perTry, remaining)) {
            case .success(let answer):
                do {
                    return try DNSMessage.srvRecords(in: answer, id: id, name: name)
                } catch  where error.kind == .serverFailure || error.kind == .malformed {
                    failures.append("\(server): \(error.message)")
                }
            case .failure(let failure):
                failures.append("\(server): \(failure.message)")
            }
        }
        let unique = failures.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        throw DNSFailure(
            .unreachable,
            "no DNS server answered the SRV query for \(name) within \(timeout): " + unique.joined(separator: "; "))
    }

    /// One query, one answer (with the right ID) or a failure.
    private func exchange(_ query: [UInt8], with server: Server, id: UInt16, timeout: Duration) -> Result<[UInt8], Failure> {
        var address = sockaddr_storage()
        var length: socklen_t
        let family: Int32
        if server.host.contains(":") {
            family = AF_INET6
            var v6 = sockaddr_in6()
            v6.sin6_family = sa_family_t(AF_INET6)
            v6.sin6_port = UInt16(server.port).bigEndian
            guard inet_pton(AF_INET6, server.host, &v6.sin6_addr) == 1 else { return .failure("not an IP address") }
            length = socklen_t(MemoryLayout<sockaddr_in6>.size)
            withUnsafeMutableBytes(of: &address) { $0.storeBytes(of: v6, as: sockaddr_in6.self) }
        } else {
            family = AF_INET
            var v4 = sockaddr_in()
            v4.sin_family = sa_family_t(AF_INET)
            v4.sin_port = UInt16(server.port).bigEndian
            guard inet_pton(AF_INET, server.host, &v4.sin_addr) == 1 else { return .failure("not an IP address") }
            length = socklen_t(MemoryLayout<sockaddr_in>.size)
            withUnsafeMutableBytes(of: &address) { $0.storeBytes(of: v4, as: sockaddr_in.self) }
        }
        let fd = socket(family, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return .failure("socket: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        // Connected, so an ICMP "port unreachable" comes back as ECONNREFUSED.
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, length) }
        }
        guard connected == 0 else { return .failure("\(String(cString: strerror(errno)))") }
        guard send(fd, query, query.count, 0) == query.count else { return .failure("\(String(cString: strerror(errno)))") }
        let deadline = ContinuousClock.now + timeout
        var buffer = [UInt8](repeating: 0, count: Int(DNSMessage.udpPayloadSize))
        while true {
            let remaining = deadline - .now
            guard remaining > .zero else { return .failure("no answer within \(timeout)") }
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let milliseconds = Int32(
                clamping: max(1, remaining.components.seconds * 1000 + remaining.components.attoseconds / 1_000_000_000_000_000))
            let ready = poll(&poller, 1, milliseconds)
            if ready < 0, errno == EINTR { continue }
            guard ready > 0 else { continue }
            let count = recv(fd, &buffer, buffer.count, 0)
            if count < 0 {
                if errno == EINTR { continue }
                return .failure("\(String(cString: strerror(errno)))")
            }
            // A stray datagram (an old query's late answer) is skipped.
            guard count >= 2, UInt16(buffer[0]) << 8 | UInt16(buffer[1]) == id else { continue }
            return .success(Array(buffer[0..<count]))
        }
    }

    private struct Failure: Error, ExpressibleByStringLiteral, ExpressibleByStringInterpolation {
        var message: String
        init(stringLiteral value: String) { message = value }
        init(stringInterpolation: DefaultStringInterpolation) { message = String(stringInterpolation: stringInterpolation) }
    }
}

/// Runs blocking work (name resolution, reading files) on a thread of its own, away from the
/// I/O threads and the cooperative pool, and awaits its result.
package enum BlockingWork {
    /// Runs `body` on a global dispatch queue thread and returns its result.
    package static func run<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            start { continuation.resume(returning: body()) }
        }
    }

    /// Starts `body` on a global dispatch queue thread and returns at once; `body` reports its
    /// result itself.
    package static func start(_ body: @escaping @Sendable () -> Void) {
        DispatchQueue.global().async(execute: body)
    }
}
