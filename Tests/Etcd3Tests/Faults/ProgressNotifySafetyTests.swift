import Etcd3
import Etcd3TestSupport
import Testing

extension FaultScenarios {
    /// Progress notifications never move a watcher's resume point (etcd #15220: on 3.4 a
    /// RequestProgress reply can name a revision whose events were not all sent yet).
    @Suite("Progress notifications never move a watch's resume point", .faultScenarioTimeLimit)
    struct ProgressNotifySafety {
        @Test("catch-up from rev 1 with RequestProgress every 50 ms and 3 resets: 0 lost, 0 dup", arguments: EtcdBinary.required)
        func progressDuringCatchUp(binary: EtcdBinary) async throws {
            try await withEtcdCluster(members: 1, binary: binary, profile: .fast) { cluster in
                let proxy = try EtcdFaultProxy(inFrontOf: cluster[0])
                defer { proxy.stop() }
                let count = 50_000
                let first: Int64
                do {
                    let writer = try await Etcd3Client(configuration: clientConfiguration(for: cluster, endpoints: cluster.clientEndpoints))
                    first = try await writer.put("/s4/start", "").header.revision + 1
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        for worker in 0..<32 {
                            group.addTask {
                                for i in stride(from: worker, to: count, by: 32) {
                                    try await writer.put("/s4/k/\(i)", "\(i)")
                                }
                            }
                        }
                        try await group.waitForAll()
                    }
                    await writer.close()
                }
                let last = first + Int64(count) - 1

                var configuration = clientConfiguration(for: cluster, endpoints: [proxy.endpoint])
                configuration.retry.maxReconnectBackoff = .milliseconds(100)
                try await withEtcd3Client(configuration: configuration) { client in
                    let options = EtcdWatchOptions(startRevision: first, progressNotify: true)
                    let asker = Task {
                        while !Task.isCancelled {
                            client.requestWatchProgress()
                            try? await Task.sleep(for: .milliseconds(50))
                        }
                    }
                    defer { asker.cancel() }
                    let start = ContinuousClock.now
                    let catchUp = Task { () -> (revisions: [Int64], progressBelowDelivered: Int, progressCount: Int, resets: Int) in
                        var revisions: [Int64] = []
                        revisions.reserveCapacity(count)
                        var progressBelowDelivered = 0
                        var progressCount = 0
                        var resets = 0
                        let resetPoints = [count / 4, count / 2, 3 * count / 4]
                        for try await update in client.watchPrefix("/s4/k/", options: options).updates {
                            switch update {
                            case .events(let events):
                                revisions += events.map(\.revision)
                                if resets < resetPoints.count, revisions.count >= resetPoints[resets] {
                                    proxy.dropConnections(.rst)
                                    resets += 1
                                }
                            case .progress(let revision):
                                progressCount += 1
                                if let delivered = revisions.last, revision < delivered { progressBelowDelivered += 1 }
                            default:
                                break
                            }
                            if revisions.last == last { break }
                        }
                        return (revisions, progressBelowDelivered, progressCount, resets)
                    }
                    let (revisions, progressBelowDelivered, progressCount, resets) = try await waitFor(
                        catchUp, within: .seconds(scenarioSize(120, soak: 1_200)), "catching up to revision \(last)")
                    let expected = Array(first...last)
                    let lost = Set(expected).subtracting(revisions).count
                    let duplicates = revisions.count - Set(revisions).count
                    print(
                        "progress notifications, \(binary.fullVersion): \(revisions.count) events of \(count), lost \(lost), dup \(duplicates), "
                            + "\(resets) resets, \(progressCount) progress updates (\(progressBelowDelivered) below the "
                            + "last event), caught up in \(ContinuousClock.now - start)")
                    #expect(revisions == expected, "lost \(lost), dup \(duplicates)")
                    #expect(resets == 3)
                    #expect(progressCount > 0, "on-demand progress replies arrive")
                    #expect(progressBelowDelivered == 0)
                }
            }
        }
    }
}
