internal import CEtcd3NGHTTP2

// A test seam for unit tests and the HTTP2Session fuzz target (Docs/Fuzzing.md): runs the connection's
// real nghttp2 session and callbacks without a socket. The methods are actor-isolated, so they
// run on the connection's I/O thread like the socket path; nothing here is used by it.
extension HTTP2Connection {
    /// Starts the HTTP/2 session as after a TCP connect, without a socket. Returns the bytes
    /// the client would write (its preface, SETTINGS and connection WINDOW_UPDATE).
    package func startSessionWithoutSocket() -> [UInt8] {
        guard phase == .idle else { return [] }
        startHTTP2()
        return takeOutputWithoutSocket()
    }

    /// Feeds `bytes` to the session as if read from the socket (as `readAvailable` does) and
    /// returns the bytes the client would write in reply.
    package func receiveWithoutSocket(_ bytes: [UInt8]) -> [UInt8] {
        guard phase == .awaitingSettings || phase == .ready, let session else { return [] }
        receivedFirstBytes = true
        let rc = bytes.withUnsafeBufferPointer { CEtcd3NGHTTP2_session_mem_recv(session.pointer, $0.baseAddress, $0.count) }
        if rc < 0 {
            let reason = String(cString: nghttp2_strerror(Int32(truncatingIfNeeded: rc)))
            failConnection(.local(.protocolViolation, .internalError, "HTTP/2 error from the server: \(reason)", .maybeProcessed))
            return []
        }
        return takeOutputWithoutSocket()
    }

    /// Ends the input as if the server closed the connection.
    package func endOfInputWithoutSocket() {
        guard phase == .awaitingSettings || phase == .ready else { return }
        handleEndOfStream()
    }

    /// Submits a unary call as ``unary(path:request:metadata:timeout:)`` does, but at once and
    /// on this actor (no mailbox), and waits for its result. `request` is gRPC-framed.
    package func unaryWithoutSocket(path: String, request: [UInt8]) async -> Result<[UInt8], TransportError> {
        let token = nextToken.add(1, ordering: .relaxed).newValue
        return await withUnsafeContinuation { continuation in
            let pending = PendingUnary(
                token: token, path: path, request: request, metadata: [], timeout: nil, continuation: continuation)
            submitPendingUnary([pending], cancelled: [])
        }
    }

    /// Whether the connection has not been closed (it may have stopped taking new calls).
    package var isUsableOrDraining: Bool { phase == .awaitingSettings || phase == .ready }

    /// How often the socket's receive low-water mark was raised (``updateLowWaterMark()``).
    package var lowWaterMarkRaises: Int { lowWaterRaiseCount }

    /// Calls that have not completed.
    package var openCallCount: Int { calls.count }

    /// Collects what nghttp2 wants to send (as `flush` does) and returns it instead of writing.
    private func takeOutputWithoutSocket() -> [UInt8] {
        var output: [UInt8] = []
        while phase != .closed, let session {
            var data: UnsafePointer<UInt8>?
            let n = CEtcd3NGHTTP2_session_mem_send(session.pointer, &data)
            if n < 0 {
                let reason = String(cString: nghttp2_strerror(Int32(truncatingIfNeeded: n)))
                failConnection(.local(.protocolViolation, .internalError, "HTTP/2 send error: \(reason)", .maybeProcessed))
                break
            }
            guard n > 0, let data else { break }
            output.append(contentsOf: UnsafeRawBufferPointer(start: data, count: n))
        }
        return output
    }
}
