import Etcd3

/// Snapshot: the snapshot stream assembler (``SnapshotAssembler``) under well-formed streams
/// with one damage each, and under arbitrary messages.
///
/// Input: byte 0 = mode. Even: a well-formed stream of the rest of the input after two more
/// bytes (byte 1: chunk size, 0 = one chunk; byte 2: the damage, below) as etcd sends it —
/// chunks with `remaining_bytes`, then the SHA-256 alone. Odd: raw messages, each a length
/// byte, a `remaining_bytes` selector byte and the blob.
///
/// Invariants: at most 32 bytes are ever held back; released bytes plus held bytes are every
/// byte received. Well-formed (or the digest glued to the last chunk, or split in two): the
/// released bytes are exactly the database and the digest matches. A flipped digest or
/// database bit is a mismatch; a dropped message or digest byte is truncated; a wrong
/// `remaining_bytes` is an inconsistent size; an extra byte exceeds the declared size. Raw: a
/// success means the released bytes' SHA-256 is the digest and agree with any declared size.
enum SnapshotAssemblerFuzz {
    typealias Message = (blob: [UInt8], remaining: UInt64)

    enum Damage: UInt8, CaseIterable {
        case none, flipDigestBit, flipDatabaseBit, dropLastChunk, dropDigestByte, wrongRemaining
        case digestWithLastChunk, digestSplit, extraByte
    }

    static func run(_ input: UnsafeRawBufferPointer) {
        var reader = InputReader(input)
        if reader.byte() & 1 == 0 {
            wellFormed(&reader)
        } else {
            raw(&reader)
        }
    }

    static func wellFormed(_ reader: inout InputReader) {
        let chunkSize = Int(reader.byte())
        let damage = Damage(rawValue: reader.byte() % UInt8(Damage.allCases.count))!
        let content = reader.rest()
        let digest = SHA256Hasher.digest(content)
        var messages: [Message] = []
        var sent = 0
        let step = chunkSize == 0 ? max(1, content.count) : chunkSize
        while sent < content.count {
            let end = min(content.count, sent + step)
            messages.append((Array(content[sent..<end]), UInt64(content.count - end)))
            sent = end
        }
        var expectation: (SnapshotAssembler.Failure) -> Bool = { _ in false }  // success expected
        switch damage {
        case .none:
            messages.append((digest, 0))
        case .flipDigestBit:
            var wrong = digest
            wrong[Int(digest[0]) % 32] ^= 1
            messages.append((wrong, 0))
            expectation = { if case .digestMismatch = $0 { true } else { false } }
        case .flipDatabaseBit:
            guard !messages.isEmpty else { return }
            messages[0].blob[0] ^= 0x80
            messages.append((digest, 0))
            expectation = { if case .digestMismatch = $0 { true } else { false } }
        case .dropLastChunk:
            // Only a chunk that leaves bytes remaining before it declares the size.
            guard messages.count >= 2 else { return }
            messages.removeLast()
            messages.append((digest, 0))
            expectation = { if case .truncated = $0 { true } else { false } }
        case .dropDigestByte:
            guard !messages.isEmpty, messages[0].remaining > 0 else { return }
            messages.append((Array(digest.dropLast()), 0))
            expectation = { if case .truncated = $0 { true } else { false } }
        case .wrongRemaining:
            guard messages.count >= 2 else { return }
            messages[1].remaining += 1
            messages.append((digest, 0))
            expectation = { if case .inconsistentSize = $0 { true } else { false } }
        case .digestWithLastChunk:
            if messages.isEmpty { messages.append(([], 0)) }
            messages[messages.count - 1].blob += digest
        case .digestSplit:
            let cut = Int(digest[1]) % 33
            messages.append((Array(digest[..<cut]), 0))
            messages.append((Array(digest[cut...]), 0))
        case .extraByte:
            guard !messages.isEmpty, messages[0].remaining > 0 else { return }
            messages.append((digest + [0], 0))
            expectation = { if case .exceedsDeclaredSize = $0 { true } else { false } }
        }

        let (released, outcome) = feed(messages)
        switch outcome {
        case .success(let result):
            require(damageIsHarmless(damage), "damage \(damage) was accepted")
            require(released == content, "released bytes differ from the database (\(released.count) of \(content.count))")
            require(result.digest == digest && result.databaseSize == Int64(content.count), "wrong result")
        case .failure(let failure):
            require(expectation(failure), "damage \(damage) of \(content.count) bytes in \(step)-byte chunks failed as \(failure)")
        }
    }

    static func damageIsHarmless(_ damage: Damage) -> Bool {
        switch damage {
        case .none, .digestWithLastChunk, .digestSplit: true
        default: false
        }
    }

    static func raw(_ reader: inout InputReader) {
        var messages: [Message] = []
        while !reader.isAtEnd {
            let length = Int(reader.byte())
            let selector = reader.byte()
            let remaining: UInt64 =
                switch selector {
                case 0...127: 0
                case 128...250: UInt64(selector - 127) * 37
                case 251: UInt64(Int64.max)
                case 252: UInt64(Int64.max) + 1
                default: UInt64.max - UInt64(selector)
                }
            messages.append((reader.take(length), remaining))
        }
        let (released, outcome) = feed(messages)
        if case .success(let result) = outcome {
            let received = messages.reduce(0) { $0 + $1.blob.count }
            require(released.count == received - 32, "released \(released.count) of \(received) bytes")
            require(SHA256Hasher.digest(released) == result.digest, "accepted a digest that does not match")
            require(result.databaseSize == Int64(released.count), "database size \(result.databaseSize)")
        }
    }

    /// Feeds `messages` and finishes, checking the hold-back bound after every message.
    static func feed(_ messages: [Message]) -> ([UInt8], Result<SnapshotAssembler.Result, SnapshotAssembler.Failure>) {
        var assembler = SnapshotAssembler()
        var released: [UInt8] = []
        do {
            for message in messages {
                released += try assembler.receive(blob: message.blob, remainingBytes: message.remaining)
                let held = assembler.receivedBytes - assembler.releasedBytes
                require(held >= 0 && held <= 32, "\(held) bytes held back")
                require(Int64(released.count) == assembler.releasedBytes, "released count disagrees")
            }
            return (released, .success(try assembler.finish()))
        } catch {
            return (released, .failure(error))
        }
    }
}
