import Etcd3Messages
import Testing

@Suite("Known byte vectors", .timeLimit(.minutes(3)))
struct KnownBytesTests {
    @Test func putRequestFooBar() throws {
        var put = Etcdserverpb.PutRequest()
        put.key = [UInt8]("foo")
        put.value = [UInt8]("bar")
        #expect(put.wireBytes() == hex("0a 03 66 6f 6f 12 03 62 61 72"))
        #expect(try Etcdserverpb.PutRequest(wireBytes: hex("0a 03 66 6f 6f 12 03 62 61 72")) == put)
    }

    @Test func emptyMessagesEncodeToZeroBytes() throws {
        #expect(Etcdserverpb.RangeRequest().wireBytes().isEmpty)
        #expect(Etcdserverpb.StatusRequest().wireBytes().isEmpty)
        #expect(Etcdserverpb.WatchProgressRequest().wireBytes().isEmpty)
        #expect(try Etcdserverpb.RangeResponse(wireBytes: []) == Etcdserverpb.RangeResponse())
        #expect(try Etcdserverpb.StatusRequest(wireBytes: []) == Etcdserverpb.StatusRequest())
        // Defaults are not sent (proto3): zeros, false, empty strings and bytes, first enum value.
        var range = Etcdserverpb.RangeRequest()
        range.sortOrder = .none
        range.limit = 0
        range.key = []
        #expect(range.wireBytes().isEmpty)
    }

    @Test func negativeInt64IsATenByteVarint() throws {
        var range = Etcdserverpb.RangeRequest()
        range.revision = -1
        #expect(range.wireBytes() == hex("20 ff ff ff ff ff ff ff ff ff 01"))
        #expect(try Etcdserverpb.RangeRequest(wireBytes: range.wireBytes()).revision == -1)

        var minimum = Etcdserverpb.RangeRequest()
        minimum.limit = Int64.min
        #expect(minimum.wireBytes() == hex("18 80 80 80 80 80 80 80 80 80 01"))
        try expectRoundTrip(minimum)
    }

    @Test func watchIDMinusOne() throws {
        var cancel = Etcdserverpb.WatchCancelRequest()
        cancel.watchId = -1
        #expect(cancel.wireBytes() == hex("08 ff ff ff ff ff ff ff ff ff 01"))

        var request = Etcdserverpb.WatchRequest()
        request.requestUnion = .cancelRequest(cancel)
        #expect(request.wireBytes() == hex("12 0b 08 ff ff ff ff ff ff ff ff ff 01"))

        var response = Etcdserverpb.WatchResponse()
        response.watchId = -1
        #expect(response.wireBytes() == hex("10 ff ff ff ff ff ff ff ff ff 01"))
        #expect(try Etcdserverpb.WatchResponse(wireBytes: response.wireBytes()).watchId == -1)
    }

    @Test func fieldsAreWrittenInNumberOrder() {
        var compare = Etcdserverpb.Compare()
        compare.result = .notEqual
        compare.target = .lease
        compare.key = [UInt8]("k")
        compare.targetUnion = .lease(300)
        compare.rangeEnd = [0]
        // 1: result 3, 2: target 4, 3: key "k", 8: lease 300 (ac 02), 64: range_end "\0"
        #expect(compare.wireBytes() == hex("08 03 10 04 1a 01 6b 40 ac 02 82 04 01 00"))
    }

    @Test func oneofWithDefaultValueIsStillSent() throws {
        var compare = Etcdserverpb.Compare()
        compare.targetUnion = .version(0)
        #expect(compare.wireBytes() == hex("20 00"))
        #expect(try Etcdserverpb.Compare(wireBytes: hex("20 00")).targetUnion == .version(0))

        var op = Etcdserverpb.RequestOp()
        op.request = .requestRange(Etcdserverpb.RangeRequest())
        #expect(op.wireBytes() == hex("0a 00"))
        #expect(try Etcdserverpb.RequestOp(wireBytes: hex("0a 00")) == op)
    }

    @Test func packedRepeatedEnum() throws {
        var create = Etcdserverpb.WatchCreateRequest()
        create.filters = [.noput, .nodelete]
        #expect(create.wireBytes() == hex("2a 02 00 01"))
        // Decoders must also accept the unpacked form.
        #expect(try Etcdserverpb.WatchCreateRequest(wireBytes: hex("28 00 28 01")).filters == [.noput, .nodelete])
    }

    @Test func lastValueOfASingularFieldWins() throws {
        let decoded = try Etcdserverpb.PutRequest(wireBytes: hex("18 01 18 02"))
        #expect(decoded.lease == 2)
    }

    @Test func unknownFieldsAreSkipped() throws {
        // Field 15 (varint) and field 16 (length-delimited) are not in KeyValue.
        let decoded = try Mvccpb.KeyValue(wireBytes: hex("0a 01 61 78 05 82 01 02 ff ff 30 09"))
        #expect(decoded.key == [UInt8]("a"))
        #expect(decoded.lease == 9)
    }
}
