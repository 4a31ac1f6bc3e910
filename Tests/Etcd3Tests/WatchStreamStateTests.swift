import Etcd3Messages
import Testing

@testable import Etcd3

/// The watch multiplexing rules, without a server.
@Suite("Watch stream state machine", .timeLimit(.minutes(3)))
struct WatchStreamStateTests {
    func spec(_ key: String, start: Int64? = nil) -> WatchSpec {
        WatchSpec(key: EtcdBytes(key), end: nil, options: EtcdWatchOptions(startRevision: start))
    }

    func response(
        id: Int64, revision: Int64, created: Bool = false, canceled: Bool = false, compact: Int64 = 0,
        fragment: Bool = false, events: [Int64] = []
    ) -> Etcdserverpb.WatchResponse {
        var response = Etcdserverpb.WatchResponse()
        var header = Etcdserverpb.ResponseHeader()
        header.revision = revision
        response.header = header
        response.watchId = id
        response.created = created
        response.canceled = canceled
        response.compactRevision = compact
        response.fragment = fragment
        response.events = events.map { revision in
            var kv = Mvccpb.KeyValue()
            kv.key = Array("k".utf8)
            kv.modRevision = revision
            var event = Mvccpb.Event()
            event.kv = kv
            return event
        }
        return response
    }

    func creates(_ actions: [WatchStreamState.Action]) -> [Int64] {
        actions.compactMap {
            if case .send(let request) = $0, case .createRequest(let create)? = request.requestUnion {
                return create.startRevision
            }
            return nil
        }
    }

    func delivered(_ actions: [WatchStreamState.Action]) -> [Int64] {
        actions.flatMap { action -> [Int64] in
            if case .deliver(_, .events(let events)) = action { return events.map(\.revision) }
            return []
        }
    }

    func failedCreate(reason: String, revision: Int64) -> Etcdserverpb.WatchResponse {
        var failed = response(id: -1, revision: revision, created: true, canceled: true)
        failed.cancelReason = reason
        return failed
    }

    /// A create refused for the stream's token (etcd 3.4: `invalid auth token`) reopens the
    /// stream with a fresh token; the watcher is kept and created again there, from where it was.
    @Test func createRefusedForItsTokenKeepsTheWatcher() {
        var state = WatchStreamState()
        let (id, _) = state.add(spec("a", start: 7))
        _ = state.streamOpened()
        let actions = state.receive(
            failedCreate(reason: "rpc error: code = Unauthenticated desc = etcdserver: invalid auth token", revision: 9))
        #expect(actions == [.restartStream(reauthenticate: true)])
        #expect(state.watchers[id] != nil)
        state.streamFailed()
        #expect(creates(state.streamOpened()) == [7])
    }

    /// etcd 3.5 answers a create with an expired token `permission denied`: one new stream with a
    /// fresh token, and a second refusal is final.
    @Test func permissionDeniedOnCreateIsRetriedOnceWithAFreshToken() {
        var state = WatchStreamState()
        let (id, _) = state.add(spec("a", start: 7))
        _ = state.streamOpened()
        let denied = "rpc error: code = PermissionDenied desc = etcdserver: permission denied"
        #expect(state.receive(failedCreate(reason: denied, revision: 9)) == [.restartStream(reauthenticate: true)])
        state.streamFailed()
        #expect(creates(state.streamOpened()) == [7])
        let final = state.receive(failedCreate(reason: denied, revision: 9))
        guard case .finish(id, let error?)? = final.first else {
            Issue.record("expected the watcher to end: \(final)")
            return
        }
        #expect(error.code == .permissionDenied)
        #expect(state.watchers[id] == nil)
    }

    /// etcd 3.5.5 and later refuse a create whose stream's token predates a change of users or
    /// roles with `revision of auth store is old`: the stream reopens with a fresh token, the
    /// refused watcher and the open one resume there from where they were, and under endless
    /// churn the refused watcher ends with `.auth` instead of reopening forever.
    @Test func oldAuthRevisionOnCreateReopensWithAFreshToken() {
        var state = WatchStreamState()
        let (open, _) = state.add(spec("open"))
        _ = state.streamOpened()
        _ = state.receive(response(id: 0, revision: 4, created: true))
        #expect(delivered(state.receive(response(id: 0, revision: 5, events: [5]))) == [5])
        let (later, _) = state.add(spec("later", start: 6))
        let old = "etcdserver: revision of auth store is old"
        #expect(state.receive(failedCreate(reason: old, revision: 6)) == [.restartStream(reauthenticate: true)])
        #expect(state.watchers[later] != nil)
        state.streamFailed()
        // Both are created again, the open one after its last event, one at a time.
        #expect(creates(state.streamOpened()) == [6])
        _ = state.receive(response(id: 7, revision: 6, created: true))
        #expect(creates(state.receive(failedCreate(reason: old, revision: 6))) == [])
        for _ in 2..<WatchStreamState.maxOldAuthRevisionRetries {
            state.streamFailed()
            _ = state.streamOpened()
            _ = state.receive(response(id: 8, revision: 6, created: true))
            #expect(state.receive(failedCreate(reason: old, revision: 6)) == [.restartStream(reauthenticate: true)])
        }
        state.streamFailed()
        _ = state.streamOpened()
        _ = state.receive(response(id: 9, revision: 6, created: true))
        let final = state.receive(failedCreate(reason: old, revision: 6))
        guard case .finish(later, let error?)? = final.first else {
            Issue.record("expected the refused watcher to end: \(final)")
            return
        }
        #expect(error.code == .auth)
        #expect(state.watchers[open] != nil)
    }

    /// Found by WatchStreamState: events that go back within one response are dropped, not delivered out of
    /// order.
    @Test func eventsGoingBackWithinAResponseAreDropped() {
        var state = WatchStreamState()
        _ = state.add(spec("a"))
        _ = state.streamOpened()
        _ = state.receive(response(id: 0, revision: 1, created: true))
        #expect(delivered(state.receive(response(id: 0, revision: 5, events: [4, 2, 4, 5]))) == [4, 4, 5])
        #expect(delivered(state.receive(response(id: 0, revision: 6, events: [5, 6]))) == [6])
    }

    @Test func oneCreateInFlightAndWatchIDZeroIsValid() {
        var state = WatchStreamState()
        _ = state.add(spec("a"))
        _ = state.add(spec("b"))
        #expect(creates(state.streamOpened()).count == 1)
        let next = state.receive(response(id: 0, revision: 10, created: true))
        #expect(creates(next).count == 1)
        #expect(delivered(state.receive(response(id: 0, revision: 11, events: [11]))) == [11])
    }

    @Test func resumesFromLastDeliveredPlusOneAndDropsRepeats() {
        var state = WatchStreamState()
        _ = state.add(spec("a"))
        _ = state.streamOpened()
        _ = state.receive(response(id: 0, revision: 10, created: true))
        #expect(delivered(state.receive(response(id: 0, revision: 12, events: [11, 12]))) == [11, 12])
        state.streamFailed()
        #expect(creates(state.streamOpened()) == [13])
        _ = state.receive(response(id: 5, revision: 14, created: true))
        // A lagging member may repeat old events: they are not delivered twice.
        #expect(delivered(state.receive(response(id: 5, revision: 14, events: [12, 13, 14]))) == [13, 14])
    }

    @Test func createdWithoutStartResumesAfterTheHeaderRevision() {
        var state = WatchStreamState()
        _ = state.add(spec("a"))
        _ = state.streamOpened()
        _ = state.receive(response(id: 0, revision: 41, created: true))
        state.streamFailed()
        #expect(creates(state.streamOpened()) == [42])
    }

    @Test func progressNeverMovesTheResumePointAndNeverGoesBack() {
        var state = WatchStreamState()
        _ = state.add(spec("a", start: 5))
        _ = state.streamOpened()
        _ = state.receive(response(id: 0, revision: 9, created: true))
        _ = state.receive(response(id: 0, revision: 9, events: [5, 6]))
        let progress = state.receive(response(id: -1, revision: 9))
        #expect(progress == [.deliver(0, .progress(revision: 9))])
        // Progress behind the last delivered event is not surfaced.
        #expect(state.receive(response(id: 0, revision: 5)).isEmpty)
        state.streamFailed()
        #expect(creates(state.streamOpened()) == [7])
    }

    @Test func fragmentsAreJoined() {
        var state = WatchStreamState()
        _ = state.add(spec("a"))
        _ = state.streamOpened()
        _ = state.receive(response(id: 0, revision: 1, created: true))
        #expect(state.receive(response(id: 0, revision: 3, fragment: true, events: [3, 3])).isEmpty)
        #expect(delivered(state.receive(response(id: 0, revision: 3, events: [3]))) == [3, 3, 3])
    }

    @Test func fragmentsOverTheReceiveLimitEndOnlyTheirWatcher() {
        var state = WatchStreamState(fragmentLimit: 1000)
        let (big, _) = state.add(spec("a"))
        _ = state.streamOpened()
        let (small, _) = state.add(spec("b"))
        _ = state.receive(response(id: 0, revision: 1, created: true))
        _ = state.receive(response(id: 1, revision: 1, created: true))
        /// A fragment of `count` events at `revision`, each with a 300-byte value.
        func largeFragment(id: Int64, revision: Int64, count: Int, last: Bool = false) -> Etcdserverpb.WatchResponse {
            var fragment = response(
                id: id, revision: revision, fragment: !last, events: Array(repeating: revision, count: count))
            for index in fragment.events.indices { fragment.events[index].kv!.value = Array(repeating: 0x61, count: 300) }
            return fragment
        }
        // 600 bytes held: under the limit.
        #expect(state.receive(largeFragment(id: 0, revision: 2, count: 2)).isEmpty)
        // 1,200 bytes: the watcher ends with a typed error and is cancelled on the server.
        let actions = state.receive(largeFragment(id: 0, revision: 2, count: 2))
        guard case .finish(big, let error?) = actions.first else {
            Issue.record("expected the watcher to finish, got \(actions)")
            return
        }
        #expect(error.code == .responseTooLarge)
        #expect(error.limit == 1000)
        #expect(
            actions.dropFirst().contains { action in
                if case .send(let request) = action, case .cancelRequest(let cancel)? = request.requestUnion {
                    return cancel.watchId == 0
                }
                return false
            })
        // Its later fragments and its last part are dropped; the other watcher goes on.
        #expect(state.receive(largeFragment(id: 0, revision: 2, count: 1, last: true)).isEmpty)
        #expect(delivered(state.receive(response(id: 1, revision: 3, events: [3]))) == [3])
        // A joined response within the limit still arrives whole.
        #expect(state.receive(largeFragment(id: 1, revision: 4, count: 1)).isEmpty)
        #expect(delivered(state.receive(largeFragment(id: 1, revision: 4, count: 1, last: true))) == [4, 4])
        #expect(state.watchers[small] != nil)
    }

    @Test func compactionEndsTheWatcherWithItsRevision() {
        var state = WatchStreamState()
        let (id, _) = state.add(spec("a", start: 2))
        _ = state.streamOpened()
        _ = state.receive(response(id: 0, revision: 20, created: true))
        let actions = state.receive(response(id: 0, revision: 20, canceled: true, compact: 11))
        guard case .finish(id, let error?) = actions.first else {
            Issue.record("expected a finish, got \(actions)")
            return
        }
        #expect(error.code == .compacted)
        #expect(error.compactRevision == 11)
        #expect(state.isEmpty)
    }

    @Test func removedWatchersAreCancelledOnTheServer() {
        var state = WatchStreamState()
        let (id, _) = state.add(spec("a"))
        _ = state.streamOpened()
        _ = state.receive(response(id: 7, revision: 1, created: true))
        let actions = state.remove(id)
        guard case .send(let request)? = actions.first, case .cancelRequest(let cancel)? = request.requestUnion else {
            Issue.record("expected a cancel, got \(actions)")
            return
        }
        #expect(cancel.watchId == 7)
        #expect(state.receive(response(id: 7, revision: 2, events: [2])).isEmpty)
        #expect(state.receive(response(id: 7, revision: 2, canceled: true)) == [.finish(id, nil)])
        #expect(state.isEmpty)
    }

    @Test func unknownWatchIDsAreCancelled() {
        var state = WatchStreamState()
        _ = state.add(spec("a"))
        _ = state.streamOpened()
        let actions = state.receive(response(id: 99, revision: 3, events: [3]))
        guard case .send(let request)? = actions.first, case .cancelRequest(let cancel)? = request.requestUnion else {
            Issue.record("expected a cancel, got \(actions)")
            return
        }
        #expect(cancel.watchId == 99)
    }

    @Test func failedCreateEndsOnlyThatWatcher() {
        var state = WatchStreamState()
        let (first, _) = state.add(spec("a", start: 1))
        _ = state.add(spec("b"))
        _ = state.streamOpened()
        let actions = state.receive(response(id: -1, revision: 30, created: true, canceled: true, compact: 11))
        #expect(actions.contains { if case .finish(first, _) = $0 { true } else { false } })
        #expect(creates(actions).count == 1)
        #expect(state.watchers.count == 1)
    }

    @Test func aResumedWatcherIsToldWhereItContinues() {
        var state = WatchStreamState()
        let (id, _) = state.add(spec("a"))
        _ = state.streamOpened()
        // The first created is not a resume.
        #expect(state.receive(response(id: 0, revision: 10, created: true)).isEmpty)
        _ = state.receive(response(id: 0, revision: 12, events: [12]))
        state.streamFailed()
        #expect(creates(state.streamOpened()) == [13])
        #expect(state.receive(response(id: 3, revision: 15, created: true)) == [.deliver(id, .resumed(revision: 13))])
    }

    @Test func anUnacknowledgedWatcherWithoutStartResumesFromTheStreamsLastRevision() {
        var state = WatchStreamState()
        _ = state.add(spec("a"))
        _ = state.streamOpened()
        _ = state.receive(response(id: 0, revision: 20, created: true))
        _ = state.receive(response(id: 0, revision: 25, events: [25]))
        // Added after the stream reported revision 25; the stream fails before its created.
        let (late, _) = state.add(spec("b"))
        #expect(creates(state.receive(response(id: -1, revision: 26))) == [])
        state.streamFailed()
        let opened = state.streamOpened()
        #expect(creates(opened) == [26])
        _ = state.receive(response(id: 0, revision: 30, created: true))
        #expect(creates(state.receive(response(id: 1, revision: 30, created: true))).isEmpty)
        // Nothing after revision 26 is skipped, and no resume notice: it never was established.
        #expect(delivered(state.receive(response(id: 1, revision: 30, events: [26, 30]))) == [26, 30])
        #expect(state.watchers[late]?.nextRevision == 31)
    }

    @Test func aWatcherAddedBeforeAnyResponseStillStartsFromNow() {
        var state = WatchStreamState()
        _ = state.add(spec("a"))
        _ = state.streamOpened()
        state.streamFailed()
        #expect(creates(state.streamOpened()) == [0])
    }

    @Test func aCompactedFloorRestartsFromTheCompactionInsteadOfFailing() {
        var state = WatchStreamState()
        _ = state.add(spec("a"))
        _ = state.streamOpened()
        _ = state.receive(response(id: 0, revision: 20, created: true))
        let (late, _) = state.add(spec("b"))
        state.streamFailed()
        _ = state.streamOpened()
        _ = state.receive(response(id: 0, revision: 40, created: true))
        _ = state.receive(response(id: 1, revision: 40, created: true))
        let actions = state.receive(response(id: 1, revision: 40, canceled: true, compact: 35))
        #expect(creates(actions) == [35])
        #expect(state.watchers[late] != nil)
        // A watcher that asked for history still fails on compaction.
        let (explicit, _) = state.add(spec("c", start: 2))
        #expect(creates(state.receive(response(id: 2, revision: 40, created: true))) == [2])
        _ = state.receive(response(id: 3, revision: 40, created: true))
        let failed = state.receive(response(id: 3, revision: 40, canceled: true, compact: 35))
        #expect(
            failed.contains { action in
                if case .finish(explicit, let error?) = action { error.code == .compacted } else { false }
            })
    }
}

/// The bounded hand-over between the stream's reader and one consumer.
@Suite("Watch buffer", .timeLimit(.minutes(3)))
struct WatchBufferTests {
    func events(_ revisions: ClosedRange<Int64>) -> EtcdWatchUpdate {
        .events(
            revisions.map { revision in
                var kv = EtcdKeyValue(key: "k", value: "v")
                kv.modRevision = revision
                return EtcdWatchEvent(kind: .put, kv: kv)
            })
    }

    @Test func boundedInEventsButAWholeRevisionAlwaysFitsAlone() async throws {
        let buffer = WatchBuffer(capacity: 4)
        #expect(buffer.offer(events(1...3)) == .accepted)
        #expect(buffer.offer(events(4...5)) == .full)
        #expect(buffer.offer(events(4...4)) == .accepted)
        #expect(buffer.bufferedEvents == 4)
        _ = try await buffer.next()
        _ = try await buffer.next()
        #expect(buffer.bufferedEvents == 0)
        #expect(buffer.offer(events(10...20)) == .accepted)
        #expect(buffer.highWater == 11)
    }

    @Test func largeBatchesAreSplitAtRevisionBoundaries() {
        var revisions: [Int64] = [1, 2, 2, 2, 3, 4, 4, 4, 4, 4, 4, 5]
        let update = EtcdWatchUpdate.events(
            revisions.map { revision in
                var kv = EtcdKeyValue(key: "k", value: "v")
                kv.modRevision = revision
                return EtcdWatchEvent(kind: .put, kv: kv)
            })
        let chunks = update.chunked(limit: 4).map { chunk -> [Int64] in
            guard case .events(let events) = chunk else { return [] }
            return events.map(\.revision)
        }
        #expect(chunks == [[1, 2, 2, 2], [3], [4, 4, 4, 4, 4, 4], [5]])
        revisions = chunks.flatMap { $0 }
        #expect(revisions.count == 12)
        #expect(EtcdWatchUpdate.progress(revision: 3).chunked(limit: 1) == [.progress(revision: 3)])
    }

    @Test func noticesAreKeptOncePerKindAfterTheLastBatch() async throws {
        let buffer = WatchBuffer(capacity: 2)
        #expect(buffer.offer(events(1...2)) == .accepted)
        for revision in 3...100 {
            #expect(buffer.offer(.progress(revision: Int64(revision))) == .accepted)
            #expect(buffer.offer(.resumed(revision: Int64(revision))) == .accepted)
        }
        var drained: [EtcdWatchUpdate] = []
        buffer.finish(throwing: nil)
        while let update = try await buffer.next() { drained.append(update) }
        #expect(drained == [events(1...2), .progress(revision: 100), .resumed(revision: 100)])
    }

    @Test func aWaitingSenderResumesWhenTheConsumerMakesRoom() async throws {
        let buffer = WatchBuffer(capacity: 1)
        #expect(buffer.offer(events(1...1)) == .accepted)
        let sender = Task { await buffer.send(events(2...2)) }
        try await Task.sleep(for: .milliseconds(50))
        #expect(buffer.bufferedEvents == 1)
        #expect(try await buffer.next() == events(1...1))
        #expect(await sender.value)
        #expect(try await buffer.next() == events(2...2))
    }

    @Test func theEndComesAfterTheBufferedUpdatesAndWakesTheSender() async throws {
        let buffer = WatchBuffer(capacity: 1)
        _ = buffer.offer(events(1...1))
        let sender = Task { await buffer.send(events(2...2)) }
        try await Task.sleep(for: .milliseconds(50))
        buffer.finish(throwing: EtcdError(.slowConsumer, "behind"))
        #expect(await sender.value == false)
        #expect(try await buffer.next() == events(1...1))
        await #expect(throws: EtcdError.self) { try await buffer.next() }
        #expect(try await buffer.next() == nil)
    }

    @Test func aConsumerThatLeavesEndsTheWatchOnce() async throws {
        let buffer = WatchBuffer(capacity: 1)
        let ended = Locked(0)
        buffer.setOnTermination { ended.withLock { $0 += 1 } }
        let consumer = Task { try await buffer.next() }
        try await Task.sleep(for: .milliseconds(50))
        consumer.cancel()
        #expect(try await consumer.value == nil)
        buffer.consumerLeft()
        #expect(ended.withLock { $0 } == 1)
        #expect(buffer.offer(events(1...1)) == .closed)
        // Dropping the handle of a sequence ends the watch too.
        let other = WatchBuffer(capacity: 1)
        let otherEnded = Locked(false)
        other.setOnTermination { otherEnded.withLock { $0 = true } }
        do { _ = WatchConsumerHandle(buffer: other) }
        #expect(otherEnded.withLock { $0 })
    }
}
