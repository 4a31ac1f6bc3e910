import Etcd3Messages
import Testing

@Suite("Decoding untrusted bytes", .timeLimit(.minutes(3)))
struct DecodingTests {
    @Test(arguments: [
        ("truncated varint", "08 ff"),
        ("truncated ten-byte varint", "18 ff ff ff ff ff ff ff ff ff"),
        ("varint longer than ten bytes", "18 ff ff ff ff ff ff ff ff ff ff 01"),
        ("length past end", "0a 05 61"),
        ("huge length", "0a ff ff ff ff 0f 61"),
        ("wire type 7", "0f 00"),
        ("field number 0", "00 00"),
        ("truncated fixed64", "09 01 02 03"),
        ("bare tag", "0a"),
    ])
    func malformedInputThrows(_ name: String, _ bytes: String) {
        #expect(throws: WireDecodingError.malformed, "\(name)") {
            try Etcdserverpb.PutRequest(wireBytes: hex(bytes))
        }
    }

    @Test func malformedNestedMessageThrows() {
        // RangeResponse.kvs[0] claims 4 bytes but holds a truncated varint.
        #expect(throws: WireDecodingError.malformed) {
            try Etcdserverpb.RangeResponse(wireBytes: hex("12 02 10 ff"))
        }
        // A nested length that runs past its parent.
        #expect(throws: WireDecodingError.malformed) {
            try Etcdserverpb.TxnResponse(wireBytes: hex("1a 03 0a 05 00 00 00"))
        }
    }

    @Test func unknownEnumValuesSurvive() throws {
        let event = try Mvccpb.Event(wireBytes: hex("08 07"))
        #expect(event.type == .unrecognized(7))
        #expect(event.wireBytes() == hex("08 07"))

        let negative = try Mvccpb.Event(wireBytes: hex("08 ff ff ff ff ff ff ff ff ff 01"))
        #expect(negative.type == .unrecognized(-1))
        #expect(try Mvccpb.Event(wireBytes: negative.wireBytes()) == negative)

        let alarm = try Etcdserverpb.AlarmMember(wireBytes: hex("10 63"))
        #expect(alarm.alarm == .unrecognized(99))
        #expect(Etcdserverpb.AlarmType(rawValue: 1) == .nospace)
        #expect(Etcdserverpb.AlarmType.unrecognized(99).rawValue == 99)
    }

    @Test func nullSubMessagesBecomeNil() throws {
        let event = try Mvccpb.Event(wireBytes: hex("08 01"))
        #expect(event.type == .delete)
        #expect(event.kv == nil)
        #expect(event.prevKv == nil)
        let response = try Etcdserverpb.PutResponse(wireBytes: [])
        #expect(response.header == nil)
        // An empty sub-message is present, not nil.
        #expect(try Etcdserverpb.PutResponse(wireBytes: hex("0a 00")).header == Etcdserverpb.ResponseHeader())
    }

    @Test func invalidUTF8IsDecodedLossily() throws {
        // AuthenticateResponse.token = ff fe 41
        let response = try Etcdserverpb.AuthenticateResponse(wireBytes: hex("12 03 ff fe 41"))
        #expect(response.token.unicodeScalars.last == "A")
        #expect(response.token.unicodeScalars.first == "\u{FFFD}")
        // Repeated strings too.
        let status = try Etcdserverpb.StatusResponse(wireBytes: hex("42 02 c3 28 42 01 61"))
        #expect(status.errors.count == 2)
        #expect(status.errors[1] == "a")
    }

    @Test func negativeAndHugeIntegersAreAccepted() throws {
        var kv = Mvccpb.KeyValue()
        kv.createRevision = Int64.min
        kv.modRevision = -1
        kv.version = Int64.max
        kv.lease = -42
        try expectRoundTrip(kv)
        var header = Etcdserverpb.ResponseHeader()
        header.clusterId = UInt64.max
        header.revision = Int64.min
        try expectRoundTrip(header)
    }

    @Test func allocationCapIsEnforced() throws {
        var response = Etcdserverpb.RangeResponse()
        response.kvs = (0..<1000).map { keyValue("k\($0)", "v") }
        let bytes = response.wireBytes()
        let capped = bytes.withUnsafeBytes { buffer in
            Result { () throws(WireDecodingError) in
                try Etcdserverpb.RangeResponse(wireBytes: buffer, allocationLimit: 4096)
            }
        }
        #expect(throws: WireDecodingError.allocationLimit) { try capped.get() }
        let roomy = bytes.withUnsafeBytes { buffer in
            Result { () throws(WireDecodingError) in
                try Etcdserverpb.RangeResponse(wireBytes: buffer, allocationLimit: 64 * bytes.count)
            }
        }
        #expect(try roomy.get() == response)
        // The default cap (64 × input + 1 MiB) lets it through.
        #expect(try Etcdserverpb.RangeResponse(wireBytes: bytes) == response)
        #expect(WireDecodingLimits.defaultAllocationLimit(inputCount: 10) == 640 + 1_048_576)
    }

    @Test func realisticDenseMessagesStayUnderTheDefaultCap() throws {
        // The smallest key-values etcd sends (1-byte key, revisions and version set) need
        // about 16 × their encoded size once unpacked.
        var response = Etcdserverpb.RangeResponse()
        response.kvs = (0..<100_000).map { index in
            var kv = Mvccpb.KeyValue()
            kv.key = [UInt8(truncatingIfNeeded: index)]
            kv.createRevision = 2
            kv.modRevision = 3
            kv.version = 1
            return kv
        }
        let bytes = response.wireBytes()
        let decoded = try bytes.withUnsafeBytes { buffer in
            Result { () throws(WireDecodingError) in
                try Etcdserverpb.RangeResponse(wireBytes: buffer, allocationLimit: 20 * bytes.count)
            }
        }.get()
        #expect(decoded == response)
    }

    @Test func amplifyingInputIsBounded() {
        // Nothing but 2-byte empty sub-messages: protobuf-c allocates a pointer, a struct and
        // 32 bytes of scan bookkeeping for each, about 70 × the input. Under the default cap
        // (64 × + 1 MiB of slack) a small input passes; a tighter cap turns it away.
        let members = (0..<20_000).map { $0 % 2 == 0 ? UInt8(0x12) : UInt8(0x00) }
        let decoded = Result { () throws(WireDecodingError) in try Etcdserverpb.MemberListResponse(wireBytes: members) }
        #expect((try? decoded.get())?.members.count == 10_000)

        let capped = members.withUnsafeBytes { buffer in
            Result { () throws(WireDecodingError) in
                try Etcdserverpb.MemberListResponse(wireBytes: buffer, allocationLimit: 32 * members.count)
            }
        }
        #expect(capped.failure == .allocationLimit)
    }

    @Test func inputPastFourGiBIsTooLarge() {
        // The size check runs before protobuf-c reads anything.
        let byte: UInt8 = 0
        withUnsafePointer(to: byte) { pointer in
            let claimed = UnsafeRawBufferPointer(start: pointer, count: Int(UInt32.max) + 1)
            #expect(throws: WireDecodingError.tooLarge) {
                try Etcdserverpb.RangeResponse(wireBytes: claimed)
            }
        }
    }

    @Test func everyPrefixOfAMessageDecodesOrThrows() throws {
        var event = Mvccpb.Event()
        event.kv = keyValue("prefix/key", "some value")
        event.prevKv = keyValue("prefix/key", "older")
        var response = Etcdserverpb.WatchResponse()
        response.header = header()
        response.events = [event, event]
        response.cancelReason = "reason"
        let bytes = response.wireBytes()
        var failures = 0
        for length in 0..<bytes.count {
            do {
                let decoded = try Etcdserverpb.WatchResponse(wireBytes: Array(bytes[..<length]))
                #expect(try Etcdserverpb.WatchResponse(wireBytes: decoded.wireBytes()) == decoded)
            } catch {
                failures += 1
            }
        }
        #expect(failures > 0)
    }

    @Test func randomBytesNeverCrash() {
        var generator = SplitMix64(seed: 0x5EED)
        var decodedCount = 0
        for _ in 0..<3000 {
            let count = Int(generator.next() % 64)
            let bytes = (0..<count).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            decodedCount += decodeAndReencode(Etcdserverpb.TxnResponse.self, bytes)
            decodedCount += decodeAndReencode(Etcdserverpb.WatchResponse.self, bytes)
            decodedCount += decodeAndReencode(Etcdserverpb.RangeResponse.self, bytes)
            decodedCount += decodeAndReencode(Etcdserverpb.MemberListResponse.self, bytes)
            decodedCount += decodeAndReencode(Etcdserverpb.StatusResponse.self, bytes)
            decodedCount += decodeAndReencode(V3electionpb.LeaderResponse.self, bytes)
        }
        #expect(decodedCount > 0)
    }

    /// Decodes; when that works, checks decode → encode → decode gives the same message.
    private func decodeAndReencode<M: WireMessage>(_ type: M.Type, _ bytes: [UInt8]) -> Int {
        guard let decoded = try? M(wireBytes: bytes) else { return 0 }
        #expect((try? M(wireBytes: decoded.wireBytes())) == decoded)
        return 1
    }
}

extension Result {
    /// The error, or nil on success (keeps huge values out of failure messages).
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}

/// A small deterministic generator, so failures reproduce.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
