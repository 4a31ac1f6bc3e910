import Etcd3Transport
import Foundation
import Synchronization
import Testing

/// A one-connection HTTP/2 server that answers every request with nothing but a RST_STREAM
/// (13 bytes), 1 ms after the request's last byte: less than the receive low-water mark the
/// client raises while it waits for a gRPC server's PING and response.
final class ResettingServer: Sendable {
    let port: Int
    private let listener: Int32

    init() {
        let listener = SilentListener()
        port = listener.port
        self.listener = dup(listener.fd)
        let fd = self.listener
        Thread.detachNewThread {
            let connection = accept(fd, nil, nil)
            guard connection >= 0 else { return }
            Self.serve(connection)
            close(connection)
        }
    }

    deinit { close(listener) }

    private static func send(_ fd: Int32, _ bytes: [UInt8]) {
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    }

    private static func frame(type: UInt8, flags: UInt8, stream: UInt32, _ payload: [UInt8]) -> [UInt8] {
        let length = payload.count
        return [UInt8(length >> 16), UInt8((length >> 8) & 0xff), UInt8(length & 0xff), type, flags]
            + withUnsafeBytes(of: stream.bigEndian, Array.init) + payload
    }

    private static func serve(_ fd: Int32) {
        send(fd, frame(type: 4, flags: 0, stream: 0, []))  // SETTINGS
        var input: [UInt8] = []
        var prefaceSeen = false
        var chunk = [UInt8](repeating: 0, count: 16384)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n <= 0 { return }
            input += chunk[0..<n]
            if !prefaceSeen {
                guard input.count >= 24 else { continue }
                input.removeFirst(24)
                prefaceSeen = true
            }
            while input.count >= 9 {
                let length = Int(input[0]) << 16 | Int(input[1]) << 8 | Int(input[2])
                guard input.count >= 9 + length else { break }
                let type = input[3]
                let flags = input[4]
                let stream = UInt32(input[5] & 0x7f) << 24 | UInt32(input[6]) << 16 | UInt32(input[7]) << 8 | UInt32(input[8])
                let payload = Array(input[9..<(9 + length)])
                input.removeFirst(9 + length)
                switch (type, flags & 1) {
                case (4, 0): send(fd, frame(type: 4, flags: 1, stream: 0, []))  // SETTINGS ACK
                case (6, 0): send(fd, frame(type: 6, flags: 1, stream: 0, payload))  // PING ACK
                case (0, 1):  // the request's last DATA
                    usleep(1000)
                    send(fd, frame(type: 3, flags: 0, stream: stream, [0, 0, 0, 8]))  // RST_STREAM CANCEL
                default: break
                }
            }
        }
    }
}

@Suite("The I/O loop: shared threads, task executor, receive low-water mark", .timeLimit(.minutes(3)))
struct IOLoopTests {
    @Test("a lone small frame after a request is read within the low-water mark's bound", arguments: [false, true])
    func smallFrameIsRead(fromTheLoopThread: Bool) async throws {
        let server = ResettingServer()
        let connection = HTTP2Connection(endpoint: try Endpoint(parsing: "127.0.0.1:\(server.port)"), configuration: makeConfiguration())
        try await connection.connect()
        let call: @Sendable () async -> (TransportError?, Duration) = {
            let start = ContinuousClock.now
            let error = await transportError {
                _ = try await connection.unary(path: putPath, request: Proto.put("k", Array("v".utf8)), metadata: [], timeout: .seconds(20))
            }
            return (error, .now - start)
        }
        // Back to back, so that each request is written within the bound of the last one and
        // the mark is raised for it (by the caller, or by the loop).
        for round in 0..<20 {
            let (error, took) = fromTheLoopThread ? await withTaskExecutorPreference(connection.loop) { await call() } : await call()
            #expect(error != nil, "round \(round)")
            // Without the bound the call would wait for its 20 s deadline.
            #expect(took < .seconds(1), "round \(round): \(took)")
        }
        #expect(await connection.lowWaterMarkRaises > 0)
        await connection.close()
    }

    @Test("tasks that prefer the loop run on its thread, calls complete there")
    func taskExecutorRunsOnTheLoop() async throws {
        let etcd = try await LocalEtcd()
        defer { etcd.stop() }
        try await withConnection(etcd) { connection in
            try await withTaskExecutorPreference(connection.loop) {
                for index in 0..<50 {
                    _ = try await connection.unary(
                        path: putPath, request: Proto.put("p\(index)", Array("v".utf8)), metadata: [], timeout: .seconds(5))
                    #expect(currentThreadName() == "etcd3-io")
                }
                // Child tasks inherit the preference; 50 calls open at once.
                try await withThrowingTaskGroup(of: Bool.self) { group in
                    for index in 0..<50 {
                        group.addTask {
                            let response = try await connection.unary(
                                path: rangePath, request: Proto.range("p\(index)"), metadata: [], timeout: .seconds(5))
                            return Proto.rangeValues(response) == [Array("v".utf8)] && currentThreadName() == "etcd3-io"
                        }
                    }
                    for try await ok in group { #expect(ok) }
                }
            }
        }
    }

    @Test("connections sharing a loop work side by side; one closing leaves the other working")
    func sharedLoop() async throws {
        let etcd = try await LocalEtcd()
        defer { etcd.stop() }
        let loop = try IOLoop()
        let endpoint = try Endpoint(parsing: etcd.endpointString)
        let first = HTTP2Connection(endpoint: endpoint, configuration: makeConfiguration(), loop: loop)
        let second = HTTP2Connection(endpoint: endpoint, configuration: makeConfiguration(), loop: loop)
        try await first.connect()
        try await second.connect()
        let stream = try await second.openStream(path: watchPath, metadata: [], timeout: nil)
        try await stream.send(Proto.watchCreate("shared"))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for connection in [first, second] {
                group.addTask {
                    for index in 0..<100 {
                        _ = try await connection.unary(
                            path: putPath, request: Proto.put("s\(index)", Array("v".utf8)), metadata: [], timeout: .seconds(5))
                    }
                }
            }
            try await group.waitForAll()
        }
        _ = try await first.unary(path: putPath, request: Proto.put("shared", Array("1".utf8)), metadata: [], timeout: .seconds(5))
        #expect(try await awaitEvent("shared", on: stream))
        await first.close()
        _ = try await second.unary(path: putPath, request: Proto.put("shared", Array("2".utf8)), metadata: [], timeout: .seconds(5))
        #expect(try await awaitEvent("shared", on: stream))
        stream.cancel()
        await second.close()
    }
}

/// The calling thread's name (the I/O loop's thread is `etcd3-io`).
func currentThreadName() -> String {
    let name = (try? String(contentsOfFile: "/proc/thread-self/comm", encoding: .utf8)) ?? ""
    return name.trimmingCharacters(in: .whitespacesAndNewlines)
}
