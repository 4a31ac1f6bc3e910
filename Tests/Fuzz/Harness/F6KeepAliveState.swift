import Etcd3
import Etcd3Messages

/// F6: the lease keep-alive machine (``LeaseKeepAliveState``) on a virtual clock, under
/// arbitrary acks (any TTL, 0, negative, huge, wrong IDs, late) and stream failures.
///
/// Input: a sequence of operations, one byte each (low 3 bits: the kind) plus operands: add a
/// lease, remove one, open or fail the stream, answer a lease (TTL from a table), let time
/// pass (to the machine's next wake-up or by an amount).
///
/// Invariants: a lease the machine still keeps is never past *last ack + its TTL* (for a lease
/// never acked: *grant + TTL*) when time was handed to it, so `.lost` comes no later than that;
/// a lease answered with TTL 0 is gone at once; two keep-alives of one lease on one stream are
/// at least min(resend interval, TTL/3) apart.
enum KeepAliveStateFuzz {
    typealias Instant = ContinuousClock.Instant

    struct Model {
        /// Bound for `.lost`: last ack (or grant) + the TTL it gave.
        var bound: Instant
        var lastSend: Instant?
    }

    static let ttls: [Int64] = [0, 1, 2, 3, 5, 10, 60, -1, Int64(Int32.max), 1 << 40, 7, 0]

    static func run(_ input: UnsafeRawBufferPointer) {
        var reader = InputReader(input)
        let origin = ContinuousClock.now
        var now = origin
        var state = LeaseKeepAliveState(resendInterval: .seconds(1), stallTimeout: .seconds(2))
        var models: [EtcdLeaseID: Model] = [:]
        var nextID: Int64 = 1
        var streamSends = 0

        func apply(_ actions: [LeaseKeepAliveState.Action], streamOpen: Bool = false) {
            for action in actions {
                switch action {
                case .send(let id):
                    guard var model = models[id], let lease = state.leases[id] else {
                        require(false, "send for lease \(id) the machine does not keep")
                        return
                    }
                    if !streamOpen, let last = model.lastSend {
                        let least = min(state.resendInterval, lease.ttl / 3)
                        require(now - last >= least, "lease \(id) sent again after \(now - last), least \(least)")
                    }
                    model.lastSend = now
                    models[id] = model
                    streamSends += 1
                case .acknowledged(let id, let ttl):
                    require(ttl > .zero, "an ack with TTL \(ttl) for \(id) kept it alive")
                case .lost(let id, _):
                    require(state.leases[id] == nil, "lost lease \(id) is still kept")
                    models[id] = nil
                case .restartStream:
                    for id in models.keys { models[id]!.lastSend = nil }
                }
            }
        }

        func checkBounds() {
            for (id, model) in models where state.leases[id] != nil {
                require(now < model.bound, "lease \(id) still alive at +\(now - origin), bound +\(model.bound - origin)")
            }
        }

        var steps = 0
        while !reader.isAtEnd, steps < 512 {
            steps += 1
            let op = reader.byte()
            switch op & 0x07 {
            case 0:
                let id = EtcdLeaseID(nextID)
                nextID += 1
                let ttl = Duration.seconds(Int64(reader.byte() % 12) + 1)
                models[id] = Model(bound: now + ttl)
                apply(state.add(id, ttl: ttl, since: now, now: now))
            case 1:
                let index = Int(reader.byte())
                let kept = models.keys.sorted { $0.rawValue < $1.rawValue }
                guard !kept.isEmpty else { continue }
                let id = kept[index % kept.count]
                state.remove(id)
                models[id] = nil
            case 2:
                for id in models.keys { models[id]!.lastSend = nil }
                apply(state.streamOpened(now: now), streamOpen: true)
            case 3:
                state.streamFailed()
                for id in models.keys { models[id]!.lastSend = nil }
            case 4:
                // An ack: for a kept lease or an unknown ID, with a TTL from the table.
                var response = Etcdserverpb.LeaseKeepAliveResponse()
                let pick = Int(reader.byte())
                let kept = models.keys.sorted { $0.rawValue < $1.rawValue }
                let id = kept.isEmpty || pick >= 240 ? EtcdLeaseID(Int64(pick) + 1_000_000) : kept[pick % kept.count]
                response.id = id.rawValue
                response.ttl = ttls[Int(reader.byte()) % ttls.count]
                let actions = state.receive(response, now: now)
                if response.ttl <= 0, models[id] != nil {
                    require(state.leases[id] == nil, "lease \(id) kept after an ack with TTL \(response.ttl)")
                }
                if response.ttl > 0, let model = models[id], state.leases[id] != nil {
                    // A server never shrinks a lease's TTL: the latest ack's bound is the furthest.
                    models[id]!.bound = max(model.bound, now + .seconds(response.ttl))
                }
                apply(actions)
            case 5, 6:
                // Time passes: to the machine's next wake-up, or by up to 2.55 s.
                let step = reader.byte()
                if op & 0x07 == 5, let wakeup = state.nextWakeup, wakeup > now {
                    now = wakeup
                } else {
                    now = now + .milliseconds(Int(step) * 10)
                }
                apply(state.tick(now: now))
                checkBounds()
            default:
                apply(state.tick(now: now))
                checkBounds()
            }
        }
        // However long the silence, every lease ends by its bound.
        for _ in 0..<64 {
            guard let wakeup = state.nextWakeup else { break }
            now = max(now, wakeup)
            apply(state.tick(now: now))
            checkBounds()
        }
        require(state.isEmpty || state.nextWakeup != nil, "leases kept with no wake-up planned")
    }
}
