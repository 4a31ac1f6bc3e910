import Etcd3
import Etcd3TestSupport
import Testing

extension FaultScenarios {
    /// An endpoint's connection goes silent (blackholed, TCP kept open) while Gets flow.
    ///
    /// Scaled down: 3 blackhole events (one per member) instead of 5, about 900 calls instead of
    /// 3,000; the per-event and percentage criteria are unchanged.
    @Suite("Unary calls fail over from a silent endpoint", .faultScenarioTimeLimit)
    struct UnaryFailoverFromSilentEndpoint {
        @Test("≤ 1 failed call per blackhole event, ≥ 99% succeed")
        func blackhole() async throws {
            try await withEtcdCluster(members: 3, profile: .fast) { cluster in
                let proxies = try cluster.makeProxies()
                defer { for proxy in proxies { proxy.stop() } }
                var configuration = clientConfiguration(for: cluster, endpoints: proxies.map(\.endpoint))
                configuration.keepAlive.interval = .seconds(1)
                configuration.keepAlive.timeout = .seconds(1)
                try await withEtcd3Client(configuration: configuration) { client in
                    try await client.put("/s13/k", "v")
                    let calls = Tally()
                    let stop = Flag()
                    var eventStarts: [ContinuousClock.Instant] = []
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        group.addTask {
                            // 50 calls per second, each in its own task, alternating linearizable
                            // and serializable reads, 2 s deadline each.
                            try await withThrowingTaskGroup(of: Void.self) { calls_ in
                                var i = 0
                                let start = ContinuousClock.now
                                while !stop.isSet {
                                    i += 1
                                    let serializable = i % 2 == 0
                                    calls_.addTask {
                                        await calls.record {
                                            var options = EtcdRangeOptions()
                                            options.serializable = serializable
                                            guard try await client.get("/s13/k", options: options, timeout: .seconds(2)) != nil
                                            else { throw EtcdError(.unknown, "the key vanished") }
                                        }
                                    }
                                    try await Task.sleep(until: start + .milliseconds(20) * i, clock: .continuous)
                                }
                                try await calls_.waitForAll()
                            }
                        }
                        try await Task.sleep(for: .seconds(2))
                        for event in 0..<3 {
                            eventStarts.append(.now)
                            proxies[event].blackhole(.both)
                            try await Task.sleep(for: .seconds(4))
                            proxies[event].heal()
                            proxies[event].dropConnections(.fin)
                            try await Task.sleep(for: .seconds(2))
                        }
                        stop.set()
                        try await group.waitForAll()
                    }
                    let failed = calls.errors.count + calls.otherErrors.count
                    let rate = Double(calls.ok) / Double(calls.total)
                    print(
                        "failover from a silent endpoint: \(calls.total) calls, \(failed) failed \(calls.errors.map(\.code)) \(calls.otherErrors), "
                            + "success \(rate), max latency \(calls.maxLatency)")
                    #expect(calls.total >= 800)
                    // Attribute each failure to the blackhole event before it.
                    let perEvent = eventStarts.indices.map { event in
                        calls.failureTimes.filter { time in
                            time >= eventStarts[event] && (event + 1 == eventStarts.count || time < eventStarts[event + 1])
                        }.count
                    }
                    let beforeAny = calls.failureTimes.filter { time in eventStarts.first.map { time < $0 } ?? true }.count
                    print("failover from a silent endpoint: failures per blackhole event \(perEvent), before the first \(beforeAny)")
                    #expect(beforeAny == 0)
                    #expect(perEvent.allSatisfy { $0 <= 1 })
                    #expect(rate >= 0.99)
                }
            }
        }

        /// A blackholed endpoint accepts TCP but never answers: a call must not wait for that
        /// connect attempt (up to the connect timeout) past its own deadline.
        @Test("a call's deadline bounds its wait for a connect to a silent endpoint")
        func silentEndpoint() async throws {
            try await withEtcdCluster(members: 1, profile: .fast) { cluster in
                let proxy = try EtcdFaultProxy(inFrontOf: cluster[0])
                defer { proxy.stop() }
                let front = try EtcdFaultProxy(inFrontOf: cluster[0])
                defer { front.stop() }
                var configuration = clientConfiguration(for: cluster, endpoints: [front.endpoint, proxy.endpoint])
                configuration.connectTimeout = .seconds(5)
                // Silent before the client ever connects through it: the connect attempt hangs
                // (TCP accepted, no TLS/SETTINGS) until the connect timeout.
                proxy.blackhole(.both)
                try await withEtcd3Client(configuration: configuration) { client in
                    let calls = Tally()
                    let start = ContinuousClock.now
                    while ContinuousClock.now - start < .seconds(6) {
                        await calls.record { _ = try await client.get("/s13/silent", timeout: .seconds(1)) }
                        try await Task.sleep(for: .milliseconds(50))
                    }
                    print(
                        "failover from a silent endpoint, silent endpoint: \(calls.ok) ok, errors \(calls.errors.map(\.code)), longest \(calls.maxLatency), "
                            + "\(proxy.stats.acceptedConnections) connects to the silent endpoint")
                    #expect(calls.maxLatency <= .milliseconds(1200))
                    #expect(calls.errors.isEmpty)
                    // Every endpoint silent: the call ends at its deadline, not the connect timeout.
                    front.blackhole(.both)
                    front.dropConnections(.fin)
                    let start2 = ContinuousClock.now
                    var last: EtcdError?
                    for _ in 0..<3 {
                        do {
                            _ = try await client.get("/s13/silent", timeout: .seconds(1))
                        } catch let error as EtcdError {
                            last = error
                        }
                    }
                    let elapsed = ContinuousClock.now - start2
                    print(
                        "failover from a silent endpoint, all endpoints silent: 3 calls with 1 s deadlines took \(elapsed), last error \(String(describing: last))"
                    )
                    #expect(elapsed <= .milliseconds(3600))
                    #expect(last?.code == .deadlineExceeded || last?.code == .unavailable)
                }
            }
        }
    }
}
