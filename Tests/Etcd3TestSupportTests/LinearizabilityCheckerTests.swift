import Etcd3
import Etcd3TestSupport
import Testing

/// The checker itself, on histories whose answer is known: it must accept every linearizable one
/// and refuse every one that is not, or the fault scenarios that rely on it prove nothing.
@Suite("Linearizability checker", .timeLimit(.minutes(1)))
struct LinearizabilityCheckerTests {
    let base = ContinuousClock.now

    func op(_ key: EtcdBytes, _ kind: EtcdKVOperation.Kind, _ call: Int, _ answer: Int?) -> EtcdKVOperation {
        EtcdKVOperation(key: key, kind: kind, call: base + .milliseconds(call), answer: answer.map { base + .milliseconds($0) })
    }

    func op(_ kind: EtcdKVOperation.Kind, _ call: Int, _ answer: Int?) -> EtcdKVOperation {
        op("k", kind, call, answer)
    }

    @Test("sequential and overlapping histories that have an order are accepted")
    func linearizable() {
        let histories: [[EtcdKVOperation]] = [
            [],
            [op(.put("a"), 0, 10), op(.get(observed: "a"), 20, 30)],
            [op(.get(observed: nil), 0, 10), op(.put("a"), 20, 30)],
            // A read overlapping a write may see either value.
            [op(.put("a"), 0, 50), op(.get(observed: nil), 10, 20), op(.get(observed: "a"), 30, 40)],
            [op(.put("a"), 0, 10), op(.put("b"), 20, 60), op(.get(observed: "a"), 30, 40), op(.get(observed: "b"), 70, 80)],
            // Concurrent writes: the reads fix their order.
            [op(.put("a"), 0, 50), op(.put("b"), 0, 50), op(.get(observed: "a"), 60, 70)],
            [
                op(.put("a"), 0, 10), op(.compareAndSwap(expected: "a", new: "b", succeeded: true), 20, 30),
                op(.compareAndSwap(expected: "a", new: "c", succeeded: false), 40, 50), op(.get(observed: "b"), 60, 70),
            ],
            [
                op(.compareAndSwap(expected: nil, new: "x", succeeded: true), 0, 10), op(.delete(deleted: 1), 20, 30),
                op(.delete(deleted: 0), 40, 50), op(.get(observed: nil), 60, 70),
            ],
            // An unknown outcome: seen later, or never.
            [op(.put("a"), 0, nil), op(.get(observed: "a"), 100, 110)],
            [op(.put("a"), 0, nil), op(.get(observed: nil), 100, 110)],
            [op(.put("a"), 0, nil), op(.get(observed: nil), 100, 110), op(.get(observed: "a"), 120, 130)],
            [op(.compareAndSwap(expected: nil, new: "a", succeeded: nil), 0, nil), op(.get(observed: "a"), 5, 8)],
            // Independent keys.
            [op("k1", .put("a"), 0, 10), op("k2", .get(observed: nil), 20, 30), op("k1", .get(observed: "a"), 20, 30)],
        ]
        for (index, history) in histories.enumerated() {
            let result = EtcdLinearizabilityChecker.check(history)
            #expect(result.isLinearizable, "history \(index): \(result)")
        }
    }

    @Test("histories with no order are refused")
    func notLinearizable() {
        let histories: [[EtcdKVOperation]] = [
            // A read after a completed write sees the old value.
            [op(.put("a"), 0, 10), op(.get(observed: nil), 20, 30)],
            // A stale read: b replaced a before the read began.
            [op(.put("a"), 0, 10), op(.put("b"), 20, 30), op(.get(observed: "a"), 40, 50)],
            // A value nobody wrote.
            [op(.put("a"), 0, 10), op(.get(observed: "z"), 20, 30)],
            // Two reads that disagree about the order of two writes.
            [
                op(.put("a"), 0, 100), op(.put("b"), 0, 100), op(.get(observed: "a"), 110, 120), op(.get(observed: "b"), 130, 140),
                op(.get(observed: "a"), 150, 160),
            ],
            // Two successful creations without a delete between them.
            [
                op(.compareAndSwap(expected: nil, new: "x", succeeded: true), 0, 50),
                op(.compareAndSwap(expected: nil, new: "y", succeeded: true), 0, 50),
            ],
            // A delete that found nothing right after a put.
            [op(.put("a"), 0, 10), op(.delete(deleted: 0), 20, 30)],
            // A write of unknown outcome, seen and then unseen with nothing in between.
            [op(.put("a"), 0, nil), op(.get(observed: "a"), 100, 110), op(.get(observed: nil), 120, 130)],
            // A failed compare-and-swap whose condition held.
            [op(.put("a"), 0, 10), op(.compareAndSwap(expected: "a", new: "b", succeeded: false), 20, 30)],
        ]
        for (index, history) in histories.enumerated() {
            let result = EtcdLinearizabilityChecker.check(history)
            #expect(!result.violations.isEmpty, "history \(index) was accepted")
        }
    }

    @Test("random concurrent histories from a real register are accepted; one read changed to a value never written is refused")
    func randomHistories() {
        var generator = SplitMix(seed: 7)
        for round in 0..<50 {
            var history = generateHistory(clients: 8, operationsPerClient: 40, keys: 3, round: round, using: &generator)
            let result = EtcdLinearizabilityChecker.check(history)
            #expect(result.isLinearizable, "round \(round): \(result)")
            guard let read = history.indices.first(where: { if case .get = history[$0].kind { true } else { false } }) else { continue }
            history[read].kind = .get(observed: "never written")
            #expect(
                !EtcdLinearizabilityChecker.check(history).violations.isEmpty,
                "round \(round): a read of a value never written was accepted")
        }
    }

    /// Clients take turns on a simulated register: each operation takes effect at one instant
    /// inside its interval, intervals of different clients overlap, some writes lose their
    /// answer (outcome unknown).
    func generateHistory(clients: Int, operationsPerClient: Int, keys: Int, round: Int, using generator: inout SplitMix)
        -> [EtcdKVOperation]
    {
        struct Pending {
            var client: Int
            var start: Int
        }
        var registers = [EtcdBytes?](repeating: nil, count: keys)
        var nextFree = [Int](repeating: 0, count: clients)
        var done = [Int](repeating: 0, count: clients)
        var history: [EtcdKVOperation] = []
        var now = 0
        var counter = 0
        while done.contains(where: { $0 < operationsPerClient }) {
            now += 1
            let client = Int(generator.next() % UInt64(clients))
            guard done[client] < operationsPerClient, nextFree[client] <= now else { continue }
            let key = Int(generator.next() % UInt64(keys))
            let call = now - Int(generator.next() % 5)  // the call was a little earlier
            let answer = now + Int(generator.next() % 5) + 1  // the answer a little later
            let state = registers[key]
            let kind: EtcdKVOperation.Kind
            var unknown = false
            switch generator.next() % 10 {
            case 0..<4:
                counter += 1
                let value = EtcdBytes("v\(round)-\(counter)")
                registers[key] = value
                kind = .put(value)
                unknown = generator.next() % 8 == 0
            case 4..<7:
                kind = .get(observed: state)
            case 7..<9:
                counter += 1
                let expected: EtcdBytes? = generator.next() % 2 == 0 ? state : "v-missing"
                let new = EtcdBytes("c\(round)-\(counter)")
                let holds = state == expected
                if holds { registers[key] = new }
                kind = .compareAndSwap(expected: expected, new: new, succeeded: holds)
            default:
                registers[key] = nil
                kind = .delete(deleted: state == nil ? 0 : 1)
            }
            history.append(
                EtcdKVOperation(
                    key: EtcdBytes("k\(key)"), kind: kind, call: base + .milliseconds(max(call, nextFree[client])),
                    answer: unknown ? nil : base + .milliseconds(answer)))
            nextFree[client] = unknown ? Int.max : answer + 1  // a client with an unknown answer stops
            if unknown { done[client] = operationsPerClient } else { done[client] += 1 }
        }
        return history
    }
}

/// A small deterministic generator (SplitMix64), so failures repeat.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
