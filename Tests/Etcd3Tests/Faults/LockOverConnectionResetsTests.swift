import Etcd3
import Etcd3TestSupport
import Testing

extension FaultScenarios {
    /// Heavy on the machine (thousands of resets): runs in the fault phase, not beside the main suite.
    @Suite("Locks over connection resets", .faultScenarioTimeLimit)
    struct LockOverResetsTests {
        @Test(
            "lock and release cycles whose connections reset every 1-4 ms never hold twice and leave no key behind but a late-applied create's",
            arguments: ServerUnderTest.plaintext)
        func cyclesOverResets(server: ServerUnderTest) async throws {
            try await withEtcdCluster(members: 1, binary: server.binary) { cluster in
                let proxy = try EtcdFaultProxy(inFrontOf: cluster[0])
                defer { proxy.stop() }
                var configuration = ServerUnderTest.configuration(for: cluster, endpoints: [proxy.endpoint])
                configuration.requestTimeout = .seconds(5)
                configuration.retry.maxReconnectBackoff = .milliseconds(50)
                try await withEtcd3Client(configuration: ServerUnderTest.configuration(for: cluster)) { observer in
                    try await withEtcd3Client(configuration: configuration) { client in
                        let session = try await observer.session(ttl: .seconds(30))
                        // The contender's session lives on the steady client; its calls go through
                        // the proxy.
                        let contender = try await client.session(lease: session.lease)
                        let stop = Flag()
                        let resets = Locked(0)
                        let dropper = Task.detached {
                            while !stop.isSet {
                                try? await Task.sleep(for: .milliseconds(Int.random(in: 1...4)))
                                proxy.dropConnections(.rst)
                                resets.withLock { $0 += 1 }
                            }
                        }
                        var held = 0
                        var failures: [String: Int] = [:]
                        for i in 0..<200 {
                            let name = EtcdBytes("/resets/\(i % 5)")
                            var createMayApplyLate = false
                            do {
                                let lock = try await client.lock(name, session: contender, timeout: .seconds(3))
                                held += 1
                                // While held, the key is the only one under the name.
                                #expect(try await observer.getPrefix(name + "/").map(\.createRevision) == [lock.fence])
                                do {
                                    try await lock.release()
                                } catch {
                                    failures["release \((error as? EtcdError)?.code.description ?? "\(error)")", default: 0] += 1
                                    // Not known to be released: do it from the steady side.
                                    _ = try await observer.transaction(compare: [lock.fenceCompare], success: [.delete(lock.key)])
                                }
                            } catch {
                                failures["lock \((error as? EtcdError)?.code.description ?? "\(error)")", default: 0] += 1
                                createMayApplyLate = (error as? EtcdError)?.mayHaveBeenApplied ?? false
                            }
                            // Nothing is left under the name once the call ended, except after an
                            // acquisition whose create had no answer: the server may apply it after
                            // the clean-up ran. Such a key is the session's, and goes with it.
                            let left = try await observer.getPrefix(name + "/")
                            if createMayApplyLate {
                                #expect(left.allSatisfy { $0.lease == session.lease }, "cycle \(i): \(left)")
                                for kv in left {
                                    _ = try await observer.transaction(
                                        compare: [.createRevision(kv.key) == kv.createRevision], success: [.delete(kv.key)])
                                }
                            } else {
                                #expect(left.isEmpty, "cycle \(i): \(failures)")
                            }
                        }
                        stop.set()
                        await dropper.value
                        print("locks over resets: \(held) of 200, \(resets.withLock { $0 }) resets, failures \(failures)")
                        #expect(held > 0)
                        #expect(resets.withLock { $0 } >= 10)
                        await contender.close()
                        await session.close()
                    }
                }
            }
        }
    }
}
