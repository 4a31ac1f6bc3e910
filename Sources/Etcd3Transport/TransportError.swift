/// Whether a failed request may have been processed by the server.
package enum RequestDisposition: Sendable, Hashable {
    /// No byte of the request reached the server, or the server provably did not process it
    /// (REFUSED_STREAM, GOAWAY with a higher stream id, connect failure): safe to retry
    /// anywhere, also for writes.
    case notSent
    /// The request may have been processed; only idempotent calls may be retried.
    case maybeProcessed
}

/// Why a TLS connection could not be established.
package enum TLSFailure: Sendable, Hashable {
    /// The server's certificate chain did not verify (the OpenSSL reason is attached).
    case verifyFailed(String)
    /// The certificate does not name the host or IP we connected to (or `serverName`).
    case hostnameMismatch
    /// The server rejected our certificate (or its absence) with an alert; under TLS 1.3 this
    /// arrives on the first read after the handshake.
    case peerRejectedCertificate(String)
    /// The server did not select ALPN `h2`.
    case alpnNotNegotiated
    /// Any other handshake failure (the drained OpenSSL error queue is attached).
    case handshakeFailed(String)
    /// The TLS configuration could not be loaded (files, PEM, key permissions).
    case invalidConfiguration(String)
}

/// A failed connection or call.
///
/// ``kind`` says what happened, ``status`` is the gRPC status it maps to (the server's own
/// for ``Kind/rpc``), and ``requestDisposition`` says whether a retry could duplicate a write.
package struct TransportError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    package enum Kind: Sendable, Hashable {
        /// The server answered with a non-OK `grpc-status` (or an HTTP status, per the gRPC
        /// HTTP mapping).
        case rpc
        /// DNS, TCP connect or connect timeout failed.
        case connectFailed
        /// TLS failed.
        case tls(TLSFailure)
        /// The connection ended (FIN, reset, I/O error) while the call was open.
        case connectionClosed
        /// The server sent GOAWAY and did not process this stream.
        case goAway
        /// The server refused the stream (RST_STREAM REFUSED_STREAM); not processed.
        case refusedStream
        /// The server reset the stream with this HTTP/2 error code.
        case streamReset(UInt32)
        /// No PING ack within the keep-alive timeout.
        case keepAliveTimeout
        /// The call's timeout passed.
        case deadlineExceeded
        /// The caller cancelled the call (task cancellation or ``GRPCStream/cancel()``).
        case cancelled
        /// The server broke HTTP/2 or gRPC framing rules.
        case protocolViolation
        /// A response message was larger than the configured receive limit.
        case responseTooLarge(limit: Int)
        /// The connection was closed by us (``HTTP2Connection/close()``).
        case closed
        /// An endpoint string could not be parsed.
        case invalidEndpoint
    }

    /// What went wrong.
    package var kind: Kind
    /// The gRPC status this failure maps to.
    package var status: GRPCStatus
    /// Whether the request may have been processed.
    package var requestDisposition: RequestDisposition
    /// A human-readable explanation (never contains request bodies or secrets).
    package var message: String

    /// Creates an error.
    package init(kind: Kind, status: GRPCStatus, requestDisposition: RequestDisposition, message: String) {
        self.kind = kind
        self.status = status
        self.requestDisposition = requestDisposition
        self.message = message
    }

    /// A readable summary.
    package var description: String {
        "TransportError(\(kind), \(status), \(requestDisposition == .notSent ? "not sent" : "maybe processed"): \(message))"
    }
}

extension TransportError {
    static func invalidEndpoint(_ text: String, _ why: String) -> TransportError {
        TransportError(
            kind: .invalidEndpoint, status: GRPCStatus(code: .invalidArgument, message: why),
            requestDisposition: .notSent, message: "invalid endpoint \"\(text)\": \(why)")
    }

    static func rpc(_ status: GRPCStatus) -> TransportError {
        TransportError(kind: .rpc, status: status, requestDisposition: .maybeProcessed, message: status.message)
    }

    static func local(
        _ kind: Kind, _ code: GRPCStatus.Code, _ message: String, _ disposition: RequestDisposition
    ) -> TransportError {
        TransportError(
            kind: kind, status: GRPCStatus(code: code, message: message), requestDisposition: disposition,
            message: message)
    }

    static func tls(_ failure: TLSFailure) -> TransportError {
        let text: String
        switch failure {
        case .verifyFailed(let why): text = "certificate verify failed: \(why)"
        case .hostnameMismatch: text = "certificate does not match the host name"
        case .peerRejectedCertificate(let why): text = "the server rejected our certificate: \(why)"
        case .alpnNotNegotiated: text = "the server did not negotiate ALPN h2"
        case .handshakeFailed(let why): text = "TLS handshake failed: \(why)"
        case .invalidConfiguration(let why): text = "invalid TLS configuration: \(why)"
        }
        return .local(.tls(failure), .unavailable, text, .notSent)
    }
}
