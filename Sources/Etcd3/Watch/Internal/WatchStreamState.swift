import Etcd3Messages

/// What one watcher asked for.
package struct WatchSpec: Sendable, Hashable {
    package var key: EtcdBytes
    package var end: EtcdBytes?
    package var options: EtcdWatchOptions

    package init(key: EtcdBytes, end: EtcdBytes?, options: EtcdWatchOptions) {
        self.key = key
        self.end = end
        self.options = options
    }
}

/// The watchers multiplexed on one client's Watch stream, as a pure state machine: transitions
/// take what happened (a watcher added or gone, the stream opened or failed, a response) and
/// return what to do. No I/O; unit-tested on its own.
///
/// Rules (`Docs/Watch.md`, "Guarantees"):
/// - one create in flight per stream, since create responses carry no correlation;
/// - watch ID 0 is valid; ID −1 is a failed create or a progress reply;
/// - a watcher resumes from its last delivered event's revision + 1 (after a created response
///   with no start revision: the header's revision + 1), never from a progress response;
/// - a watcher with no start revision whose create was never acknowledged resumes from the
///   revision after the newest one the stream had reported when the watcher was added, so a
///   change made after the watcher was asked for is never skipped;
/// - a watcher re-created on a new stream is told so (``EtcdWatchUpdate/resumed(revision:)``);
/// - events below that revision are dropped, so nothing is delivered twice or out of order;
/// - fragmented responses are joined before delivery, so a revision is never split; the
///   fragments one watcher holds are bounded by the receive limit, past which that watcher
///   (only) ends with ``EtcdError/Code/responseTooLarge``.
package struct WatchStreamState: Sendable {
    package enum Action: Sendable, Equatable {
        /// Send this request on the stream.
        case send(Etcdserverpb.WatchRequest)
        /// Hand this update to the watcher.
        case deliver(Int, EtcdWatchUpdate)
        /// End the watcher: normally (`nil`) or with an error.
        case finish(Int, EtcdError?)
        /// Drop the stream and open a new one (every watcher resumes there); with
        /// `reauthenticate`, the server rejected the stream's token, which is bound to the
        /// stream, so the new one needs a fresh token.
        case restartStream(reauthenticate: Bool)
    }

    package struct Watcher: Sendable {
        package var spec: WatchSpec
        /// Where to (re)start: the last delivered event's revision + 1, once known.
        var nextRevision: Int64?
        var serverID: Int64?
        var fragments: [Mvccpb.Event] = []
        /// The bytes of keys and values held in ``fragments``.
        var fragmentBytes = 0
        var cancelRequested = false
        /// The newest revision any response had reported when this watcher (with no start
        /// revision) was added: where it starts if its first create is never acknowledged.
        var floor: Int64?
        /// Whether a stream ever acknowledged its create (a later create is a resume).
        var wasCreated = false
        /// Whether a `permission denied` already made the stream reopen with a fresh token
        /// (etcd 3.5 answers an expired token so); a second one is final.
        var retriedPermission = false
        /// How many times in a row a create was refused because the auth store changed after
        /// the stream's token was issued (`revision of auth store is old`), each time reopening
        /// the stream with a fresh token; past ``maxOldAuthRevisionRetries`` it is final.
        var oldAuthRevisionRetries = 0
    }

    /// How many creates in a row refused with `revision of auth store is old` reopen the stream
    /// with a fresh token before the watcher ends: each change of users or roles moves the auth
    /// store's revision, so under churn a fresh token may be outdated again at once.
    static let maxOldAuthRevisionRetries = 10

    package private(set) var watchers: [Int: Watcher] = [:]
    private var pending: [Int] = []
    private var creating: Int?
    private var byServerID: [Int64: Int] = [:]
    private var nextLocalID = 0
    private(set) var isStreamOpen = false
    /// The newest header revision of any response seen, on any stream.
    private(set) var latestRevision: Int64 = 0

    /// The most bytes of keys and values (current and previous) one watcher may hold while a
    /// fragmented response is joined: the client's receive limit, as for a whole message.
    package let fragmentLimit: Int

    /// Creates the state of a stream whose joined fragmented responses may hold up to
    /// `fragmentLimit` bytes of keys and values per watcher.
    package init(fragmentLimit: Int = .max) {
        self.fragmentLimit = fragmentLimit
    }

    package var isEmpty: Bool { watchers.isEmpty }

    /// Whether the stream is open and every watcher's create was answered.
    var isSettled: Bool { isStreamOpen && creating == nil && pending.isEmpty }

    /// Watchers whose consumer is still there.
    var activeCount: Int { watchers.values.count { !$0.cancelRequested } }

    /// Registers a watcher; its create is sent when the stream is open and no other create is
    /// in flight.
    package mutating func add(_ spec: WatchSpec) -> (id: Int, actions: [Action]) {
        let id = nextLocalID
        nextLocalID += 1
        var watcher = Watcher(spec: spec)
        if (spec.options.startRevision ?? 0) <= 0, latestRevision > 0 { watcher.floor = latestRevision }
        watchers[id] = watcher
        pending.append(id)
        return (id, sendNextCreate())
    }

    /// Forgets every watcher (they were ended by the owner).
    mutating func removeAll() {
        watchers = [:]
        pending = []
        creating = nil
        byServerID = [:]
    }

    /// The watcher's consumer is gone: cancel it on the server.
    package mutating func remove(_ id: Int) -> [Action] {
        guard var watcher = watchers[id] else { return [] }
        if let serverID = watcher.serverID {
            if watcher.cancelRequested { return [] }
            watcher.cancelRequested = true
            watchers[id] = watcher
            return isStreamOpen ? [.send(Self.cancelRequest(serverID))] : []
        }
        if creating == id {
            // Its create is in flight: cancel once the server names it.
            watcher.cancelRequested = true
            watchers[id] = watcher
            return []
        }
        watchers[id] = nil
        pending.removeAll { $0 == id }
        return []
    }

    /// A new stream is open: (re)create every watcher, one at a time.
    package mutating func streamOpened() -> [Action] {
        isStreamOpen = true
        return sendNextCreate()
    }

    /// The stream failed or ended: every watcher waits to be created again on the next one,
    /// from where it left off. Watchers whose consumer left are dropped.
    package mutating func streamFailed() {
        isStreamOpen = false
        creating = nil
        byServerID = [:]
        for (id, watcher) in watchers where watcher.cancelRequested {
            watchers[id] = nil
        }
        for id in watchers.keys {
            watchers[id]!.serverID = nil
            watchers[id]!.fragments = []
            watchers[id]!.fragmentBytes = 0
            if watchers[id]!.nextRevision == nil, let floor = watchers[id]!.floor {
                // Never acknowledged: the server may have started it already; start where the
                // stream stood when it was asked for, so nothing after that is skipped.
                watchers[id]!.nextRevision = floor + 1
            }
        }
        pending = watchers.keys.sorted()
    }

    /// One response from the server.
    package mutating func receive(_ response: Etcdserverpb.WatchResponse) -> [Action] {
        let revision = response.header?.revision ?? 0
        latestRevision = max(latestRevision, revision)
        if response.created { return created(response, revision: revision) }
        guard let id = byServerID[response.watchId], var watcher = watchers[id] else {
            if response.watchId == -1, response.events.isEmpty, !response.canceled {
                // A RequestProgress reply, broadcast to every watcher on the stream.
                return watchers.keys.sorted().compactMap { progress(for: $0, revision: revision) }
            }
            // Events for a watcher we no longer know: make the server stop sending them.
            if !response.canceled, isStreamOpen { return [.send(Self.cancelRequest(response.watchId))] }
            return []
        }
        if response.canceled {
            byServerID[response.watchId] = nil
            watchers[id] = nil
            if watcher.cancelRequested { return [.finish(id, nil)] }
            if let actions = restartAfterCompaction(id, watcher, response) { return actions }
            return cancellation(of: id, &watcher, response)
        }
        if watcher.cancelRequested { return [] }
        if response.events.isEmpty {
            return progress(for: id, revision: revision).map { [$0] } ?? []
        }
        if response.fragment {
            watcher.fragmentBytes += response.events.reduce(0) { $0 + Self.heldBytes($1) }
            if watcher.fragmentBytes > fragmentLimit {
                return fragmentsOverLimit(id, &watcher)
            }
            watcher.fragments.append(contentsOf: response.events)
            watchers[id] = watcher
            return []
        }
        // A whole response (the usual case) is read where it is, without the fragment list.
        let received: [Mvccpb.Event]
        if watcher.fragments.isEmpty {
            received = response.events
        } else {
            if watcher.fragmentBytes + response.events.reduce(0, { $0 + Self.heldBytes($1) }) > fragmentLimit {
                return fragmentsOverLimit(id, &watcher)
            }
            received = watcher.fragments + response.events
            watcher.fragments = []
            watcher.fragmentBytes = 0
        }
        // Only events at or after where the watcher stands, never going back within the batch
        // either (a server sends them in order; anything else would reorder what was delivered).
        var floor = watcher.nextRevision ?? 0
        let events = received.compactMap { event -> EtcdWatchEvent? in
            guard let kv = event.kv, kv.modRevision >= floor else { return nil }
            floor = kv.modRevision
            return EtcdWatchEvent(event)
        }
        if let last = events.last { watcher.nextRevision = last.revision + 1 }
        watchers[id] = watcher
        return events.isEmpty ? [] : [.deliver(id, .events(events))]
    }

    // MARK: Internals

    /// The bytes an event holds while it waits for the rest of its response.
    private static func heldBytes(_ event: Mvccpb.Event) -> Int {
        (event.kv.map { $0.key.count + $0.value.count } ?? 0)
            + (event.prevKv.map { $0.key.count + $0.value.count } ?? 0)
    }

    /// A watcher's fragments went over ``fragmentLimit``: it ends with `.responseTooLarge`
    /// (the fragments are dropped, nothing of the response is delivered) and is cancelled on
    /// the server; the stream and the other watchers go on.
    private mutating func fragmentsOverLimit(_ id: Int, _ watcher: inout Watcher) -> [Action] {
        watcher.fragments = []
        watcher.fragmentBytes = 0
        watcher.cancelRequested = true
        watchers[id] = watcher
        let error = EtcdError(
            .responseTooLarge,
            "a fragmented watch response is larger than the receive limit; the watch was cancelled "
                + "(events before this error were delivered)",
            limit: fragmentLimit)
        var actions: [Action] = [.finish(id, error)]
        if let serverID = watcher.serverID, isStreamOpen { actions.append(.send(Self.cancelRequest(serverID))) }
        return actions
    }

    private mutating func created(_ response: Etcdserverpb.WatchResponse, revision: Int64) -> [Action] {
        guard let id = creating, var watcher = watchers[id] else {
            // A created response nobody waits for: cancel it, unless it is a failed create.
            if response.canceled || !isStreamOpen { return [] }
            return [.send(Self.cancelRequest(response.watchId))] + sendNextCreate()
        }
        creating = nil
        var actions: [Action] = []
        if response.canceled {
            watchers[id] = nil
            if watcher.cancelRequested {
                actions.append(.finish(id, nil))
            } else if let restart = restartAfterCompaction(id, watcher, response) {
                return restart
            } else {
                actions += cancellation(of: id, &watcher, response)
            }
        } else {
            watcher.serverID = response.watchId
            byServerID[response.watchId] = id
            if watcher.nextRevision == nil {
                let start = watcher.spec.options.startRevision ?? 0
                watcher.nextRevision = start > 0 ? start : revision + 1
            }
            if watcher.cancelRequested {
                actions.append(.send(Self.cancelRequest(response.watchId)))
            } else if watcher.wasCreated, let next = watcher.nextRevision {
                actions.append(.deliver(id, .resumed(revision: next)))
            }
            watcher.wasCreated = true
            watcher.retriedPermission = false
            watcher.oldAuthRevisionRetries = 0
            watchers[id] = watcher
        }
        return actions + sendNextCreate()
    }

    /// A watcher with no start revision that resumed from its floor, delivered nothing yet, and
    /// found the floor compacted asked for no history: it starts again from the compaction
    /// revision instead of failing. `nil` for every other watcher.
    private mutating func restartAfterCompaction(
        _ id: Int, _ watcher: Watcher, _ response: Etcdserverpb.WatchResponse
    ) -> [Action]? {
        guard response.compactRevision > 0, let floor = watcher.floor, watcher.nextRevision == floor + 1 else {
            return nil
        }
        var restarted = watcher
        restarted.serverID = nil
        restarted.fragments = []
        restarted.fragmentBytes = 0
        restarted.floor = nil
        restarted.nextRevision = response.compactRevision
        watchers[id] = restarted
        pending.append(id)
        if creating == id { creating = nil }
        return sendNextCreate()
    }

    /// What a cancel from the server means for a watcher that did not ask for it (and that was
    /// just removed): the end of the watcher, or a new stream that it resumes on. Leader loss and
    /// a rejected token are the stream's, not the watcher's: it is kept for the next stream.
    private mutating func cancellation(
        of id: Int, _ watcher: inout Watcher, _ response: Etcdserverpb.WatchResponse
    ) -> [Action] {
        let reason = response.cancelReason
        if response.compactRevision > 0 {
            return [
                .finish(
                    id,
                    EtcdError(
                        .compacted, "etcdserver: mvcc: required revision has been compacted",
                        grpcStatusCode: 11, compactRevision: response.compactRevision))
            ]
        }
        let restart: Action
        if reason.contains("no leader") {
            restart = .restartStream(reauthenticate: false)
        } else if reason.contains("invalid auth token") {
            restart = .restartStream(reauthenticate: true)
        } else if reason.contains("revision of auth store is old") {
            // The users or roles changed after the stream's token was issued (etcd 3.5.5 and
            // later say so; older servers answer `permission denied`): a new stream with a
            // fresh token, where every watcher resumes from where it was (`Docs/Auth.md`).
            guard watcher.oldAuthRevisionRetries < Self.maxOldAuthRevisionRetries else {
                return [.finish(id, EtcdError(.auth, reason, grpcStatusCode: 3))]
            }
            watcher.oldAuthRevisionRetries += 1
            restart = .restartStream(reauthenticate: true)
        } else if reason.contains("permission denied"), !watcher.retriedPermission {
            // A permission check right after the token expired or the auth store changed: once,
            // with a fresh token on a new stream, before it counts.
            watcher.retriedPermission = true
            restart = .restartStream(reauthenticate: true)
        } else if reason.contains("permission denied") {
            return [.finish(id, EtcdError(.permissionDenied, reason, grpcStatusCode: 7))]
        } else {
            return [.finish(id, EtcdError(.unknown, reason.isEmpty ? "the server cancelled the watch" : reason))]
        }
        watcher.serverID = nil
        watchers[id] = watcher
        return [restart]
    }

    private func progress(for id: Int, revision: Int64) -> Action? {
        guard let watcher = watchers[id], watcher.serverID != nil, !watcher.cancelRequested,
            let next = watcher.nextRevision, revision >= next - 1
        else { return nil }
        return .deliver(id, .progress(revision: revision))
    }

    private mutating func sendNextCreate() -> [Action] {
        guard isStreamOpen, creating == nil else { return [] }
        while !pending.isEmpty {
            let id = pending.removeFirst()
            guard let watcher = watchers[id] else { continue }
            creating = id
            return [.send(Self.createRequest(watcher))]
        }
        return []
    }

    static func createRequest(_ watcher: Watcher) -> Etcdserverpb.WatchRequest {
        var create = Etcdserverpb.WatchCreateRequest()
        create.key = watcher.spec.key.bytes
        create.rangeEnd = watcher.spec.end?.bytes ?? []
        create.startRevision = watcher.nextRevision ?? watcher.spec.options.startRevision ?? 0
        create.prevKv = watcher.spec.options.prevKV
        create.progressNotify = watcher.spec.options.progressNotify
        create.fragment = true
        if watcher.spec.options.filterPuts { create.filters.append(.noput) }
        if watcher.spec.options.filterDeletes { create.filters.append(.nodelete) }
        var request = Etcdserverpb.WatchRequest()
        request.requestUnion = .createRequest(create)
        return request
    }

    static func cancelRequest(_ serverID: Int64) -> Etcdserverpb.WatchRequest {
        var cancel = Etcdserverpb.WatchCancelRequest()
        cancel.watchId = serverID
        var request = Etcdserverpb.WatchRequest()
        request.requestUnion = .cancelRequest(cancel)
        return request
    }
}

extension EtcdWatchEvent {
    init(_ event: Mvccpb.Event) {
        let kind: Kind = event.type == .delete ? .delete : .put
        self.init(
            kind: kind, kv: EtcdKeyValue(event.kv ?? Mvccpb.KeyValue()), prevKV: event.prevKv.map(EtcdKeyValue.init))
    }
}
