import Glibc

// libFuzzer entry point for the fuzz build (Scripts/fuzz.sh). This module is compiled in the
// normal build too (so the harnesses keep compiling), but only the fuzz build links it, into
// one executable; the environment variable ETCD3_FUZZ_TARGET (GRPCDeframing, ResponseHeaders,
// WatchStreamState, LeaseKeepAliveState, HTTP2Session, Snapshot, ResponseDecoding,
// ResponseConversion, EndpointParsing) selects the target.

/// The fuzz targets.
enum FuzzTarget: String {
    case grpcDeframing = "GRPCDeframing"
    case responseHeaders = "ResponseHeaders"
    case watchStreamState = "WatchStreamState"
    case leaseKeepAliveState = "LeaseKeepAliveState"
    case http2Session = "HTTP2Session"
    case snapshot = "Snapshot"
    case responseDecoding = "ResponseDecoding"
    case responseConversion = "ResponseConversion"
    case endpointParsing = "EndpointParsing"
}

private let selectedTarget: FuzzTarget = {
    guard let raw = getenv("ETCD3_FUZZ_TARGET"), let target = FuzzTarget(rawValue: String(cString: raw)) else {
        fatalError(
            "set ETCD3_FUZZ_TARGET to GRPCDeframing, ResponseHeaders, WatchStreamState, LeaseKeepAliveState, HTTP2Session, Snapshot, ResponseDecoding, ResponseConversion or EndpointParsing"
        )
    }
    return target
}()

/// libFuzzer's per-input callback.
@_cdecl("LLVMFuzzerTestOneInput")
public func etcd3FuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let input = UnsafeRawBufferPointer(start: size == 0 ? nil : data, count: size)
    switch selectedTarget {
    case .grpcDeframing: DeframerFuzz.run(input)
    case .responseHeaders: InterpreterFuzz.run(input)
    case .watchStreamState: WatchStateFuzz.run(input)
    case .leaseKeepAliveState: KeepAliveStateFuzz.run(input)
    case .http2Session: SessionFuzz.run(input)
    case .snapshot: SnapshotAssemblerFuzz.run(input)
    case .responseDecoding: ResponseDecodingFuzz.run(input)
    case .responseConversion: ResponseConversionFuzz.run(input)
    case .endpointParsing: EndpointParsingFuzz.run(input)
    }
    return 0
}

/// Stops the run with `message` when `condition` is false (also in optimized builds, and with
/// the message printed, which `precondition` does not do there).
@inline(__always)
func require(_ condition: Bool, _ message: @autoclosure () -> String, file: StaticString = #fileID, line: UInt = #line) {
    if !condition { fatalError("fuzz invariant violated: \(message())", file: file, line: line) }
}

/// Reads the input front to back; missing bytes read as zero.
struct InputReader {
    let bytes: UnsafeRawBufferPointer
    var offset = 0

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    var remaining: Int { bytes.count - offset }
    var isAtEnd: Bool { offset >= bytes.count }

    mutating func byte() -> UInt8 {
        guard offset < bytes.count else { return 0 }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func uint16() -> Int { Int(byte()) << 8 | Int(byte()) }

    /// Up to `count` bytes.
    mutating func take(_ count: Int) -> [UInt8] {
        let n = max(0, min(count, remaining))
        defer { offset += n }
        return Array(UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + n]))
    }

    mutating func rest() -> [UInt8] { take(remaining) }
}
