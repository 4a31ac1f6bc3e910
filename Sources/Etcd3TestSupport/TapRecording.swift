import Foundation

/// Reads what ``EtcdFaultProxy/tap(into:)`` recorded of plaintext gRPC connections: the HTTP/2
/// frames a server sent, and the gRPC messages in their DATA frames, stream by stream.
///
/// Used to record fuzz seeds from real etcd traffic (`Docs/Fuzzing.md`):
///
/// ```swift
/// let proxy = try EtcdFaultProxy(inFrontOf: cluster[0])
/// proxy.tap(into: directory)
/// // … a client talks to proxy.endpoint …
/// proxy.tap(into: nil)
/// for stream in try EtcdTapRecording.serverStreams(in: directory) {
///     for message in stream.messages { … }   // e.g. RangeResponse bytes
/// }
/// ```
///
/// Only plaintext connections can be read (a TLS recording is ciphertext). Frames are parsed
/// as HTTP/2 defines them; HEADERS are skipped, so which method a stream called is not known
/// here: give each kind of call its own client and directory.
public enum EtcdTapRecording {
    /// One HTTP/2 stream of a recorded server-to-client byte stream.
    public struct ServerStream: Sendable {
        /// The recording file, e.g. `conn-1-s2c.bin`.
        public var file: String
        /// The HTTP/2 stream id.
        public var streamID: UInt32
        /// The stream's DATA payloads joined (padding removed): the gRPC response body.
        public var body: [UInt8]
        /// The gRPC messages of ``body``, in order, without their 5-byte prefixes. A partial
        /// message at the end (the recording stopped mid-message) is left out.
        public var messages: [[UInt8]]
    }

    /// Every stream with at least one DATA byte in the server-to-client recordings
    /// (`conn-<n>-s2c.bin`) of `directory`, ordered by file and stream id.
    ///
    /// - Parameter directory: A directory given to ``EtcdFaultProxy/tap(into:)``.
    /// - Returns: The streams.
    /// - Throws: ``EtcdTestSupportError`` with code `commandFailed` when the directory cannot be read.
    public static func serverStreams(in directory: String) throws(EtcdTestSupportError) -> [ServerStream] {
        let files: [String]
        do {
            files = try FileManager.default.contentsOfDirectory(atPath: directory)
                .filter { $0.hasSuffix("-s2c.bin") }.sorted()
        } catch {
            throw EtcdTestSupportError(.commandFailed, "cannot read \(directory): \(error)")
        }
        var streams = [ServerStream]()
        for file in files {
            guard let data = FileManager.default.contents(atPath: "\(directory)/\(file)") else { continue }
            let bodies = dataPayloads(Array(data))
            for id in bodies.keys.sorted() {
                let body = bodies[id]!
                streams.append(ServerStream(file: file, streamID: id, body: body, messages: grpcMessages(body)))
            }
        }
        return streams
    }

    /// The DATA payloads of each stream of a server's HTTP/2 byte stream (a server sends no
    /// connection preface string, so frames start at byte 0). Stops at a truncated frame.
    static func dataPayloads(_ bytes: [UInt8]) -> [UInt32: [UInt8]] {
        var bodies = [UInt32: [UInt8]]()
        var offset = 0
        while offset + 9 <= bytes.count {
            let length = Int(bytes[offset]) << 16 | Int(bytes[offset + 1]) << 8 | Int(bytes[offset + 2])
            let type = bytes[offset + 3]
            let flags = bytes[offset + 4]
            let streamID =
                (UInt32(bytes[offset + 5]) << 24 | UInt32(bytes[offset + 6]) << 16 | UInt32(bytes[offset + 7]) << 8
                    | UInt32(bytes[offset + 8])) & 0x7FFF_FFFF
            let start = offset + 9
            guard start + length <= bytes.count else { break }
            if type == 0, length > 0 {
                var payload = bytes[start..<start + length]
                if flags & 0x8 != 0 {
                    let padding = Int(payload.first!)
                    payload = payload.dropFirst().dropLast(min(padding, payload.count - 1))
                }
                bodies[streamID, default: []].append(contentsOf: payload)
            }
            offset = start + length
        }
        return bodies
    }

    /// The messages of a gRPC body (1-byte flag, 4-byte big-endian length, message).
    static func grpcMessages(_ body: [UInt8]) -> [[UInt8]] {
        var messages = [[UInt8]]()
        var offset = 0
        while offset + 5 <= body.count {
            let length =
                Int(body[offset + 1]) << 24 | Int(body[offset + 2]) << 16 | Int(body[offset + 3]) << 8
                | Int(body[offset + 4])
            guard offset + 5 + length <= body.count else { break }
            messages.append(Array(body[offset + 5..<offset + 5 + length]))
            offset += 5 + length
        }
        return messages
    }
}
