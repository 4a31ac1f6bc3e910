import Etcd3
import Testing

@Suite("Lease calls against real etcd", .timeLimit(.minutes(3)))
struct LeaseTests {
    @Test("grant, attach, time to live, list, keep alive once, revoke", arguments: ServerUnderTest.all)
    func lifecycle(server: ServerUnderTest) async throws {
        try await server.withClient { client, ns in
            let lease = try await client.grantLease(ttl: .seconds(30))
            #expect(lease.ttl == .seconds(30))
            try await client.put(ns + "a", "1", lease: lease.id)
            try await client.put(ns + "b", "2", lease: lease.id)
            #expect(try await client.get(ns + "a")?.lease == lease.id)

            let info = try #require(try await client.leaseTimeToLive(lease.id, withKeys: true))
            #expect(info.granted == .seconds(30))
            #expect(info.remaining > .zero && info.remaining <= .seconds(30))
            #expect(Set(info.keys) == [ns + "a", ns + "b"])
            #expect(try await client.leases().contains(lease.id))

            #expect(try await client.keepAliveOnce(lease.id) == .seconds(30))

            try await client.revokeLease(lease.id)
            #expect(try await client.getPrefix(ns).isEmpty)
            #expect(try await client.leaseTimeToLive(lease.id) == nil)
            await expectError(.leaseNotFound) { try await client.keepAliveOnce(lease.id) }
            await expectError(.leaseNotFound) { try await client.revokeLease(lease.id) }
        }
    }

    @Test("chosen IDs, duplicates and expiry", arguments: ServerUnderTest.plaintext)
    func idsAndExpiry(server: ServerUnderTest) async throws {
        try await server.withClient { client, ns in
            let id = EtcdLeaseID(Int64.random(in: 1...Int64.max))
            let lease = try await client.grantLease(ttl: .milliseconds(1500), id: id)
            #expect(lease.id == id)
            #expect(lease.ttl == .seconds(2))
            await expectError(.leaseExists) { _ = try await client.grantLease(ttl: .seconds(5), id: id) }
            try await client.put(ns + "short", "lived", lease: id)
            await expectError(.invalidArgument) { _ = try await client.grantLease(ttl: .seconds(1_000_000_000_000)) }
            // The lease expires by itself (etcd checks expiry every 500 ms).
            let deadline = ContinuousClock.now + .seconds(8)
            while try await client.get(ns + "short") != nil, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(200))
            }
            #expect(try await client.get(ns + "short") == nil)
        }
    }
}
