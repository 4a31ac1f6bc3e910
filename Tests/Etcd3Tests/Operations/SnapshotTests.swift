import Foundation
import Testing

@testable import Etcd3
@testable import Etcd3TestSupport

/// Snapshots of real servers: streamed, saved, and restored with etcd's own tool into a member
/// that serves the same keys (see `Docs/Operations.md`).
@Suite("Snapshot against real etcd", .timeLimit(.minutes(3)))
struct SnapshotTests {
    @Test("the snapshot stream hands out database pieces with progress, then the matching SHA-256", arguments: ServerUnderTest.all)
    func streamedPieces(server: ServerUnderTest) async throws {
        try await server.withClient { client, ns in
            try await client.put(ns + "k", "v")
            var pieces = client.snapshot().makeAsyncIterator()
            let hasher = SHA256Hasher()
            var database = 0
            var digest: [UInt8]?
            var last: EtcdSnapshotProgress?
            while let chunk = try await pieces.next() {
                #expect(digest == nil, "nothing follows the digest")
                if chunk.isDigest {
                    digest = chunk.bytes
                } else {
                    #expect(!chunk.bytes.isEmpty)
                    #expect(chunk.bytes.count <= 64 * 1024 + 32, "one message of the stream at a time")
                    hasher.update(chunk.bytes[...])
                    database += chunk.bytes.count
                }
                if let last { #expect(chunk.progress.bytesReceived >= last.bytesReceived) }
                #expect(chunk.progress.bytesReceived == Int64(database))
                last = chunk.progress
            }
            #expect(try await pieces.next() == nil)
            let summary = try #require(pieces.summary)
            #expect(digest?.count == 32)
            #expect(digest == hasher.finalize())
            #expect(summary.sha256 == digest)
            #expect(summary.databaseSize == Int64(database))
            #expect(last?.totalBytes == Int64(database))
            #expect(database >= 16 * 1024, "a backend database is at least a few pages")
        }
    }

    @Test(
        "a snapshot saved by the library restores with etcd's own tool into a member serving the same keys",
        arguments: ServerUnderTest.plaintext)
    func saveAndRestore(server: ServerUnderTest) async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/etcd.db"
        var written: [String: EtcdBytes] = [:]
        for i in 0..<100 { written["/restore/\(i)"] = EtcdBytes("value-\(i)") }
        written["/restore/large"] = EtcdBytes([UInt8](repeating: 0x5A, count: 200_000))

        let summary = try await withEtcdCluster(members: 1, binary: server.binary) { cluster in
            try await withEtcd3Client(configuration: ServerUnderTest.configuration(for: cluster)) { client in
                for (key, value) in written { try await client.put(EtcdBytes(key), value) }
                var reports: [EtcdSnapshotProgress] = []
                let summary = try await client.snapshot(to: path) { reports.append($0) }
                #expect(!reports.isEmpty)
                #expect(zip(reports, reports.dropFirst()).allSatisfy { $0.bytesReceived <= $1.bytesReceived })
                #expect(reports.last?.bytesReceived == summary.databaseSize)
                #expect(reports.last?.totalBytes == summary.databaseSize)
                return summary
            }
        }
        let file = try #require(FileManager.default.contents(atPath: path))
        #expect(Int64(file.count) == summary.databaseSize + 32, "the database followed by its SHA-256, as etcdctl saves it")
        #expect(Array(file.suffix(32)) == summary.sha256)
        #expect(SHA256Hasher.digest(Array(file.prefix(file.count - 32))) == summary.sha256)
        #expect(!FileManager.default.fileExists(atPath: path + ".part"))

        try await withEtcdCluster(members: 1, binary: server.binary) { cluster in
            let member = cluster[0]
            await member.terminate()
            try FileManager.default.removeItem(atPath: member.dataDirectory)
            try restore(
                snapshot: path, binary: server.binary, name: member.name, dataDirectory: member.dataDirectory,
                peerURL: member.peerURL)
            try await member.restart()
            try await withEtcd3Client(configuration: ServerUnderTest.configuration(for: cluster)) { client in
                let restored = try await client.getPrefix("/restore/")
                #expect(restored.count == written.count)
                for kv in restored {
                    #expect(written[String(decoding: kv.key.bytes, as: UTF8.self)] == kv.value, "\(kv.key)")
                }
            }
        }
    }

    @Test("a snapshot cancelled half-way removes its partial file and leaves no file at the path")
    func cancelledSaveRemovesPartialFile() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/etcd.db"
        try await withEtcdCluster(members: 1) { cluster in
            try await withEtcd3Client(configuration: ServerUnderTest.configuration(for: cluster)) { client in
                let value = EtcdBytes([UInt8](repeating: 0x42, count: 1 << 20))
                for i in 0..<8 { try await client.put("/cut/\(i)", value) }
                let outcome = await Task {
                    try await client.snapshot(to: path) { progress in
                        // The task cancels itself after the first piece was written.
                        withUnsafeCurrentTask { $0?.cancel() }
                        #expect(FileManager.default.fileExists(atPath: path + ".part"))
                    }
                }.result
                guard case .failure(let error as EtcdError) = outcome else {
                    Issue.record("a cancelled snapshot did not fail: \(outcome)")
                    return
                }
                #expect(error.code == .cancelled, "\(error)")
                #expect(!FileManager.default.fileExists(atPath: path + ".part"))
                #expect(!FileManager.default.fileExists(atPath: path))
                // The client goes on working.
                #expect(try await client.get("/cut/0")?.value == value)
            }
        }
    }

    @Test("a server killed mid-stream fails the snapshot with .unavailable before the digest")
    func serverKilledMidStream() async throws {
        try await withEtcdCluster(members: 1) { cluster in
            try await withEtcd3Client(configuration: ServerUnderTest.configuration(for: cluster)) { client in
                let value = EtcdBytes([UInt8](repeating: 0x42, count: 1 << 20))
                for i in 0..<24 { try await client.put("/kill/\(i)", value) }
                var pieces = client.snapshot().makeAsyncIterator()
                let first = try #require(try await pieces.next())
                #expect(!first.isDigest)
                await cluster[0].kill()
                var received = Int64(first.bytes.count)
                do throws(EtcdError) {
                    while let chunk = try await pieces.next() {
                        #expect(!chunk.isDigest, "no digest after the server died")
                        received += Int64(chunk.bytes.count)
                    }
                    Issue.record("the snapshot of a killed server ended normally after \(received) bytes")
                } catch {
                    #expect(error.code == .unavailable, "\(error)")
                }
                #expect(received < 24 << 20)
                #expect(pieces.summary == nil)
                #expect(try await pieces.next() == nil)
            }
        }
    }

    @Test("a snapshot saved from a task preferring the client's executor writes its file off the I/O thread")
    func fileWrittenOffTheIOThread() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await ServerUnderTest.plaintext[0].withClient { client, _ in
            try await withTaskExecutorPreference(client.taskExecutor) {
                let loopThread = pthread_self()  // a task preferring the loop runs on its thread
                var threads: [pthread_t] = []
                try await client.snapshot(to: directory + "/etcd.db") { _ in threads.append(pthread_self()) }
                #expect(!threads.isEmpty)
                #expect(!threads.contains { pthread_equal($0, loopThread) != 0 }, "a piece was written on the I/O thread")
            }
        }
    }

    @Test("a path that cannot be created is .invalidArgument and nothing is requested")
    func uncreatablePath() async throws {
        try await ServerUnderTest.plaintext[0].withClient { client, _ in
            await expectError(.invalidArgument) {
                try await client.snapshot(to: "/nonexistent-directory-\(UInt64.random(in: 0...UInt64.max))/etcd.db")
            }
        }
    }
}

/// A fresh directory under the system's temporary directory.
func temporaryDirectory() throws -> String {
    let path = NSTemporaryDirectory() + "etcd3-ops-\(UInt64.random(in: 0...UInt64.max))"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// Restores `snapshot` into `dataDirectory` with etcd's own tool: `etcdutl` next to an etcd 3.5
/// binary, `etcdctl` (API 3, its default in 3.4) next to an etcd 3.4 one. Spawned as the test
/// support spawns servers (Foundation's `Process` is not safe in the parallel suite).
func restore(snapshot: String, binary: EtcdBinary, name: String, dataDirectory: String, peerURL: String) throws {
    let folder = URL(fileURLWithPath: binary.path).deletingLastPathComponent().path
    let tool = binary.version >= .v3_5 ? folder + "/etcdutl" : folder + "/etcdctl"
    let (status, output) = try ChildProcess.run(
        tool,
        [
            "snapshot", "restore", snapshot, "--name", name, "--data-dir", dataDirectory,
            "--initial-cluster", "\(name)=\(peerURL)", "--initial-advertise-peer-urls", peerURL,
        ])
    #expect(status == 0, "\(tool) snapshot restore failed: \(output)")
    if status != 0 { throw EtcdError(.unknown, "snapshot restore failed") }
}
