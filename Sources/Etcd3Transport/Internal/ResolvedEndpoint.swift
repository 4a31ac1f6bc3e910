import Logging

/// What a connection needs before it dials: the endpoint's addresses (`getaddrinfo`) and, for
/// TLS, the context with its certificates and key read from their files. Made on a
/// blocking-work thread (``BlockingWork``), never on the I/O thread, and handed to the
/// connection through its mailbox.
struct ResolvedEndpoint: @unchecked Sendable {
    // Unchecked: the TLS context is created here and used only by the connection it is handed
    // to, never by two threads at once.
    let result: Result<([SocketAddress], TLSContext?), TransportError>

    /// Resolves `endpoint` and loads `tls` (blocking).
    init(endpoint: Endpoint, tls: TLSConfiguration?, logger: Logger, hook: (@Sendable (String) -> String)?) {
        var context: TLSContext?
        if let tls {
            do {
                context = try TLSContext(configuration: tls) { path in
                    logger.debug("etcd transport private key file is group-readable", metadata: ["etcd.key_file": "\(path)"])
                }
            } catch {
                result = .failure(error)
                return
            }
        }
        let host = hook?(endpoint.host) ?? endpoint.host
        switch SocketAddress.resolve(host: host, port: endpoint.port) {
        case .success(let list):
            result = .success((list, context))
        case .failure(let failure):
            result = .failure(
                .local(.connectFailed, .unavailable, "cannot resolve \(endpoint.host): \(failure.message)", .notSent))
        }
    }
}
