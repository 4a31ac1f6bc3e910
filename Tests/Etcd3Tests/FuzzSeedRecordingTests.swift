import Etcd3
import Etcd3Messages
import Etcd3TestSupport
import Foundation
import Testing

/// Records the responses of a real etcd, through the fault proxy's tap, for the fuzz targets'
/// seed corpora (`Docs/Fuzzing.md`). Each kind of call gets its own client and recording, so
/// every message of a recording is of that kind's response type; the test checks that each
/// one decodes as that type.
///
/// With `ETCD3_RECORD_FUZZ_SEEDS=1` it also writes the seeds into `Tests/Fuzz/Corpus/`:
/// `ResponseDecoding/` and `ResponseConversion/` (type byte, cap byte, message) and
/// `GRPCDeframing/` (options, no splits, a stream's whole body).
@Suite("Fuzz seeds recorded from real etcd traffic", .timeLimit(.minutes(3)))
struct FuzzSeedRecordingTests {
    struct Recording: Sendable {
        /// The seed files' name part.
        var name: String
        /// The message's index in `ResponseDecodingFuzz.responses` (the seeds' byte 0).
        var typeIndex: UInt8
        /// Decodes one message as the expected response type.
        var decode: @Sendable ([UInt8]) throws -> Void
        /// The calls, made by a client that goes through the tapped proxy; `direct` writes on
        /// the side without being recorded.
        var calls: @Sendable (_ client: Etcd3Client, _ direct: Etcd3Client) async throws -> Void
    }

    static let recordings: [Recording] = [
        Recording(name: "range", typeIndex: 0, decode: { _ = try Etcdserverpb.RangeResponse(wireBytes: $0) }) { client, _ in
            _ = try await client.get("/seed/a")
            _ = try await client.getPrefix("/seed/")
            _ = try await client.get("/seed/missing")
        },
        Recording(name: "put", typeIndex: 1, decode: { _ = try Etcdserverpb.PutResponse(wireBytes: $0) }) { client, _ in
            try await client.put("/seed/p", "1")
            try await client.put("/seed/p", "2", options: EtcdPutOptions(prevKV: true))
        },
        Recording(name: "delete-range", typeIndex: 2, decode: { _ = try Etcdserverpb.DeleteRangeResponse(wireBytes: $0) }) {
            client, direct in
            try await direct.put("/seed/d/1", "x")
            try await direct.put("/seed/d/2", "y")
            try await client.delete("/seed/d/1", prevKV: true)
            try await client.deletePrefix("/seed/d/")
        },
        Recording(name: "txn", typeIndex: 3, decode: { _ = try Etcdserverpb.TxnResponse(wireBytes: $0) }) { client, _ in
            _ = try await client.transaction(
                compare: [.value("/seed/a") == "1"],
                success: [.get("/seed/a"), .put("/seed/t", "1", options: EtcdPutOptions(prevKV: true)), .delete("/seed/t0", prevKV: true)],
                failure: [.getPrefix("/seed/")])
            _ = try await client.transaction(compare: [.version("/seed/a") == 99], success: [], failure: [.getPrefix("/seed/")])
        },
        Recording(name: "watch", typeIndex: 5, decode: { _ = try Etcdserverpb.WatchResponse(wireBytes: $0) }) { client, direct in
            let from = try await direct.put("/seed/w/0", "0").header.revision
            let lease = try await direct.grantLease(ttl: .seconds(60))
            try await direct.put("/seed/w/1", "1", lease: lease.id)
            try await direct.delete("/seed/w/0")
            var events = 0
            for try await _ in client.watchPrefix("/seed/w/", options: EtcdWatchOptions(startRevision: from)) {
                events += 1
                if events == 3 { break }
            }
        },
        Recording(name: "lease-grant", typeIndex: 28, decode: { _ = try Etcdserverpb.LeaseGrantResponse(wireBytes: $0) }) {
            client, _ in
            _ = try await client.grantLease(ttl: .seconds(30))
        },
        Recording(name: "lease-keep-alive", typeIndex: 29, decode: { _ = try Etcdserverpb.LeaseKeepAliveResponse(wireBytes: $0) }) {
            client, direct in
            let lease = try await direct.grantLease(ttl: .seconds(30))
            _ = try await client.keepAliveOnce(lease.id)
        },
        Recording(name: "lease-leases", typeIndex: 30, decode: { _ = try Etcdserverpb.LeaseLeasesResponse(wireBytes: $0) }) {
            client, _ in
            _ = try await client.leases()
        },
        Recording(name: "lease-revoke", typeIndex: 31, decode: { _ = try Etcdserverpb.LeaseRevokeResponse(wireBytes: $0) }) {
            client, direct in
            let lease = try await direct.grantLease(ttl: .seconds(30))
            try await client.revokeLease(lease.id)
        },
        Recording(name: "lease-time-to-live", typeIndex: 32, decode: { _ = try Etcdserverpb.LeaseTimeToLiveResponse(wireBytes: $0) }) {
            client, direct in
            let lease = try await direct.grantLease(ttl: .seconds(30))
            try await direct.put("/seed/l", "1", lease: lease.id)
            _ = try await client.leaseTimeToLive(lease.id)
        },
        Recording(name: "member-list", typeIndex: 34, decode: { _ = try Etcdserverpb.MemberListResponse(wireBytes: $0) }) {
            client, _ in
            _ = try await client.members()
        },
        Recording(name: "status", typeIndex: 40, decode: { _ = try Etcdserverpb.StatusResponse(wireBytes: $0) }) { client, _ in
            _ = try await client.status()
        },
        Recording(name: "hash-kv", typeIndex: 26, decode: { _ = try Etcdserverpb.HashKVResponse(wireBytes: $0) }) { client, _ in
            _ = try await client.hashKV()
        },
        Recording(name: "alarm", typeIndex: 6, decode: { _ = try Etcdserverpb.AlarmResponse(wireBytes: $0) }) { client, _ in
            _ = try await client.alarms()
        },
    ]

    @Test("every recorded response decodes as its type; with ETCD3_RECORD_FUZZ_SEEDS=1 they become seeds", arguments: EtcdBinary.required)
    func record(binary: EtcdBinary) async throws {
        let corpus =
            ProcessInfo.processInfo.environment["ETCD3_RECORD_FUZZ_SEEDS"] == "1"
            ? URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("Fuzz/Corpus").path
            : nil
        let scratch = NSTemporaryDirectory() + "etcd3-seeds-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        try await withEtcdCluster(members: 1, binary: binary, profile: .fast) { cluster in
            let direct = try await Etcd3Client(configuration: clientConfiguration(for: cluster, endpoints: cluster.clientEndpoints))
            let lease = try await direct.grantLease(ttl: .seconds(60))
            try await direct.put("/seed/a", "1", lease: lease.id)
            try await direct.put("/seed/b", EtcdBytes([UInt8](repeating: 0xA5, count: 300)))
            try await direct.put("/seed/t0", "gone")
            var written = 0
            var summary: [String] = []
            for recording in Self.recordings {
                let directory = "\(scratch)/\(recording.name)"
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
                let proxy = try EtcdFaultProxy(inFrontOf: cluster[0])
                proxy.tap(into: directory)
                try await withEtcd3Client(configuration: clientConfiguration(for: cluster, endpoints: [proxy.endpoint])) { client in
                    try await recording.calls(client, direct)
                }
                proxy.tap(into: nil)
                proxy.stop()
                let streams = try EtcdTapRecording.serverStreams(in: directory)
                let messages = streams.flatMap(\.messages)
                summary.append("\(recording.name) \(messages.count)")
                #expect(!messages.isEmpty, "no \(recording.name) response recorded")
                for message in messages {
                    #expect(throws: Never.self, "a recorded \(recording.name) response does not decode") { try recording.decode(message) }
                }
                guard let corpus else { continue }
                let version = binary.fullVersion.replacingOccurrences(of: ".", with: "")
                // A few small ones per kind: seeds, not a dump.
                for (index, message) in messages.filter({ $0.count <= 4096 }).prefix(3).enumerated() {
                    let seed = [recording.typeIndex, 0x80] + message
                    for target in ["ResponseDecoding", "ResponseConversion"] {
                        try Data(seed).write(to: URL(fileURLWithPath: "\(corpus)/\(target)/recorded-\(version)-\(recording.name)-\(index)"))
                    }
                    written += 1
                }
                if let stream = streams.first(where: { $0.body.count <= 4096 }) {
                    // END_STREAM, the 4 MiB limit, no splits, then the body.
                    try Data([0x01, 0x00] + stream.body)
                        .write(to: URL(fileURLWithPath: "\(corpus)/GRPCDeframing/recorded-\(version)-\(recording.name)"))
                }
            }
            await direct.close()
            print(
                "fuzz seeds, \(binary.fullVersion): recorded responses per kind: \(summary.joined(separator: ", "))"
                    + (corpus.map { "; \(written) seeds written to \($0)" } ?? ""))
        }
    }
}
