import Etcd3
import Etcd3TestSupport
import Testing

extension FaultScenarios {
    /// Request-size limits: the server's 1.5 MiB (code 3), its 2 MiB receive limit (code 8,
    /// sent mid-upload) and the client's own send guard.
    @Suite("Request-size limits", .faultScenarioTimeLimit)
    struct RequestSizeLimits {
        @Test("1.6 MiB → code 3; 2.1 MiB → local guard, or the server's code 8 within 1 s; 0 retries")
        func limits() async throws {
            try await withEtcdCluster(members: 1, profile: .fast) { cluster in
                let proxy = try EtcdFaultProxy(inFrontOf: cluster[0])
                defer { proxy.stop() }
                let (logger, log) = CapturingLogHandler.logger()
                var configuration = clientConfiguration(for: cluster, endpoints: [proxy.endpoint])
                configuration.logger = logger
                let mid = EtcdBytes([UInt8](repeating: 0x61, count: 1_677_722))  // 1.6 MiB
                let big = EtcdBytes([UInt8](repeating: 0x62, count: 2_202_010))  // 2.1 MiB
                try await withEtcd3Client(configuration: configuration) { client in
                    do {
                        try await client.put("/s20/mid", mid)
                        Issue.record("1.6 MiB must be refused")
                    } catch let error as EtcdError {
                        #expect(error.code == .requestTooLarge, "\(error)")
                        #expect(error.grpcStatusCode == 3)
                    }
                    // Guard on (2 MiB): nothing leaves the client.
                    let before = proxy.stats.bytesReceivedFromClients
                    do {
                        try await client.put("/s20/big", big)
                        Issue.record("2.1 MiB must be refused by the guard")
                    } catch let error as EtcdError {
                        #expect(error.code == .requestTooLarge, "\(error)")
                        #expect(error.limit == 2 << 20)
                    }
                    #expect(proxy.stats.bytesReceivedFromClients == before)
                }
                configuration.maxSendMessageBytes = nil
                try await withEtcd3Client(configuration: configuration) { client in
                    let before = proxy.stats.bytesReceivedFromClients
                    let start = ContinuousClock.now
                    do {
                        try await client.put("/s20/big", big)
                        Issue.record("2.1 MiB must be refused by the server")
                    } catch let error as EtcdError {
                        let elapsed = ContinuousClock.now - start
                        let uploaded = proxy.stats.bytesReceivedFromClients - before
                        print("request-size limits: guard off: \(error) after \(elapsed), \(uploaded) bytes uploaded")
                        #expect(error.code == .requestTooLarge, "\(error)")
                        #expect(error.grpcStatusCode == 8)
                        #expect(elapsed <= .seconds(1))
                    }
                    #expect(log.count("etcd call retried") == 0)
                    try await client.put("/s20/after", "ok")
                }
            }
        }
    }
}
