import Etcd3
import Testing

/// Code generic over ``EtcdKV`` runs on the client and, unchanged, inside a namespace view.
@Suite("EtcdKV: one generic code path for the client and a namespace view", .timeLimit(.minutes(3)))
struct EtcdKVTests {
    /// Calls every requirement of `EtcdKV` through its default-argument form, with keys under
    /// `base`, and returns what it saw with `base` removed from every key.
    private static func everyCall(_ kv: some EtcdKV, base: EtcdBytes) async throws -> [String] {
        func strip(_ key: EtcdBytes) -> String { EtcdBytes(key.bytes.dropFirst(base.count)).description }
        var seen: [String] = []
        let start = try await kv.put(base + "a", "1").header.revision
        try await kv.put(base + "b", "2", options: EtcdPutOptions(prevKV: true))
        let ttl = try await kv.put(base + "t", "t", ttl: .seconds(30))
        seen.append("get \(try await kv.get(base + "a").map { strip($0.key) } ?? "nil")")
        seen.append("prefix \(try await kv.getPrefix(base).map { strip($0.key) })")
        seen.append("range \(try await kv.getRange(base + "a", end: base + "c").map { strip($0.key) })")
        seen.append("count \(try await kv.count(prefix: base))")
        seen.append("one \(try await kv.range(base + "b", end: nil).kvs.map { strip($0.key) })")
        seen.append("replace \(try await kv.replace(base + "a", from: "1", to: "11"))")
        seen.append("create \(try await kv.create(base + "c", "3"))")
        let c = try #require(try await kv.get(base + "c"))
        seen.append("update \(try await kv.update(base + "c", "33", ifModRevision: c.modRevision))")
        seen.append("delete-if \(try await kv.delete(base + "c", ifValue: "33"))")
        let txn = try await kv.transaction(compare: [.value(base + "a") == "11"], success: [.getPrefix(base)])
        seen.append("txn \(txn.responses.first?.range?.kvs.map { strip($0.key) } ?? [])")
        let lease = try await kv.grantLease(ttl: .seconds(30))
        try await kv.put(base + "l", "l", lease: lease.id)
        seen.append("lease \(try await kv.leaseTimeToLive(lease.id, withKeys: true)?.keys.map(strip) ?? [])")
        try await kv.revokeLease(lease.id)
        try await kv.revokeLease(ttl.id)

        let options = EtcdWatchOptions(startRevision: start)
        seen.append("watchOnce \(strip(try await kv.watchOnce(base + "a", options: options, timeout: .seconds(10)).kv.key))")
        seen.append("watchPrefixOnce \(strip(try await kv.watchPrefixOnce(base, options: options, timeout: .seconds(10)).kv.key))")
        for watch in [
            kv.watch(base + "a", options: options), kv.watchPrefix(base, options: options),
            kv.watchRange(base, end: base + "b", options: options),
        ] {
            for try await event in watch {
                seen.append("watch \(strip(event.kv.key))")
                break
            }
        }

        let session = try await kv.session(ttl: .seconds(10))
        let lock = try await kv.lock(base + "lock", session: session)
        seen.append("tryLock \(try await kv.tryLock(base + "lock", session: session) != nil)")
        try await lock.release()
        let writer = try await kv.writeLock(base + "rw", session: session)
        try await writer.release()
        let reader = try await kv.readLock(base + "rw", session: session)
        try await reader.release()
        seen.append("withLock \(strip(try await kv.withLock(base + "scoped") { $0.name }))")
        seen.append("withLeadership \(strip(try await kv.withLeadership(base + "elect", value: "v") { $0.name }))")
        seen.append("election \(try await kv.election(base + "elect").leader() == nil)")
        let moved = try await kv.softwareTransaction { stm in
            stm.put(base + "stm", "s")
            return try await stm.get(base + "a")
        }
        seen.append("stm \(moved?.description ?? "nil")")
        let appended = try await kv.append(to: base + "q/", "item")
        seen.append("sequential \(try await kv.getSequential(base + "q/").map(\.key) == [appended.key])")
        await session.close()

        seen.append("delete \(try await kv.delete(base + "a").deleted)")
        seen.append("deletePrefix \(try await kv.deletePrefix(base + "q/").deleted)")
        seen.append("deleteRange \(try await kv.deleteRange(base, end: base.prefixRangeEnd).deleted)")
        seen.append(
            "all \(try await kv.getAll(options: EtcdRangeOptions(keysOnly: true)).filter { $0.key.bytes.starts(with: base.bytes) }.count)")
        return seen
    }

    @Test("every call of the generic protocol gives the same results on the client and inside a view", arguments: ServerUnderTest.plaintext)
    func sameResults(server: ServerUnderTest) async throws {
        try await server.withClient { client, ns in
            let whole = try await Self.everyCall(client, base: ns + "whole/k/")
            let view = try client.namespace(ns + "view/")
            let inside = try await Self.everyCall(view, base: "k/")
            #expect(whole == inside)
            #expect(
                whole == [
                    "get a", #"prefix ["a", "b", "t"]"#, #"range ["a", "b"]"#, "count 3", #"one ["b"]"#, "replace true",
                    "create true", "update true", "delete-if true", #"txn ["a", "b", "t"]"#, #"lease ["l"]"#, "watchOnce a",
                    "watchPrefixOnce a", "watch a", "watch a", "watch a", "tryLock true", "withLock scoped",
                    "withLeadership elect", "election true", "stm 11", "sequential true", "delete 1", "deletePrefix 2",
                    "deleteRange 2", "all 0",
                ])
            // What the view wrote is under its prefix, and it left nothing behind.
            #expect(try await client.getPrefix(ns + "view/").isEmpty)
            #expect(try await client.getPrefix(ns + "whole/").isEmpty)
        }
    }
}
