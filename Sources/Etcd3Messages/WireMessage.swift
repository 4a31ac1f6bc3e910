// Hand-written: the protocol every generated message conforms to, and its conveniences.

package import CEtcd3ProtobufC

/// A protobuf message with a generated conversion to and from the protobuf-c structs.
///
/// Every type generated from `Protos/` conforms. Encoding builds the C structs in one arena
/// and packs them with protobuf-c; decoding unpacks with protobuf-c into a bounded arena and
/// converts the result to Swift values.
package protocol WireMessage: Sendable, Hashable {
    /// A message with every field at its proto3 default.
    init()

    /// Decodes protobuf wire bytes (protobuf-c unpack, then conversion to Swift).
    ///
    /// - Parameter wireBytes: The encoded message, without any gRPC framing.
    /// - Throws: ``WireDecodingError`` when the bytes are malformed, too large, or would need
    ///   more memory than the decoder allows.
    init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError)

    /// Decodes protobuf wire bytes, letting protobuf-c allocate at most `allocationLimit`
    /// bytes (``init(wireBytes:)-(UnsafeRawBufferPointer)`` uses
    /// ``WireDecodingLimits/defaultAllocationLimit(inputCount:)``).
    ///
    /// - Throws: ``WireDecodingError``; `.allocationLimit` when the cap is reached.
    init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError)

    /// Packs the message into a new buffer that starts with `headroom` zero bytes
    /// (room for the caller's framing), followed by the protobuf encoding.
    func wireBytes(headroom: Int) -> [UInt8]
}

extension WireMessage {
    /// Decodes protobuf wire bytes held in an array.
    ///
    /// - Throws: ``WireDecodingError`` as ``init(wireBytes:)-(UnsafeRawBufferPointer)`` does.
    package init(wireBytes: [UInt8]) throws(WireDecodingError) {
        // A typed-throws closure keeps the error type through `withUnsafeBytes`.
        let result: Result<Self, WireDecodingError> = wireBytes.withUnsafeBytes { buffer in
            do throws(WireDecodingError) {
                return .success(try Self(wireBytes: buffer))
            } catch {
                return .failure(error)
            }
        }
        self = try result.get()
    }

    /// The protobuf encoding of the message.
    package func wireBytes() -> [UInt8] {
        wireBytes(headroom: 0)
    }

    /// The message as one gRPC length-prefixed message: a zero compression flag, the
    /// 4-byte big-endian length, then the encoding. Built in one allocation.
    package func grpcFrame() -> [UInt8] {
        var frame = wireBytes(headroom: grpcFramePrefixLength)
        writeGRPCFramePrefix(&frame)
        return frame
    }
}

/// The gRPC frame of a filled protobuf-c message: for callers that fill the structs
/// themselves (see `WireEncodeArena`).
package func grpcFrame(packing message: UnsafePointer<ProtobufCMessage>) -> [UInt8] {
    var frame = wirePack(message, headroom: grpcFramePrefixLength)
    writeGRPCFramePrefix(&frame)
    return frame
}

/// Writes the 5-byte prefix (uncompressed, big-endian length) into a frame's headroom.
private func writeGRPCFramePrefix(_ frame: inout [UInt8]) {
    let length = UInt32(truncatingIfNeeded: frame.count - grpcFramePrefixLength)
    frame[0] = 0
    frame[1] = UInt8(truncatingIfNeeded: length >> 24)
    frame[2] = UInt8(truncatingIfNeeded: length >> 16)
    frame[3] = UInt8(truncatingIfNeeded: length >> 8)
    frame[4] = UInt8(truncatingIfNeeded: length)
}

/// Bytes before each gRPC message: one compression flag and a 4-byte big-endian length.
package let grpcFramePrefixLength = 5

/// Why protobuf wire bytes could not be decoded.
package struct WireDecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure. New kinds may be added.
    package struct Reason: Sendable, Hashable, CustomStringConvertible {
        private enum Base: Sendable, Hashable {
            case malformed
            case tooLarge
            case allocationLimit
        }

        private let base: Base

        /// The bytes are not a valid encoding of the message (truncated, bad tag, bad length,
        /// or a field the Swift side cannot represent).
        package static let malformed = Reason(base: .malformed)
        /// The input is larger than a gRPC message can be (4 GiB).
        package static let tooLarge = Reason(base: .tooLarge)
        /// Decoding would allocate more than the cap (64 × input length + 1 MiB).
        package static let allocationLimit = Reason(base: .allocationLimit)

        package var description: String {
            switch base {
            case .malformed: "malformed protobuf message"
            case .tooLarge: "protobuf message too large"
            case .allocationLimit: "protobuf message needs more memory than allowed"
            }
        }
    }

    /// The kind of failure.
    package var reason: Reason

    package init(_ reason: Reason) {
        self.reason = reason
    }

    package static let malformed = WireDecodingError(.malformed)
    package static let tooLarge = WireDecodingError(.tooLarge)
    package static let allocationLimit = WireDecodingError(.allocationLimit)

    package var description: String {
        "WireDecodingError: \(reason)"
    }
}
