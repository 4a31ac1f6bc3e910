@testable import Etcd3
import Etcd3Messages
import Testing

/// The watch multiplexing rules, without a server.
@Suite("Watch stream state machine")
struct WatchStreamStateTests {
    func spec(_ key: String, start: Int64? = nil) -> WatchSpec {
        WatchSpec(key: EtcdBytes(key), end: nil, options: WatchOptions(startRevision: start))
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
}
