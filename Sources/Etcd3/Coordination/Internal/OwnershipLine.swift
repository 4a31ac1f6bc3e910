import Synchronization

/// The line of would-be owners under one prefix, as etcd's Go `concurrency` package keeps it
/// for mutexes and elections (and the server's Lock and Election services, so all of them see
/// the same line): each session's place is the key `prefix + lease ID in hex`, attached to the
/// session's lease; the owner is the key with the lowest create revision; a place is served
/// when every key created before it is gone.
///
/// A place can also wait behind only part of the line (its **blockers**: the keys under a
/// narrower prefix), as a read lock waits only for the writers ahead of it.
struct OwnershipLine: Sendable {
    let client: Etcd3Client
    /// The name the user gave (`jobs/cleanup`).
    let name: EtcdBytes
    /// `name + "/"`.
    let prefix: EtcdBytes
    /// The namespace the line was made through, or `nil`. ``name``, ``prefix`` and the keys of
    /// the line are then stored keys (with the namespace's prefix); owners show them
    /// ``shown(_:)``.
    let namespace: EtcdNamespace?

    /// - Parameter namespace: the view the name is inside: the line's keys are under its prefix.
    init(client: Etcd3Client, name: EtcdBytes, what: String, namespace: EtcdNamespace? = nil) throws(EtcdError) {
        guard !name.isEmpty else {
            throw EtcdError(.invalidArgument, "the \(what) name is empty; nothing was sent")
        }
        self.client = client
        self.name = namespace?.keys.key(name) ?? name
        self.prefix = self.name + "/"
        self.namespace = namespace
    }

    /// A stored key of the line as its owners show it: without the namespace's prefix.
    func shown(_ key: EtcdBytes) -> EtcdBytes {
        namespace?.keys.strip(key) ?? key
    }

    /// The key that stands for `session` in this line, or in its part `prefix + segment`.
    func key(for session: EtcdSession, in segment: EtcdBytes = "") -> EtcdBytes {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(prefix.bytes.count + segment.bytes.count + session.leaseHex.count)
        bytes += prefix.bytes
        bytes += segment.bytes
        bytes += session.leaseHex
        return EtcdBytes(bytes)
    }

    /// A place taken in the line.
    struct Place: Sendable {
        var key: EtcdBytes
        /// The prefix of the keys that, created before this place, keep it waiting.
        var blockers: EtcdBytes
        /// The key's create revision: the fence.
        var revision: Int64
        /// The key's value when the place was taken.
        var value: EtcdBytes
        /// Whether no blocker was created before the place (it is served).
        var isFirst: Bool
        var header: EtcdResponseHeader
    }

    /// Takes `session`'s place in line, with `value` (or finds the place the session already
    /// has), and says whether it is first. One round trip.
    ///
    /// The caller must have counted a hold of the key (``EtcdSession/hold(_:)``) before: the
    /// place is then its to give back with ``leave(key:revision:session:)`` when nobody else in this
    /// process holds it.
    ///
    /// - Parameters:
    ///   - key: the place's key, under ``prefix``.
    ///   - blockers: the prefix (under ``prefix``) of the keys the place waits behind.
    func take(session: EtcdSession, value: EtcdBytes, key: EtcdBytes, blockers: EtcdBytes, timeout: Duration?) async throws(EtcdError)
        -> Place
    {
        let first = EtcdTxnOp.getPrefix(blockers, options: EtcdRangeOptions(limit: 1, sortOrder: .ascending, sortTarget: .createRevision))
        // Safe to send again: once the key exists, the same request only reads it.
        var attempts = 0
        var sentBefore = false
        while true {
            attempts += 1
            let result: EtcdTxnResult
            do {
                result = try await client.transaction(
                    compare: [.createRevision(key) == 0],
                    success: [.put(key, value, lease: session.lease), first],
                    failure: [.get(key), first],
                    timeout: timeout)
            } catch let error where error.code == .indeterminate && attempts < 3 {
                sentBefore = true
                continue
            } catch let error where sentBefore && !error.mayHaveBeenApplied {
                // A later send that surely did not apply says nothing of an earlier one.
                throw EtcdError(.indeterminate, "an earlier attempt may have created \(key); the last one failed: \(error)")
            }
            // The oldest blocker; when the place's own key is one, it is the oldest if first.
            let oldest = result.responses.last?.range?.kvs.first?.createRevision ?? .max
            if result.succeeded {
                let revision = result.header.revision
                return Place(
                    key: key, blockers: blockers, revision: revision, value: value, isFirst: oldest >= revision, header: result.header)
            }
            guard let mine = result.responses.first?.range?.kvs.first else {
                // Deleted between the compare and the read: impossible in one transaction.
                throw EtcdError(.protocolViolation, "the server reported the key \(key) both present and absent")
            }
            return Place(
                key: key, blockers: blockers, revision: mine.createRevision, value: mine.value,
                isFirst: oldest >= mine.createRevision, header: result.header)
        }
    }

    /// Waits until every blocker created before `place` is gone, watching the newest of them
    /// for its deletion (so a queue of N waiters wakes one at a time) and reading the line
    /// again whenever it goes (older blockers may still be there; blockers created after the
    /// place never count), and checks at every read that `place` is still there.
    ///
    /// - Returns: the header of the read that found no blocker before the place.
    /// - Throws: ``EtcdError``: `lost` when the place's key is gone (its lease expired or it
    ///   was deleted); otherwise what the reads and watches throw.
    func waitForTurn(of place: Place, lost: @Sendable () -> EtcdError) async throws(EtcdError) -> EtcdResponseHeader {
        // The newest blocker created before the place (revision 1 is the empty store's, so
        // `place.revision - 1` is at least 1: a real bound, not "no bound").
        let before = EtcdRangeOptions(limit: 1, sortOrder: .descending, sortTarget: .createRevision, maxCreateRevision: place.revision - 1)
        while true {
            try checkCancellation()
            // One read-only transaction: the place itself and the newest blocker before it.
            let line = try await client.transaction(compare: [], success: [.get(place.key), .getPrefix(place.blockers, options: before)])
            guard let mine = line.responses.first?.range?.kvs.first, mine.createRevision == place.revision else {
                throw lost()
            }
            guard let ahead = line.responses.last?.range?.kvs.first?.key else { return line.header }
            // Deletes in the line from here on: the one ahead (our turn may have come) or our
            // own key (its lease expired or was revoked: fail at once, not at the next refresh).
            let watch = client.watchPrefix(prefix, options: EtcdWatchOptions(startRevision: line.header.revision + 1, filterPuts: true))
            do {
                for try await event in watch where event.kv.key == ahead || event.kv.key == place.key { break }
            } catch  where error.code == .compacted {
                continue  // read the line again
            }
        }
    }

    /// Gives a place back: deletes its key if it is still the same incarnation (compared on
    /// the create revision, so a newer holder's key is never deleted), in a task the caller's
    /// cancellation does not reach. `revision` nil (the place's revision was never learnt):
    /// deletes the key if it is still attached to the session's lease.
    ///
    /// The compare makes a resend safe, so it is sent until one is answered, for up to
    /// ``leaveTimeLimit`` (connections may be failing: that is often why the acquisition
    /// failed). After that the key goes with the session's lease.
    func leave(key: EtcdBytes, revision: Int64?, session: EtcdSession) async {
        let client = self.client
        let condition: EtcdCompare = if let revision { .createRevision(key) == revision } else { .lease(key) == session.lease }
        await withoutCancellation {
            let deadline = ContinuousClock.now + Self.leaveTimeLimit
            var attempt = 0
            while ContinuousClock.now < deadline, session.lossError == nil {
                attempt += 1
                do throws(EtcdError) {
                    _ = try await client.transaction(compare: [condition], success: [.delete(key)], timeout: deadline - .now)
                    return
                } catch let error where error.code == .indeterminate || error.code == .unavailable {
                    try? await Task.sleep(for: .milliseconds(min(20 * attempt, 200)))
                } catch {
                    return
                }
            }
        }
    }

    /// How long giving a place back may keep trying.
    static let leaveTimeLimit = Duration.seconds(3)

    /// Takes `session`'s place in line with `value` and, when `wait` is set, waits for its
    /// turn, within `timeout`; ends at once when the session ends or the task is cancelled,
    /// and then leaves nothing behind.
    ///
    /// A place the session already has (another hold in this process) is shared, and kept
    /// when this acquisition fails.
    ///
    /// - Returns: the place and the header of the read that found it first, or `nil` when it
    ///   was not first and `wait` is off (the place is given back).
    ///
    /// - Parameters:
    ///   - key: the place's key; `nil` for ``key(for:in:)`` in the whole line.
    ///   - blockers: the prefix of the keys the place waits behind; `nil` for the whole line.
    func acquire(
        session: EtcdSession, value: EtcdBytes, key: EtcdBytes? = nil, blockers: EtcdBytes? = nil,
        timeout: Duration?, wait: Bool
    ) async throws(EtcdError) -> (Place, EtcdResponseHeader)? {
        if let ended = session.endError { throw ended }
        let key = key ?? self.key(for: session)
        let blockers = blockers ?? prefix
        session.hold(key)
        // Not an instant of the clock, which would cost every acquisition a task allocation
        // (see CallDeadline).
        let deadline = timeout.map { CallDeadline.after($0) }
        var revision: Int64?
        do throws(EtcdError) {
            // One call, bounded by the timeout: an uncontended acquisition needs no more.
            let place = try await take(session: session, value: value, key: key, blockers: blockers, timeout: timeout)
            revision = place.revision
            if place.isFirst { return (place, place.header) }
            guard wait else {
                await giveBack(key: key, revision: revision, session: session)
                return nil
            }
            let line = self
            let header = try await Self.race(session: session, deadline: deadline, what: "\(name)") { () throws(EtcdError) in
                try await line.waitForTurn(of: place) {
                    session.endError
                        ?? EtcdError(
                            .leaseNotFound, "the key \(key) disappeared while waiting: the session's lease is gone or the key was deleted")
                }
            }
            return (place, header)
        } catch {
            await giveBack(key: key, revision: revision, session: session)
            throw error
        }
    }

    /// Undoes a hold that did not become ownership: the place is deleted when no other hold
    /// of this process needs it and the session still has it.
    ///
    /// Out of line: the task that `leave` starts needs a `TaskPriority?`, whose size is known
    /// only at run time, so inlined into ``acquire(session:value:key:blockers:timeout:wait:)``
    /// it would cost every acquisition a task allocation (see CallDeadline).
    @inline(never)
    private func giveBack(key: EtcdBytes, revision: Int64?, session: EtcdSession) async {
        guard session.unhold(key) == 0, session.lossError == nil else { return }
        await leave(key: key, revision: revision, session: session)
    }

    /// Deletes an owned place's key (a release, a resignation) if it is still the incarnation
    /// created at `revision`, so a newer owner's key is never deleted. The compare makes a
    /// resend safe, so one that got no answer is sent again (three sends in all).
    ///
    /// - Throws: `notHeld()` when the key is gone or belongs to a newer owner (nothing
    ///   deleted); `.indeterminate` when no send was answered, or a later send failed after an
    ///   earlier one that may have been applied.
    func deleteOwned(key: EtcdBytes, revision: Int64, timeout: Duration?, notHeld: () -> EtcdError) async throws(EtcdError) {
        var attempts = 0
        var sentBefore = false
        while true {
            attempts += 1
            do throws(EtcdError) {
                let result = try await client.transaction(
                    compare: [.createRevision(key) == revision], success: [.delete(key)], timeout: timeout)
                // After an attempt that may have deleted it, a missing key is that attempt's doing.
                guard result.succeeded || sentBefore else { throw notHeld() }
                return
            } catch let error where (error.code == .indeterminate || error.code == .unavailable) && attempts < 3 {
                sentBefore = sentBefore || error.code == .indeterminate
            } catch let error where sentBefore && !error.mayHaveBeenApplied {
                // A last attempt that surely did not apply says nothing of an earlier one.
                throw EtcdError(.indeterminate, "an earlier attempt may have deleted \(key); the last one failed: \(error)")
            }
        }
    }

    /// Runs `work` (a place's acquisition) within `deadline`, and fails as soon as `session`
    /// ends, the deadline passes or the task is cancelled.
    static func race<T: Sendable>(
        session: EtcdSession,
        deadline: CallDeadline?,
        what: String,
        _ work: @escaping @Sendable () async throws(EtcdError) -> T
    ) async throws(EtcdError) -> T {
        if let ended = session.endError { throw ended }
        do {
            return try await withThrowingTaskGroup(of: T.self) { group in
                group.addTask { try await work() }
                group.addTask {
                    let ended = await session.ended()
                    throw ended ?? EtcdError(.cancelled, "the wait was cancelled")
                }
                if let deadline {
                    group.addTask {
                        try? await Task.sleep(until: deadline.instant, clock: .continuous)
                        throw EtcdError(.deadlineExceeded, "\(what) was not obtained within its timeout")
                    }
                }
                defer { group.cancelAll() }
                return try await group.next()!
            }
        } catch let error as EtcdError {
            throw error
        } catch {
            throw EtcdError(.cancelled, "\(what) was cancelled")
        }
    }

    private func checkCancellation() throws(EtcdError) {
        if Task.isCancelled { throw EtcdError(.cancelled, "the wait was cancelled") }
    }
}

extension EtcdSession {
    /// Waits until the session ends, or the task is cancelled.
    ///
    /// - Returns: the reason it ended, `nil` when the task was cancelled first.
    func ended() async -> EtcdError? {
        let waiter = SessionEndWaiter()
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<EtcdError?, Never>) in
                guard waiter.park(continuation) else { return }
                waiter.token = observeEnd { error in waiter.resume(error) }
            }
        } onCancel: {
            waiter.resume(nil)
            if let token = waiter.token { stopObserving(token) }
        }
    }
}

/// One task waiting for a session's end: resumed once, by the end or by cancellation.
private final class SessionEndWaiter: Sendable {
    private struct State {
        var continuation: CheckedContinuation<EtcdError?, Never>?
        var resumed = false
        var token: Int?
    }
    private let state = Mutex(State())

    var token: Int? {
        get { state.withLock { $0.token } }
        set { state.withLock { $0.token = newValue } }
    }

    /// Keeps `continuation` until ``resume(_:)``; resumes it at once (returning `false`) when
    /// that already happened.
    func park(_ continuation: CheckedContinuation<EtcdError?, Never>) -> Bool {
        let early = state.withLock { state -> Bool in
            if state.resumed { return true }
            state.continuation = continuation
            return false
        }
        if early { continuation.resume(returning: nil) }
        return !early
    }

    func resume(_ value: EtcdError?) {
        let continuation = state.withLock { state -> CheckedContinuation<EtcdError?, Never>? in
            state.resumed = true
            defer { state.continuation = nil }
            return state.continuation
        }
        continuation?.resume(returning: value)
    }
}
