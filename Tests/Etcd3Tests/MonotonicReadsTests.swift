import Etcd3
import Etcd3TestSupport
import Testing

/// The ordering guard of `Configuration.monotonicReads` against real 3-member clusters
/// (`Docs/KV.md`, "Monotonic reads").
@Suite("Monotonic reads against real etcd")
struct MonotonicReadsTests {
    /// One round: a follower is paused, the cluster moves on by 20 writes, readers make
    /// serializable gets round robin (those sent to the paused follower wait in its socket),
    /// then the follower resumes and answers them, from its old state when it answers before
    /// catching up.
    static func pausedFollowerRound(
        cluster: EtcdCluster, follower: Int, reader: Etcd3Client, writer: Etcd3Client, key: EtcdBytes,
        recorder: ReadOrderRecorder
    ) async throws {
        // One answer from each member, so each has an open connection.
        for _ in 0..<3 {
            await recorder.read {
                () async throws(EtcdError) -> Int64 in
                try await reader.range(key, end: nil, options: .serializableRead).header.revision
            }
        }
        try cluster[follower].pause()
        do {
            for i in 0..<20 { try await writer.put(key, "\(i)") }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<6 {
                    group.addTask {
                        for _ in 0..<12 {
                            await recorder.read {
                                () async throws(EtcdError) -> Int64 in
                                try await reader.range(key, end: nil, options: .serializableRead).header.revision
                            }
                        }
                    }
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

    /// Runs three rounds with a reader whose guard is on or off.
    static func rounds(cluster: EtcdCluster, monotonicReads: Bool) async throws -> ReadOrderRecorder.Figures {
        let leader = try await cluster.waitForLeader()
        let follower = (leader + 1) % 3
        var readerConfiguration = clientConfiguration(for: cluster, endpoints: cluster.clientEndpoints)
        readerConfiguration.monotonicReads = monotonicReads
        // Writes go to the leader only, never to the paused member.
        let writerConfiguration = clientConfiguration(for: cluster, endpoints: [cluster[leader].clientEndpoint])
        let recorder = ReadOrderRecorder()
        let key = EtcdBytes("/monotonic/\(UInt64.random(in: 0...UInt64.max))")
        try await withEtcd3Client(configuration: writerConfiguration) { writer in
            try await withEtcd3Client(configuration: readerConfiguration) { reader in
                for _ in 0..<3 {
                    try await pausedFollowerRound(
                        cluster: cluster, follower: follower, reader: reader, writer: writer, key: key,
                        recorder: recorder)
                }
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
            let unguarded = try await Self.rounds(cluster: cluster, monotonicReads: false)
            let guarded = try await Self.rounds(cluster: cluster, monotonicReads: true)
            print("monotonic reads, etcd \(binary.fullVersion): guard off: \(unguarded); guard on: \(guarded)")
            #expect(!unguarded.violations.isEmpty, "the paused follower never answered stale: \(unguarded)")
            #expect(guarded.violations.isEmpty, "\(guarded)")
            #expect(guarded.otherErrors.isEmpty, "\(guarded.otherErrors)")
            #expect(guarded.returned + guarded.staleReads == 3 * (3 + 6 * 12))
        }
    }
}
