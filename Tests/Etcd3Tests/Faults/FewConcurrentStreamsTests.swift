import Etcd3
import Etcd3TestSupport
import Testing

extension FaultScenarios {
    /// The server allows 4 concurrent streams per connection; the client runs 200 calls at
    /// once (plus a few slow large reads) over one connection.
    @Suite("A server that allows few concurrent streams", .faultScenarioTimeLimit)
    struct FewConcurrentStreams {
        @Test("--max-concurrent-streams 4: 200 concurrent calls, 0 errors, ≤ 5 s")
        func fewStreams() async throws {
            try await withEtcdCluster(
                members: 1, profile: .fast, extraArguments: ["--max-concurrent-streams", "4"]
            ) { cluster in
                let configuration = clientConfiguration(for: cluster, endpoints: cluster.clientEndpoints)
                try await withEtcd3Client(configuration: configuration) { client in
                    let big = EtcdBytes([UInt8](repeating: 7, count: 1 << 20))
                    for i in 0..<4 { try await client.put("/s21/big/\(i)", big) }
                    let calls = Tally()
                    let start = ContinuousClock.now
                    await withTaskGroup(of: Void.self) { group in
                        for i in 0..<4 {
                            // The long ones: 4 MiB reads.
                            group.addTask { await calls.record { _ = try await client.getPrefix("/s21/big/") } }
                            _ = i
                        }
                        for i in 0..<200 {
                            group.addTask {
                                await calls.record {
                                    if i % 2 == 0 {
                                        try await client.put("/s21/k/\(i)", "\(i)")
                                    } else {
                                        _ = try await client.get("/s21/k/\(i - 1)")
                                    }
                                }
                            }
                        }
                    }
                    let elapsed = ContinuousClock.now - start
                    print(
                        "few concurrent streams: \(calls.ok) ok, \(calls.errors.count + calls.otherErrors.count) errors \(calls.errors.prefix(3)), "
                            + "all done in \(elapsed), longest \(calls.maxLatency)")
                    #expect(calls.ok == 204)
                    #expect(calls.errors.isEmpty)
                    #expect(elapsed <= .seconds(5))
                }
            }
        }
    }
}
