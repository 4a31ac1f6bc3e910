import Etcd3

/// One operation on a key-value store as a client saw it: what it asked, what it was told, and
/// when it was called and answered, for ``EtcdLinearizabilityChecker``.
public struct EtcdKVOperation: Sendable, Hashable {
    /// What an operation did and what it returned.
    public enum Kind: Sendable, Hashable {
        /// A linearizable read that returned `observed` (`nil`: the key was absent).
        case get(observed: EtcdBytes?)
        /// A put of `value`.
        case put(EtcdBytes)
        /// A delete that reported `deleted` keys (`nil` when the answer is unknown).
        case delete(deleted: Int64?)
        /// Put `new` if the value is `expected` (`nil`: if the key is absent); `succeeded` is
        /// what the transaction reported, `nil` when the answer is unknown.
        case compareAndSwap(expected: EtcdBytes?, new: EtcdBytes, succeeded: Bool?)
    }

    /// The key.
    public var key: EtcdBytes
    /// The operation and its answer.
    public var kind: Kind
    /// When it was called.
    public var call: ContinuousClock.Instant
    /// When it was answered; `nil` for a write whose outcome is unknown (it may or may not have
    /// happened, at any time after its call).
    public var answer: ContinuousClock.Instant?

    /// Creates an operation.
    public init(key: EtcdBytes, kind: Kind, call: ContinuousClock.Instant, answer: ContinuousClock.Instant?) {
        self.key = key
        self.kind = kind
        self.call = call
        self.answer = answer
    }
}

/// A linearizability checker for a key-value store, one key at a time (keys are independent
/// registers, so a history is linearizable exactly when each key's is), by search with
/// memoization: the approach of Knossos and Porcupine (Wing & Gong's algorithm with Lowe's
/// cache of already explored states).
///
/// An operation whose answer is unknown has no answer time: it may be placed anywhere after its
/// call, including after everything else, which is the same as never having happened. Reads
/// whose call failed and writes known not to have been applied do not belong in the history.
public enum EtcdLinearizabilityChecker {
    /// The outcome for a whole history.
    public struct Result: Sendable, CustomStringConvertible {
        /// Operations checked.
        public var operations: Int
        /// Keys whose history has no linearization, with a description of the operations
        /// involved.
        public var violations: [(key: EtcdBytes, detail: String)]
        /// Keys whose search was abandoned past the step budget (neither proven nor refuted).
        public var undecided: [EtcdBytes]

        /// Whether every key's history was proven linearizable.
        public var isLinearizable: Bool { violations.isEmpty && undecided.isEmpty }

        public var description: String {
            "\(operations) operations on \(Set(violations.map(\.key)).count + undecided.count) problem keys: "
                + "violations \(violations.map { "\($0.key): \($0.detail)" }), undecided \(undecided)"
        }
    }

    /// Checks a history.
    ///
    /// - Parameters:
    ///   - history: every operation of every client, in any order.
    ///   - initial: the value of every key before the history (`nil`: absent).
    ///   - stepBudget: the most search steps spent on one key before it is reported undecided.
    public static func check(
        _ history: [EtcdKVOperation], initial: EtcdBytes? = nil, stepBudget: Int = 20_000_000
    ) -> Result {
        var byKey: [EtcdBytes: [EtcdKVOperation]] = [:]
        for operation in history { byKey[operation.key, default: []].append(operation) }
        var result = Result(operations: history.count, violations: [], undecided: [])
        for (key, operations) in byKey.sorted(by: { $0.key < $1.key }) {
            switch checkRegister(operations, initial: initial, stepBudget: stepBudget) {
            case .linearizable: break
            case .violation(let detail): result.violations.append((key, detail))
            case .undecided: result.undecided.append(key)
            }
        }
        return result
    }

    enum RegisterOutcome: Equatable {
        case linearizable
        case violation(String)
        case undecided
    }

    /// The value a register holds after `kind` is applied to `state`, or `nil` when `kind`
    /// cannot happen in `state` (its answer contradicts the state).
    static func apply(_ kind: EtcdKVOperation.Kind, to state: EtcdBytes?) -> EtcdBytes?? {
        switch kind {
        case .get(let observed):
            return observed == state ? .some(state) : nil
        case .put(let value):
            return .some(value)
        case .delete(let deleted):
            if let deleted, (deleted > 0) != (state != nil) { return nil }
            return .some(nil)
        case .compareAndSwap(let expected, let new, let succeeded):
            let holds = state == expected
            if let succeeded, succeeded != holds { return nil }
            return .some(holds ? new : state)
        }
    }

    /// One key's history (Wing & Gong with memoization, as Porcupine's `checkSingle`).
    static func checkRegister(_ operations: [EtcdKVOperation], initial: EtcdBytes?, stepBudget: Int) -> RegisterOutcome {
        // Events in time order; at equal times calls come first (the more permissive reading of
        // a tie). An unknown answer is an answer after everything else.
        struct Event {
            var operation: Int
            var isCall: Bool
            var time: ContinuousClock.Instant?
        }
        var events: [Event] = []
        events.reserveCapacity(operations.count * 2)
        for (index, operation) in operations.enumerated() {
            events.append(Event(operation: index, isCall: true, time: operation.call))
            events.append(Event(operation: index, isCall: false, time: operation.answer))
        }
        events.sort { a, b in
            switch (a.time, b.time) {
            case (let x?, let y?): return x != y ? x < y : (a.isCall && !b.isCall)
            case (_?, nil): return true
            case (nil, _?): return false
            case (nil, nil): return a.isCall && !b.isCall
            }
        }
        // A doubly linked list over the events, so that linearized operations can be lifted
        // out and put back in O(1).
        let count = events.count
        guard count > 0 else { return .linearizable }
        var next = Array(1...count)  // `count` is the end
        var previous = Array(-1..<(count - 1))
        var head = count > 0 ? 0 : count
        var returnOf = [Int](repeating: 0, count: operations.count)
        for (position, event) in events.enumerated() where !event.isCall { returnOf[event.operation] = position }

        func lift(_ call: Int) {
            let answer = returnOf[events[call].operation]
            for position in [call, answer] {
                if previous[position] >= 0 { next[previous[position]] = next[position] } else { head = next[position] }
                if next[position] < count { previous[next[position]] = previous[position] }
            }
        }
        func unlift(_ call: Int) {
            let answer = returnOf[events[call].operation]
            for position in [answer, call] {
                if previous[position] >= 0 { next[previous[position]] = position } else { head = position }
                if next[position] < count { previous[next[position]] = position }
            }
        }

        struct Visited: Hashable {
            var linearized: [UInt64]
            var state: EtcdBytes?
        }
        var linearized = [UInt64](repeating: 0, count: (operations.count + 63) / 64)
        var visited = Set<Visited>()
        var stack: [(call: Int, state: EtcdBytes?)] = []
        var state = initial
        var position = head
        var steps = 0
        var deepest = 0
        while head < count {
            steps += 1
            if steps > stepBudget { return .undecided }
            if position >= count {
                // Cannot happen: the last event is an answer, which ends the walk below.
                return .undecided
            }
            let event = events[position]
            if event.isCall {
                let operation = event.operation
                if let after = apply(operations[operation].kind, to: state) {
                    linearized[operation / 64] |= 1 << UInt64(operation % 64)
                    if visited.insert(Visited(linearized: linearized, state: after)).inserted {
                        stack.append((position, state))
                        deepest = max(deepest, stack.count)
                        state = after
                        lift(position)
                        position = head
                        continue
                    }
                    linearized[operation / 64] &= ~(1 << UInt64(operation % 64))
                }
                position = next[position]
            } else {
                // An operation answered before anything placed it: undo the last choice.
                guard let (call, before) = stack.popLast() else {
                    let stuck = operations[event.operation]
                    return .violation(
                        "no order explains \(describe(stuck)) (at most \(deepest) of \(operations.count) operations placed)")
                }
                let operation = events[call].operation
                linearized[operation / 64] &= ~(1 << UInt64(operation % 64))
                state = before
                unlift(call)
                position = next[call]
            }
        }
        return .linearizable
    }

    static func describe(_ operation: EtcdKVOperation) -> String {
        let kind: String
        switch operation.kind {
        case .get(let observed): kind = "get → \(observed.map { "\($0)" } ?? "absent")"
        case .put(let value): kind = "put \(value)"
        case .delete(let deleted): kind = "delete → \(deleted.map { "\($0)" } ?? "unknown")"
        case .compareAndSwap(let expected, let new, let succeeded):
            kind = "cas \(expected.map { "\($0)" } ?? "absent") → \(new): \(succeeded.map { "\($0)" } ?? "unknown")"
        }
        return kind + (operation.answer == nil ? " (outcome unknown)" : "")
    }
}
