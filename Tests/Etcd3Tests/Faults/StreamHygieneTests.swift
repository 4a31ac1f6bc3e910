import Etcd3
import Etcd3TestSupport
import Foundation
import Testing

extension FaultScenarios {
    /// Cancelled watches and closed clients leave nothing behind, on the server (watchers,
    /// watch streams, open Watch and LeaseKeepAlive calls) or in the client process (descriptors,
    /// memory).
    @Suite("Cancelled watches and closed clients leave nothing behind", .faultScenarioTimeLimit)
    struct StreamHygiene {
        struct ServerCounts: Equatable, CustomStringConvertible {
            var watchers: Double
            var watchStreams: Double
            var openWatchCalls: Double
            var openKeepAliveCalls: Double
            var description: String {
                "watchers \(watchers), watch streams \(watchStreams), open Watch calls \(openWatchCalls), "
                    + "open LeaseKeepAlive calls \(openKeepAliveCalls)"
            }
        }

        static func counts(_ cluster: EtcdCluster) async throws -> ServerCounts {
            let metrics = try await cluster.metrics(member: 0)
            func open(_ method: String) -> Double {
                func sum(_ name: String) -> Double {
                    metrics.filter { $0.key.hasPrefix(name + "{") && $0.key.contains("grpc_method=\"\(method)\"") }
                        .map(\.value).reduce(0, +)
                }
                return sum("grpc_server_started_total") - sum("grpc_server_handled_total")
            }
            return ServerCounts(
                watchers: metrics["etcd_debugging_mvcc_watcher_total"] ?? -1,
                watchStreams: metrics["etcd_debugging_mvcc_watch_stream_total"] ?? -1,
                openWatchCalls: open("Watch"), openKeepAliveCalls: open("LeaseKeepAlive"))
        }

        static func descriptors() -> Int {
            (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count) ?? -1
        }

        static func residentBytes() -> Int {
            guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8),
                let pages = text.split(separator: " ").dropFirst().first.flatMap({ Int($0) })
            else { return -1 }
            return pages * 4096
        }

        @Test("server watchers, streams and calls back to baseline ± 0; client fds ± 2; RSS growth < 16 MiB")
        func hygiene() async throws {
            try await withEtcdCluster(members: 1, profile: .fast) { cluster in
                let configuration = clientConfiguration(for: cluster, endpoints: cluster.clientEndpoints)
                let baseline = try await Self.counts(cluster)
                let fds = Self.descriptors()
                let rss = Self.residentBytes()

                // 10,000 watches, 100 at a time: each batch is created on the server, then cancelled.
                var batchesCreated = 0
                try await withEtcd3Client(configuration: configuration) { client in
                    for batch in 0..<100 {
                        // The previous batch's cancels reach the server after its consumers end.
                        let drained = ContinuousClock.now + .seconds(10)
                        while try await Self.counts(cluster).watchers > baseline.watchers,
                            ContinuousClock.now < drained
                        {
                            try await Task.sleep(for: .milliseconds(20))
                        }
                        let tasks = (0..<100).map { i in
                            Task { for try await _ in client.watch("/s7/\(batch)/\(i)") {} }
                        }
                        let created = ContinuousClock.now + .seconds(10)
                        while try await Self.counts(cluster).watchers < baseline.watchers + 100,
                            ContinuousClock.now < created
                        {
                            try await Task.sleep(for: .milliseconds(20))
                        }
                        if try await Self.counts(cluster).watchers >= baseline.watchers + 100 { batchesCreated += 1 }
                        for task in tasks { task.cancel() }
                        for task in tasks { _ = await task.result }
                    }
                }

                // 100 clients, each with 10 watches and a keep-alive, closed with everything open.
                for round in 0..<100 {
                    let client = try await Etcd3Client(configuration: configuration)
                    let watches = (0..<10).map { i in Task { for try await _ in client.watch("/s7/c/\(round)/\(i)") {} } }
                    let lease = try await client.grantLease(ttl: .seconds(30))
                    let keepAlive = client.keepAlive(lease)
                    _ = try await waitFor(
                        Task {
                            var acks = keepAlive.makeAsyncIterator()
                            return try await acks.next()
                        }, within: .seconds(30), "the keep-alive's first acknowledgement")
                    await client.close()
                    for watch in watches { _ = await watch.result }
                }

                let settled = ContinuousClock.now + .seconds(5)
                var after = try await Self.counts(cluster)
                while after != baseline, ContinuousClock.now < settled {
                    try await Task.sleep(for: .milliseconds(100))
                    after = try await Self.counts(cluster)
                }
                let fdsAfter = Self.descriptors()
                let growth = Self.residentBytes() - rss
                print(
                    "stream hygiene: \(batchesCreated) batches of 100 watches live then cancelled; server before [\(baseline)], after [\(after)]; client fds \(fds) → \(fdsAfter), RSS growth \(growth >> 10) KiB"
                )
                #expect(batchesCreated == 100, "every batch of 100 watches was live on the server")
                #expect(after == baseline)
                #expect(abs(fdsAfter - fds) <= 2)
                #expect(growth < 16 << 20)
            }
        }
    }
}
