import Etcd3
import Etcd3TestSupport
import Synchronization
import Testing

extension FaultScenarios {
    /// Eight tasks (six pinned to one member each, two on all members) run puts of unique values,
    /// linearizable and serializable gets, compare-and-swaps and deletes on ten keys, about 500
    /// operations a second when nothing fails, for 25 s (60 s with `ETCD3_SOAK=1`), while one kind of fault goes on.
    /// The history, with every write of unknown outcome as "may or may not have happened", must
    /// have a linearization (`EtcdLinearizabilityChecker`), and no client may see a serializable read
    /// go back in revisions.
    @Suite("Histories under faults are linearizable", .faultScenarioTimeLimit)
    struct LinearizableHistories {
        enum Fault: String, CaseIterable, CustomTestStringConvertible, Sendable {
            case leaderKills, followerKills, blackholedMember, pausedMember, connectionResets
            var testDescription: String { rawValue }
        }

        /// What the tasks record.
        final class Recorder: Sendable {
            private struct State {
                var history: [EtcdKVOperation] = []
                var serializableReads = 0
                var revisionsBackwards: [String] = []
                var errors: [String: Int] = [:]
            }
            private let state = Mutex(State())

            func record(_ operation: EtcdKVOperation) { state.withLock { $0.history.append(operation) } }
            func serializableRead() { state.withLock { $0.serializableReads += 1 } }
            func backwards(_ what: String) { state.withLock { $0.revisionsBackwards.append(what) } }
            func error(_ what: String, _ error: EtcdError) {
                state.withLock { $0.errors["\(what) \(error.code)", default: 0] += 1 }
            }
            var history: [EtcdKVOperation] { state.withLock { $0.history } }
            var serializableReads: Int { state.withLock { $0.serializableReads } }
            var revisionsBackwards: [String] { state.withLock { $0.revisionsBackwards } }
            var errors: [String: Int] { state.withLock { $0.errors } }
        }

        @Test("0 violations, at least 5,000 operations checked", arguments: EtcdBinary.required, Fault.allCases)
        func linearizable(binary: EtcdBinary, fault: Fault) async throws {
            try await withEtcdCluster(members: 3, binary: binary, profile: .fast) { cluster in
                let proxies = try cluster.makeProxies()
                defer { for proxy in proxies { proxy.stop() } }
                var configuration = clientConfiguration(for: cluster, endpoints: proxies.map(\.endpoint))
                configuration.requestTimeout = .seconds(2)
                configuration.keepAlive.interval = .seconds(1)
                configuration.keepAlive.timeout = .seconds(1)
                let pinned = (0..<3).map { member in
                    var pinned = configuration
                    pinned.endpoints = [proxies[member].endpoint]
                    return pinned
                }
                let run = EtcdBytes("/linearizable/\(UInt64.random(in: 0...UInt64.max))/")
                let keys = (0..<10).map { run + "k\($0)" }
                let duration = Duration.seconds(scenarioSize(25, soak: 60))
                let recorder = Recorder()
                let stop = Flag()
                let began = ContinuousClock.now
                try await withEtcd3Client(configuration: configuration) { shared in
                    try await withEtcd3Client(configuration: pinned[0]) { first in
                        try await withEtcd3Client(configuration: pinned[1]) { second in
                            try await withEtcd3Client(configuration: pinned[2]) { third in
                                let clients = [first, first, second, second, third, third, shared, shared]
                                let faults = Task { try await inject(fault, cluster: cluster, proxies: proxies, until: stop) }
                                await withTaskGroup(of: Void.self) { group in
                                    for (task, client) in clients.enumerated() {
                                        group.addTask {
                                            await work(task, client: client, keys: keys, until: began + duration, recorder: recorder)
                                        }
                                    }
                                }
                                stop.set()
                                try await waitFor(faults, within: .seconds(30), "the fault injector's end")
                            }
                        }
                    }
                }
                let history = recorder.history
                let checking = ContinuousClock.now
                let result = EtcdLinearizabilityChecker.check(history)
                let unknown = history.filter { $0.answer == nil }.count
                print(
                    "linearizable histories, \(binary.fullVersion), \(fault): \(history.count) operations checked "
                        + "(\(unknown) of unknown outcome) in \(ContinuousClock.now - checking), "
                        + "\(recorder.serializableReads) serializable reads, errors \(recorder.errors.sorted { $0.key < $1.key }); "
                        + "\(result.violations.count) violations, \(result.undecided.count) undecided")
                #expect(result.violations.isEmpty, "\(result)")
                #expect(result.undecided.isEmpty, "\(result)")
                #expect(history.count >= scenarioSize(5_000, soak: 12_000))
                #expect(recorder.revisionsBackwards.isEmpty, "\(recorder.revisionsBackwards.prefix(5))")
            }
        }

        /// One task's operations until `deadline`: 40 % puts of unique values, 30 % linearizable
        /// gets, 15 % serializable gets, 10 % compare-and-swaps, 5 % deletes, paced to about 70
        /// a second.
        private func work(_ task: Int, client: Etcd3Client, keys: [EtcdBytes], until deadline: ContinuousClock.Instant, recorder: Recorder)
            async
        {
            var generator = SystemRandomNumberGenerator()
            var written = 0
            var lastSeen: [EtcdBytes: EtcdBytes?] = [:]
            var highestSerializable: Int64 = 0
            while ContinuousClock.now < deadline {
                let key = keys.randomElement(using: &generator)!
                let dice = Int.random(in: 0..<100, using: &generator)
                let call = ContinuousClock.now
                if dice < 40 {
                    written += 1
                    let value = EtcdBytes("t\(task)-\(written)")
                    do {
                        try await client.put(key, value)
                        recorder.record(EtcdKVOperation(key: key, kind: .put(value), call: call, answer: .now))
                        lastSeen[key] = value
                    } catch {
                        record(write: .put(value), key: key, call: call, error: error, recorder: recorder)
                    }
                } else if dice < 70 {
                    do {
                        let kv = try await client.get(key)
                        recorder.record(EtcdKVOperation(key: key, kind: .get(observed: kv?.value), call: call, answer: .now))
                        lastSeen[key] = kv?.value
                    } catch {
                        recorder.error("get", error)
                    }
                } else if dice < 85 {
                    do {
                        let result = try await client.range(key, end: nil, options: EtcdRangeOptions(serializable: true))
                        recorder.serializableRead()
                        if result.header.revision < highestSerializable {
                            recorder.backwards("task \(task): revision \(result.header.revision) after \(highestSerializable)")
                        }
                        highestSerializable = max(highestSerializable, result.header.revision)
                    } catch {
                        recorder.error("serializable get", error)
                    }
                } else if dice < 95 {
                    written += 1
                    let new = EtcdBytes("t\(task)-\(written)")
                    let expected = lastSeen[key] ?? nil
                    let condition: EtcdCompare = if let expected { .value(key) == expected } else { .createRevision(key) == 0 }
                    do {
                        let swapped = try await client.transaction(compare: [condition], success: [.put(key, new)]).succeeded
                        recorder.record(
                            EtcdKVOperation(
                                key: key, kind: .compareAndSwap(expected: expected, new: new, succeeded: swapped), call: call, answer: .now)
                        )
                        if swapped { lastSeen[key] = new }
                    } catch {
                        record(
                            write: .compareAndSwap(expected: expected, new: new, succeeded: nil), key: key, call: call, error: error,
                            recorder: recorder)
                    }
                } else {
                    do {
                        let deleted = try await client.delete(key).deleted
                        recorder.record(EtcdKVOperation(key: key, kind: .delete(deleted: deleted), call: call, answer: .now))
                        lastSeen[key] = .some(nil)
                    } catch {
                        record(write: .delete(deleted: nil), key: key, call: call, error: error, recorder: recorder)
                    }
                }
                try? await Task.sleep(for: .milliseconds(Int.random(in: 8...20, using: &generator)))
            }
        }

        /// A failed write: of unknown outcome when it may have been applied, left out otherwise.
        private func record(
            write kind: EtcdKVOperation.Kind, key: EtcdBytes, call: ContinuousClock.Instant, error: EtcdError, recorder: Recorder
        ) {
            recorder.error("write", error)
            if error.mayHaveBeenApplied {
                recorder.record(EtcdKVOperation(key: key, kind: kind, call: call, answer: nil))
            }
        }

        /// Injects `fault` until `stop`.
        private func inject(_ fault: Fault, cluster: EtcdCluster, proxies: [EtcdFaultProxy], until stop: Flag) async throws {
            var round = 0
            try await Task.sleep(for: .seconds(1))
            while !stop.isSet {
                round += 1
                switch fault {
                case .leaderKills, .followerKills:
                    let leader = try await cluster.waitForLeader(timeout: .seconds(10))
                    let victim = fault == .leaderKills ? leader : (leader + 1 + round % 2) % 3
                    await cluster[victim].kill()
                    try await Task.sleep(for: .seconds(1))
                    try await cluster[victim].restart()
                    try await Task.sleep(for: .seconds(3))
                case .blackholedMember:
                    let member = round % 3
                    proxies[member].blackhole(.both)
                    try await Task.sleep(for: .seconds(3))
                    proxies[member].heal()
                    try await Task.sleep(for: .seconds(2))
                case .pausedMember:
                    let member = round % 3
                    try cluster[member].pause()
                    try await Task.sleep(for: .seconds(3))
                    try cluster[member].resume()
                    try await Task.sleep(for: .seconds(2))
                case .connectionResets:
                    proxies[round % 3].dropConnections(.rst)
                    try await Task.sleep(for: .milliseconds(200))
                }
            }
        }
    }
}
