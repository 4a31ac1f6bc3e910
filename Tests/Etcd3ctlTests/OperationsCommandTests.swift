import Etcd3TestSupport
import Foundation
import Testing

extension Etcd3ctlTests {
    /// The operational commands (endpoint, member, snapshot, alarm, compaction, defrag, user,
    /// role) next to Debian's etcdctl against the same server. Nested in the serialized
    /// ``Etcd3ctlTests``, so its commands never start alongside that suite's.
    @Suite("etcd3ctl operational commands behave as etcdctl's", .timeLimit(.minutes(3)))
    struct Operations {
        /// `took = 2.2ms`, `"took":"…"` and the table's TOOK column vary from run to run (and so
        /// does the table's width).
        static func withoutTimings(_ text: String) -> String {
            text.replacing(/took = [0-9.]+[µnm]?s/, with: "took = T").replacing(/"took":"[0-9.]+[µnm]?s"/, with: "\"took\":\"T\"")
                .replacing(/\| +[0-9.]+[µnm]?s \|/, with: "| T |").replacing(/[ -]+/, with: " ")
        }

        /// Standard output and standard error without etcdctl's JSON log lines.
        static func text(_ result: CommandResult) -> String {
            result.output + result.errorOutput.split(separator: "\n").filter { !$0.hasPrefix("{") }.map { $0 + "\n" }.joined()
        }

        @Test("endpoint status and health, and member list, print as etcdctl's in simple, json and table", arguments: installedBinaries)
        func endpointAndMemberOutput(binary: EtcdBinary) async throws {
            try await withEtcd3ctlAndCluster(binary: binary) { endpoints in
                _ = try await run(.etcdctl, ["put", "/k", "v"], endpoints: endpoints)
                for format in ["simple", "json", "table"] {
                    try await expectSameResult(["-w", format, "endpoint", "status"], endpoints: endpoints)
                    try await expectSameResult(["-w", format, "member", "list"], endpoints: endpoints)
                    let reference = try await run(.etcdctl, ["-w", format, "endpoint", "health"], endpoints: endpoints)
                    let ours = try await run(.etcd3ctl, ["-w", format, "endpoint", "health"], endpoints: endpoints)
                    #expect(ours.status == 0 && reference.status == 0, "etcd3ctl \(ours), etcdctl \(reference)")
                    // etcdctl 3.4 prints a healthy endpoint's line to standard error, 3.5 (and
                    // etcd3ctl) to standard output.
                    #expect(
                        Self.withoutTimings(Self.text(ours)) == Self.withoutTimings(Self.text(reference)),
                        "etcd3ctl \(ours), etcdctl \(reference)")
                }
                // A second endpoint that is down: its status fails, the reachable one is still printed.
                let partial = try await run(
                    .etcd3ctl, ["--dial-timeout", "1s", "endpoint", "status"], endpoints: endpoints + ["127.0.0.1:1"])
                #expect(partial.status == 1, "\(partial)")
                #expect(partial.output.hasPrefix(endpoints[0] + ", "), "\(partial)")
                #expect(partial.errorOutput.contains("127.0.0.1:1"), "\(partial)")
                let unhealthy = try await run(
                    .etcd3ctl, ["--dial-timeout", "1s", "endpoint", "health"], endpoints: endpoints + ["127.0.0.1:1"])
                #expect(unhealthy.status == 1, "\(unhealthy)")
                #expect(unhealthy.output.hasPrefix("\(endpoints[0]) is healthy: successfully committed proposal: took = "), "\(unhealthy)")
                #expect(unhealthy.errorOutput.contains("127.0.0.1:1 is unhealthy: failed to commit proposal: "), "\(unhealthy)")
                #expect(unhealthy.errorLines == ["Error: unhealthy cluster"], "\(unhealthy)")
            }
        }

        @Test(
            "a full quota: alarm list and health as etcdctl's, then compaction --physical, defrag and alarm disarm let writes work again",
            arguments: installedBinaries)
        func noSpaceRecovery(binary: EtcdBinary) async throws {
            try await withEtcdCluster(binary: binary, extraArguments: ["--quota-backend-bytes=8000000"]) { cluster in
                let endpoints = cluster.clientEndpoints
                let value = [UInt8](repeating: 0x30, count: 1_000_000)
                var full = false
                for i in 0..<30 where !full {
                    full = try await run(.etcdctl, ["put", "/big/\(i)"], endpoints: endpoints, input: value).status != 0
                }
                try #require(full, "the 8 MB quota never filled up")
                let list = try await expectSameResult(["alarm", "list"], endpoints: endpoints)
                #expect(list.output.hasSuffix(" alarm:NOSPACE \n"), "\(list)")
                // The database may still grow while the last refused write's batch is committed,
                // so the sizes are left out of the comparison.
                func withoutSize(_ text: String) -> String { text.replacing(#/, [0-9.]+ [kMG]?B, /#, with: ", SIZE, ") }
                let reference = try await run(.etcdctl, ["endpoint", "status"], endpoints: endpoints)
                let ours = try await run(.etcd3ctl, ["endpoint", "status"], endpoints: endpoints)
                #expect(ours.status == reference.status, "etcd3ctl \(ours), etcdctl \(reference)")
                #expect(withoutSize(ours.output) == withoutSize(reference.output), "etcd3ctl \(ours), etcdctl \(reference)")
                let health = try await run(.etcd3ctl, ["endpoint", "health"], endpoints: endpoints)
                #expect(health.status == 1)
                #expect(
                    health.errorOutput.hasPrefix("\(endpoints[0]) is unhealthy: failed to commit proposal: Active Alarm(s): NOSPACE \n"),
                    "\(health)")

                #expect(try await run(.etcd3ctl, ["del", "--prefix", "/big/"], endpoints: endpoints).status == 0)
                let revision = try #require(
                    try /"revision":(\d+)/.firstMatch(
                        in: try await run(.etcdctl, ["-w", "json", "get", "/x"], endpoints: endpoints).output)?.1)
                let compaction = try await run(.etcd3ctl, ["compaction", "--physical", String(revision)], endpoints: endpoints)
                #expect(compaction.output == "compacted revision \(revision)\n", "\(compaction)")
                let defrag = try await run(.etcd3ctl, ["defrag"], endpoints: endpoints)
                #expect(defrag.output == "Finished defragmenting etcd member[\(endpoints[0])]\n", "\(defrag)")
                #expect(
                    try await run(.etcd3ctl, ["put", "/after", "x"], endpoints: endpoints).status == 1, "the alarm still refuses writes")
                let disarm = try await run(.etcd3ctl, ["alarm", "disarm"], endpoints: endpoints)
                #expect(disarm.output == list.output, "disarm prints what it cleared: \(disarm)")
                #expect(try await run(.etcd3ctl, ["alarm", "list"], endpoints: endpoints).output == "")
                #expect(try await run(.etcd3ctl, ["put", "/after", "x"], endpoints: endpoints).output == "OK\n")
                // Compacting the same revision again fails as etcdctl's does.
                try await expectSameResult(["compaction", String(revision)], endpoints: endpoints)
            }
        }

        @Test(
            "snapshot save writes a file etcdctl snapshot restore accepts, and refuses several endpoints as etcdctl does",
            arguments: installedBinaries)
        func snapshotSave(binary: EtcdBinary) async throws {
            try await withEtcd3ctlAndCluster(binary: binary) { endpoints in
                _ = try await run(.etcdctl, ["put", "/snap", "shot"], endpoints: endpoints)
                let directory = FileManager.default.temporaryDirectory.appendingPathComponent("etcd3ctl-snapshot-\(UUID())").path
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
                defer { try? FileManager.default.removeItem(atPath: directory) }
                let file = directory + "/saved.db"
                let saved = try await run(.etcd3ctl, ["snapshot", "save", file], endpoints: endpoints)
                #expect(saved.output == "Snapshot saved at \(file)\n", "\(saved)")
                #expect(!FileManager.default.fileExists(atPath: file + ".part"))
                let restore = try await run(
                    .etcdctl, ["snapshot", "restore", file, "--data-dir", directory + "/restored"], endpoints: nil,
                    environment: ["ETCDCTL_API": "3"])
                #expect(restore.status == 0, "\(restore)")
                #expect(FileManager.default.fileExists(atPath: directory + "/restored/member/snap/db"))

                try await expectSameResult(["snapshot", "save"], endpoints: endpoints)
                try await expectSameResult(["snapshot", "save", directory + "/two.db"], endpoints: endpoints + endpoints)
            }
        }

        @Test("user and role commands print as etcdctl's", arguments: installedBinaries)
        func usersAndRoles(binary: EtcdBinary) async throws {
            try await withEtcd3ctlAndCluster(binary: binary) { endpoints in
                // Each tool runs the whole sequence; it ends where it started.
                let sequence: [[String]] = [
                    ["user", "add", "bob:pw"], ["user", "add", "bob:pw"], ["user", "add", "eve", "--new-user-password", "pw"],
                    ["user", "list"], ["user", "get", "bob"], ["role", "add", "r1"], ["role", "add", "r2"], ["role", "list"],
                    ["role", "grant-permission", "r1", "readwrite", "/a", "/b"],
                    ["role", "grant-permission", "r1", "read", "/p", "--prefix"],
                    ["role", "grant-permission", "r1", "write", "/f", "--from-key"], ["role", "grant-permission", "r1", "bogus", "/p"],
                    ["role", "grant-permission", "r1", "read", "/p", "/q", "--prefix"],
                    ["user", "grant-role", "bob", "r1"], ["user", "grant-role", "bob", "r2"], ["user", "get", "bob"],
                    ["user", "grant-role", "bob", "missing"], ["user", "revoke-role", "bob", "r1"],
                    ["role", "revoke-permission", "r1", "/a", "/b"], ["role", "revoke-permission", "r1", "/p", "--prefix"],
                    ["role", "revoke-permission", "r1", "/f", "--from-key"], ["role", "revoke-permission", "r1", "/zz"],
                    ["role", "delete", "r1"], ["role", "delete", "r2"], ["role", "delete", "r2"], ["user", "delete", "bob"],
                    ["user", "delete", "eve"], ["user", "delete", "bob"], ["user", "list"], ["role", "list"],
                    ["user", "add"], ["role", "add"], ["user", "grant-role", "bob"], ["role", "grant-permission", "r1", "read"],
                    ["role", "revoke-permission", "r1"],
                ]
                var results: [Tool: [CommandResult]] = [:]
                for tool in [Tool.etcdctl, .etcd3ctl] {
                    for arguments in sequence { results[tool, default: []].append(try await run(tool, arguments, endpoints: endpoints)) }
                }
                for (index, arguments) in sequence.enumerated() {
                    let (reference, ours) = (results[.etcdctl]![index], results[.etcd3ctl]![index])
                    #expect(ours.status == reference.status, "\(arguments): etcd3ctl \(ours), etcdctl \(reference)")
                    #expect(ours.output == reference.output, "\(arguments): etcd3ctl \(ours), etcdctl \(reference)")
                    #expect(ours.errorLines == reference.errorLines, "\(arguments): etcd3ctl \(ours), etcdctl \(reference)")
                }
            }
        }

        @Test("member add, update, promote, remove print as etcdctl's", arguments: installedBinaries)
        func memberChanges(binary: EtcdBinary) async throws {
            try await withEtcd3ctlAndCluster(binary: binary) { endpoints in
                let peer = "http://127.0.0.1:\(Int.random(in: 40000...49999))"
                let added = try await run(.etcd3ctl, ["member", "add", "newcomer", "--peer-urls", peer, "--learner"], endpoints: endpoints)
                let match = try #require(
                    try /Member ([0-9a-f ]{16}) added to cluster ([0-9a-f ]{16})\n/.prefixMatch(in: added.output), "\(added)")
                let id = String(match.1).trimmingCharacters(in: .whitespaces)
                let existing = try #require(
                    try await run(.etcdctl, ["member", "list"], endpoints: endpoints).output.split(separator: "\n")
                        .first { !$0.hasPrefix(id) })
                let existingName = existing.split(separator: ", ")[2]
                let existingPeer = existing.split(separator: ", ")[3]
                let initial = [
                    "newcomer=\(peer),\(existingName)=\(existingPeer)", "\(existingName)=\(existingPeer),newcomer=\(peer)",
                ]
                #expect(
                    initial.contains {
                        added.output.hasSuffix(
                            "\n\nETCD_NAME=\"newcomer\"\nETCD_INITIAL_CLUSTER=\"\($0)\"\nETCD_INITIAL_ADVERTISE_PEER_URLS=\"\(peer)\"\nETCD_INITIAL_CLUSTER_STATE=\"existing\"\n"
                        )
                    },
                    "\(added)")
                try await expectSameResult(["member", "list"], endpoints: endpoints)
                try await expectSameResult(["-w", "json", "member", "list"], endpoints: endpoints)
                let cluster = String(match.2)
                let update = try await run(.etcd3ctl, ["member", "update", id, "--peer-urls", peer + "1"], endpoints: endpoints)
                #expect(update.output == "Member \(match.1) updated in cluster \(cluster)\n", "\(update)")
                // Not started, so not in sync with the leader: the server's refusal, as etcdctl prints it.
                try await expectSameResult(["member", "promote", id], endpoints: endpoints)
                let remove = try await run(.etcd3ctl, ["member", "remove", id], endpoints: endpoints)
                #expect(remove.output == "Member \(match.1) removed from cluster \(cluster)\n", "\(remove)")
                for arguments in [
                    ["member", "remove", id], ["member", "remove", "zz"], ["member", "remove"], ["member", "add"],
                    ["member", "add", "x"], ["member", "update", id, "--peer-urls", peer], ["member", "update", id],
                    ["compaction"], ["compaction", "x"],
                ] {
                    try await expectSameResult(arguments, endpoints: endpoints)
                }
            }
        }
    }
}
