import Etcd3Transport
import Foundation
import Testing

/// Not a timed assertion: prints client CPU per unary call when ETCD3_BENCH is set.
extension RealEtcd {
    @Suite("Benchmark probe", .enabled(if: ProcessInfo.processInfo.environment["ETCD3_BENCH"] != nil), .timeLimit(.minutes(3)))
    struct BenchmarkProbe {
        static func cpuSeconds() -> Double {
            var usage = rusage()
            getrusage(RUSAGE_SELF.rawValue, &usage)
            return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
        }

        /// CPU seconds per thread name, from /proc/self/task/*/stat (clock ticks of 10 ms).
        static func threadCPU() -> [String: Double] {
            var result: [String: Double] = [:]
            let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
            for tid in tasks {
                guard let stat = try? String(contentsOfFile: "/proc/self/task/\(tid)/stat", encoding: .utf8),
                    let open = stat.firstIndex(of: "("), let close = stat.lastIndex(of: ")")
                else { continue }
                let name = String(stat[stat.index(after: open)..<close])
                let fields = stat[stat.index(close, offsetBy: 2)...].split(separator: " ")
                let ticks = (Double(fields[11]) ?? 0) + (Double(fields[12]) ?? 0)
                result[name, default: 0] += ticks / 100
            }
            return result
        }

        @Test func unaryCPU() async throws {
            let etcd = try await LocalEtcd()
            defer { etcd.stop() }
            try await withConnection(etcd) { connection in
                _ = try await connection.unary(path: putPath, request: Proto.put("b", [1, 2, 3]), metadata: [], timeout: .seconds(5))
                let total = 20_000
                let inFlight = 64
                let threads0 = Self.threadCPU()
                let cpu0 = Self.cpuSeconds()
                let wall0 = ContinuousClock.now
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for worker in 0..<inFlight {
                        group.addTask {
                            for _ in 0..<(total / inFlight) {
                                _ = try await connection.unary(
                                    path: rangePath, request: Proto.range("b"), metadata: [], timeout: worker % 2 == 0 ? .seconds(5) : nil)
                            }
                        }
                    }
                    try await group.waitForAll()
                }
                let cpu = Self.cpuSeconds() - cpu0
                let threads1 = Self.threadCPU()
                for (name, seconds) in threads1.sorted(by: { $0.key < $1.key }) {
                    let delta = seconds - (threads0[name] ?? 0)
                    if delta > 0 { print("  thread \(name): \(delta / Double(total) * 1e6) µs/call") }
                }
                let wall = ContinuousClock.now - wall0
                print("unary: \(total) calls, \(inFlight) in flight: client CPU \(cpu / Double(total) * 1e6) µs/call, wall \(wall)")
            }
        }
    }
}
