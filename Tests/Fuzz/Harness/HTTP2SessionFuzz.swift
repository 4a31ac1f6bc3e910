import Etcd3Transport
import Glibc
import Logging

/// HTTP2Session: the connection's nghttp2 client session end to end, without a socket.
///
/// Input: byte 0 = shape (bits 0-1: unary calls, bits 2-3: streaming calls, bit 4: a 64-byte
/// receive limit instead of 4 MiB, bit 5: cancel the first stream half-way through the input,
/// bit 6: send one message on each stream and half-close it); byte 1 = DATA size fed per `mem_recv` call (0 = all at
/// once); bytes 2-3 = length P (big-endian) of the server's opening bytes; then the server's
/// bytes. The client preface is fixed (the connection's own); the first P server bytes are fed
/// first, then, once the server's SETTINGS made the connection usable, the calls are opened
/// (streams 1, 3, 5, …) and the rest is fed, then the input ends as if the server closed the
/// connection. Every byte reaches our nghttp2 callbacks through the real parser.
///
/// Invariants: no crash or leak (ASan/LSan); every call completes (nothing open after the end,
/// every unary waiter resumed, every stream finished), with a status code in 0…16.
enum SessionFuzz {
    static func run(_ input: UnsafeRawBufferPointer) {
        var reader = InputReader(input)
        let shape = reader.byte()
        let chunk = Int(reader.byte())
        let openingLength = reader.uint16()
        let opening = reader.take(openingLength)
        let rest = reader.rest()
        let unary = Int(shape & 3)
        let streams = Int(shape >> 2 & 3)
        let limit = shape & 0x10 != 0 ? 64 : 4 << 20
        let cancelFirstStream = shape & 0x20 != 0
        let sendOnStreams = shape & 0x40 != 0

        let done = UnsafeMutablePointer<sem_t>.allocate(capacity: 1)
        sem_init(done, 0, 0)
        defer {
            sem_destroy(done)
            done.deallocate()
        }
        nonisolated(unsafe) let signal = done
        Task {
            await drive(
                opening: opening, rest: rest, chunk: chunk, unary: unary, streams: streams, limit: limit,
                cancelFirstStream: cancelFirstStream, sendOnStreams: sendOnStreams)
            sem_post(signal)
        }
        while sem_wait(done) != 0 {}
    }

    static func drive(
        opening: [UInt8], rest: [UInt8], chunk: Int, unary: Int, streams: Int, limit: Int,
        cancelFirstStream: Bool, sendOnStreams: Bool
    ) async {
        var configuration = ConnectionConfiguration(logger: Logger(label: "etcd3.fuzz") { _ in SwiftLogNoOpLogHandler() })
        configuration.keepAliveInterval = nil
        configuration.maxReceiveMessageBytes = limit
        let connection = HTTP2Connection(endpoint: Endpoint(host: "fuzz.invalid", port: 2379), configuration: configuration)
        await exchange(
            connection, opening: opening, rest: rest, chunk: chunk, unary: unary, streams: streams,
            cancelFirstStream: cancelFirstStream, sendOnStreams: sendOnStreams)
    }

    static func exchange(
        _ connection: isolated HTTP2Connection, opening: [UInt8], rest: [UInt8], chunk: Int, unary: Int, streams: Int,
        cancelFirstStream: Bool, sendOnStreams: Bool
    ) async {
        let preface = connection.startSessionWithoutSocket()
        require(preface.starts(with: Array("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".utf8)), "no client preface")
        feed(connection, opening, chunk: chunk)

        var unaryTasks: [Task<Result<[UInt8], TransportError>, Never>] = []
        var streamCalls: [GRPCStream] = []
        if connection.isUsable {
            for _ in 0..<streams {
                do {
                    streamCalls.append(try connection.openStream(path: "/etcdserverpb.Watch/Watch", metadata: [], timeout: nil))
                } catch {
                    requireCode(error.status.code)
                }
            }
            for index in 0..<unary {
                // Inherits this actor: queued behind the current job, in order.
                unaryTasks.append(
                    Task {
                        await connection.unaryWithoutSocket(
                            path: "/etcdserverpb.KV/Range", request: GRPCFraming.frame([0x0a, 0x01, UInt8(index)]))
                    })
            }
            var spins = 0
            while connection.openCallCount < streamCalls.count + unary, spins < 10_000 {
                await Task.yield()
                spins += 1
            }
            require(connection.openCallCount == streamCalls.count + unary, "calls did not open")
            // Send the queued requests (HEADERS + DATA) so that the streams exist for the server.
            _ = connection.receiveWithoutSocket([])
        }
        if sendOnStreams {
            for stream in streamCalls {
                try? await stream.send(GRPCFraming.frame([0x0a, 0x02, 0x08, 0x01]))
                await stream.finishSending()
            }
        }
        if cancelFirstStream, let first = streamCalls.first {
            // Half the input, then a cancel from outside the I/O thread (mailbox), which the
            // loop applies once this job yields.
            let half = rest.count / 2
            feed(connection, Array(rest[..<half]), chunk: chunk)
            first.cancel()
            await Task.yield()
            feed(connection, Array(rest[half...]), chunk: chunk)
        } else {
            feed(connection, rest, chunk: chunk)
        }
        connection.endOfInputWithoutSocket()
        require(connection.openCallCount == 0, "\(connection.openCallCount) calls still open after the connection ended")

        for task in unaryTasks {
            let result = await task.value
            if verbose { print("HTTP2Session unary: \(result.map(\.count))") }
            if case .failure(let error) = result { requireCode(error.status.code) }
        }
        for stream in streamCalls {
            var count = 0
            do {
                for try await _ in stream.messages { count += 1 }
                if verbose { print("HTTP2Session stream \(stream.streamID): \(count) messages, OK") }
            } catch {
                if verbose { print("HTTP2Session stream \(stream.streamID): \(count) messages, \(error)") }
                requireCode(error.status.code)
            }
        }
    }

    static func feed(_ connection: isolated HTTP2Connection, _ bytes: [UInt8], chunk: Int) {
        var offset = 0
        // After a connection error the rest is ignored, as the socket path stops reading.
        while offset < bytes.count {
            let end = chunk == 0 ? bytes.count : min(bytes.count, offset + chunk)
            _ = connection.receiveWithoutSocket(Array(bytes[offset..<end]))
            offset = end
        }
    }

    /// ETCD3_FUZZ_VERBOSE=1 prints each call's outcome (for checking seeds).
    static let verbose = getenv("ETCD3_FUZZ_VERBOSE") != nil

    static func requireCode(_ code: GRPCStatus.Code) {
        require((0...16).contains(code.rawValue), "status code \(code.rawValue) out of range")
    }
}
