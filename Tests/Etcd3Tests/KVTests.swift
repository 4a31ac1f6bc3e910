import Etcd3
import Testing

/// Every KV call and option against real etcd servers (3.4 and 3.5, plaintext and TLS).
@Suite("KV against real etcd", .timeLimit(.minutes(3)))
struct KVTests {
    @Test("put, get, missing key", arguments: ServerUnderTest.all)
    func putGet(server: ServerUnderTest) async throws {
        try await server.withClient { client, ns in
            let put = try await client.put(ns + "a", "1")
            #expect(put.header.revision > 0)
            let kv = try #require(try await client.get(ns + "a"))
            #expect(kv.key == ns + "a")
            #expect(kv.value == "1")
            #expect(kv.version == 1)
            #expect(kv.createRevision == put.header.revision)
            #expect(kv.modRevision == put.header.revision)
            #expect(kv.lease == nil)
            #expect(try await client.get(ns + "missing") == nil)
        }
    }

    @Test("binary keys and values round-trip byte-exactly", arguments: ServerUnderTest.plaintext)
    func binary(server: ServerUnderTest) async throws {
        try await server.withClient { client, ns in
            let key = ns + EtcdBytes([0xff, 0xfe, 0x00, 0x6b])
            let big = EtcdBytes([UInt8](repeating: 0, count: 1_400_000))
            try await client.put(key, big)
            let kv = try #require(try await client.get(key))
            #expect(kv.value == big)
            try await client.put(ns + "empty", "")
            #expect(try await client.get(ns + "empty")?.value == "")
        }
    }

    @Test("prefix reads handle trailing 0xff bytes", arguments: ServerUnderTest.plaintext)
    func prefixWithFF(server: ServerUnderTest) async throws {
        try await server.withClient { client, ns in
            let prefix = ns + EtcdBytes([0x61, 0xff])
            try await client.put(prefix + "x", "in")
            try await client.put(prefix + EtcdBytes([0xff, 0x01]), "in")
            try await client.put(ns + "b", "out")
            try await client.put(ns + "a", "out")
            let kvs = try await client.getPrefix(prefix)
            #expect(kvs.map(\.value) == ["in", "in"])
        }
    }

    @Test("prefix reads page at one pinned revision", arguments: ServerUnderTest.all)
    func paging(server: ServerUnderTest) async throws {
        try await server.withClient(configure: { $0.rangePageSize = 7 }) { client, ns in
            for i in 0..<50 { try await client.put(ns + "k/\(pad(i))", "\(i)") }
            let kvs = try await client.getPrefix(ns + "k/")
            #expect(kvs.count == 50)
            #expect(kvs.map(\.key) == (0..<50).map { ns + "k/\(pad($0))" })
            var limited = EtcdRangeOptions()
            limited.limit = 17
            #expect(try await client.getPrefix(ns + "k/", options: limited).count == 17)
            // A read at an older revision pages at that revision.
            let before = try await client.range(ns + "k/", end: nil).header.revision
            try await client.put(ns + "k/99", "late")
            var old = EtcdRangeOptions()
            old.revision = before
            #expect(try await client.getPrefix(ns + "k/", options: old).count == 50)
            #expect(try await client.getPrefix(ns + "k/").count == 51)
            #expect(try await client.count(prefix: ns + "k/") == 51)
        }
    }

    @Test("every range option", arguments: ServerUnderTest.all)
    func rangeOptions(server: ServerUnderTest) async throws {
        try await server.withClient { client, ns in
            let r1 = try await client.put(ns + "c", "3").header.revision
            let r2 = try await client.put(ns + "a", "1").header.revision
            let r3 = try await client.put(ns + "b", "2").header.revision
            try await client.put(ns + "a", "11")
            let end = ns.prefixRangeEnd

            var options = EtcdRangeOptions(limit: 2)
            var result = try await client.range(ns, end: end, options: options)
            #expect(result.kvs.map(\.key) == [ns + "a", ns + "b"])
            #expect(result.more)
            #expect(result.count == 3)

            options = EtcdRangeOptions(sortOrder: .descending, sortTarget: .key)
            #expect(try await client.getPrefix(ns, options: options).map(\.key) == [ns + "c", ns + "b", ns + "a"])
            options = EtcdRangeOptions(sortOrder: .ascending, sortTarget: .value)
            #expect(try await client.getPrefix(ns, options: options).map(\.value) == ["11", "2", "3"])
            options = EtcdRangeOptions(sortOrder: .ascending, sortTarget: .createRevision)
            #expect(try await client.getPrefix(ns, options: options).map(\.key) == [ns + "c", ns + "a", ns + "b"])
            options = EtcdRangeOptions(sortOrder: .descending, sortTarget: .modRevision)
            #expect(try await client.getPrefix(ns, options: options).first?.key == ns + "a")
            options = EtcdRangeOptions(sortOrder: .descending, sortTarget: .version)
            #expect(try await client.getPrefix(ns, options: options).first?.key == ns + "a")

            options = EtcdRangeOptions(keysOnly: true)
            let keysOnly = try await client.getPrefix(ns, options: options)
            #expect(keysOnly.count == 3 && keysOnly.allSatisfy { $0.value.isEmpty })

            options = EtcdRangeOptions(countOnly: true)
            result = try await client.range(ns, end: end, options: options)
            #expect(result.count == 3 && result.kvs.isEmpty)

            options = EtcdRangeOptions(revision: r2)
            #expect(try await client.get(ns + "a", options: options)?.value == "1")
            #expect(try await client.get(ns + "b", options: options) == nil)

            options = EtcdRangeOptions(serializable: true)
            #expect(try await client.get(ns + "b", options: options)?.value == "2")

            options = EtcdRangeOptions(minModRevision: r3)
            #expect(Set(try await client.getPrefix(ns, options: options).map(\.key)) == [ns + "a", ns + "b"])
            options = EtcdRangeOptions(maxModRevision: r1)
            #expect(try await client.getPrefix(ns, options: options).map(\.key) == [ns + "c"])
            options = EtcdRangeOptions(minCreateRevision: r2)
            #expect(try await client.getPrefix(ns, options: options).map(\.key) == [ns + "a", ns + "b"])
            options = EtcdRangeOptions(maxCreateRevision: r2)
            #expect(try await client.getPrefix(ns, options: options).map(\.key) == [ns + "a", ns + "c"])

            #expect(try await client.getRange(ns + "a", end: ns + "c").map(\.key) == [ns + "a", ns + "b"])
            let all = try await client.getAll()
            #expect(all.contains { $0.key == ns + "c" })
        }
    }

    @Test("put options: prevKV, ignoreValue, ignoreLease", arguments: ServerUnderTest.all)
    func putOptions(server: ServerUnderTest) async throws {
        try await server.withClient { client, ns in
            try await client.put(ns + "k", "1")
            let second = try await client.put(ns + "k", "2", options: EtcdPutOptions(prevKV: true))
            #expect(second.prevKV?.value == "1")
            try await client.put(ns + "k", "", options: EtcdPutOptions(ignoreValue: true))
            #expect(try await client.get(ns + "k")?.value == "2")
            try await client.put(ns + "k", "3", options: EtcdPutOptions(ignoreLease: true))
            #expect(try await client.get(ns + "k")?.value == "3")
            await #expect(throws: EtcdError.self) {
                try await client.put(ns + "absent", "", options: EtcdPutOptions(ignoreValue: true))
            }
            do {
                try await client.put(ns + "k", "x", lease: EtcdLeaseID(0x7777_7777))
                Issue.record("a put with an unknown lease must fail")
            } catch let error as EtcdError {
                #expect(error.code == .leaseNotFound)
            }
        }
    }

    @Test("conditional writes: replace, create, update, delete-if-value", arguments: ServerUnderTest.all)
    func conditionalWrites(server: ServerUnderTest) async throws {
        try await server.withClient { client, ns in
            #expect(try await client.create(ns + "k", "1"))
            #expect(try await !client.create(ns + "k", "other"))
            #expect(try await client.replace(ns + "k", from: "1", to: "2"))
            #expect(try await !client.replace(ns + "k", from: "1", to: "3"))
            #expect(try await !client.replace(ns + "missing", from: "1", to: "3"))
            let kv = try #require(try await client.get(ns + "k"))
            #expect(try await client.update(ns + "k", "4", ifModRevision: kv.modRevision))
            #expect(try await !client.update(ns + "k", "5", ifModRevision: kv.modRevision))
            #expect(try await !client.delete(ns + "k", ifValue: "2"))
            #expect(try await client.delete(ns + "k", ifValue: "4"))
            #expect(try await client.get(ns + "k") == nil)
        }
    }

    @Test("delete, deletePrefix, deleteRange", arguments: ServerUnderTest.all)
    func deletes(server: ServerUnderTest) async throws {
        try await server.withClient { client, ns in
            for key in ["a", "b", "c", "d/1", "d/2"] { try await client.put(ns + EtcdBytes(key), "v-\(key)") }
            let single = try await client.delete(ns + "a", prevKV: true)
            #expect(single.deleted == 1)
            #expect(single.prevKVs.map(\.value) == ["v-a"])
            #expect(try await client.delete(ns + "a").deleted == 0)
            let prefix = try await client.deletePrefix(ns + "d/", prevKV: true)
            #expect(prefix.deleted == 2)
            #expect(Set(prefix.prevKVs.map(\.key)) == [ns + "d/1", ns + "d/2"])
            #expect(try await client.deleteRange(ns + "b", end: ns + "c\u{0}").deleted == 2)
            #expect(try await client.getPrefix(ns).isEmpty)
        }
    }

    @Test("transactions: every compare target, branches, nesting", arguments: ServerUnderTest.all)
    func transactions(server: ServerUnderTest) async throws {
        try await server.withClient { client, ns in
            let created = try await client.put(ns + "k", "v").header.revision
            try await client.put(ns + "p/1", "x")
            try await client.put(ns + "p/2", "x")

            let ok = try await client.transaction(
                compare: [
                    .value(ns + "k") == "v", .value(ns + "k") != "w", .value(ns + "k") > "a",
                    .value(ns + "k") < "z", .version(ns + "k") == 1, .version(ns + "k") > 0,
                    .createRevision(ns + "k") == created, .modRevision(ns + "k") < created + 100,
                    .lease(ns + "k") == nil, .value(prefix: ns + "p/") == "x",
                    .version(prefix: ns + "p/") == 1, .createRevision(ns + "nope") == 0,
                ],
                success: [.put(ns + "k", "v2", prevKV: true), .get(ns + "k"), .getPrefix(ns + "p/")],
                failure: [])
            #expect(ok.succeeded)
            #expect(ok.responses.count == 3)
            #expect(ok.responses[0].put?.prevKV?.value == "v")
            #expect(ok.responses[1].range?.kvs.first?.value == "v2")
            #expect(ok.responses[2].range?.kvs.count == 2)

            let failed = try await client.transaction(
                compare: [.value(ns + "k") == "v"],
                success: [.delete(ns + "k")],
                failure: [.get(ns + "k"), .deletePrefix(ns + "p/", prevKV: true)])
            #expect(!failed.succeeded)
            #expect(failed.responses[0].range?.kvs.first?.value == "v2")
            #expect(failed.responses[1].delete?.deleted == 2)

            let nested = try await client.transaction(
                compare: [.version(ns + "k") == 2],
                success: [
                    .txn(
                        compare: [.value(ns + "k") == "v2"],
                        success: [.put(ns + "n", "inner"), .deleteRange(ns + "x", end: ns + "y")],
                        failure: [])
                ])
            #expect(nested.succeeded)
            let inner = try #require(nested.responses.first?.txn)
            #expect(inner.succeeded)
            #expect(inner.responses.first?.put != nil)
            #expect(try await client.get(ns + "n")?.value == "inner")

            let readOnly = try await client.transaction(compare: [], success: [.get(ns + "n")])
            #expect(readOnly.responses.first?.range?.kvs.first?.value == "inner")
        }
    }

    @Test("transaction limits are typed errors", arguments: ServerUnderTest.plaintext)
    func transactionLimits(server: ServerUnderTest) async throws {
        try await server.withClient { client, ns in
            let exactly128 = (0..<128).map { EtcdTxnOp.put(ns + "t/\($0)", "v") }
            let accepted = try await client.transaction(compare: [], success: exactly128)
            #expect(accepted.succeeded)
            let tooMany = (0..<129).map { EtcdTxnOp.put(ns + "t/\($0)", "v") }
            await expectError(.invalidArgument, messageContains: "too many operations") {
                _ = try await client.transaction(compare: [], success: tooMany)
            }
            await expectError(.invalidArgument, messageContains: "duplicate key") {
                _ = try await client.transaction(compare: [], success: [.put(ns + "d", "1"), .put(ns + "d", "2")])
            }
        }
    }

    @Test("compaction and revisions out of range", arguments: ServerUnderTest.all)
    func compaction(server: ServerUnderTest) async throws {
        try await server.withClient(dedicated: true) { client, ns in
            let first = try await client.put(ns + "k", "1").header.revision
            let second = try await client.put(ns + "k", "2").header.revision
            try await client.compact(second)
            await expectError(.compacted) {
                _ = try await client.get(ns + "k", options: EtcdRangeOptions(revision: first))
            }
            #expect(try await client.get(ns + "k", options: EtcdRangeOptions(revision: second))?.value == "2")
            await expectError(.futureRevision) {
                _ = try await client.get(ns + "k", options: EtcdRangeOptions(revision: second + 1_000_000))
            }
            await expectError(.compacted) { try await client.compact(first) }
            let third = try await client.put(ns + "k", "3").header.revision
            try await client.compact(third, physical: true)
            #expect(try await client.get(ns + "k")?.value == "3")
        }
    }

    @Test("bad input is rejected before sending", arguments: ServerUnderTest.plaintext)
    func badInput(server: ServerUnderTest) async throws {
        try await server.withClient { client, ns in
            await expectError(.invalidArgument) { try await client.put("", "v") }
            await expectError(.invalidArgument) { _ = try await client.get("") }
            await expectError(.invalidArgument) { try await client.delete("") }
            await expectError(.invalidArgument) { _ = try await client.getPrefix("") }
            await expectError(.invalidArgument) {
                _ = try await client.transaction(compare: [.value("") == "x"], success: [])
            }
            await expectError(.invalidArgument) {
                _ = try await client.transaction(compare: [], success: [.txn(compare: [], success: [.put("", "x")])])
            }
            // The client is still fine.
            try await client.put(ns + "after", "ok")
        }
    }
}

func pad(_ i: Int) -> String {
    let digits = String(i)
    return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
}

/// Expects `body` to throw an ``EtcdError`` with `code` (and a message containing a fragment).
func expectError(
    _ code: EtcdError.Code,
    messageContains fragment: String? = nil,
    sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () async throws -> Void
) async {
    do {
        try await body()
        Issue.record("expected \(code), but the call succeeded", sourceLocation: sourceLocation)
    } catch let error as EtcdError {
        #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
        if let fragment {
            #expect(error.message.contains(fragment), "\(error)", sourceLocation: sourceLocation)
        }
    } catch {
        Issue.record("expected EtcdError \(code), got \(error)", sourceLocation: sourceLocation)
    }
}
