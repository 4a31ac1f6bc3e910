internal import Etcd3Transport

extension ClientCore {
    /// Opens a long-lived stream (watch, keep-alive) on any endpoint but `excluded`, with the
    /// require-leader flag (so a member without a leader ends the stream instead of going quiet)
    /// and the auth token when there is one. A connection that cannot open a stream is dropped.
    ///
    /// The stream goes on one of the connections for long-lived streams (``streamPool``), so
    /// it never shares a flow-control window with bulk reads.
    ///
    /// - Returns: the stream, its endpoint's index and the token it carries, or `nil` when none
    ///   could be opened (the caller backs off and tries again).
    func openLongLivedStream(
        path: String, excluding excluded: Int? = nil
    ) async -> (stream: GRPCStream, endpointIndex: Int, token: String?)? {
        if tokens.needsToken {
            do { try await refreshToken(replacing: nil) } catch { return nil }
        }
        let connection: HTTP2Connection
        let index: Int
        do {
            (connection, index) = try await streamPool.acquire(
                excluding: excluded.map { [$0] } ?? [], deadline: .now + configuration.connectTimeout)
        } catch {
            return nil
        }
        var metadata = [("hasleader", "true")]
        let token = tokens.token
        if let token { metadata.append(("token", token)) }
        do {
            return (try await connection.openStream(path: path, metadata: metadata, timeout: nil), index, token)
        } catch {
            streamPool.connectionFailed(connection, index: index)
            return nil
        }
    }

    /// After a long-lived stream failed with `error`: when the server rejected its `token`,
    /// obtains a fresh one for the next stream (once per stale token; best effort).
    func streamFailed(_ error: TransportError, token: String?) async {
        guard tokens.credentials != nil, case .rpc = error.kind,
            isTokenRefreshable(grpcCode: Int(error.status.code.rawValue), message: error.status.message)
        else { return }
        logger.debug("etcd stream rejected its auth token; re-authenticating")
        try? await refreshToken(replacing: token)
    }
}

extension GRPCStream {
    /// Serves a long-lived bidirectional stream until it ends: sends what `outbox` yields, in
    /// order, and hands each response message to `receive` (which returns `false` to stop).
    /// When the responses end, `outboxContinuation` is finished so the sender stops too; a failed
    /// send cancels the stream. The stream is cancelled before this returns.
    ///
    /// - Returns: the error the responses ended with, `nil` when they just ended.
    func serve<Outgoing: Sendable>(
        sending outbox: AsyncStream<Outgoing>,
        finishing outboxContinuation: AsyncStream<Outgoing>.Continuation,
        encode: @escaping @Sendable (Outgoing) -> [UInt8],
        receive: @escaping @Sendable ([UInt8]) async -> Bool
    ) async -> (any Error)? {
        let failure = await withTaskGroup(of: (any Error)?.self) { group in
            group.addTask {
                for await item in outbox {
                    do {
                        try await self.send(encode(item))
                    } catch {
                        self.cancel()
                        break
                    }
                }
                return nil
            }
            group.addTask {
                var messages = self.messages.makeAsyncIterator()
                var failure: (any Error)?
                while true {
                    let message: [UInt8]?
                    do {
                        message = try await messages.next()
                    } catch {
                        failure = error
                        break
                    }
                    guard let message, await receive(message) else { break }
                }
                outboxContinuation.finish()
                return failure
            }
            var failure: (any Error)?
            for await result in group where result != nil { failure = result }
            return failure
        }
        cancel()
        return failure
    }
}
