import Etcd3Transport
import Testing

@Suite("Endpoint parsing", .timeLimit(.minutes(3)))
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

@Suite("gRPC deframer", .timeLimit(.minutes(3)))
struct DeframerTests {
    static func framed(_ messages: [[UInt8]]) -> [UInt8] {
        messages.flatMap { GRPCFraming.frame($0) }
    }

    static let sample: [[UInt8]] = [[1, 2, 3], [], Array(repeating: 7, count: 300), [9]]

    @Test func severalPerFrame() throws {
        var deframer = GRPCDeframer(limit: 1 << 20)
        var out: [[UInt8]] = []
        try deframer.process(Self.framed(Self.sample), into: &out)
        try deframer.finish()
        #expect(out == Self.sample)
    }

    @Test func splitAtEveryByte() throws {
        let bytes = Self.framed(Self.sample)
        for split in 0...bytes.count {
            var deframer = GRPCDeframer(limit: 1 << 20)
            var out: [[UInt8]] = []
            try deframer.process(Array(bytes[..<split]), into: &out)
            try deframer.process(Array(bytes[split...]), into: &out)
            try deframer.finish()
            #expect(out == Self.sample, "split at \(split)")
        }
    }

    @Test func oneByteChunks() throws {
        var deframer = GRPCDeframer(limit: 1 << 20)
        var out: [[UInt8]] = []
        for byte in Self.framed(Self.sample) { try deframer.process([byte], into: &out) }
        try deframer.finish()
        #expect(out == Self.sample)
    }

    @Test func zeroLength() throws {
        var deframer = GRPCDeframer(limit: 0)
        var out: [[UInt8]] = []
        try deframer.process([0, 0, 0, 0, 0, 0, 0, 0, 0, 0], into: &out)
        #expect(out == [[], []])
    }

    @Test func overLimitBeforeAllocating() {
        var deframer = GRPCDeframer(limit: 100)
        var out: [[UInt8]] = []
        // Declares 4 GiB - 1 but carries nothing: must fail from the prefix alone.
        #expect(throws: GRPCDeframer.Failure.tooLarge(declared: 0xFFFF_FFFF, limit: 100)) {
            try deframer.process([0, 0xFF, 0xFF, 0xFF, 0xFF], into: &out)
        }
        var split = GRPCDeframer(limit: 100)
        #expect(throws: GRPCDeframer.Failure.tooLarge(declared: 101, limit: 100)) {
            try split.process([0, 0, 0], into: &out)
            try split.process([0, 101], into: &out)
        }
    }

    @Test func compressedFlag() {
        var deframer = GRPCDeframer(limit: 100)
        var out: [[UInt8]] = []
        #expect(throws: GRPCDeframer.Failure.compressed) { try deframer.process([1, 0, 0, 0, 1, 5], into: &out) }
    }

    @Test func partialAtEnd() throws {
        for prefix in [[0], [0, 0, 0, 0, 2], [0, 0, 0, 0, 2, 1]] as [[UInt8]] {
            var deframer = GRPCDeframer(limit: 100)
            var out: [[UInt8]] = []
            try deframer.process(prefix, into: &out)
            #expect(throws: GRPCDeframer.Failure.truncated) { try deframer.finish() }
        }
    }
}

@Suite("Response headers and trailers", .timeLimit(.minutes(3)))
struct InterpreterTests {
    static func head(_ fields: [(String, String)]) -> GRPCResponseHead {
        var head = GRPCResponseHead()
        for (name, value) in fields { head.add(name: name, value: value) }
        return head
    }

    @Test func normalHeadersContinue() {
        let h = Self.head([(":status", "200"), ("content-type", "application/grpc")])
        #expect(GRPCResponseInterpreter.statusForInitialHeaders(h, endStream: false) == nil)
        let plus = Self.head([(":status", "200"), ("content-type", "application/grpc+proto")])
        #expect(GRPCResponseInterpreter.statusForInitialHeaders(plus, endStream: false) == nil)
    }

    @Test func trailersOnly() {
        let h = Self.head([
            (":status", "200"), ("content-type", "application/grpc"), ("grpc-status", "3"),
            ("grpc-message", "etcdserver: key is not provided"),
        ])
        let status = GRPCResponseInterpreter.statusForInitialHeaders(h, endStream: true)
        #expect(status == GRPCStatus(code: .invalidArgument, message: "etcdserver: key is not provided"))
    }

    @Test(arguments: [
        (400, GRPCStatus.Code.internalError), (401, .unauthenticated), (403, .permissionDenied), (404, .unimplemented),
        (429, .unavailable), (502, .unavailable), (503, .unavailable), (504, .unavailable), (500, .unknown), (302, .unknown),
    ])
    func httpStatusTable(http: Int, code: GRPCStatus.Code) {
        let h = Self.head([(":status", "\(http)"), ("content-type", "text/html")])
        #expect(GRPCResponseInterpreter.statusForInitialHeaders(h, endStream: false)?.code == code)
        #expect(GRPCResponseInterpreter.statusForInitialHeaders(h, endStream: true)?.code == code)
    }

    @Test func nonOKHTTPWithGRPCStatusUsesIt() {
        let h = Self.head([(":status", "503"), ("grpc-status", "14"), ("grpc-message", "down")])
        #expect(GRPCResponseInterpreter.statusForInitialHeaders(h, endStream: true) == GRPCStatus(code: .unavailable, message: "down"))
    }

    @Test func wrongContentType() {
        let h = Self.head([(":status", "200"), ("content-type", "text/plain")])
        #expect(GRPCResponseInterpreter.statusForInitialHeaders(h, endStream: false)?.code == .internalError)
        let missing = Self.head([(":status", "200")])
        #expect(GRPCResponseInterpreter.statusForInitialHeaders(missing, endStream: false)?.code == .internalError)
    }

    @Test func trailers() {
        #expect(GRPCResponseInterpreter.statusForTrailers(Self.head([("grpc-status", "0")])) == .ok)
        #expect(GRPCResponseInterpreter.statusForTrailers(Self.head([])).code == .internalError)
        #expect(GRPCResponseInterpreter.statusForTrailers(Self.head([("grpc-status", "abc")])).code == .unknown)
        #expect(GRPCResponseInterpreter.statusForTrailers(Self.head([("grpc-status", "17")])).code == .unknown)
        #expect(GRPCResponseInterpreter.statusForTrailers(Self.head([("grpc-status", "-1")])).code == .unknown)
        #expect(GRPCResponseInterpreter.statusForTrailers(Self.head([("grpc-status", "0"), ("grpc-status", "0")])).code == .unknown)
        // A missing grpc-message (etcd over TLS) is an empty message.
        #expect(GRPCResponseInterpreter.statusForTrailers(Self.head([("grpc-status", "5")])) == GRPCStatus(code: .notFound, message: ""))
    }

    @Test(arguments: [
        ("plain", "plain"), ("a%20b", "a b"), ("100%25", "100%"), ("%E2%82%AC", "€"), ("bad%", "bad%"), ("bad%2", "bad%2"),
        ("bad%zz", "bad%zz"), ("%FF%FE", "%FF%FE"), ("%", "%"), ("", ""), ("%41%42", "AB"),
    ])
    func percentDecoding(raw: String, decoded: String) {
        #expect(GRPCResponseInterpreter.percentDecode(raw) == decoded)
    }

    @Test func resetMapping() {
        func code(_ c: UInt32, _ trailer: GRPCStatus? = nil) -> GRPCStatus.Code {
            GRPCResponseInterpreter.errorForReset(code: c, trailerStatus: trailer, requestSent: true).status.code
        }
        #expect(code(0) == .internalError)
        #expect(code(0, GRPCStatus(code: .resourceExhausted, message: "too big")) == .resourceExhausted)
        for c: UInt32 in [1, 2, 3, 4, 6, 9, 10] { #expect(code(c) == .internalError) }
        #expect(code(7) == .unavailable)
        #expect(code(8) == .cancelled)
        #expect(code(11) == .resourceExhausted)
        #expect(code(12) == .permissionDenied)
        let refused = GRPCResponseInterpreter.errorForReset(code: 7, trailerStatus: nil, requestSent: true)
        #expect(refused.kind == .refusedStream && refused.requestDisposition == .notSent)
        let reset = GRPCResponseInterpreter.errorForReset(code: 2, trailerStatus: nil, requestSent: true)
        #expect(reset.kind == .streamReset(2) && reset.requestDisposition == .maybeProcessed)
    }

    @Test(arguments: [
        (Duration.milliseconds(1500), "1500000u"), (.nanoseconds(5), "5n"), (.seconds(0), "1n"), (.seconds(-3), "1n"),
        (.nanoseconds(99_999_999), "99999999n"), (.nanoseconds(100_000_001), "100001u"), (.seconds(100), "100000m"),
        (.seconds(100_000), "100000S"), (.seconds(100_000_000), "1666667M"), (.seconds(360_000_000_000), "100000000H"),
        (.seconds(8_999_999_999), "2500000H"), (.seconds(9_000_000_000), "2500000H"),
        (.seconds(9_000_000_000) + .nanoseconds(1), "2500001H"), (.seconds(Int64.max), "100000000H"),
    ])
    func timeoutEncoding(duration: Duration, text: String) {
        let encoded = GRPCResponseInterpreter.encodeTimeout(duration)
        if text == "100000000H" {
            #expect(encoded == "99999999H")
        } else {
            #expect(encoded == text)
        }
        #expect(encoded.count <= 9)
    }
}
