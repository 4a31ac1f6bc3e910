/// Turns the messages of etcd's Maintenance `Snapshot` stream into the snapshot's bytes and
/// checks them, without any I/O (see `Docs/Operations.md`).
///
/// The server sends the backend database in chunks, each saying how many database bytes remain
/// after it (`remaining_bytes`), then the SHA-256 of the database (32 bytes) in the last message.
/// The assembler relies only on "the last 32 bytes of the stream are the digest of everything
/// before them": it holds back the last 32 bytes it has seen and releases the rest as database
/// bytes, so at most one message plus 32 bytes is ever in memory, and a digest split over
/// messages or sent together with the last chunk is handled too. The sizes the server declares
/// are checked against each other and against what arrived.
///
/// Use: ``receive(blob:remainingBytes:version:)`` for every message in order, then ``finish()``
/// when the stream ended normally. Holds a running digest by reference: do not copy an
/// assembler in use.
package struct SnapshotAssembler {
    /// Why a snapshot stream is not a valid snapshot.
    package enum Failure: Error, Equatable, Sendable {
        /// Two messages declared different database sizes (received + remaining).
        case inconsistentSize(declared: Int64, implied: Int64)
        /// More bytes arrived than the declared database size plus its digest.
        case exceedsDeclaredSize(declared: Int64, received: Int64)
        /// The stream ended before the declared database and its digest had arrived.
        case truncated(expected: Int64, received: Int64)
        /// The stream ended without room for a digest (fewer than 32 bytes in all).
        case missingDigest(received: Int64)
        /// The digest the server sent is not the SHA-256 of the database bytes.
        case digestMismatch(expected: [UInt8], computed: [UInt8])
    }

    /// What a complete, checked snapshot was.
    package struct Result: Equatable, Sendable {
        /// The database's size in bytes (without the digest).
        package var databaseSize: Int64
        /// The SHA-256 of the database, as the server sent it and as computed.
        package var digest: [UInt8]
    }

    /// The length of the trailing digest.
    package static let digestLength = SHA256Hasher.digestLength

    /// Every byte received so far, digest included.
    package private(set) var receivedBytes: Int64 = 0
    /// The database size the server declared (bytes received + `remaining_bytes` of a message
    /// with bytes remaining); `nil` until one did.
    package private(set) var declaredSize: Int64?
    /// The bytes released as database so far.
    package private(set) var releasedBytes: Int64 = 0
    /// The storage version the server reported (etcd 3.6 and later), if any.
    package private(set) var version: String?

    /// The last bytes of the stream so far (at most ``digestLength``), not yet known to be
    /// database rather than digest.
    private var held: [UInt8] = []
    private let hasher = SHA256Hasher()
    private var failed = false

    /// An assembler that has seen no message.
    package init() {}

    /// Takes one message of the stream.
    ///
    /// - Parameters:
    ///   - blob: the message's bytes.
    ///   - remainingBytes: the database bytes the server says remain after this message.
    ///   - version: the message's storage version ("" when not set).
    /// - Returns: the bytes now known to be database bytes, in order (possibly none).
    /// - Throws: ``Failure/inconsistentSize(declared:implied:)`` or
    ///   ``Failure/exceedsDeclaredSize(declared:received:)``; the assembler is spent after a failure.
    package mutating func receive(blob: [UInt8], remainingBytes: UInt64, version: String = "") throws(Failure) -> [UInt8] {
        precondition(!failed, "SnapshotAssembler used after a failure")
        if self.version == nil, !version.isEmpty { self.version = version }
        let received = receivedBytes &+ Int64(blob.count)
        receivedBytes = received
        if remainingBytes > 0 {
            let implied = remainingBytes > UInt64(Int64.max - received) ? Int64.max : received + Int64(remainingBytes)
            if let declared = declaredSize, declared != implied {
                failed = true
                throw .inconsistentSize(declared: declared, implied: implied)
            }
            declaredSize = implied
        }
        if let declared = declaredSize, declared <= Int64.max - Int64(Self.digestLength),
            received > declared + Int64(Self.digestLength)
        {
            failed = true
            throw .exceedsDeclaredSize(declared: declared, received: received)
        }
        // Everything but the last `digestLength` bytes of the stream so far is database.
        let total = held.count + blob.count
        let releasable = max(0, total - Self.digestLength)
        guard releasable > 0 else {
            held += blob
            return []
        }
        var released = [UInt8]()
        released.reserveCapacity(releasable)
        let fromHeld = min(releasable, held.count)
        released += held[..<fromHeld]
        released += blob[..<(releasable - fromHeld)]
        held = Array(held[fromHeld...]) + blob[(releasable - fromHeld)...]
        hasher.update(released[...])
        releasedBytes += Int64(releasable)
        return released
    }

    /// Checks the snapshot after the stream ended normally: the held-back bytes are the digest.
    ///
    /// - Returns: the database's size and digest.
    /// - Throws: ``Failure/missingDigest(received:)``, ``Failure/truncated(expected:received:)``,
    ///   ``Failure/exceedsDeclaredSize(declared:received:)`` or
    ///   ``Failure/digestMismatch(expected:computed:)``.
    package mutating func finish() throws(Failure) -> Result {
        precondition(!failed, "SnapshotAssembler used after a failure")
        failed = true  // spent either way
        if let declared = declaredSize {
            let (expected, overflow) = declared.addingReportingOverflow(Int64(Self.digestLength))
            if overflow { throw .truncated(expected: .max, received: receivedBytes) }
            if receivedBytes < expected { throw .truncated(expected: expected, received: receivedBytes) }
            if receivedBytes > expected { throw .exceedsDeclaredSize(declared: declared, received: receivedBytes) }
        }
        guard held.count == Self.digestLength else { throw .missingDigest(received: receivedBytes) }
        let computed = hasher.finalize()
        guard computed == held else { throw .digestMismatch(expected: held, computed: computed) }
        return Result(databaseSize: releasedBytes, digest: held)
    }

    /// The bytes held back as the digest (valid after ``finish()`` succeeded).
    package var digest: [UInt8] { held }
}

extension SnapshotAssembler.Failure: CustomStringConvertible {
    /// A sentence for an ``EtcdError`` message.
    package var description: String {
        switch self {
        case .inconsistentSize(let declared, let implied):
            "the server declared a database of \(declared) bytes, then of \(implied) bytes"
        case .exceedsDeclaredSize(let declared, let received):
            "the server sent \(received) bytes for a database it declared as \(declared) bytes plus a 32-byte SHA-256"
        case .truncated(let expected, let received):
            "the snapshot stream ended after \(received) of \(expected) bytes (database and SHA-256)"
        case .missingDigest(let received):
            "the snapshot stream ended after \(received) bytes, too few for the trailing SHA-256"
        case .digestMismatch(let expected, let computed):
            "the snapshot's SHA-256 \(hex(computed)) does not match the one the server sent, \(hex(expected))"
        }
    }
}

/// Lower-case hexadecimal digits of `bytes`.
func hex(_ bytes: [UInt8]) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var text = [UInt8]()
    text.reserveCapacity(bytes.count * 2)
    for byte in bytes {
        text.append(digits[Int(byte >> 4)])
        text.append(digits[Int(byte & 0xF)])
    }
    return String(decoding: text, as: UTF8.self)
}
