import Etcd3
import Etcd3TestSupport
import Testing

extension FaultScenarios {
    /// The backend quota fills up. Writes and lease grants fail with `.noSpace` and are not
    /// retried (an operator must compact, defragment and disarm); reads and deletes still work.
    @Suite("A full backend quota (NOSPACE)", .faultScenarioTimeLimit)
    struct NoSpace {
        @Test("1 MiB puts into a 16 MiB quota: .noSpace with 0 retries; Range and Delete work; LeaseGrant is .noSpace")
        func noSpace() async throws {
            try await withEtcdCluster(members: 1, profile: .fast, extraArguments: ["--quota-backend-bytes=16777216"]) {
                cluster in
                let (logger, log) = CapturingLogHandler.logger()
                var configuration = clientConfiguration(for: cluster, endpoints: cluster.clientEndpoints)
                configuration.logger = logger
                let value = EtcdBytes([UInt8](repeating: 0x6E, count: 1 << 20))
                try await withEtcd3Client(configuration: configuration) { client in
                    var stored = 0
                    var failure: EtcdError?
                    for i in 0..<40 {
                        do {
                            try await client.put("/s26/\(i)", value)
                            stored += 1
                        } catch let error as EtcdError {
                            failure = error
                            break
                        }
                    }
                    let retries = log.count("etcd call retried")
                    print("NOSPACE: \(stored) puts of 1 MiB stored, then \(failure.map { "\($0)" } ?? "no failure"); \(retries) retries")
                    #expect(failure?.code == .noSpace, "\(String(describing: failure))")
                    #expect(failure?.grpcStatusCode == 8)
                    #expect(stored >= 5, "the quota holds several values before it is full")
                    #expect(retries == 0, "a full quota is not retried")

                    // Reads and deletes still work; grants are refused like puts.
                    #expect(try await client.get("/s26/0")?.value == value)
                    #expect(try await client.delete("/s26/0").deleted == 1)
                    await expectError(.noSpace) { _ = try await client.grantLease(ttl: .seconds(10)) }
                    await expectError(.noSpace) { try await client.put("/s26/small", "x") }
                }
            }
        }
    }
}
