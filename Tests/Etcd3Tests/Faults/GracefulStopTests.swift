import Etcd3
import Etcd3TestSupport
import Synchronization
import Testing

extension FaultScenarios {
    /// A member is stopped gracefully (SIGTERM: FIN on plaintext, RST_STREAM + GOAWAY on
    /// TLS) while 100 unary calls are in flight. Scaled down to 3 stops (allowed: "≥ 3").
    @Suite("A member stopped with SIGTERM while 100 calls are in flight", .faultScenarioTimeLimit)
    struct GracefulStop {
        @Test("0 hangs, 0 read errors, writes only indeterminate/unavailable, new connection ≤ 1 s", arguments: Mode.allCases)
        func sigterm(mode: Mode) async throws {
            try await withEtcdCluster(members: 3, tls: mode.tlsMode, profile: .fast) { cluster in
                let proxies = try cluster.makeProxies()
                defer { for proxy in proxies { proxy.stop() } }
                var configuration = clientConfiguration(for: cluster, endpoints: proxies.map(\.endpoint))
                configuration.requestTimeout = .seconds(5)
                let deadline = Duration.seconds(5)
                try await withEtcd3Client(configuration: configuration) { client in
                    let reads = Tally()
                    let writes = Tally()
                    let stop = Flag()
                    // Completion times of successful calls, to find the first success after a stop.
                    let successes = Locked<[(ContinuousClock.Instant, ContinuousClock.Instant)]>([])
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        for worker in 0..<100 {
                            group.addTask {
                                var i = 0
                                while !stop.isSet {
                                    i += 1
                                    let started = ContinuousClock.now
                                    let ok: Bool
                                    if worker % 2 == 0 {
                                        ok = await reads.record {
                                            _ = try await client.get("/s17/\(worker)", timeout: deadline)
                                        }
                                    } else {
                                        ok = await writes.record {
                                            try await client.put("/s17/\(worker)", "\(i)", timeout: deadline)
                                        }
                                    }
                                    if ok { successes.withLock { $0.append((started, .now)) } }
                                }
                            }
                        }
                        var switchTimes: [Duration] = []
                        for _ in 0..<3 {
                            try await Task.sleep(for: .seconds(1))
                            // Stop a member the client has a connection to (every member is used round robin).
                            let victim = (try await cluster.waitForLeader() + 1) % 3
                            let stopped = ContinuousClock.now
                            _ = await cluster[victim].terminate()
                            try await Task.sleep(for: .seconds(1))
                            let first = successes.withLock { list in
                                list.filter { $0.0 >= stopped }.map(\.1).min()
                            }
                            if let first { switchTimes.append(first - stopped) }
                            try await cluster[victim].restart()
                            _ = try await cluster.waitForLeader()
                        }
                        try await Task.sleep(for: .seconds(1))
                        stop.set()
                        try await group.waitForAll()
                        print(
                            "graceful stop, \(mode): reads ok \(reads.ok) errors \(reads.errors.count); writes ok \(writes.ok) "
                                + "errors \(writes.errors.count) (\(Set(writes.errors.map(\.code)))); longest call \(max(reads.maxLatency, writes.maxLatency)); "
                                + "first success after each stop \(switchTimes)")
                        #expect(switchTimes.count == 3)
                        #expect(switchTimes.allSatisfy { $0 <= .seconds(1) })
                    }
                    #expect(reads.maxLatency <= deadline + .milliseconds(500))
                    #expect(writes.maxLatency <= deadline + .milliseconds(500))
                    #expect(reads.errors.isEmpty, "\(reads.errors.prefix(3))")
                    #expect(reads.otherErrors.isEmpty)
                    #expect(writes.errors.allSatisfy(isWriteFaultOutcome), "\(writes.errors.filter { !isWriteFaultOutcome($0) })")
                    #expect(writes.otherErrors.isEmpty)
                    #expect(reads.ok > 500)
                }
            }
        }
    }
}
