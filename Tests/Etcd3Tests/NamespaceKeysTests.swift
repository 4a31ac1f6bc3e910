import Testing

@testable import Etcd3

/// The key arithmetic of a namespace, without a server: prefixing, clamping, stripping.
@Suite("Namespace key arithmetic", .timeLimit(.minutes(3)))
struct NamespaceKeysTests {
    let keys = try! NamespaceKeys(prefix: "/tenant-a/")

    @Test("keys are prefixed; single-key ends stay single-key; \"\\0\" ends stop at the prefix's end")
    func rangeMapping() {
        #expect(keys.key("k") == "/tenant-a/k")
        #expect(keys.end == "/tenant-a0")
        #expect(keys.rangeEnd(nil as EtcdBytes?) == nil)
        #expect(keys.rangeEnd(EtcdBytes([])) == EtcdBytes([]))
        #expect(keys.rangeEnd(EtcdBytes([0])) == "/tenant-a0")
        #expect(keys.rangeEnd("m") == "/tenant-a/m")
        // The end of a prefix read inside the view is inside the namespace too.
        #expect(keys.rangeEnd(EtcdBytes("x/").prefixRangeEnd) == "/tenant-a/x0")
    }

    @Test("a prefix ending in 0xff ends at its prefix range end, not one key further")
    func trailingFF() throws {
        let keys = try NamespaceKeys(prefix: EtcdBytes([0x61, 0xff]))
        // Incrementing with a carry ("b\0") would let the key "b" in; the range end is "b".
        #expect(keys.end == "b")
        #expect(keys.rangeEnd(EtcdBytes([0])) == "b")
        let all = try NamespaceKeys(prefix: EtcdBytes([0xff, 0xff]))
        #expect(all.end == EtcdBytes([0]))
    }

    @Test("only keys longer than the prefix and starting with it are inside")
    func containment() {
        #expect(keys.contains("/tenant-a/k"))
        #expect(!keys.contains("/tenant-a/"))
        #expect(!keys.contains("/tenant-a0"))
        #expect(!keys.contains("/tenant-a"))
        #expect(!keys.contains("/tenant-b/k"))
        #expect(keys.strip("/tenant-a/k") == "k")
        #expect(keys.visible(["/tenant-a/x", "/other/y", "/tenant-a0", "/tenant-a/z/1"]) == ["x", "z/1"])
    }

    @Test("comparisons and operations are mapped all the way into nested transactions")
    func txnMapping() throws {
        let compare = try keys.compare(.value(prefix: "cfg/") == "v")
        #expect(compare.key == "/tenant-a/cfg/")
        #expect(compare.rangeEnd == "/tenant-a/cfg0")
        let whole = try keys.compare(EtcdCompare(key: [0], rangeEnd: [0], relation: .greater, target: .version(0)))
        #expect(whole.key == EtcdBytes("/tenant-a/") + EtcdBytes([0]))
        #expect(whole.rangeEnd == "/tenant-a0")

        let op = try keys.op(
            .txn(
                compare: [.modRevision("a") == 3],
                success: [.put("a", "1", lease: EtcdLeaseID(7)), .deleteRange("b", end: EtcdBytes([0]), prevKV: true)],
                failure: [.getPrefix("c/", options: EtcdRangeOptions(limit: 2))]))
        guard case .txn(let c, let s, let f) = op.kind else {
            Issue.record("expected a nested transaction, got \(op)")
            return
        }
        #expect(c == [.modRevision("/tenant-a/a") == 3])
        #expect(s == [.put("/tenant-a/a", "1", lease: EtcdLeaseID(7)), .deleteRange("/tenant-a/b", end: "/tenant-a0", prevKV: true)])
        #expect(f == [.getRange("/tenant-a/c/", end: "/tenant-a/c0", options: EtcdRangeOptions(limit: 2))])
    }

    @Test("an empty key anywhere is refused before anything is mapped, as the client refuses it")
    func emptyKeys() {
        #expect(throws: EtcdError.self) { try keys.op(.txn(compare: [], success: [.get("a"), .delete("")])) }
        #expect(throws: EtcdError.self) { try keys.compare(.value("") == "x") }
        #expect(throws: EtcdError.self) { try keys.op(.put("", "v")) }
        do {
            _ = try NamespaceKeys(prefix: "")
            Issue.record("an empty prefix was accepted")
        } catch {
            #expect(error.code == .invalidArgument)
        }
    }

    @Test("results are stripped at every level of a transaction, previous pairs and events included")
    func stripping() {
        let kv = { (key: EtcdBytes) in EtcdKeyValue(key: key, value: "v") }
        let header = EtcdResponseHeader(revision: 5)
        let inner = EtcdTxnResult(
            header: header, succeeded: true,
            responses: [.delete(EtcdDeleteResult(header: header, deleted: 1, prevKVs: [kv("/tenant-a/d")]))])
        let result = keys.strip(
            EtcdTxnResult(
                header: header, succeeded: true,
                responses: [
                    .range(EtcdRangeResult(header: header, kvs: [kv("/tenant-a/a"), kv("/tenant-a/b")], more: true, count: 3)),
                    .put(EtcdPutResult(header: header, prevKV: kv("/tenant-a/c"))),
                    .txn(inner),
                ]))
        #expect(result.responses[0].range?.kvs.map(\.key) == ["a", "b"])
        #expect(result.responses[0].range?.count == 3)
        #expect(result.responses[0].range?.more == true)
        #expect(result.responses[1].put?.prevKV?.key == "c")
        #expect(result.responses[2].txn?.responses.first?.delete?.prevKVs.map(\.key) == ["d"])

        let event = keys.strip(EtcdWatchEvent(kind: .put, kv: kv("/tenant-a/w"), prevKV: kv("/tenant-a/w")))
        #expect(event.kv.key == "w")
        #expect(event.prevKV?.key == "w")
    }

    @Test("no mapped key or range reaches outside the prefix, for 20,000 random keys, ends and prefixes")
    func mappedRangesStayInside() throws {
        var generator = SplitMix64(seed: 0x6e73)
        // Bytes near the edges: 0x00, 0xff and the separator make the interesting boundaries.
        let alphabet: [UInt8] = [0x00, 0x01, 0x2e, 0x2f, 0x30, 0x61, 0x62, 0xfe, 0xff]
        func bytes(_ count: Int) -> EtcdBytes {
            EtcdBytes((0..<count).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
        }
        for _ in 0..<20_000 {
            let keys = try NamespaceKeys(prefix: bytes(1 + Int(generator.next() % 4)))
            let key = bytes(1 + Int(generator.next() % 4))
            let end: EtcdBytes? =
                switch generator.next() % 4 {
                case 0: nil
                case 1: EtcdBytes([0])
                case 2: EtcdBytes([])
                default: bytes(1 + Int(generator.next() % 4))
                }
            let stored = keys.key(key)
            let inside = { (bound: EtcdBytes) in keys.end == EtcdBytes([0]) || bound <= keys.end }
            #expect(stored.bytes.starts(with: keys.prefix.bytes) && keys.contains(stored), "\(keys.prefix) \(key)")
            #expect(keys.end == EtcdBytes([0]) || stored < keys.end, "\(keys.prefix) \(key)")
            #expect(keys.strip(stored) == key)
            if let mapped = keys.rangeEnd(end), !mapped.isEmpty {
                // A prefix of 0xff bytes only ends at the end of the keyspace, spelled "\0".
                #expect(
                    mapped == keys.end || (mapped > keys.prefix && inside(mapped)), "\(keys.prefix) \(String(describing: end)) -> \(mapped)"
                )
            } else {
                #expect(keys.rangeEnd(end) == end, "a single-key end changed")
            }
        }
    }
}

/// A small seeded generator, so that a failing case can be run again.
private struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
