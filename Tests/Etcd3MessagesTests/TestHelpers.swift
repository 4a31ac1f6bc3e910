import Etcd3Messages
import Testing

/// Encodes, decodes and checks that the decoded value equals the original, and that encoding
/// again gives the same bytes (protobuf-c writes fields in field-number order).
@discardableResult
func expectRoundTrip<M: WireMessage>(
    _ message: M,
    sourceLocation: SourceLocation = #_sourceLocation
) throws -> [UInt8] {
    let bytes = message.wireBytes()
    let decoded = try M(wireBytes: bytes)
    #expect(decoded == message, sourceLocation: sourceLocation)
    #expect(decoded.wireBytes() == bytes, sourceLocation: sourceLocation)
    return bytes
}

/// Bytes from a hex string; spaces are ignored.
func hex(_ string: String) -> [UInt8] {
    let digits = Array(string.utf8.filter { $0 != UInt8(ascii: " ") })
    precondition(digits.count % 2 == 0, "odd hex string")
    func value(_ digit: UInt8) -> UInt8 {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: preconditionFailure("bad hex digit")
        }
    }
    return stride(from: 0, to: digits.count, by: 2).map { value(digits[$0]) << 4 | value(digits[$0 + 1]) }
}

extension Array where Element == UInt8 {
    init(_ string: String) {
        self = Array(string.utf8)
    }
}

func header(revision: Int64 = 42) -> Etcdserverpb.ResponseHeader {
    var header = Etcdserverpb.ResponseHeader()
    header.clusterId = 0xDEAD_BEEF_CAFE_F00D
    header.memberId = UInt64.max
    header.revision = revision
    header.raftTerm = 7
    return header
}

func keyValue(_ key: String, _ value: String, revision: Int64 = 5) -> Mvccpb.KeyValue {
    var kv = Mvccpb.KeyValue()
    kv.key = [UInt8](key)
    kv.value = [UInt8](value)
    kv.createRevision = revision - 1
    kv.modRevision = revision
    kv.version = 2
    kv.lease = 0x1234_5678
    return kv
}
