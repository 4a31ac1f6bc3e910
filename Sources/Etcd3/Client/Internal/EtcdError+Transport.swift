package import Etcd3Transport

extension EtcdError {
    /// The error for a status the server sent.
    init(serverStatus status: GRPCStatus) {
        let classification = classifyServerError(grpcCode: Int(status.code.rawValue), message: status.message)
        self.init(classification.code, status.message, grpcStatusCode: Int(status.code.rawValue))
    }

    /// The error for a failed attempt to connect to `endpoint`.
    init(connectFailure error: any Error, endpoint: Endpoint) {
        if let error = error as? EtcdError {
            self = error
            return
        }
        guard let error = error as? TransportError else {
            if error is CancellationError {
                self.init(.cancelled, "cancelled while connecting to \(endpoint)")
            } else {
                self.init(.unavailable, "connecting to \(endpoint) failed: \(error)")
            }
            return
        }
        switch error.kind {
        case .tls(let failure):
            self.init(.tls, "TLS with \(endpoint) failed: \(error.message)", tlsFailure: EtcdError.TLSFailure(failure))
        case .cancelled:
            self.init(.cancelled, "cancelled while connecting to \(endpoint)")
        case .closed:
            self.init(.closed, "the client is closed")
        default:
            self.init(.unavailable, "connecting to \(endpoint) failed: \(error.message)")
        }
    }
}

extension EtcdError.TLSFailure {
    init(_ failure: TLSFailure) {
        switch failure {
        case .verifyFailed: self = .verifyFailed
        case .hostnameMismatch: self = .hostnameMismatch
        case .peerRejectedCertificate: self = .peerRejectedCertificate
        case .alpnNotNegotiated: self = .alpnNotNegotiated
        case .handshakeFailed: self = .handshakeFailed
        case .invalidConfiguration: self = .invalidConfiguration
        }
    }
}

/// How one failed attempt of a unary call is handled.
package struct AttemptFailure: Sendable {
    /// Retry, or fail with an error.
    package var decision: RetryDecision
    /// Whether the connection is no longer fit for new calls.
    package var connectionBroken: Bool
}

/// Decides what a failed attempt means for the call (the table in `Docs/Errors.md`): `kind` says
/// whether the call may be repeated; the transport says whether its bytes may have left.
///
/// A write that fails after its bytes may have left, without a server status that settles its
/// outcome, is marked ``EtcdError/writeSentBeforeFailure`` whatever its code (a response over the
/// receive limit, a protocol violation, a closed client), so it is never reported as not applied.
package func handleAttemptFailure(_ error: TransportError, kind: CallKind) -> AttemptFailure {
    var handling = decideAttemptFailure(error, kind: kind)
    if kind == .mutation, error.requestDisposition != .notSent, error.kind != .rpc,
        case .fail(var failure) = handling.decision
    {
        failure.writeSentBeforeFailure = true
        handling.decision = .fail(failure)
    }
    return handling
}

private func decideAttemptFailure(_ error: TransportError, kind: CallKind) -> AttemptFailure {
    let notSent = error.requestDisposition == .notSent
    switch error.kind {
    case .rpc:
        let classification = classifyServerError(
            grpcCode: Int(error.status.code.rawValue), message: error.status.message)
        let failure = EtcdError(serverStatus: error.status)
        switch classification.retry {
        case .safe:
            return AttemptFailure(decision: .retry, connectionBroken: false)
        case .readOnly:
            if kind == .idempotent { return AttemptFailure(decision: .retry, connectionBroken: false) }
            if classification.code == .unavailable {
                var indeterminate = failure
                indeterminate.code = .indeterminate
                return AttemptFailure(decision: .fail(indeterminate), connectionBroken: false)
            }
            return AttemptFailure(decision: .fail(failure), connectionBroken: false)
        case .never:
            var failure = failure
            // etcd applies a write that passed the quota check when it was proposed and finds
            // the quota exceeded only when applying it: that write is applied and still
            // answered "database space exceeded". So a write's NOSPACE does not settle it.
            if kind == .mutation, classification.code == .noSpace { failure.writeSentBeforeFailure = true }
            return AttemptFailure(decision: .fail(failure), connectionBroken: false)
        }
    case .deadlineExceeded:
        return AttemptFailure(
            decision: .fail(EtcdError(.deadlineExceeded, "the call's deadline passed")), connectionBroken: false)
    case .cancelled:
        return AttemptFailure(decision: .fail(EtcdError(.cancelled, "the call was cancelled")), connectionBroken: false)
    case .closed:
        return AttemptFailure(decision: .fail(EtcdError(.closed, "the client is closed")), connectionBroken: false)
    case .responseTooLarge(let limit):
        return AttemptFailure(
            decision: .fail(
                EtcdError(
                    .responseTooLarge, "the response is larger than the receive limit",
                    grpcStatusCode: 8, limit: limit)),
            connectionBroken: false)
    case .tls(let failure):
        return AttemptFailure(
            decision: .fail(EtcdError(.tls, error.message, tlsFailure: EtcdError.TLSFailure(failure))),
            connectionBroken: true)
    case .protocolViolation:
        if notSent || kind == .idempotent { return AttemptFailure(decision: .retry, connectionBroken: true) }
        return AttemptFailure(
            decision: .fail(EtcdError(.indeterminate, "protocol violation after the request was sent: \(error.message)")),
            connectionBroken: true)
    case .refusedStream:
        return AttemptFailure(decision: .retry, connectionBroken: false)
    case .invalidEndpoint:
        return AttemptFailure(
            decision: .fail(EtcdError(.invalidArgument, error.message)), connectionBroken: false)
    case .connectFailed, .connectionClosed, .goAway, .keepAliveTimeout, .streamReset:
        let broken: Bool
        switch error.kind {
        case .streamReset: broken = false
        default: broken = true
        }
        if notSent || kind == .idempotent { return AttemptFailure(decision: .retry, connectionBroken: broken) }
        return AttemptFailure(
            decision: .fail(
                EtcdError(
                    .indeterminate,
                    "the connection failed after the request was sent; it may have been applied: \(error.message)",
                    grpcStatusCode: Int(error.status.code.rawValue))),
            connectionBroken: broken)
    }
}

extension EtcdError {
    /// The error to report once retries are exhausted: the last failure, as a transport
    /// failure that was retried becomes `unavailable`.
    init(exhausted error: TransportError) {
        if case .rpc = error.kind {
            self.init(serverStatus: error.status)
        } else {
            self.init(.unavailable, error.message, grpcStatusCode: Int(error.status.code.rawValue))
        }
    }
}
