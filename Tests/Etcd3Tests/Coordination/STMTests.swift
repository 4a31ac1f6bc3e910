import Etcd3
import Testing

/// The integer a test key holds (0 when absent).
private func integer(_ value: EtcdBytes?) -> Int {
    value.flatMap(\.string).flatMap { Int($0) } ?? 0
}

private struct Abort: Error {}

/// An actor whose state a transaction body changes without `await`: it compiles only because
/// the body runs on the caller's actor.
private actor Ledger {
    var bodyRuns = 0
    func credit(_ key: EtcdBytes, client: Etcd3Client) async throws -> Int {
        try await client.softwareTransaction { stm in
            bodyRuns += 1
            let balance = integer(try await stm.get(key)) + 5
            stm.put(key, "\(balance)")
            return balance
        }
    }
}

@Suite("Software transactions against real etcd", .timeLimit(.minutes(3)))
struct STMTests {
    @Test("reads see the transaction's own writes; the commit applies puts, deletes and leases", arguments: ServerUnderTest.all)
    func ownWritesAndCommit(server: ServerUnderTest) async throws {
        try await server.withClient { client, ns in
            let stmIsolation = try await client.softwareTransaction { stm in stm.isolation }
            #expect(stmIsolation == .serializableSnapshot)
            try await client.put(ns + "a", "1")
            try await client.put(ns + "gone", "x")
            let aRevision = try #require(try await client.get(ns + "a")).modRevision
            let lease = try await client.grantLease(ttl: .seconds(30))
            let (result, seen) = try await client.softwareTransaction(timeout: .seconds(5)) { stm in
                var seen: [String] = []
                seen.append("\(try await stm.get(ns + "a") ?? "nil") \(try await stm.modRevision(of: ns + "a"))")
                stm.put(ns + "a", "2")
                seen.append("\(try await stm.get(ns + "a") ?? "nil")")
                stm.delete(ns + "gone")
                seen.append("\(try await stm.get(ns + "gone") ?? "nil")")
                stm.put(ns + "leased", "l", lease: lease.id)
                seen.append("\(try await stm.get(ns + "missing") ?? "nil") \(try await stm.modRevision(of: ns + "missing"))")
                return ("done", seen)
            }
            #expect(seen == ["1 \(aRevision)", "2", "nil", "nil 0"])
            #expect(result == "done")
            #expect(try await client.get(ns + "a")?.value == "2")
            #expect(try await client.get(ns + "gone") == nil)
            #expect(try await client.get(ns + "leased")?.lease == lease.id)
            #expect(try await client.get(ns + "missing") == nil)
            try await client.revokeLease(lease.id)
        }
    }

    @Test("the body runs on the caller's actor", arguments: ServerUnderTest.plaintext)
    func runsOnCallersActor(server: ServerUnderTest) async throws {
        try await server.withClient { client, ns in
            let ledger = Ledger()
            let first = try await ledger.credit(ns + "acct", client: client)
            let second = try await ledger.credit(ns + "acct", client: client)
            #expect([first, second] == [5, 10])
            #expect(await ledger.bodyRuns == 2)
        }
    }

    @Test(
        "a lost update: readCommitted commits over another transaction's write, the other levels run the body again",
        arguments: ServerUnderTest.plaintext, EtcdSTMIsolation.allCases)
    func lostUpdate(server: ServerUnderTest, isolation: EtcdSTMIsolation) async throws {
        try await server.withClient { client, ns in
            let key = ns + "counter"
            try await client.put(key, "0")
            var attempts = 0
            try await client.softwareTransaction(isolation: isolation) { stm in
                attempts += 1
                let value = integer(try await stm.get(key))
                if attempts == 1 {
                    // A second transaction increments the key between this one's read and commit.
                    try await client.softwareTransaction(isolation: isolation) { other in
                        other.put(key, "\(integer(try await other.get(key)) + 1)")
                    }
                }
                stm.put(key, "\(value + 1)")
            }
            let final = integer(try await client.get(key)?.value)
            if isolation == .readCommitted {
                #expect(final == 1, "the second transaction's increment is lost")
                #expect(attempts == 1)
            } else {
                #expect(final == 2)
                #expect(attempts == 2)
            }
        }
    }

    @Test(
        "concurrent increments of one key lose nothing under serializableSnapshot, serializable and repeatableRead",
        arguments: ServerUnderTest.plaintext, [EtcdSTMIsolation.serializableSnapshot, .serializable, .repeatableRead])
    func concurrentIncrements(server: ServerUnderTest, isolation: EtcdSTMIsolation) async throws {
        try await server.withClient { client, ns in
            let key = ns + "counter"
            let tasks = 4
            let increments = 25
            let attempts = Locked(0)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<tasks {
                    group.addTask {
                        for _ in 0..<increments {
                            try await client.softwareTransaction(isolation: isolation, maxAttempts: 200) { stm in
                                attempts.withLock { $0 += 1 }
                                stm.put(key, "\(integer(try await stm.get(key)) + 1)")
                            }
                        }
                    }
                }
                try await group.waitForAll()
            }
            #expect(integer(try await client.get(key)?.value) == tasks * increments)
            let total = attempts.withLock { $0 }
            print("\(isolation): \(tasks * increments) increments in \(total) attempts")
            #expect(total >= tasks * increments)
        }
    }

    @Test(
        "serializable levels read every key at the first read's revision; the others read the latest",
        arguments: ServerUnderTest.plaintext, EtcdSTMIsolation.allCases)
    func snapshotReads(server: ServerUnderTest, isolation: EtcdSTMIsolation) async throws {
        try await server.withClient { client, ns in
            try await client.put(ns + "a", "1")
            try await client.put(ns + "b", "1")
            var seen: [Int] = []
            try await client.softwareTransaction(isolation: isolation) { stm in
                _ = try await stm.get(ns + "a")
                if seen.isEmpty { try await client.put(ns + "b", "2") }
                seen.append(integer(try await stm.get(ns + "b")))
                stm.put(ns + "c", "written")
            }
            switch isolation {
            case .serializableSnapshot, .serializable:
                // The first attempt read b as of its snapshot; b had changed, so the commit failed.
                #expect(seen == [1, 2])
            default:
                #expect(seen == [2])
            }
            #expect(try await client.get(ns + "c")?.value == "written")
        }
    }

    @Test(
        "serializableSnapshot also re-runs when a key it only wrote changed after its snapshot",
        arguments: ServerUnderTest.plaintext, EtcdSTMIsolation.allCases)
    func writeConflicts(server: ServerUnderTest, isolation: EtcdSTMIsolation) async throws {
        try await server.withClient { client, ns in
            try await client.put(ns + "a", "1")
            try await client.put(ns + "c", "old")
            var attempts = 0
            try await client.softwareTransaction(isolation: isolation) { stm in
                attempts += 1
                _ = try await stm.get(ns + "a")
                if attempts == 1 { try await client.put(ns + "c", "theirs") }
                stm.put(ns + "c", "mine")
            }
            #expect(attempts == (isolation == .serializableSnapshot ? 2 : 1))
            #expect(try await client.get(ns + "c")?.value == "mine")
        }
    }

    @Test(
        "a key read twice in one attempt reads the same; the commit then checks it", arguments: ServerUnderTest.plaintext,
        EtcdSTMIsolation.allCases)
    func repeatableReads(server: ServerUnderTest, isolation: EtcdSTMIsolation) async throws {
        try await server.withClient { client, ns in
            try await client.put(ns + "a", "1")
            var attempts = 0
            var reads: [[Int]] = []
            try await client.softwareTransaction(isolation: isolation) { stm in
                attempts += 1
                let first = integer(try await stm.get(ns + "a"))
                if attempts == 1 { try await client.put(ns + "a", "2") }
                reads.append([first, integer(try await stm.get(ns + "a"))])
                stm.put(ns + "b", "x")
            }
            #expect(reads.first == [1, 1])
            #expect(attempts == (isolation == .readCommitted ? 1 : 2))
        }
    }

    @Test("maxAttempts conflicting attempts end in retriesExhausted with nothing written", arguments: ServerUnderTest.all)
    func retriesExhausted(server: ServerUnderTest) async throws {
        try await server.withClient { client, ns in
            try await client.put(ns + "hot", "0")
            var attempts = 0
            await expectError(.retriesExhausted) {
                try await client.softwareTransaction(maxAttempts: 3) { stm in
                    attempts += 1
                    _ = try await stm.get(ns + "hot")
                    try await client.put(ns + "hot", "\(attempts)")
                    stm.put(ns + "result", "written")
                }
            }
            #expect(attempts == 3)
            #expect(try await client.get(ns + "result") == nil)

            var ran = false
            await expectError(.invalidArgument) {
                try await client.softwareTransaction(maxAttempts: 0) { _ in ran = true }
            }
            #expect(!ran)
        }
    }

    @Test("a body that throws writes nothing and its error comes out as is", arguments: ServerUnderTest.all)
    func throwingBody(server: ServerUnderTest) async throws {
        try await server.withClient { client, ns in
            var attempts = 0
            await #expect(throws: Abort.self) {
                try await client.softwareTransaction { stm in
                    attempts += 1
                    stm.put(ns + "a", "1")
                    _ = try await stm.get(ns + "b")
                    throw Abort()
                }
            }
            #expect(attempts == 1)
            let afterThrow = try await client.getPrefix(ns)
            #expect(afterThrow.isEmpty)

            // A read error the body swallows still fails the transaction.
            await expectError(.invalidArgument) {
                try await client.softwareTransaction { stm in
                    stm.put(ns + "a", "1")
                    _ = try? await stm.get("")
                }
            }
            // So does a write of an empty key.
            await expectError(.invalidArgument) {
                try await client.softwareTransaction { stm in
                    stm.put(ns + "a", "1")
                    stm.delete("")
                }
            }
            let atEnd = try await client.getPrefix(ns)
            #expect(atEnd.isEmpty)
        }
    }

    @Test("prefetched keys are read before the body and guard the commit like keys the body read", arguments: ServerUnderTest.all)
    func prefetch(server: ServerUnderTest) async throws {
        try await server.withClient { client, ns in
            try await client.put(ns + "a", "1")
            try await client.put(ns + "b", "1")
            var attempts = 0
            let sum = try await client.softwareTransaction(prefetch: [ns + "a", ns + "b"]) { stm in
                attempts += 1
                // The body reads only a; b changes meanwhile.
                let a = integer(try await stm.get(ns + "a"))
                if attempts == 1 { try await client.put(ns + "b", "2") }
                stm.put(ns + "c", "x")
                return a + integer(try await stm.get(ns + "b"))
            }
            #expect(attempts == 2)
            #expect(sum == 3)
        }
    }

    @Test("a snapshot compacted away while the body runs makes the body run again on a newer one", arguments: ServerUnderTest.plaintext)
    func compactedSnapshot(server: ServerUnderTest) async throws {
        try await server.withClient(dedicated: true) { client, ns in
            try await client.put(ns + "a", "1")
            try await client.put(ns + "b", "1")
            var attempts = 0
            let b = try await client.softwareTransaction(isolation: .serializable) { stm in
                attempts += 1
                _ = try await stm.get(ns + "a")
                if attempts == 1 {
                    let put = try await client.put(ns + "b", "2")
                    try await client.compact(put.header.revision)
                }
                return integer(try await stm.get(ns + "b"))
            }
            #expect(attempts == 2)
            #expect(b == 2)
        }
    }

    @Test("cancelling the task ends a transaction that keeps conflicting with cancelled", arguments: ServerUnderTest.plaintext)
    func cancellation(server: ServerUnderTest) async throws {
        try await server.withClient { client, ns in
            try await client.put(ns + "hot", "0")
            let task = Task {
                try await client.softwareTransaction(maxAttempts: 100_000) { stm in
                    _ = try await stm.get(ns + "hot")
                    try await client.put(ns + "hot", "again")
                    stm.put(ns + "result", "written")
                }
            }
            try await Task.sleep(for: .milliseconds(300))
            task.cancel()
            await expectError(.cancelled) { try await task.value }
            #expect(try await client.get(ns + "result") == nil)
        }
    }
}
