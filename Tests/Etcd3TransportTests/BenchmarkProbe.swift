import Foundation
import Testing

import Etcd3Transport

/// Not a timed assertion: prints client CPU per unary call when ETCD3_BENCH is set.
@Suite("Benchmark probe", .enabled(if: ProcessInfo.processInfo.environment["ETCD3_BENCH"] != nil))
struct BenchmarkProbe {
    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    @Test func unaryCPU() async throws {
        let etcd = try await LocalEtcd()
        defer { etcd.stop() }
        try await withConnection(etcd) { connection in
            _ = try await connection.unary(path: putPath, request: Proto.put("b", [1, 2, 3]), metadata: [], timeout: .seconds(5))
            let total = 20_000
            let inFlight = 64
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
            let wall = ContinuousClock.now - wall0
            print("unary: \(total) calls, \(inFlight) in flight: client CPU \(cpu / Double(total) * 1e6) µs/call, wall \(wall)")
        }
    }
}
