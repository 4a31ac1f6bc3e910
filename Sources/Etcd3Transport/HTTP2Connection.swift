internal import CEtcd3NGHTTP2
import Glibc
import Logging
import Synchronization

/// One HTTP/2 connection to one etcd endpoint, carrying gRPC calls.
///
/// The connection runs on an I/O loop's thread (``IOLoop``: its own, or one it shares with the
/// other connections of its client), which is also the actor's executor: every
/// actor-isolated method runs on that thread, so the socket, the `SSL*`, the nghttp2 session
/// and the table of open calls are plain isolated state. The thread waits in `poll` on the
/// sockets and an `eventfd`; after each batch of jobs it flushes what nghttp2 wants to send
/// with one write.
///
/// Use: ``connect()``, then ``unary(path:request:metadata:timeout:)`` and
/// ``openStream(path:metadata:timeout:)``; watch ``events`` and ``isUsable`` to know when to
/// replace the connection; ``close()`` when done.
package actor HTTP2Connection: IOLoopHandler {
    enum Phase: Equatable {
        /// `resolving`: the host is being resolved and the TLS material read, off this thread.
        case idle, resolving, connecting, tlsHandshake, awaitingSettings, ready, closed
    }

    /// Work posted from other threads (task cancellation, consumed stream bytes).
    struct Mailbox: Sendable {
        var unaryRequests: [PendingUnary] = []
        var cancelledTokens: [UInt64] = []
        var cancels: [Int32] = []
        var consumed: [(Int32, Int)] = []
        /// The sum of `consumed`.
        var consumedBytes = 0
        var cancelConnect = false
        /// What the resolution started by ``connect()`` found, posted from its thread.
        var resolved: ResolvedEndpoint?
    }

    /// The endpoint this connection dials.
    package nonisolated let endpoint: Endpoint
    /// Connection events for the owner; finishes after the connection closed.
    package nonisolated let events: AsyncStream<ConnectionEvent>

    /// The loop whose thread runs this connection (shared, or its own).
    package nonisolated let loop: IOLoop
    nonisolated let executor: IOThreadExecutor
    nonisolated let mailbox = Mutex(Mailbox())
    /// Mirrors `phase == .ready` for the nonisolated fast path of `unary`.
    nonisolated let readyFlag = Atomic<Bool>(false)
    /// Cleared for good by GOAWAY or teardown; read by owners choosing a connection.
    nonisolated let refusesNewCalls = Atomic<Bool>(false)
    nonisolated let nextToken = Atomic<UInt64>(0)
    let eventsContinuation: AsyncStream<ConnectionEvent>.Continuation
    let configuration: ConnectionConfiguration
    let usesTLS: Bool
    let authority: String
    let scheme: String
    var logger: Logger

    // The fields used per call are `@exclusivity(unchecked)`: only code isolated to this
    // connection touches them, one thread at a time, and the runtime's dynamic exclusivity
    // checks on them cost about 3% of a call.
    @exclusivity(unchecked) var phase = Phase.idle
    @exclusivity(unchecked) var socketFD: Int32 = -1
    var tlsContext: TLSContext?
    @exclusivity(unchecked) var tlsSession: TLSSession?
    @exclusivity(unchecked) var tlsWantsWrite = false
    @exclusivity(unchecked) var session: NGHTTP2Session?
    @exclusivity(unchecked) var calls: [Int32: CallState] = [:]
    /// The call ``openCall(_:)`` found last: nghttp2 reports a response frame by frame and
    /// header by header, a dozen callbacks for one stream in a row, so most lookups skip
    /// hashing.
    @exclusivity(unchecked) var lastCall: CallState?
    /// Unary calls that ended, with their outcome, waiting for ``resumeFinishedUnary()``.
    @exclusivity(unchecked) var finishedUnary:
        [(UnsafeContinuation<Result<[UInt8], TransportError>, Never>, Result<[UInt8], TransportError>)] = []
    @exclusivity(unchecked) var deadlineCount = 0
    /// At most the earliest deadline of the open calls (`UInt64.max` with none): calls that
    /// ended may have left it early, which only costs one more scan.
    @exclusivity(unchecked) var earliestDeadline = UInt64.max
    /// The request headers every call shares, reset per call.
    @exclusivity(unchecked) var headerScratch: HeaderBlock
    /// Messages completed by one DATA chunk (``dataReceived(_:_:)``), reused.
    @exclusivity(unchecked) var messageScratch: [[UInt8]] = []
    @exclusivity(unchecked) var outBuffer: [UInt8] = []
    @exclusivity(unchecked) var outOffset = 0
    let input = ReadBuffer()
    var readBuffer: UnsafeMutableRawBufferPointer { input.bytes }
    var addresses: [SocketAddress] = []
    var addressIndex = 0
    var lastConnectError = ""
    var connectWaiters: [CheckedContinuation<Result<Void, TransportError>, Never>] = []
    var connectDeadline: UInt64 = 0
    var closedError: TransportError?
    @exclusivity(unchecked) var goAwayLastStreamID: Int32?
    @exclusivity(unchecked) var pingDeadline: UInt64?
    @exclusivity(unchecked) var nextPingAt: UInt64?
    var loggedTooManyPings = false
    /// The keep-alive interval for the next connection; readable from any thread, so an owner
    /// replacing a connection after GOAWAY sees the doubled interval without a hop.
    /// In nanoseconds; -1 for none.
    nonisolated let suggestedIntervalNanos: Atomic<Int64>
    @exclusivity(unchecked) var receivedFirstBytes = false
    /// Set by ``closeWhenIdle()``: the last call to finish closes the connection.
    @exclusivity(unchecked) var closesWhenIdle = false
    /// When the loop's current `poll` times out (monotonic nanoseconds; `UInt64.max`: never).
    @exclusivity(unchecked) var loopWakeAt: UInt64 = 0
    /// When the last call was submitted (monotonic nanoseconds).
    @exclusivity(unchecked) var lastCallStartedAt: UInt64 = 0
    /// How long after its last call a connection's loop keeps ticking (``idleTick``) instead
    /// of sleeping until something happens.
    static let idleLinger: UInt64 = 10_000_000_000
    static let idleTick: UInt64 = 1_000_000_000
    /// Whether the socket's receive low-water mark is raised (``updateLowWaterMark()``).
    @exclusivity(unchecked) var lowWaterRaised = false
    /// How often the low-water mark was raised (for tests).
    @exclusivity(unchecked) var lowWaterRaiseCount = 0
    /// Unary calls submitted since the loop last woke.
    @exclusivity(unchecked) var unaryOpenedSincePoll = 0

    /// The actor's executor: the I/O loop's thread.
    package nonisolated var unownedExecutor: UnownedSerialExecutor {
        executor.asUnownedSerialExecutor()
    }

    /// Creates a connection on `loop` (by default a loop of its own, whose thread starts
    /// now, see ``IOLoop/startedOrTrapping()``); nothing is dialled until ``connect()``.
    package init(
        endpoint: Endpoint, configuration: ConnectionConfiguration, loop: IOLoop = IOLoop.startedOrTrapping()
    ) {
        // The thread runs first; the actor can then hand itself to it.
        self.loop = loop
        self.executor = loop.executor
        self.endpoint = endpoint
        self.configuration = configuration
        self.usesTLS = configuration.tls != nil || endpoint.usesTLS == true
        self.authority = endpoint.authority
        self.scheme = usesTLS ? "https" : "http"
        var logger = configuration.logger
        logger[metadataKey: "etcd.endpoint"] = "\(endpoint)"
        self.logger = logger
        var headers = HeaderBlock()
        headers.add(":method", "POST" as StaticString)
        headers.add(":scheme", scheme)
        headers.add(":authority", authority)
        headers.markFixed()
        self.headerScratch = headers
        self.suggestedIntervalNanos = Atomic(configuration.keepAliveInterval.map { Int64($0.clampedNanoseconds) } ?? -1)
        (self.events, self.eventsContinuation) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(64))
        executor.addHandler(self)
    }

    deinit {
        if socketFD >= 0 { Glibc.close(socketFD) }
        eventsContinuation.finish()
    }

    /// `false` once the connection can take no new calls: after GOAWAY, close, a keep-alive
    /// timeout or an I/O error (and before it connected).
    package var isUsable: Bool {
        phase == .ready && goAwayLastStreamID == nil
    }

    /// Whether the connection may take new calls, readable from any thread without a hop:
    /// `false` once GOAWAY arrived or the connection closed. (Before ``connect()`` finished it is
    /// `true`: unary calls connect on demand.)
    package nonisolated var acceptsNewCalls: Bool {
        !refusesNewCalls.load(ordering: .acquiring)
    }

    /// Whether the connection is up (connected and not yet closed), readable from any thread.
    package nonisolated var isOpen: Bool {
        readyFlag.load(ordering: .acquiring)
    }

    /// The keep-alive interval the next connection to this endpoint should use: the
    /// configured one, doubled after each GOAWAY `too_many_pings`.
    package nonisolated var suggestedKeepAliveInterval: Duration? {
        let nanos = suggestedIntervalNanos.load(ordering: .acquiring)
        return nanos < 0 ? nil : .nanoseconds(nanos)
    }

    // MARK: - Connect

    /// Resolves the host and reads the TLS material (on a thread of their own, never the I/O
    /// thread, which serves the other connections of the loop meanwhile), connects without
    /// blocking, runs the TLS handshake and sends the HTTP/2 preface; returns once the server's
    /// SETTINGS arrived. The connect timeout covers the resolution too.
    ///
    /// - Throws: ``TransportError`` `.connectFailed` (DNS, refused, timeout, closed before
    ///   SETTINGS), `.tls(_)`, or `.closed` after ``close()``. All are ``RequestDisposition/notSent``.
    package func connect() async throws(TransportError) {
        switch phase {
        case .ready: return
        case .closed: throw unusableError()
        case .idle: startResolving()
        case .resolving, .connecting, .tlsHandshake, .awaitingSettings: break
        }
        if phase == .ready { return }
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Result<Void, TransportError>, Never>) in
                connectWaiters.append(continuation)
            }
        } onCancel: {
            self.mailbox.withLock { $0.cancelConnect = true }
            self.executor.wake()
        }
        try result.get()
    }

    /// Starts resolving the host and loading the TLS material on a blocking-work thread; the
    /// result comes back through the mailbox (``finishResolving(_:)``).
    private func startResolving() {
        connectDeadline = monotonicNanoseconds() &+ configuration.connectTimeout.clampedNanoseconds
        logger.debug("etcd transport connecting")
        phase = .resolving
        let endpoint = self.endpoint
        let tls = usesTLS ? (configuration.tls ?? TLSConfiguration()) : nil
        let logger = self.logger
        let hook = configuration.resolutionHook
        BlockingWork.start {
            let resolved = ResolvedEndpoint(endpoint: endpoint, tls: tls, logger: logger, hook: hook)
            self.mailbox.withLock { $0.resolved = resolved }
            self.executor.wake()
        }
    }

    /// Dials the resolved addresses, unless the connect was cancelled or timed out meanwhile.
    func finishResolving(_ resolved: ResolvedEndpoint) {
        guard phase == .resolving else { return }
        switch resolved.result {
        case .failure(let error):
            failConnection(error)
        case .success(let (list, context)):
            addresses = list
            tlsContext = context
            phase = .connecting
            if let error = dialNextAddress() { failConnection(error) }
        }
    }

    /// Starts a non-blocking connect to the next address; an error when none is left.
    private func dialNextAddress() -> TransportError? {
        while addressIndex < addresses.count {
            let address = addresses[addressIndex]
            addressIndex += 1
            let fd = socket(address.family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            if fd < 0 {
                lastConnectError = "socket: errno \(errno)"
                continue
            }
            var one: Int32 = 1
            _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            let rc = address.withSockAddr { Glibc.connect(fd, $0, $1) }
            if rc == 0 || errno == EINPROGRESS {
                socketFD = fd
                return nil
            }
            lastConnectError = String(cString: strerror(errno))
            Glibc.close(fd)
        }
        return .local(.connectFailed, .unavailable, "cannot connect to \(endpoint): \(lastConnectError)", .notSent)
    }

    /// The TCP connect finished (POLLOUT or error).
    func finishTCPConnect() {
        var error: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        _ = getsockopt(socketFD, SOL_SOCKET, SO_ERROR, &error, &length)
        if error != 0 {
            lastConnectError = String(cString: strerror(error))
            Glibc.close(socketFD)
            socketFD = -1
            if let failure = dialNextAddress() { failConnection(failure) }
            return
        }
        logger.trace("etcd transport TCP connected")
        if let tlsContext {
            let tls = configuration.tls ?? TLSConfiguration()
            do {
                tlsSession = try TLSSession(
                    context: tlsContext, fd: socketFD, name: tls.serverName ?? endpoint.host,
                    verifyHostname: tls.verifyHostname)
            } catch {
                failConnection(error)
                return
            }
            phase = .tlsHandshake
            driveHandshake()
        } else {
            startHTTP2()
        }
    }

    func driveHandshake() {
        guard let tlsSession else { return }
        switch tlsSession.handshake() {
        case .done:
            tlsWantsWrite = false
            logger.trace("etcd transport TLS handshake done")
            startHTTP2()
        case .wantRead: tlsWantsWrite = false
        case .wantWrite: tlsWantsWrite = true
        case .failed(let error): failConnection(error)
        }
    }

    func startHTTP2() {
        do {
            session = try NGHTTP2Session(connection: self)
        } catch {
            failConnection(error)
            return
        }
        phase = .awaitingSettings
    }

    /// The server's SETTINGS arrived: connected.
    func didReceiveSettings() {
        guard phase == .awaitingSettings else { return }
        phase = .ready
        readyFlag.store(true, ordering: .releasing)
        logger.debug("etcd transport connected")
        let waiters = connectWaiters
        connectWaiters = []
        for waiter in waiters { waiter.resume(returning: .success(())) }
    }

    // MARK: - Calls

    /// Sends one unary call and returns the single response message.
    ///
    /// - Parameters:
    ///   - path: `/package.Service/Method`.
    ///   - request: a complete gRPC-framed message (5-byte prefix + protobuf bytes).
    ///   - metadata: extra headers (lower-cased on the wire), e.g. `token`.
    ///   - timeout: enforced locally and sent as `grpc-timeout`.
    /// - Returns: the response message's protobuf bytes, without the prefix.
    /// - Throws: ``TransportError``; `.rpc` for a non-OK server status.
    ///
    /// The call does not hop onto the connection's actor. If the I/O loop sleeps and no other
    /// call is open, the caller writes the request itself (one `send`, no thread wake-up);
    /// otherwise it posts the request to the loop's submission queue, where the loop submits
    /// every queued request and writes once. Either way the loop resumes the caller directly
    /// when the response is complete.
    package nonisolated func unary(
        path: String, request: [UInt8], metadata: [(String, String)], timeout: Duration?
    ) async throws(TransportError) -> [UInt8] {
        if Task.isCancelled { throw .local(.cancelled, .cancelled, "call cancelled", .notSent) }
        if !readyFlag.load(ordering: .acquiring) { try await connect() }
        let token = nextToken.add(1, ordering: .relaxed).newValue
        let result = await withTaskCancellationHandler {
            // Resumed exactly once: by the loop when the call is refused, or by `complete`,
            // which removes the call from the table first.
            await withUnsafeContinuation { (continuation: UnsafeContinuation<Result<[UInt8], TransportError>, Never>) in
                // Cancelled before the handler was installed: its token may already have been
                // processed, so it would not find this call.
                if Task.isCancelled {
                    continuation.resume(returning: .failure(.local(.cancelled, .cancelled, "call cancelled", .notSent)))
                    return
                }
                let pending = PendingUnary(
                    token: token, path: path, request: request, metadata: metadata, timeout: timeout, continuation: continuation)
                let written = executor.runIsolatedWhileSleeping {
                    callIsolated(pending, { connection, pending in connection.submitWhileLoopSleeps(pending) })
                }
                if !written { post(pending) }
            }
        } onCancel: {
            self.mailbox.withLock { $0.cancelledTokens.append(token) }
            self.executor.wake()
        }
        return try result.get()
    }

    private nonisolated func post(_ request: PendingUnary) {
        mailbox.withLock { $0.unaryRequests.append(request) }
        executor.wake()
    }

    /// Submits and writes one request on the caller's thread while the loop sleeps in `poll`
    /// (which watches the socket for the response). With other calls open it posts the
    /// request instead, so that requests arriving together go out in one write. Wakes the loop
    /// when output is left or a timer of the new call is due before the loop would wake.
    private func submitWhileLoopSleeps(_ request: PendingUnary) {
        guard phase == .ready, calls.isEmpty else {
            post(request)
            return
        }
        submitPendingUnary([request], cancelled: [])
        flush()
        resumeFinishedUnary()
        if outOffset < outBuffer.count || tlsWantsWrite || nextWakeAt(now: lastCallStartedAt) < loopWakeAt {
            executor.wake()
        } else {
            updateLowWaterMark()
        }
    }

    /// Calls `method` with the actor's isolation without asking the runtime: for code that
    /// already holds the executor's isolation (the loop; ``IOThreadExecutor/runIsolatedWhileSleeping(_:)``).
    ///
    /// `method` must capture nothing (a closure literal over its parameters), so calling it
    /// allocates nothing; the runtime's check (`assumeIsolated`) costs more than most of the
    /// work it guards here.
    @inline(__always)
    nonisolated func callIsolated<Argument, Result>(
        _ argument: Argument, _ method: @escaping (isolated HTTP2Connection, Argument) -> Result
    ) -> Result {
        assert(executor.holdsIsolation, "not isolated to the connection")
        // `isolated` changes how the function is called from Swift, not its ABI.
        return unsafeBitCast(method, to: ((HTTP2Connection, Argument) -> Result).self)(self, argument)
    }

    /// Submits queued unary requests and applies cancellations of them (on the I/O thread).
    func submitPendingUnary(_ requests: [PendingUnary], cancelled: [UInt64]) {
        var cancelled = cancelled
        for request in requests {
            if !cancelled.isEmpty, let index = cancelled.firstIndex(of: request.token) {
                cancelled.remove(at: index)
                request.continuation.resume(returning: .failure(.local(.cancelled, .cancelled, "call cancelled", .notSent)))
                continue
            }
            let call: CallState
            do {
                call = try submit(path: request.path, metadata: request.metadata, timeout: request.timeout, streaming: false)
            } catch {
                request.continuation.resume(returning: .failure(error))
                continue
            }
            call.outChunks.append(request.request)
            call.outPending = request.request.count
            call.outFinished = true
            call.token = request.token
            call.unaryWaiter = request.continuation
            unaryOpenedSincePoll += 1
        }
        for token in cancelled {
            // Rare: a scan of the open calls, so that calls keep no index by token.
            guard let call = calls.values.first(where: { $0.token == token }) else { continue }
            abort(call, .local(.cancelled, .cancelled, "call cancelled", call.headersSent ? .maybeProcessed : .notSent))
        }
    }

    /// Opens a server-streaming or bidirectional call. Send with ``GRPCStream/send(_:)``,
    /// read ``GRPCStream/messages``.
    ///
    /// - Throws: ``TransportError`` (`.notSent`) if the connection is not connected or not
    ///   usable.
    package func openStream(path: String, metadata: [(String, String)], timeout: Duration?) throws(TransportError) -> GRPCStream {
        let call = try submit(path: path, metadata: metadata, timeout: timeout, streaming: true)
        return GRPCStream(connection: self, streamID: call.id, inbox: call.inbox!)
    }

    private func submit(path: String, metadata: [(String, String)], timeout: Duration?, streaming: Bool) throws(TransportError) -> CallState
    {
        guard phase == .ready, goAwayLastStreamID == nil, let session else { throw unusableError() }
        var deadline: UInt64 = 0
        let now = monotonicNanoseconds()
        // Mutated in place (a local copy would copy its buffers on write).
        headerScratch.reset()
        // After the fixed :method, :scheme and :authority; pseudo-headers come first.
        headerScratch.add(":path", path)
        headerScratch.add("content-type", "application/grpc" as StaticString)
        headerScratch.add("te", "trailers" as StaticString)
        if let timeout {
            let nanos = timeout.clampedNanoseconds
            if nanos == 0 { throw .local(.deadlineExceeded, .deadlineExceeded, "deadline exceeded before sending", .notSent) }
            deadline = now &+ nanos
            headerScratch.add("grpc-timeout", timeout: timeout)
        }
        for (name, value) in metadata {
            headerScratch.add(name.lowercased(), value)
        }
        let id = headerScratch.submit(session: session.pointer, read: dataReadCallback)
        guard id > 0 else {
            // NGHTTP2_ERR_STREAM_ID_NOT_AVAILABLE: out of stream ids; the connection is spent.
            goAwayLastStreamID = goAwayLastStreamID ?? Int32.max
            refusesNewCalls.store(true, ordering: .releasing)
            throw .local(.connectionClosed, .unavailable, "cannot open a stream (nghttp2 error \(id))", .notSent)
        }
        let call = CallState(id: id, isStreaming: streaming, deadline: deadline, limit: configuration.maxReceiveMessageBytes)
        calls[id] = call
        if deadline != 0 {
            deadlineCount += 1
            earliestDeadline = min(earliestDeadline, deadline)
        }
        lastCallStartedAt = now
        if nextPingAt == nil, let interval = configuration.keepAliveInterval.map(\.clampedNanoseconds), interval > 0 {
            nextPingAt = lastCallStartedAt &+ interval
        }
        if logger.logLevel <= .trace {
            logger.trace(
                "etcd transport call started",
                metadata: ["etcd.stream_id": "\(id)", "etcd.path": "\(path)", "etcd.metadata": "\(Self.redacted(metadata))"])
        }
        return call
    }

    /// Why no new call can start: the connection's failure, as not sent.
    private func unusableError() -> TransportError {
        if var error = closedError {
            error.requestDisposition = .notSent
            return error
        }
        if goAwayLastStreamID != nil {
            return .local(.goAway, .unavailable, "the server sent GOAWAY; open a new connection", .notSent)
        }
        return .local(.connectionClosed, .unavailable, "connection is not connected", .notSent)
    }

    /// Metadata for logs, with the values of `token` and `authorization` replaced.
    package static func redacted(_ metadata: [(String, String)]) -> String {
        metadata.map { name, value in
            let lower = name.lowercased()
            return lower == "token" || lower == "authorization" ? "\(lower)=<redacted>" : "\(lower)=\(value)"
        }.joined(separator: ",")
    }

    /// Queues one outgoing message on a stream; waits while more than 1 MiB is queued.
    func streamSend(_ id: Int32, _ frame: [UInt8]) async -> Result<Void, TransportError>? {
        guard let call = openCall(id), let session else { return nil }
        if call.outFinished {
            return .failure(.local(.protocolViolation, .internalError, "send after finishSending", .maybeProcessed))
        }
        call.outChunks.append(frame)
        call.outPending += frame.count
        resumeData(call, session)
        if call.outPending <= 1 << 20 { return .success(()) }
        return await withCheckedContinuation { continuation in call.sendWaiter = continuation }
    }

    /// Half-closes a stream (END_STREAM after the queued messages).
    func streamFinish(_ id: Int32) {
        guard let call = openCall(id), let session, !call.outFinished else { return }
        call.outFinished = true
        resumeData(call, session)
    }

    private func resumeData(_ call: CallState, _ session: NGHTTP2Session) {
        if call.dataDeferred {
            call.dataDeferred = false
            // Returns 0, or an error if the stream has no deferred data (harmless).
            _ = nghttp2_session_resume_data(session.pointer, call.id)
        }
    }

    /// Resets a stream from any thread (task cancellation, ``GRPCStream/cancel()``).
    nonisolated func postCancel(_ id: Int32) {
        mailbox.withLock { $0.cancels.append(id) }
        executor.wake()
    }

    /// Reports stream bytes taken by the consumer, from any thread.
    ///
    /// The report waits for the loop's next pass (it looks at the mailbox whenever it wakes,
    /// as it does for every frame read) and wakes the loop only once ``consumedWakeBytes`` are
    /// unreported. nghttp2 gives window back only when half a stream window (512 KiB) has been
    /// consumed, so reporting sooner would send nothing earlier; and a stream the server
    /// stopped for flow control has a whole window unconsumed, so its consumer always gets
    /// past the threshold.
    nonisolated func postConsumed(_ id: Int32, _ bytes: Int) {
        let mustWake = mailbox.withLock { box -> Bool in
            if let last = box.consumed.last, last.0 == id {
                box.consumed[box.consumed.count - 1].1 += bytes
            } else {
                box.consumed.append((id, bytes))
            }
            box.consumedBytes += bytes
            return box.consumedBytes >= Self.consumedWakeBytes
        }
        if mustWake { executor.wake() }
    }

    /// Unreported consumed stream bytes that make ``postConsumed(_:_:)`` wake the loop.
    static let consumedWakeBytes = Int(NGHTTP2Session.streamWindow / 16)

    // MARK: - Close

    /// Closes the connection once its open calls have finished; at once when none are open.
    ///
    /// For a connection that stopped taking new calls (GOAWAY): the server may still answer
    /// the streams it accepted, so closing at once would turn answers into lost outcomes.
    /// Open calls keep their deadlines and keep-alive PINGs, and end anyway if the server
    /// closes the socket.
    package func closeWhenIdle() async {
        refusesNewCalls.store(true, ordering: .releasing)
        if calls.isEmpty {
            await close()
        } else {
            closesWhenIdle = true
        }
    }

    /// Fails open calls with `.closed` (status CANCELLED), closes the socket and finishes
    /// ``events``. The I/O thread ends when the connection is released.
    package func close() async {
        guard phase != .closed else {
            session = nil
            return
        }
        let error = TransportError.local(.closed, .cancelled, "connection closed by the client", .maybeProcessed)
        if let session, phase == .ready {
            // Best effort: tell the server, flush once.
            _ = nghttp2_session_terminate_session(session.pointer, 0)
            flush()
        }
        teardown(error, event: .closed(nil))
        session = nil
        tlsSession = nil
    }

    /// Fails everything and closes the socket; safe inside nghttp2 callbacks (the session is
    /// freed later, never here).
    func teardown(_ error: TransportError, event: ConnectionEvent? = nil) {
        guard phase != .closed else { return }
        let wasConnecting = phase != .ready
        phase = .closed
        readyFlag.store(false, ordering: .releasing)
        refusesNewCalls.store(true, ordering: .releasing)
        closedError = error
        logger.debug("etcd transport connection closed", metadata: ["etcd.reason": "\(error.message)"])
        let waiters = connectWaiters
        connectWaiters = []
        for waiter in waiters { waiter.resume(returning: .failure(wasConnecting ? asConnectError(error) : error)) }
        let open = calls.values.sorted { $0.id < $1.id }
        for call in open {
            var callError = error
            callError.requestDisposition = call.headersSent ? .maybeProcessed : .notSent
            complete(call, .failure(callError))
        }
        if socketFD >= 0 {
            Glibc.close(socketFD)
            socketFD = -1
        }
        outBuffer = []
        outOffset = 0
        eventsContinuation.yield(event ?? .closed(error))
        eventsContinuation.finish()
    }

    private func asConnectError(_ error: TransportError) -> TransportError {
        switch error.kind {
        case .tls, .connectFailed, .closed, .cancelled: return error
        default:
            return .local(.connectFailed, .unavailable, "connection failed before HTTP/2 was up: \(error.message)", .notSent)
        }
    }

    func failConnection(_ error: TransportError) {
        teardown(error)
    }

    // MARK: - Completion

    /// The open call on stream `id`, if any.
    @inline(__always)
    func openCall(_ id: Int32) -> CallState? {
        if let last = lastCall, last.id == id { return last }
        let call = calls[id]
        if call != nil { lastCall = call }
        return call
    }

    /// Ends a call: removes it, resumes its waiter or finishes its stream.
    func complete(_ call: CallState, _ result: Result<Void, TransportError>) {
        guard calls.removeValue(forKey: call.id) != nil else { return }
        if closesWhenIdle, calls.isEmpty, phase != .closed {
            // Not from inside this (possibly nghttp2-callback) frame: after it, on this executor.
            Task { await self.close() }
        }
        if lastCall === call { lastCall = nil }
        if call.deadline != 0 {
            deadlineCount -= 1
            if deadlineCount == 0 { earliestDeadline = .max }
        }
        if let sender = call.sendWaiter {
            call.sendWaiter = nil
            switch result {
            case .success: sender.resume(returning: .failure(.local(.closed, .cancelled, "call already finished", .maybeProcessed)))
            case .failure(let error): sender.resume(returning: .failure(error))
            }
        }
        if let inbox = call.inbox {
            inbox.finish(result)
            return
        }
        let outcome: Result<[UInt8], TransportError>
        switch result {
        case .success:
            if call.responseCount == 1, let response = call.response {
                outcome = .success(response)
            } else {
                outcome = .failure(
                    .local(.protocolViolation, .internalError, "unary response with \(call.responseCount) messages", .maybeProcessed))
            }
        case .failure(let error):
            outcome = .failure(error)
        }
        call.response = nil
        if let waiter = call.unaryWaiter {
            call.unaryWaiter = nil
            finishedUnary.append((waiter, outcome))
        }
    }

    /// Resumes the callers of the unary calls that ended since the last time. Called once the
    /// loop is done with a batch (after reading, after jobs and posted work, after an inline
    /// submission): resuming them together lets one woken worker thread take them all, where
    /// resuming each as its response is parsed can wake a thread per call.
    func resumeFinishedUnary() {
        guard !finishedUnary.isEmpty else { return }
        for (waiter, outcome) in finishedUnary { waiter.resume(returning: outcome) }
        finishedUnary.removeAll(keepingCapacity: true)
    }

    /// Ends a call locally and resets its stream.
    func abort(_ call: CallState, _ error: TransportError, resetCode: UInt32 = 8) {
        complete(call, .failure(error))
        if let session, phase != .closed {
            // Returns 0 or an error for an already-closed stream (harmless).
            _ = nghttp2_submit_rst_stream(session.pointer, UInt8(NGHTTP2_FLAG_NONE.rawValue), call.id, resetCode)
        }
    }
}

/// The socket read buffer (64 KiB), owned by one connection and used on its I/O thread.
final class ReadBuffer {
    let bytes = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 << 10, alignment: 16)
    deinit { bytes.deallocate() }
}

/// A unary request waiting in the mailbox for the I/O thread.
struct PendingUnary: Sendable {
    var token: UInt64
    var path: String
    var request: [UInt8]
    var metadata: [(String, String)]
    var timeout: Duration?
    var continuation: UnsafeContinuation<Result<[UInt8], TransportError>, Never>
}
