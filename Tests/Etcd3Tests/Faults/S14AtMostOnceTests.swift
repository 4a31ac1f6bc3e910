import Etcd3
import Etcd3TestSupport
import Synchronization
import Testing

extension FaultScenarios {
    /// S14: writes are never resent after their bytes left, and are resent when nothing left.
    @Suite("S14 at-most-once writes")
    struct S14AtMostOnce {
        @Test("(a) connections reset every 5–20 ms: version ≤ 1 + Put calls, failures typed")
        func resets() async throws {
            try await withEtcdCluster(members: 1, profile: .fast) { cluster in
                let proxy = try FaultProxy(inFrontOf: cluster[0])
                defer { proxy.stop() }
                var configuration = clientConfiguration(for: cluster, endpoints: [proxy.endpoint])
                configuration.requestTimeout = .seconds(5)
                configuration.retry.maxReconnectBackoff = .milliseconds(50)
                try await withEtcd3Client(configuration: configuration) { client in
                    let key = EtcdBytes("/s14/a/\(UInt64.random(in: 0...UInt64.max))")
                    let stop = Flag()
                    let resets = Locked(0)
                    let dropper = Task.detached {
                        var generator = SystemRandomNumberGenerator()
                        while !stop.isSet {
                            try? await Task.sleep(for: .milliseconds(Int.random(in: 5...20, using: &generator)))
                            proxy.dropConnections(.rst)
                            resets.withLock { $0 += 1 }
                        }
                    }
                    var calls = 0
                    var failures: [EtcdError] = []
                    var other: [String] = []
                    for i in 0..<10 {
                        // Spread the Puts so resets land before, during and after their upload.
                        try await Task.sleep(for: .milliseconds(Int.random(in: 10...60)))
                        calls += 1
                        do {
                            try await client.put(key, "\(i)")
                        } catch let error as EtcdError {
                            failures.append(error)
                        } catch {
                            other.append("\(error)")
                        }
                    }
                    stop.set()
                    await dropper.value
                    let version = try await client.get(key)?.version ?? 0
                    print(
                        "S14a: \(calls) Put calls, \(resets.withLock { $0 }) resets, key version \(version), "
                            + "failures \(failures.map { "\($0.code)" })")
                    #expect(version <= Int64(1 + calls))
                    #expect(version >= Int64(10 - failures.count))
                    #expect(failures.allSatisfy(isWriteFaultOutcome), "\(failures)")
                    #expect(other.isEmpty, "\(other)")
                    #expect(resets.withLock { $0 } >= 5)
                }
            }
        }

        @Test("(b) all members down for 2 s: 100 Puts succeed, each applied once")
        func allDown() async throws {
            try await withEtcdCluster(members: 3, profile: .fast) { cluster in
                var configuration = clientConfiguration(for: cluster, endpoints: cluster.clientEndpoints)
                configuration.requestTimeout = .seconds(10)
                try await withEtcd3Client(configuration: configuration) { client in
                    let prefix = EtcdBytes("/s14/b/\(UInt64.random(in: 0...UInt64.max))/")
                    try await client.put(prefix + "warm", "up")
                    for member in cluster.members { await member.kill() }
                    let start = ContinuousClock.now
                    let results = try await withThrowingTaskGroup(of: (Int, EtcdError?).self) { group in
                        for i in 0..<100 {
                            group.addTask {
                                do {
                                    try await client.put(prefix + "\(i)", "value-\(i)", timeout: .seconds(10))
                                    return (i, nil)
                                } catch let error as EtcdError {
                                    return (i, error)
                                }
                            }
                        }
                        try await Task.sleep(for: .seconds(2))
                        for member in cluster.members { try await member.restart(waitUntilHealthy: false) }
                        var results: [(Int, EtcdError?)] = []
                        for try await result in group { results.append(result) }
                        return results
                    }
                    let elapsed = ContinuousClock.now - start
                    let failures = results.compactMap(\.1)
                    let kvs = try await client.getPrefix(prefix)
                    let written = kvs.filter { $0.key != prefix + "warm" }
                    let revisions = Set(written.map(\.modRevision))
                    print(
                        "S14b: \(results.count) Puts, \(failures.count) failed \(failures.map { "\($0.code)" }), "
                            + "\(written.count) keys, \(revisions.count) revisions, all done after \(elapsed)")
                    #expect(failures.isEmpty, "\(failures)")
                    #expect(written.count == 100)
                    // Each value once: every key has version 1 and its own revision.
                    #expect(written.allSatisfy { $0.version == 1 && $0.createRevision == $0.modRevision })
                    #expect(revisions.count == 100)
                    #expect(Set(written.map(\.value)) == Set((0..<100).map { EtcdBytes("value-\($0)") }))
                }
            }
        }
    }
}
