public import ServiceLifecycle

/// The client as a `Service` of swift-service-lifecycle: a `ServiceGroup` runs it with the
/// rest of a service, and shuts it down gracefully on a signal.
///
/// ```swift
/// let client = try Etcd3Client(startingInRun: .init(endpoints: ["127.0.0.1:2379"]))
/// let group = ServiceGroup(
///     services: [client, registration],
///     gracefulShutdownSignals: [.sigterm],
///     logger: logger)
/// try await group.run()
/// ```
extension Etcd3Client: Service {
    /// Runs the client until it is closed or shut down: the client's lifetime, owned by the
    /// calling task.
    ///
    /// For a client created with ``init(startingInRun:)``, `run()` hosts all of the client's
    /// background work (connection dials and closes, the watch and keep-alive streams, endpoint
    /// auto-sync) in a task group of its own, and the client takes calls only while `run()`
    /// runs (calls made before it starts wait for it, within their deadline): when `run()`
    /// returns, nothing of the client is left running. A client created with
    /// ``init(configuration:)`` is connected and hosts its background work from creation: it
    /// can be used before `run()` starts, and without `run()` at all (close it with ``close()``,
    /// or scope it with `withEtcd3Client`); its `run()` ties that lifetime to a task.
    ///
    /// - When ``close()`` is called (from anywhere), `run()` returns.
    /// - When a graceful shutdown is triggered (`ServiceGroup` on a signal, or
    ///   `withGracefulShutdownHandler`), or the task running `run()` is cancelled, the client
    ///   shuts down: new calls fail at once with ``EtcdError/Code/closed``; calls in flight may
    ///   finish within ``Configuration/shutdownGracePeriod``; then the client closes as
    ///   ``close()`` does (keep-alives end, the leases of open `withLease` scopes are revoked,
    ///   watches end, connections close), and `run()` returns.
    /// - Cancelling `run()`'s task of a client created with ``init(startingInRun:)`` cancels its
    ///   background work with it: the client closes without waiting for calls in flight. The
    ///   leases of open `withLease` scopes and sessions are still revoked (each revoke within
    ///   2 s, out of the cancellation's reach) before `run()` returns; a revoke that fails
    ///   leaves its lease to expire after its TTL.
    ///
    /// Calls made after that fail with ``EtcdError/Code/closed``. Calling `run()` again, or
    /// while it runs, only waits until the client is closed.
    ///
    /// ```swift
    /// let client = try Etcd3Client(startingInRun: .init(endpoints: ["127.0.0.1:2379"]))
    /// try await withThrowingDiscardingTaskGroup { group in
    ///     group.addTask { try await client.run() }
    ///     try await serve(client)
    ///     await client.close()   // or trigger a graceful shutdown
    /// }
    /// ```
    ///
    /// - Throws: for a client created with ``init(startingInRun:)`` and
    ///   ``Configuration/discoverySRV``, what the SRV lookup throws (the client is then closed).
    public nonisolated func run() async throws {
        let core = self.core
        guard core.startsInRun, core.background.claimHost() else {
            await ownLifetime()
            return
        }
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { await core.background.runClaimedGroup() }
            do {
                try await discoverEndpointsIfNeeded()
            } catch {
                await close()
                throw error
            }
            core.admission.start()
            await ownLifetime()
        }
    }

    /// Waits for a stop request (``close()``, a graceful shutdown, or the cancellation of the
    /// calling task), then shuts the client down gracefully unless it is closed already.
    private nonisolated func ownLifetime() async {
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

    /// With ``Configuration/discoverySRV`` and no endpoint yet (``init(startingInRun:)``): looks
    /// the endpoints up and gives them to the connections.
    private nonisolated func discoverEndpointsIfNeeded() async throws(EtcdError) {
        guard let srv = configuration.discoverySRV, core.pool.endpointCount == 0 else { return }
        let found = try await srv.resolveEndpoints(usesTLS: configuration.tls != nil)
        await core.pool.replaceEndpoints(found)
        if core.streamPool !== core.pool { await core.streamPool.replaceEndpoints(found) }
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
