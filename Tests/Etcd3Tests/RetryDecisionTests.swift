import Etcd3
import Etcd3Transport
import Testing

/// The retry rules of `Docs/Errors.md`, one row at a time, without a server.
@Suite("Retry decisions", .timeLimit(.minutes(3)))
struct RetryDecisionTests {
    func failure(
        _ kind: TransportError.Kind, code: Int = 14, message: String = "",
        _ disposition: RequestDisposition
    ) -> TransportError {
        TransportError(
            kind: kind, status: GRPCStatus(code: GRPCStatus.Code(rawValue: code), message: message),
            requestDisposition: disposition, message: message)
    }

    func outcome(_ error: TransportError, _ kind: CallKind) -> EtcdError.Code? {
        switch handleAttemptFailure(error, kind: kind).decision {
        case .retry: nil
        case .fail(let error): error.code
        }
    }

    @Test func unsentRequestsAreRetriedEvenWhenTheyWrite() {
        for kind in [TransportError.Kind.connectFailed, .connectionClosed, .goAway, .keepAliveTimeout] {
            #expect(outcome(failure(kind, .notSent), .mutation) == nil)
            #expect(outcome(failure(kind, .notSent), .idempotent) == nil)
        }
        #expect(outcome(failure(.refusedStream, .notSent), .mutation) == nil)
    }

    @Test func writesThatMayHaveLeftAreIndeterminate() {
        for kind in [TransportError.Kind.connectionClosed, .goAway, .keepAliveTimeout, .streamReset(2)] {
            #expect(outcome(failure(kind, .maybeProcessed), .mutation) == .indeterminate)
            #expect(outcome(failure(kind, .maybeProcessed), .idempotent) == nil)
        }
        #expect(handleAttemptFailure(failure(.connectionClosed, .maybeProcessed), kind: .mutation).connectionBroken)
        #expect(!handleAttemptFailure(failure(.streamReset(2), .maybeProcessed), kind: .mutation).connectionBroken)
    }

    @Test func serverStatusesFollowTheTable() {
        let timedOut = failure(.rpc, code: 14, message: "etcdserver: request timed out", .maybeProcessed)
        #expect(outcome(timedOut, .idempotent) == nil)
        #expect(outcome(timedOut, .mutation) == .indeterminate)
        let deadline = failure(.rpc, code: 2, message: "context deadline exceeded", .maybeProcessed)
        #expect(outcome(deadline, .mutation) == .indeterminate)
        let noLeader = failure(.rpc, code: 14, message: "etcdserver: no leader", .maybeProcessed)
        #expect(outcome(noLeader, .idempotent) == nil)
        #expect(outcome(noLeader, .mutation) == .noLeader)
        let busy = failure(.rpc, code: 8, message: "etcdserver: too many requests", .maybeProcessed)
        #expect(outcome(busy, .mutation) == nil)
        let tooLarge = failure(.rpc, code: 3, message: "etcdserver: request is too large", .maybeProcessed)
        #expect(outcome(tooLarge, .mutation) == .requestTooLarge)
        let noSpace = failure(.rpc, code: 8, message: "etcdserver: mvcc: database space exceeded", .maybeProcessed)
        #expect(outcome(noSpace, .mutation) == .noSpace)
        #expect(outcome(noSpace, .idempotent) == .noSpace)
    }

    @Test func localOutcomes() {
        #expect(outcome(failure(.deadlineExceeded, code: 4, .maybeProcessed), .idempotent) == .deadlineExceeded)
        #expect(outcome(failure(.cancelled, code: 1, .maybeProcessed), .mutation) == .cancelled)
        #expect(outcome(failure(.responseTooLarge(limit: 10), code: 8, .maybeProcessed), .idempotent) == .responseTooLarge)
        #expect(outcome(failure(.tls(.hostnameMismatch), code: 14, .notSent), .idempotent) == .tls)
        #expect(outcome(failure(.closed, code: 1, .maybeProcessed), .idempotent) == .closed)
    }

    @Test func writesThatFailAfterSendingMayHaveBeenAppliedWhateverTheCode() throws {
        func error(_ failure: TransportError, _ kind: CallKind) throws -> EtcdError {
            guard case .fail(let error) = handleAttemptFailure(failure, kind: kind).decision else {
                throw EtcdError(.unknown, "\(failure) was retried")
            }
            return error
        }
        let afterSending: [TransportError] = [
            failure(.responseTooLarge(limit: 10), code: 8, .maybeProcessed),
            failure(.protocolViolation, code: 13, .maybeProcessed),
            failure(.closed, code: 1, .maybeProcessed),
            failure(.connectionClosed, .maybeProcessed),
            failure(.deadlineExceeded, code: 4, .maybeProcessed),
            failure(.cancelled, code: 1, .maybeProcessed),
        ]
        for sent in afterSending {
            let write = try error(sent, .mutation)
            #expect(write.mayHaveBeenApplied, "\(sent) → \(write)")
        }
        let tooLarge = try error(afterSending[0], .mutation)
        #expect(tooLarge.code == .responseTooLarge)
        #expect(tooLarge.limit == 10)
        // A read's error says nothing about applied writes; an unsent write was not applied;
        // a server's own refusal settles the outcome.
        #expect(try !error(afterSending[0], .idempotent).mayHaveBeenApplied)
        #expect(try !error(failure(.closed, code: 1, .notSent), .mutation).mayHaveBeenApplied)
        let refused = failure(.rpc, code: 7, message: "etcdserver: permission denied", .maybeProcessed)
        #expect(try !error(refused, .mutation).mayHaveBeenApplied)
    }
}
