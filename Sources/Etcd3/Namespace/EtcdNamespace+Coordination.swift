// The coordination recipes through a view. A recipe's name is a key of the view, so the same
// name in two namespaces is two locks (two elections, two queues) that never contend. What a
// recipe object shows is inside the view, as etcd's Go `concurrency` package shows it over a
// namespaced client: `lock.name`, `lock.key`, `leadership.key`, a leader's key and a queue
// item's key come without the prefix; `lock.namespace` says which view they are in, and the
// fenced writes (`lock.put`, `lock.transaction`, `lock.fenceCompare`) are the view's. Sessions
// are leases: they are the cluster's, and one session may hold locks in several views.

extension EtcdNamespace {
    // MARK: Sessions

    /// Opens a session; as ``Etcd3Client/session(ttl:timeout:)`` (sessions are leases, the
    /// cluster's: one session can hold locks in any namespace).
    ///
    /// - Parameters:
    ///   - ttl: the lease's time to live, in whole seconds (rounded up).
    ///   - timeout: the deadline of the grant.
    /// - Returns: the open session.
    /// - Throws: ``EtcdError``, as ``Etcd3Client/session(ttl:timeout:)``.
    public func session(ttl: Duration = Etcd3Client.defaultSessionTTL, timeout: Duration? = nil) async throws(EtcdError) -> EtcdSession {
        try await client.session(ttl: ttl, timeout: timeout)
    }

    /// Opens a session on an existing lease; as ``Etcd3Client/session(lease:timeout:)``.
    ///
    /// - Parameters:
    ///   - lease: the lease.
    ///   - timeout: the deadline of the call that reads the lease's time to live.
    /// - Returns: the open session.
    /// - Throws: ``EtcdError``, as ``Etcd3Client/session(lease:timeout:)``.
    public func session(lease: EtcdLeaseID, timeout: Duration? = nil) async throws(EtcdError) -> EtcdSession {
        try await client.session(lease: lease, timeout: timeout)
    }

    /// Opens a session, runs `body` with it and closes it; as
    /// ``Etcd3Client/withSession(ttl:isolation:_:)``.
    ///
    /// - Parameters:
    ///   - ttl: the lease's time to live.
    ///   - isolation: the actor `body` runs on; the caller's by default.
    ///   - body: the work that needs the session.
    /// - Returns: what `body` returns.
    /// - Throws: as ``Etcd3Client/withSession(ttl:isolation:_:)``.
    public func withSession<Result>(
        ttl: Duration = Etcd3Client.defaultSessionTTL,
        isolation: isolated (any Actor)? = #isolation,
        _ body: (EtcdSession) async throws -> sending Result
    ) async throws -> sending Result {
        try await client.withSession(ttl: ttl, isolation: isolation, body)
    }

    // MARK: Locks

    /// Acquires the lock `name` of the view for `session`; as
    /// ``Etcd3Client/lock(_:session:timeout:)``. The lock's key is stored under the view's
    /// prefix; the returned lock shows it inside the view (see ``EtcdLock/namespace``).
    ///
    /// - Parameters:
    ///   - name: the lock's name inside the view (not empty).
    ///   - session: the owner.
    ///   - timeout: how long to wait for the lock in all; `nil` waits until it is acquired.
    /// - Returns: the held lock.
    /// - Throws: ``EtcdError``, as ``Etcd3Client/lock(_:session:timeout:)``.
    public func lock(_ name: EtcdBytes, session: EtcdSession, timeout: Duration? = nil) async throws(EtcdError) -> EtcdLock {
        try await acquireLock(name, session: session, timeout: timeout, wait: true)!
    }

    /// Acquires the lock `name` of the view with a session of its own; as
    /// ``Etcd3Client/lock(_:ttl:timeout:)``.
    ///
    /// - Parameters:
    ///   - name: the lock's name inside the view (not empty).
    ///   - ttl: the session's TTL.
    ///   - timeout: how long to wait for the lock in all; `nil` waits until it is acquired.
    /// - Returns: the held lock; releasing it closes its session.
    /// - Throws: ``EtcdError``, as ``Etcd3Client/lock(_:ttl:timeout:)``.
    public func lock(_ name: EtcdBytes, ttl: Duration, timeout: Duration? = nil) async throws(EtcdError) -> EtcdLock {
        try await client.lock(in: line(name, "lock"), ttl: ttl, timeout: timeout)
    }

    /// Acquires the lock `name` of the view if nobody holds it; as
    /// ``Etcd3Client/tryLock(_:session:timeout:)``.
    ///
    /// - Parameters:
    ///   - name: the lock's name inside the view (not empty).
    ///   - session: the owner.
    ///   - timeout: the deadline of the call.
    /// - Returns: the held lock, or `nil` when another session holds it.
    /// - Throws: ``EtcdError``, as ``Etcd3Client/lock(_:session:timeout:)``.
    public func tryLock(_ name: EtcdBytes, session: EtcdSession, timeout: Duration? = nil) async throws(EtcdError) -> EtcdLock? {
        try await acquireLock(name, session: session, timeout: timeout, wait: false)
    }

    /// Acquires the lock `name` of the view, runs `body` while holding it and releases it; as
    /// ``Etcd3Client/withLock(_:session:timeout:isolation:_:)``.
    ///
    /// ```swift
    /// try await tenant.withLock("jobs/cleanup") { lock in
    ///     try await lock.put("jobs/cleanup/last", "\(lock.fence)")  // fenced, inside the view
    /// }
    /// ```
    ///
    /// - Parameters:
    ///   - name: the lock's name inside the view (not empty).
    ///   - session: the owner; `nil` opens a session for this lock and closes it afterwards.
    ///   - timeout: how long to wait for the lock; `nil` waits until it is acquired.
    ///   - isolation: the actor `body` runs on; the caller's by default.
    ///   - body: the work to do while holding the lock.
    /// - Returns: what `body` returns.
    /// - Throws: as ``Etcd3Client/withLock(_:session:timeout:isolation:_:)``.
    public func withLock<Result>(
        _ name: EtcdBytes,
        session: EtcdSession? = nil,
        timeout: Duration? = nil,
        isolation: isolated (any Actor)? = #isolation,
        _ body: (EtcdLock) async throws -> sending Result
    ) async throws -> sending Result {
        try await client.withHeld(
            session: session, isolation: isolation,
            acquire: { session throws(EtcdError) in
                try await lock(name, session: session, timeout: timeout)
            }, body)
    }

    /// Acquires the read lock `name` of the view; as
    /// ``Etcd3Client/readLock(_:session:timeout:)``.
    ///
    /// - Parameters:
    ///   - name: the lock's name inside the view (not empty).
    ///   - session: the owner.
    ///   - timeout: how long to wait in all; `nil` waits until it is acquired.
    /// - Returns: the held read lock.
    /// - Throws: ``EtcdError``, as ``Etcd3Client/readLock(_:session:timeout:)``.
    public func readLock(_ name: EtcdBytes, session: EtcdSession, timeout: Duration? = nil) async throws(EtcdError) -> EtcdLock {
        try await client.acquireReadWriteLock(in: line(name, "lock"), .read, session: session, timeout: timeout, wait: true)!
    }

    /// Acquires the write lock `name` of the view; as
    /// ``Etcd3Client/writeLock(_:session:timeout:)``.
    ///
    /// - Parameters:
    ///   - name: the lock's name inside the view (not empty).
    ///   - session: the owner.
    ///   - timeout: how long to wait in all; `nil` waits until it is acquired.
    /// - Returns: the held write lock.
    /// - Throws: ``EtcdError``, as ``Etcd3Client/writeLock(_:session:timeout:)``.
    public func writeLock(_ name: EtcdBytes, session: EtcdSession, timeout: Duration? = nil) async throws(EtcdError) -> EtcdLock {
        try await client.acquireReadWriteLock(in: line(name, "lock"), .write, session: session, timeout: timeout, wait: true)!
    }

    /// Acquires the read lock `name` of the view without waiting; as
    /// ``Etcd3Client/tryReadLock(_:session:timeout:)``.
    ///
    /// - Parameters:
    ///   - name: the lock's name inside the view (not empty).
    ///   - session: the owner.
    ///   - timeout: the deadline of the call.
    /// - Returns: the held read lock, or `nil` when a writer holds it or waits for it.
    /// - Throws: ``EtcdError``, as ``Etcd3Client/readLock(_:session:timeout:)``.
    public func tryReadLock(_ name: EtcdBytes, session: EtcdSession, timeout: Duration? = nil) async throws(EtcdError) -> EtcdLock? {
        try await client.acquireReadWriteLock(in: line(name, "lock"), .read, session: session, timeout: timeout, wait: false)
    }

    /// Acquires the write lock `name` of the view without waiting; as
    /// ``Etcd3Client/tryWriteLock(_:session:timeout:)``.
    ///
    /// - Parameters:
    ///   - name: the lock's name inside the view (not empty).
    ///   - session: the owner.
    ///   - timeout: the deadline of the call.
    /// - Returns: the held write lock, or `nil` when anyone else holds or waits for the lock.
    /// - Throws: ``EtcdError``, as ``Etcd3Client/writeLock(_:session:timeout:)``.
    public func tryWriteLock(_ name: EtcdBytes, session: EtcdSession, timeout: Duration? = nil) async throws(EtcdError) -> EtcdLock? {
        try await client.acquireReadWriteLock(in: line(name, "lock"), .write, session: session, timeout: timeout, wait: false)
    }

    /// Runs `body` holding the read lock `name` of the view; as
    /// ``Etcd3Client/withReadLock(_:session:timeout:isolation:_:)``.
    ///
    /// - Parameters:
    ///   - name: the lock's name inside the view (not empty).
    ///   - session: the owner; `nil` opens a session for this lock and closes it afterwards.
    ///   - timeout: how long to wait for the lock; `nil` waits until it is acquired.
    ///   - isolation: the actor `body` runs on; the caller's by default.
    ///   - body: the work to do while holding the lock.
    /// - Returns: what `body` returns.
    /// - Throws: as ``Etcd3Client/withReadLock(_:session:timeout:isolation:_:)``.
    public func withReadLock<Result>(
        _ name: EtcdBytes,
        session: EtcdSession? = nil,
        timeout: Duration? = nil,
        isolation: isolated (any Actor)? = #isolation,
        _ body: (EtcdLock) async throws -> sending Result
    ) async throws -> sending Result {
        try await client.withHeld(
            session: session, isolation: isolation,
            acquire: { session throws(EtcdError) in
                try await readLock(name, session: session, timeout: timeout)
            }, body)
    }

    /// Runs `body` holding the write lock `name` of the view; as
    /// ``Etcd3Client/withWriteLock(_:session:timeout:isolation:_:)``.
    ///
    /// - Parameters:
    ///   - name: the lock's name inside the view (not empty).
    ///   - session: the owner; `nil` opens a session for this lock and closes it afterwards.
    ///   - timeout: how long to wait for the lock; `nil` waits until it is acquired.
    ///   - isolation: the actor `body` runs on; the caller's by default.
    ///   - body: the work to do while holding the lock.
    /// - Returns: what `body` returns.
    /// - Throws: as ``Etcd3Client/withWriteLock(_:session:timeout:isolation:_:)``.
    public func withWriteLock<Result>(
        _ name: EtcdBytes,
        session: EtcdSession? = nil,
        timeout: Duration? = nil,
        isolation: isolated (any Actor)? = #isolation,
        _ body: (EtcdLock) async throws -> sending Result
    ) async throws -> sending Result {
        try await client.withHeld(
            session: session, isolation: isolation,
            acquire: { session throws(EtcdError) in
                try await writeLock(name, session: session, timeout: timeout)
            }, body)
    }

    // MARK: Elections

    /// A handle for the election `name` of the view (nothing is sent); as
    /// ``Etcd3Client/election(_:)``. Its candidates' keys are stored under the view's prefix;
    /// its leaders and leaderships show them inside the view.
    ///
    /// - Parameter name: the election's name inside the view.
    /// - Returns: the election.
    public func election(_ name: EtcdBytes) -> EtcdElection {
        EtcdElection(namespace: self, name: name)
    }

    /// Campaigns in the election `name` of the view, runs `body` while leading and resigns; as
    /// ``Etcd3Client/withLeadership(_:value:session:timeout:isolation:_:)``.
    ///
    /// - Parameters:
    ///   - name: the election's name inside the view (not empty).
    ///   - value: the value to proclaim.
    ///   - session: the candidate; `nil` opens a session for this campaign and closes it
    ///     afterwards.
    ///   - timeout: how long to wait to be elected; `nil` waits until elected.
    ///   - isolation: the actor `body` runs on; the caller's by default.
    ///   - body: the work to do while leading.
    /// - Returns: what `body` returns.
    /// - Throws: as ``Etcd3Client/withLeadership(_:value:session:timeout:isolation:_:)``.
    public func withLeadership<Result>(
        _ name: EtcdBytes,
        value: EtcdBytes,
        session: EtcdSession? = nil,
        timeout: Duration? = nil,
        isolation: isolated (any Actor)? = #isolation,
        _ body: (EtcdLeadership) async throws -> sending Result
    ) async throws -> sending Result {
        try await client.withLeadership(
            in: election(name), value: value, session: session, timeout: timeout, isolation: isolation, body)
    }

    // MARK: Software transactions

    /// Runs `body` as a software transaction on keys of the view; as
    /// ``Etcd3Client/softwareTransaction(isolation:maxAttempts:prefetch:timeout:runningOn:_:)``.
    /// The ``EtcdSTM``'s reads and writes are keys of the view.
    ///
    /// - Parameters:
    ///   - isolation: how reads and the commit guard against other writers.
    ///   - maxAttempts: how many times `body` may run (at least 1).
    ///   - prefetch: keys of the view to read at the start of each attempt.
    ///   - timeout: the deadline of each call the transaction makes.
    ///   - actor: the actor `body` runs on; the caller's by default.
    ///   - body: the transaction.
    /// - Returns: what the successful attempt of `body` returned.
    /// - Throws: as ``Etcd3Client/softwareTransaction(isolation:maxAttempts:prefetch:timeout:runningOn:_:)``.
    public func softwareTransaction<Result>(
        isolation: EtcdSTMIsolation = .serializableSnapshot,
        maxAttempts: Int = 16,
        prefetch: [EtcdBytes] = [],
        timeout: Duration? = nil,
        runningOn actor: isolated (any Actor)? = #isolation,
        _ body: (EtcdSTM) async throws -> sending Result
    ) async throws -> sending Result {
        try await client.softwareTransaction(
            in: self, isolation: isolation, maxAttempts: maxAttempts, prefetch: prefetch, timeout: timeout,
            runningOn: actor, body)
    }

    // MARK: Sequential keys and queues

    /// Creates a key under `prefix` of the view that sorts after every key appended there
    /// before; as ``Etcd3Client/append(to:_:lease:timeout:)``.
    ///
    /// - Parameters:
    ///   - prefix: the directory of the keys inside the view (not empty).
    ///   - value: the value to write.
    ///   - lease: a lease to attach the new key to.
    ///   - timeout: the deadline of each call the append makes.
    /// - Returns: the created pair, its key without the view's prefix.
    /// - Throws: ``EtcdError``, as ``Etcd3Client/append(to:_:lease:timeout:)``.
    public func append(
        to prefix: EtcdBytes,
        _ value: EtcdBytes,
        lease: EtcdLeaseID? = nil,
        timeout: Duration? = nil
    ) async throws(EtcdError) -> EtcdKeyValue {
        try Etcd3Client.validateKey(prefix)
        return keys.strip(try await client.append(to: keys.key(prefix), value, lease: lease, timeout: timeout))
    }

    /// Reads the sequential keys under `prefix` of the view; as
    /// ``Etcd3Client/getSequential(_:options:timeout:)``.
    ///
    /// - Parameters:
    ///   - prefix: the directory of the keys inside the view (not empty).
    ///   - options: read options.
    ///   - timeout: the deadline of each page's call.
    /// - Returns: the sequential pairs in key order, keys without the view's prefix.
    /// - Throws: ``EtcdError``, as ``Etcd3Client/get(_:options:timeout:)``.
    public func getSequential(
        _ prefix: EtcdBytes,
        options: EtcdRangeOptions = .default,
        timeout: Duration? = nil
    ) async throws(EtcdError) -> [EtcdKeyValue] {
        try Etcd3Client.validateKey(prefix)
        return try await client.getSequential(keys.key(prefix), options: options, timeout: timeout).map(keys.strip)
    }

    /// A work queue whose items are sequential keys under `prefix` of the view (nothing is
    /// sent); as ``EtcdWorkQueue/init(client:prefix:)``. Its ``EtcdWorkQueue/prefix`` and its
    /// items' keys are inside the view.
    ///
    /// - Parameter prefix: the queue's directory inside the view.
    /// - Returns: the queue.
    public func workQueue(_ prefix: EtcdBytes) -> EtcdWorkQueue {
        EtcdWorkQueue(namespace: self, prefix: prefix)
    }

    // MARK: Internal

    /// The ownership line `name` of the view.
    private func line(_ name: EtcdBytes, _ what: String) throws(EtcdError) -> OwnershipLine {
        try OwnershipLine(client: client, name: name, what: what, namespace: self)
    }

    private func acquireLock(_ name: EtcdBytes, session: EtcdSession, timeout: Duration?, wait: Bool) async throws(EtcdError) -> EtcdLock? {
        let line = try line(name, "lock")
        return try await client.acquireLock(
            in: line, key: line.key(for: session), blockers: line.prefix, session: session, timeout: timeout, wait: wait)
    }
}
