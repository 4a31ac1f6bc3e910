internal import CEtcd3NGHTTP2

// nghttp2 callbacks: file-scope C functions that find the connection through `user_data`
// (an unretained pointer; the connection owns the session, so it outlives every callback)
// and call one of its isolated methods with `enter`: callbacks only run inside session calls
// made by isolated code, and the runtime's check would cost more than the callback (a dozen
// per call).

/// Calls `method` (capturing nothing; see ``HTTP2Connection/callIsolated(_:_:)``) on the
/// connection behind `user_data` as isolated code, without retaining the connection (a retain
/// of it is an atomic on its side table, since its executor refers to it weakly).
@inline(__always)
private func enter<Argument, Result>(
    _ user: UnsafeMutableRawPointer,
    _ argument: Argument,
    _ method: @escaping (isolated HTTP2Connection, Argument) -> Result
) -> Result {
    Unmanaged<HTTP2Connection>.fromOpaque(user)._withUnsafeGuaranteedRef { $0.callIsolated(argument, method) }
}

// Pointers handed to a callback are valid only during it; they are marked
// `nonisolated(unsafe)` to pass them into the (same-thread) isolated call, never stored.

private let onFrameRecv: nghttp2_on_frame_recv_callback = { _, frame, user in
    guard let frame, let user else { return 0 }
    nonisolated(unsafe) let borrowed = frame
    return enter(user, borrowed) { $0.frameReceived($1) }
}

private let onBeginHeaders: nghttp2_on_begin_headers_callback = { _, frame, user in
    guard let frame, let user else { return 0 }
    enter(user, frame.pointee.hd.stream_id) { $0.beginHeaders($1) }
    return 0
}

private let onHeader: nghttp2_on_header_callback = { _, frame, name, nameLength, value, valueLength, _, user in
    guard let frame, let name, let value, let user else { return 0 }
    nonisolated(unsafe) let field = (
        id: frame.pointee.hd.stream_id,
        name: UnsafeRawBufferPointer(start: name, count: nameLength),
        value: UnsafeRawBufferPointer(start: value, count: valueLength)
    )
    enter(user, field) { $0.header($1.id, name: $1.name, value: $1.value) }
    return 0
}

private let onDataChunkRecv: nghttp2_on_data_chunk_recv_callback = { _, _, id, data, length, user in
    guard let user else { return 0 }
    nonisolated(unsafe) let chunk = (id: id, bytes: UnsafeRawBufferPointer(start: data, count: data == nil ? 0 : length))
    enter(user, chunk) { $0.dataReceived($1.id, $1.bytes) }
    return 0
}

private let onStreamClose: nghttp2_on_stream_close_callback = { _, id, errorCode, user in
    guard let user else { return 0 }
    enter(user, (id, errorCode)) { $0.streamClosed($1.0, errorCode: $1.1) }
    return 0
}

private let onFrameSend: nghttp2_on_frame_send_callback = { _, frame, user in
    guard let frame, let user else { return 0 }
    if frame.pointee.hd.type == UInt8(NGHTTP2_HEADERS.rawValue) {
        enter(user, frame.pointee.hd.stream_id) { $0.headersSent($1) }
    }
    return 0
}

private let onFrameNotSend: nghttp2_on_frame_not_send_callback = { _, frame, libraryError, user in
    guard let frame, let user else { return 0 }
    if frame.pointee.hd.type == UInt8(NGHTTP2_HEADERS.rawValue) {
        enter(user, (frame.pointee.hd.stream_id, libraryError)) { $0.headersNotSent($1.0, libraryError: $1.1) }
    }
    return 0
}

/// The request body reader: copies queued messages of the stream into nghttp2's buffer.
let dataReadCallback: CEtcd3NGHTTP2_read_callback = { _, id, buffer, length, flags, _, user in
    guard let buffer, let flags, let user else { return Int(NGHTTP2_ERR_CALLBACK_FAILURE.rawValue) }
    nonisolated(unsafe) let request = (
        id: id, target: UnsafeMutableRawBufferPointer(start: buffer, count: length), flags: flags
    )
    return enter(user, request) { $0.provideData($1.id, $1.target, $1.flags) }
}

/// Installs the callbacks above.
func installCallbacks(_ callbacks: OpaquePointer) {
    nghttp2_session_callbacks_set_on_frame_recv_callback(callbacks, onFrameRecv)
    nghttp2_session_callbacks_set_on_begin_headers_callback(callbacks, onBeginHeaders)
    nghttp2_session_callbacks_set_on_header_callback(callbacks, onHeader)
    nghttp2_session_callbacks_set_on_data_chunk_recv_callback(callbacks, onDataChunkRecv)
    nghttp2_session_callbacks_set_on_stream_close_callback(callbacks, onStreamClose)
    nghttp2_session_callbacks_set_on_frame_send_callback(callbacks, onFrameSend)
    nghttp2_session_callbacks_set_on_frame_not_send_callback(callbacks, onFrameNotSend)
}

extension HTTP2Connection {
    func frameReceived(_ frame: UnsafePointer<nghttp2_frame>) -> Int32 {
        let type = frame.pointee.hd.type
        let flags = frame.pointee.hd.flags
        let id = frame.pointee.hd.stream_id
        let endStream = flags & UInt8(NGHTTP2_FLAG_END_STREAM.rawValue) != 0
        switch UInt32(type) {
        case NGHTTP2_SETTINGS.rawValue:
            if flags & UInt8(NGHTTP2_FLAG_ACK.rawValue) == 0 { didReceiveSettings() }
        case NGHTTP2_HEADERS.rawValue:
            headersComplete(id, endStream: endStream)
        case NGHTTP2_DATA.rawValue:
            if endStream, let call = openCall(id) {
                endWithoutTrailers(call)
            }
        case NGHTTP2_PING.rawValue:
            if flags & UInt8(NGHTTP2_FLAG_ACK.rawValue) != 0 {
                pingDeadline = nil
                logger.trace("etcd transport PING ack")
            }
        case NGHTTP2_GOAWAY.rawValue:
            let goaway = frame.pointee.goaway
            var debug = ""
            if let data = goaway.opaque_data, goaway.opaque_data_len > 0 {
                debug = String(decoding: UnsafeRawBufferPointer(start: data, count: goaway.opaque_data_len), as: UTF8.self)
            }
            receivedGoAway(lastStreamID: goaway.last_stream_id, errorCode: goaway.error_code, debug: debug)
        default:
            break
        }
        return 0
    }

    func beginHeaders(_ id: Int32) {
        openCall(id)?.head = GRPCResponseHead()
    }

    func header(_ id: Int32, name: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer) {
        openCall(id)?.head.add(name: name, value: value)
    }

    func headersSent(_ id: Int32) {
        openCall(id)?.headersSent = true
    }

    func headersNotSent(_ id: Int32, libraryError: Int32) {
        guard let call = openCall(id) else { return }
        let reason = String(cString: nghttp2_strerror(libraryError))
        complete(call, .failure(.local(.connectionClosed, .unavailable, "request not sent: \(reason)", .notSent)))
    }

    private func headersComplete(_ id: Int32, endStream: Bool) {
        guard let call = openCall(id) else { return }
        if !call.sawInitialHeaders {
            call.sawInitialHeaders = true
            if let status = GRPCResponseInterpreter.statusForInitialHeaders(call.head, endStream: endStream) {
                finish(call, status: status, endStream: endStream)
            }
            return
        }
        finish(call, status: GRPCResponseInterpreter.statusForTrailers(call.head), endStream: endStream)
    }

    /// Ends a call with a status from headers or trailers; resets the stream if either side
    /// is still open (the server may stop a large upload early with its status).
    private func finish(_ call: CallState, status: GRPCStatus, endStream: Bool) {
        var result: Result<Void, TransportError> = status.code == .ok ? .success(()) : .failure(.rpc(status))
        if status.code != .ok, call.head.grpcStatus == nil, call.head.httpStatus.flatMap({ Int($0) }) ?? 200 == 200 {
            // The server never gave a status (etcd's TLS server ends in-flight streams this way
            // while it stops): the outcome is unknown, as when the stream is cut, not a server
            // verdict on the request.
            result = .failure(.local(.protocolViolation, .internalError, "stream ended without grpc-status", .maybeProcessed))
        }
        if status.code == .ok, call.deframer.hasPartialMessage {
            result = .failure(.local(.protocolViolation, .internalError, "stream ended inside a message", .maybeProcessed))
        }
        let stillSending = !call.outFinished || call.outHead < call.outChunks.count
        complete(call, result)
        if !endStream || stillSending, let session {
            let code: UInt32 = endStream ? 0 : 8  // NO_ERROR after the server finished, else CANCEL
            _ = nghttp2_submit_rst_stream(session.pointer, UInt8(NGHTTP2_FLAG_NONE.rawValue), call.id, code)
        }
    }

    private func endWithoutTrailers(_ call: CallState) {
        complete(call, .failure(.local(.protocolViolation, .internalError, "stream ended without trailers", .maybeProcessed)))
    }

    func dataReceived(_ id: Int32, _ bytes: UnsafeRawBufferPointer) {
        guard let session else { return }
        guard let call = openCall(id) else {
            // A call we already ended: give the window back.
            _ = nghttp2_session_consume(session.pointer, id, bytes.count)
            return
        }
        // The connection's one list of completed messages, lent to this chunk (callbacks do
        // not nest), so a call allocates no list of its own.
        var messages: [[UInt8]] = []
        swap(&messages, &messageScratch)
        defer {
            messages.removeAll(keepingCapacity: true)
            swap(&messages, &messageScratch)
        }
        do {
            try call.deframer.process(bytes, into: &messages)
        } catch {
            _ = nghttp2_session_consume(session.pointer, id, bytes.count)
            abort(call, error.transportError)
            return
        }
        if let inbox = call.inbox {
            // A message's bytes are reported as consumed when the consumer takes it, so a
            // slow consumer stops the server at the stream window. A partial message larger
            // than half the window is consumed early (and credited less later), so a message
            // larger than the window still arrives.
            var consumeNow = 0
            for (index, message) in messages.enumerated() {
                var credit = message.count + 5
                if index == 0 {
                    credit -= call.partialConsumed
                    call.partialConsumed = 0
                }
                if inbox.deliver(message, credit: credit) { consumeNow += credit }
            }
            let partial = call.deframer.bufferedByteCount
            if partial > Int(NGHTTP2Session.streamWindow / 2) {
                consumeNow += partial - call.partialConsumed
                call.partialConsumed = partial
            }
            if consumeNow > 0 { _ = nghttp2_session_consume(session.pointer, id, consumeNow) }
        } else {
            _ = nghttp2_session_consume(session.pointer, id, bytes.count)
            for message in messages {
                call.responseCount += 1
                if call.responseCount == 1 { call.response = message }
            }
        }
    }

    func streamClosed(_ id: Int32, errorCode: UInt32) {
        guard let call = openCall(id) else { return }
        if let last = goAwayLastStreamID, id > last {
            complete(call, .failure(.local(.goAway, .unavailable, "not processed: the server sent GOAWAY", .notSent)))
            return
        }
        let error = GRPCResponseInterpreter.errorForReset(code: errorCode, trailerStatus: nil, requestSent: call.headersSent)
        complete(call, .failure(error))
    }

    private func receivedGoAway(lastStreamID: Int32, errorCode: UInt32, debug: String) {
        goAwayLastStreamID = min(goAwayLastStreamID ?? Int32.max, lastStreamID)
        logger.debug(
            "etcd transport GOAWAY received",
            metadata: ["etcd.last_stream_id": "\(lastStreamID)", "etcd.error_code": "\(errorCode)", "etcd.debug": "\(debug)"])
        if errorCode == 11, debug == "too_many_pings", !loggedTooManyPings {
            loggedTooManyPings = true
            let doubled = (suggestedKeepAliveInterval ?? .seconds(5)) * 2
            suggestedIntervalNanos.store(Int64(doubled.clampedNanoseconds), ordering: .releasing)
            logger.debug(
                "etcd transport server rejected our PING rate (too_many_pings); doubling the keep-alive interval",
                metadata: ["etcd.keepalive_interval": "\(doubled)"])
        }
        // After the interval is updated: an owner that sees this flag reads the new interval.
        refusesNewCalls.store(true, ordering: .releasing)
        eventsContinuation.yield(.goAway(lastStreamID: lastStreamID, errorCode: errorCode, debug: debug))
    }

    func provideData(_ id: Int32, _ target: UnsafeMutableRawBufferPointer, _ flags: UnsafeMutablePointer<UInt32>) -> Int {
        guard let call = openCall(id) else { return Int(NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE.rawValue) }
        var written = 0
        while written < target.count, call.outHead < call.outChunks.count {
            let offset = call.outOffset
            let n = call.outChunks[call.outHead].withUnsafeBytes { chunk -> Int in
                let n = min(target.count - written, chunk.count - offset)
                if n > 0 {
                    UnsafeMutableRawBufferPointer(rebasing: target[written..<written + n])
                        .copyMemory(from: UnsafeRawBufferPointer(rebasing: chunk[offset..<offset + n]))
                }
                if offset + n == chunk.count { return -n - 1 }  // chunk done
                return n
            }
            if n < 0 {
                written += -n - 1
                call.outChunks[call.outHead] = []
                call.outHead += 1
                call.outOffset = 0
            } else {
                written += n
                call.outOffset += n
            }
        }
        if call.outHead == call.outChunks.count {
            call.outChunks.removeAll(keepingCapacity: true)
            call.outHead = 0
        }
        call.outPending -= written
        if let sender = call.sendWaiter, call.outPending <= 1 << 20 {
            call.sendWaiter = nil
            sender.resume(returning: .success(()))
        }
        if call.outChunks.isEmpty && call.outFinished {
            flags.pointee |= NGHTTP2_DATA_FLAG_EOF.rawValue
            return written
        }
        if written == 0 {
            call.dataDeferred = true
            return Int(NGHTTP2_ERR_DEFERRED.rawValue)
        }
        return written
    }
}
