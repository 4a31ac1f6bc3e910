import Etcd3Transport
import Logging
import Testing

/// The nghttp2 session and our callbacks, driven without a socket through the test seam (the
/// same path as the HTTP2Session fuzz target).
@Suite("HTTP/2 session without a socket", .timeLimit(.minutes(3)))
struct SessionWithoutSocketTests {
    static func frame(_ type: UInt8, _ flags: UInt8, _ stream: UInt32, _ payload: [UInt8] = []) -> [UInt8] {
        let n = UInt32(payload.count)
        var out: [UInt8] = [UInt8(truncatingIfNeeded: n >> 16), UInt8(truncatingIfNeeded: n >> 8), UInt8(truncatingIfNeeded: n)]
        out += [type, flags]
        out += [UInt8(truncatingIfNeeded: stream >> 24), UInt8(truncatingIfNeeded: stream >> 16)]
        out += [UInt8(truncatingIfNeeded: stream >> 8), UInt8(truncatingIfNeeded: stream)]
        return out + payload
    }

    /// HPACK literal fields without indexing, no Huffman coding.
    static func block(_ fields: [(String, String)]) -> [UInt8] {
        var out: [UInt8] = []
        for (name, value) in fields {
            out.append(0)
            out.append(UInt8(name.utf8.count))
            out.append(contentsOf: name.utf8)
            out.append(UInt8(value.utf8.count))
            out.append(contentsOf: value.utf8)
        }
        return out
    }

    static func connection() -> HTTP2Connection {
        var configuration = ConnectionConfiguration(logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
        configuration.keepAliveInterval = nil
        return HTTP2Connection(endpoint: Endpoint(host: "seam.invalid", port: 2379), configuration: configuration)
    }

    static let settings = frame(4, 0, 0)
    static let headers = frame(1, 4, 1, block([(":status", "200"), ("content-type", "application/grpc")]))

    static func exchange(
        _ connection: isolated HTTP2Connection, _ server: [UInt8]
    ) async -> (Result<[UInt8], TransportError>, open: Int) {
        let preface = connection.startSessionWithoutSocket()
        #expect(preface.starts(with: Array("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".utf8)))
        _ = connection.receiveWithoutSocket(settings)
        let usable = connection.isUsable
        #expect(usable)
        let call = Task { await connection.unaryWithoutSocket(path: "/etcdserverpb.KV/Range", request: GRPCFraming.frame([8, 1])) }
        while connection.openCallCount == 0 { await Task.yield() }
        let sent = connection.receiveWithoutSocket([]).count
        #expect(sent > 9, "HEADERS and DATA for stream 1")
        _ = connection.receiveWithoutSocket(server)
        let open = connection.openCallCount
        connection.endOfInputWithoutSocket()
        return (await call.value, open)
    }

    @Test func unaryResponse() async throws {
        let server =
            Self.headers + Self.frame(0, 0, 1, GRPCFraming.frame([1, 2, 3]))
            + Self.frame(1, 5, 1, Self.block([("grpc-status", "0")]))
        let (result, open) = await Self.exchange(Self.connection(), server)
        #expect(open == 0)
        #expect(try result.get() == [1, 2, 3])
    }

    @Test func endOfInputCompletesPendingCall() async {
        let (result, open) = await Self.exchange(Self.connection(), Self.headers)
        #expect(open == 1)
        guard case .failure(let error) = result else {
            Issue.record("expected a failure")
            return
        }
        #expect(error.kind == .connectionClosed)
    }

    /// GOAWAY naming the stream as accepted: a connection closed "when idle" still delivers the
    /// answer, then closes.
    @Test func goAwayAtTheStreamLetsItFinishBeforeClosing() async throws {
        let connection = Self.connection()
        _ = await connection.startSessionWithoutSocket()
        _ = await connection.receiveWithoutSocket(Self.settings)
        let call = Task { await connection.unaryWithoutSocket(path: "/etcdserverpb.KV/Put", request: GRPCFraming.frame([8, 1])) }
        while await connection.openCallCount == 0 { await Task.yield() }
        _ = await connection.receiveWithoutSocket([])
        _ = await connection.receiveWithoutSocket(Self.frame(7, 0, 0, [0, 0, 0, 1, 0, 0, 0, 0]))
        #expect(connection.acceptsNewCalls == false)
        await connection.closeWhenIdle()
        #expect(await connection.openCallCount == 1, "the accepted call is still open")
        _ = await connection.receiveWithoutSocket(
            Self.headers + Self.frame(0, 0, 1, GRPCFraming.frame([4, 5]))
                + Self.frame(1, 5, 1, Self.block([("grpc-status", "0")])))
        #expect(try await call.value.get() == [4, 5])
        // The last call finishing closed the connection: it reads nothing more.
        for _ in 0..<100 where await connection.isUsableOrDraining { await Task.yield() }
        #expect(await connection.isUsableOrDraining == false)
    }

    @Test func goAwayBelowTheStreamFailsItAsNotSent() async {
        let goAway = Self.frame(7, 0, 0, [0, 0, 0, 0, 0, 0, 0, 0])
        let (result, _) = await Self.exchange(Self.connection(), goAway)
        guard case .failure(let error) = result else {
            Issue.record("expected a failure")
            return
        }
        #expect(error.status.code == .unavailable)
        #expect(error.requestDisposition == .notSent)
    }
}
