/// The one error type of the client.
///
/// An error has a ``code`` to branch on, the ``message`` the server (or the client) gave, and,
/// where the server answered, the gRPC status it answered with. Codes are an extensible set:
/// new ones may be added in minor releases, so a `switch` over them needs a `default`.
///
/// ```swift
/// do {
///     try await client.put("/k", "v")
/// } catch let error where error.code == .indeterminate {
///     // The put may or may not have been applied: read before writing again.
/// }
/// ```
///
/// See `Docs/Errors.md` for the whole table: which server errors map to which code, and which
/// of them the client retries by itself.
public struct EtcdError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, as a value to compare against the static members.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        fileprivate enum Base: String, Sendable, Hashable {
            case invalidArgument, requestTooLarge, responseTooLarge, compacted, futureRevision, noSpace
            case overloaded, leaseNotFound, leaseExpired, leaseExists, noLeader, unavailable, indeterminate
            case deadlineExceeded, cancelled, unhealthyCluster, learnerOnly, corrupt, notLeader
            case memberNotFound, membership, unauthenticated, authenticationFailed, permissionDenied
            case auth, unimplemented, internalError, protocolViolation, tls, closed, notFound
            case failedPrecondition, slowConsumer, lockLost, leadershipLost, retriesExhausted, resourceExhausted
            case staleRead, discoveryFailed, notRunning
            case unknown
        }
        fileprivate let base: Base

        /// The request is malformed: an empty key, a duplicate key or too many operations in a
        /// transaction, a lease TTL that is too large, an unknown option. Nothing was applied.
        public static let invalidArgument = Code(base: .invalidArgument)
        /// The request is larger than the server (or the client's send guard) accepts.
        public static let requestTooLarge = Code(base: .requestTooLarge)
        /// The response is larger than the configured receive limit.
        public static let responseTooLarge = Code(base: .responseTooLarge)
        /// The requested revision has been compacted; ``EtcdError/compactRevision`` tells where
        /// history now starts when the server said so.
        public static let compacted = Code(base: .compacted)
        /// The requested revision is newer than the server's current one.
        public static let futureRevision = Code(base: .futureRevision)
        /// The server's storage quota is exhausted (an operator must compact, defragment and
        /// disarm the alarm).
        public static let noSpace = Code(base: .noSpace)
        /// The server rejected the request because it is overloaded, after the client's own retries.
        public static let overloaded = Code(base: .overloaded)
        /// The lease does not exist (it expired or was revoked).
        public static let leaseNotFound = Code(base: .leaseNotFound)
        /// A lease kept alive by the client could not be proven alive: no keep-alive was
        /// acknowledged within its TTL (no endpoint reachable, no leader, a silent connection),
        /// so the server may already have let it expire.
        public static let leaseExpired = Code(base: .leaseExpired)
        /// A lease with the requested ID already exists.
        public static let leaseExists = Code(base: .leaseExists)
        /// The cluster has no leader.
        public static let noLeader = Code(base: .noLeader)
        /// No endpoint could serve the request; it was not applied.
        public static let unavailable = Code(base: .unavailable)
        /// A write whose outcome is unknown: its bytes reached a server, then the connection or the
        /// server failed before an answer. It may or may not have been applied, and the client did
        /// not resend it.
        public static let indeterminate = Code(base: .indeterminate)
        /// The call's deadline passed. For a write, the outcome is unknown.
        public static let deadlineExceeded = Code(base: .deadlineExceeded)
        /// The call was cancelled (task cancellation or ``Etcd3Client/close()``).
        public static let cancelled = Code(base: .cancelled)
        /// A membership change was refused because it would break quorum.
        public static let unhealthyCluster = Code(base: .unhealthyCluster)
        /// Only learner members were reachable, and they cannot serve the request.
        public static let learnerOnly = Code(base: .learnerOnly)
        /// The cluster reports corrupted data.
        public static let corrupt = Code(base: .corrupt)
        /// The operation must be sent to the leader.
        public static let notLeader = Code(base: .notLeader)
        /// The member does not exist.
        public static let memberNotFound = Code(base: .memberNotFound)
        /// A membership change was refused (existing member, peer URLs in use, learner limits).
        public static let membership = Code(base: .membership)
        /// The call had no valid credentials.
        public static let unauthenticated = Code(base: .unauthenticated)
        /// The user name or password is wrong.
        public static let authenticationFailed = Code(base: .authenticationFailed)
        /// The user lacks permission for the key or operation.
        public static let permissionDenied = Code(base: .permissionDenied)
        /// A user or role management call failed (user exists, role not granted, …).
        public static let auth = Code(base: .auth)
        /// The server does not implement the call (it is too old).
        public static let unimplemented = Code(base: .unimplemented)
        /// The server reported an internal error.
        public static let internalError = Code(base: .internalError)
        /// The server broke the HTTP/2 or gRPC protocol, or sent a message the client cannot decode.
        public static let protocolViolation = Code(base: .protocolViolation)
        /// TLS failed: see ``EtcdError/tlsFailure``.
        public static let tls = Code(base: .tls)
        /// The client was closed.
        public static let closed = Code(base: .closed)
        /// The client was created with ``Etcd3Client/init(startingInRun:)`` and its
        /// ``Etcd3Client/run()`` did not start within the call's deadline: nothing was sent.
        /// Start `run()` (in a task group, or as a `Service` of a `ServiceGroup`). (Once `run()`
        /// has ended, calls fail with ``closed``.)
        public static let notRunning = Code(base: .notRunning)
        /// The server reported that something does not exist.
        public static let notFound = Code(base: .notFound)
        /// The server refused the call in its current state.
        public static let failedPrecondition = Code(base: .failedPrecondition)
        /// A watch's consumer fell further behind than
        /// ``Etcd3Client/Configuration/watchBufferSize`` allows, under the
        /// ``Etcd3Client/SlowConsumerPolicy/cancel`` policy: the watch was cancelled after
        /// delivering every event it had buffered. Watch again from the last revision you saw + 1.
        public static let slowConsumer = Code(base: .slowConsumer)
        /// A lock is not held (any more): its session was lost while a ``Etcd3Client/withLock(_:session:timeout:isolation:_:)``
        /// body ran, a fenced write found the lock key gone or owned by another holder (the write
        /// was not applied), or a release found nothing to release.
        public static let lockLost = Code(base: .lockLost)
        /// An election's leadership is not held (any more): its session was lost or its leader key
        /// was deleted while a ``Etcd3Client/withLeadership(_:value:session:timeout:isolation:_:)`` body ran,
        /// or a proclaim or resign found that this candidate does not lead (nothing was written).
        public static let leadershipLost = Code(base: .leadershipLost)
        /// A software transaction conflicted with other writers more times than it may retry;
        /// nothing of its last attempt was applied.
        public static let retriesExhausted = Code(base: .retriesExhausted)
        /// The process ran out of a system resource the client needs (file descriptors or
        /// threads for its I/O thread); nothing was sent.
        public static let resourceExhausted = Code(base: .resourceExhausted)
        /// A read found only members behind a revision the client had already returned for a
        /// read, until its attempts or its deadline ran out (the ordering guard of
        /// ``Etcd3Client/Configuration/monotonicReads``). Nothing was written: it is a read.
        /// Retry later, or read linearizably.
        public static let staleRead = Code(base: .staleRead)
        /// DNS SRV discovery (``Etcd3Client/Configuration/discoverySRV``) found no endpoint:
        /// the domain or record does not exist (NXDOMAIN), the answer holds no record, or no DNS
        /// server answered in time; the message says which. Nothing was sent to etcd.
        public static let discoveryFailed = Code(base: .discoveryFailed)
        /// Anything else; see the message.
        public static let unknown = Code(base: .unknown)

        /// The code's name.
        public var description: String { base.rawValue }
    }

    /// Why a TLS connection failed.
    public struct TLSFailure: Sendable, Hashable, CustomStringConvertible {
        fileprivate enum Base: String, Sendable, Hashable {
            case verifyFailed, hostnameMismatch, peerRejectedCertificate, alpnNotNegotiated
            case handshakeFailed, invalidConfiguration
        }
        fileprivate let base: Base

        /// The server's certificate chain did not verify against the trusted roots.
        public static let verifyFailed = TLSFailure(base: .verifyFailed)
        /// The server's certificate does not name the host or IP the client connected to.
        public static let hostnameMismatch = TLSFailure(base: .hostnameMismatch)
        /// The server rejected the client's certificate (or the lack of one).
        public static let peerRejectedCertificate = TLSFailure(base: .peerRejectedCertificate)
        /// The server did not agree to speak HTTP/2 (`h2`) through ALPN.
        public static let alpnNotNegotiated = TLSFailure(base: .alpnNotNegotiated)
        /// The handshake failed for another reason; see the message.
        public static let handshakeFailed = TLSFailure(base: .handshakeFailed)
        /// The TLS configuration is unusable (unreadable or malformed PEM, key mismatch, …).
        public static let invalidConfiguration = TLSFailure(base: .invalidConfiguration)

        /// The failure's name.
        public var description: String { base.rawValue }
    }

    /// What went wrong.
    public var code: Code
    /// The server's message (for example `etcdserver: request is too large`) or the client's own.
    /// Never contains request bodies or credentials.
    public var message: String
    /// The gRPC status code the server answered with, when the error came from the server
    /// (0…16, as in gRPC's `Code` enum).
    public var grpcStatusCode: Int?
    /// For ``Code/compacted``: the first revision still available, when known.
    public var compactRevision: Int64?
    /// For ``Code/tls``: what failed.
    public var tlsFailure: TLSFailure?
    /// For ``Code/responseTooLarge`` and ``Code/requestTooLarge`` when the limit is the client's:
    /// the limit in bytes.
    public var limit: Int?
    /// Whether the call was a write whose request had (at least partly) left the client when it
    /// failed, and no server answer settled its outcome: a response over the receive limit, an
    /// undecodable response, a connection or client closed after sending. The write may have
    /// been applied whatever ``code`` says; see ``mayHaveBeenApplied``.
    public var writeSentBeforeFailure: Bool

    /// Creates an error.
    public init(
        _ code: Code,
        _ message: String,
        grpcStatusCode: Int? = nil,
        compactRevision: Int64? = nil,
        tlsFailure: TLSFailure? = nil,
        limit: Int? = nil,
        writeSentBeforeFailure: Bool = false
    ) {
        self.code = code
        self.message = message
        self.grpcStatusCode = grpcStatusCode
        self.compactRevision = compactRevision
        self.tlsFailure = tlsFailure
        self.limit = limit
        self.writeSentBeforeFailure = writeSentBeforeFailure
    }

    /// `code: message`, plus the gRPC status and the details that are set.
    public var description: String {
        var text = "\(code)"
        if let tlsFailure { text += "(\(tlsFailure))" }
        text += ": \(message)"
        if let grpcStatusCode { text += " [grpc-status \(grpcStatusCode)]" }
        if let compactRevision { text += " [compact revision \(compactRevision)]" }
        if let limit { text += " [limit \(limit) bytes]" }
        if writeSentBeforeFailure { text += " [the write may have been applied]" }
        return text
    }

    /// Whether a write that failed with this error may nevertheless have been applied: always
    /// for ``Code/indeterminate``, ``Code/deadlineExceeded`` and ``Code/cancelled``, and for any
    /// code when ``writeSentBeforeFailure`` is set (`Docs/Errors.md` has the table). When this
    /// is `false`, the write was not applied.
    public var mayHaveBeenApplied: Bool {
        writeSentBeforeFailure || code == .indeterminate || code == .deadlineExceeded || code == .cancelled
    }
}
