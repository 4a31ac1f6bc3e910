import Logging

/// TLS settings for a connection.
package struct TLSConfiguration: Sendable {
    /// Where PEM material comes from.
    package enum Source: Sendable {
        /// A PEM file on disk.
        case file(String)
        /// PEM bytes in memory.
        case pem([UInt8])
    }

    /// CA certificates to trust; `nil` uses the system's default store.
    package var trustRoots: Source?
    /// The client certificate chain for mTLS (leaf first).
    package var certificateChain: Source?
    /// The client private key for mTLS. A key file readable by everyone is refused.
    package var privateKey: Source?
    /// Overrides the name that is verified and sent as SNI (for certificates that name a
    /// different host than the one dialled).
    package var serverName: String?
    /// Whether the certificate must name the host (or ``serverName``). The chain is always
    /// verified.
    package var verifyHostname: Bool

    /// Creates a TLS configuration.
    package init(
        trustRoots: Source? = nil, certificateChain: Source? = nil, privateKey: Source? = nil,
        serverName: String? = nil, verifyHostname: Bool = true
    ) {
        self.trustRoots = trustRoots
        self.certificateChain = certificateChain
        self.privateKey = privateKey
        self.serverName = serverName
        self.verifyHostname = verifyHostname
    }
}

/// Settings for one ``HTTP2Connection``.
package struct ConnectionConfiguration: Sendable {
    /// DNS + TCP connect + TLS handshake + the server's SETTINGS must complete within this.
    package var connectTimeout: Duration = .seconds(5)
    /// Interval between HTTP/2 PINGs, sent only while calls are open; `nil` disables them.
    /// etcd answers pings more often than every 5 s (its default minimum) with GOAWAY.
    package var keepAliveInterval: Duration? = .seconds(10)
    /// A PING not acknowledged within this marks the connection dead.
    package var keepAliveTimeout: Duration = .seconds(5)
    /// Largest accepted response message (without its 5-byte prefix).
    package var maxReceiveMessageBytes: Int = 64 << 20
    /// TLS settings; `nil` for plaintext. An endpoint's `https://` scheme with `nil` here uses
    /// TLS with the default trust store.
    package var tls: TLSConfiguration? = nil
    /// Debug/trace logging; secrets are never logged.
    package var logger: Logger
    /// For tests: called with the endpoint's host before it is resolved, on the thread that
    /// resolves (never the I/O thread); returns the host to resolve instead. It may block, as
    /// a slow DNS server would.
    package var resolutionHook: (@Sendable (String) -> String)? = nil
    /// Told the bytes written to (`sent`) and read from (`received`) the socket (HTTP/2
    /// frames, TLS excluded), on the I/O thread, once per read or write; `nil` costs one check.
    package var transferObserver: (@Sendable (_ endpoint: Endpoint, _ sent: Int, _ received: Int) -> Void)?

    /// Creates a configuration with defaults and the given logger.
    package init(logger: Logger) {
        self.logger = logger
    }
}

/// Something that happened to a connection, for its owner.
package enum ConnectionEvent: Sendable {
    /// The server sent GOAWAY: no new calls; calls with ids above `lastStreamID` failed with
    /// ``RequestDisposition/notSent``.
    case goAway(lastStreamID: Int32, errorCode: UInt32, debug: String)
    /// The connection is closed: `nil` after ``HTTP2Connection/close()``, else the cause.
    case closed(TransportError?)
}
