import Etcd3Messages

/// The leases kept alive on one client's LeaseKeepAlive stream, as a pure state machine:
/// transitions take what happened (a lease added or dropped, the stream opened or failed, an
/// ack, the passing of time) and the current instant, and return what to do. No I/O and no
/// clock of its own, so it is unit-tested with made-up instants.
///
/// Rules (`Docs/Leases.md`, "Keeping a lease alive" and "When a lease is lost, and why"):
/// - a lease is refreshed TTL/3 after its last ack, with the TTL that ack reported;
/// - while no ack comes, a lease is re-sent at most once per ``resendInterval``;
/// - a new stream re-sends every lease at once;
/// - a lease is declared expired when no ack proves it alive by *base + TTL*, where *base* is
///   when the keep-alive that the last ack answered was sent (never later than that ack): the
///   server may drop the lease from then on, so waiting any longer (2×TTL, as some clients do)
///   would let two owners overlap;
/// - an ack with TTL 0 means the server no longer knows the lease (revoked, or expired there);
/// - acks for leases not kept alive here are ignored;
/// - a keep-alive left unanswered for ``stallTimeout`` makes the stream suspect: it is reopened,
///   on another endpoint when there is one.
package struct LeaseKeepAliveState: Sendable {
    package typealias Instant = ContinuousClock.Instant

    package enum Action: Sendable, Equatable {
        /// Send a keep-alive for this lease on the stream.
        case send(EtcdLeaseID)
        /// The server refreshed the lease; it now has this TTL.
        case acknowledged(EtcdLeaseID, ttl: Duration)
        /// The lease can no longer be proven alive; it was dropped from the machine.
        case lost(EtcdLeaseID, EtcdError)
        /// Drop the stream and open a new one, preferably on another endpoint.
        case restartStream
    }

    package struct Lease: Sendable, Equatable {
        /// The TTL from the last ack (or the grant).
        package var ttl: Duration
        /// No ack by then: the lease may be gone on the server.
        var deadline: Instant
        /// When the next keep-alive is due (while the stream is open).
        var nextSend: Instant
        /// The last keep-alive sent on the current stream.
        var lastSend: Instant?
        /// The oldest keep-alive sent on the current stream and not yet answered.
        var firstUnackedSend: Instant?
    }

    /// Least time between two keep-alives of one lease while no ack comes (shorter for leases
    /// whose TTL/3 is shorter).
    package let resendInterval: Duration
    /// A keep-alive unanswered for this long makes the stream suspect.
    let stallTimeout: Duration

    package private(set) var leases: [EtcdLeaseID: Lease] = [:]
    private(set) var isStreamOpen = false

    package init(resendInterval: Duration = .seconds(1), stallTimeout: Duration = .seconds(2)) {
        self.resendInterval = resendInterval
        self.stallTimeout = stallTimeout
    }

    package var isEmpty: Bool { leases.isEmpty }

    /// Starts keeping `id` alive. `since` is an instant no later than when the server last
    /// refreshed the lease (for a fresh grant: before the grant was sent); it bounds the first
    /// deadline. Adding a lease already kept alive does nothing.
    package mutating func add(_ id: EtcdLeaseID, ttl: Duration, since: Instant, now: Instant) -> [Action] {
        guard leases[id] == nil else { return [] }
        leases[id] = Lease(ttl: ttl, deadline: since + ttl, nextSend: now)
        return isStreamOpen ? [send(id, now: now)] : []
    }

    /// Stops keeping `id` alive (the lease itself is left to expire or be revoked).
    package mutating func remove(_ id: EtcdLeaseID) {
        leases[id] = nil
    }

    /// A new stream is open: send every lease's keep-alive at once.
    package mutating func streamOpened(now: Instant) -> [Action] {
        isStreamOpen = true
        return sortedIDs.map { send($0, now: now) }
    }

    /// The stream failed or ended. Unanswered keep-alives on it prove nothing; deadlines stand.
    package mutating func streamFailed() {
        isStreamOpen = false
        for id in leases.keys {
            leases[id]!.lastSend = nil
            leases[id]!.firstUnackedSend = nil
        }
    }

    /// One response from the server.
    package mutating func receive(_ response: Etcdserverpb.LeaseKeepAliveResponse, now: Instant) -> [Action] {
        let id = EtcdLeaseID(response.id)
        guard var lease = leases[id] else { return [] }
        guard response.ttl > 0 else {
            leases[id] = nil
            return [
                .lost(
                    id,
                    EtcdError(
                        .leaseNotFound,
                        "lease \(id) was revoked or expired on the server (its keep-alive was answered with TTL 0)"))
            ]
        }
        let ttl = Duration.seconds(response.ttl)
        // The server renewed the lease after the answered keep-alive left; taking the oldest
        // unanswered send as the renewal time keeps the deadline on the safe side.
        let base = min(lease.firstUnackedSend ?? lease.lastSend ?? now, now)
        lease.ttl = ttl
        lease.deadline = max(lease.deadline, base + ttl)
        lease.firstUnackedSend = nil
        lease.nextSend = now + ttl / 3
        leases[id] = lease
        return [.acknowledged(id, ttl: ttl)]
    }

    /// Time has passed: declare leases past their deadline lost, send the keep-alives that are
    /// due, and ask for a new stream when one went unanswered too long.
    package mutating func tick(now: Instant) -> [Action] {
        var actions: [Action] = []
        var stalled = false
        for id in sortedIDs {
            let lease = leases[id]!
            if now >= lease.deadline {
                leases[id] = nil
                actions.append(
                    .lost(
                        id,
                        EtcdError(
                            .leaseExpired,
                            "lease \(id) could not be kept alive: no keep-alive was acknowledged within its TTL "
                                + "of \(lease.ttl)"
                        )))
                continue
            }
            guard isStreamOpen else { continue }
            if let first = lease.firstUnackedSend, now - first >= stallTimeout { stalled = true }
            if now >= lease.nextSend { actions.append(send(id, now: now)) }
        }
        if stalled {
            // Sends wait for the next stream, which re-sends everything at once.
            actions.removeAll { if case .send = $0 { true } else { false } }
            streamFailed()
            actions.append(.restartStream)
        }
        return actions
    }

    /// When ``tick(now:)`` next has something to do, `nil` with no leases.
    package var nextWakeup: Instant? {
        var wakeups: [Instant] = []
        for lease in leases.values {
            wakeups.append(lease.deadline)
            if isStreamOpen {
                wakeups.append(lease.nextSend)
                if let first = lease.firstUnackedSend { wakeups.append(first + stallTimeout) }
            }
        }
        return wakeups.min()
    }

    private var sortedIDs: [EtcdLeaseID] { leases.keys.sorted { $0.rawValue < $1.rawValue } }

    private mutating func send(_ id: EtcdLeaseID, now: Instant) -> Action {
        var lease = leases[id]!
        lease.lastSend = now
        if lease.firstUnackedSend == nil { lease.firstUnackedSend = now }
        lease.nextSend = now + min(resendInterval, lease.ttl / 3)
        leases[id] = lease
        return .send(id)
    }
}
