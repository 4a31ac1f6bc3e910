import Etcd3Transport

/// Hand-written protobuf encoding for the few etcd messages the transport tests need.
enum Proto {
    static func varint(_ value: Int) -> [UInt8] {
        var v = UInt64(value)
        var out: [UInt8] = []
        while v >= 0x80 {
            out.append(UInt8(v & 0x7f) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
        return out
    }

    static func bytesField(_ number: Int, _ bytes: [UInt8]) -> [UInt8] {
        [UInt8(number << 3 | 2)] + varint(bytes.count) + bytes
    }

    /// PutRequest{key, value}, gRPC-framed.
    static func put(_ key: String, _ value: [UInt8]) -> [UInt8] {
        GRPCFraming.frame(bytesField(1, Array(key.utf8)) + bytesField(2, value))
    }

    /// RangeRequest{key}, gRPC-framed.
    static func range(_ key: String) -> [UInt8] {
        GRPCFraming.frame(bytesField(1, Array(key.utf8)))
    }

    /// WatchRequest{create_request{key}}, gRPC-framed.
    static func watchCreate(_ key: String) -> [UInt8] {
        GRPCFraming.frame(bytesField(1, bytesField(1, Array(key.utf8))))
    }

    /// Fields of one message: (number, wire type, varint value or bytes).
    static func fields(_ bytes: [UInt8]) -> [(number: Int, varint: UInt64, bytes: [UInt8])] {
        var result: [(Int, UInt64, [UInt8])] = []
        var i = 0
        func readVarint() -> UInt64 {
            var value: UInt64 = 0
            var shift: UInt64 = 0
            while i < bytes.count {
                let b = bytes[i]
                i += 1
                value |= UInt64(b & 0x7f) << shift
                if b & 0x80 == 0 { break }
                shift += 7
            }
            return value
        }
        while i < bytes.count {
            let key = readVarint()
            let number = Int(key >> 3)
            switch key & 7 {
            case 0: result.append((number, readVarint(), []))
            case 2:
                let length = Int(readVarint())
                let end = min(i + length, bytes.count)
                result.append((number, 0, Array(bytes[i..<end])))
                i = end
            case 1: i += 8
            case 5: i += 4
            default: return result
            }
        }
        return result
    }

    /// The values of the KeyValues in a RangeResponse.
    static func rangeValues(_ response: [UInt8]) -> [[UInt8]] {
        fields(response).filter { $0.number == 2 }.map { kv in
            fields(kv.bytes).first { $0.number == 5 }?.bytes ?? []
        }
    }

    /// The keys of events in a WatchResponse.
    static func watchEventKeys(_ response: [UInt8]) -> [String] {
        fields(response).filter { $0.number == 11 }.compactMap { event in
            guard let kv = fields(event.bytes).first(where: { $0.number == 2 }) else { return nil }
            return fields(kv.bytes).first { $0.number == 1 }.map { String(decoding: $0.bytes, as: UTF8.self) }
        }
    }

    static func watchCreated(_ response: [UInt8]) -> Bool {
        fields(response).contains { $0.number == 3 && $0.varint == 1 }
    }
}
