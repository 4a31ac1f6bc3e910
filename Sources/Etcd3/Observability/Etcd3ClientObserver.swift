/// Sees what an ``Etcd3Client`` does: its calls, retries and connections, its watches and lease
/// keep-alives, and the bytes it moves. Set one in ``Etcd3Client/Configuration/observer`` to
/// feed metrics or traces (the `Etcd3Metrics` and `Etcd3Tracing` products are two such
/// observers; `Docs/Observability.md` describes them).
///
/// Every requirement has an empty default implementation, so an observer implements only the
/// events it cares about. The client calls them synchronously, where the event happens: on the
/// calling task, on the client's stream tasks, or on its I/O thread (each requirement says
/// which). An observer must therefore be fast, thread-safe and non-blocking: record a counter,
/// start or end a span, and return; never wait for I/O, a lock held for long, or the client.
///
/// Without an observer (the default) the client pays nothing beyond one `nil` check per event:
/// no clock is read, nothing is allocated.
public protocol Etcd3ClientObserver: Sendable {
    /// A unary call begins, before its first attempt (and before the client obtains an auth
    /// token, if it needs one); or a server-streaming call is opened: a snapshot
    /// (``Etcd3Client/snapshot(timeout:)``, `/etcdserverpb.Maintenance/Snapshot`) or an
    /// observation of the Election service (``EtcdElectionService/observe(_:)``,
    /// `/v3electionpb.Election/Observe`), when its iteration first asks for an element.
    /// Watches and lease keep-alives are not calls: they have their own events.
    ///
    /// Called on the calling task (for a stream, the task that first iterates it), with that
    /// task's task-local values (so a tracer can take the caller's span as the parent).
    /// Whatever it returns is handed back, unchanged, to
    /// ``callRetried(_:attempt:endpoint:error:context:)`` and
    /// ``callFinished(_:outcome:context:)`` for this call, for example a span.
    ///
    /// - Returns: a value that belongs to this call, or `nil` (the default).
    func callStarted(_ call: Etcd3ObservedCall) -> (any Sendable)?

    /// An attempt of a call failed in a way the client retries (on another endpoint where
    /// there is one, after a backoff). For a stream: an attempt to open it reached an endpoint
    /// but failed, and the client tries again.
    ///
    /// Called on the calling task, before the backoff.
    /// - Parameters:
    ///   - call: the call, as ``callStarted(_:)`` saw it.
    ///   - attempt: the number of the attempt that failed (1 = the first).
    ///   - endpoint: where that attempt went.
    ///   - error: why it failed.
    ///   - context: what ``callStarted(_:)`` returned.
    func callRetried(
        _ call: Etcd3ObservedCall, attempt: Int, endpoint: Etcd3ObservedEndpoint, error: EtcdError,
        context: (any Sendable)?)

    /// A call ended: it returned a response or threw.
    ///
    /// Called on the calling task, once per ``callStarted(_:)``, just before the call returns
    /// or throws.
    ///
    /// A server-streaming call ends once, too: when it completes (a snapshot: once all its
    /// bytes arrived and matched their SHA-256, as its last piece is handed out; `error`
    /// `nil`), on the iterating task; when it fails (`error` is the ``EtcdError`` the
    /// iteration throws, `.cancelled` when its task was cancelled), on that task; or when the
    /// consumer stopped before its end (it left the loop or dropped the iterator), with a
    /// `.cancelled` error, on whichever task released the iterator.
    /// - Parameters:
    ///   - call: the call, as ``callStarted(_:)`` saw it.
    ///   - outcome: how it ended: its duration, attempts, endpoint, revision or error.
    ///   - context: what ``callStarted(_:)`` returned.
    func callFinished(_ call: Etcd3ObservedCall, outcome: Etcd3CallOutcome, context: (any Sendable)?)

    /// The client holds a new connection to `endpoint`, ready for calls.
    ///
    /// Called on the task that dialled it (a client task), right after the server's HTTP/2
    /// settings arrived.
    /// - Parameters:
    ///   - endpoint: the endpoint.
    ///   - isReconnect: `true` when this endpoint had a connection before (lost, dropped after
    ///     a failure, or replaced after the server's GOAWAY).
    func connectionOpened(endpoint: Etcd3ObservedEndpoint, isReconnect: Bool)

    /// The client let go of its connection to `endpoint`: it failed, the server sent GOAWAY
    /// (the connection then finishes its calls in the background), or the client closed.
    ///
    /// Called on the task that noticed it (a calling task or a client task), once per
    /// ``connectionOpened(endpoint:isReconnect:)``.
    func connectionClosed(endpoint: Etcd3ObservedEndpoint)

    /// A watcher started (``Etcd3Client/watch(_:options:)`` or another watch call).
    ///
    /// Called on the task that started the watch.
    func watcherOpened()

    /// A watcher ended: its consumer stopped, it failed, or the client closed.
    ///
    /// Called on whichever task ended it, once per ``watcherOpened()``.
    func watcherClosed()

    /// The client handed `count` watch events (puts and deletes) to a watcher's buffer.
    ///
    /// Called on the client's watch stream task (on the client's I/O thread), once per
    /// response and watcher; progress notifications are not counted.
    func watchEventsDelivered(_ count: Int)

    /// The client's watch stream was reopened after it ended while watchers remained, so
    /// every watcher resumes from where it was.
    ///
    /// Called on the client's watch stream task, when the new stream is open.
    func watchResumed(endpoint: Etcd3ObservedEndpoint)

    /// The server acknowledged a keep-alive of a lease the client keeps alive.
    ///
    /// Called on the client's keep-alive stream task (on the client's I/O thread).
    /// - Parameters:
    ///   - leaseID: the lease.
    ///   - ttl: the TTL the server reported.
    func keepAliveAcknowledged(leaseID: Int64, ttl: Duration)

    /// A lease the client kept alive is lost: it expired or was revoked on the server, or no
    /// keep-alive was acknowledged within its TTL (the error says which).
    ///
    /// Called on the client's keep-alive tasks.
    func leaseLost(leaseID: Int64, error: EtcdError)

    /// The client wrote `count` bytes to its connection to `endpoint` (HTTP/2 frames, before
    /// TLS).
    ///
    /// Called on the client's I/O thread, once per write to the socket. Keep it very cheap.
    func bytesSent(_ count: Int, endpoint: Etcd3ObservedEndpoint)

    /// The client read `count` bytes from its connection to `endpoint` (HTTP/2 frames, after
    /// TLS).
    ///
    /// Called on the client's I/O thread, once per read from the socket. Keep it very cheap.
    func bytesReceived(_ count: Int, endpoint: Etcd3ObservedEndpoint)
}

extension Etcd3ClientObserver {
    /// Does nothing and returns `nil`.
    public func callStarted(_ call: Etcd3ObservedCall) -> (any Sendable)? { nil }
    /// Does nothing.
    public func callRetried(
        _ call: Etcd3ObservedCall, attempt: Int, endpoint: Etcd3ObservedEndpoint, error: EtcdError,
        context: (any Sendable)?
    ) {}
    /// Does nothing.
    public func callFinished(_ call: Etcd3ObservedCall, outcome: Etcd3CallOutcome, context: (any Sendable)?) {}
    /// Does nothing.
    public func connectionOpened(endpoint: Etcd3ObservedEndpoint, isReconnect: Bool) {}
    /// Does nothing.
    public func connectionClosed(endpoint: Etcd3ObservedEndpoint) {}
    /// Does nothing.
    public func watcherOpened() {}
    /// Does nothing.
    public func watcherClosed() {}
    /// Does nothing.
    public func watchEventsDelivered(_ count: Int) {}
    /// Does nothing.
    public func watchResumed(endpoint: Etcd3ObservedEndpoint) {}
    /// Does nothing.
    public func keepAliveAcknowledged(leaseID: Int64, ttl: Duration) {}
    /// Does nothing.
    public func leaseLost(leaseID: Int64, error: EtcdError) {}
    /// Does nothing.
    public func bytesSent(_ count: Int, endpoint: Etcd3ObservedEndpoint) {}
    /// Does nothing.
    public func bytesReceived(_ count: Int, endpoint: Etcd3ObservedEndpoint) {}
}

/// One etcd call, as an ``Etcd3ClientObserver`` sees it.
public struct Etcd3ObservedCall: Sendable, Hashable {
    /// The call's gRPC path: `/etcdserverpb.KV/Range`, `/etcdserverpb.Lease/LeaseGrant`, …
    public let path: String
    /// Whether the call changes state (a put, a delete, a transaction with writes, a lease
    /// grant, …); `false` for reads and other calls the client may repeat.
    public let isMutation: Bool

    /// Creates a call description (for observers' own tests).
    public init(path: String, isMutation: Bool) {
        self.path = path
        self.isMutation = isMutation
    }

    /// The gRPC service: `etcdserverpb.KV` for `/etcdserverpb.KV/Range`.
    public var service: String {
        let trimmed = path.drop { $0 == "/" }
        return String(trimmed.prefix { $0 != "/" })
    }

    /// The gRPC method: `Range` for `/etcdserverpb.KV/Range`.
    public var method: String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }
}

/// How a call ended, for ``Etcd3ClientObserver/callFinished(_:outcome:context:)``.
public struct Etcd3CallOutcome: Sendable {
    /// Why the call failed; `nil` when it returned a response.
    public var error: EtcdError?
    /// From the call's start (``Etcd3ClientObserver/callStarted(_:)``) to its end, retries
    /// and backoff included. For a stream: from its opening to its end, so it includes the
    /// time the consumer spent between elements.
    public var duration: Duration
    /// How many attempts were made (1 when the first succeeded or failed for good; 0 when the
    /// call failed before reaching a connection). For a stream: how many times it was opened
    /// on a connection, a reopening with a renewed auth token included.
    public var attempts: Int
    /// Where the last attempt went; `nil` when none reached a connection. For a stream: where
    /// it was (last) opened.
    public var endpoint: Etcd3ObservedEndpoint?
    /// The revision in the response's header, for responses that carry one (KV calls, lease
    /// grants and revokes, compaction, …); `nil` otherwise, on failure, and for streams.
    public var revision: Int64?

    /// Creates an outcome (for observers' own tests).
    public init(
        error: EtcdError?, duration: Duration, attempts: Int, endpoint: Etcd3ObservedEndpoint?, revision: Int64?
    ) {
        self.error = error
        self.duration = duration
        self.attempts = attempts
        self.endpoint = endpoint
        self.revision = revision
    }
}

/// An etcd member's client address, as an ``Etcd3ClientObserver`` sees it.
public struct Etcd3ObservedEndpoint: Sendable, Hashable, CustomStringConvertible {
    /// A DNS name or IP literal (an IPv6 literal without brackets).
    public var host: String
    /// The TCP port.
    public var port: Int

    /// Creates an endpoint.
    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// `host:port` (`[v6]:port` for an IPv6 literal).
    public var description: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}
