internal import Etcd3Messages
internal import Etcd3Transport

/// A candidate's leadership, won through the server's Election service
/// (``EtcdElectionService/campaign(_:value:lease:timeout:)``); pass it to
/// ``EtcdElectionService/proclaim(_:value:timeout:)`` and ``EtcdElectionService/resign(_:timeout:)``.
///
/// The leadership is the key ``key`` (`name/<lease ID in hex>`) with the create revision
/// ``revision``, attached to ``lease``: it lasts while that key exists with that create
/// revision, so it ends with a resignation, with the lease, or when anyone deletes the key.
public struct EtcdElectionServiceLeaderKey: Sendable, Hashable, CustomStringConvertible {
    /// The election's name.
    public var name: EtcdBytes
    /// The leader's key, `name/<lease ID in hex>`.
    public var key: EtcdBytes
    /// The key's create revision: the fence. It strictly increases from one leader of the name
    /// to the next, so a write conditional on `createRevision(key) == revision` is applied only
    /// while this leadership lasts.
    public var revision: Int64
    /// The lease the key is attached to.
    public var lease: EtcdLeaseID

    /// Creates a value (for example to proclaim or resign for a leadership won by another
    /// process, from the values it recorded).
    ///
    /// - Parameters:
    ///   - name: the election's name.
    ///   - key: the leader's key.
    ///   - revision: the key's create revision.
    ///   - lease: the lease the key is attached to.
    public init(name: EtcdBytes, key: EtcdBytes, revision: Int64, lease: EtcdLeaseID) {
        self.name = name
        self.key = key
        self.revision = revision
        self.lease = lease
    }

    /// `leader of name (key @ revision)`.
    public var description: String { "leader of \(name) (\(key) @ \(revision))" }

    var message: V3electionpb.LeaderKey {
        V3electionpb.LeaderKey(name: name.bytes, key: key.bytes, rev: revision, lease: lease.rawValue)
    }
}

/// The server's Election service (`v3electionpb.Election`): leader elections that the server
/// runs on the caller's behalf, with candidates owned by leases. Reach it through
/// ``Etcd3Client/electionService``.
///
/// ```swift
/// let lease = try await client.grantLease(ttl: .seconds(10))
/// let keepAlive = client.keepAlive(lease)
/// let leader = try await client.electionService.campaign("scheduler", value: "node-1", lease: lease.id)
/// try await client.electionService.proclaim(leader, value: "node-1 (busy)")
/// try await client.electionService.resign(leader)
/// ```
///
/// The server runs etcd's Go `concurrency.Election` for each call, so candidates have the key
/// layout of that package and of `etcdctl elect`: the leader is the key under `name/` with the
/// lowest create revision, and its value is what the leader proclaims.
///
/// The service needs the caller to keep the lease alive (``Etcd3Client/keepAlive(_:ttl:)``);
/// it does not watch the lease or the leader key for the caller.
public struct EtcdElectionService: Sendable {
    let core: ClientCore

    /// Campaigns in the election `name` with `value`: the server creates the key
    /// `name/<lease ID in hex>` holding `value`, attached to the lease, and answers once every
    /// key created before it under `name/` is gone, that is when this candidate leads.
    ///
    /// ```swift
    /// let leader = try await client.electionService.campaign("scheduler", value: "node-1", lease: lease.id)
    /// ```
    ///
    /// The server blocks the call until the candidate leads, so `timeout` bounds the whole wait.
    /// When it passes (or the task is cancelled), the server deletes the candidate's key, shortly
    /// after the failure: wait until it is gone before campaigning again with the same lease. A
    /// lease that already leads `name` gets the same key back (its value replaced by `value`).
    ///
    /// The answer proves leadership when it was sent; the server does not check afterwards
    /// that the key survived the wait. Fence writes on ``EtcdElectionServiceLeaderKey/revision``.
    ///
    /// > Important: Campaign is a write. When the answer is lost (`.indeterminate`, or a
    /// > `.deadlineExceeded` whose cleanup did not reach the server), the candidate's key may
    /// > exist and may even lead. It is attached to `lease`, so it goes with the lease: revoke
    /// > the lease, or read the key `name/<lease ID in hex>` and resign it (with its create
    /// > revision) if it exists.
    ///
    /// - Parameters:
    ///   - name: the election's name (not empty).
    ///   - value: what the candidate proclaims once it leads.
    ///   - lease: the candidate: a live lease, kept alive by the caller for as long as it
    ///     should stay a candidate or leader.
    ///   - timeout: how long to wait for leadership in all; `nil` uses the client's
    ///     ``Etcd3Client/Configuration/requestTimeout``.
    /// - Returns: the leadership, to proclaim and resign with.
    /// - Throws: ``EtcdError``: `.invalidArgument` for an empty name or lease 0 (nothing sent;
    ///   with lease 0 the server would attach the key to a lease of its own);
    ///   `.leaseNotFound` when the lease does not exist; `.deadlineExceeded`; `.cancelled`;
    ///   `.indeterminate` (see above); otherwise as ``Etcd3Client/put(_:_:lease:timeout:)``.
    public func campaign(
        _ name: EtcdBytes, value: EtcdBytes, lease: EtcdLeaseID, timeout: Duration? = nil
    ) async throws(EtcdError) -> EtcdElectionServiceLeaderKey {
        try EtcdLockService.validate(name: name, lease: lease, what: "election")
        let request = V3electionpb.CampaignRequest(name: name.bytes, lease: lease.rawValue, value: value.bytes)
        let response = try await core.unary(V3electionpb.Election.campaign, request, kind: .mutation, timeout: timeout)
        guard let leader = response.leader else {
            throw EtcdError(.protocolViolation, "the server's campaign answer for \(name) has no leader key")
        }
        return EtcdElectionServiceLeaderKey(
            name: EtcdBytes(leader.name), key: EtcdBytes(leader.key), revision: leader.rev, lease: EtcdLeaseID(leader.lease))
    }

    /// Replaces the value a leader proclaims, without a new election: the server writes `value`
    /// at the leader's key if it still has the leadership's create revision.
    ///
    /// ```swift
    /// try await client.electionService.proclaim(leader, value: "node-1 (draining)")
    /// ```
    ///
    /// - Parameters:
    ///   - leader: the leadership, from ``campaign(_:value:lease:timeout:)``.
    ///   - value: the new value.
    ///   - timeout: the call's deadline.
    /// - Returns: the response header (the write's revision).
    /// - Throws: ``EtcdError``: `.leadershipLost` when `leader` does not lead any more (it
    ///   resigned, its lease ended or its key was deleted; nothing was written); `.leaseNotFound`
    ///   when its lease does not exist; otherwise as ``Etcd3Client/put(_:_:lease:timeout:)``
    ///   (`.indeterminate`: proclaiming the same value again is harmless).
    @discardableResult
    public func proclaim(
        _ leader: EtcdElectionServiceLeaderKey, value: EtcdBytes, timeout: Duration? = nil
    ) async throws(EtcdError) -> EtcdResponseHeader {
        let request = V3electionpb.ProclaimRequest(leader: leader.message, value: value.bytes)
        let response = try await core.unary(V3electionpb.Election.proclaim, request, kind: .mutation, timeout: timeout)
        return EtcdResponseHeader(response.header)
    }

    /// The election's current leader: the key under `name/` with the lowest create revision.
    ///
    /// ```swift
    /// if let leader = try await client.electionService.leader("scheduler") {
    ///     print("led by", leader.value)
    /// }
    /// ```
    ///
    /// - Parameters:
    ///   - name: the election's name (not empty).
    ///   - timeout: the call's deadline.
    /// - Returns: the leader's key and value (its create revision is the leadership's fence),
    ///   or `nil` when there is no leader.
    /// - Throws: ``EtcdError``: `.invalidArgument` for an empty name (nothing sent); otherwise
    ///   as ``Etcd3Client/get(_:options:timeout:)``.
    public func leader(_ name: EtcdBytes, timeout: Duration? = nil) async throws(EtcdError) -> EtcdKeyValue? {
        guard !name.isEmpty else { throw EtcdError(.invalidArgument, "the election name is empty; nothing was sent") }
        do {
            let response = try await core.unary(
                V3electionpb.Election.leader, V3electionpb.LeaderRequest(name: name.bytes), kind: .idempotent,
                timeout: timeout)
            return response.kv.map(EtcdKeyValue.init)
        } catch let error where error.code == .notFound && error.message.contains("election: no leader") {
            return nil
        }
    }

    /// Observes the election `name`: its leader's value now, then every value it proclaims,
    /// then each next leader's, as the server streams them.
    ///
    /// ```swift
    /// for try await leader in client.electionService.observe("scheduler") {
    ///     print("leader:", leader.value, "since revision", leader.createRevision)
    /// }
    /// ```
    ///
    /// While there is no leader, the sequence waits for one. The server reports the newest
    /// value of the newest leader, not every intermediate one: values proclaimed in quick
    /// succession may be skipped. Tell leaders apart by ``EtcdKeyValue/createRevision``.
    ///
    /// The stream opens when the iteration starts, on one of the client's connections for
    /// long-lived streams, and ends when the iteration ends or its task is cancelled.
    ///
    /// > Important: The observation does not resume. When its stream fails (connection lost,
    /// > member without a leader, server restart) the sequence throws, and never ends
    /// > normally otherwise. Observe again to go on (the first value is then the current
    /// > leader's), or use ``EtcdElection/observe()``, which resumes by itself and also reports "no leader".
    ///
    /// - Parameter name: the election's name (not empty).
    /// - Returns: the leader values, one consumer.
    public func observe(_ name: EtcdBytes) -> EtcdElectionServiceObservation {
        EtcdElectionServiceObservation(core: core, name: name)
    }

    /// Gives up a leadership: the server deletes the leader's key if it still has the
    /// leadership's create revision, so the next candidate leads.
    ///
    /// ```swift
    /// try await client.electionService.resign(leader)
    /// ```
    ///
    /// Resigning a leadership that already ended succeeds without deleting anything (a newer
    /// leader's key is never touched), so a resignation is safe to repeat and a lost answer is
    /// retried like a read.
    ///
    /// - Parameters:
    ///   - leader: the leadership, from ``campaign(_:value:lease:timeout:)``.
    ///   - timeout: the call's deadline.
    /// - Returns: the response header.
    /// - Throws: ``EtcdError``, as ``Etcd3Client/delete(_:prevKV:timeout:)``.
    @discardableResult
    public func resign(_ leader: EtcdElectionServiceLeaderKey, timeout: Duration? = nil) async throws(EtcdError) -> EtcdResponseHeader {
        let request = V3electionpb.ResignRequest(leader: leader.message)
        let response = try await core.unary(V3electionpb.Election.resign, request, kind: .idempotent, timeout: timeout)
        return EtcdResponseHeader(response.header)
    }
}

/// The leader values of an election, as the server's Election service streams them (see
/// ``EtcdElectionService/observe(_:)``).
///
/// Iterate it once. It never ends normally while the stream runs: it throws ``EtcdError``
/// when the stream fails, and does not resume.
public struct EtcdElectionServiceObservation: AsyncSequence, Sendable {
    /// The leader's key and value.
    public typealias Element = EtcdKeyValue
    /// Why the observation ended.
    public typealias Failure = EtcdError

    let core: ClientCore
    /// The election's name.
    public let name: EtcdBytes

    /// Creates the iterator; the stream opens on its first ``AsyncIterator/next()``.
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(core: core, name: name)
    }

    /// Iterates the leader values of an election.
    public struct AsyncIterator: AsyncIteratorProtocol {
        /// The leader's key and value.
        public typealias Element = EtcdKeyValue
        /// Why the observation ended.
        public typealias Failure = EtcdError

        let core: ClientCore
        let name: EtcdBytes
        private var stream: GRPCStream?
        private var messages: GRPCStream.Messages.Iterator?
        private var token: String?
        private var received = false
        private var reauthenticated = false
        private var ended = false
        /// The call as the client's observer sees it, from the first opening on (`nil` without
        /// an observer).
        private var observation: StreamCallObservation?

        init(core: ClientCore, name: EtcdBytes) {
            self.core = core
            self.name = name
        }

        /// The next leader value.
        ///
        /// - Returns: the leader's key and value; `nil` only after the observation has thrown.
        /// - Throws: ``EtcdError``: `.invalidArgument` for an empty name; `.unavailable` when
        ///   no endpoint opened the stream, or the stream broke or was ended by the server;
        ///   `.noLeader` when the member lost its leader; `.cancelled` when the task was
        ///   cancelled; `.closed` when the client was closed; what the server ended the stream
        ///   with (`.permissionDenied`, …).
        public mutating func next() async throws(EtcdError) -> EtcdKeyValue? {
            try await next(isolation: nil)
        }

        /// The next leader value; see ``next()``.
        ///
        /// - Parameter actor: the caller's actor.
        /// - Returns: the leader's key and value; `nil` only after the observation has thrown.
        /// - Throws: ``EtcdError``, as ``next()``.
        public mutating func next(isolation actor: isolated (any Actor)?) async throws(EtcdError) -> EtcdKeyValue? {
            guard !ended else { return nil }
            do {
                return try await nextLeader(isolation: actor)
            } catch {
                closeStream()
                ended = true
                observation?.finish(error: error)
                throw error
            }
        }

        private mutating func nextLeader(isolation actor: isolated (any Actor)?) async throws(EtcdError) -> EtcdKeyValue {
            while true {
                if messages == nil { try await open(isolation: actor) }
                let message: [UInt8]?
                do {
                    message = try await messages!.next(isolation: actor)
                } catch {
                    await core.streamFailed(error, token: token)
                    // A token rejected before anything arrived was renewed: open once more.
                    if !received, !reauthenticated, core.tokens.credentials != nil, case .rpc = error.kind,
                        isTokenRefreshable(grpcCode: Int(error.status.code.rawValue), message: error.status.message)
                    {
                        reauthenticated = true
                        closeStream()
                        continue
                    }
                    throw failure(error)
                }
                guard let message else {
                    throw EtcdError(.unavailable, "the server ended the observation of the election \(name)")
                }
                let response: V3electionpb.LeaderResponse
                do {
                    response = try V3electionpb.LeaderResponse(wireBytes: message)
                } catch {
                    throw EtcdError(.protocolViolation, "the server's observe message could not be decoded: \(error)")
                }
                guard let kv = response.kv else { continue }
                received = true
                return EtcdKeyValue(kv)
            }
        }

        /// Opens the stream and sends the one request (a few attempts when no endpoint can
        /// take it). The first opening reports the call to the observer.
        private mutating func open(isolation actor: isolated (any Actor)?) async throws(EtcdError) {
            guard !name.isEmpty else { throw EtcdError(.invalidArgument, "the election name is empty; nothing was sent") }
            try await core.admission.admitStream(timeout: core.configuration.requestTimeout)
            if observation == nil { observation = StreamCallObservation(observer: core.observer, path: V3electionpb.Election.observe.path) }
            let frame = V3electionpb.LeaderRequest(name: name.bytes).grpcFrame()
            let backoff = Backoff(initial: .milliseconds(100), maximum: .seconds(1))
            var attempts = 0
            while true {
                attempts += 1
                if Task.isCancelled { throw EtcdError(.cancelled, "the observation was cancelled") }
                if core.pool.isClosed { throw EtcdError(.closed, "the client is closed") }
                // A failure before a stream opened is not reported as a retry: it has no endpoint.
                var failure: TransportError?
                if let (stream, _, token) = await core.openLongLivedStream(path: V3electionpb.Election.observe.path) {
                    observation?.attempted(stream.connection.endpoint)
                    do {
                        try await stream.send(frame)
                        await stream.finishSending()
                        self.stream = stream
                        self.token = token
                        messages = stream.messages.makeAsyncIterator()
                        return
                    } catch {
                        stream.cancel()
                        failure = error
                    }
                }
                guard attempts < 3 else {
                    throw EtcdError(.unavailable, "no endpoint could open the observation of the election \(name)")
                }
                if let failure { observation?.retried(EtcdError(exhausted: failure)) }
                do {
                    try await Task.sleep(for: backoff.delay(forAttempt: attempts))
                } catch {
                    throw EtcdError(.cancelled, "the observation was cancelled")
                }
            }
        }

        private mutating func closeStream() {
            stream?.cancel()
            stream = nil
            messages = nil
        }

        /// The error a failed stream ends the observation with.
        private func failure(_ error: TransportError) -> EtcdError {
            switch error.kind {
            case .rpc:
                return EtcdError(serverStatus: error.status)
            case .cancelled:
                return EtcdError(.cancelled, "the observation was cancelled")
            case .closed where core.pool.isClosed || core.streamPool.isClosed:
                return EtcdError(.closed, "the client is closed")
            case .responseTooLarge(let limit):
                return EtcdError(.responseTooLarge, "an observe message is larger than the receive limit", limit: limit)
            default:
                return EtcdError(.unavailable, "the observation's stream failed: \(error.message)")
            }
        }
    }
}

@available(*, unavailable)
extension EtcdElectionServiceObservation.AsyncIterator: Sendable {}

extension Etcd3Client {
    /// The server's Election service: leader elections the server runs for leases.
    ///
    /// ```swift
    /// let leader = try await client.electionService.campaign("scheduler", value: "node-1", lease: lease.id)
    /// let current = try await client.electionService.leader("scheduler")   // node-1
    /// ```
    ///
    /// See ``EtcdElectionService``.
    public nonisolated var electionService: EtcdElectionService { EtcdElectionService(core: core) }
}
