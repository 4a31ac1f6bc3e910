import Etcd3
import Etcd3TestSupport
import Testing

extension FaultScenarios {
    /// The connection that carries a watch and a lease's keep-alives goes silent both ways with
    /// TCP left open (a half-open peer: nothing fails, nothing arrives), while the other members
    /// are healthy. The client must notice through its PINGs, move the watch to another member
    /// without losing an event, and keep the lease alive there.
    @Suite("A half-open connection is detected and left", .faultScenarioTimeLimit)
    struct HalfOpenConnection {
        @Test(
            "detected within ping interval + timeout + 0.5 s, the watch resumes elsewhere with 0 lost, the lease is not lost",
            arguments: EtcdBinary.required)
        func halfOpen(binary: EtcdBinary) async throws {
            let pingInterval = Duration.seconds(1)
            let pingTimeout = Duration.seconds(1)
            try await withEtcdCluster(members: 3, binary: binary, profile: .fast) { cluster in
                let proxies = try cluster.makeProxies()
                defer { for proxy in proxies { proxy.stop() } }
                var configuration = clientConfiguration(for: cluster, endpoints: proxies.map(\.endpoint))
                configuration.keepAlive.interval = pingInterval
                configuration.keepAlive.timeout = pingTimeout
                configuration.streamConnection = .shared
                let direct = clientConfiguration(for: cluster, endpoints: cluster.clientEndpoints)
                try await withEtcd3Client(configuration: direct) { writer in
                    try await withEtcd3Client(configuration: configuration) { client in
                        let start = try await writer.put("/half-open-start", "").header.revision
                        let (recorder, consumer) = recordWatch(client, prefix: "/half-open/", from: start + 1)
                        let lease = try await KeptAliveLease.start(client, ttl: .seconds(5))
                        // The client connects to every member; the one whose proxy carries a
                        // large event to the client carries the streams.
                        let before = proxies.map(\.stats.bytesForwardedToClients)
                        try await writer.put("/half-open/0", EtcdBytes([UInt8](repeating: 7, count: 16 << 10)))
                        let started = await recorder.wait(timeout: .seconds(10)) { $0.eventCount >= 1 }
                        try #require(started, "the watch did not start within 10 s")
                        let carried = proxies.indices.map { proxies[$0].stats.bytesForwardedToClients - before[$0] }
                        let carrier = carried.indices.max { carried[$0] < carried[$1] }!
                        try #require(carried[carrier] >= 16 << 10, "no proxy carried the event: \(carried)")

                        let puts = Tally()
                        let stop = Flag()
                        let writing = Task {
                            try await pacedPuts(writer, prefix: "/half-open/p", every: .milliseconds(20), until: stop, into: puts)
                        }
                        try await Task.sleep(for: .milliseconds(500))
                        let silenced = ContinuousClock.now
                        proxies[carrier].blackhole(.both)
                        let resumed = await recorder.wait(timeout: .seconds(15)) { recorder in
                            recorder.resumes.contains { $0.0 > silenced }
                        }
                        let resumedAfter = recorder.resumes.first { $0.0 > silenced }.map { $0.0 - silenced }
                        try await Task.sleep(for: .seconds(6))  // longer than the lease's TTL
                        stop.set()
                        try await writing.value
                        let history = try await writeOnceHistory(writer, prefix: "/half-open/")
                        let complete = await recorder.wait(timeout: .seconds(10)) { $0.eventCount >= history.count }
                        consumer.cancel()
                        await consumer.value
                        let stillAlive = try await writer.leaseTimeToLive(lease.grant.id) != nil
                        let lost = try await lease.stop()
                        proxies[carrier].heal()
                        let check = recorder.check(history: history)
                        let bar = pingInterval + pingTimeout + .milliseconds(500)
                        print(
                            "half-open connection, \(binary.fullVersion): member \(carrier) silenced; the watch resumed "
                                + "\(resumedAfter.map { "\($0)" } ?? "never") later (bar \(bar)); \(puts.ok) puts, "
                                + "watch delivered \(recorder.eventCount): \(check); lease alive \(stillAlive), loss \(lost.map { "\($0)" } ?? "none")"
                        )
                        #expect(resumed)
                        #expect(resumedAfter.map { $0 <= bar } == true)
                        #expect(complete)
                        #expect(check.isClean, "\(check)")
                        #expect(stillAlive)
                        #expect(lost == nil)
                    }
                }
            }
        }
    }
}
