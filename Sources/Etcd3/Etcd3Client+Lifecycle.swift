public import ServiceLifecycle

/// The client as a `Service` of swift-service-lifecycle: a `ServiceGroup` runs it with the
/// rest of a service, and shuts it down gracefully on a signal.
///
/// ```swift
/// let client = try await Etcd3Client(endpoints: ["127.0.0.1:2379"])
/// let group = ServiceGroup(
///     services: [client, registration],
///     gracefulShutdownSignals: [.sigterm],
///     logger: logger)
/// try await group.run()
/// ```
extension Etcd3Client: Service {
    /// Ties the client's lifetime to the calling task: returns once the client is closed.
    ///
    /// A client created with ``init(configuration:)`` is connected and hosts its own background
    /// work (connection dials and closes, the watch and keep-alive streams, endpoint
    /// auto-sync) from creation: it can be used before `run()` starts, and without `run()` at
    /// all (close it with ``close()``, or scope it with `withEtcd3Client`). `run()` is how a
    /// task group or a `ServiceGroup` owns that lifetime:
    ///
    /// - When ``close()`` is called (from anywhere), `run()` returns.
    /// - When the task running `run()` is cancelled, or a graceful shutdown is triggered
    ///   (`ServiceGroup` on a signal, or `withGracefulShutdownHandler`), the client shuts down
    ///   gracefully: new calls fail at once with ``EtcdError/Code/closed``; calls in flight may
    ///   finish within ``Configuration/shutdownGracePeriod``; then the client closes as
    ///   ``close()`` does (keep-alives end, the leases of open `withLease` scopes are revoked
    ///   even though the task is cancelled, watches end, connections close), and `run()`
    ///   returns.
    ///
    /// Calls made after that fail with ``EtcdError/Code/closed``.
    ///
    /// ```swift
    /// try await withThrowingDiscardingTaskGroup { group in
    ///     group.addTask { try await client.run() }
    ///     try await serve(client)
    ///     group.cancelAll()   // shuts the client down gracefully
    /// }
    /// ```
    public nonisolated func run() async throws {
        let core = self.core
        await withGracefulShutdownHandler {
            // Returns on a stop request, or at once when this task is cancelled.
            _ = await core.stopRequest.wait()
        } onGracefulShutdown: {
            core.stopRequest.fulfill(())
        }
        if core.closed.value != nil { return }
        await shutDownGracefully()
    }

    /// Refuses new calls, lets the calls in flight finish within
    /// ``Configuration/shutdownGracePeriod``, then closes the client.
    func shutDownGracefully() async {
        let core = self.core
        core.admission.beginDraining()
        let deadline = ContinuousClock.now + configuration.shutdownGracePeriod
        // In the background work, whose tasks are not cancelled: the caller's may be.
        let drain = core.background.start { _ = await core.admission.drained.wait(until: deadline) }
        await drain.join()
        await close()
    }
}
