import Etcd3Transport
import Testing

/// Inputs found by the fuzz targets (Docs/Fuzzing.md), kept as regression tests.
@Suite("Fuzz regressions", .timeLimit(.minutes(3)))
struct FuzzRegressionTests {
    static func head(_ fields: [(String, String)]) -> GRPCResponseHead {
        var head = GRPCResponseHead()
        for (name, value) in fields { head.add(name: name, value: value) }
        return head
    }

    /// ResponseHeaders: `Int(_:)` accepted a signed `:status`, so "-33333332" was mapped through the HTTP
    /// table (UNKNOWN) instead of being rejected as invalid (INTERNAL).
    @Test(arguments: ["-33333332", "+200", "+404", "-200", " 200", ""])
    func signedOrBlankHTTPStatusIsInvalid(_ raw: String) {
        let h = Self.head([(":status", raw), ("content-type", "application/grpc")])
        #expect(GRPCResponseInterpreter.statusForInitialHeaders(h, endStream: false)?.code == .internalError)
    }

    /// ResponseHeaders (same root cause): a signed `grpc-status` such as "+0" or "-0" was read as OK; the
    /// grammar is ASCII digits only, so it is UNKNOWN.
    @Test(arguments: ["+0", "-0", "+5", " 0", "0 ", "١"])
    func signedGRPCStatusIsUnknown(_ raw: String) {
        let trailers = Self.head([("grpc-status", raw)])
        #expect(GRPCResponseInterpreter.statusForTrailers(trailers).code == .unknown)
        let trailersOnly = Self.head([(":status", "200"), ("content-type", "application/grpc"), ("grpc-status", raw)])
        #expect(GRPCResponseInterpreter.statusForInitialHeaders(trailersOnly, endStream: true)?.code == .unknown)
    }

    @Test func leadingZerosAreDigits() {
        #expect(GRPCResponseInterpreter.statusForTrailers(Self.head([("grpc-status", "005")])).code == .notFound)
        #expect(GRPCResponseInterpreter.statusForTrailers(Self.head([("grpc-status", "0000000000000000000000000005")])).code == .unknown)
    }

    /// ResponseHeaders: any content type starting with "application/grpc" was accepted, such as
    /// "application/grpc200t+proto"; only "application/grpc", "+subtype" and ";params" are gRPC.
    @Test(arguments: ["application/grpc200t+proto", "application/grpcx", "application/grpc-web"])
    func contentTypeMustBeGRPC(_ type: String) {
        let h = Self.head([(":status", "200"), ("content-type", type)])
        #expect(GRPCResponseInterpreter.statusForInitialHeaders(h, endStream: false)?.code == .internalError)
    }

    @Test(arguments: ["application/grpc", "application/grpc+proto", "application/grpc;charset=utf-8"])
    func grpcContentTypes(_ type: String) {
        let h = Self.head([(":status", "200"), ("content-type", type)])
        #expect(GRPCResponseInterpreter.statusForInitialHeaders(h, endStream: false) == nil)
    }

    /// EndpointParsing: a host with brackets outside the `[v6]:port` form was accepted whole
    /// ("HTTP[::1]:2380" became the host `HTTP[::1]:2380` on port 2379), and its description
    /// did not parse back.
    @Test(arguments: ["HTTP[::1]:2380", "a]", "[[::1]", "x[y", "::1]:2379", "http://h[1]"])
    func bracketsOutsideAnIPv6LiteralAreRejected(_ text: String) {
        #expect(throws: TransportError.self) { try Endpoint(parsing: text) }
    }

    /// EndpointParsing: "\u{05AB}::::" parsed to a host starting with a combining mark, whose
    /// description "[\u{05AB}::::]:2379" (the mark fused with `[` into one Character) did not
    /// parse back.
    @Test(arguments: ["\u{05AB}::::", "h\u{301}:2379", "caf\u{E9}", "a b:1", "[\u{05AB}::1]"])
    func hostsThatAreNotPrintableASCIIAreRejected(_ text: String) {
        #expect(throws: TransportError.self) { try Endpoint(parsing: text) }
    }
}
