import Synchronization

/// A leader election among the sessions that campaign under one name.
///
/// ```swift
/// let election = client.election("services/scheduler")
/// let session = try await client.session(ttl: .seconds(10))
/// let leadership = try await election.campaign(value: "replica-1", session: session)
/// try await leadership.proclaim("replica-1 (busy)")
/// try await leadership.resign()
///
/// for try await leader in election.observe() {     // every change, "no leader" included
///     print(leader?.value ?? "no leader")
/// }
/// ```
///
/// Candidates queue as keys `name/<lease ID in hex>` attached to their session's lease; the
/// leader is the oldest (lowest create revision) and its key's value is the proclaimed value.
/// This is the layout of etcd's Go `concurrency.Election`, of `etcdctl elect` and of the
/// server's Election service, so all of them take part in the same elections.
public struct EtcdElection: Sendable {
    /// The client.
    public let client: Etcd3Client
    /// The election's name (inside ``namespace`` when made through one).
    public let name: EtcdBytes
    /// The namespace the election was made through (``EtcdNamespace/election(_:)``), or
    /// `nil`: its ``name``, its leaders' keys and its leaderships are then inside it.
    public let namespace: EtcdNamespace?

    /// Creates a handle for the election `name` (nothing is sent).
    public init(client: Etcd3Client, name: EtcdBytes) {
        self.client = client
        self.name = name
        self.namespace = nil
    }

    /// The election `name` inside `namespace` (nothing is sent).
    init(namespace: EtcdNamespace, name: EtcdBytes) {
        self.client = namespace.client
        self.name = name
        self.namespace = namespace
    }

    func line() throws(EtcdError) -> OwnershipLine {
        try OwnershipLine(client: client, name: name, what: "election", namespace: namespace)
    }

    /// Campaigns with `value` and waits until elected.
    ///
    /// A session that already campaigns in this election keeps its place in line (and its
    /// value is replaced with `value`). The wait ends at once when the session is lost (with
    /// the loss), when `timeout` passes (`.deadlineExceeded`) or when the task is cancelled
    /// (`.cancelled`), and then leaves no candidacy behind.
    ///
    /// - Parameters:
    ///   - value: the value to proclaim (what ``leader(timeout:)`` and observers see).
    ///   - session: the candidate.
    ///   - timeout: how long to wait in all; `nil` waits until elected.
    /// - Returns: the leadership.
    /// - Throws: ``EtcdError``: `.invalidArgument` for an empty name (nothing sent);
    ///   `.deadlineExceeded`; `.cancelled`; the session's loss; otherwise what the reads,
    ///   transactions and watches throw.
    public func campaign(value: EtcdBytes, session: EtcdSession, timeout: Duration? = nil) async throws(EtcdError) -> EtcdLeadership {
        let line = try line()
        let (place, header) = try await line.acquire(session: session, value: value, timeout: timeout, wait: true)!
        let leadership = EtcdLeadership(line: line, place: place, session: session, header: header)
        if place.value != value {
            // The session campaigned before with another value: proclaim the new one.
            do {
                try await leadership.proclaim(value)
            } catch {
                try? await leadership.resign()
                throw error
            }
        }
        return leadership
    }

    /// The current leader, or `nil` when no candidate is left.
    ///
    /// - Parameter timeout: the read's deadline.
    /// - Returns: the leader.
    /// - Throws: ``EtcdError``: `.invalidArgument` for an empty name; otherwise as
    ///   ``Etcd3Client/get(_:options:timeout:)``.
    public func leader(timeout: Duration? = nil) async throws(EtcdError) -> EtcdLeader? {
        let line = try line()
        let options = EtcdRangeOptions(limit: 1, sortOrder: .ascending, sortTarget: .createRevision)
        return try await client.range(line.prefix, end: line.prefix.prefixRangeEnd, options: options, timeout: timeout)
            .kvs.first.map { EtcdLeader(namespace?.keys.strip($0) ?? $0) }
    }

    /// Every change of leader, starting with the current one: a new leader, a new value
    /// proclaimed, and `nil` whenever no candidate is left.
    ///
    /// ```swift
    /// for try await leader in client.election("services/scheduler").observe() {
    ///     if let leader { route(to: leader.value) } else { pause() }
    /// }
    /// ```
    ///
    /// The observation follows the election's keys with a watch that resumes across
    /// reconnects from the last revision it saw, so every leader that held office is reported,
    /// in order, once, and a leader is never older than one already reported. If the history
    /// it needs was compacted while it was away, it reads the election again and goes on from
    /// there (leaders that came and went in between are then not reported).
    ///
    /// - Returns: the changes, as an `AsyncSequence` with one consumer.
    public func observe() -> EtcdLeaderObservation {
        EtcdLeaderObservation(election: self)
    }
}

/// A candidate in office: the key with the lowest create revision under an election's name.
public struct EtcdLeader: Sendable, Hashable {
    /// The leader's key (`name/<lease ID in hex>`).
    public var key: EtcdBytes
    /// The value it proclaimed.
    public var value: EtcdBytes
    /// The key's create revision: strictly increasing from one leader to the next.
    public var fence: Int64
    /// The revision of the last proclaim.
    public var modRevision: Int64
    /// The leader's lease.
    public var lease: EtcdLeaseID?

    /// Creates a value from the leader's key-value pair.
    public init(_ kv: EtcdKeyValue) {
        self.key = kv.key
        self.value = kv.value
        self.fence = kv.createRevision
        self.modRevision = kv.modRevision
        self.lease = kv.lease
    }
}

/// Leadership won by ``EtcdElection/campaign(value:session:timeout:)``: held until
/// ``resign(timeout:)``, until the session ends, or until someone deletes its key.
///
/// Writes can be made conditional on still leading with the ``fence`` (``EtcdFenced``).
public final class EtcdLeadership: EtcdFenced, CustomStringConvertible {
    /// The election's name.
    public var name: EtcdBytes { held.line.shown(held.line.name) }
    /// The leader key.
    public var key: EtcdBytes { held.line.shown(held.key) }
    /// The namespace the election was made through (``EtcdNamespace/election(_:)``), or
    /// `nil`: its ``name`` and ``key`` are then inside it, and fenced writes go through it.
    public var namespace: EtcdNamespace? { held.line.namespace }
    /// The leader key's create revision: strictly increasing from one leader to the next.
    public var fence: Int64 { held.fence }
    /// The session that leads.
    public var session: EtcdSession { held.session }
    /// The response header of the read that found this candidate elected.
    public let header: EtcdResponseHeader

    let held: HeldPlace

    init(line: OwnershipLine, place: OwnershipLine.Place, session: EtcdSession, header: EtcdResponseHeader) {
        self.held = HeldPlace(line: line, key: place.key, fence: place.revision, session: session)
        self.header = header
    }

    /// The client that writes.
    public var client: Etcd3Client { session.client }

    /// ``EtcdError/Code/leadershipLost``.
    public var fenceLostCode: EtcdError.Code { .leadershipLost }

    /// `name` (key @ fence).
    public var description: String { "leadership of \(name) (\(key) @ \(fence))" }

    /// Announces a new value as leader, if this candidate still leads.
    ///
    /// - Parameters:
    ///   - value: the new value.
    ///   - timeout: the call's deadline.
    /// - Throws: ``EtcdError``: `.leadershipLost` when this candidate no longer leads
    ///   (resigned, its key deleted or its session lost; nothing written); otherwise as
    ///   ``Etcd3Client/put(_:_:lease:timeout:)``.
    public func proclaim(_ value: EtcdBytes, timeout: Duration? = nil) async throws(EtcdError) {
        guard !held.isGivenUp else { throw EtcdError(.leadershipLost, "\(self) was resigned") }
        try await put(key, value, lease: session.lease, timeout: timeout)
    }

    /// Whether this candidate still leads: not resigned, its session alive and its key the one
    /// it created (one read).
    ///
    /// - Parameter timeout: the read's deadline.
    /// - Returns: `true` while leading.
    /// - Throws: ``EtcdError``, as ``Etcd3Client/get(_:options:timeout:)``.
    public func isLeader(timeout: Duration? = nil) async throws(EtcdError) -> Bool {
        try await held.isHeld(timeout: timeout)
    }

    /// Gives up leadership: deletes the leader key if it is still this candidate's (compared
    /// on the create revision), so the next candidate is elected. When no answer comes,
    /// nothing changes and it can be called again.
    ///
    /// - Parameter timeout: the call's deadline.
    /// - Throws: ``EtcdError``: `.leadershipLost` when already resigned or when the key is gone
    ///   or belongs to a newer candidate (nothing deleted); otherwise as
    ///   ``Etcd3Client/transaction(compare:success:failure:timeout:)``.
    public func resign(timeout: Duration? = nil) async throws(EtcdError) {
        try await held.giveUp(timeout: timeout, lostCode: .leadershipLost, owner: "\(self)")
    }
}

extension Etcd3Client {
    /// A handle for the election `name` (nothing is sent).
    ///
    /// - Parameter name: the election's name; candidates' keys are `name/<lease ID in hex>`.
    /// - Returns: the handle.
    public nonisolated func election(_ name: EtcdBytes) -> EtcdElection {
        EtcdElection(client: self, name: name)
    }

    /// Campaigns in the election `name`, runs `body` once elected, and resigns however `body`
    /// ends.
    ///
    /// ```swift
    /// try await client.withLeadership("services/scheduler", value: "replica-1") { leadership in
    ///     try await runScheduler()         // cancelled as soon as leadership is lost
    /// }
    /// ```
    ///
    /// While `body` runs, the task running it is cancelled at once when leadership is lost —
    /// the session can no longer be proven alive (no refresh acknowledged for a TTL, the lease
    /// revoked) or the leader key was deleted — and `withLeadership` then throws
    /// ``EtcdError/Code/leadershipLost`` however `body` ends.
    ///
    /// - Parameters:
    ///   - name: the election's name (not empty).
    ///   - value: the value to proclaim.
    ///   - session: the candidate; `nil` opens a session (TTL ``defaultSessionTTL``) for this
    ///     campaign and closes it afterwards.
    ///   - timeout: how long to wait to be elected; `nil` waits until elected.
    ///   - isolation: the actor `body` runs on; the caller's by default.
    ///   - body: the work only the leader does.
    /// - Returns: what `body` returns.
    /// - Throws: ``EtcdError`` as ``EtcdElection/campaign(value:session:timeout:)``;
    ///   `.leadershipLost` when leadership was lost while `body` ran; otherwise what `body`
    ///   throws.
    public func withLeadership<Result>(
        _ name: EtcdBytes,
        value: EtcdBytes,
        session: EtcdSession? = nil,
        timeout: Duration? = nil,
        isolation: isolated (any Actor)? = #isolation,
        _ body: (EtcdLeadership) async throws -> sending Result
    ) async throws -> sending Result {
        try await withLeadership(in: election(name), value: value, session: session, timeout: timeout, isolation: isolation, body)
    }

    /// The scope of ``withLeadership(_:value:session:timeout:isolation:_:)`` for an election
    /// handle: of this client's, or of a namespace's.
    func withLeadership<Result>(
        in election: EtcdElection,
        value: EtcdBytes,
        session: EtcdSession?,
        timeout: Duration?,
        isolation: isolated (any Actor)?,
        _ body: (EtcdLeadership) async throws -> sending Result
    ) async throws -> sending Result {
        if let session {
            return try await leading(election, value: value, session: session, timeout: timeout, isolation: isolation, body)
        }
        return try await withSession(isolation: isolation) { session in
            try await leading(election, value: value, session: session, timeout: timeout, isolation: isolation, body)
        }
    }

    private func leading<Result>(
        _ election: EtcdElection,
        value: EtcdBytes,
        session: EtcdSession,
        timeout: Duration?,
        isolation: isolated (any Actor)?,
        _ body: (EtcdLeadership) async throws -> sending Result
    ) async throws -> sending Result {
        let leadership = try await election.campaign(value: value, session: session, timeout: timeout)
        return try await session.owning(
            leadership, isolation: isolation,
            lost: { why in EtcdError(.leadershipLost, "\(leadership) was lost: \(why)") },
            end: { try await leadership.resign() },
            { try await body(leadership) })
    }
}

extension EtcdSession {
    /// Runs `body` while owning `owned` (a lock or a leadership): the task running it is
    /// cancelled at once when the session ends or the ownership key is deleted, and then this
    /// throws `lost(why)`; `end` (release, resign) runs however `body` ends, while the session
    /// lives.
    func owning<Owned: EtcdFenced & AnyObject, Result>(
        _ owned: Owned,
        isolation: isolated (any Actor)?,
        lost: @escaping @Sendable (String) -> EtcdError,
        end: @escaping @Sendable () async throws -> Void,
        _ body: () async throws -> sending Result
    ) async throws -> sending Result {
        let client = self.client
        // The stored key: through a namespace, `owned.key` is inside it.
        let key = owned.namespace?.keys.key(owned.key) ?? owned.key
        do {
            let result = try await cancellingOnEnd(
                isolation: isolation,
                lost: { error in lost("\(error)") },
                extraLoss: {
                    // The ownership key deleted: the watch starts at its creation, so a deletion
                    // that came first is seen too.
                    let watch = client.watch(key, options: EtcdWatchOptions(startRevision: owned.fence + 1, filterPuts: true))
                    do {
                        for try await _ in watch { return lost("its key was deleted") }
                    } catch {}
                    return nil
                }, body)
            try await end()
            return result
        } catch {
            if isAlive { await withoutCancellation { try? await end() } }
            throw error
        }
    }
}
