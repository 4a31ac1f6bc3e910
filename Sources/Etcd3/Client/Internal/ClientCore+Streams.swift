import Etcd3Transport

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
