import Etcd3
import Etcd3TestSupport
import Testing

extension FaultScenarios {
    /// A slow, narrow link between the client and its member: 200 ± 100 ms each way and 1 MiB/s,
    /// for 20 s, while the client watches a prefix, keeps a lease alive and makes 100 gets a second
    /// with 2 s deadlines. A slow link is not a dead one: the connection must not be declared
    /// dead (no reconnect, no lease lost), no event may be lost, and almost every get succeeds.
    @Suite("A slow link is not a dead one", .faultScenarioTimeLimit)
    struct SlowLink {
        @Test("0 keep-alive false positives, 0 lost events, at least 99 % of gets succeed", arguments: EtcdBinary.required)
        func slowLink(binary: EtcdBinary) async throws {
            try await withEtcdCluster(members: 1, binary: binary, profile: .fast) { cluster in
                let proxy = try EtcdFaultProxy(inFrontOf: cluster[0])
                defer { proxy.stop() }
                let direct = clientConfiguration(for: cluster, endpoints: cluster.clientEndpoints)
                let throughProxy = clientConfiguration(for: cluster, endpoints: [proxy.endpoint])
                try await withEtcd3Client(configuration: direct) { writer in
                    try await withEtcd3Client(configuration: throughProxy) { client in
                        let start = try await writer.put("/slow-start", "").header.revision
                        let (recorder, consumer) = recordWatch(client, prefix: "/slow/", from: start + 1)
                        let lease = try await KeptAliveLease.start(client, ttl: .seconds(5))
                        _ = try await client.get("/slow-warm")
                        let connectionsBefore = proxy.stats.acceptedConnections

                        proxy.delay(.both, by: .milliseconds(200), jitter: .milliseconds(100))
                        proxy.throttle(.both, bytesPerSecond: 1 << 20)
                        let began = ContinuousClock.now
                        let duration = Duration.seconds(20)
                        let puts = Tally()
                        let gets = Tally()
                        let stop = Flag()
                        try await withThrowingTaskGroup(of: Void.self) { group in
                            group.addTask {
                                try await pacedPuts(writer, prefix: "/slow/", every: .milliseconds(50), until: stop, into: puts)
                            }
                            group.addTask {
                                try await withThrowingTaskGroup(of: Void.self) { calls in
                                    var i = 0
                                    while ContinuousClock.now - began < duration {
                                        i += 1
                                        calls.addTask {
                                            await gets.record { _ = try await client.get("/slow-start", timeout: .seconds(2)) }
                                        }
                                        try await Task.sleep(until: began + .milliseconds(10) * i, clock: .continuous)
                                    }
                                    try await calls.waitForAll()
                                }
                            }
                            try await Task.sleep(for: duration)
                            stop.set()
                            try await group.waitForAll()
                        }
                        proxy.heal()
                        let connectionsAfter = proxy.stats.acceptedConnections
                        let history = try await writeOnceHistory(writer, prefix: "/slow/")
                        let complete = await recorder.wait(timeout: .seconds(15)) { $0.eventCount >= history.count }
                        consumer.cancel()
                        await consumer.value
                        let lost = try await lease.stop()
                        let check = recorder.check(history: history)
                        let succeeded = Double(gets.ok) / Double(max(gets.total, 1))
                        print(
                            "slow link, \(binary.fullVersion): \(gets.total) gets, \(gets.ok) succeeded (\(succeeded * 100) %), "
                                + "errors \(Set(gets.errors.map(\.code))), slowest \(gets.maxLatency); \(history.count) puts, "
                                + "watch delivered \(recorder.eventCount): \(check); lease loss \(lost.map { "\($0)" } ?? "none"); "
                                + "connections through the proxy \(connectionsBefore) before, \(connectionsAfter) after")
                        #expect(connectionsAfter == connectionsBefore, "the connection was declared dead")
                        #expect(lost == nil || lost?.code == .cancelled, "\(String(describing: lost))")
                        #expect(complete)
                        #expect(check.isClean, "\(check)")
                        #expect(succeeded >= 0.99)
                    }
                }
            }
        }
    }
}
