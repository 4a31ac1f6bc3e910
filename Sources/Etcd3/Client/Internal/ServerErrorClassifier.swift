/// How a failed call may be retried (the error table in `Docs/Errors.md`).
package enum RetryClass: Sendable, Hashable {
    /// The server did not process the request: any call may be retried.
    case safe
    /// Reads may be retried on another endpoint; a write's outcome is unknown.
    case readOnly
    /// Surface to the caller.
    case never
}

/// The client's reading of one gRPC status from etcd.
package struct ServerErrorClassification: Sendable, Hashable {
    package var code: EtcdError.Code
    package var retry: RetryClass
}

/// Maps etcd's gRPC status (code + message) to the client's error code and retry class.
///
/// The message is matched first because etcd reuses gRPC codes for unrelated conditions (code 3
/// covers both an empty key and a stale auth revision; code 2 `context deadline exceeded` is a
/// server-side proposal timeout, not a permanent failure).
package func classifyServerError(grpcCode: Int, message: String) -> ServerErrorClassification {
    func has(_ fragment: String) -> Bool { message.contains(fragment) }

    switch grpcCode {
    case 1:
        return .init(code: .cancelled, retry: .never)
    case 2:
        if has("context deadline exceeded") { return .init(code: .unavailable, retry: .readOnly) }
        // The Lock and Election services return etcd's Go concurrency errors, and the errors of
        // the requests they make, as code 2.
        if has("requested lease not found") { return .init(code: .leaseNotFound, retry: .never) }
        // etcd before 3.5.6 returns `revision of auth store is old` unmapped.
        if has("auth: revision in header is old") { return .init(code: .auth, retry: .never) }
        if has("election: not leader") { return .init(code: .leadershipLost, retry: .never) }
        if has("election: no leader") { return .init(code: .notFound, retry: .never) }
        if has("mutex: session is expired") { return .init(code: .leaseNotFound, retry: .never) }
        if has("\"leader\" field must be provided") { return .init(code: .invalidArgument, retry: .never) }
        return .init(code: .unknown, retry: .never)
    case 3:
        if has("request is too large") { return .init(code: .requestTooLarge, retry: .never) }
        if has("user name is empty") { return .init(code: .unauthenticated, retry: .never) }
        if has("authentication failed") { return .init(code: .authenticationFailed, retry: .never) }
        if has("revision of auth store is old") { return .init(code: .auth, retry: .never) }
        if has("role name is empty") || has("invalid auth management") {
            return .init(code: .auth, retry: .never)
        }
        return .init(code: .invalidArgument, retry: .never)
    case 4:
        return .init(code: .deadlineExceeded, retry: .never)
    case 5:
        if has("lease not found") { return .init(code: .leaseNotFound, retry: .never) }
        if has("member not found") { return .init(code: .memberNotFound, retry: .never) }
        return .init(code: .notFound, retry: .never)
    case 7:
        return .init(code: .permissionDenied, retry: .never)
    case 8:
        if has("database space exceeded") { return .init(code: .noSpace, retry: .never) }
        if has("too many requests") { return .init(code: .overloaded, retry: .safe) }
        if has("larger than max") { return .init(code: .requestTooLarge, retry: .never) }
        return .init(code: .overloaded, retry: .never)
    case 9:
        if has("lease already exists") { return .init(code: .leaseExists, retry: .never) }
        if has("not leader") { return .init(code: .notLeader, retry: .never) }
        if has("bad leader transferee") { return .init(code: .invalidArgument, retry: .never) }
        if has("member") || has("Peer URLs") || has("learner") || has("re-configuration") {
            return .init(code: .membership, retry: .never)
        }
        if has("user") || has("role") || has("root") || has("permission") || has("auth") {
            return .init(code: .auth, retry: .never)
        }
        return .init(code: .failedPrecondition, retry: .never)
    case 11:
        if has("compacted") { return .init(code: .compacted, retry: .never) }
        if has("future revision") { return .init(code: .futureRevision, retry: .never) }
        if has("too large lease TTL") { return .init(code: .invalidArgument, retry: .never) }
        return .init(code: .invalidArgument, retry: .never)
    case 12:
        return .init(code: .unimplemented, retry: .never)
    case 13:
        return .init(code: .internalError, retry: .never)
    case 14:
        if has("no leader") { return .init(code: .noLeader, retry: .readOnly) }
        if has("not capable") { return .init(code: .unavailable, retry: .safe) }
        if has("unhealthy cluster") { return .init(code: .unhealthyCluster, retry: .never) }
        if has("not supported for learner") { return .init(code: .learnerOnly, retry: .safe) }
        // leader changed, request timed out (all variants), server stopped, and anything else
        // the server calls unavailable: reads retry, writes are ambiguous.
        return .init(code: .unavailable, retry: .readOnly)
    case 15:
        return .init(code: .corrupt, retry: .never)
    case 16:
        return .init(code: .unauthenticated, retry: .never)
    default:
        return .init(code: .unknown, retry: .never)
    }
}
