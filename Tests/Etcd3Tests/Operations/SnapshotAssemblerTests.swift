import Testing

@testable import Etcd3

/// The snapshot stream's bytes and checks, without a server, on made-up streams shaped as etcd
/// sends them (database chunks with `remaining_bytes`, then the SHA-256 alone).
@Suite("Snapshot assembler", .timeLimit(.minutes(3)))
struct SnapshotAssemblerTests {
    typealias Message = (blob: [UInt8], remaining: UInt64)

    static func database(_ size: Int) -> [UInt8] {
        (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 8) }
    }

    /// The messages etcd sends for `content`: chunks of `chunk` bytes, then the digest.
    static func etcdStream(_ content: [UInt8], chunk: Int) -> [Message] {
        var messages: [Message] = []
        var sent = 0
        while sent < content.count {
            let end = min(content.count, sent + chunk)
            messages.append((Array(content[sent..<end]), UInt64(content.count - end)))
            sent = end
        }
        messages.append((SHA256Hasher.digest(content), 0))
        return messages
    }

    /// Feeds `messages`, then finishes; returns the released bytes and the outcome.
    static func assemble(_ messages: [Message]) -> (released: [UInt8], result: Result<SnapshotAssembler.Result, SnapshotAssembler.Failure>)
    {
        var assembler = SnapshotAssembler()
        var released: [UInt8] = []
        do {
            for message in messages {
                let bytes = try assembler.receive(blob: message.blob, remainingBytes: message.remaining)
                #expect(assembler.receivedBytes - assembler.releasedBytes <= 32, "at most the digest's length held back")
                released += bytes
            }
            return (released, .success(try assembler.finish()))
        } catch {
            return (released, .failure(error))
        }
    }

    @Test("SHA-256 by libcrypto matches the standard's test vectors")
    func sha256Vectors() {
        #expect(hex(SHA256Hasher.digest(Array("abc".utf8))) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(hex(SHA256Hasher.digest([])) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        let split = SHA256Hasher()
        split.update(Array("ab".utf8)[...])
        split.update(Array("c".utf8)[...])
        #expect(split.finalize() == SHA256Hasher.digest(Array("abc".utf8)))
    }

    @Test("a stream as etcd sends it releases exactly the database and checks its digest", arguments: [0, 1, 31, 32, 33, 4096, 100_000])
    func etcdShapedStream(size: Int) throws {
        let content = Self.database(size)
        let (released, result) = Self.assemble(Self.etcdStream(content, chunk: 32 * 1024))
        let summary = try result.get()
        #expect(released == content)
        #expect(summary.databaseSize == Int64(size))
        #expect(summary.digest == SHA256Hasher.digest(content))
    }

    @Test("the digest sent with the last chunk, split over messages, or between empty messages still checks")
    func digestPlacement() throws {
        let content = Self.database(5000)
        let digest = SHA256Hasher.digest(content)
        let together: [Message] = [(Array(content[..<3000]), 2000), (Array(content[3000...]) + digest, 0)]
        let split: [Message] = [(Array(content[..<3000]), 2000), (Array(content[3000...]) + digest[..<5], 0), (Array(digest[5...]), 0)]
        let empties: [Message] = [
            ([], 5000), (Array(content[..<3000]), 2000), ([], 2000), (Array(content[3000...]), 0), ([], 0), (digest, 0), ([], 0),
        ]
        for messages in [together, split, empties] {
            let (released, result) = Self.assemble(messages)
            #expect(try result.get().digest == digest)
            #expect(released == content)
        }
    }

    @Test("a digest that does not match the database is a mismatch")
    func digestMismatch() {
        let content = Self.database(70_000)
        var messages = Self.etcdStream(content, chunk: 32 * 1024)
        messages[messages.count - 1].blob[7] ^= 0x01
        guard case .failure(.digestMismatch(let expected, let computed)) = Self.assemble(messages).result else {
            Issue.record("a flipped digest bit was not a mismatch")
            return
        }
        #expect(computed == SHA256Hasher.digest(content))
        #expect(expected != computed)

        // A flipped database byte too.
        var corrupted = Self.etcdStream(content, chunk: 32 * 1024)
        corrupted[1].blob[100] ^= 0x80
        guard case .failure(.digestMismatch) = Self.assemble(corrupted).result else {
            Issue.record("a flipped database bit was not a mismatch")
            return
        }
    }

    @Test("a stream that ends early is truncated, whether it misses chunks or only the digest")
    func truncated() {
        let content = Self.database(70_000)
        let messages = Self.etcdStream(content, chunk: 32 * 1024)
        #expect(Self.assemble(Array(messages.dropLast())).result == .failure(.truncated(expected: 70_032, received: 70_000)))
        #expect(Self.assemble(Array(messages.dropLast(2))).result == .failure(.truncated(expected: 70_032, received: 65_536)))
        #expect(Self.assemble([]).result == .failure(.missingDigest(received: 0)))
        #expect(Self.assemble([(Array(repeating: 1, count: 20), 0)]).result == .failure(.missingDigest(received: 20)))
        let (released, _) = Self.assemble(Array(messages.dropLast()))
        #expect(released.count == 70_000 - 32, "the last 32 bytes stay held back as a possible digest")
    }

    @Test("declared sizes that disagree, or more bytes than declared, are refused when they arrive")
    func inconsistentSizes() {
        let content = Self.database(10_000)
        let disagree: [Message] = [(Array(content[..<4000]), 6000), (Array(content[4000..<8000]), 3000)]
        #expect(Self.assemble(disagree).result == .failure(.inconsistentSize(declared: 10_000, implied: 11_000)))
        let tooMuch: [Message] = [(Array(content[..<4000]), 6000), (Array(content[4000...]), 0), (Array(repeating: 0, count: 33), 0)]
        #expect(Self.assemble(tooMuch).result == .failure(.exceedsDeclaredSize(declared: 10_000, received: 10_033)))
        let huge: [Message] = [(Array(content[..<4000]), UInt64.max)]
        #expect(
            Self.assemble(huge + [(Array(content[4000...]), 1)]).result == .failure(.inconsistentSize(declared: Int64.max, implied: 10_001))
        )
    }

    @Test("progress counts released database bytes against the declared size")
    func progress() throws {
        let content = Self.database(100_000)
        var assembler = SnapshotAssembler()
        var last: Int64 = -1
        for message in Self.etcdStream(content, chunk: 32 * 1024) {
            _ = try assembler.receive(blob: message.blob, remainingBytes: message.remaining, version: "3.6.0")
            #expect(assembler.declaredSize == 100_000)
            #expect(assembler.releasedBytes >= last)
            last = assembler.releasedBytes
        }
        #expect(assembler.releasedBytes == 100_000)
        #expect(assembler.version == "3.6.0")
        _ = try assembler.finish()
    }
}

extension SnapshotAssemblerTests {
    /// Found by the Snapshot fuzz target: a declared size near `Int64.max` overflowed when the
    /// digest's length was added at the end.
    @Test("a declared size near Int64.max ends as truncated, not in an overflow trap")
    func hugeDeclaredSize() {
        let messages: [Message] = [
            (Array(repeating: 0, count: 8), UInt64(Int64.max) + 1), (Array(repeating: 0, count: 8), UInt64.max - 255),
        ]
        #expect(Self.assemble(messages).result == .failure(.truncated(expected: .max, received: 16)))
    }
}
