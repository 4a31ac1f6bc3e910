import Etcd3
import Testing

/// Writes whose answer the client cannot take (the response is over the receive limit) were
/// applied by the server, so their errors must say so (`Docs/Errors.md`).
@Suite("Write outcomes after the request left", .timeLimit(.minutes(3)))
struct WriteOutcomeTests {
    /// A receive limit that every answer here fits in except one that carries the large value.
    static let receiveLimit = 4096

    /// Runs `body` with a client whose receive limit is small, after writing a value over that
    /// limit at `key`.
    func withLargeValue(
        server: ServerUnderTest,
        _ body: (Etcd3Client, EtcdBytes) async throws -> Void
    ) async throws {
        try await server.withClient(configure: { $0.maxReceiveMessageBytes = Self.receiveLimit }) { client, ns in
            let key = ns + "large"
            try await client.put(key, EtcdBytes([UInt8](repeating: 0x61, count: 4 * Self.receiveLimit)))
            try await body(client, key)
        }
    }

    /// The error `call` failed with, `nil` when it succeeded.
    func failure(of call: () async throws(EtcdError) -> Void) async -> EtcdError? {
        do {
            try await call()
            return nil
        } catch {
            return error
        }
    }

    func expectAppliedButTooLarge(_ error: EtcdError?) {
        #expect(error?.code == .responseTooLarge, "\(String(describing: error))")
        #expect(error?.mayHaveBeenApplied == true, "\(String(describing: error))")
    }

    @Test(
        "a put whose previous value is over the receive limit fails as may-have-been-applied, and was applied",
        arguments: ServerUnderTest.all)
    func putWithLargePreviousValue(server: ServerUnderTest) async throws {
        try await withLargeValue(server: server) { (client: Etcd3Client, key: EtcdBytes) async throws in
            let refusal = await failure(of: { () async throws(EtcdError) in
                try await client.put(key, "new", options: EtcdPutOptions(prevKV: true))
            })
            expectAppliedButTooLarge(refusal)
            let kv = try #require(try await client.get(key))
            #expect(kv.value == "new")
            #expect(kv.version == 2)
        }
    }

    @Test(
        "a delete or a transaction whose answer is over the receive limit fails as may-have-been-applied",
        arguments: ServerUnderTest.plaintext)
    func deleteAndTransactionWithLargeAnswers(server: ServerUnderTest) async throws {
        try await withLargeValue(server: server) { (client: Etcd3Client, key: EtcdBytes) async throws in
            let refusal = await failure(of: { () async throws(EtcdError) in
                _ = try await client.transaction(compare: [], success: [.get(key), .put(key + "/marker", "1")])
            })
            expectAppliedButTooLarge(refusal)
            #expect(try await client.get(key + "/marker")?.value == "1")

            let deleteFailure = await failure(of: { () async throws(EtcdError) in
                try await client.delete(key, prevKV: true)
            })
            expectAppliedButTooLarge(deleteFailure)
            #expect(try await client.get(key) == nil)
        }
    }

    @Test("a read whose answer is over the receive limit changed nothing", arguments: ServerUnderTest.plaintext)
    func readWithLargeAnswer(server: ServerUnderTest) async throws {
        try await withLargeValue(server: server) { (client: Etcd3Client, key: EtcdBytes) async throws in
            let refusal = await failure(of: { () async throws(EtcdError) in
                _ = try await client.get(key)
            })
            #expect(refusal?.code == .responseTooLarge)
            #expect(refusal?.mayHaveBeenApplied == false)
        }
    }
}
