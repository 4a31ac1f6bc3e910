import Etcd3Transport

extension ClientCore {
    /// Opens a long-lived stream (watch, keep-alive) on any endpoint but `excluded`, with the
    /// require-leader flag (so a member without a leader ends the stream instead of going quiet)
    /// and the auth token when there is one. A connection that cannot open a stream is dropped.
    ///
    /// - Returns: the stream and its endpoint's index, or `nil` when none could be opened (the
    ///   caller backs off and tries again).
    func openLongLivedStream(path: String, excluding excluded: Int? = nil) async -> (GRPCStream, Int)? {
        let connection: HTTP2Connection
        let index: Int
        do {
            (connection, index) = try await pool.acquire(
                excluding: excluded.map { [$0] } ?? [], deadline: .now + configuration.connectTimeout)
        } catch {
            return nil
        }
        var metadata = [("hasleader", "true")]
        if let token = tokens.token { metadata.append(("token", token)) }
        do {
            return (try await connection.openStream(path: path, metadata: metadata, timeout: nil), index)
        } catch {
            pool.connectionFailed(connection, index: index)
            return nil
        }
    }
}
