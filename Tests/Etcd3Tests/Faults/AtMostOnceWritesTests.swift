import Etcd3
import Etcd3TestSupport
import Synchronization
import Testing

extension FaultScenarios {
    /// Writes are never resent after their bytes left, and are resent when nothing left; a
    /// write reported as not applied was not applied (`Docs/Errors.md`).
    @Suite("At-most-once writes", .faultScenarioTimeLimit)
    struct AtMostOnceWrites {
        /// One round: a fresh key, then `calls` Puts one after another while the proxy resets
        /// every connection every 5 ms. The key's version counts the Puts applied, so
        /// `successes ≤ version ≤ successes + indeterminate` (errors with
        /// `mayHaveBeenApplied`) holds exactly when nothing was applied twice and every error
        /// that says "not applied" was not.
        struct Round: Sendable {
            var key: EtcdBytes
            var successes = 0
            var indeterminate = 0
            var notApplied = 0
            var unexpected: [EtcdError] = []
        }

        static func round(_ client: Etcd3Client, calls: Int) async throws -> Round {
            var round = Round(key: EtcdBytes("/at-most-once/\(UInt64.random(in: 0...UInt64.max))"))
            for i in 0..<calls {
                // Spread the Puts so resets land before, during and after their upload.
                try await Task.sleep(for: .milliseconds(Int.random(in: 0...10)))
                do throws(EtcdError) {
                    try await client.put(round.key, "\(i)")
                    round.successes += 1
                } catch {
                    if error.mayHaveBeenApplied {
                        round.indeterminate += 1
                    } else {
                        round.notApplied += 1
                        // Retries exhausted before any byte of the Put left is the only "not
                        // applied" outcome a reset may cause.
                        if error.code != .unavailable { round.unexpected.append(error) }
                    }
                }
            }
            return round
        }

        @Test("connections reset every 5 ms, 50 rounds of 10 Puts on a fresh key: successes ≤ version ≤ successes + indeterminate")
        func resets() async throws {
            let rounds = 50
            let calls = 10
            try await withEtcdCluster(members: 1, profile: .fast) { cluster in
                let proxy = try EtcdFaultProxy(inFrontOf: cluster[0])
                defer { proxy.stop() }
                var configuration = clientConfiguration(for: cluster, endpoints: [proxy.endpoint])
                configuration.requestTimeout = .seconds(5)
                configuration.retry.maxReconnectBackoff = .milliseconds(50)
                let stop = Flag()
                let resets = Locked(0)
                let results = try await withEtcd3Client(configuration: configuration) { client in
                    try await withThrowingTaskGroup(of: [Round].self) { group in
                        group.addTask {
                            while !stop.isSet {
                                try? await Task.sleep(for: .milliseconds(5))
                                proxy.dropConnections(.rst)
                                resets.withLock { $0 += 1 }
                            }
                            return []
                        }
                        defer { stop.set() }
                        var results: [Round] = []
                        for _ in 0..<rounds { results.append(try await Self.round(client, calls: calls)) }
                        return results
                    }
                }
                // Read past the proxy, after the last round: a Put still in flight on the
                // server when its connection was reset has landed by now.
                let direct = clientConfiguration(for: cluster, endpoints: cluster.clientEndpoints)
                try await withEtcd3Client(configuration: direct) { reader in
                    var totals = (successes: 0, indeterminate: 0, notApplied: 0, applied: 0)
                    for (index, round) in results.enumerated() {
                        let version = Int(try await reader.get(round.key)?.version ?? 0)
                        totals.successes += round.successes
                        totals.indeterminate += round.indeterminate
                        totals.notApplied += round.notApplied
                        totals.applied += version
                        let outcome =
                            "round \(index): \(round.successes) succeeded, \(round.indeterminate) indeterminate, "
                            + "\(round.notApplied) not applied, the key's version is \(version)"
                        #expect(
                            round.successes <= version && version <= round.successes + round.indeterminate,
                            "\(outcome)")
                        #expect(round.unexpected.isEmpty, "round \(index): \(round.unexpected)")
                    }
                    print(
                        "at-most-once: \(rounds) rounds × \(calls) Puts, \(resets.withLock { $0 }) resets; "
                            + "\(totals.successes) succeeded, \(totals.indeterminate) indeterminate, "
                            + "\(totals.notApplied) not applied; \(totals.applied) applied in all")
                    #expect(resets.withLock { $0 } >= rounds)
                    // The resets must leave room for both outcomes, or the bound proves little.
                    #expect(totals.successes > 0)
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
                        "at-most-once, all down: \(results.count) Puts, \(failures.count) failed \(failures.map { "\($0.code)" }), "
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
