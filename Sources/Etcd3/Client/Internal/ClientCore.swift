import Etcd3Messages
import Etcd3Transport
import Logging

/// The part of the client that calls never need the actor for: configuration, connections and
/// the unary call loop with its retry rules. Safe to use from any task.
final class ClientCore: Sendable {
    let configuration: Etcd3Client.Configuration
    let pool: ConnectionPool
    let logger: Logger
    private let retryBackoff: Backoff

    init(configuration: Etcd3Client.Configuration, endpoints: [Endpoint]) {
        self.configuration = configuration
        self.logger = configuration.logger
        self.retryBackoff = Backoff(
            initial: configuration.retry.initialBackoff, maximum: configuration.retry.maxBackoff)
        var connection = ConnectionConfiguration(logger: configuration.logger)
        connection.connectTimeout = configuration.connectTimeout
        connection.keepAliveInterval = configuration.keepAlive.interval
        connection.keepAliveTimeout = configuration.keepAlive.timeout
        connection.maxReceiveMessageBytes = configuration.maxReceiveMessageBytes
        connection.tls = configuration.tls.map(TLSConfiguration.init)
        self.pool = ConnectionPool(
            endpoints: endpoints,
            connectionConfiguration: connection,
            reconnectBackoff: Backoff(
                initial: configuration.retry.reconnectBackoff, maximum: configuration.retry.maxReconnectBackoff),
            logger: configuration.logger)
    }

    /// The metadata sent with every call.
    var metadata: [(String, String)] { [] }

    /// Makes one unary call, retrying per ``CallKind`` and the configuration until the deadline.
    func unary<Request: WireMessage, Response: WireMessage>(
        _ method: GRPCMethod<Request, Response>,
        _ request: Request,
        kind: CallKind,
        timeout: Duration? = nil
    ) async throws(EtcdError) -> Response {
        let frame = request.grpcFrame()
        if let limit = configuration.maxSendMessageBytes, frame.count - 5 > limit {
            throw EtcdError(
                .requestTooLarge,
                "the request is \(frame.count - 5) bytes, over the client's send limit; nothing was sent",
                limit: limit)
        }
        let deadline = (timeout ?? configuration.requestTimeout).map { ContinuousClock.now + $0 }
        var attempt = 0
        var tried = Set<Int>()
        while true {
            attempt += 1
            if Task.isCancelled { throw EtcdError(.cancelled, "the call was cancelled") }
            var remaining: Duration?
            if let deadline {
                remaining = deadline - .now
                if remaining! <= .zero { throw EtcdError(.deadlineExceeded, "the call's deadline passed") }
            }
            let (connection, index) = try await pool.acquire(excluding: tried, deadline: deadline)
            let failure: TransportError
            do {
                let bytes = try await connection.unary(
                    path: method.path, request: frame, metadata: metadata, timeout: remaining)
                do {
                    return try Response(wireBytes: bytes)
                } catch {
                    throw EtcdError(.protocolViolation, "the server's response could not be decoded: \(error)")
                }
            } catch var error as TransportError {
                if case .closed = error.kind, !pool.isClosed {
                    // The pool closed this connection because another call found it broken:
                    // for this call it is a lost connection, not a closed client.
                    error.kind = .connectionClosed
                }
                failure = error
            } catch let error as EtcdError {
                throw error
            } catch {
                throw EtcdError(.unknown, "\(error)")
            }
            let handling = handleAttemptFailure(failure, kind: kind)
            if handling.connectionBroken { pool.connectionFailed(connection, index: index) }
            switch handling.decision {
            case .fail(let error):
                throw error
            case .retry:
                tried.insert(index)
                if tried.count >= pool.endpoints.count { tried.removeAll() }
                guard attempt < configuration.retry.maxAttempts else { throw EtcdError(exhausted: failure) }
                logger.debug(
                    "etcd call retried",
                    metadata: [
                        "etcd.method": "\(method.path)", "etcd.endpoint": "\(connection.endpoint)",
                        "etcd.attempt": "\(attempt)", "etcd.error": "\(failure.message)",
                    ])
                let pause = retryBackoff.delay(forAttempt: attempt)
                if let deadline, ContinuousClock.now + pause >= deadline { throw EtcdError(exhausted: failure) }
                do {
                    try await Task.sleep(for: pause)
                } catch {
                    throw EtcdError(.cancelled, "the call was cancelled")
                }
            }
        }
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
