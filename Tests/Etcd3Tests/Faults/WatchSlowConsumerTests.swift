import Etcd3TestSupport
import Testing

@testable import Etcd3

extension FaultScenarios {
    /// A watch consumer that stops reading while large values flow, beside unary calls
    /// on the same client.
    ///
    /// The stall is 10 s instead of 20 s (about 200 puts of 100 KiB instead of 400).
    @Suite("A watch consumer that stops reading", .faultScenarioTimeLimit)
    struct WatchSlowConsumer {
        static let value = EtcdBytes([UInt8](repeating: 0x5A, count: 100 << 10))

        @Test(
            "backpressure: unary p99 ≤ 100 ms, the buffer stays within its bound, nothing lost",
            arguments: Mode.allCases)
        func backpressure(mode: Mode) async throws {
            try await withEtcdCluster(members: 1, tls: mode.tlsMode, profile: .fast) { cluster in
                var configuration = clientConfiguration(for: cluster, endpoints: cluster.clientEndpoints)
                configuration.watchBufferSize = 16
                configuration.slowWatchConsumer = .backpressure
                try await withEtcd3Client(configuration: configuration) { writer in
                    try await withEtcd3Client(configuration: configuration) { client in
                        try await client.put("/s19c-get", "v")
                        let start = try await writer.put("/s19c-start", "").header.revision
                        let watch = client.watchPrefix("/s19c/", options: EtcdWatchOptions(startRevision: start + 1))
                        let written = Locked(0)
                        // How many events the reader waits for: known before the last put.
                        let expected = Locked(Int.max)
                        let stall = Duration.seconds(10)
                        let began = ContinuousClock.now
                        let reader = Task {
                            try await Task.sleep(for: stall)
                            var revisions: [Int64] = []
                            for try await event in watch {
                                revisions.append(event.revision)
                                if revisions.count == expected.withLock({ $0 }) { break }
                            }
                            return revisions
                        }
                        let writing = Task {
                            var i = 0
                            while ContinuousClock.now - began < stall {
                                i += 1
                                try await writer.put("/s19c/\(i)", Self.value)
                                written.withLock { $0 += 1 }
                                try await Task.sleep(for: .milliseconds(40))
                            }
                        }
                        var latencies: [Duration] = []
                        for _ in 0..<1_000 {
                            let call = ContinuousClock.now
                            _ = try await client.get("/s19c-get")
                            latencies.append(ContinuousClock.now - call)
                            try await Task.sleep(for: .milliseconds(8))
                        }
                        let peakDuringStall = client.watches.statistics.peakBufferedEvents
                        try await writing.value
                        // A last put wakes a reader that already took every event.
                        expected.withLock { $0 = written.withLock { $0 } + 1 }
                        try await writer.put("/s19c/zz-last", "")
                        written.withLock { $0 += 1 }
                        let revisions = try await waitFor(reader, within: .seconds(60), "catching up on every event")
                        let statistics = client.watches.statistics
                        let p99 = quantile(latencies, 0.99) ?? .seconds(999)
                        let ordered = zip(revisions, revisions.dropFirst()).allSatisfy { $0 < $1 }
                        print(
                            "slow watch consumer, \(mode): \(written.withLock { $0 }) puts of 100 KiB, 1,000 gets p99 \(p99) max \(latencies.max()!); "
                                + "watch buffer peak \(statistics.peakBufferedEvents) events (bound 16, \(peakDuringStall) "
                                + "during the stall); delivered \(revisions.count) in order: \(ordered)")
                        #expect(p99 <= .milliseconds(100))
                        #expect(statistics.peakBufferedEvents <= 16)
                        #expect(revisions.count == written.withLock { $0 })
                        #expect(ordered)
                    }
                }
            }
        }

        @Test("cancel: only the slow watcher ends, with .slowConsumer after what it buffered")
        func cancel() async throws {
            try await withEtcdCluster(members: 1, profile: .fast) { cluster in
                var configuration = clientConfiguration(for: cluster, endpoints: cluster.clientEndpoints)
                configuration.watchBufferSize = 32
                configuration.slowWatchConsumer = .cancel
                try await withEtcd3Client(configuration: configuration) { client in
                    let start = try await client.put("/s19c-start", "").header.revision
                    let options = EtcdWatchOptions(startRevision: start + 1)
                    let slow = client.watchPrefix("/s19c/", options: options)
                    let fast = client.watchPrefix("/s19c/", options: options)
                    let fastReader = Task {
                        var count = 0
                        for try await _ in fast {
                            count += 1
                            if count == 100 { break }
                        }
                        return count
                    }
                    // Paced, so the prompt reader keeps up even on a loaded machine.
                    for i in 0..<100 {
                        try await client.put("/s19c/\(i)", EtcdBytes([UInt8](repeating: 1, count: 10 << 10)))
                        try await Task.sleep(for: .milliseconds(5))
                    }
                    let fastCount = try await waitFor(fastReader, within: .seconds(30), "the prompt watcher's 100 events")
                    let slowReader = Task { () -> (Int, EtcdError?) in
                        var slowCount = 0
                        do {
                            for try await _ in slow { slowCount += 1 }
                        } catch let error as EtcdError {
                            return (slowCount, error)
                        }
                        return (slowCount, nil)
                    }
                    let (slowCount, ending) = try await waitFor(slowReader, within: .seconds(30), "the slow watcher's end")
                    let statistics = client.watches.statistics
                    print(
                        "slow watch consumer, cancel: the prompt watcher got \(fastCount) of 100; the slow one got \(slowCount) "
                            + "then \(String(describing: ending?.code)); peak buffer \(statistics.peakBufferedEvents), "
                            + "\(statistics.slowConsumersCancelled) cancelled")
                    #expect(fastCount == 100)
                    #expect(ending?.code == .slowConsumer)
                    #expect(slowCount >= 1 && slowCount <= 32)
                    #expect(statistics.peakBufferedEvents <= 32)
                    #expect(statistics.slowConsumersCancelled == 1)
                }
            }
        }
    }
}
