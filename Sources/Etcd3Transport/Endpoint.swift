/// One etcd member's client address: a host (DNS name or IP literal) and a TCP port.
///
/// Parse user input with ``init(parsing:)``; it accepts `host`, `host:port`, `[v6]:port`, and
/// an optional `http://` or `https://` scheme, which sets ``usesTLS``.
package struct Endpoint: Sendable, Hashable, CustomStringConvertible {
    /// A DNS name or an IP literal; an IPv6 literal is stored without brackets.
    package var host: String
    /// The TCP port.
    package var port: Int
    /// `true` for an explicit `https://` scheme, `false` for `http://`, `nil` without a scheme.
    package var usesTLS: Bool?

    /// The default etcd client port.
    package static let defaultPort = 2379

    /// Creates an endpoint from a host and port, with no scheme.
    package init(host: String, port: Int) {
        self.host = host
        self.port = port
        self.usesTLS = nil
    }

    /// Parses `"127.0.0.1:2379"`, `"localhost"`, `"http://h:2379"`, `"https://h:2379"`,
    /// `"[::1]:2379"` or `"::1"`. The port defaults to 2379; a trailing `/` is ignored.
    ///
    /// - Throws: ``TransportError`` of kind ``TransportError/Kind/invalidEndpoint`` for
    ///   anything else (empty host, bad port, unknown scheme, path, brackets other than
    ///   around an IPv6 literal, a host that is not printable ASCII).
    package init(parsing text: String) throws(TransportError) {
        var rest = Substring(text)
        var tls: Bool?
        if let range = Self.schemeSeparator(in: rest) {
            let scheme = rest[..<range.lowerBound].lowercased()
            switch scheme {
            case "http": tls = false
            case "https": tls = true
            default: throw TransportError.invalidEndpoint(text, "unsupported scheme")
            }
            rest = rest[range.upperBound...]
        }
        if rest.hasSuffix("/") { rest = rest.dropLast() }
        if rest.contains("/") { throw TransportError.invalidEndpoint(text, "a path is not allowed") }
        var host: Substring
        var portText: Substring?
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else {
                throw TransportError.invalidEndpoint(text, "missing ]")
            }
            host = rest[rest.index(after: rest.startIndex)..<close]
            let after = rest[rest.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw TransportError.invalidEndpoint(text, "junk after ]") }
                portText = after.dropFirst()
            }
        } else {
            let colons = rest.reduce(0) { $0 + ($1 == ":" ? 1 : 0) }
            if colons == 1, let colon = rest.firstIndex(of: ":") {
                host = rest[..<colon]
                portText = rest[rest.index(after: colon)...]
            } else {
                host = rest  // a name, an IPv4 literal, or a bare IPv6 literal
            }
        }
        guard !host.isEmpty else { throw TransportError.invalidEndpoint(text, "empty host") }
        // A DNS name or IP literal is printable ASCII (a combining mark after `[` would also
        // hide the bracket from the Character-level checks above); brackets belong only
        // around an IPv6 literal, which the branch above took apart.
        guard host.unicodeScalars.allSatisfy({ (0x21...0x7E).contains($0.value) }) else {
            throw TransportError.invalidEndpoint(text, "the host is not printable ASCII")
        }
        guard !host.unicodeScalars.contains(where: { $0 == "[" || $0 == "]" }) else {
            throw TransportError.invalidEndpoint(text, "misplaced [ or ]")
        }
        var port = Endpoint.defaultPort
        if let portText {
            guard let value = Int(portText), (1...65535).contains(value) else {
                throw TransportError.invalidEndpoint(text, "bad port")
            }
            port = value
        }
        self.host = String(host)
        self.port = port
        self.usesTLS = tls
    }

    /// `host:port`, with brackets around an IPv6 literal and the scheme when one was given.
    package var description: String {
        let scheme = usesTLS.map { $0 ? "https://" : "http://" } ?? ""
        return "\(scheme)\(authority)"
    }

    /// The HTTP/2 `:authority` value: `host:port`, IPv6 in brackets.
    package var authority: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}

extension Endpoint {
    private static func schemeSeparator(in text: Substring) -> Range<Substring.Index>? {
        var index = text.startIndex
        while index < text.endIndex {
            if text[index...].hasPrefix("://") { return index..<text.index(index, offsetBy: 3) }
            index = text.index(after: index)
        }
        return nil
    }

    /// Whether `host` is an IPv4 or IPv6 literal (never sent as SNI, verified as an IP SAN).
    package static func isIPLiteral(_ host: String) -> Bool {
        if host.contains(":") { return true }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return false }
        return parts.allSatisfy { part in
            !part.isEmpty && part.count <= 3 && part.allSatisfy(\.isASCII) && (UInt8(part).map { _ in true } ?? false)
        }
    }
}
