internal import CEtcd3NGHTTP2
import Glibc

// The socket side of the connection: runs on the I/O thread, entered from the loop, which
// holds the connection's isolation.
extension HTTP2Connection {
    nonisolated func loopPrepare() -> PollInterest {
        callIsolated((), { connection, _ in connection.prepareForPoll() })
    }

    nonisolated func loopHandle(revents: Int16) {
        callIsolated(revents, { connection, revents in connection.handle(revents: revents) })
    }

    /// After a batch of jobs: apply posted work, flush once, say what to wait for.
    func prepareForPoll() -> PollInterest {
        processMailbox()
        if phase == .awaitingSettings || phase == .ready { flush() }
        var interest = PollInterest()
        if socketFD >= 0 {
            interest.fd = socketFD
            switch phase {
            case .connecting:
                interest.events = Int16(POLLOUT)
            case .tlsHandshake:
                interest.events = Int16(tlsWantsWrite ? POLLOUT : POLLIN)
            case .awaitingSettings, .ready:
                interest.events = Int16(POLLIN)
                if outOffset < outBuffer.count || tlsWantsWrite { interest.events |= Int16(POLLOUT) }
            case .idle, .resolving, .closed:
                interest.fd = -1
            }
        }
        interest.timeoutMilliseconds = nextTimeout()
        updateLowWaterMark()
        resumeFinishedUnary()
        return interest
    }

    /// Milliseconds until the nearest timer (-1 for none); records when the loop will wake.
    private func nextTimeout() -> Int32 {
        let now = monotonicNanoseconds()
        var nearest = nextWakeAt(now: now)
        if phase == .ready, tlsSession == nil {
            // Wake soon after a call, so that a caller writing the next one may raise the
            // low-water mark (``updateLowWaterMark()``) and know the loop looks again by then.
            let soon = lastCallStartedAt &+ Self.lowWaterBound
            if soon > now { nearest = min(nearest, soon) }
        }
        loopWakeAt = nearest
        if nearest == UInt64.max { return -1 }
        if nearest <= now { return 0 }
        let milliseconds = (nearest - now + 999_999) / 1_000_000
        return Int32(min(milliseconds, 60_000))
    }

    /// The nearest timer: connect deadline, keep-alive, call deadlines, and for a connection
    /// that carried calls in the last ``idleLinger``, a tick every second (so that a call
    /// written while the loop sleeps need not wake it for its deadline or keep-alive).
    func nextWakeAt(now: UInt64) -> UInt64 {
        var nearest = UInt64.max
        switch phase {
        case .resolving, .connecting, .tlsHandshake, .awaitingSettings:
            if connectDeadline != 0 { nearest = connectDeadline }
        case .ready:
            if let next = nextPingAt, !calls.isEmpty { nearest = min(nearest, next) }
            if let deadline = pingDeadline { nearest = min(nearest, deadline) }
            if deadlineCount > 0 { nearest = min(nearest, earliestDeadline) }
            if now &- lastCallStartedAt < Self.idleLinger { nearest = min(nearest, now &+ Self.idleTick) }
        case .idle, .closed:
            break
        }
        return nearest
    }

    /// The bytes of the PING and WINDOW_UPDATE frames (17 + 13) that a gRPC server sends on
    /// receiving a request, before its response.
    static let serverPingBytes: Int32 = 30
    /// The longest a raised low-water mark lasts: the loop wakes by then.
    static let lowWaterBound: UInt64 = 2_000_000

    /// Raises or lowers the socket's receive low-water mark (`SO_RCVLOWAT`) before the loop
    /// sleeps, or after a caller wrote a request while it sleeps.
    ///
    /// A gRPC server answers each request's data with a PING and a WINDOW_UPDATE
    /// (``serverPingBytes``) right away, and with the response a little later. While the mark
    /// is raised above those bytes, the socket wakes the loop once per call (for the response,
    /// read together with them), not twice.
    ///
    /// Raised only while that is safe: plaintext (TLS records have their own sizes), no
    /// keep-alive PING waiting for its ACK, every open call (if any) a unary call written
    /// since the loop last woke, and the loop due to wake within ``lowWaterBound`` of the last
    /// call whatever arrives. At that wake it is lowered unless new calls alone are open
    /// again, and whatever arrived meanwhile is read. Kept raised from one call to the next
    /// (also between them, while no call is open), it costs no syscall per call.
    func updateLowWaterMark() {
        guard socketFD >= 0 else {
            lowWaterRaised = false
            return
        }
        let wanted =
            tlsSession == nil && pingDeadline == nil
            && unaryOpenedSincePoll == calls.count && outOffset == outBuffer.count
            && loopWakeAt <= lastCallStartedAt &+ Self.lowWaterBound
        guard wanted != lowWaterRaised else { return }
        var bytes: Int32 = wanted ? Self.serverPingBytes + 1 : 1
        if setsockopt(socketFD, SOL_SOCKET, SO_RCVLOWAT, &bytes, socklen_t(MemoryLayout<Int32>.size)) == 0 {
            lowWaterRaised = wanted
            if wanted { lowWaterRaiseCount += 1 }
        }
    }

    /// After `poll`: expired calls first (a response racing its own deadline reports
    /// DEADLINE_EXCEEDED, as gRPC clients do), then socket readiness, then the other timers.
    func handle(revents: Int16) {
        unaryOpenedSincePoll = 0
        if deadlineCount > 0, phase == .ready { expireDeadlines(monotonicNanoseconds()) }
        if socketFD >= 0 && revents != 0 {
            switch phase {
            case .connecting:
                finishTCPConnect()
            case .tlsHandshake:
                driveHandshake()
            case .awaitingSettings, .ready:
                if revents & Int16(POLLOUT) != 0 {
                    if tlsWantsWrite {
                        tlsWantsWrite = false
                        readAvailable()
                    }
                    writeOut()
                }
                if revents & Int16(POLLIN | POLLHUP | POLLERR) != 0 { readAvailable() }
            case .idle, .resolving, .closed:
                break
            }
        }
        checkTimers()
        resumeFinishedUnary()
    }

    private func processMailbox() {
        var posted = Mailbox()
        mailbox.withLock { swap(&$0, &posted) }
        if posted.cancelConnect, phase != .ready, phase != .closed {
            failConnection(.local(.cancelled, .cancelled, "connect cancelled", .notSent))
        }
        if let resolved = posted.resolved { finishResolving(resolved) }
        if !posted.unaryRequests.isEmpty || !posted.cancelledTokens.isEmpty {
            submitPendingUnary(posted.unaryRequests, cancelled: posted.cancelledTokens)
        }
        for id in posted.cancels {
            guard let call = openCall(id) else { continue }
            abort(call, .local(.cancelled, .cancelled, "call cancelled", call.headersSent ? .maybeProcessed : .notSent))
        }
        if let session {
            for (id, bytes) in posted.consumed {
                // 0, or an error for an invalid id (never) / flow-control overflow (never: we
                // only report bytes that arrived).
                _ = nghttp2_session_consume(session.pointer, id, bytes)
            }
        }
    }

    /// Reads until EAGAIN (plaintext: until a short read, which saves the EAGAIN syscall;
    /// `poll` is level-triggered, so nothing is missed) and feeds nghttp2.
    func readAvailable() {
        var drained = false
        while !drained, phase == .awaitingSettings || phase == .ready, let session {
            var count = 0
            if let tlsSession {
                switch tlsSession.read(into: readBuffer, beforeFirstBytes: !receivedFirstBytes) {
                case .bytes(let n): count = n
                case .wantRead: return
                case .wantWrite:
                    tlsWantsWrite = true
                    return
                case .closed:
                    handleEndOfStream()
                    return
                case .failed(let error):
                    failConnection(error)
                    return
                }
            } else {
                let n = Glibc.read(socketFD, readBuffer.baseAddress, readBuffer.count)
                if n == 0 {
                    handleEndOfStream()
                    return
                }
                if n < 0 {
                    let code = errno
                    if code == EAGAIN || code == EWOULDBLOCK { return }
                    if code == EINTR { continue }
                    failConnection(
                        .local(.connectionClosed, .unavailable, "read failed: \(String(cString: strerror(code)))", .maybeProcessed))
                    return
                }
                count = n
                drained = n < readBuffer.count
            }
            receivedFirstBytes = true
            let rc = CEtcd3NGHTTP2_session_mem_recv(session.pointer, readBuffer.baseAddress, count)
            if rc < 0 {
                let reason = String(cString: nghttp2_strerror(Int32(truncatingIfNeeded: rc)))
                failConnection(.local(.protocolViolation, .internalError, "HTTP/2 error from the server: \(reason)", .maybeProcessed))
                return
            }
        }
    }

    func handleEndOfStream() {
        if phase == .awaitingSettings {
            failConnection(.local(.connectFailed, .unavailable, "connection closed before the server's SETTINGS", .notSent))
        } else {
            failConnection(.local(.connectionClosed, .unavailable, "connection closed by the server", .maybeProcessed))
        }
    }

    /// Collects nghttp2's output (up to 1 MiB ahead) and writes it with one call.
    func flush() {
        guard let session, socketFD >= 0 else { return }
        while outBuffer.count - outOffset < 1 << 20 {
            var data: UnsafePointer<UInt8>?
            let n = CEtcd3NGHTTP2_session_mem_send(session.pointer, &data)
            if n < 0 {
                let reason = String(cString: nghttp2_strerror(Int32(truncatingIfNeeded: n)))
                failConnection(.local(.protocolViolation, .internalError, "HTTP/2 send error: \(reason)", .maybeProcessed))
                return
            }
            guard n > 0, let data else { break }
            outBuffer.append(contentsOf: UnsafeRawBufferPointer(start: data, count: n))
        }
        guard phase != .closed else { return }
        writeOut()
    }

    /// Writes pending output until done or the socket would block.
    func writeOut() {
        while outOffset < outBuffer.count, socketFD >= 0 {
            var written = 0
            var blocked = false
            var failure: TransportError?
            let offset = outOffset
            outBuffer.withUnsafeBytes { raw in
                let pending = UnsafeRawBufferPointer(rebasing: raw[offset...])
                if let tlsSession {
                    switch tlsSession.write(pending) {
                    case .bytes(let n): written = n
                    case .wantWrite, .wantRead: blocked = true
                    case .closed: failure = .local(.connectionClosed, .unavailable, "connection closed by the server", .maybeProcessed)
                    case .failed(let error): failure = error
                    }
                } else {
                    let n = send(socketFD, pending.baseAddress, pending.count, Int32(MSG_NOSIGNAL))
                    if n >= 0 {
                        written = n
                    } else if errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR {
                        blocked = true
                    } else {
                        failure = .local(
                            .connectionClosed, .unavailable, "write failed: \(String(cString: strerror(errno)))", .maybeProcessed)
                    }
                }
            }
            if let failure {
                failConnection(failure)
                return
            }
            if blocked { break }
            outOffset += written
        }
        if outOffset == outBuffer.count {
            if outBuffer.capacity > 4 << 20 { outBuffer = [] } else { outBuffer.removeAll(keepingCapacity: true) }
            outOffset = 0
        } else if outOffset >= 256 << 10 {
            outBuffer.removeFirst(outOffset)
            outOffset = 0
        }
    }

    /// Ends the calls whose deadline passed; scans the calls only once the earliest deadline
    /// may have passed, and then records the next one.
    private func expireDeadlines(_ now: UInt64) {
        guard now >= earliestDeadline else { return }
        var expired: [CallState] = []
        var next = UInt64.max
        for call in calls.values where call.deadline != 0 {
            if now >= call.deadline { expired.append(call) } else { next = min(next, call.deadline) }
        }
        earliestDeadline = next
        for call in expired {
            abort(call, .local(.deadlineExceeded, .deadlineExceeded, "deadline exceeded", call.headersSent ? .maybeProcessed : .notSent))
        }
    }

    /// Deadlines: connect, keep-alive, per-call.
    private func checkTimers() {
        let now = monotonicNanoseconds()
        switch phase {
        case .resolving, .connecting, .tlsHandshake, .awaitingSettings:
            if connectDeadline != 0, now >= connectDeadline {
                failConnection(.local(.connectFailed, .unavailable, "connect timed out after \(configuration.connectTimeout)", .notSent))
            }
            return
        case .ready:
            break
        case .idle, .closed:
            return
        }
        if let deadline = pingDeadline, now >= deadline {
            failConnection(.local(.keepAliveTimeout, .unavailable, "no PING ack within \(configuration.keepAliveTimeout)", .maybeProcessed))
            return
        }
        if deadlineCount > 0 { expireDeadlines(now) }
        if let interval = configuration.keepAliveInterval?.clampedNanoseconds, interval > 0, let session {
            if calls.isEmpty {
                nextPingAt = nil
            } else if let next = nextPingAt {
                if now >= next, pingDeadline == nil {
                    // Returns 0 or NOMEM.
                    _ = nghttp2_submit_ping(session.pointer, UInt8(NGHTTP2_FLAG_NONE.rawValue), nil)
                    pingDeadline = now &+ configuration.keepAliveTimeout.clampedNanoseconds
                    nextPingAt = now &+ interval
                    logger.trace("etcd transport PING sent")
                }
            } else {
                nextPingAt = now &+ interval
            }
        }
    }
}
