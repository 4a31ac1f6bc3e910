import Etcd3
import Testing

@Suite("Read/write locks against real etcd", .timeLimit(.minutes(3)))
struct ReadWriteLockTests {
    /// Opens `count` sessions of TTL 30 s: refreshed every 10 s, so a loss seen within 5 s was
    /// seen through the line's watch, not a refresh. (The whole suite runs in parallel on small
    /// machines: bounds here are loose; the fault scenarios hold waits to tight bars.)
    private func sessions(_ count: Int, _ client: Etcd3Client) async throws -> [EtcdSession] {
        var sessions: [EtcdSession] = []
        for _ in 0..<count { sessions.append(try await client.session(ttl: .seconds(30))) }
        return sessions
    }

    /// Starts acquiring in a task of its own, noting when it succeeded.
    private final class Waiter: Sendable {
        let task: Task<EtcdLock, any Error>
        private let at = Locked<ContinuousClock.Instant?>(nil)
        var acquiredAt: ContinuousClock.Instant? { at.withLock { $0 } }
        var acquired: Bool { acquiredAt != nil }

        init(_ acquire: @escaping @Sendable () async throws -> EtcdLock) {
            let at = self.at
            task = Task {
                let lock = try await acquire()
                at.withLock { $0 = .now }
                return lock
            }
        }
    }

    /// Releases `lock` and expects every one of `waiters` to acquire soon (within 5 s).
    private func handOver(_ lock: EtcdLock, to waiters: [Waiter], sourceLocation: SourceLocation = #_sourceLocation) async throws
        -> [EtcdLock]
    {
        #expect(waiters.allSatisfy { !$0.acquired }, "acquired before the release", sourceLocation: sourceLocation)
        let releasedAt = ContinuousClock.now
        try await lock.release()
        var locks: [EtcdLock] = []
        for waiter in waiters {
            locks.append(try await waiter.task.value)
            #expect(try #require(waiter.acquiredAt) - releasedAt < .seconds(5), sourceLocation: sourceLocation)
        }
        return locks
    }

    /// Releases `holder`, expects `writer` to acquire, and the reader behind it only after the
    /// writer released, in the order of their fences; then releases all and closes `sessions`.
    private func expectWriterThenReader(
        after holder: EtcdLock, writer: Waiter, reader: Waiter, sessions: [EtcdSession], sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let w = try await handOver(holder, to: [writer], sourceLocation: sourceLocation)[0]
        try await Task.sleep(for: .milliseconds(300))
        let r = try await handOver(w, to: [reader], sourceLocation: sourceLocation)[0]
        #expect(holder.fence < w.fence && w.fence < r.fence, sourceLocation: sourceLocation)
        try await r.release()
        for session in sessions { await session.close() }
    }

    @Test(
        "many readers hold the lock at once, each key name/read/<lease hex> with its create revision as fence",
        arguments: ServerUnderTest.plaintext)
    func manyReaders(server: ServerUnderTest) async throws {
        try await server.withClient { client, ns in
            let readers = try await sessions(5, client)
            var locks: [EtcdLock] = []
            for session in readers {
                locks.append(try await client.readLock(ns + "rw", session: session, timeout: .seconds(2)))
            }
            let keys = try await client.getPrefix(ns + "rw/")
            #expect(keys.count == 5)
            for (lock, session) in zip(locks, readers) {
                #expect(lock.key == ns + "rw/read/" + EtcdBytes(String(UInt64(bitPattern: session.lease.rawValue), radix: 16)))
                #expect(keys.first { $0.key == lock.key }?.createRevision == lock.fence)
                #expect(keys.first { $0.key == lock.key }?.lease == session.lease)
                #expect(try await lock.isHeld())
            }
            // A sixth reader joins them without waiting.
            let late = try await client.session(ttl: .seconds(10))
            #expect(try await client.tryReadLock(ns + "rw", session: late) != nil)
            for lock in locks { try await lock.release() }
            await late.close()
            #expect(try await client.getPrefix(ns + "rw/").isEmpty)
            for session in readers { await session.close() }
        }
    }

    @Test(
        "a writer excludes readers and writers; readers exclude a writer until the last one releases", arguments: ServerUnderTest.plaintext)
    func writerExcludes(server: ServerUnderTest) async throws {
        try await server.withClient { client, ns in
            let s = try await sessions(4, client)
            let writer = try await client.writeLock(ns + "rw", session: s[0])
            #expect(writer.key == ns + "rw/write/" + EtcdBytes(String(UInt64(bitPattern: s[0].lease.rawValue), radix: 16)))
            #expect(try await client.tryReadLock(ns + "rw", session: s[1]) == nil)
            #expect(try await client.tryWriteLock(ns + "rw", session: s[1]) == nil)
            #expect(try await client.getPrefix(ns + "rw/").map(\.key) == [writer.key])

            let reader1 = Waiter { try await client.readLock(ns + "rw", session: s[1], timeout: .seconds(10)) }
            let reader2 = Waiter { try await client.readLock(ns + "rw", session: s[2], timeout: .seconds(10)) }
            try await Task.sleep(for: .milliseconds(500))
            let readers = try await handOver(writer, to: [reader1, reader2])
            let (r1, r2) = (readers[0], readers[1])
            #expect(r1.fence > writer.fence && r2.fence > writer.fence)

            // Both readers hold: a writer waits for the last of them.
            let writer2 = Waiter { try await client.writeLock(ns + "rw", session: s[3], timeout: .seconds(10)) }
            try await Task.sleep(for: .milliseconds(300))
            try await r1.release()
            try await Task.sleep(for: .milliseconds(300))
            let w2 = try await handOver(r2, to: [writer2])[0]
            #expect(w2.fence > r2.fence)
            try await w2.release()
            #expect(try await client.getPrefix(ns + "rw/").isEmpty)
            for session in s { await session.close() }
        }
    }

    @Test("a reader that asks after a waiting writer queues behind it", arguments: ServerUnderTest.plaintext)
    func readersQueueBehindWriter(server: ServerUnderTest) async throws {
        try await server.withClient { client, ns in
            let s = try await sessions(3, client)
            let first = try await client.readLock(ns + "rw", session: s[0])
            let writer = Waiter { try await client.writeLock(ns + "rw", session: s[1], timeout: .seconds(10)) }
            try await Task.sleep(for: .milliseconds(300))
            // Only a reader holds the lock, yet the new reader waits: the writer asked first.
            #expect(try await client.tryReadLock(ns + "rw", session: s[2]) == nil)
            let reader = Waiter { try await client.readLock(ns + "rw", session: s[2], timeout: .seconds(10)) }
            try await Task.sleep(for: .milliseconds(500))
            #expect(!writer.acquired && !reader.acquired)

            try await expectWriterThenReader(after: first, writer: writer, reader: reader, sessions: s)
        }
    }

    /// etcd issue 16221: in the Go recipe a waiter whose session expired never noticed, took the
    /// lock without a key, and the waiters behind it stayed blocked or went in beside it.
    @Test(
        "a waiting writer whose session is revoked fails at once, and the readers behind it acquire (no waiting for its expiry)",
        arguments: ServerUnderTest.plaintext)
    func waitingWriterLost(server: ServerUnderTest) async throws {
        try await server.withClient { client, ns in
            let s = try await sessions(4, client)
            let holder = try await client.readLock(ns + "rw", session: s[0])
            let writer = Waiter { try await client.writeLock(ns + "rw", session: s[1]) }
            try await Task.sleep(for: .milliseconds(300))
            let readers = [
                Waiter { try await client.readLock(ns + "rw", session: s[2]) },
                Waiter { try await client.readLock(ns + "rw", session: s[3]) },
            ]
            try await Task.sleep(for: .milliseconds(500))
            #expect(readers.allSatisfy { !$0.acquired })

            let revokedAt = ContinuousClock.now
            try await client.revokeLease(s[1].lease)
            await expectError(.leaseNotFound) { _ = try await writer.task.value }
            for reader in readers {
                let lock = try await reader.task.value
                #expect(try #require(reader.acquiredAt) - revokedAt < .seconds(5))
                #expect(try await lock.isHeld())
            }
            #expect(try await holder.isHeld())
            #expect(try await client.getPrefix(ns + "rw/write/").isEmpty)
            for session in s { await session.close() }
        }
    }

    @Test("a waiting writer whose session is revoked lets nobody in beside the live writer before it", arguments: ServerUnderTest.plaintext)
    func waitingWriterLostBehindWriter(server: ServerUnderTest) async throws {
        try await server.withClient { client, ns in
            let s = try await sessions(4, client)
            let holder = try await client.writeLock(ns + "rw", session: s[0])
            let lost = Waiter { try await client.writeLock(ns + "rw", session: s[1]) }
            try await Task.sleep(for: .milliseconds(300))
            let nextWriter = Waiter { try await client.writeLock(ns + "rw", session: s[2]) }
            try await Task.sleep(for: .milliseconds(300))
            let reader = Waiter { try await client.readLock(ns + "rw", session: s[3]) }
            try await Task.sleep(for: .milliseconds(300))

            try await client.revokeLease(s[1].lease)
            await expectError(.leaseNotFound) { _ = try await lost.task.value }
            try await Task.sleep(for: .milliseconds(500))
            #expect(!nextWriter.acquired && !reader.acquired)
            #expect(try await holder.isHeld())

            try await expectWriterThenReader(after: holder, writer: nextWriter, reader: reader, sessions: s)
        }
    }

    @Test("a wait that times out or is cancelled fails with its code and leaves no key behind", arguments: ServerUnderTest.plaintext)
    func abandonedWaits(server: ServerUnderTest) async throws {
        try await server.withClient { client, ns in
            let s = try await sessions(3, client)
            let writer = try await client.writeLock(ns + "rw", session: s[0])
            let started = ContinuousClock.now
            await expectError(.deadlineExceeded) { _ = try await client.readLock(ns + "rw", session: s[1], timeout: .milliseconds(300)) }
            await expectError(.deadlineExceeded) { _ = try await client.writeLock(ns + "rw", session: s[2], timeout: .milliseconds(300)) }
            // Loose: beside the parallel suites, a busy server can hold the clean-up for seconds.
            #expect(ContinuousClock.now - started < .seconds(15))
            #expect(try await client.getPrefix(ns + "rw/").map(\.key) == [writer.key])

            let readTask = Task { try await client.readLock(ns + "rw", session: s[1]) }
            let writeTask = Task { try await client.writeLock(ns + "rw", session: s[2]) }
            try await Task.sleep(for: .milliseconds(300))
            readTask.cancel()
            writeTask.cancel()
            await expectError(.cancelled) { _ = try await readTask.value }
            await expectError(.cancelled) { _ = try await writeTask.value }
            #expect(try await client.getPrefix(ns + "rw/").map(\.key) == [writer.key])
            try await writer.release()

            // Readers holding: a writer's timeout leaves their keys alone.
            let reader = try await client.readLock(ns + "rw", session: s[1])
            await expectError(.deadlineExceeded) { _ = try await client.writeLock(ns + "rw", session: s[2], timeout: .milliseconds(300)) }
            #expect(try await client.getPrefix(ns + "rw/").map(\.key) == [reader.key])
            try await reader.release()
            for session in s { await session.close() }
        }
    }

    @Test(
        "withReadLock and withWriteLock release afterwards; withWriteLock cancels its body with lockLost when the session is lost",
        arguments: ServerUnderTest.plaintext)
    func scopes(server: ServerUnderTest) async throws {
        try await server.withClient { client, ns in
            let fence = try await client.withWriteLock(ns + "rw", timeout: .seconds(5)) { lock in
                try await lock.put(ns + "data", "1")
                return lock.fence
            }
            let read = try await client.withReadLock(ns + "rw", timeout: .seconds(5)) { lock in
                (lock.fence, try await client.get(ns + "data")?.value)
            }
            #expect(read.0 > fence && read.1 == "1")
            #expect(try await client.getPrefix(ns + "rw/").isEmpty)

            // The session revoked from outside while the body runs.
            let session = try await client.session(ttl: .seconds(30))
            let entered = Locked(false)
            let cancelledAt = Locked<ContinuousClock.Instant?>(nil)
            let scope = Task {
                try await client.withWriteLock(ns + "rw", session: session) { _ in
                    entered.withLock { $0 = true }
                    do {
                        try await Task.sleep(for: .seconds(30))
                    } catch {
                        cancelledAt.withLock { $0 = .now }
                    }
                }
            }
            while !entered.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(10)) }
            let revokedAt = ContinuousClock.now
            try await client.revokeLease(session.lease)
            await expectError(.lockLost) { try await scope.value }
            #expect(try #require(cancelledAt.withLock { $0 }) - revokedAt < .seconds(5))
            #expect(try await client.getPrefix(ns + "rw/").isEmpty)
            await expectError(.invalidArgument) { _ = try await client.readLock("", session: session) }
        }
    }
}
