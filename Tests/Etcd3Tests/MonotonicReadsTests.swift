import Etcd3
import Etcd3TestSupport
import Testing

/// The ordering guard of `Configuration.monotonicReads` against real 3-member clusters
/// (`Docs/KV.md`, "Monotonic reads").
@Suite("Monotonic reads against real etcd", .timeLimit(.minutes(3)))
struct MonotonicReadsTests {
    /// One round: a follower is paused, the cluster moves on by 20 writes, 6 readers make 12
    /// reads each round robin (those sent to the paused follower wait in its socket), then the
    /// follower resumes and answers them, from its old state when it answers before catching
    /// up. `read(n)` makes the n-th read of a reader; 3 warm-up reads (`n` = -1) first open a
    /// connection to each member.
    static func pausedFollowerRound(
        cluster: EtcdCluster, follower: Int, writer: Etcd3Client, key: EtcdBytes,
        read: @escaping @Sendable (Int) async -> Void
    ) async throws {
        for _ in 0..<3 { await read(-1) }
        try cluster[follower].pause()
        do {
            for i in 0..<20 { try await writer.put(key, "\(i)") }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<6 {
                    group.addTask { for n in 0..<12 { await read(n) } }
                }
                try await Task.sleep(for: .seconds(1))
                try cluster[follower].resume()
                try await group.waitForAll()
            }
        } catch {
            if cluster[follower].isPaused { try? cluster[follower].resume() }
            throw error
        }
        _ = try await cluster.waitForLeader()
    }

    /// Runs three rounds with a reader configured by `configure`; `read(reader, key, n)` as in
    /// ``pausedFollowerRound(cluster:follower:writer:key:read:)``.
    static func rounds(
        cluster: EtcdCluster, configure: (inout Etcd3Client.Configuration) -> Void,
        read: @escaping @Sendable (Etcd3Client, EtcdBytes, Int) async -> Void
    ) async throws {
        let leader = try await cluster.waitForLeader()
        let follower = (leader + 1) % 3
        var readerConfiguration = clientConfiguration(for: cluster, endpoints: cluster.clientEndpoints)
        configure(&readerConfiguration)
        // Writes go to the leader only, never to the paused member.
        let writerConfiguration = clientConfiguration(for: cluster, endpoints: [cluster[leader].clientEndpoint])
        let key = EtcdBytes("/monotonic/\(UInt64.random(in: 0...UInt64.max))")
        try await withEtcd3Client(configuration: writerConfiguration) { writer in
            try await writer.put(key, "first")
            try await withEtcd3Client(configuration: readerConfiguration) { reader in
                for _ in 0..<3 {
                    try await pausedFollowerRound(cluster: cluster, follower: follower, writer: writer, key: key) {
                        await read(reader, key, $0)
                    }
                }
            }
        }
    }

    /// Three rounds of serializable gets of the latest revision, recorded.
    static func latestReads(cluster: EtcdCluster, monotonicReads: Bool) async throws -> ReadOrderRecorder.Figures {
        let recorder = ReadOrderRecorder()
        try await rounds(cluster: cluster, configure: { $0.monotonicReads = monotonicReads }) { reader, key, _ in
            await recorder.read {
                () async throws(EtcdError) -> Int64 in
                try await reader.range(key, end: nil, options: .serializableRead).header.revision
            }
        }
        return recorder.figures
    }

    @Test(
        "serializable gets round robin never return a revision below one already returned while a follower is paused and resumed",
        arguments: EtcdBinary.required)
    func pausedFollower(binary: EtcdBinary) async throws {
        try await withEtcdCluster(members: 3, binary: binary, profile: .fast) { cluster in
            // Without the guard the same rounds must return stale answers, or they prove nothing.
            let unguarded = try await Self.latestReads(cluster: cluster, monotonicReads: false)
            let guarded = try await Self.latestReads(cluster: cluster, monotonicReads: true)
            print("monotonic reads, etcd \(binary.fullVersion): guard off: \(unguarded); guard on: \(guarded)")
            #expect(!unguarded.violations.isEmpty, "the paused follower never answered stale: \(unguarded)")
            #expect(guarded.violations.isEmpty, "\(guarded)")
            #expect(guarded.otherErrors.isEmpty, "\(guarded.otherErrors)")
            #expect(guarded.returned + guarded.staleReads == 3 * (3 + 6 * 12))
        }
    }

    @Test(
        "with one attempt, a stale answer fails with staleRead, while reads at an explicit revision are returned whoever answers",
        arguments: EtcdBinary.required)
    func oneAttempt(binary: EtcdBinary) async throws {
        try await withEtcdCluster(members: 3, binary: binary, profile: .fast) { cluster in
            let latest = ReadOrderRecorder()
            let floor = Locked<Int64>(0)
            let pinned = Locked((returned: 0, belowFloor: 0, errors: [EtcdError]()))
            let staleErrors = Locked([EtcdError]())
            try await Self.rounds(cluster: cluster, configure: { $0.retry.maxAttempts = 1 }) { reader, key, n in
                if n < 0 || n % 2 == 0 {
                    await latest.read {
                        () async throws(EtcdError) -> Int64 in
                        do throws(EtcdError) {
                            let revision = try await reader.range(key, end: nil, options: .serializableRead)
                                .header.revision
                            floor.withLock { $0 = max($0, revision) }
                            return revision
                        } catch {
                            if error.code == .staleRead { staleErrors.withLock { $0.append(error) } }
                            throw error
                        }
                    }
                } else {
                    // Revision 1: every member has it.
                    var options = EtcdRangeOptions.serializableRead
                    options.revision = 1
                    let before = floor.withLock { $0 }
                    do throws(EtcdError) {
                        let revision = try await reader.range(key, end: nil, options: options).header.revision
                        pinned.withLock {
                            $0.returned += 1
                            if revision < before { $0.belowFloor += 1 }
                        }
                    } catch {
                        pinned.withLock { $0.errors.append(error) }
                    }
                }
            }
            let figures = latest.figures
            let explicit = pinned.withLock { $0 }
            print(
                "monotonic reads, one attempt, etcd \(binary.fullVersion): latest: \(figures); at an explicit revision: "
                    + "\(explicit.returned) returned, \(explicit.belowFloor) of them answered below the floor, "
                    + "errors \(explicit.errors.map { "\($0.code)" })")
            #expect(figures.violations.isEmpty, "\(figures)")
            #expect(figures.otherErrors.isEmpty, "\(figures.otherErrors)")
            #expect(figures.staleReads > 0, "no stale answer was refused: \(figures)")
            for error in staleErrors.withLock({ $0 }) {
                #expect(!error.mayHaveBeenApplied)
                #expect(error.message.contains("already returned for a read"), "\(error)")
            }
            #expect(explicit.errors.isEmpty, "\(explicit.errors)")
            // The lagging member answered some of them, or the exemption went untested.
            #expect(explicit.belowFloor > 0, "no read at an explicit revision was answered below the floor")
            #expect(explicit.returned == 3 * 6 * 6)
        }
    }
}
