import Etcd3
import Etcd3Messages

/// WatchStreamState: the watch stream state machine (``WatchStreamState``) under arbitrary server responses
/// and stream failures.
///
/// Input: a sequence of operations, one byte each (low 4 bits: the kind) plus operands: add a
/// watcher (from a start revision or "now"), remove one, open or fail the stream, answer the
/// create in flight (created, or failed with a reason), events for a watcher (any revisions,
/// fragments, unknown IDs), a cancel from the server (compaction, leader loss, permission), a
/// progress notification (for one watcher or broadcast with ID −1).
///
/// Invariants, per watcher: delivered events never go backwards or repeat a revision already
/// delivered in an earlier batch; none is below the requested start; no progress is below the
/// last delivered event; after a stream failure the watcher is created again from its last
/// delivered revision + 1; at most one create is in flight on a stream.
enum WatchStateFuzz {
    struct Model {
        var start: Int64?
        var lastDelivered: Int64?
        var ended = false
    }

    static func run(_ input: UnsafeRawBufferPointer) {
        var reader = InputReader(input)
        var state = WatchStreamState()
        var models: [Int: Model] = [:]
        var keys: [String: Int] = [:]
        var ids: [Int] = []
        var inFlight = 0
        var serverIDs: [Int64] = []
        var revision: Int64 = 1

        func apply(_ actions: [WatchStreamState.Action]) {
            for action in actions {
                switch action {
                case .send(let request):
                    switch request.requestUnion {
                    case .createRequest(let create)?:
                        inFlight += 1
                        require(inFlight <= 1, "two creates in flight on one stream")
                        let key = String(decoding: create.key, as: UTF8.self)
                        guard let id = keys[key], let model = models[id] else { break }
                        if let last = model.lastDelivered {
                            require(
                                create.startRevision == last + 1, "resume of \(key) from \(create.startRevision), last delivered \(last)")
                        } else if let start = model.start {
                            require(create.startRevision >= start, "create of \(key) from \(create.startRevision) below its start \(start)")
                        }
                    default:
                        break
                    }
                case .deliver(let id, let update):
                    guard var model = models[id] else {
                        require(false, "delivery to unknown watcher \(id)")
                        return
                    }
                    require(!model.ended, "delivery to watcher \(id) after it ended")
                    switch update {
                    case .events(let events):
                        require(!events.isEmpty, "an empty batch")
                        var previous = model.lastDelivered
                        for event in events {
                            if let start = model.start { require(event.revision >= start, "event \(event.revision) below start \(start)") }
                            if let previous {
                                require(event.revision >= previous, "event \(event.revision) after \(previous)")
                            }
                            if let last = model.lastDelivered {
                                require(event.revision > last, "revision \(event.revision) delivered again (last batch ended at \(last))")
                            }
                            previous = event.revision
                        }
                        model.lastDelivered = events.last!.revision
                    case .progress(let revision):
                        if let last = model.lastDelivered { require(revision >= last, "progress \(revision) below event \(last)") }
                    case .resumed:
                        break
                    }
                    models[id] = model
                case .finish(let id, _):
                    models[id]?.ended = true
                case .restartStream(_):
                    state.streamFailed()
                    inFlight = 0
                }
            }
        }

        func header(_ revision: Int64) -> Etcdserverpb.ResponseHeader {
            var header = Etcdserverpb.ResponseHeader()
            header.revision = revision
            return header
        }

        var steps = 0
        while !reader.isAtEnd, steps < 512 {
            steps += 1
            let op = reader.byte()
            revision += Int64(op >> 6)
            switch op & 0x0f {
            case 0, 1:
                let key = "k\(ids.count)"
                let startByte = reader.byte()
                let start: Int64? = startByte == 0 ? nil : Int64(startByte)
                let (id, actions) = state.add(
                    WatchSpec(key: EtcdBytes(key), end: nil, options: EtcdWatchOptions(startRevision: start)))
                models[id] = Model(start: start)
                keys[key] = id
                ids.append(id)
                apply(actions)
            case 2:
                guard !ids.isEmpty else { continue }
                let id = ids[Int(reader.byte()) % ids.count]
                apply(state.remove(id))
                models[id]?.ended = true
            case 3:
                inFlight = 0
                apply(state.streamOpened())
            case 4:
                state.streamFailed()
                inFlight = 0
            case 5:
                var response = Etcdserverpb.WatchResponse()
                response.header = header(revision)
                response.created = true
                let serverID = Int64(reader.byte() % 8)
                response.watchId = serverID
                if reader.byte() & 1 == 1 {
                    response.canceled = true
                    response.watchId = -1
                    response.cancelReason =
                        ["etcdserver: no leader", "etcdserver: permission denied", "invalid auth token", ""][
                            Int(reader.byte() % 4)]
                } else {
                    serverIDs.append(serverID)
                }
                inFlight = max(0, inFlight - 1)
                apply(state.receive(response))
            case 6, 7:
                var response = Etcdserverpb.WatchResponse()
                response.header = header(revision)
                response.watchId = Int64(reader.byte() % 9) - 1
                response.fragment = reader.byte() & 1 == 1
                let count = Int(reader.byte() % 6)
                for _ in 0..<count {
                    var kv = Mvccpb.KeyValue()
                    kv.key = Array("k".utf8)
                    // Mostly increasing, sometimes repeated or older (a lagging member, #20221).
                    let step = reader.byte()
                    revision += step < 200 ? Int64(step % 3) : -Int64(step % 5)
                    revision = max(1, revision)
                    kv.modRevision = revision
                    var event = Mvccpb.Event()
                    event.kv = kv
                    response.events.append(event)
                }
                apply(state.receive(response))
            case 8:
                var response = Etcdserverpb.WatchResponse()
                response.header = header(revision)
                response.watchId = Int64(reader.byte() % 8)
                response.canceled = true
                let kind = reader.byte() % 4
                if kind == 0 { response.compactRevision = max(1, revision - Int64(reader.byte())) }
                response.cancelReason = ["", "etcdserver: no leader", "etcdserver: permission denied", "x"][Int(kind)]
                apply(state.receive(response))
            case 9:
                var response = Etcdserverpb.WatchResponse()
                let back = Int64(reader.byte() % 4)
                response.header = header(max(1, revision - back))
                response.watchId = reader.byte() & 1 == 0 ? -1 : Int64(reader.byte() % 8)
                apply(state.receive(response))
            default:
                revision += Int64(reader.byte())
            }
        }
    }
}
