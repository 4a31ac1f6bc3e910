import Etcd3TestSupport
import Testing

@testable import Etcd3

/// The member carrying the watch stream is stopped and restarted over and over,
/// alternating SIGTERM and SIGKILL, while puts flow.
///
/// The watch starts on m1, reached through a proxy (endpoints proxy(m1), m2, m3). After the
/// first stop it carries on at another member, so each later cycle stops whichever member
/// carries the stream then: every cycle hits the watch's own endpoint, through both shutdown
/// paths (FIN only on plaintext, RST_STREAM + GOAWAY on TLS).
///
/// Scaled down from 10 cycles and 2,000 puts to 4 cycles and about 900 puts (same 100 puts/s),
/// so each mode takes about 12 s. `ETCD3_SOAK=1` runs the full 10 cycles.
extension FaultScenarios {
    @Suite("A watch while its endpoint restarts", .faultScenarioTimeLimit)
    struct WatchWhileEndpointRestarts {
        @Test("0 lost, 0 dup, 0 reorder, 0 user-visible errors", arguments: Mode.allCases)
        func restarts(mode: Mode) async throws {
            try await withEtcdCluster(members: 3, tls: mode.tlsMode, profile: .fast) { cluster in
                let proxies = try cluster.makeProxies()
                defer { for proxy in proxies { proxy.stop() } }
                let endpoints = [proxies[0].endpoint, cluster[1].clientEndpoint, cluster[2].clientEndpoint]
                var watchConfiguration = clientConfiguration(for: cluster, endpoints: endpoints)
                watchConfiguration.keepAlive.interval = .seconds(1)
                watchConfiguration.keepAlive.timeout = .seconds(1)
                let writerConfiguration = clientConfiguration(for: cluster, endpoints: cluster.clientEndpoints)
                try await withEtcd3Client(configuration: writerConfiguration) { writer in
                    try await withEtcd3Client(configuration: watchConfiguration) { watcher in
                        let start = try await writer.put("/s2w-start", "").header.revision
                        let recorder = WatchRecorder()
                        let consumer = Task {
                            await recorder.consume(
                                watcher.watchPrefix("/s2w/", options: EtcdWatchOptions(startRevision: start + 1)))
                        }
                        let puts = Tally()
                        let stop = Flag()
                        var stopped: [Int] = []
                        var stops: [ContinuousClock.Instant] = []
                        try await withThrowingTaskGroup(of: Void.self) { group in
                            // 100 puts/s.
                            group.addTask {
                                try await pacedPuts(
                                    writer, prefix: "/s2w/", every: .milliseconds(10), until: stop, into: puts)
                            }
                            for cycle in 0..<scenarioSize(4, soak: 10) {
                                try await Task.sleep(for: .milliseconds(1000))
                                let port = watcher.watches.streamPort
                                let target =
                                    port == proxies[0].port ? 0 : (0..<3).first { cluster[$0].clientPort == port } ?? 0
                                stopped.append(target)
                                stops.append(.now)
                                if cycle % 2 == 0 {
                                    _ = await cluster[target].terminate()
                                } else {
                                    await cluster[target].kill()
                                }
                                try await Task.sleep(for: .milliseconds(700))
                                try await cluster[target].restart()
                                _ = try await cluster.waitForLeader()
                            }
                            try await Task.sleep(for: .milliseconds(1000))
                            stop.set()
                            try await group.waitForAll()
                        }
                        let history = try await writeOnceHistory(writer, prefix: "/s2w/")
                        let complete = await recorder.wait(timeout: .seconds(10)) { $0.eventCount >= history.count }
                        consumer.cancel()
                        await consumer.value
                        let check = recorder.check(history: history)
                        let resumes = recorder.resumes.map(\.0)
                        let switches = stops.compactMap { stop in resumes.first { $0 > stop }.map { $0 - stop } }
                        print(
                            "watch while its endpoint restarts, watch \(mode): members stopped \(stopped); \(puts.ok) puts acknowledged, "
                                + "\(puts.errors.count) failed \(Set(puts.errors.map(\.code))); "
                                + "watch delivered \(recorder.eventCount), \(recorder.resumes.count) resumes "
                                + "\(switches.map { ($0.seconds * 1000).rounded() }) ms after the stops, "
                                + "ended with \(String(describing: recorder.ending)); \(check); "
                                + "\(proxies[0].stats.acceptedConnections) connections through m1's proxy")
                        #expect(complete)
                        #expect(check.isClean, "\(check)")
                        #expect(
                            puts.errors.allSatisfy { isWriteFaultOutcome($0) || $0.code == .deadlineExceeded },
                            "unexpected: \(puts.errors.filter { !(isWriteFaultOutcome($0) || $0.code == .deadlineExceeded) })")
                        #expect(history.count >= puts.ok)
                        // The watch was re-established after every stop.
                        #expect(recorder.resumes.count >= 4)
                        #expect(switches.count == stops.count)
                        #expect(switches.allSatisfy { $0 <= .seconds(2) })
                        #expect(recorder.ending == nil, "\(String(describing: recorder.ending))")
                    }
                }
            }
        }
    }
}
