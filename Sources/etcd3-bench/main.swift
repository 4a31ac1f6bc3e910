// etcd3-bench: measures the client against a real etcd. The command line and the JSON output
// follow the benchmark contract (Docs/Performance.md): one JSON object per workload on stdout,
// everything else on stderr.
import Etcd3
import Glibc
import Synchronization

struct Options: Sendable {
    var endpoint = "127.0.0.1:2379"
    var workloads: [String] = ["all"]
    var count: Int?
    var concurrency = 64
    var valueSize = 100
    var keySize = 16
    var seedKeys = 1000
    /// Whether the workloads' tasks prefer the client's I/O thread (`client`, the default) or
    /// run on the cooperative pool (`default`): see `Etcd3Client.taskExecutor`.
    var onClientExecutor = true

    static let allWorkloads = ["put-seq", "put-conc", "range-conc", "txn-conc", "watch-throughput", "lease"]
    /// Workloads that run only when named, never as part of `all`.
    static let namedOnlyWorkloads = ["lock"]
    static let defaultCounts = [
        "put-seq": 20_000, "put-conc": 100_000, "range-conc": 100_000, "txn-conc": 50_000,
        "watch-throughput": 50_000, "lease": 2_000, "lock": 20_000,
    ]

    static func parse(_ arguments: [String]) -> Options {
        var options = Options()
        var index = 1
        func value() -> String {
            index += 1
            guard index < arguments.count else { fail("\(arguments[index - 1]) needs a value") }
            return arguments[index]
        }
        func number() -> Int {
            let text = value()
            guard let number = Int(text), number > 0 else { fail("\(arguments[index - 1]): '\(text)' is not a positive number") }
            return number
        }
        while index < arguments.count {
            switch arguments[index] {
            case "--endpoint": options.endpoint = value()
            case "--workload": options.workloads = value().split(separator: ",").map(String.init)
            case "--count": options.count = number()
            case "--concurrency": options.concurrency = number()
            case "--value-size": options.valueSize = number()
            case "--key-size": options.keySize = number()
            case "--seed-keys": options.seedKeys = number()
            case "--task-executor":
                switch value() {
                case "client": options.onClientExecutor = true
                case "default": options.onClientExecutor = false
                case let other: fail("--task-executor: '\(other)' is neither client nor default")
                }
            case "--help", "-h":
                printError(
                    "usage: etcd3-bench --endpoint HOST:PORT --workload NAME[,NAME…]|all [--count N] [--concurrency N]"
                        + " [--value-size N] [--key-size N] [--seed-keys N] [--task-executor client|default]\nworkloads: "
                        + (allWorkloads + namedOnlyWorkloads).joined(separator: ", "))
                exit(0)
            default: fail("unknown option \(arguments[index])")
            }
            index += 1
        }
        if options.workloads == ["all"] { options.workloads = allWorkloads }
        let known = allWorkloads + namedOnlyWorkloads
        for workload in options.workloads where !known.contains(workload) {
            fail("unknown workload \(workload); known: \(known.joined(separator: ", "))")
        }
        return options
    }
}

func printError(_ text: String) {
    var line = text + "\n"
    line.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
}

func fail(_ text: String) -> Never {
    printError("etcd3-bench: " + text)
    exit(2)
}

/// A key of exactly `size` bytes: a 2-character tag, `/`, then the index left-padded with `0`.
func benchKey(_ tag: String, _ index: Int, size: Int) -> EtcdBytes {
    // Written as bytes (one allocation), so the benchmark's own work stays small next to the
    // client's.
    var digits = 1
    var rest = index / 10
    while rest > 0 {
        digits += 1
        rest /= 10
    }
    let width = max(size - 3, digits)
    var bytes: [UInt8] = []
    bytes.reserveCapacity(tag.utf8.count + 1 + width)
    bytes.append(contentsOf: tag.utf8)
    bytes.append(UInt8(ascii: "/"))
    bytes.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: width))
    var value = index
    var position = bytes.count - 1
    repeat {
        bytes[position] = UInt8(ascii: "0") + UInt8(value % 10)
        value /= 10
        position -= 1
    } while value > 0
    return EtcdBytes(bytes)
}

/// The number at the end of a key written by ``benchKey(_:_:size:)``; `nil` if there is none.
func benchKeyIndex(_ key: EtcdBytes) -> Int? {
    guard let slash = key.bytes.firstIndex(of: UInt8(ascii: "/")), slash + 1 < key.bytes.count else { return nil }
    var value = 0
    for byte in key.bytes[(slash + 1)...] {
        guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
        value = value * 10 + Int(byte - UInt8(ascii: "0"))
    }
    return value
}

/// The process's CPU time so far, user and system, in seconds.
func cpuTimes() -> (user: Double, system: Double) {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1_000_000 }
    return (seconds(usage.ru_utime), seconds(usage.ru_stime))
}

func wallClock() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_REALTIME, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) / 1_000_000_000
}

/// Per-operation latencies, written by index from many tasks (each index by one task only).
final class LatencyRecorder: @unchecked Sendable {
    // Safe: every slot is written by exactly one worker (its op index), and read only after all
    // workers finished.
    let nanoseconds: UnsafeMutableBufferPointer<Int64>
    let errors = Atomic<Int>(0)

    init(count: Int) {
        nanoseconds = .allocate(capacity: count)
        nanoseconds.initialize(repeating: 0)
    }

    deinit { nanoseconds.deallocate() }

    func record(_ index: Int, _ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        nanoseconds[index] = seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }

    /// Nearest-rank percentile in microseconds. Selects in place (the recorded order is not
    /// kept), so a run of any length needs no second copy of its latencies: the benchmark's own
    /// memory stays small next to the client's.
    func percentile(_ p: Double) -> Double {
        let count = nanoseconds.count
        guard count > 0 else { return 0 }
        let rank = min(max(1, Int((p * Double(count)).rounded(.up))), count)
        return Double(select(rank - 1)) / 1000
    }

    /// The value that would be at `index` if the latencies were sorted (quickselect; the
    /// elements are rearranged).
    private func select(_ index: Int) -> Int64 {
        var low = 0
        var high = nanoseconds.count - 1
        var generator = SystemRandomNumberGenerator()
        while low < high {
            let pivot = nanoseconds[Int.random(in: low...high, using: &generator)]
            // Three-way partition: [low, lt) < pivot, [lt, gt] == pivot, (gt, high] > pivot.
            var lt = low
            var gt = high
            var i = low
            while i <= gt {
                if nanoseconds[i] < pivot {
                    nanoseconds.swapAt(i, lt)
                    lt += 1
                    i += 1
                } else if nanoseconds[i] > pivot {
                    nanoseconds.swapAt(i, gt)
                    gt -= 1
                } else {
                    i += 1
                }
            }
            if index < lt {
                high = lt - 1
            } else if index > gt {
                low = gt + 1
            } else {
                return pivot
            }
        }
        return nanoseconds[low]
    }
}

/// The shared counter workers take operation indexes from.
final class OpCounter: Sendable {
    private let value = Atomic<Int>(0)
    func take() -> Int { value.add(1, ordering: .relaxed).oldValue }
}

/// Runs `count` operations with `concurrency` workers pulling indexes from one shared counter.
func runConcurrently(
    count: Int,
    concurrency: Int,
    recorder: LatencyRecorder,
    offset: Int = 0,
    _ operation: @escaping @Sendable (Int) async throws -> Void
) async {
    let next = OpCounter()
    await withTaskGroup(of: Void.self) { group in
        for _ in 0..<min(concurrency, count) {
            group.addTask {
                while true {
                    let index = next.take()
                    guard index < count else { return }
                    let start = ContinuousClock.now
                    do {
                        try await operation(index)
                    } catch {
                        recorder.errors.add(1, ordering: .relaxed)
                    }
                    recorder.record(offset + index, ContinuousClock.now - start)
                }
            }
        }
    }
}

struct Measurement {
    var workload: String
    var ops: Int
    var concurrency: Int
    var options: Options
    var seconds: Double
    var recorder: LatencyRecorder
    var cpu: (user: Double, system: Double)
    var tStart: Double
    var tEnd: Double

    var json: String {
        func number(_ value: Double) -> String {
            let rounded = (value * 1000).rounded() / 1000
            return rounded == rounded.rounded() ? String(Int(rounded)) + ".0" : String(rounded)
        }
        let fields: [(String, String)] = [
            ("client", "\"swift-etcd3\""), ("workload", "\"\(workload)\""), ("ops", String(ops)),
            ("concurrency", String(concurrency)), ("value_size", String(options.valueSize)),
            ("key_size", String(options.keySize)), ("seconds", number(seconds)),
            ("ops_per_s", number(Double(ops) / seconds)), ("p50_us", number(recorder.percentile(0.50))),
            ("p99_us", number(recorder.percentile(0.99))), ("errors", String(recorder.errors.load(ordering: .relaxed))),
            ("cpu_user_s", number(cpu.user)), ("cpu_sys_s", number(cpu.system)),
            ("t_start", String(format3(tStart))), ("t_end", String(format3(tEnd))),
            ("extra", "{\"task_executor\":\"\(options.onClientExecutor ? "client" : "default")\",\"stream_connection\":\"shared\"}"),
        ]
        return "{" + fields.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}"
    }

    func format3(_ value: Double) -> String {
        let whole = Int64(value)
        let millis = Int64(((value - Double(whole)) * 1000).rounded())
        let padded = String(millis)
        return "\(whole).\(String(repeating: "0", count: 3 - padded.count))\(padded)"
    }
}

/// Times `body` (the workload's timed window) and prints its JSON line.
func measure(
    _ workload: String,
    ops: Int,
    concurrency: Int,
    options: Options,
    recorder: LatencyRecorder,
    _ body: @Sendable () async -> Void
) async {
    let cpuBefore = cpuTimes()
    let tStart = wallClock()
    let start = ContinuousClock.now
    await body()
    let elapsed = ContinuousClock.now - start
    let tEnd = wallClock()
    let cpuAfter = cpuTimes()
    let (seconds, attoseconds) = elapsed.components
    let measurement = Measurement(
        workload: workload, ops: ops, concurrency: concurrency, options: options,
        seconds: Double(seconds) + Double(attoseconds) / 1e18, recorder: recorder,
        cpu: (cpuAfter.user - cpuBefore.user, cpuAfter.system - cpuBefore.system), tStart: tStart, tEnd: tEnd)
    var line = measurement.json + "\n"
    line.withUTF8 { _ = write(1, $0.baseAddress, $0.count) }
}

@main
struct Bench {
    static func main() async {
        let options = Options.parse(CommandLine.arguments)
        let client: Etcd3Client
        do {
            var configuration = Etcd3Client.Configuration(endpoints: [options.endpoint])
            configuration.requestTimeout = .seconds(60)
            // The contract: one HTTP/2 connection for every request in flight, the watch's too.
            configuration.streamConnection = .shared
            client = try await Etcd3Client(configuration: configuration)
            _ = try await client.get("warmup")
        } catch {
            fail("cannot reach \(options.endpoint): \(error)")
        }
        let value = EtcdBytes([UInt8](repeating: UInt8(ascii: "v"), count: options.valueSize))
        // Every workload's tasks (workers, watcher) inherit this preference.
        await withTaskExecutorPreference(options.onClientExecutor ? client.taskExecutor : nil) {
            await run(options.workloads, client: client, options: options, value: value)
        }
        await client.close()
    }

    static func run(_ workloads: [String], client: Etcd3Client, options: Options, value: EtcdBytes) async {
        for workload in workloads {
            let count = options.count ?? Options.defaultCounts[workload]!
            printError("running \(workload): \(count) ops")
            switch workload {
            case "put-seq":
                let recorder = LatencyRecorder(count: count)
                await measure(workload, ops: count, concurrency: 1, options: options, recorder: recorder) {
                    await runConcurrently(count: count, concurrency: 1, recorder: recorder) { index in
                        try await client.put(benchKey("ps", index, size: options.keySize), value)
                    }
                }
            case "put-conc":
                let recorder = LatencyRecorder(count: count)
                await measure(workload, ops: count, concurrency: options.concurrency, options: options, recorder: recorder) {
                    await runConcurrently(count: count, concurrency: options.concurrency, recorder: recorder) { index in
                        try await client.put(benchKey("pc", index, size: options.keySize), value)
                    }
                }
            case "range-conc":
                await seed(client, tag: "rg", options: options, value: value)
                let recorder = LatencyRecorder(count: count)
                await measure(workload, ops: count, concurrency: options.concurrency, options: options, recorder: recorder) {
                    await runConcurrently(count: count, concurrency: options.concurrency, recorder: recorder) { index in
                        let kv = try await client.get(benchKey("rg", index % options.seedKeys, size: options.keySize))
                        if kv == nil { throw EtcdError(.unknown, "seeded key missing") }
                    }
                }
            case "txn-conc":
                await seed(client, tag: "tx", options: options, value: value)
                let recorder = LatencyRecorder(count: count)
                await measure(workload, ops: count, concurrency: options.concurrency, options: options, recorder: recorder) {
                    await runConcurrently(count: count, concurrency: options.concurrency, recorder: recorder) { index in
                        let key = benchKey("tx", index % options.seedKeys, size: options.keySize)
                        let result = try await client.transaction(
                            compare: [.value(key) == value], success: [.put(key, value)], failure: [])
                        if !result.succeeded { throw EtcdError(.unknown, "comparison failed") }
                    }
                }
            case "lease":
                let recorder = LatencyRecorder(count: 2 * count)
                let ids = Mutex([EtcdLeaseID?](repeating: nil, count: count))
                await measure(workload, ops: 2 * count, concurrency: options.concurrency, options: options, recorder: recorder) {
                    await runConcurrently(count: count, concurrency: options.concurrency, recorder: recorder) { index in
                        let lease = try await client.grantLease(ttl: .seconds(300))
                        ids.withLock { $0[index] = lease.id }
                    }
                    await runConcurrently(count: count, concurrency: options.concurrency, recorder: recorder, offset: count) {
                        index in
                        guard let id = ids.withLock({ $0[index] }) else { throw EtcdError(.unknown, "no lease") }
                        try await client.keepAliveOnce(id)
                    }
                }
                for id in ids.withLock({ $0 }).compactMap({ $0 }) { _ = try? await client.revokeLease(id) }
            case "watch-throughput":
                await watchThroughput(client, count: count, options: options, value: value)
            case "lock":
                await lockCycles(client, count: count, options: options)
            default:
                fail("unknown workload \(workload)")
            }
        }
    }

    /// One prefix watch on `wt/`; the same client puts `count` keys with `concurrency` in flight;
    /// the window runs from the first put to the watcher's `count`-th event. Latency per key:
    /// put issued → event received.
    static func watchThroughput(_ client: Etcd3Client, count: Int, options: Options, value: EtcdBytes) async {
        // The watch starts at the revision of an untimed sentinel put, so receiving the sentinel
        // proves the watch is created before the timed window begins.
        let ready: EtcdBytes = "wt/ready"
        let start: Int64
        do {
            start = try await client.put(ready, "1").header.revision
        } catch {
            fail("cannot write the sentinel: \(error)")
        }
        let issued = LatencyRecorder(count: count)  // issue times, as nanoseconds since `origin`
        let recorder = LatencyRecorder(count: count)
        let origin = ContinuousClock.now
        let (created, createdContinuation) = AsyncStream.makeStream(of: Void.self)
        // An unstructured task does not inherit the caller's executor preference.
        let received = Task(executorPreference: options.onClientExecutor ? client.taskExecutor : nil) { () -> Int in
            var seen = 0
            do {
                for try await event in client.watchPrefix("wt/", options: EtcdWatchOptions(startRevision: start)) {
                    if event.kv.key == ready {
                        createdContinuation.finish()
                        continue
                    }
                    guard let index = benchKeyIndex(event.kv.key), index < count else { continue }
                    let (seconds, attoseconds) = (ContinuousClock.now - origin).components
                    recorder.nanoseconds[index] =
                        seconds * 1_000_000_000 + attoseconds / 1_000_000_000
                        - issued.nanoseconds[index]
                    seen += 1
                    if seen == count { break }
                }
            } catch {
                printError("watch failed: \(error)")
            }
            createdContinuation.finish()
            return seen
        }
        for await _ in created {}
        await measure("watch-throughput", ops: count, concurrency: options.concurrency, options: options, recorder: recorder) {
            let writes = LatencyRecorder(count: count)
            await runConcurrently(count: count, concurrency: options.concurrency, recorder: writes) { index in
                issued.record(index, ContinuousClock.now - origin)
                try await client.put(benchKey("wt", index, size: options.keySize), value)
            }
            let seen = await received.value
            recorder.errors.add(count - seen + writes.errors.load(ordering: .relaxed), ordering: .relaxed)
        }
    }

    /// One session (TTL 60 s, untimed), then `count` acquire + release cycles of uncontended
    /// locks named `lk/…`, `concurrency` in flight, all on that session.
    static func lockCycles(_ client: Etcd3Client, count: Int, options: Options) async {
        let session: EtcdSession
        do {
            session = try await client.session(ttl: .seconds(60))
        } catch {
            fail("cannot open the session: \(error)")
        }
        let recorder = LatencyRecorder(count: count)
        await measure("lock", ops: count, concurrency: options.concurrency, options: options, recorder: recorder) {
            await runConcurrently(count: count, concurrency: options.concurrency, recorder: recorder) { index in
                let lock = try await client.lock(benchKey("lk", index, size: options.keySize), session: session)
                try await lock.release()
            }
        }
        await session.close()
    }

    /// Writes the seed keys of a read or txn workload (untimed).
    static func seed(_ client: Etcd3Client, tag: String, options: Options, value: EtcdBytes) async {
        let recorder = LatencyRecorder(count: options.seedKeys)
        await runConcurrently(count: options.seedKeys, concurrency: options.concurrency, recorder: recorder) { index in
            try await client.put(benchKey(tag, index, size: options.keySize), value)
        }
        if recorder.errors.load(ordering: .relaxed) > 0 { fail("seeding \(tag)/ failed") }
    }
}
