import Etcd3
import Synchronization
import Testing

@testable import Etcd3

@Suite("Elections against real etcd", .timeLimit(.minutes(3)))
struct ElectionTests {
    @Test("campaign, leader, proclaim and resign; the next candidate is elected with a higher fence", arguments: ServerUnderTest.all)
    func campaignAndResign(server: ServerUnderTest) async throws {
        try await server.withClient { client, ns in
            let election = client.election(ns + "e")
            #expect(try await election.leader() == nil)
            let first = try await client.session(ttl: .seconds(10))
            let second = try await client.session(ttl: .seconds(10))
            let leading = try await election.campaign(value: "one", session: first)
            #expect(leading.key == ns + "e/" + EtcdBytes(String(UInt64(bitPattern: first.lease.rawValue), radix: 16)))
            let leader = try #require(try await election.leader())
            #expect(leader.value == "one" && leader.fence == leading.fence && leader.lease == first.lease)
            try await leading.proclaim("uno")
            #expect(try await election.leader()?.value == "uno")

            let next = Task { try await election.campaign(value: "two", session: second, timeout: .seconds(10)) }
            try await Task.sleep(for: .milliseconds(300))
            #expect(try await election.leader()?.value == "uno")
            try await leading.resign()
            let successor = try await next.value
            #expect(successor.fence > leading.fence)
            #expect(try await election.leader()?.value == "two")
            #expect(try await leading.isLeader() == false)
            #expect(try await successor.isLeader())

            await expectError(.leadershipLost) { try await leading.proclaim("stale") }
            await expectError(.leadershipLost) { try await leading.resign() }
            try await successor.resign()
            #expect(try await election.leader() == nil)
            await first.close()
            await second.close()
        }
    }

    @Test("observe reports the leader, each proclaim, each new leader and no leader, in order, once", arguments: ServerUnderTest.plaintext)
    func observe(server: ServerUnderTest) async throws {
        try await server.withClient { client, ns in
            let election = client.election(ns + "o")
            var changes = election.observe().makeAsyncIterator()
            #expect(try await changes.next() == .some(nil))
            let a = try await client.session(ttl: .seconds(10))
            let b = try await client.session(ttl: .seconds(10))
            let aLeads = try await election.campaign(value: "a", session: a)
            #expect(try await changes.next()??.value == "a")
            try await aLeads.proclaim("a2")
            #expect(try await changes.next()??.value == "a2")
            let bCampaign = Task { try await election.campaign(value: "b", session: b) }
            try await Task.sleep(for: .milliseconds(300))
            try await aLeads.resign()
            let bLeads = try await bCampaign.value
            let afterResign = try #require(try await changes.next())
            #expect(afterResign?.value == "b" && afterResign?.fence == bLeads.fence)
            try await bLeads.resign()
            #expect(try await changes.next() == .some(nil))
            await a.close()
            await b.close()
        }
    }

    @Test("a campaign that times out or whose session is revoked leaves no candidacy", arguments: ServerUnderTest.plaintext)
    func abandonedCampaigns(server: ServerUnderTest) async throws {
        try await server.withClient { client, ns in
            let election = client.election(ns + "t")
            let holder = try await client.session(ttl: .seconds(30))
            let waiter = try await client.session(ttl: .seconds(30))
            let leading = try await election.campaign(value: "h", session: holder)
            await expectError(.deadlineExceeded) {
                _ = try await election.campaign(value: "w", session: waiter, timeout: .milliseconds(300))
            }
            #expect(try await client.getPrefix(ns + "t/").map(\.key) == [leading.key])
            let waiting = Task { try await election.campaign(value: "w", session: waiter) }
            try await Task.sleep(for: .milliseconds(300))
            let revokedAt = ContinuousClock.now
            try await client.revokeLease(waiter.lease)
            await expectError(.leaseNotFound) { _ = try await waiting.value }
            // Well before the next refresh (10 s) would report it.
            #expect(ContinuousClock.now - revokedAt < .seconds(5))
            #expect(try await leading.isLeader())
            await expectError(.invalidArgument) { _ = try await client.election("").campaign(value: "x", session: holder) }
            try await leading.resign()
            await holder.close()
        }
    }

    @Test("withLeadership cancels its body when the leader key is deleted and fenced writes stop", arguments: ServerUnderTest.plaintext)
    func withLeadershipLoss(server: ServerUnderTest) async throws {
        try await server.withClient { client, ns in
            let cancelledAfter = Mutex<Duration?>(nil)
            let scope = Task {
                try await client.withLeadership(ns + "w", value: "me") { leadership in
                    try await leadership.put(ns + "state", "led")
                    let deletedAt = ContinuousClock.now
                    // Someone else removes the leader key (an operator, a resign elsewhere).
                    _ = try? await client.delete(leadership.key)
                    do {
                        try await Task.sleep(for: .seconds(5))
                    } catch {
                        cancelledAfter.withLock { $0 = .now - deletedAt }
                    }
                    await expectError(.leadershipLost) {
                        _ = try await withoutCancellationForTests { try await leadership.put(ns + "state", "stale") }
                    }
                }
            }
            await expectError(.leadershipLost) { try await scope.value }
            // Well before the session (TTL 60 s) would next be refreshed.
            #expect(try #require(cancelledAfter.withLock { $0 }) < .seconds(5))
            #expect(try await client.get(ns + "state")?.value == "led")
            let result = try await client.withLeadership(ns + "w", value: "again", timeout: .seconds(5)) { leadership in
                try await client.election(ns + "w").leader()?.value
            }
            #expect(result == "again")
            #expect(try await client.getPrefix(ns + "w/").isEmpty)
        }
    }
}

/// Runs `body` in a task the caller's cancellation does not reach (to show that a write after
/// the loss is refused by the server, not merely cancelled).
func withoutCancellationForTests<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await Task { try await body() }.value
}

@Suite("Leader tracking", .timeLimit(.minutes(3)))
struct LeaderTrackerTests {
    private func kv(_ key: EtcdBytes, _ value: EtcdBytes, created: Int64, modified: Int64? = nil) -> EtcdKeyValue {
        EtcdKeyValue(key: key, value: value, createRevision: created, modRevision: modified ?? created, version: 1)
    }

    @Test("reports no leader once, each leader once, and never an older leader")
    func reports() {
        var tracker = LeaderTracker()
        #expect(tracker.reset([]) == .some(nil))
        #expect(tracker.apply(EtcdWatchEvent(kind: .delete, kv: kv("e/x", "", created: 0, modified: 3))) == nil)
        #expect(tracker.apply(EtcdWatchEvent(kind: .put, kv: kv("e/a", "a", created: 5)))??.value == "a")
        #expect(tracker.apply(EtcdWatchEvent(kind: .put, kv: kv("e/b", "b", created: 6))) == nil)
        #expect(tracker.apply(EtcdWatchEvent(kind: .put, kv: kv("e/a", "a2", created: 5, modified: 7)))??.value == "a2")
        #expect(tracker.apply(EtcdWatchEvent(kind: .delete, kv: kv("e/a", "", created: 0, modified: 8)))??.value == "b")
        // A snapshot that would bring back an older leader (never happens on a real server) is
        // not reported.
        #expect(tracker.reset([kv("e/a", "a", created: 5)]) == nil)
        #expect(tracker.reset([]) == .some(nil))
        #expect(tracker.reset([]) == nil)
    }
}
