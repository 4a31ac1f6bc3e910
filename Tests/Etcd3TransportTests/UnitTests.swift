import Testing

@testable import Etcd3Transport

@Suite("Endpoint parsing")
struct EndpointTests {
    @Test func parses() throws {
        var e = try Endpoint(parsing: "127.0.0.1:2379")
        #expect(e.host == "127.0.0.1" && e.port == 2379 && e.usesTLS == nil)
        e = try Endpoint(parsing: "localhost")
        #expect(e.host == "localhost" && e.port == 2379)
        e = try Endpoint(parsing: "http://h:23")
        #expect(e.host == "h" && e.port == 23 && e.usesTLS == false)
        e = try Endpoint(parsing: "https://h:2379/")
        #expect(e.usesTLS == true)
        e = try Endpoint(parsing: "[::1]:2380")
        #expect(e.host == "::1" && e.port == 2380 && e.authority == "[::1]:2380")
        e = try Endpoint(parsing: "::1")
        #expect(e.host == "::1" && e.port == 2379)
        e = try Endpoint(parsing: "[fe80::1]")
        #expect(e.host == "fe80::1" && e.port == 2379)
    }

    @Test(arguments: ["", "h:0", "h:70000", "h:x", "ftp://h", "h:1/path", "[::1", "[::1]x", "http://"])
    func rejects(_ text: String) {
        #expect(throws: TransportError.self) { try Endpoint(parsing: text) }
    }

    @Test func ipLiterals() {
        #expect(Endpoint.isIPLiteral("127.0.0.1"))
        #expect(Endpoint.isIPLiteral("::1"))
        #expect(!Endpoint.isIPLiteral("localhost"))
        #expect(!Endpoint.isIPLiteral("1.2.3"))
        #expect(!Endpoint.isIPLiteral("1.2.3.999"))
    }
}
