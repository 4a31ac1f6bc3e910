import Etcd3Transport

// Target EndpointParsing (Docs/Fuzzing.md): `Endpoint(parsing:)` on arbitrary text.

enum EndpointParsingFuzz {
    /// The input is the text (invalid UTF-8 is repaired). Checks: no trap; a parsed endpoint
    /// has a non-empty host and a port in 1…65535; its description parses back to an equal
    /// endpoint; `isIPLiteral` answers for every host.
    static func run(_ input: UnsafeRawBufferPointer) {
        let text = String(decoding: input, as: UTF8.self)
        guard let endpoint = try? Endpoint(parsing: text) else { return }
        require(!endpoint.host.isEmpty, "\(text.debugDescription) parsed to an empty host")
        require((1...65535).contains(endpoint.port), "\(text.debugDescription) parsed to port \(endpoint.port)")
        _ = Endpoint.isIPLiteral(endpoint.host)
        let rendered = endpoint.description
        let again = Result { () throws(TransportError) in try Endpoint(parsing: rendered) }
        require(
            (try? again.get()) == endpoint,
            "\(text.debugDescription) parsed to \(endpoint), whose description \(rendered.debugDescription) parses to \(again)")
    }
}
