public import Logging

extension Etcd3Client {
    /// Everything that shapes a client: endpoints, TLS, timeouts, limits, retries and logging.
    ///
    /// Every property has a default that suits a production service; set only what differs:
    ///
    /// ```swift
    /// var configuration = Etcd3Client.Configuration(endpoints: ["10.0.0.1:2379", "10.0.0.2:2379"])
    /// configuration.requestTimeout = .seconds(5)
    /// configuration.tls = .init(trustRoots: .file("/etc/etcd/ca.pem"))
    /// let client = try await Etcd3Client(configuration: configuration)
    /// ```
    public struct Configuration: Sendable {
        /// The cluster's client URLs: `host:port`, `http://host:port`, `https://host:port` or
        /// `[ipv6]:port`. The port defaults to 2379. An `https://` endpoint needs ``tls``
        /// (or gets the system's trust store when ``tls`` is `nil`).
        public var endpoints: [String]
        /// TLS for every endpoint; `nil` speaks plaintext (except to `https://` endpoints).
        public var tls: TLS?
        /// A user name and password for servers with auth enabled. The client exchanges them for
        /// a token before its first call and again whenever the server rejects the token
        /// (expiry, auth store changes), once per call and single-flight across calls. Leave
        /// `nil` for servers without auth, or with TLS client-certificate (CN) authentication.
        public var credentials: Credentials?
        /// How long to wait for a connection (TCP, TLS and the server's HTTP/2 settings).
        public var connectTimeout: Duration = .seconds(5)
        /// The deadline of a call that does not give its own, including the client's retries.
        /// `nil` waits without limit (not advised: a partitioned member can hold a call for the
        /// server's own 7 s timeout, and a dead one until the connection is declared dead).
        public var requestTimeout: Duration? = .seconds(30)
        /// HTTP/2 PING settings used to detect dead connections while calls are open.
        public var keepAlive: KeepAlive = .init()
        /// The largest response message accepted, in bytes. Larger responses fail with
        /// ``EtcdError/Code/responseTooLarge``; prefix reads page to stay below it.
        public var maxReceiveMessageBytes: Int = 64 << 20
        /// The largest request message sent, in bytes; larger requests fail with
        /// ``EtcdError/Code/requestTooLarge`` before a byte is sent. `nil` sends anything
        /// (the server then rejects what exceeds its `--max-request-bytes`).
        public var maxSendMessageBytes: Int? = 2 << 20
        /// How calls are retried when they provably were not applied, or are reads.
        public var retry: RetryPolicy = .init()
        /// Whether reads never go back in time: on (the default), the client never returns a
        /// read whose revision is below the highest it already returned for a read.
        ///
        /// Serializable reads go round robin over the members, and a member that lags (paused,
        /// partitioned, catching up after a restart) answers from its older state. With this
        /// on, the client keeps the highest header revision of the reads and transactions it
        /// returned, and checks each read of the latest revision (a Range without `revision`,
        /// a transaction without writes) against the value it had when the call began. A stale
        /// answer is not returned: the read goes to another endpoint, within the call's
        /// deadline and ``RetryPolicy/maxAttempts``, and fails with
        /// ``EtcdError/Code/staleRead`` when no member caught up in time. Reads at an explicit
        /// revision are not checked, and puts and deletes do not raise the floor (a
        /// serializable read may still miss the client's own last put); watches are not
        /// affected. `Docs/KV.md` ("Monotonic reads") has the rules.
        ///
        /// Turn it off only when every read may go back in time, for example a client used
        /// for nothing but monitoring individual members.
        public var monotonicReads: Bool = true
        /// How many keys one page of an automatically paged prefix or range read asks for.
        public var rangePageSize: Int64 = 1000
        /// The most events one watcher holds for its consumer. A revision with more events than
        /// this is still delivered whole, on its own. Memory per watcher is about this many
        /// events, plus one HTTP/2 stream window (1 MiB) for the stream all watchers share.
        public var watchBufferSize: Int = 1024
        /// What happens when a watcher's buffer is full: see ``SlowConsumerPolicy``.
        public var slowWatchConsumer: SlowConsumerPolicy = .backpressure
        /// How long watches look for a member with a leader after theirs lost it, before they
        /// end with ``EtcdError/Code/noLeader``.
        ///
        /// Watch streams require a leader: a member that has had none for three election
        /// timeouts cancels them (3.5–5.2 s after the loss at etcd's default timing). The client
        /// then reopens the stream on the other endpoints; when none of them serves it within
        /// this time, every watch ends with `.noLeader` rather than stay silent. The default
        /// keeps the total under 8 s after the leader was lost, while an ordinary election
        /// (≤ 2.6 s) never ends a watch. `nil` keeps looking for as long as it takes.
        public var watchNoLeaderTimeout: Duration? = .seconds(2)
        /// Which connections carry the long-lived streams (Watch, LeaseKeepAlive): a second
        /// one per endpoint (the default) or the one that carries calls. See
        /// ``StreamConnection``.
        public var streamConnection: StreamConnection = .dedicated
        /// Where the client logs (debug and trace levels only). Discards by default.
        public var logger: Logger = Logger(label: "etcd3", factory: { _ in SwiftLogNoOpLogHandler() })
        /// How often the client replaces its endpoints with the cluster's current members;
        /// `nil` (the default) keeps the endpoints it was created with.
        ///
        /// Every interval, the client reads the member list (linearizably, through the leader,
        /// on etcd 3.5 and later) and makes the voting members' client URLs its endpoints:
        /// learners join only once promoted, removed members leave. Calls already in flight on a
        /// removed member finish there; no new call goes to it. A failed read, or a list with no
        /// usable URL, leaves the endpoints as they are until the next round. With
        /// ``discoverySRV``, each round resolves the SRV records again instead, and their
        /// targets become the endpoints. ``Etcd3Client/endpoints`` shows the current list;
        /// ``Etcd3Client/syncEndpoints(timeout:)`` runs one round at once. `Docs/Operations.md`
        /// ("Endpoint auto-sync") has the details.
        public var autoSyncInterval: Duration? = nil
        /// Finds the endpoints in DNS SRV records instead of ``endpoints``; `nil` (the default)
        /// uses ``endpoints``.
        ///
        /// The client asks for `_etcd-client-ssl._tcp.<domain>` when ``tls`` is set and
        /// `_etcd-client._tcp.<domain>` otherwise, as etcd and etcdctl `--discovery-srv` do, and
        /// connects to each record's target and port (`https://` or `http://`). The lookup runs
        /// off the client's I/O thread, when the client is created and on every
        /// ``autoSyncInterval`` round. See ``SRVDiscovery``.
        public var discoverySRV: SRVDiscovery? = nil
        /// How long calls already in flight may take to finish when ``Etcd3Client/run()`` shuts
        /// the client down gracefully (its task cancelled, or a `ServiceGroup` graceful
        /// shutdown). New calls fail with ``EtcdError/Code/closed`` at once; after this period,
        /// or as soon as no call is in flight, the client closes as ``Etcd3Client/close()`` does.
        public var shutdownGracePeriod: Duration = .seconds(5)
        /// For tests: maps an endpoint's host before it is resolved (off the I/O thread); it may
        /// block, as a slow DNS server would.
        package var resolutionHook: (@Sendable (String) -> String)? = nil
        /// Sees the client's calls, connections, watches, keep-alives and bytes, for metrics
        /// and tracing (`Docs/Observability.md`); `nil` (the default) observes nothing, at the
        /// cost of one `nil` check per event. See ``Etcd3ClientObserver``.
        public var observer: (any Etcd3ClientObserver)?

        /// Creates a configuration for the given endpoints with every other setting at its default.
        public init(endpoints: [String]) {
            self.endpoints = endpoints
        }
    }

    /// Where to find the endpoints in DNS: see ``Configuration/discoverySRV``.
    ///
    /// ```swift
    /// var configuration = Etcd3Client.Configuration(endpoints: [])
    /// configuration.discoverySRV = .init(domain: "example.com")
    /// let client = try await Etcd3Client(configuration: configuration)
    /// ```
    public struct SRVDiscovery: Sendable, Hashable {
        /// The domain whose `_etcd-client._tcp` (or `_etcd-client-ssl._tcp`) records list the
        /// cluster.
        public var domain: String
        /// A suffix for the service name, as etcd's `--discovery-srv-name`: `"prod"` asks for
        /// `_etcd-client-prod._tcp.<domain>`. `nil` for none.
        public var serviceName: String?
        /// The DNS servers to ask, as IP literals with an optional port (`"10.0.0.2"`,
        /// `"127.0.0.1:5353"`, `"[::1]:53"`), in turn; empty (the default) uses the
        /// `nameserver` lines of `/etc/resolv.conf`.
        public var nameservers: [String]
        /// How long one lookup may take, every server and retry included; it then fails with
        /// ``EtcdError/Code/discoveryFailed``.
        public var timeout: Duration

        /// Creates SRV discovery settings.
        public init(domain: String, serviceName: String? = nil, nameservers: [String] = [], timeout: Duration = .seconds(5)) {
            self.domain = domain
            self.serviceName = serviceName
            self.nameservers = nameservers
            self.timeout = timeout
        }

        /// The SRV name asked for: `_etcd-client[-ssl][-<serviceName>]._tcp.<domain>`.
        public func recordName(usesTLS: Bool) -> String {
            let suffix = serviceName.map { $0.isEmpty ? "" : "-\($0)" } ?? ""
            let domain = domain.hasSuffix(".") ? String(domain.dropLast()) : domain
            return "_etcd-client\(usesTLS ? "-ssl" : "")\(suffix)._tcp.\(domain)"
        }
    }

    /// TLS settings: whom to trust, the client's own certificate, and the name to verify.
    public struct TLS: Sendable {
        /// The CA certificates that sign the servers' certificates; `nil` uses the system's store.
        public var trustRoots: CertificateSource?
        /// The client certificate chain, for servers that require client certificates (mTLS).
        public var certificateChain: CertificateSource?
        /// The client certificate's private key.
        public var privateKey: CertificateSource?
        /// The name to verify in the server's certificate (and to send as SNI) instead of the
        /// endpoint's host, for certificates that name a different host.
        public var serverName: String?
        /// Whether to check that the server's certificate names the host. Turning this off
        /// still verifies the chain.
        public var verifyHostname: Bool = true

        /// Creates TLS settings.
        public init(
            trustRoots: CertificateSource? = nil,
            certificateChain: CertificateSource? = nil,
            privateKey: CertificateSource? = nil,
            serverName: String? = nil,
            verifyHostname: Bool = true
        ) {
            self.trustRoots = trustRoots
            self.certificateChain = certificateChain
            self.privateKey = privateKey
            self.serverName = serverName
            self.verifyHostname = verifyHostname
        }
    }

    /// Where PEM data comes from: a file or memory.
    public struct CertificateSource: Sendable, CustomStringConvertible {
        enum Base: Sendable {
            case file(String)
            case pem([UInt8])
        }
        let base: Base

        /// PEM data read from the file at `path` when a connection is made.
        public static func file(_ path: String) -> CertificateSource { .init(base: .file(path)) }
        /// PEM data held in memory.
        public static func pem(_ bytes: [UInt8]) -> CertificateSource { .init(base: .pem(bytes)) }
        /// PEM text held in memory.
        public static func pem(_ text: String) -> CertificateSource { .init(base: .pem(Array(text.utf8))) }

        /// The file's path, or `<pem in memory>`: never the data itself.
        public var description: String {
            switch base {
            case .file(let path): path
            case .pem: "<pem in memory>"
            }
        }
    }

    /// What a watch does when its consumer falls ``Configuration/watchBufferSize`` events behind.
    ///
    /// All watchers of a client share one Watch stream. With ``backpressure`` (the default) the
    /// client stops reading that stream until the slow consumer makes room: HTTP/2 flow control
    /// then holds the server back, so no event is ever dropped and memory stays bounded, but
    /// every watcher of the client waits for the slowest one. With ``cancel`` the slow watcher
    /// alone ends, with ``EtcdError/Code/slowConsumer`` after the events it buffered, and the
    /// others keep flowing.
    ///
    /// The default is ``backpressure`` because a watch's first promise is that it never loses
    /// an event and never fails on its own; a consumer that merely pauses (a GC pause, a slow
    /// disk) then delays its siblings instead of ending. Choose ``cancel`` when watchers are
    /// independent and one must never hold up the others; the failed watcher can watch again
    /// from the revision after its last event.
    ///
    /// > Warning: With ``backpressure``, a watch sequence that is created and never iterated
    /// > stops every watch of the client once its buffer fills. Iterate every sequence you
    /// > create, or let go of it (which cancels the watch).
    public struct SlowConsumerPolicy: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case backpressure, cancel
        }
        private let base: Base

        /// Stop reading the shared Watch stream until the consumer catches up: never loses an
        /// event; other watchers of the client wait meanwhile.
        public static let backpressure = SlowConsumerPolicy(base: .backpressure)
        /// End the slow watcher with ``EtcdError/Code/slowConsumer``; the others keep flowing.
        public static let cancel = SlowConsumerPolicy(base: .cancel)

        /// The policy's name.
        public var description: String { base.rawValue }
    }

    /// Which HTTP/2 connection carries the client's long-lived streams: the shared Watch
    /// stream and the lease keep-alive stream.
    ///
    /// With ``dedicated`` (the default) the client opens a second connection to each endpoint
    /// for them. A large read (a prefix, a snapshot) then never delays a watch event or a
    /// keep-alive behind its bytes in the same TCP connection.
    ///
    /// With ``shared`` every call and stream goes over one connection per endpoint, as with
    /// etcd's Go client: one socket, one TLS session and one set of keep-alive PINGs less, and
    /// events and the responses of calls are read in the same turn of the I/O loop. Flow
    /// control stays per stream: a watch that waits for its consumer holds back at most one
    /// stream window (1 MiB) of the connection's 1 GiB window, so calls keep flowing. Choose it
    /// when the client makes no large reads, or when the server limits connections per client.
    public struct StreamConnection: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case dedicated, shared
        }
        private let base: Base

        /// A second connection per endpoint, for long-lived streams only.
        public static let dedicated = StreamConnection(base: .dedicated)
        /// The connection that carries calls.
        public static let shared = StreamConnection(base: .shared)

        /// The choice's name.
        public var description: String { base.rawValue }
    }

    /// HTTP/2 PING settings. PINGs are sent only while calls or streams are open: etcd treats
    /// PINGs on an idle connection as abuse and closes it (`too_many_pings`).
    public struct KeepAlive: Sendable {
        /// The interval between PINGs while calls are open; `nil` turns PINGs off. etcd rejects
        /// intervals below its `--grpc-keepalive-min-time` (5 s by default); the client doubles
        /// the interval when a server says so.
        public var interval: Duration? = .seconds(10)
        /// How long to wait for a PING's acknowledgement before declaring the connection dead.
        public var timeout: Duration = .seconds(5)

        /// Creates PING settings.
        public init(interval: Duration? = .seconds(10), timeout: Duration = .seconds(5)) {
            self.interval = interval
            self.timeout = timeout
        }
    }

    /// Retry settings. Whatever they say, a write whose bytes may have reached a server is never
    /// resent: it fails with ``EtcdError/Code/indeterminate``.
    public struct RetryPolicy: Sendable {
        /// The most attempts one call makes, the first included.
        public var maxAttempts: Int = 5
        /// The pause before the first retry; each further retry doubles it, up to ``maxBackoff``.
        public var initialBackoff: Duration = .milliseconds(25)
        /// The longest pause between two attempts.
        public var maxBackoff: Duration = .seconds(1)
        /// The pause before reconnecting to an endpoint that failed, doubled per failure up to
        /// ``maxReconnectBackoff``, with jitter.
        public var reconnectBackoff: Duration = .milliseconds(100)
        /// The longest pause before reconnecting to a failed endpoint.
        public var maxReconnectBackoff: Duration = .seconds(2)

        /// Creates retry settings.
        public init(
            maxAttempts: Int = 5,
            initialBackoff: Duration = .milliseconds(25),
            maxBackoff: Duration = .seconds(1),
            reconnectBackoff: Duration = .milliseconds(100),
            maxReconnectBackoff: Duration = .seconds(2)
        ) {
            self.maxAttempts = maxAttempts
            self.initialBackoff = initialBackoff
            self.maxBackoff = maxBackoff
            self.reconnectBackoff = reconnectBackoff
            self.maxReconnectBackoff = maxReconnectBackoff
        }
    }
}
