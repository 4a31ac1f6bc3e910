import Etcd3
import Testing

@Suite("Server error classification", .timeLimit(.minutes(3)))
struct ErrorClassificationTests {
    struct Row: Sendable, CustomStringConvertible {
        var grpcCode: Int
        var message: String
        var code: EtcdError.Code
        var retry: RetryClass
        var description: String { "\(grpcCode) \(message)" }
    }

    static let rows: [Row] = [
        Row(grpcCode: 3, message: "etcdserver: key is not provided", code: .invalidArgument, retry: .never),
        Row(grpcCode: 3, message: "etcdserver: request is too large", code: .requestTooLarge, retry: .never),
        Row(
            grpcCode: 8, message: "grpc: received message larger than max (2201610 vs. 2097152)",
            code: .requestTooLarge, retry: .never),
        Row(grpcCode: 3, message: "etcdserver: too many operations in txn request", code: .invalidArgument, retry: .never),
        Row(grpcCode: 3, message: "etcdserver: duplicate key given in txn request", code: .invalidArgument, retry: .never),
        Row(grpcCode: 11, message: "etcdserver: mvcc: required revision has been compacted", code: .compacted, retry: .never),
        Row(
            grpcCode: 11, message: "etcdserver: mvcc: required revision is a future revision", code: .futureRevision,
            retry: .never),
        Row(grpcCode: 8, message: "etcdserver: mvcc: database space exceeded", code: .noSpace, retry: .never),
        Row(grpcCode: 8, message: "etcdserver: too many requests", code: .overloaded, retry: .safe),
        Row(grpcCode: 5, message: "etcdserver: requested lease not found", code: .leaseNotFound, retry: .never),
        Row(grpcCode: 9, message: "etcdserver: lease already exists", code: .leaseExists, retry: .never),
        Row(grpcCode: 11, message: "etcdserver: too large lease TTL", code: .invalidArgument, retry: .never),
        Row(grpcCode: 14, message: "etcdserver: no leader", code: .noLeader, retry: .readOnly),
        Row(grpcCode: 14, message: "etcdserver: leader changed", code: .unavailable, retry: .readOnly),
        Row(grpcCode: 14, message: "etcdserver: request timed out", code: .unavailable, retry: .readOnly),
        Row(grpcCode: 2, message: "context deadline exceeded", code: .unavailable, retry: .readOnly),
        Row(grpcCode: 14, message: "etcdserver: not capable", code: .unavailable, retry: .safe),
        Row(grpcCode: 14, message: "etcdserver: unhealthy cluster", code: .unhealthyCluster, retry: .never),
        Row(grpcCode: 14, message: "etcdserver: rpc not supported for learner", code: .learnerOnly, retry: .safe),
        Row(grpcCode: 15, message: "etcdserver: corrupt cluster", code: .corrupt, retry: .never),
        Row(grpcCode: 9, message: "etcdserver: not leader", code: .notLeader, retry: .never),
        Row(grpcCode: 5, message: "etcdserver: member not found", code: .memberNotFound, retry: .never),
        Row(grpcCode: 9, message: "etcdserver: member ID already exist", code: .membership, retry: .never),
        Row(grpcCode: 3, message: "etcdserver: user name is empty", code: .unauthenticated, retry: .never),
        Row(grpcCode: 16, message: "etcdserver: invalid auth token", code: .unauthenticated, retry: .never),
        Row(
            grpcCode: 3, message: "etcdserver: authentication failed, invalid user ID or password",
            code: .authenticationFailed, retry: .never),
        Row(grpcCode: 7, message: "etcdserver: permission denied", code: .permissionDenied, retry: .never),
        Row(grpcCode: 3, message: "etcdserver: revision of auth store is old", code: .auth, retry: .never),
        Row(grpcCode: 2, message: "auth: revision in header is old", code: .auth, retry: .never),
        Row(grpcCode: 9, message: "etcdserver: user name already exists", code: .auth, retry: .never),
        Row(
            grpcCode: 12, message: "unknown method Foo for service etcdserverpb.KV", code: .unimplemented,
            retry: .never),
        Row(
            grpcCode: 13, message: "grpc: error unmarshalling request: unexpected EOF", code: .internalError,
            retry: .never),
        Row(grpcCode: 2, message: "something else", code: .unknown, retry: .never),
    ]

    @Test(arguments: rows)
    func classifies(row: Row) {
        let classification = classifyServerError(grpcCode: row.grpcCode, message: row.message)
        #expect(classification.code == row.code)
        #expect(classification.retry == row.retry)
    }

    @Test func descriptionNamesCodeAndStatus() {
        let error = EtcdError(
            .compacted, "etcdserver: mvcc: required revision has been compacted",
            grpcStatusCode: 11, compactRevision: 7)
        #expect(error.description.contains("compacted"))
        #expect(error.description.contains("grpc-status 11"))
        #expect(error.description.contains("compact revision 7"))
    }
}
