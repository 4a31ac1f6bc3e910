import Etcd3
import Etcd3TestSupport
import Testing

extension FaultScenarios {
    /// The watch's member loses its leader because the
    /// other two members stop. No endpoint can serve a require-leader watch, so the watch must
    /// end with a typed `.noLeader` within 8 s, never go silent.
    @Suite("A require-leader watch whose member loses its leader", .faultScenarioTimeLimit)
    struct WatchWithoutLeader {
        @Test("quorum lost: the watch ends with .noLeader ≤ 8 s after the stop")
        func noLeader() async throws {
            try await withEtcdCluster(members: 3, profile: .fast) { cluster in
                _ = try await cluster.waitForLeader()
                var configuration = clientConfiguration(for: cluster, endpoints: cluster.clientEndpoints)
                configuration.retry.maxReconnectBackoff = .milliseconds(200)
                try await withEtcd3Client(configuration: configuration) { client in
                    let from = try await client.put("/s8/origin", "").header.revision + 1
                    let watch = client.watchPrefix("/s8/k/", options: EtcdWatchOptions(startRevision: from))
                    let firstEvent = Locked<EtcdBytes?>(nil)
                    let reader = Task { () -> (more: Int, ending: EtcdError?) in
                        var more = 0
                        do {
                            for try await event in watch {
                                if firstEvent.withLock({ $0 }) == nil {
                                    firstEvent.withLock { $0 = event.kv.value }
                                } else {
                                    more += 1
                                }
                            }
                        } catch let error as EtcdError {
                            return (more, error)
                        }
                        return (more, nil)
                    }
                    try await client.put("/s8/k/1", "1")
                    let deadline = ContinuousClock.now + .seconds(10)
                    while firstEvent.withLock({ $0 }) == nil, ContinuousClock.now < deadline {
                        try await Task.sleep(for: .milliseconds(20))
                    }
                    try #require(firstEvent.withLock { $0 } == "1", "the first event did not arrive within 10 s")

                    let stopped = ContinuousClock.now
                    async let first: Void = cluster[1].kill()
                    async let second: Void = cluster[2].kill()
                    _ = await (first, second)
                    let (more, ending) = try await waitFor(reader, within: .seconds(30), "the watch's end after the quorum loss")
                    let elapsed = ContinuousClock.now - stopped
                    print(
                        "watch without a leader: watch ended \(elapsed) after quorum loss with \(ending.map { "\($0)" } ?? "no error"); \(more) more events"
                    )
                    #expect(ending?.code == .noLeader, "\(String(describing: ending))")
                    #expect(elapsed <= .seconds(8))
                    #expect(more == 0)
                }
            }
        }
    }
}
