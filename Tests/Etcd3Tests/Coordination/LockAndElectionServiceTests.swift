import Etcd3
import Synchronization
import Testing

@Suite("The server's Lock and Election services against real etcd", .timeLimit(.minutes(3)))
struct LockAndElectionServiceTests {
    /// `name/<lease ID in hex>`, the key layout shared by the services and the recipes.
    static func ownershipKey(_ name: EtcdBytes, _ lease: EtcdLeaseID) -> EtcdBytes {
        name + "/" + EtcdBytes(lease.description)
    }

    /// Runs `body` with a client, a key namespace and `count` fresh leases (TTL 10 s), revoked
    /// afterwards.
    static func withLeases(
        _ server: ServerUnderTest, _ count: Int, _ body: (Etcd3Client, EtcdBytes, [EtcdLeaseID]) async throws -> Void
    ) async throws {
        try await server.withClient { client, ns in
            var leases: [EtcdLeaseID] = []
            for _ in 0..<count { leases.append(try await client.grantLease(ttl: .seconds(10)).id) }
            try await body(client, ns, leases)
            for lease in leases { _ = try? await client.revokeLease(lease) }
        }
    }

    // MARK: Lock service

    @Test(
        "lock creates name/<lease hex> on the lease; the same lease gets it back; unlock deletes it, twice harmlessly",
        arguments: ServerUnderTest.all)
    func lockAndUnlock(server: ServerUnderTest) async throws {
        try await Self.withLeases(server, 1) { client, ns, leases in
            let lease = leases[0]
            let lock = try await client.lockService.lock(ns + "job", lease: lease, timeout: .seconds(5))
            #expect(lock.name == ns + "job")
            #expect(lock.key == Self.ownershipKey(ns + "job", lease))
            #expect(lock.lease == lease)
            let kv = try #require(try await client.get(lock.key))
            #expect(kv.lease == lease)
            #expect(lock.header.revision >= kv.createRevision)

            let again = try await client.lockService.lock(ns + "job", lease: lease, timeout: .seconds(2))
            #expect(again.key == lock.key)
            #expect(try await client.get(lock.key)?.createRevision == kv.createRevision)

            let header = try await client.lockService.unlock(lock)
            #expect(header.revision > kv.createRevision)
            #expect(try await client.get(lock.key) == nil)
            try await client.lockService.unlock(lock.key)
        }
    }

    @Test("a second lease waits until the holder unlocks", arguments: ServerUnderTest.plaintext)
    func lockBlocksSecondLease(server: ServerUnderTest) async throws {
        try await Self.withLeases(server, 2) { client, ns, leases in
            let (first, second) = (leases[0], leases[1])
            let held = try await client.lockService.lock(ns + "x", lease: first)
            let acquired = Mutex<ContinuousClock.Instant?>(nil)
            let waiter = Task {
                let lock = try await client.lockService.lock(ns + "x", lease: second, timeout: .seconds(8))
                acquired.withLock { $0 = .now }
                return lock
            }
            try await Task.sleep(for: .milliseconds(700))
            #expect(acquired.withLock { $0 } == nil)
            #expect(try await client.getPrefix(ns + "x/").count == 2)
            let unlockedAt = ContinuousClock.now
            try await client.lockService.unlock(held)
            let next = try await waiter.value
            #expect(try #require(acquired.withLock { $0 }) - unlockedAt < .seconds(1))
            #expect(next.key == Self.ownershipKey(ns + "x", second))
            try await client.lockService.unlock(next)
        }
    }

    @Test(
        "a lock wait that times out fails with deadlineExceeded and the server removes the waiter's key",
        arguments: ServerUnderTest.plaintext)
    func lockTimeout(server: ServerUnderTest) async throws {
        try await Self.withLeases(server, 2) { client, ns, leases in
            let (first, second) = (leases[0], leases[1])
            let held = try await client.lockService.lock(ns + "t", lease: first)
            let started = ContinuousClock.now
            await expectError(.deadlineExceeded) {
                _ = try await client.lockService.lock(ns + "t", lease: second, timeout: .milliseconds(500))
            }
            #expect(ContinuousClock.now - started < .seconds(2))
            try await expectEventually("the waiter's key is removed") {
                try await client.getPrefix(ns + "t/").map(\.key) == [held.key]
            }
            try await client.lockService.unlock(held)
        }
    }

    @Test("bad input is refused before sending; a lease that does not exist is leaseNotFound", arguments: ServerUnderTest.plaintext)
    func lockBadInput(server: ServerUnderTest) async throws {
        try await Self.withLeases(server, 1) { client, ns, leases in
            let lease = leases[0]
            await expectError(.invalidArgument) { _ = try await client.lockService.lock("", lease: lease) }
            await expectError(.invalidArgument) { _ = try await client.lockService.lock(ns + "b", lease: EtcdLeaseID(0)) }
            await expectError(.invalidArgument) { try await client.lockService.unlock("") }
            try await client.revokeLease(lease)
            await expectError(.leaseNotFound) { _ = try await client.lockService.lock(ns + "b", lease: lease, timeout: .seconds(5)) }
            await expectError(.leaseNotFound) {
                _ = try await client.electionService.campaign(ns + "e", value: "v", lease: lease, timeout: .seconds(5))
            }
            await expectError(.invalidArgument) { _ = try await client.electionService.campaign("", value: "v", lease: lease) }
            await expectError(.invalidArgument) { _ = try await client.electionService.leader("") }
            #expect(try await client.getPrefix(ns).isEmpty)
        }
    }

    @Test("the service's lock and the client recipe's lock exclude each other (same key layout)", arguments: ServerUnderTest.plaintext)
    func serviceAndRecipeExclude(server: ServerUnderTest) async throws {
        try await Self.withLeases(server, 1) { client, ns, leases in
            let lease = leases[0]
            let session = try await client.session(ttl: .seconds(10))

            let serviceLock = try await client.lockService.lock(ns + "m", lease: lease)
            #expect(try await client.tryLock(ns + "m", session: session) == nil)
            try await client.lockService.unlock(serviceLock)
            let recipeLock = try #require(try await client.tryLock(ns + "m", session: session))

            await expectError(.deadlineExceeded) {
                _ = try await client.lockService.lock(ns + "m", lease: lease, timeout: .milliseconds(500))
            }
            // The server removes the failed call's key after it answered; a new call with the same
            // lease before that could have its reused key deleted under it.
            try await expectEventually("the timed-out waiter's key is removed") {
                try await client.getPrefix(ns + "m/").map(\.key) == [recipeLock.key]
            }
            let waiter = Task { try await client.lockService.lock(ns + "m", lease: lease, timeout: .seconds(5)) }
            try await Task.sleep(for: .milliseconds(300))
            try await recipeLock.release()
            let next = try await waiter.value
            #expect(next.key == Self.ownershipKey(ns + "m", lease))
            try await client.lockService.unlock(next)
            await session.close()
        }
    }

    // MARK: Election service

    @Test("campaign, leader, proclaim and resign; proclaim after resign is leadershipLost", arguments: ServerUnderTest.all)
    func electionCalls(server: ServerUnderTest) async throws {
        try await Self.withLeases(server, 1) { client, ns, leases in
            let lease = leases[0]
            let election = client.electionService
            #expect(try await election.leader(ns + "e") == nil)

            let leader = try await election.campaign(ns + "e", value: "one", lease: lease, timeout: .seconds(5))
            #expect(leader.name == ns + "e")
            #expect(leader.key == Self.ownershipKey(ns + "e", lease))
            #expect(leader.lease == lease)
            let kv = try #require(try await client.get(leader.key))
            #expect(kv.createRevision == leader.revision)
            #expect(kv.lease == lease)

            let current = try #require(try await election.leader(ns + "e"))
            #expect(current.key == leader.key)
            #expect(current.value == "one")
            #expect(current.createRevision == leader.revision)

            let proclaimed = try await election.proclaim(leader, value: "two")
            #expect(proclaimed.revision > leader.revision)
            #expect(try await election.leader(ns + "e")?.value == "two")

            try await election.resign(leader)
            #expect(try await election.leader(ns + "e") == nil)
            #expect(try await client.get(leader.key) == nil)
            await expectError(.leadershipLost) { try await election.proclaim(leader, value: "three") }
            // Resigning again deletes nothing and is no error.
            try await election.resign(leader)
        }
    }

    @Test(
        "a second candidate leads once the first resigns; a campaign wait times out with deadlineExceeded",
        arguments: ServerUnderTest.plaintext)
    func electionSecondCandidate(server: ServerUnderTest) async throws {
        try await Self.withLeases(server, 2) { client, ns, leases in
            let (first, second) = (leases[0], leases[1])
            let leader = try await client.electionService.campaign(ns + "c", value: "first", lease: first)

            await expectError(.deadlineExceeded) {
                _ = try await client.electionService.campaign(ns + "c", value: "second", lease: second, timeout: .milliseconds(500))
            }
            // The server removes it when it sees the cancelled call: loose, beside the parallel suites.
            try await expectEventually("the timed-out candidate's key is removed", timeout: .seconds(20)) {
                try await client.getPrefix(ns + "c/").map(\.key) == [leader.key]
            }

            let candidate = Task {
                try await client.electionService.campaign(ns + "c", value: "second", lease: second, timeout: .seconds(8))
            }
            try await Task.sleep(for: .milliseconds(500))
            #expect(try await client.electionService.leader(ns + "c")?.value == "first")
            try await client.electionService.resign(leader)
            let next = try await candidate.value
            #expect(next.revision > leader.revision)
            #expect(try await client.electionService.leader(ns + "c")?.value == "second")
            // The old leadership cannot proclaim over the new one.
            await expectError(.leadershipLost) { try await client.electionService.proclaim(leader, value: "stale") }
            #expect(try await client.electionService.leader(ns + "c")?.value == "second")
            try await client.electionService.resign(next)
        }
    }

    @Test(
        "observe reports the leader, its proclaims and the next leader after a resignation; cancellation ends it",
        arguments: ServerUnderTest.plaintext)
    func observe(server: ServerUnderTest) async throws {
        try await Self.withLeases(server, 2) { client, ns, leases in
            let (first, second) = (leases[0], leases[1])
            let election = client.electionService
            let seen = Mutex<[EtcdKeyValue]>([])
            let observer = Task {
                for try await kv in election.observe(ns + "o") { seen.withLock { $0.append(kv) } }
            }
            // It waits while there is no leader.
            try await Task.sleep(for: .milliseconds(300))
            #expect(seen.withLock { $0 }.isEmpty)

            let leader = try await election.campaign(ns + "o", value: "a1", lease: first)
            try await expectEventually("the first leader is observed") { seen.withLock { $0.map(\.value) } == ["a1"] }
            try await election.proclaim(leader, value: "a2")
            try await expectEventually("the proclaim is observed") { seen.withLock { $0.last?.value } == "a2" }

            let candidate = Task { try await election.campaign(ns + "o", value: "b1", lease: second, timeout: .seconds(5)) }
            try await Task.sleep(for: .milliseconds(300))
            try await election.resign(leader)
            let next = try await candidate.value
            try await expectEventually("the next leader is observed") { seen.withLock { $0.last?.value } == "b1" }
            let values = seen.withLock { $0 }
            #expect(values.map(\.value) == ["a1", "a2", "b1"])
            #expect(values.first?.createRevision == leader.revision)
            #expect(values.last?.createRevision == next.revision)
            #expect(values.last?.key == next.key)

            observer.cancel()
            await expectError(.cancelled) { try await observer.value }
            try await election.resign(next)
        }
    }

    @Test("an observation of a closed client ends with closed")
    func observeClosedClient() async throws {
        let server = try #require(ServerUnderTest.plaintext.first)
        let client = try await Etcd3Client(configuration: ServerUnderTest.configuration(for: try await server.cluster()))
        await client.close()
        var iterator = client.electionService.observe("/test/closed").makeAsyncIterator()
        await expectError(.closed) { _ = try await iterator.next() }
        #expect(try await iterator.next() == nil)
    }

    // MARK: Errors

    @Test("the services' error texts map to codes")
    func classification() {
        let rows: [(Int, String, EtcdError.Code)] = [
            (2, "election: not leader", .leadershipLost),
            (2, "election: no leader", .notFound),
            (2, "mutex: session is expired", .leaseNotFound),
            (2, "etcdserver: requested lease not found", .leaseNotFound),
            (2, "\"leader\" field must be provided", .invalidArgument),
            (2, "context deadline exceeded", .unavailable),
            (14, "etcdserver: no leader", .noLeader),
        ]
        for (grpcCode, message, code) in rows {
            let classification = classifyServerError(grpcCode: grpcCode, message: message)
            #expect(classification.code == code, "\(grpcCode) \(message)")
        }
    }
}

/// Polls `condition` every 50 ms until it holds or `timeout` passes (then records an issue).
func expectEventually(
    _ what: String,
    timeout: Duration = .seconds(5),
    sourceLocation: SourceLocation = #_sourceLocation,
    _ condition: () async throws -> Bool
) async throws {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(50))
    }
    if try await condition() { return }
    Issue.record("not within \(timeout): \(what)", sourceLocation: sourceLocation)
}
