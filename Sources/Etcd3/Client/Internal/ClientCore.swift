internal import Etcd3Messages
internal import Etcd3Transport
import Logging

/// The part of the client that calls never need the actor for: configuration, connections and
/// the unary call loop with its retry rules. Safe to use from any task.
final class ClientCore: Sendable {
    let configuration: Etcd3Client.Configuration
    /// Connections for unary calls and short streams.
    let pool: ConnectionPool
    /// Connections for long-lived streams (Watch, LeaseKeepAlive). With
    /// ``Etcd3Client/StreamConnection/dedicated``: one more per endpoint, to the same endpoints
    /// with the same TLS, so a large read never delays a watch event or a keep-alive. With
    /// ``Etcd3Client/StreamConnection/shared``: ``pool`` itself.
    let streamPool: ConnectionPool
    /// The thread that every connection of the client runs on; also the client's
    /// ``Etcd3Client/taskExecutor``.
    let loop: IOLoop
    let logger: Logger
    let tokens: AuthTokens
    /// The highest revision returned for a read: the floor of the ordering guard
    /// (``Etcd3Client/Configuration/monotonicReads``).
    let readFloor = RevisionFloor()
    /// All background work of the client (dials, drains and closes of connections, the watch
    /// and keep-alive drivers, endpoint auto-sync): one task group that ends in
    /// ``closeConnections()``.
    let background = BackgroundTasks()
    /// Admits unary calls, counts those in flight, and refuses new ones once a graceful
    /// shutdown began (and, with ``startsInRun``, until ``Etcd3Client/run()`` starts).
    let admission: CallAdmission
    /// Whether ``Etcd3Client/run()`` hosts the background work and lets calls in (a client
    /// created with ``Etcd3Client/init(startingInRun:)``); otherwise the client runs from
    /// creation and hosts its background work in a task of its own.
    let startsInRun: Bool
    /// Set when the client should stop: by a graceful shutdown, or at the end of a close.
    /// ``Etcd3Client/run()`` waits for it.
    let stopRequest = Promise<Void>()
    /// Set when ``Etcd3Client/close()`` has finished.
    let closed = Promise<Void>()
    /// ``Etcd3Client/Configuration/observer``, kept here so that each event costs one load and
    /// one `nil` check when there is none.
    let observer: (any Etcd3ClientObserver)?
    /// Whether there is an ``observer``: a call checks this flag, without copying the
    /// observer's existential out of the core.
    private let isObserved: Bool
    private let retryBackoff: Backoff

    /// - Throws: ``EtcdError/Code/resourceExhausted`` when the I/O thread cannot start (the
    ///   process is out of file descriptors or threads).
    init(configuration: Etcd3Client.Configuration, endpoints: [Endpoint], startsInRun: Bool) throws(EtcdError) {
        do {
            self.loop = try IOLoop()
        } catch {
            throw EtcdError(.resourceExhausted, "the client's I/O thread could not start: \(error)")
        }
        self.configuration = configuration
        self.startsInRun = startsInRun
        self.admission = CallAdmission(started: !startsInRun)
        self.logger = configuration.logger
        self.observer = configuration.observer
        self.isObserved = configuration.observer != nil
        self.tokens = AuthTokens(credentials: configuration.credentials)
        self.retryBackoff = Backoff(
            initial: configuration.retry.initialBackoff, maximum: configuration.retry.maxBackoff)
        var connection = ConnectionConfiguration(logger: configuration.logger)
        connection.connectTimeout = configuration.connectTimeout
        connection.keepAliveInterval = configuration.keepAlive.interval
        connection.keepAliveTimeout = configuration.keepAlive.timeout
        connection.maxReceiveMessageBytes = configuration.maxReceiveMessageBytes
        connection.tls = configuration.tls.map(TLSConfiguration.init)
        connection.resolutionHook = configuration.resolutionHook
        if let observer = configuration.observer {
            connection.transferObserver = { endpoint, sent, received in
                let observed = Etcd3ObservedEndpoint(endpoint)
                if sent > 0 { observer.bytesSent(sent, endpoint: observed) }
                if received > 0 { observer.bytesReceived(received, endpoint: observed) }
            }
        }
        let reconnectBackoff = Backoff(
            initial: configuration.retry.reconnectBackoff, maximum: configuration.retry.maxReconnectBackoff)
        self.pool = ConnectionPool(
            endpoints: endpoints, connectionConfiguration: connection, reconnectBackoff: reconnectBackoff,
            loop: loop, background: background, logger: configuration.logger, observer: configuration.observer)
        self.streamPool =
            configuration.streamConnection == .shared
            ? pool
            : ConnectionPool(
                endpoints: endpoints, connectionConfiguration: connection, reconnectBackoff: reconnectBackoff,
                loop: loop, background: background, logger: configuration.logger, observer: configuration.observer)
        if let interval = configuration.autoSyncInterval {
            background.add(Self.autoSyncLoop(core: self, interval: interval))
        }
        if !startsInRun { background.hostInOwnTask() }
    }

    /// Ends the background work, then closes every connection (both sets, when streams have
    /// their own).
    func closeConnections() async {
        await background.close()
        await pool.close()
        if streamPool !== pool { await streamPool.close() }
    }

    /// Makes one unary call, retrying per ``CallKind`` and the configuration until the deadline.
    ///
    /// With `order`, the answer goes through the ordering guard (see `withRetries`), judged by
    /// the header revision that `revision` reads from it (`nil`: no header, nothing to judge).
    func unary<Request: WireMessage, Response: WireMessage>(
        _ method: GRPCMethod<Request, Response>,
        _ request: Request,
        kind: CallKind,
        timeout: Duration? = nil,
        order: ReadOrder? = nil,
        duringShutdown: Bool = false,
        revision: (Response) -> Int64? = { _ in nil }
    ) async throws(EtcdError) -> Response {
        try await unary(
            path: method.path, frame: request.grpcFrame(), kind: kind, timeout: timeout, order: order,
            duringShutdown: duringShutdown, revision: revision
        ) { (bytes: [UInt8]) throws(WireDecodingError) -> Response in try Response(wireBytes: bytes) }
    }

    /// Makes one unary call with a request already framed for gRPC, and decodes the response
    /// message with `decode`: for calls whose messages go straight between the public types and
    /// the wire (see `TxnWire`). `order` and `revision` as in the other `unary`.
    ///
    /// Once a graceful shutdown began, the call fails with ``EtcdError/Code/closed`` at once,
    /// unless `duringShutdown` (the close path's own calls, such as scoped lease revokes).
    func unary<Response>(
        path: String,
        frame: [UInt8],
        kind: CallKind,
        timeout: Duration?,
        order: ReadOrder? = nil,
        duringShutdown: Bool = false,
        revision: (Response) -> Int64? = { _ in nil },
        decode: ([UInt8]) throws(WireDecodingError) -> Response
    ) async throws(EtcdError) -> Response {
        var timeout = timeout
        do {
            try admission.enter(duringShutdown: duringShutdown)
        } catch  where error.code == .notRunning {
            timeout = try await enterOnceStarted(timeout: timeout, duringShutdown: duringShutdown)
        }
        defer { admission.leave() }
        try checkSendLimit(frame)
        return try await withRetries(path, frame: frame, kind: kind, timeout: timeout, order: order, revision: revision, decode: decode)
    }

    /// For a call made before run() started: waits for it within the call's deadline, then
    /// counts the call in (as ``CallAdmission/enter(duringShutdown:)``) and returns what is
    /// left of the call's timeout. Out of line, so that the instants it holds cost the common
    /// path nothing (see ``CallDeadline``).
    @inline(never)
    private func enterOnceStarted(timeout: Duration?, duringShutdown: Bool) async throws(EtcdError) -> Duration? {
        let start = ContinuousClock.now
        let limit = timeout ?? configuration.requestTimeout
        try await admission.waitUntilStarted(until: limit.map { start + $0 })
        try admission.enter(duringShutdown: duringShutdown)
        return limit.map { $0 - (ContinuousClock.now - start) }
    }

    private func checkSendLimit(_ frame: [UInt8]) throws(EtcdError) {
        if let limit = configuration.maxSendMessageBytes, frame.count - grpcFramePrefixLength > limit {
            throw EtcdError(
                .requestTooLarge,
                "the request is \(frame.count - grpcFramePrefixLength) bytes, over the client's send limit; nothing was sent",
                limit: limit)
        }
    }

    /// Obtains a token in place of `stale` (`nil`: the first one), for long-lived streams whose
    /// token is missing or was rejected. Does nothing without credentials.
    func refreshToken(replacing stale: String?) async throws(EtcdError) {
        guard tokens.credentials != nil else { return }
        try await tokens.refresh(replacing: stale) { () async throws(EtcdError) -> String? in
            try await self.authenticate()
        }
    }

    /// Exchanges the configured credentials for a token (no token is sent with this call).
    /// Returns `nil` when the server has auth disabled.
    private func authenticate() async throws(EtcdError) -> String? {
        guard let credentials = tokens.credentials else { return nil }
        var request = Etcdserverpb.AuthenticateRequest()
        request.name = credentials.username
        request.password = credentials.password
        let frame = request.grpcFrame()
        try checkSendLimit(frame)
        do {
            let response = try await withRetries(
                Etcdserverpb.Auth.authenticate.path, frame: frame, kind: .idempotent, timeout: nil, authenticated: false,
                decode: { (bytes: [UInt8]) throws(WireDecodingError) in
                    try Etcdserverpb.AuthenticateResponse(wireBytes: bytes)
                })
            logger.debug("etcd authenticated", metadata: ["etcd.user": "\(credentials.username)"])
            return response.token
        } catch let error where error.message.contains("authentication is not enabled") {
            logger.debug("etcd auth is disabled on the server; calls go without a token")
            return nil
        }
    }

    /// Sends `frame` on `path` until a response message comes back, retrying per ``CallKind``
    /// and the configuration until the deadline, then decodes the message with `decode`.
    ///
    /// With `authenticated`, the call carries the client's token (obtained first when
    /// credentials are configured), and a call rejected for its token is retried with a fresh
    /// one (see `maxReauthenticationsPerCall`); without, it carries no metadata.
    ///
    /// With `order` (and ``Etcd3Client/Configuration/monotonicReads`` on), the answer's
    /// `revision` goes through the ordering guard (`ReadOrderGuard`): a stale answer is retried
    /// on another endpoint, an accepted one raises ``readFloor``.
    ///
    /// With an ``observer``, the call is reported to it (start, retries, end).
    private func withRetries<Response>(
        _ path: String,
        frame: [UInt8],
        kind: CallKind,
        timeout: Duration?,
        authenticated: Bool = true,
        order: ReadOrder? = nil,
        revision: (Response) -> Int64? = { _ in nil },
        decode: ([UInt8]) throws(WireDecodingError) -> Response
    ) async throws(EtcdError) -> Response {
        guard isObserved, let observation = CallObservation(observer: observer, path: path, kind: kind) else {
            return try await retryLoop(
                path, frame: frame, kind: kind, timeout: timeout, authenticated: authenticated, order: order,
                revision: revision, decode: decode, observation: nil)
        }
        do {
            let response = try await retryLoop(
                path, frame: frame, kind: kind, timeout: timeout, authenticated: authenticated, order: order,
                revision: revision, decode: decode, observation: observation)
            let answered = revision(response) ?? (response as? any RevisionReporting)?.reportedRevision
            observation.finish(error: nil, revision: answered)
            return response
        } catch {
            observation.finish(error: error, revision: nil)
            throw error
        }
    }

    /// The body of ``withRetries``; `observation` is `nil` when the call is not observed, else
    /// it learns each attempt's endpoint and reports retries.
    ///
    /// Holds its deadline as a ``CallDeadline``, not as an instant of the clock: see there.
    private func retryLoop<Response>(
        _ path: String,
        frame: [UInt8],
        kind: CallKind,
        timeout: Duration?,
        authenticated: Bool,
        order: ReadOrder?,
        revision: (Response) -> Int64?,
        decode: ([UInt8]) throws(WireDecodingError) -> Response,
        observation: CallObservation?
    ) async throws(EtcdError) -> Response {
        let budget = timeout ?? configuration.requestTimeout
        let deadline = budget.map { CallDeadline.after($0) }
        var attempts = 0
        var tried = Set<Int>()
        // Fresh tokens obtained for this call. More than one when the auth store keeps
        // changing: each change makes the token just obtained stale again.
        var reauthentications = 0
        var ordering =
            configuration.monotonicReads
            ? order.map {
                ReadOrderGuard(
                    floor: readFloor.current, order: $0, maxAttempts: configuration.retry.maxAttempts,
                    endpointCount: pool.endpointCount)
            } : nil
        // What the first attempt has left, while no time has passed since `deadline` was set
        // (one clock read per call).
        var firstBudget = budget
        if authenticated, tokens.needsToken {
            firstBudget = nil
            try await tokens.refresh(replacing: nil) { () async throws(EtcdError) -> String? in
                try await self.authenticate()
            }
        }
        while true {
            attempts += 1
            if Task.isCancelled { throw EtcdError(.cancelled, "the call was cancelled") }
            var remaining: Duration?
            if let deadline {
                remaining = attempts == 1 ? (firstBudget ?? deadline.remaining) : deadline.remaining
                if remaining! <= .zero {
                    if let ordering, ordering.staleAnswers > 0 { throw ordering.staleError() }
                    throw EtcdError(.deadlineExceeded, "the call's deadline passed")
                }
            }
            let (connection, index): (HTTP2Connection, Int)
            if tried.isEmpty, let ready = pool.readyConnection() {
                (connection, index) = ready
            } else {
                (connection, index) = try await acquireConnection(excluding: tried, deadline: deadline)
            }
            observation?.attempted(connection.endpoint, attempt: attempts)
            let token = authenticated ? tokens.token : nil
            let bytes: [UInt8]
            do {
                bytes = try await connection.unary(
                    path: path, request: frame, metadata: token.map { [("token", $0)] } ?? [], timeout: remaining)
            } catch var failure {
                if case .closed = failure.kind, !pool.isClosed {
                    // The pool closed this connection because another call found it broken:
                    // for this call it is a lost connection, not a closed client.
                    failure.kind = .connectionClosed
                }
                if authenticated, reauthentications < maxReauthenticationsPerCall, tokens.credentials != nil,
                    case .rpc = failure.kind,
                    isTokenRefreshable(grpcCode: Int(failure.status.code.rawValue), message: failure.status.message)
                {
                    reauthentications += 1
                    try await tokens.refresh(replacing: token) { () async throws(EtcdError) -> String? in
                        try await self.authenticate()
                    }
                    continue
                }
                let handling = handleAttemptFailure(failure, kind: kind)
                if handling.connectionBroken { pool.connectionFailed(connection, index: index) }
                switch handling.decision {
                case .fail(let error):
                    throw error
                case .retry:
                    tried.insert(index)
                    if tried.count >= pool.endpointCount { tried.removeAll() }
                    guard attempts < configuration.retry.maxAttempts else { throw EtcdError(exhausted: failure) }
                    observation?.retried(EtcdError(exhausted: failure))
                    logger.debug(
                        "etcd call retried",
                        metadata: [
                            "etcd.method": "\(path)", "etcd.endpoint": "\(connection.endpoint)",
                            "etcd.attempt": "\(attempts)", "etcd.error": "\(failure.message)",
                        ])
                    guard try await pauseBeforeRetry(after: attempts, deadline: deadline) else {
                        throw EtcdError(exhausted: failure)
                    }
                    continue
                }
            }
            let response: Response
            do {
                response = try decode(bytes)
            } catch {
                // The server answered, so a write reached it: it may have been applied.
                throw EtcdError(
                    .protocolViolation, "the server's response could not be decoded: \(error)",
                    writeSentBeforeFailure: kind == .mutation)
            }
            // An answer without a header (etcd always sends one) has nothing to judge.
            guard var check = ordering, let answered = revision(response) else { return response }
            let verdict = check.judge(revision: answered, attempt: attempts)
            ordering = check
            switch verdict {
            case .accept:
                readFloor.raise(to: answered)
                return response
            case .fail(let error):
                throw error
            case .retry(let backoffStep):
                tried.insert(index)
                if tried.count >= pool.endpointCount { tried.removeAll() }
                logger.debug(
                    "etcd read answered below the revision floor, retried",
                    metadata: [
                        "etcd.method": "\(path)", "etcd.endpoint": "\(connection.endpoint)",
                        "etcd.attempt": "\(attempts)", "etcd.revision": "\(answered)",
                        "etcd.floor": "\(check.floor)",
                    ])
                observation?.retried(check.staleError())
                if let backoffStep, !(try await pauseBeforeRetry(after: backoffStep, deadline: deadline)) {
                    throw check.staleError()
                }
            }
        }
    }

    /// ``ConnectionPool/acquire(excluding:deadline:)`` until `deadline`. Out of line: the clock
    /// instant it passes would otherwise take a task allocation in every call of the retry loop
    /// (see ``CallDeadline``), although a ready connection is the common case.
    @inline(never)
    private func acquireConnection(excluding tried: Set<Int>, deadline: CallDeadline?) async throws(EtcdError) -> (
        HTTP2Connection, Int
    ) {
        try await pool.acquire(excluding: tried, deadline: deadline?.instant)
    }

    /// Sleeps the backoff before retry number `retry` (1 = the first). Returns `false`, without
    /// sleeping, when the pause would end past `deadline`.
    private func pauseBeforeRetry(after retry: Int, deadline: CallDeadline?) async throws(EtcdError) -> Bool {
        let pause = retryBackoff.delay(forAttempt: retry)
        if let deadline, deadline.remaining <= pause { return false }
        do {
            try await Task.sleep(for: pause)
        } catch {
            throw EtcdError(.cancelled, "the call was cancelled")
        }
        return true
    }
}

extension TLSConfiguration {
    init(_ tls: Etcd3Client.TLS) {
        func source(_ source: Etcd3Client.CertificateSource?) -> TLSConfiguration.Source? {
            switch source?.base {
            case .file(let path)?: .file(path)
            case .pem(let bytes)?: .pem(bytes)
            case nil: nil
            }
        }
        self.init(
            trustRoots: source(tls.trustRoots),
            certificateChain: source(tls.certificateChain),
            privateKey: source(tls.privateKey),
            serverName: tls.serverName,
            verifyHostname: tls.verifyHostname)
    }
}

/// What an observed call has seen so far (see ``ClientCore/withRetries``). A class, so that
/// the unobserved call passes one `nil` reference (its instant would cost every call a task
/// allocation in a struct: see ``CallDeadline``).
final class CallObservation {
    let observer: any Etcd3ClientObserver
    let call: Etcd3ObservedCall
    let context: (any Sendable)?
    let start: ContinuousClock.Instant
    var attempts = 0
    var endpoint: Etcd3ObservedEndpoint?

    /// Tells `observer` that a call of `path` starts; `nil` without an observer.
    init?(observer: (any Etcd3ClientObserver)?, path: String, kind: CallKind) {
        guard let observer else { return nil }
        self.observer = observer
        self.call = Etcd3ObservedCall(path: path, isMutation: kind == .mutation)
        self.context = observer.callStarted(call)
        self.start = .now
    }

    func attempted(_ endpoint: Endpoint, attempt: Int) {
        attempts = attempt
        if self.endpoint?.host != endpoint.host || self.endpoint?.port != endpoint.port {
            self.endpoint = Etcd3ObservedEndpoint(endpoint)
        }
    }

    func retried(_ error: EtcdError) {
        guard let endpoint else { return }
        observer.callRetried(call, attempt: attempts, endpoint: endpoint, error: error, context: context)
    }

    func finish(error: EtcdError?, revision: Int64?) {
        observer.callFinished(
            call,
            outcome: Etcd3CallOutcome(
                error: error, duration: .now - start, attempts: attempts, endpoint: endpoint, revision: revision),
            context: context)
    }
}

extension Etcd3ObservedEndpoint {
    init(_ endpoint: Endpoint) {
        self.init(host: endpoint.host, port: endpoint.port)
    }
}

/// Responses whose header revision an observer is told (``Etcd3CallOutcome/revision``).
protocol RevisionReporting {
    var reportedRevision: Int64? { get }
}

extension Etcdserverpb.RangeResponse: RevisionReporting { var reportedRevision: Int64? { header?.revision } }
extension Etcdserverpb.PutResponse: RevisionReporting { var reportedRevision: Int64? { header?.revision } }
extension Etcdserverpb.DeleteRangeResponse: RevisionReporting { var reportedRevision: Int64? { header?.revision } }
extension Etcdserverpb.CompactionResponse: RevisionReporting { var reportedRevision: Int64? { header?.revision } }
extension Etcdserverpb.LeaseGrantResponse: RevisionReporting { var reportedRevision: Int64? { header?.revision } }
extension Etcdserverpb.LeaseRevokeResponse: RevisionReporting { var reportedRevision: Int64? { header?.revision } }
extension Etcdserverpb.LeaseTimeToLiveResponse: RevisionReporting { var reportedRevision: Int64? { header?.revision } }
extension EtcdTxnResult: RevisionReporting { var reportedRevision: Int64? { header.revision } }
