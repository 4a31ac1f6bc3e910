import Etcd3Transport

/// GRPCDeframing: the gRPC length-prefix deframer.
///
/// Input: byte 0 = options (bit 0: END_STREAM follows the body; bits 1-3: the message limit,
/// from `limits`); byte 1 = number of split points (low 4 bits); then 2 bytes (big-endian) per
/// split point = the size of each DATA frame (0 = an empty frame); the rest is the response
/// body. The body is fed in those frames, then one byte at a time, then all at once; each run
/// must agree with an independent model of the framing rules.
enum DeframerFuzz {
    static let limits = [4 << 20, 0, 1, 5, 255, 1024, 65_536, 1 << 20]

    struct Outcome: Equatable {
        var messages: [[UInt8]] = []
        var failure: GRPCDeframer.Failure?
    }

    static func run(_ input: UnsafeRawBufferPointer) {
        var reader = InputReader(input)
        let options = reader.byte()
        let endStream = options & 1 != 0
        let limit = limits[Int(options >> 1) & 7]
        let splitCount = Int(reader.byte() & 0x0f)
        var sizes: [Int] = []
        for _ in 0..<splitCount { sizes.append(reader.uint16()) }
        let body = reader.rest()

        var frames: [Range<Int>] = []
        var start = 0
        for size in sizes {
            let end = min(body.count, start + size)
            frames.append(start..<end)
            start = end
        }
        if start < body.count || frames.isEmpty { frames.append(start..<body.count) }

        let expected = model(body, limit: limit, endStream: endStream)
        let split = deframe(body, frames, limit: limit, endStream: endStream)
        require(split == expected, "split frames \(sizes) gave \(summary(split)), model \(summary(expected))")
        let single = deframe(body, body.indices.lazy.map { $0..<$0 + 1 }, limit: limit, endStream: endStream)
        require(single == expected, "1-byte frames gave \(summary(single)), model \(summary(expected))")
        let whole = deframe(body, [0..<body.count], limit: limit, endStream: endStream)
        require(whole == expected, "one frame gave \(summary(whole)), model \(summary(expected))")

        if let failure = expected.failure {
            let code = failure.transportError.status.code
            switch failure {
            case .tooLarge: require(code == .resourceExhausted, "over-limit message maps to \(code)")
            case .compressed, .truncated: require(code == .internalError, "\(failure) maps to \(code)")
            }
        }
    }

    /// Runs the deframer over `frames`, checking its buffered-byte accounting (which drives
    /// flow-control credit) after every frame.
    static func deframe(
        _ body: [UInt8], _ frames: some Sequence<Range<Int>>, limit: Int, endStream: Bool
    ) -> Outcome {
        var deframer = GRPCDeframer(limit: limit)
        var outcome = Outcome()
        var fed = 0
        var delivered = 0
        var messages: [[UInt8]] = []
        for frame in frames {
            messages.removeAll(keepingCapacity: true)
            var failure: GRPCDeframer.Failure?
            body.withUnsafeBytes { raw in
                do throws(GRPCDeframer.Failure) {
                    try deframer.process(UnsafeRawBufferPointer(rebasing: raw[frame]), into: &messages)
                } catch {
                    failure = error
                }
            }
            if let failure {
                outcome.messages += messages
                outcome.failure = failure
                return outcome
            }
            outcome.messages += messages
            fed += frame.count
            delivered += messages.reduce(0) { $0 + 5 + $1.count }
            let buffered = fed - delivered
            require(deframer.bufferedByteCount == buffered, "bufferedByteCount \(deframer.bufferedByteCount), expected \(buffered)")
            require(deframer.hasPartialMessage == (buffered > 0), "hasPartialMessage with \(buffered) bytes buffered")
        }
        if endStream {
            do throws(GRPCDeframer.Failure) { try deframer.finish() } catch { outcome.failure = error }
        }
        return outcome
    }

    /// The framing rules, written independently: a 5-byte prefix (flag, big-endian length) is
    /// checked as soon as it is complete (flag first, then the limit), before its body.
    static func model(_ body: [UInt8], limit: Int, endStream: Bool) -> Outcome {
        var outcome = Outcome()
        var p = 0
        while body.count - p >= 5 {
            if body[p] != 0 {
                outcome.failure = .compressed
                return outcome
            }
            var length = 0
            for i in 1...4 { length = length * 256 + Int(body[p + i]) }
            if length > limit {
                outcome.failure = .tooLarge(declared: length, limit: limit)
                return outcome
            }
            if body.count - p - 5 < length { break }
            outcome.messages.append(Array(body[p + 5..<p + 5 + length]))
            p += 5 + length
        }
        if endStream, p < body.count { outcome.failure = .truncated }
        return outcome
    }

    static func summary(_ outcome: Outcome) -> String {
        "\(outcome.messages.count) messages \(outcome.messages.map(\.count)) failure \(outcome.failure.map { "\($0)" } ?? "none")"
    }
}
