internal import Etcd3Transport
public import Logging

/// An etcd v3 client.
///
/// Create one client per cluster and share it: it is an actor, every method is safe to call
/// from any task, and all calls share one HTTP/2 connection per endpoint.
///
/// ```swift
/// let client = try await Etcd3Client(endpoints: ["127.0.0.1:2379"])
/// try await client.put("/config/a", "1")
/// if let kv = try await client.get("/config/a") {
///     print(kv.value, kv.modRevision)
/// }
/// for kv in try await client.getPrefix("/config/") { print(kv.key, kv.value) }
/// let swapped = try await client.replace("/config/a", from: "1", to: "2")
/// await client.close()
/// ```
///
/// Or create it with ``init(startingInRun:)`` and run it as a `Service` of a `ServiceGroup`, or
/// in a task group, with ``run()``, which then hosts all of its background work: see its
/// documentation for the graceful shutdown.
///
/// ```swift
/// let client = try Etcd3Client(startingInRun: .init(endpoints: ["127.0.0.1:2379"]))
/// let group = ServiceGroup(
///     services: [client, registration],
///     gracefulShutdownSignals: [.sigterm],
///     logger: logger)
/// try await group.run()
/// ```
///
/// Or scope it, so it is closed however the body ends:
///
/// ```swift
/// try await withEtcd3Client(endpoints: ["127.0.0.1:2379"]) { client in
///     try await client.put("/config/a", "1")
/// }
/// ```
///
/// ## Failures
/// Every call throws ``EtcdError``. Reads and other calls that change nothing are retried on
/// another endpoint when one fails; writes are resent only when the client can prove the server
/// never received them. A write that may have been applied fails with
/// ``EtcdError/Code/indeterminate`` rather than being silently resent. Every call has a deadline
/// (``Configuration/requestTimeout`` unless the call gives its own).
public actor Etcd3Client {
    /// The configuration the client was created with.
    public nonisolated let configuration: Configuration
    nonisolated let core: ClientCore
    nonisolated let watches: WatchHub
    nonisolated let leases: LeaseKeepAliveHub

    /// The client's I/O thread, as a task executor: tasks that prefer it make calls without
    /// a thread hop.
    ///
    /// Every connection of the client runs on one thread. A call from an ordinary task
    /// crosses threads twice: the request goes to that thread (or is written on the caller's
    /// thread while it sleeps), and the response wakes a thread of the cooperative pool to
    /// resume the caller. A task that prefers this executor runs on the I/O thread itself,
    /// between its turns: its request goes out with the loop's next write and the response
    /// resumes it on the same thread, with no other thread woken, so each call costs less CPU
    /// (measured in `Docs/Performance.md`).
    ///
    /// ```swift
    /// await withTaskExecutorPreference(client.taskExecutor) {
    ///     for (key, value) in updates { try await client.put(key, value) }
    /// }
    /// ```
    ///
    /// The code of such a task runs on the thread that reads and writes every connection of
    /// the client: it must not block, and long computation there delays every call and
    /// watch of the client. Failure handling is the same on any executor. The executor lives
    /// as long as the client or any of its connections.
    public nonisolated var taskExecutor: any TaskExecutor { core.loop }

    /// Creates a client and connects to the first endpoint that answers.
    ///
    /// - Parameter configuration: endpoints, TLS, timeouts and the rest.
    /// - Throws: ``EtcdError/Code/invalidArgument`` for a malformed or empty endpoint list,
    ///   ``EtcdError/Code/discoveryFailed`` when ``Configuration/discoverySRV`` finds no endpoint,
    ///   ``EtcdError/Code/unavailable`` when no endpoint answers within
    ///   ``Configuration/connectTimeout``, ``EtcdError/Code/tls`` when TLS fails,
    ///   ``EtcdError/Code/resourceExhausted`` when the process is out of file descriptors or
    ///   threads for the client's I/O thread.
    public init(configuration: Configuration) async throws(EtcdError) {
        var configuration = configuration
        if let srv = configuration.discoverySRV {
            let found = try await srv.resolveEndpoints(usesTLS: configuration.tls != nil)
            configuration.endpoints = found.map(\.description)
        }
        let endpoints = try Self.parseEndpoints(&configuration)
        try self.init(configuration: configuration, endpoints: endpoints, startsInRun: false)
        let core = self.core
        do {
            _ = try await core.pool.acquire(deadline: .now + configuration.connectTimeout)
        } catch  where error.code == .deadlineExceeded {
            await core.closeConnections()
            // For the client as a whole, no endpoint answering in time means unavailable.
            throw EtcdError(.unavailable, "no endpoint answered within the connect timeout: \(error.message)")
        } catch {
            await core.closeConnections()
            throw error
        }
    }

    /// Creates a client that connects and takes calls only while its ``run()`` runs: the form
    /// for a `ServiceGroup` or a task group that owns the client.
    ///
    /// No connection and no task starts here (only the client's I/O thread, idle). ``run()`` hosts all of the
    /// client's background work (connection dials and closes, the watch and keep-alive streams,
    /// endpoint auto-sync) in its own task group and lets calls in. A call made before `run()`
    /// starts waits for it (the services of a `ServiceGroup` start in no particular order)
    /// within the call's deadline, and fails with ``EtcdError/Code/notRunning`` if `run()` has
    /// not started by then (nothing is sent); watches and keep-alives made before `run()`
    /// begin when it starts. A call made after `run()` returned fails with
    /// ``EtcdError/Code/closed``. Connections are made on the first call, so an unreachable
    /// cluster shows as ``EtcdError/Code/unavailable`` from the calls, not from here.
    ///
    /// ```swift
    /// let client = try Etcd3Client(startingInRun: .init(endpoints: ["127.0.0.1:2379"]))
    /// try await withThrowingDiscardingTaskGroup { group in
    ///     group.addTask { try await client.run() }
    ///     try await client.put("/config/a", "1")
    ///     group.cancelAll()
    /// }
    /// ```
    ///
    /// With ``Configuration/discoverySRV``, the SRV lookup runs when `run()` starts, and `run()`
    /// throws what it throws.
    ///
    /// - Parameter configuration: endpoints, TLS, timeouts and the rest.
    /// - Throws: ``EtcdError/Code/invalidArgument`` for a malformed or empty endpoint list,
    ///   ``EtcdError/Code/resourceExhausted`` when the process is out of file descriptors or
    ///   threads for the client's I/O thread.
    public init(startingInRun configuration: Configuration) throws(EtcdError) {
        var configuration = configuration
        let endpoints = configuration.discoverySRV == nil ? try Self.parseEndpoints(&configuration) : []
        try self.init(configuration: configuration, endpoints: endpoints, startsInRun: true)
    }

    private init(configuration: Configuration, endpoints: [Endpoint], startsInRun: Bool) throws(EtcdError) {
        self.configuration = configuration
        let core = try ClientCore(configuration: configuration, endpoints: endpoints, startsInRun: startsInRun)
        self.core = core
        self.watches = WatchHub(core: core)
        self.leases = LeaseKeepAliveHub(core: core)
    }

    /// Creates a client for `endpoints` with every other setting at its default.
    ///
    /// - Parameters:
    ///   - endpoints: client URLs such as `"127.0.0.1:2379"` or `"https://etcd-0:2379"`.
    ///   - logger: where the client logs (debug and trace only); discards by default.
    /// - Throws: as ``init(configuration:)``.
    public init(endpoints: [String], logger: Logger? = nil) async throws(EtcdError) {
        var configuration = Configuration(endpoints: endpoints)
        if let logger { configuration.logger = logger }
        try await self.init(configuration: configuration)
    }

    /// Closes the client: the leases of open ``withLease(ttl:isolation:_:)`` scopes are revoked
    /// (best effort, within 2 s), keep-alives end with ``EtcdError/Code/closed``, watches end
    /// with ``EtcdError/Code/cancelled``, open calls fail with ``EtcdError/Code/cancelled`` or
    /// ``EtcdError/Code/closed``, connections are closed, and later calls fail with
    /// ``EtcdError/Code/closed``. Calling it again does nothing.
    ///
    /// A task running ``run()`` returns once the client is closed.
    public func close() async {
        // A client that never ran refuses calls as closed from now on, not as not running.
        core.admission.beginDraining()
        await leases.close(revokeTimeout: Self.scopedRevokeTimeout)
        await watches.close()
        await core.closeConnections()
        core.closed.fulfill(())
        core.stopRequest.fulfill(())
    }

    private static func parseEndpoints(_ configuration: inout Configuration) throws(EtcdError) -> [Endpoint] {
        guard !configuration.endpoints.isEmpty else {
            throw EtcdError(.invalidArgument, "no endpoints were given")
        }
        var endpoints: [Endpoint] = []
        for text in configuration.endpoints {
            do {
                endpoints.append(try Endpoint(parsing: text))
            } catch {
                throw EtcdError(.invalidArgument, "the endpoint '\(text)' is not host:port or a URL: \(error.message)")
            }
        }
        let schemes = Set(endpoints.compactMap(\.usesTLS))
        if schemes.count > 1 {
            throw EtcdError(.invalidArgument, "the endpoints mix http:// and https://")
        }
        if schemes == [true], configuration.tls == nil { configuration.tls = TLS() }
        if schemes == [false], configuration.tls != nil {
            throw EtcdError(.invalidArgument, "TLS is configured but the endpoints say http://")
        }
        return endpoints
    }
}

/// Runs `body` with a client for `configuration`, and closes the client however `body` ends.
///
/// - Parameters:
///   - configuration: endpoints, TLS, timeouts and the rest.
///   - isolation: the actor `body` runs on; the caller's by default.
///   - body: the work to do with the client.
/// - Returns: what `body` returns.
/// - Throws: what creating the client throws (``EtcdError``), or what `body` throws.
public func withEtcd3Client<Result>(
    configuration: Etcd3Client.Configuration,
    isolation: isolated (any Actor)? = #isolation,
    _ body: (Etcd3Client) async throws -> sending Result
) async throws -> sending Result {
    let client = try await Etcd3Client(configuration: configuration)
    do {
        let result = try await body(client)
        await client.close()
        return result
    } catch {
        await client.close()
        throw error
    }
}

/// Runs `body` with a client for `endpoints`, and closes the client however `body` ends.
///
/// - Parameters:
///   - endpoints: client URLs such as `"127.0.0.1:2379"`.
///   - isolation: the actor `body` runs on; the caller's by default.
///   - body: the work to do with the client.
/// - Returns: what `body` returns.
/// - Throws: what creating the client throws (``EtcdError``), or what `body` throws.
public func withEtcd3Client<Result>(
    endpoints: [String],
    isolation: isolated (any Actor)? = #isolation,
    _ body: (Etcd3Client) async throws -> sending Result
) async throws -> sending Result {
    try await withEtcd3Client(configuration: .init(endpoints: endpoints), isolation: isolation, body)
}
