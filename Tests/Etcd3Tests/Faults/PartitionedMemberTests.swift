import Etcd3
import Etcd3TestSupport
import Testing

extension FaultScenarios {
    /// A network partition, not a process death: the member that serves a require-leader watch
    /// and a lease's keep-alives is cut off its peers while its clients still reach it (each
    /// member runs in its own network namespace). The member stays up and answers, but loses its
    /// leader; the watch must move to a healthy member without losing an event, and the lease
    /// must survive.
    @Suite("A member cut off its peers", .faultScenarioTimeLimit)
    struct PartitionedMember {
        @Test("the watch fails over ≤ 8 s after isolation with 0 lost events, the lease is not lost", arguments: EtcdBinary.required)
        func cutOffPeers(binary: EtcdBinary) async throws {
            if let reason = EtcdNamespaceNetwork.unavailableReason() {
                print("partitioned member, \(binary.fullVersion): skipped, \(reason)")
                return
            }
            var cluster = EtcdCluster.Configuration(members: 3, binary: binary, profile: .fast)
            cluster.network = .namespaces
            try await withEtcdCluster(cluster) { cluster in
                let network = try #require(cluster.network)
                let leader = try await cluster.waitForLeader()
                let isolated = (leader + 1) % 3
                let healthy = (0..<3).filter { $0 != isolated }
                // Both clients list the isolated member first, so their first long-lived
                // stream goes to it; the metrics below check that it did.
                let endpoints = ([isolated] + healthy).map { cluster[$0].clientEndpoint }
                let writerConfiguration = clientConfiguration(for: cluster, endpoints: healthy.map { cluster[$0].clientEndpoint })
                try await withEtcd3Client(configuration: writerConfiguration) { writer in
                    try await withEtcd3Client(configuration: clientConfiguration(for: cluster, endpoints: endpoints)) { watcher in
                        try await withEtcd3Client(configuration: clientConfiguration(for: cluster, endpoints: endpoints)) { leaser in
                            let start = try await writer.put("/partition-start", "").header.revision
                            let (recorder, consumer) = recordWatch(watcher, prefix: "/partition/", from: start + 1)
                            let lease = try await KeptAliveLease.start(leaser, ttl: .seconds(5))
                            try await writer.put("/partition/0", "0")
                            let started = await recorder.wait(timeout: .seconds(10)) { $0.eventCount >= 1 }
                            try #require(started, "the watch did not start within 10 s")
                            // The keep-alive's stream opens from its own task, and may not be
                            // open yet when the watch delivered its first event.
                            let streamsWait = ContinuousClock.now
                            let streams = try await waitForOpenStreams(on: cluster[isolated], within: .seconds(5))
                            let streamsOpenAfter = ContinuousClock.now - streamsWait
                            if !(streams.watch >= 1 && streams.keepAlive >= 1) {
                                var everywhere: [String] = []
                                for member in 0..<3 { everywhere.append("member \(member): \(try await openStreams(on: cluster[member]))") }
                                Issue.record("member \(isolated) does not serve both streams within 5 s; open streams: \(everywhere)")
                                return
                            }

                            let puts = Tally()
                            let stop = Flag()
                            let writing = Task {
                                try await pacedPuts(writer, prefix: "/partition/p", every: .milliseconds(20), until: stop, into: puts)
                            }
                            try await Task.sleep(for: .milliseconds(500))
                            let cut = ContinuousClock.now
                            try network.cutOffPeers(member: isolated)
                            let resumed = await recorder.wait(timeout: .seconds(15)) { recorder in
                                recorder.resumes.contains { $0.0 > cut }
                            }
                            let resumedAfter = recorder.resumes.first { $0.0 > cut }.map { $0.0 - cut }
                            // The member is up and reachable from here, but without a leader.
                            let isolatedHasLeader = try await cluster[isolated].metrics()["etcd_server_has_leader"]
                            try await Task.sleep(for: .seconds(6))  // longer than the lease's TTL
                            // The first events from the member the watch moved to.
                            let deliveredAfter = resumedAfter.flatMap { recorder.firstBatch(after: cut + $0) }.map { $0 - cut }
                            stop.set()
                            try await waitFor(writing, within: .seconds(30), "the writer's end")
                            let history = try await writeOnceHistory(writer, prefix: "/partition/")
                            let complete = await recorder.wait(timeout: .seconds(10)) { $0.eventCount >= history.count }
                            consumer.cancel()
                            await consumer.value
                            let stillAlive = try await writer.leaseTimeToLive(lease.grant.id) != nil
                            let lost = try await lease.stop()
                            try network.reconnectPeers(member: isolated)
                            let check = recorder.check(history: history)
                            print(
                                "partitioned member, \(binary.fullVersion): both streams seen on member \(isolated) \(streamsOpenAfter) after the "
                                    + "watch's first event; it cut off its peers; the watch "
                                    + "failed over \(resumedAfter.map { "\($0)" } ?? "never") after isolation (bar 8 s), first "
                                    + "events there (from the new member) \(deliveredAfter.map { "\($0)" } ?? "never") after; its has_leader "
                                    + "\(isolatedHasLeader.map { "\($0)" } ?? "?") while cut off; \(puts.ok) puts "
                                    + "(\(puts.errors.count) failed), watch delivered \(recorder.eventCount) of \(history.count): "
                                    + "\(check); lease alive \(stillAlive), loss \(lost.map { "\($0)" } ?? "none")")
                            #expect(resumed, "the watch did not fail over within 15 s")
                            #expect(isolatedHasLeader == 0, "the cut-off member still had a leader")
                            #expect(resumedAfter.map { $0 <= .seconds(8) } == true)
                            #expect(complete)
                            #expect(check.isClean, "\(check)")
                            #expect(puts.errors.isEmpty && puts.otherErrors.isEmpty, "\(puts.errors) \(puts.otherErrors)")
                            #expect(stillAlive)
                            #expect(lost == nil)
                        }
                    }
                }
            }
        }

        /// The Watch and LeaseKeepAlive calls open on `member` once both are, or as they are at
        /// the end of `limit`.
        func waitForOpenStreams(on member: EtcdMember, within limit: Duration) async throws -> (watch: Double, keepAlive: Double) {
            let end = ContinuousClock.now + limit
            while true {
                let streams = try await openStreams(on: member)
                if (streams.watch >= 1 && streams.keepAlive >= 1) || ContinuousClock.now >= end { return streams }
                try await Task.sleep(for: .milliseconds(50))
            }
        }

        /// The Watch and LeaseKeepAlive calls open on `member` (started minus handled).
        func openStreams(on member: EtcdMember) async throws -> (watch: Double, keepAlive: Double) {
            let metrics = try await member.metrics()
            func open(_ method: String) -> Double {
                func sum(_ name: String) -> Double {
                    metrics.filter { $0.key.hasPrefix(name + "{") && $0.key.contains("grpc_method=\"\(method)\"") }
                        .map(\.value).reduce(0, +)
                }
                return sum("grpc_server_started_total") - sum("grpc_server_handled_total")
            }
            return (open("Watch"), open("LeaseKeepAlive"))
        }
    }
}
