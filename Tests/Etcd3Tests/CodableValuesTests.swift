import Etcd3
import Etcd3Codable
import Foundation
import Testing

/// Typed values (`Etcd3Codable`) against real etcd servers: what goes in comes back, through the
/// client and through a namespace view, with the caller's coder.
@Suite("Codable values round trip through etcd", .timeLimit(.minutes(3)))
struct CodableValuesTests {
    struct Service: Codable, Hashable, Sendable {
        var address: String
        var port: Int
        var tags: [String]
    }

    @Test(
        "a value put with put(_:encoding:) reads back equal with get(_:as:), getKeyValue and getPrefix",
        arguments: ServerUnderTest.plaintext)
    func roundTrip(server: ServerUnderTest) async throws {
        try await server.withClient { client, base in
            let web = Service(address: "10.0.0.1", port: 80, tags: ["web", "ünïcode"])
            let db = Service(address: "10.0.0.2", port: 5432, tags: [])
            let put = try await client.put(base + "svc/web", encoding: web)
            try await client.put(base + "svc/db", encoding: db)

            #expect(try await client.get(base + "svc/web", as: Service.self) == web)
            #expect(try await client.get(base + "svc/none", as: Service.self) == nil)
            // What is stored is plain JSON, readable by any other client.
            let stored = try #require(try await client.get(base + "svc/web"))
            let json = try JSONSerialization.jsonObject(with: Data(stored.value.bytes)) as? [String: Any]
            #expect(json?["port"] as? Int == 80)

            let pair = try #require(try await client.getKeyValue(base + "svc/web", as: Service.self))
            #expect(pair.value == web)
            #expect(pair.key == base + "svc/web")
            #expect(pair.keyValue.modRevision == put.header.revision)

            let all = try await client.getPrefix(base + "svc/", as: Service.self)
            #expect(all.map(\.value) == [db, web])
        }
    }

    @Test("create and update with encoding are compare-and-swaps on the typed value", arguments: ServerUnderTest.plaintext)
    func compareAndSwap(server: ServerUnderTest) async throws {
        try await server.withClient { client, base in
            let key = base + "counter"
            #expect(try await client.create(key, encoding: 1))
            #expect(try await !client.create(key, encoding: 2))
            let current = try #require(try await client.getKeyValue(key, as: Int.self))
            #expect(try await client.update(key, encoding: current.value + 1, ifModRevision: current.keyValue.modRevision))
            // A second update from the same stale read must fail: someone (we) moved on.
            #expect(try await !client.update(key, encoding: 99, ifModRevision: current.keyValue.modRevision))
            #expect(try await client.get(key, as: Int.self) == 2)
        }
    }

    @Test("a stored value of another type is an EtcdValueCodingError naming the key and revision", arguments: ServerUnderTest.plaintext)
    func decodingFailure(server: ServerUnderTest) async throws {
        try await server.withClient { client, base in
            let key = base + "not-json"
            let written = try await client.put(key, "plain text, not JSON")
            do {
                _ = try await client.get(key, as: Service.self)
                Issue.record("decoding plain text as a Service succeeded")
            } catch let error as EtcdValueCodingError {
                #expect(error.direction == .decoding)
                #expect(error.key == key)
                #expect(error.keyValue?.modRevision == written.header.revision)
                #expect(error.description.contains("is not a Service"), "\(error)")
            }
        }
    }

    @Test("a value the encoder refuses is an EtcdValueCodingError and nothing is written", arguments: ServerUnderTest.plaintext)
    func encodingFailure(server: ServerUnderTest) async throws {
        try await server.withClient { client, base in
            let key = base + "nan"
            do {
                // JSONEncoder refuses non-finite numbers by default.
                try await client.put(key, encoding: Double.nan)
                Issue.record("encoding NaN as JSON succeeded")
            } catch let error as EtcdValueCodingError {
                #expect(error.direction == .encoding)
                #expect(error.key == key)
            }
            #expect(try await client.get(key) == nil)
        }
    }

    @Test("a caller's coder is used both ways (property lists)", arguments: ServerUnderTest.plaintext)
    func customCoder(server: ServerUnderTest) async throws {
        try await server.withClient { client, base in
            let encoder = PropertyListEncoder()
            encoder.outputFormat = .binary
            let value = Service(address: "10.0.0.3", port: 443, tags: ["tls"])
            try await client.put(base + "plist", encoding: value, encoder: encoder)
            let stored = try #require(try await client.get(base + "plist"))
            #expect(stored.value.bytes.starts(with: Array("bplist".utf8)))
            #expect(try await client.get(base + "plist", as: Service.self, decoder: PropertyListDecoder()) == value)
        }
    }

    @Test("a typed watch delivers every put with its decoded value and deletes without one, in order", arguments: ServerUnderTest.plaintext)
    func typedWatch(server: ServerUnderTest) async throws {
        try await server.withClient { client, base in
            let first = try await client.put(base + "w/a", encoding: Service(address: "a", port: 1, tags: []))
            try await client.put(base + "w/b", encoding: Service(address: "b", port: 2, tags: []))
            try await client.put(base + "w/a", encoding: Service(address: "a", port: 3, tags: []))
            try await client.delete(base + "w/b")
            var options = EtcdWatchOptions(startRevision: first.header.revision)
            options.prevKV = true
            var seen: [String] = []
            for try await change in client.watchPrefix(base + "w/", as: Service.self, options: options) {
                let key = String(decoding: change.key.bytes.dropFirst(base.count), as: UTF8.self)
                seen.append(
                    "\(change.kind) \(key) \(change.value.map { "\($0.port)" } ?? "-") "
                        + "was \(change.previousValue.map { "\($0.port)" } ?? "-")")
                if seen.count == 4 { break }
            }
            #expect(seen == ["put w/a 1 was -", "put w/b 2 was -", "put w/a 3 was 1", "delete w/b - was 2"])
        }
    }

    @Test(
        "a typed watch ends with EtcdValueCodingError at a value that does not decode, naming its revision",
        arguments: ServerUnderTest.plaintext)
    func typedWatchBadValue(server: ServerUnderTest) async throws {
        try await server.withClient { client, base in
            let key = base + "cfg"
            let first = try await client.put(key, encoding: 1)
            let bad = try await client.put(key, "one")
            var values: [Int?] = []
            do {
                for try await change in client.watch(key, as: Int.self, options: EtcdWatchOptions(startRevision: first.header.revision)) {
                    values.append(change.value)
                }
                Issue.record("the watch ended without an error")
            } catch let error as EtcdValueCodingError {
                #expect(error.keyValue?.modRevision == bad.header.revision)
            }
            #expect(values == [1])
        }
    }

    @Test("typed calls inside a namespace view see only the view's keys", arguments: ServerUnderTest.plaintext)
    func insideNamespace(server: ServerUnderTest) async throws {
        try await server.withClient { client, base in
            let view = try client.namespace(base + "tenant/")
            let value = Service(address: "10.1.0.1", port: 8080, tags: ["a"])
            try await view.put("svc", encoding: value)
            #expect(try await client.get(base + "tenant/svc", as: Service.self) == value)
            #expect(try await view.get("svc", as: Service.self) == value)
            #expect(try await view.getPrefix("s", as: Service.self).map(\.key) == ["svc"])
        }
    }
}
