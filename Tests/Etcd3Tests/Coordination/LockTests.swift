import Etcd3
import Synchronization
import Testing

@Suite("Sessions and locks against real etcd", .timeLimit(.minutes(3)))
struct LockTests {
    @Test(
        "an uncontended lock is the key name/<lease hex> with its create revision as fence; release deletes it once",
        arguments: ServerUnderTest.all)
    func uncontended(server: ServerUnderTest) async throws {
        try await server.withClient { client, ns in
            let session = try await client.session(ttl: .seconds(10))
            let lock = try await client.lock(ns + "job", session: session)
            let kv = try #require(try await client.get(lock.key))
            #expect(lock.key == ns + "job/" + EtcdBytes(String(UInt64(bitPattern: session.lease.rawValue), radix: 16)))
            #expect(kv.createRevision == lock.fence)
            #expect(kv.lease == session.lease)
            #expect(try await lock.isHeld())
            try await lock.release()
            #expect(try await client.get(lock.key) == nil)
            #expect(try await lock.isHeld() == false)
            await expectError(.lockLost) { try await lock.release() }
            await session.close()
            #expect(try await client.leaseTimeToLive(session.lease) == nil)
        }
    }

    @Test("a second session waits, tryLock returns nil leaving nothing, and fences increase", arguments: ServerUnderTest.plaintext)
    func exclusion(server: ServerUnderTest) async throws {
        try await server.withClient { client, ns in
            let first = try await client.session(ttl: .seconds(10))
            let second = try await client.session(ttl: .seconds(10))
            let held = try await client.lock(ns + "x", session: first)
            #expect(try await client.tryLock(ns + "x", session: second) == nil)
            #expect(try await client.getPrefix(ns + "x/").map(\.key) == [held.key])

            let acquired = Mutex<ContinuousClock.Instant?>(nil)
            async let waiter: EtcdLock = {
                let lock = try await client.lock(ns + "x", session: second, timeout: .seconds(10))
                acquired.withLock { $0 = .now }
                return lock
            }()
            try await Task.sleep(for: .milliseconds(500))
            #expect(acquired.withLock { $0 } == nil)
            let releasedAt = ContinuousClock.now
            try await held.release()
            let next = try await waiter
            let at = try #require(acquired.withLock { $0 })
            #expect(at - releasedAt < .seconds(5))
            #expect(next.fence > held.fence)
            try await next.release()
            await first.close()
            await second.close()
        }
    }

    @Test("a wait that times out or is cancelled fails with its code and leaves no key behind", arguments: ServerUnderTest.plaintext)
    func abandonedWaits(server: ServerUnderTest) async throws {
        try await server.withClient { client, ns in
            let holder = try await client.session(ttl: .seconds(10))
            let waiter = try await client.session(ttl: .seconds(10))
            let held = try await client.lock(ns + "y", session: holder)

            let started = ContinuousClock.now
            await expectError(.deadlineExceeded) { _ = try await client.lock(ns + "y", session: waiter, timeout: .milliseconds(300)) }
            #expect(ContinuousClock.now - started < .seconds(5))
            #expect(try await client.getPrefix(ns + "y/").map(\.key) == [held.key])

            let task = Task { try await client.lock(ns + "y", session: waiter) }
            try await Task.sleep(for: .milliseconds(300))
            task.cancel()
            await expectError(.cancelled) { _ = try await task.value }
            #expect(try await client.getPrefix(ns + "y/").map(\.key) == [held.key])

            try await held.release()
            await holder.close()
            await waiter.close()
        }
    }

    @Test("a waiter whose session is revoked stops at once with the loss while the holder holds", arguments: ServerUnderTest.plaintext)
    func waiterSessionLost(server: ServerUnderTest) async throws {
        try await server.withClient { client, ns in
            let holder = try await client.session(ttl: .seconds(30))
            let waiter = try await client.session(ttl: .seconds(30))
            let held = try await client.lock(ns + "z", session: holder)
            let waiting = Task { _ = try await client.lock(ns + "z", session: waiter) }
            try await Task.sleep(for: .milliseconds(300))
            let revokedAt = ContinuousClock.now
            try await client.revokeLease(waiter.lease)
            await expectError(.leaseNotFound) { try await waiting.value }
            // Well before the next refresh (10 s) would report it; the fault scenarios hold it to 1 s.
            #expect(ContinuousClock.now - revokedAt < .seconds(5))
            #expect(try await held.isHeld())
            try await held.release()
            await holder.close()
        }
    }

    @Test("the same session locking a name twice gets its place back; only the last release deletes", arguments: ServerUnderTest.plaintext)
    func reentrant(server: ServerUnderTest) async throws {
        try await server.withClient { client, ns in
            let session = try await client.session(ttl: .seconds(10))
            let outer = try await client.lock(ns + "r", session: session)
            let inner = try await client.lock(ns + "r", session: session, timeout: .seconds(2))
            #expect(inner.fence == outer.fence)
            try await inner.release()
            #expect(try await outer.isHeld())
            try await outer.release()
            #expect(try await client.getPrefix(ns + "r/").isEmpty)
            await session.close()
        }
    }

    @Test("fenced writes apply only while the lock key is the holder's own", arguments: ServerUnderTest.plaintext)
    func fencedWrites(server: ServerUnderTest) async throws {
        try await server.withClient { client, ns in
            let session = try await client.session(ttl: .seconds(10))
            let lock = try await client.lock(ns + "f", session: session)
            try await lock.put(ns + "data", "1")
            let inner = try await lock.transaction(compare: [.value(ns + "data") == "1"], success: [.put(ns + "data", "2")], failure: [])
            #expect(inner.succeeded)
            #expect(try await client.get(ns + "data")?.value == "2")

            // Another holder takes over after the key vanished (as after an expiry).
            try await client.delete(lock.key)
            let other = try await client.session(ttl: .seconds(10))
            let newer = try await client.lock(ns + "f", session: other)
            #expect(newer.fence > lock.fence)
            await expectError(.lockLost) { try await lock.put(ns + "data", "stale") }
            await expectError(.lockLost) { try await lock.delete(ns + "data") }
            await expectError(.lockLost) {
                _ = try await lock.transaction(compare: [], success: [.put(ns + "data", "stale")], failure: [.put(ns + "data", "stale")])
            }
            #expect(try await client.get(ns + "data")?.value == "2")
            // A release after the loss never deletes the newer holder's key.
            await expectError(.lockLost) { try await lock.release() }
            #expect(try await newer.isHeld())
            try await newer.release()
            await session.close()
            await other.close()
        }
    }

    @Test("withLock cancels its body when the session is lost and ends with lockLost", arguments: ServerUnderTest.plaintext)
    func withLockLoss(server: ServerUnderTest) async throws {
        try await server.withClient { client, ns in
            let session = try await client.session(ttl: .seconds(30))
            let bodyCancelled = Mutex<ContinuousClock.Duration?>(nil)
            // The scope cancels the task that runs it: run it in a task of its own.
            let scope = Task {
                try await client.withLock(ns + "w", session: session) { lock in
                    let revokedAt = ContinuousClock.now
                    // The deletion may cancel the body before the revoke's answer is read.
                    _ = try? await client.revokeLease(session.lease)
                    do {
                        try await Task.sleep(for: .seconds(5))
                    } catch {
                        bodyCancelled.withLock { $0 = .now - revokedAt }
                    }
                }
            }
            await expectError(.lockLost) { try await scope.value }
            // Its key's deletion is seen at once, before the next refresh would report the loss.
            #expect(try #require(bodyCancelled.withLock { $0 }) < .seconds(5))
            let value = try await client.withLock(ns + "w", timeout: .seconds(5)) { lock in
                try await lock.put(ns + "v", "ok")
                return lock.fence
            }
            #expect(value > 0)
            #expect(try await client.getPrefix(ns + "w/").isEmpty)

            // A lock lost by deletion, then taken again with the same session, is released whole.
            let kept = try await client.session(ttl: .seconds(10))
            let lost = try await client.lock(ns + "k", session: kept)
            try await client.delete(lost.key)
            await expectError(.lockLost) { try await lost.release() }
            let again = try await client.lock(ns + "k", session: kept)
            try await again.release()
            #expect(try await client.getPrefix(ns + "k/").isEmpty)
            await kept.close()
        }
    }

    @Test(
        "a lock with a session of its own closes it on release, and a crashed holder's lock frees after the TTL",
        arguments: ServerUnderTest.plaintext)
    func ownSession(server: ServerUnderTest) async throws {
        try await server.withClient { client, ns in
            let lock = try await client.lock(ns + "o", ttl: .seconds(5), timeout: .seconds(5))
            #expect(try await lock.refresh() == .seconds(5))
            try await lock.release()
            #expect(try await client.leaseTimeToLive(lock.session.lease) == nil)
            #expect(lock.session.isAlive == false)
            // A holder that stops refreshing (as if crashed): its lease runs out, the lock frees.
            let lease = try await client.grantLease(ttl: .seconds(2))
            try await client.put(ns + "o/" + EtcdBytes(String(UInt64(bitPattern: lease.id.rawValue), radix: 16)), "", lease: lease.id)
            let waiter = try await client.session(ttl: .seconds(10))
            let started = ContinuousClock.now
            let next = try await client.lock(ns + "o", session: waiter, timeout: .seconds(5))
            #expect(ContinuousClock.now - started <= .seconds(3))
            try await next.release()
            await waiter.close()
        }
    }

    @Test(
        "a session on an existing lease keeps it alive and leaves it on close; a revoked session reports its loss",
        arguments: ServerUnderTest.plaintext)
    func sessionOnExistingLease(server: ServerUnderTest) async throws {
        try await server.withClient { client, ns in
            let lease = try await client.grantLease(ttl: .seconds(4))
            let session = try await client.session(lease: lease.id)
            #expect(session.ttl == .seconds(4))
            let lock = try await client.lock(ns + "l", session: session)
            // Kept alive past its TTL.
            try await Task.sleep(for: .seconds(5))
            #expect(try await lock.isHeld())
            try await lock.release()
            await session.close()
            #expect(session.lossError == nil)
            #expect(try await client.leaseTimeToLive(lease.id) != nil)
            try await client.revokeLease(lease.id)
            await expectError(.leaseNotFound) { _ = try await client.session(lease: EtcdLeaseID(0x7fff_0000_1234)) }

            let revoked = try await client.session(ttl: .seconds(3))
            try await client.revokeLease(revoked.lease)
            let ended = await revoked.waitUntilEnded()
            #expect(ended?.code == .leaseNotFound)
            #expect(revoked.lossError?.code == .leaseNotFound)
            #expect(!revoked.isAlive)
        }
    }

    @Test("bad input gets invalidArgument and sends nothing", arguments: ServerUnderTest.plaintext)
    func badInput(server: ServerUnderTest) async throws {
        try await server.withClient { client, ns in
            await expectError(.invalidArgument) { _ = try await client.session(ttl: .zero) }
            await expectError(.invalidArgument) { _ = try await client.session(ttl: .seconds(-1)) }
            let session = try await client.session(ttl: .seconds(10))
            await expectError(.invalidArgument) { _ = try await client.lock("", session: session) }
            await expectError(.invalidArgument) { _ = try await client.tryLock("", session: session) }
            await session.close()
            await expectError(.closed) { _ = try await client.lock(ns + "c", session: session) }
            #expect(try await client.getPrefix(ns).isEmpty)
        }
    }
}
