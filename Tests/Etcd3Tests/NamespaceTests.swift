import Etcd3
import Synchronization
import Testing

/// Every call through a namespace view against real etcd servers (3.4 and 3.5), checked with
/// the plain client: keys land under the prefix, come back without it, and nothing outside the
/// prefix is seen or touched.
@Suite("Namespace views against real etcd", .timeLimit(.minutes(3)))
struct NamespaceTests {
    /// Keys just outside the view `ns + "tenant-a/"`: the bare prefix, keys sorting right after
    /// it, a sibling tenant.
    static let outsiders: [EtcdBytes] = ["tenant-a", "tenant-a/", "tenant-a0", "tenant-a0/x", "tenant-a.x", "tenant-b/x"]

    private static func seedOutsiders(_ client: Etcd3Client, _ ns: EtcdBytes) async throws {
        for key in outsiders { try await client.put(ns + key, "outside") }
    }

    private static func expectOutsidersUntouched(
        _ client: Etcd3Client, _ ns: EtcdBytes, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        for key in outsiders {
            let kv = try await client.get(ns + key)
            #expect(kv?.value == "outside", "\(ns + key) was changed", sourceLocation: sourceLocation)
            #expect(kv?.version == 1, "\(ns + key) was written", sourceLocation: sourceLocation)
        }
    }

    @Test("reads and writes land under the prefix and come back without it", arguments: ServerUnderTest.plaintext)
    func keyValue(server: ServerUnderTest) async throws {
        try await server.withClient { client, ns in
            let view = try client.namespace(ns + "tenant-a/")
            #expect(view.prefix == ns + "tenant-a/")

            let put = try await view.put("a", "1")
            #expect(try await client.get(ns + "tenant-a/a")?.value == "1")
            let kv = try #require(try await view.get("a"))
            #expect(kv.key == "a")
            #expect(kv.modRevision == put.header.revision)
            #expect(try await view.get("missing") == nil)

            let again = try await view.put("a", "2", options: EtcdPutOptions(prevKV: true))
            #expect(again.prevKV?.key == "a")
            #expect(again.prevKV?.value == "1")

            for i in 0..<5 { try await view.put("dir/\(i)", "\(i)") }
            #expect(try await view.getPrefix("dir/").map(\.key) == (0..<5).map { "dir/\($0)" })
            #expect(try await view.getRange("dir/1", end: "dir/3").map(\.key) == ["dir/1", "dir/2"])
            #expect(try await view.count(prefix: "dir/") == 5)
            #expect(try await client.count(prefix: ns + "tenant-a/dir/") == 5)

            // Every range option is passed through.
            let limited = try await view.range("dir/", end: EtcdBytes("dir/").prefixRangeEnd, options: EtcdRangeOptions(limit: 2))
            #expect(limited.kvs.map(\.key) == ["dir/0", "dir/1"])
            #expect(limited.more)
            #expect(limited.count == 5)
            let descending = try await view.getPrefix(
                "dir/", options: EtcdRangeOptions(sortOrder: .descending, sortTarget: .key, keysOnly: true))
            #expect(descending.map(\.key) == (0..<5).reversed().map { "dir/\($0)" })
            #expect(descending.allSatisfy { $0.value.isEmpty })
            let old = try await view.get("a", options: EtcdRangeOptions(revision: put.header.revision))
            #expect(old?.value == "1")

            // Compare-and-swap helpers.
            #expect(try await view.replace("a", from: "2", to: "3"))
            #expect(try await view.replace("a", from: "2", to: "4") == false)
            #expect(try await view.create("new", "n"))
            #expect(try await view.create("new", "again") == false)
            let current = try #require(try await view.get("new"))
            #expect(try await view.update("new", "u", ifModRevision: current.modRevision))
            #expect(try await view.update("new", "x", ifModRevision: current.modRevision) == false)
            #expect(try await client.get(ns + "tenant-a/a")?.value == "3")
            #expect(try await client.get(ns + "tenant-a/new")?.value == "u")

            // Deletes.
            #expect(try await view.delete("new", ifValue: "nope") == false)
            #expect(try await view.delete("new", ifValue: "u"))
            let deleted = try await view.delete("a", prevKV: true)
            #expect(deleted.deleted == 1)
            #expect(deleted.prevKVs.map(\.key) == ["a"])
            let prefixDeleted = try await view.deletePrefix("dir/", prevKV: true)
            #expect(prefixDeleted.prevKVs.map(\.key) == (0..<5).map { "dir/\($0)" })
            #expect(try await client.getPrefix(ns + "tenant-a/").isEmpty)

            // A key with a TTL.
            let lease = try await view.put("ttl", "t", ttl: .seconds(30))
            #expect(try await client.get(ns + "tenant-a/ttl")?.lease == lease.id)
            try await view.revokeLease(lease.id)
            #expect(try await view.get("ttl") == nil)
        }
    }

    @Test(
        "a view never sees or touches keys outside its prefix, and \"all keys\" stops at the prefix's end",
        arguments: ServerUnderTest.plaintext)
    func confinement(server: ServerUnderTest) async throws {
        try await server.withClient { client, ns in
            try await Self.seedOutsiders(client, ns)
            let view = try client.namespace(ns + "tenant-a/")
            try await view.put("x", "in")
            try await view.put("y/z", "in")

            #expect(try await view.getAll().map(\.key) == ["x", "y/z"])
            #expect(try await view.range([0], end: [0]).count == 2)
            #expect(try await view.getRange("x", end: [0]).map(\.key) == ["x", "y/z"])
            #expect(try await view.get("tenant-a0") == nil)

            // "All keys" deletes and range compares are clamped too.
            let all = try await view.transaction(
                compare: [EtcdCompare(key: [0], rangeEnd: [0], relation: .equal, target: .value("in"))],
                success: [.getRange([0], end: [0])])
            #expect(all.succeeded, "a compare over every key of the view saw a key outside it")
            #expect(all.responses.first?.range?.kvs.map(\.key) == ["x", "y/z"])
            let deleted = try await view.deleteRange([0], end: [0], prevKV: true)
            #expect(deleted.deleted == 2)
            #expect(deleted.prevKVs.map(\.key) == ["x", "y/z"])
            #expect(try await view.getAll().isEmpty)
            try await Self.expectOutsidersUntouched(client, ns)
            #expect(try await client.getPrefix(ns).count == Self.outsiders.count)
        }
    }

    @Test("the empty key and the empty prefix are refused with invalidArgument, nothing sent", arguments: ServerUnderTest.plaintext)
    func emptyKeys(server: ServerUnderTest) async throws {
        try await server.withClient { client, ns in
            await expectError(.invalidArgument) { _ = try client.namespace("") }
            let view = try client.namespace(ns + "tenant-a/")
            await expectError(.invalidArgument) { _ = try view.namespace("") }
            await expectError(.invalidArgument) { _ = try await view.get("") }
            await expectError(.invalidArgument) { _ = try await view.getPrefix("") }
            await expectError(.invalidArgument) { try await view.put("", "v") }
            await expectError(.invalidArgument) { try await view.deletePrefix("") }
            await expectError(.invalidArgument) {
                _ = try await view.transaction(compare: [], success: [.txn(compare: [], success: [.put("", "v")])])
            }
            await expectError(.invalidArgument) {
                for try await _ in view.watch("") {}
            }
            #expect(try await client.get(ns + "tenant-a/") == nil)
        }
    }

    @Test("a prefix ending in 0xff does not reach the key right after its range", arguments: ServerUnderTest.plaintext)
    func trailingFF(server: ServerUnderTest) async throws {
        try await server.withClient { client, ns in
            // ns + "a\xff": its range ends at ns + "b", which must stay outside.
            let view = try client.namespace(ns + EtcdBytes([0x61, 0xff]))
            try await client.put(ns + "b", "outside")
            try await view.put("k", "in")
            #expect(try await view.getAll().map(\.value) == ["in"])
            #expect(try await view.deleteRange([0], end: [0]).deleted == 1)
            #expect(try await client.get(ns + "b")?.value == "outside")
        }
    }

    @Test(
        "a transaction with compares and nested operations runs inside the view, results stripped at every level",
        arguments: ServerUnderTest.plaintext)
    func transactions(server: ServerUnderTest) async throws {
        try await server.withClient { client, ns in
            try await Self.seedOutsiders(client, ns)
            let view = try client.namespace(ns + "tenant-a/")
            try await view.put("cfg/a", "1")
            try await view.put("cfg/b", "1")
            // The same relative keys exist outside the view with other values.
            try await client.put(ns + "cfg/a", "other")

            let result = try await view.transaction(
                compare: [.value("cfg/a") == "1", .value(prefix: "cfg/") == "1", .version("missing") == 0],
                success: [
                    .put("cfg/c", "2", prevKV: true),
                    .txn(
                        compare: [.value("cfg/b") == "1"],
                        success: [.getPrefix("cfg/"), .delete("cfg/b", prevKV: true)],
                        failure: []),
                ],
                failure: [.get("cfg/a")])
            #expect(result.succeeded)
            let nested = try #require(result.responses.last?.txn)
            #expect(nested.succeeded)
            #expect(nested.responses.first?.range?.kvs.map(\.key) == ["cfg/a", "cfg/b", "cfg/c"])
            #expect(nested.responses.last?.delete?.prevKVs.map(\.key) == ["cfg/b"])
            #expect(try await client.get(ns + "tenant-a/cfg/c")?.value == "2")
            #expect(try await client.get(ns + "tenant-a/cfg/b") == nil)
            #expect(try await client.get(ns + "cfg/a")?.value == "other")

            let failed = try await view.transaction(
                compare: [.value("cfg/a") == "other"], success: [.put("cfg/a", "never")], failure: [.get("cfg/a")])
            #expect(failed.succeeded == false)
            #expect(failed.responses.first?.range?.kvs.first?.key == "cfg/a")
            #expect(try await client.get(ns + "tenant-a/cfg/a")?.value == "1")
            try await Self.expectOutsidersUntouched(client, ns)
        }
    }

    @Test("watches deliver only the view's changes, keys and previous pairs stripped", arguments: ServerUnderTest.plaintext)
    func watches(server: ServerUnderTest) async throws {
        try await server.withClient { client, ns in
            let view = try client.namespace(ns + "tenant-a/")
            let start = try await client.put(ns + "start", "").header.revision + 1
            let options = EtcdWatchOptions(startRevision: start, prevKV: true)

            // Outside the view, then inside it.
            for key in Self.outsiders { try await client.put(ns + key, "outside") }
            try await view.put("k", "1")
            try await view.put("k", "2")
            try await view.put("other/x", "3")
            try await view.delete("k")

            let all = try await Self.collect(view.watchRange([0], end: [0], options: options), count: 4)
            #expect(all.map(\.kv.key) == ["k", "k", "other/x", "k"])
            #expect(all.map(\.kind) == [.put, .put, .put, .delete])
            #expect(all[1].prevKV?.key == "k")
            #expect(all[1].prevKV?.value == "1")
            #expect(all[3].prevKV?.value == "2")

            let one = try await Self.collect(view.watch("k", options: options), count: 3)
            #expect(one.map(\.kv.key) == ["k", "k", "k"])
            let prefixed = try await Self.collect(view.watchPrefix("other/", options: options), count: 1)
            #expect(prefixed.map(\.kv.key) == ["other/x"])

            // The lifecycle view strips too.
            let updates = view.watchPrefix("other/", options: options).updates
            let first = try await Self.firstElement(of: updates)
            guard case .events(let events)? = first else {
                Issue.record("expected events first, got \(String(describing: first))")
                return
            }
            #expect(events.map(\.kv.key) == ["other/x"])

            let once = try await view.watchOnce("k", options: EtcdWatchOptions(startRevision: start), timeout: .seconds(10))
            #expect(once.kv.key == "k")
            let prefixOnce = try await view.watchPrefixOnce(
                "other/", options: EtcdWatchOptions(startRevision: start), timeout: .seconds(10))
            #expect(prefixOnce.kv.key == "other/x")
        }
    }

    @Test("a lease's key list through a view leaves out keys outside it and strips the others", arguments: ServerUnderTest.plaintext)
    func leaseKeys(server: ServerUnderTest) async throws {
        try await server.withClient { client, ns in
            let view = try client.namespace(ns + "tenant-a/")
            let lease = try await view.grantLease(ttl: .seconds(30))
            try await view.put("s/1", "a", lease: lease.id)
            try await view.put("s/2", "b", lease: lease.id)
            try await client.put(ns + "tenant-a0", "c", lease: lease.id)
            try await client.put(ns + "elsewhere", "d", lease: lease.id)

            let seen = try #require(try await view.leaseTimeToLive(lease.id, withKeys: true))
            #expect(seen.keys.sorted() == ["s/1", "s/2"])
            #expect(seen.remaining > .zero)
            let whole = try #require(try await client.leaseTimeToLive(lease.id, withKeys: true))
            #expect(whole.keys.count == 4)
            #expect(try await view.leases().contains(lease.id))
            #expect(try await view.keepAliveOnce(lease.id) > .zero)
            try await view.revokeLease(lease.id)
            #expect(try await view.leaseTimeToLive(lease.id) == nil)

            try await view.withLease(ttl: .seconds(10)) { grant in
                try await view.put("scoped", "x", lease: grant.id)
                #expect(try await client.get(ns + "tenant-a/scoped")?.lease == grant.id)
            }
            #expect(try await client.get(ns + "tenant-a/scoped") == nil)
        }
    }

    @Test(
        "locks of the same name in two views do not contend; in one view they do; keys and fenced writes are the view's",
        arguments: ServerUnderTest.plaintext)
    func locks(server: ServerUnderTest) async throws {
        try await server.withClient { client, ns in
            let a = try client.namespace(ns + "a/")
            let b = try client.namespace(ns + "b/")
            let first = try await client.session(ttl: .seconds(10))
            let second = try await client.session(ttl: .seconds(10))
            let hex = EtcdBytes(String(UInt64(bitPattern: first.lease.rawValue), radix: 16))

            let inA = try await a.lock("jobs", session: first, timeout: .seconds(10))
            let inB = try #require(try await b.tryLock("jobs", session: second), "the same name in another view contended")
            #expect(try await a.tryLock("jobs", session: second) == nil, "the lock did not exclude within its view")

            #expect(inA.name == "jobs")
            #expect(inA.key == "jobs/" + hex)
            #expect(inA.namespace?.prefix == ns + "a/")
            #expect(try await client.get(ns + "a/jobs/" + hex)?.createRevision == inA.fence)
            #expect(try await a.get(inA.key)?.createRevision == inA.fence)
            #expect(try await inA.isHeld())

            // Fenced writes go through the view; the fence compare is the view's.
            try await inA.put("done", "1")
            #expect(try await client.get(ns + "a/done")?.value == "1")
            #expect(try await client.get("done") == nil)
            let inner = try await inA.transaction(compare: [.value("done") == "1"], success: [.put("done", "2")], failure: [])
            #expect(inner.succeeded)
            #expect(try await inA.delete("done") == 1)
            #expect(try await a.transaction(compare: [inA.fenceCompare], success: [.put("f", "x")]).succeeded)
            #expect(try await client.get(ns + "a/f")?.value == "x")

            try await inA.release()
            await expectError(.lockLost) { try await inA.put("late", "x") }
            #expect(try await client.get(ns + "a/late") == nil)
            try await inB.release()

            // Scoped, a lock with its own session, and read/write locks.
            try await a.withLock("scoped", session: first) { lock in
                #expect(lock.key == "scoped/" + hex)
                try await lock.put("scoped-write", "ok")
            }
            #expect(try await client.get(ns + "a/scoped-write")?.value == "ok")
            let own = try await b.lock("own", ttl: .seconds(10), timeout: .seconds(10))
            #expect(try await client.getPrefix(ns + "b/own/").map(\.key) == [ns + "b/" + own.key])
            try await own.release()

            let writerA = try await a.writeLock("rw", session: first, timeout: .seconds(10))
            #expect(writerA.key == "rw/write/" + hex)
            let writerB = try #require(try await b.tryWriteLock("rw", session: second), "write locks of two views contended")
            #expect(try await a.tryReadLock("rw", session: second) == nil, "a read lock went past a writer of its view")
            try await writerA.release()
            let reader = try #require(try await a.tryReadLock("rw", session: second))
            #expect(try await client.getPrefix(ns + "a/rw/read/").count == 1)
            try await reader.release()
            try await writerB.release()
            try await a.withReadLock("rw", session: first) { _ in }
            try await b.withWriteLock("rw", session: second) { _ in }
            #expect(try await client.getPrefix(ns).filter { $0.key.description.contains("/rw/") }.isEmpty)

            await first.close()
            await second.close()
        }
    }

    @Test("withLock through a view cancels its body when the lock's key is deleted", arguments: ServerUnderTest.plaintext)
    func withLockLoss(server: ServerUnderTest) async throws {
        try await server.withClient { client, ns in
            let view = try client.namespace(ns + "tenant-a/")
            let cancelledAfter = Mutex<Duration?>(nil)
            let scope = Task {
                try await view.withLock("w") { lock in
                    let deletedAt = ContinuousClock.now
                    // The key as the view shows it, deleted through the view: the stored key.
                    _ = try? await view.delete(lock.key)
                    do {
                        try await Task.sleep(for: .seconds(5))
                    } catch {
                        cancelledAfter.withLock { $0 = .now - deletedAt }
                    }
                }
            }
            await expectError(.lockLost) { try await scope.value }
            // Well before the session (TTL 60 s) would next be refreshed.
            #expect(try #require(cancelledAfter.withLock { $0 }) < .seconds(5))
            #expect(try await client.getPrefix(ns + "tenant-a/w/").isEmpty)
        }
    }

    @Test(
        "etcdctl lock on the stored name excludes the view's lock of the same name, and the other way round",
        arguments: ServerUnderTest.plaintext)
    func etcdctlSeesViewLocks(server: ServerUnderTest) async throws {
        try await EtcdctlInteropTests.run(server) { client, base, run in
            let view = try client.namespace(base + "/tenant-a/")
            let stored = try #require((base + "/tenant-a/jobs").string)
            let etcdctl = try run(["lock", "--ttl", "3", stored, "sleep", "30"])
            defer { etcdctl.kill() }
            try await expectEventually("etcdctl's lock key appears in the view") { try await !view.getPrefix("jobs/").isEmpty }
            let session = try await view.session(ttl: .seconds(10))
            #expect(try await view.tryLock("jobs", session: session) == nil, "etcdctl: \(etcdctl.output)")
            etcdctl.terminate()
            let lock = try await view.lock("jobs", session: session, timeout: .seconds(10))

            let waiting = try run(["lock", stored, "echo", "acquired"])
            defer { waiting.kill() }
            try await Task.sleep(for: .milliseconds(1500))
            #expect(!waiting.output.contains("acquired"), "etcdctl: \(waiting.output)")
            try await lock.release()
            try await expectEventually("etcdctl acquires after the view's release") { waiting.output.contains("acquired") }
            await session.close()
        }
    }

    @Test("elections of the same name in two views each have their own leader, shown inside the view", arguments: ServerUnderTest.plaintext)
    func elections(server: ServerUnderTest) async throws {
        try await server.withClient { client, ns in
            let a = try client.namespace(ns + "a/")
            let b = try client.namespace(ns + "b/")
            let first = try await a.session(ttl: .seconds(10))
            let second = try await b.session(ttl: .seconds(10))
            let leaderA = try await a.election("svc").campaign(value: "first", session: first, timeout: .seconds(10))
            let leaderB = try await b.election("svc").campaign(value: "second", session: second, timeout: .seconds(10))
            #expect(leaderA.name == "svc")
            #expect(try await client.get(ns + "a/" + leaderA.key)?.value == "first")
            #expect(try await client.get(ns + "b/" + leaderB.key)?.value == "second")

            let seenA = try #require(try await a.election("svc").leader())
            #expect(seenA.key == leaderA.key)
            #expect(seenA.value == "first")
            try await leaderA.proclaim("first, busy")
            #expect(try await client.get(ns + "a/" + leaderA.key)?.value == "first, busy")

            let observation = a.election("svc").observe()
            let current = try await Self.firstElement(of: observation)
            #expect(current??.key == leaderA.key)
            #expect(current??.value == "first, busy")

            try await leaderA.resign()
            try await leaderB.resign()
            try await a.withLeadership("scoped", value: "v", session: first) { leadership in
                #expect(leadership.key.description.hasPrefix("scoped/"))
                try await leadership.put("leader-write", "ok")
            }
            #expect(try await client.get(ns + "a/leader-write")?.value == "ok")
            await first.close()
            await second.close()
        }
    }

    @Test(
        "the server's Lock and Election services through two views: same names, no contention, keys inside the view",
        arguments: ServerUnderTest.plaintext)
    func services(server: ServerUnderTest) async throws {
        try await server.withClient { client, ns in
            let a = try client.namespace(ns + "a/")
            let b = try client.namespace(ns + "b/")
            let first = try await client.grantLease(ttl: .seconds(30))
            let second = try await client.grantLease(ttl: .seconds(30))

            let lockA = try await a.lockService.lock("jobs", lease: first.id, timeout: .seconds(10))
            // The same name in the other view does not wait for it (a bounded wait fails if it does).
            let lockB = try await b.lockService.lock("jobs", lease: second.id, timeout: .seconds(5))
            #expect(lockA.name == "jobs")
            #expect(lockA.key.description.hasPrefix("jobs/"))
            #expect(try await client.get(ns + "a/" + lockA.key)?.lease == first.id)
            #expect(try await client.get(ns + "b/" + lockB.key)?.lease == second.id)
            try await a.lockService.unlock(lockA)
            try await b.lockService.unlock(lockB.key)
            #expect(try await client.getPrefix(ns).isEmpty)
            await expectError(.invalidArgument) { _ = try await a.lockService.lock("", lease: first.id) }

            let leaderA = try await a.electionService.campaign("svc", value: "first", lease: first.id, timeout: .seconds(10))
            let leaderB = try await b.electionService.campaign("svc", value: "second", lease: second.id, timeout: .seconds(5))
            #expect(leaderA.name == "svc")
            #expect(leaderA.key.description.hasPrefix("svc/"))
            #expect(try await client.get(ns + "a/" + leaderA.key)?.value == "first")
            #expect(try await a.electionService.leader("svc")?.key == leaderA.key)
            try await a.electionService.proclaim(leaderA, value: "first, busy")
            #expect(try await client.get(ns + "a/" + leaderA.key)?.value == "first, busy")
            let observation = a.electionService.observe("svc")
            let observed = try await Self.firstElement(of: observation)
            #expect(observed?.key == leaderA.key)
            #expect(observed?.value == "first, busy")
            let refused = b.electionService.observe("")
            await expectError(.invalidArgument) { _ = try await Self.firstElement(of: refused) }
            try await a.electionService.resign(leaderA)
            try await b.electionService.resign(leaderB)
            #expect(try await a.electionService.leader("svc") == nil)
            #expect(try await client.getPrefix(ns).isEmpty)
            try await client.revokeLease(first.id)
            try await client.revokeLease(second.id)
        }
    }

    @Test("software transactions, sequential keys and work queues run inside the view", arguments: ServerUnderTest.plaintext)
    func recipes(server: ServerUnderTest) async throws {
        try await server.withClient { client, ns in
            let a = try client.namespace(ns + "a/")
            let b = try client.namespace(ns + "b/")
            try await a.put("alice", "10")
            try await client.put(ns + "alice", "999")
            let moved = try await a.softwareTransaction(prefetch: ["alice"]) { stm in
                let alice = Int(try await stm.get("alice")?.string ?? "0") ?? 0
                stm.put("alice", "\(alice - 3)")
                stm.put("bob", "3")
                return alice
            }
            #expect(moved == 10)
            #expect(try await client.get(ns + "a/alice")?.value == "7")
            #expect(try await client.get(ns + "a/bob")?.value == "3")
            #expect(try await client.get(ns + "alice")?.value == "999")

            let appended = try await a.append(to: "jobs/", "j1")
            #expect(appended.key.description.hasPrefix("jobs/"))
            #expect(try await client.get(ns + "a/" + appended.key)?.value == "j1")
            #expect(try await a.getSequential("jobs/").map(\.key) == [appended.key])

            let queueA = a.workQueue("q/")
            let queueB = b.workQueue("q/")
            #expect(queueA.prefix == "q/")
            try await queueA.enqueue("for-a")
            try await queueB.enqueue("for-b")
            #expect(try await queueA.count() == 1)
            let item = try await queueA.dequeue(timeout: .seconds(10))
            #expect(item.value == "for-a")
            #expect(item.key.description.hasPrefix("q/"))
            #expect(try await queueA.count() == 0)
            #expect(try await queueB.dequeue(timeout: .seconds(10)).value == "for-b")
        }
    }

    @Test("two composed views: the inner one is the concatenated prefix and cannot leave it", arguments: ServerUnderTest.plaintext)
    func composedViews(server: ServerUnderTest) async throws {
        try await server.withClient { client, ns in
            let outer = try client.namespace(ns + "tenant-a/")
            let inner = try outer.namespace("jobs/")
            #expect(inner.prefix == ns + "tenant-a/jobs/")
            try await outer.put("config", "c")
            try await outer.put("jobs0", "sibling")
            try await inner.put("1", "first")
            #expect(try await client.get(ns + "tenant-a/jobs/1")?.value == "first")
            #expect(try await outer.get("jobs/1")?.value == "first")
            #expect(try await inner.getAll().map(\.key) == ["1"])
            #expect(try await outer.getAll().map(\.key) == ["config", "jobs/1", "jobs0"])

            let start = try await client.get(ns + "tenant-a/jobs/1")!.modRevision
            let events = try await Self.collect(
                inner.watchRange([0], end: [0], options: EtcdWatchOptions(startRevision: start)), count: 1)
            #expect(events.map(\.kv.key) == ["1"])

            #expect(try await inner.deleteRange([0], end: [0]).deleted == 1)
            #expect(try await outer.getAll().map(\.key) == ["config", "jobs0"])
        }
    }

    // MARK: Helpers

    /// The first `count` events of `watch`, within 10 s.
    private static func collect(_ watch: EtcdNamespacedWatchSequence, count: Int) async throws -> [EtcdWatchEvent] {
        try await within(.seconds(10)) {
            var events: [EtcdWatchEvent] = []
            for try await event in watch {
                events.append(event)
                if events.count == count { break }
            }
            return events
        }
    }

    /// The first element of `sequence` (`nil` when it ends first), within 10 s.
    private static func firstElement<Sequence: AsyncSequence & Sendable>(of sequence: Sequence) async throws -> Sequence.Element?
    where Sequence.Element: Sendable {
        try await within(.seconds(10)) {
            var iterator = sequence.makeAsyncIterator()
            return try await iterator.next()
        }
    }

    /// What `body` returns, or a failure when it takes longer than `timeout`.
    private static func within<T: Sendable>(
        _ timeout: Duration, _ body: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            guard let value = try await group.next()! else {
                throw EtcdError(.deadlineExceeded, "nothing within \(timeout)")
            }
            return value
        }
    }
}
