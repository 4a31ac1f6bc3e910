import Etcd3Messages
import Testing

@Suite("gRPC framing and method descriptors", .timeLimit(.minutes(3)))
struct FramingAndMethodTests {
    @Test func grpcFramePrefix() throws {
        let put = Etcdserverpb.PutRequest(key: [UInt8]("foo"), value: [UInt8]("bar"))
        #expect(put.grpcFrame() == hex("00 00 00 00 0a  0a 03 66 6f 6f 12 03 62 61 72"))
        #expect(Etcdserverpb.StatusRequest().grpcFrame() == hex("00 00 00 00 00"))

        var big = Etcdserverpb.PutRequest()
        big.value = [UInt8](repeating: 7, count: 70_000)
        let frame = big.grpcFrame()
        let length = frame[1...4].reduce(0) { $0 << 8 | Int($1) }
        #expect(frame[0] == 0)
        #expect(length == frame.count - 5)
        #expect(length == 70_000 + 4)
        #expect(try Etcdserverpb.PutRequest(wireBytes: Array(frame[5...])) == big)
    }

    @Test func headroomIsZeroed() {
        let put = Etcdserverpb.PutRequest(key: [UInt8]("k"))
        let bytes = put.wireBytes(headroom: 9)
        #expect(bytes == [UInt8](repeating: 0, count: 9) + put.wireBytes())
        #expect(Etcdserverpb.RangeRequest().wireBytes(headroom: 3) == [0, 0, 0])
    }

    @Test func methodPathsAndStreaming() {
        #expect(Etcdserverpb.KV.range.path == "/etcdserverpb.KV/Range")
        #expect(Etcdserverpb.KV.deleteRange.path == "/etcdserverpb.KV/DeleteRange")
        #expect(Etcdserverpb.KV.txn.isUnary)
        #expect(Etcdserverpb.KV.compact.path == "/etcdserverpb.KV/Compact")
        #expect(Etcdserverpb.KV.serviceName == "etcdserverpb.KV")

        #expect(Etcdserverpb.Watch.watch.path == "/etcdserverpb.Watch/Watch")
        #expect(Etcdserverpb.Watch.watch.isClientStreaming)
        #expect(Etcdserverpb.Watch.watch.isServerStreaming)

        #expect(Etcdserverpb.Lease.leaseGrant.path == "/etcdserverpb.Lease/LeaseGrant")
        #expect(Etcdserverpb.Lease.leaseKeepAlive.isClientStreaming)
        #expect(Etcdserverpb.Lease.leaseKeepAlive.isServerStreaming)
        #expect(Etcdserverpb.Lease.leaseTimeToLive.isUnary)

        #expect(Etcdserverpb.Cluster.memberList.path == "/etcdserverpb.Cluster/MemberList")
        #expect(Etcdserverpb.Maintenance.hashKV.path == "/etcdserverpb.Maintenance/HashKV")
        #expect(Etcdserverpb.Maintenance.snapshot.isServerStreaming)
        #expect(!Etcdserverpb.Maintenance.snapshot.isClientStreaming)
        #expect(Etcdserverpb.Auth.userChangePassword.path == "/etcdserverpb.Auth/UserChangePassword")
        #expect(Etcdserverpb.Auth.authenticate.isUnary)

        #expect(V3lockpb.Lock.lock.path == "/v3lockpb.Lock/Lock")
        #expect(V3lockpb.Lock.unlock.path == "/v3lockpb.Lock/Unlock")
        #expect(V3electionpb.Election.campaign.path == "/v3electionpb.Election/Campaign")
        #expect(V3electionpb.Election.observe.isServerStreaming)
        #expect(!V3electionpb.Election.observe.isClientStreaming)
    }

    @Test func methodTypesMatch() throws {
        // The descriptor carries the message types: decode a response through it.
        func decodeResponse<Request, Response>(
            _ method: GRPCMethod<Request, Response>,
            _ bytes: [UInt8]
        ) throws -> Response {
            try Response(wireBytes: bytes)
        }
        var response = Etcdserverpb.RangeResponse()
        response.count = 3
        let decoded = try decodeResponse(Etcdserverpb.KV.range, response.wireBytes())
        #expect(decoded == response)
        let leader = try decodeResponse(V3electionpb.Election.observe, V3electionpb.LeaderResponse().wireBytes())
        #expect(leader == V3electionpb.LeaderResponse())
    }
}
