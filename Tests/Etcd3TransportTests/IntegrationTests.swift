import Etcd3Transport
import Foundation
import Logging
import Testing

func makeConfiguration(tls: TLSConfiguration? = nil) -> ConnectionConfiguration {
    var logger = Logger(label: "etcd3.transport.tests")
    logger.logLevel = ProcessInfo.processInfo.environment["ETCD3_TRACE"] != nil ? .trace : .critical
    var configuration = ConnectionConfiguration(logger: logger)
    configuration.tls = tls
    configuration.connectTimeout = .seconds(5)
    return configuration
}

func withConnection<T>(
    _ etcd: LocalEtcd, tls: TLSConfiguration? = nil, configure: (inout ConnectionConfiguration) -> Void = { _ in },
    _ body: (HTTP2Connection) async throws -> T
) async throws -> T {
    var configuration = makeConfiguration(tls: tls)
    configure(&configuration)
    let connection = HTTP2Connection(endpoint: try Endpoint(parsing: etcd.endpointString), configuration: configuration)
    do {
        try await connection.connect()
        let result = try await body(connection)
        await connection.close()
        return result
    } catch {
        await connection.close()
        throw error
    }
}

let putPath = "/etcdserverpb.KV/Put"
let rangePath = "/etcdserverpb.KV/Range"
let watchPath = "/etcdserverpb.Watch/Watch"

struct TimedOut: Error {}

/// Runs `body`, failing with `TimedOut` after `seconds` (the body is cancelled).
func within<T: Sendable>(_ seconds: Double, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: .milliseconds(Int(seconds * 1000)))
            throw TimedOut()
        }
        let first = try await group.next()!
        group.cancelAll()
        return first
    }
}

/// The TransportError thrown by `body`, or nil.
/// ``transportError(_:)`` with when the body ended.
func transportErrorAt(_ body: () async throws -> Void) async -> (error: TransportError?, at: ContinuousClock.Instant) {
    let error = await transportError(body)
    return (error, .now)
}

func transportError(_ body: () async throws -> Void) async -> TransportError? {
    do {
        try await body()
        return nil
    } catch let error as TransportError {
        return error
    } catch {
        Issue.record("unexpected error \(error)")
        return nil
    }
}

/// Reads watch responses until one carries an event for `key`.
func awaitEvent(_ key: String, on stream: GRPCStream) async throws -> Bool {
    for try await message in stream.messages where Proto.watchEventKeys(message).contains(key) {
        return true
    }
    return false
}

extension RealEtcd {
    @Suite("Against real etcd", .serialized, .timeLimit(.minutes(1)))
    struct IntegrationTests {
        @Test("unary Put and Range, plaintext", arguments: LocalEtcd.Version.allCases)
        func putRange(version: LocalEtcd.Version) async throws {
            let etcd = try await LocalEtcd(version: version)
            defer { etcd.stop() }
            try await withConnection(etcd) { connection in
                _ = try await connection.unary(
                    path: putPath, request: Proto.put("k1", Array("v1".utf8)), metadata: [], timeout: .seconds(5))
                let response = try await connection.unary(path: rangePath, request: Proto.range("k1"), metadata: [], timeout: .seconds(5))
                #expect(Proto.rangeValues(response) == [Array("v1".utf8)])
                // Maintenance/Status: an empty request message.
                let status = try await connection.unary(
                    path: "/etcdserverpb.Maintenance/Status", request: GRPCFraming.frame([]), metadata: [], timeout: .seconds(5))
                #expect(Proto.fields(status).contains { $0.number == 2 })  // version
            }
        }

        @Test("server error: empty key is INVALID_ARGUMENT")
        func serverError() async throws {
            let etcd = try await LocalEtcd()
            defer { etcd.stop() }
            try await withConnection(etcd) { connection in
                let error = await transportError {
                    _ = try await connection.unary(path: putPath, request: Proto.put("", [1]), metadata: [], timeout: .seconds(5))
                }
                #expect(error?.kind == .rpc)
                #expect(error?.status == GRPCStatus(code: .invalidArgument, message: "etcdserver: key is not provided"))
                // The connection stays usable.
                _ = try await connection.unary(
                    path: putPath, request: Proto.put("a", [1]), metadata: [("hasleader", "true")], timeout: .seconds(5))
                #expect(await connection.isUsable)
            }
            // A TLS client against the plaintext server fails in the handshake.
            var tlsConfiguration = makeConfiguration(tls: TLSConfiguration(verifyHostname: false))
            tlsConfiguration.connectTimeout = .seconds(3)
            let tlsConnection = HTTP2Connection(endpoint: Endpoint(host: "127.0.0.1", port: etcd.port), configuration: tlsConfiguration)
            let error = await transportError { try await tlsConnection.connect() }
            guard case .tls(.handshakeFailed)? = error?.kind else {
                Issue.record("expected handshakeFailed, got \(String(describing: error))")
                return
            }
            await tlsConnection.close()
        }

        @Test("200 concurrent unary calls on one connection")
        func concurrentCalls() async throws {
            let etcd = try await LocalEtcd()
            defer { etcd.stop() }
            try await withConnection(etcd) { connection in
                _ = try await connection.unary(
                    path: putPath, request: Proto.put("c", Array("value".utf8)), metadata: [], timeout: .seconds(5))
                try await withThrowingTaskGroup(of: [UInt8].self) { group in
                    for i in 0..<200 {
                        group.addTask {
                            if i % 4 == 0 {
                                return try await connection.unary(
                                    path: putPath, request: Proto.put("c\(i)", [UInt8(i & 0xff)]), metadata: [], timeout: .seconds(10))
                            }
                            let response = try await connection.unary(
                                path: rangePath, request: Proto.range("c"), metadata: [], timeout: .seconds(10))
                            #expect(Proto.rangeValues(response) == [Array("value".utf8)])
                            return response
                        }
                    }
                    var count = 0
                    for try await _ in group { count += 1 }
                    #expect(count == 200)
                }
            }
        }

        @Test("watch stream: create, put, event, cancel", arguments: LocalEtcd.Version.allCases)
        func watch(version: LocalEtcd.Version) async throws {
            let etcd = try await LocalEtcd(version: version)
            defer { etcd.stop() }
            try await withConnection(etcd) { connection in
                let stream = try await connection.openStream(path: watchPath, metadata: [("hasleader", "true")], timeout: nil)
                try await stream.send(Proto.watchCreate("w"))
                var iterator = stream.messages.makeAsyncIterator()
                let created = try await iterator.next()
                #expect(created.map(Proto.watchCreated) == true)
                _ = try await connection.unary(path: putPath, request: Proto.put("w", [1]), metadata: [], timeout: .seconds(5))
                let event = try await iterator.next()
                #expect(event.map(Proto.watchEventKeys) == ["w"])
                stream.cancel()
                let error = await transportError { _ = try await iterator.next() }
                #expect(error?.kind == .cancelled)
                // Other calls continue.
                _ = try await connection.unary(path: rangePath, request: Proto.range("w"), metadata: [], timeout: .seconds(5))
            }
        }

        @Test("stream timeout gives deadlineExceeded")
        func streamTimeout() async throws {
            let etcd = try await LocalEtcd()
            defer { etcd.stop() }
            try await withConnection(etcd) { connection in
                let stream = try await connection.openStream(path: watchPath, metadata: [], timeout: .milliseconds(300))
                try await stream.send(Proto.watchCreate("t"))
                let start = ContinuousClock.now
                let error = await transportError { for try await _ in stream.messages {} }
                #expect(error?.kind == .deadlineExceeded || error?.status.code == .deadlineExceeded, "\(String(describing: error))")
                #expect(ContinuousClock.now - start < .seconds(3))
            }
        }

        @Test("unary timeout and cancellation while the server is stopped")
        func timeoutAndCancellation() async throws {
            let etcd = try await LocalEtcd()
            defer { etcd.stop() }
            try await withConnection(etcd) { connection in
                _ = try await connection.unary(path: putPath, request: Proto.put("x", [1]), metadata: [], timeout: .seconds(5))
                etcd.signal(SIGSTOP)
                defer { etcd.signal(SIGCONT) }
                try await Task.sleep(for: .milliseconds(100))  // kill() returns before every thread stopped
                let start = ContinuousClock.now
                let error = await transportError {
                    _ = try await connection.unary(path: rangePath, request: Proto.range("x"), metadata: [], timeout: .milliseconds(300))
                }
                #expect(error?.kind == .deadlineExceeded)
                #expect(error?.status.code == .deadlineExceeded)
                #expect(ContinuousClock.now - start < .seconds(2))

                // Two open calls: the later deadline is found again after the earlier one expired,
                // neither early nor late.
                let both = ContinuousClock.now
                async let short = transportErrorAt {
                    _ = try await connection.unary(path: rangePath, request: Proto.range("x"), metadata: [], timeout: .milliseconds(200))
                }
                async let long = transportErrorAt {
                    _ = try await connection.unary(path: rangePath, request: Proto.range("x"), metadata: [], timeout: .milliseconds(700))
                }
                let (shortEnd, longEnd) = await (short, long)
                #expect(shortEnd.error?.kind == .deadlineExceeded && longEnd.error?.kind == .deadlineExceeded)
                #expect(shortEnd.at - both >= .milliseconds(200) && shortEnd.at - both < .milliseconds(450))
                #expect(longEnd.at - both >= .milliseconds(700) && longEnd.at - both < .milliseconds(950))

                let task = Task {
                    try await connection.unary(path: rangePath, request: Proto.range("x"), metadata: [], timeout: nil)
                }
                try await Task.sleep(for: .milliseconds(200))
                task.cancel()
                let cancelled = await transportError { _ = try await within(3) { try await task.value } }
                #expect(cancelled?.kind == .cancelled)
                #expect(cancelled?.status.code == .cancelled)
                // An already-cancelled task never sends.
                let early = Task {
                    withUnsafeCurrentTask { $0?.cancel() }
                    return try await connection.unary(path: rangePath, request: Proto.range("x"), metadata: [], timeout: nil)
                }
                let notSent = await transportError { _ = try await early.value }
                #expect(notSent?.kind == .cancelled && notSent?.requestDisposition == .notSent)
            }
        }

        @Test("2.1 MiB request: the server's RESOURCE_EXHAUSTED is reported", arguments: [false, true])
        func oversizedRequest(tls: Bool) async throws {
            let certificates = tls ? try TestCertificates.make() : nil
            let etcd = try await LocalEtcd(tls: certificates.map { .init($0) })
            defer { etcd.stop() }
            try await withConnection(etcd, tls: certificates.map { TLSConfiguration(trustRoots: .file($0.caCert)) }) { connection in
                let value = [UInt8](repeating: 0x61, count: 2_200_000)
                let error = await transportError {
                    _ = try await connection.unary(path: putPath, request: Proto.put("big", value), metadata: [], timeout: .seconds(10))
                }
                #expect(error?.kind == .rpc)
                #expect(error?.status.code == .resourceExhausted)
                #expect(error?.status.message.contains("larger than max") == true)
                // 1.6 MiB: etcd's own limit, code 3.
                let tooLarge = await transportError {
                    _ = try await connection.unary(
                        path: putPath, request: Proto.put("big", [UInt8](repeating: 1, count: 1_700_000)), metadata: [],
                        timeout: .seconds(10))
                }
                #expect(tooLarge?.status == GRPCStatus(code: .invalidArgument, message: "etcdserver: request is too large"))
                _ = try await connection.unary(path: putPath, request: Proto.put("small", [1]), metadata: [], timeout: .seconds(5))
            }
        }

        @Test("1.4 MiB response; receive limit gives responseTooLarge", arguments: [false, true])
        func largeResponse(tls: Bool) async throws {
            let certificates = tls ? try TestCertificates.make() : nil
            let etcd = try await LocalEtcd(tls: certificates.map { .init($0) })
            defer { etcd.stop() }
            let value = (0..<1_468_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
            let tlsConfiguration = certificates.map { TLSConfiguration(trustRoots: .file($0.caCert)) }
            try await withConnection(etcd, tls: tlsConfiguration) { connection in
                _ = try await connection.unary(path: putPath, request: Proto.put("large", value), metadata: [], timeout: .seconds(10))
                let response = try await connection.unary(
                    path: rangePath, request: Proto.range("large"), metadata: [], timeout: .seconds(10))
                #expect(Proto.rangeValues(response) == [value])
            }
            try await withConnection(etcd, tls: tlsConfiguration, configure: { $0.maxReceiveMessageBytes = 100_000 }) { connection in
                let error = await transportError {
                    _ = try await connection.unary(path: rangePath, request: Proto.range("large"), metadata: [], timeout: .seconds(10))
                }
                #expect(error?.kind == .responseTooLarge(limit: 100_000))
                #expect(error?.status.code == .resourceExhausted)
                _ = try await connection.unary(path: rangePath, request: Proto.range("nothing"), metadata: [], timeout: .seconds(5))
            }
        }

        @Test("SIGKILL with a unary call and a watch in flight: both fail, no hang")
        func serverKilled() async throws {
            let etcd = try await LocalEtcd()
            defer { etcd.stop() }
            let connection = HTTP2Connection(endpoint: try Endpoint(parsing: etcd.endpointString), configuration: makeConfiguration())
            try await connection.connect()
            let stream = try await connection.openStream(path: watchPath, metadata: [], timeout: nil)
            try await stream.send(Proto.watchCreate("k"))
            var iterator = stream.messages.makeAsyncIterator()
            _ = try await iterator.next()
            etcd.signal(SIGSTOP)
            try await Task.sleep(for: .milliseconds(100))
            let call = Task {
                try await connection.unary(path: rangePath, request: Proto.range("k"), metadata: [], timeout: nil)
            }
            try await Task.sleep(for: .milliseconds(200))
            etcd.signal(SIGKILL)
            let unaryError = await transportError { _ = try await within(5) { try await call.value } }
            #expect(unaryError?.kind == .connectionClosed)
            #expect(unaryError?.requestDisposition == .maybeProcessed)
            let streamError = await transportError { _ = try await iterator.next() }
            #expect(streamError?.kind == .connectionClosed)
            #expect(await connection.isUsable == false)
            let afterwards = await transportError {
                _ = try await connection.unary(path: rangePath, request: Proto.range("k"), metadata: [], timeout: nil)
            }
            #expect(afterwards?.requestDisposition == .notSent)
            await connection.close()
        }

        @Test("SIGTERM with a watch open ends it (plaintext FIN, TLS RST+GOAWAY)", arguments: [false, true])
        func serverTerminated(tls: Bool) async throws {
            let certificates = tls ? try TestCertificates.make() : nil
            let etcd = try await LocalEtcd(tls: certificates.map { .init($0) })
            defer { etcd.stop() }
            let connection = HTTP2Connection(
                endpoint: try Endpoint(parsing: etcd.endpointString),
                configuration: makeConfiguration(tls: certificates.map { TLSConfiguration(trustRoots: .file($0.caCert)) }))
            try await connection.connect()
            let stream = try await connection.openStream(path: watchPath, metadata: [], timeout: nil)
            try await stream.send(Proto.watchCreate("k"))
            var iterator = stream.messages.makeAsyncIterator()
            _ = try await iterator.next()
            etcd.signal(SIGTERM)
            let start = ContinuousClock.now
            let error = await transportError { while try await iterator.next() != nil {} }
            #expect(error != nil)
            #expect(ContinuousClock.now - start < .seconds(5))
            var sawClosed = false
            for await event in connection.events {
                if case .closed = event { sawClosed = true }
            }
            #expect(sawClosed)
            await connection.close()
        }

        @Test("too_many_pings GOAWAY doubles the suggested keep-alive interval")
        func tooManyPings() async throws {
            let etcd = try await LocalEtcd()
            defer { etcd.stop() }
            var configuration = makeConfiguration()
            configuration.keepAliveInterval = .milliseconds(1000)
            let connection = HTTP2Connection(endpoint: try Endpoint(parsing: etcd.endpointString), configuration: configuration)
            try await connection.connect()
            let stream = try await connection.openStream(path: watchPath, metadata: [], timeout: nil)
            try await stream.send(Proto.watchCreate("k"))
            let goAway = try await within(15) { () -> (Int32, UInt32, String)? in
                for await event in connection.events {
                    if case .goAway(let last, let code, let debug) = event { return (last, code, debug) }
                }
                return nil
            }
            #expect(goAway?.1 == 11)
            #expect(goAway?.2 == "too_many_pings")
            #expect(connection.suggestedKeepAliveInterval == .seconds(2))
            #expect(await connection.isUsable == false)
            let error = await transportError { for try await _ in stream.messages {} }
            #expect(error != nil)
            stream.cancel()
            await connection.close()
        }

        @Test("server PINGs are acknowledged, idle and between calls")
        func serverPingsAcknowledged() async throws {
            // The server pings after 1 s without activity (grpc-go's least) and closes the
            // connection if the ACK takes over 200 ms.
            let etcd = try await LocalEtcd(extraArguments: [
                "--grpc-keepalive-interval", "1s", "--grpc-keepalive-timeout", "200ms",
            ])
            defer { etcd.stop() }
            var configuration = makeConfiguration()
            configuration.keepAliveInterval = nil
            let connection = HTTP2Connection(endpoint: try Endpoint(parsing: etcd.endpointString), configuration: configuration)
            try await connection.connect()
            for round in 0..<2 {
                // Idle past a ping interval and its timeout, then a call on the same connection.
                try await Task.sleep(for: .milliseconds(1600))
                #expect(await connection.isUsable, "round \(round)")
                _ = try await connection.unary(
                    path: putPath, request: Proto.put("k", Array("\(round)".utf8)), metadata: [], timeout: .seconds(5))
            }
            await connection.close()
        }

        @Test("PING timeout marks the connection dead")
        func keepAliveTimeout() async throws {
            let etcd = try await LocalEtcd(extraArguments: ["--grpc-keepalive-min-time", "100ms"])
            defer { etcd.stop() }
            var configuration = makeConfiguration()
            configuration.keepAliveInterval = .milliseconds(300)
            configuration.keepAliveTimeout = .milliseconds(300)
            let connection = HTTP2Connection(endpoint: try Endpoint(parsing: etcd.endpointString), configuration: configuration)
            try await connection.connect()
            let stream = try await connection.openStream(path: watchPath, metadata: [], timeout: nil)
            try await stream.send(Proto.watchCreate("k"))
            var iterator = stream.messages.makeAsyncIterator()
            _ = try await iterator.next()
            try await Task.sleep(for: .milliseconds(1000))  // pings are answered meanwhile
            #expect(await connection.isUsable)
            etcd.signal(SIGSTOP)
            defer { etcd.signal(SIGCONT) }
            try await Task.sleep(for: .milliseconds(100))  // kill() returns before every thread stopped
            let start = ContinuousClock.now
            let error = await transportError { _ = try await iterator.next() }
            #expect(error?.kind == .keepAliveTimeout)
            #expect(ContinuousClock.now - start < .seconds(2))
            await connection.close()
        }

        @Test("connect failures: refused, timeout-free")
        func connectRefused() async throws {
            let port = LocalEtcd.freePort()
            let connection = HTTP2Connection(endpoint: Endpoint(host: "127.0.0.1", port: port), configuration: makeConfiguration())
            let error = await transportError { try await connection.connect() }
            #expect(error?.kind == .connectFailed)
            #expect(error?.requestDisposition == .notSent)
            await connection.close()
            let unresolvable = HTTP2Connection(
                endpoint: Endpoint(host: "no-such-host.invalid", port: 2379), configuration: makeConfiguration())
            let dns = await transportError { try await unresolvable.connect() }
            #expect(dns?.kind == .connectFailed)
            await unresolvable.close()
        }

        @Test("close fails open calls with .closed")
        func closeWithCallsOpen() async throws {
            let etcd = try await LocalEtcd()
            defer { etcd.stop() }
            let connection = HTTP2Connection(endpoint: try Endpoint(parsing: etcd.endpointString), configuration: makeConfiguration())
            try await connection.connect()
            let stream = try await connection.openStream(path: watchPath, metadata: [], timeout: nil)
            try await stream.send(Proto.watchCreate("k"))
            etcd.signal(SIGSTOP)
            defer { etcd.signal(SIGCONT) }
            try await Task.sleep(for: .milliseconds(100))  // kill() returns before every thread stopped
            let call = Task { try await connection.unary(path: rangePath, request: Proto.range("k"), metadata: [], timeout: nil) }
            try await Task.sleep(for: .milliseconds(200))
            await connection.close()
            let error = await transportError { _ = try await within(2) { try await call.value } }
            #expect(error?.kind == .closed)
            let streamError = await transportError { for try await _ in stream.messages {} }
            #expect(streamError?.kind == .closed)
        }
    }

}

extension RealEtcd {
    @Suite("TLS, flow control and stream limits against real etcd", .serialized, .timeLimit(.minutes(1)))
    struct TLSTests {
        @Test("TLS unary Put and Range", arguments: LocalEtcd.Version.allCases)
        func putRange(version: LocalEtcd.Version) async throws {
            let certificates = try TestCertificates.make()
            let etcd = try await LocalEtcd(version: version, tls: .init(certificates))
            defer { etcd.stop() }
            let pem = Array(try String(contentsOfFile: certificates.caCert, encoding: .utf8).utf8)
            try await withConnection(etcd, tls: TLSConfiguration(trustRoots: .pem(pem))) { connection in
                _ = try await connection.unary(path: putPath, request: Proto.put("t", [7]), metadata: [], timeout: .seconds(5))
                let response = try await connection.unary(path: rangePath, request: Proto.range("t"), metadata: [], timeout: .seconds(5))
                #expect(Proto.rangeValues(response) == [[7]])
                let error = await transportError {
                    _ = try await connection.unary(path: putPath, request: Proto.put("", [1]), metadata: [], timeout: .seconds(5))
                }
                #expect(error?.status.code == .invalidArgument)
            }
        }

        @Test("TLS failures: untrusted CA, wrong name; DNS name localhost works")
        func verification() async throws {
            let certificates = try TestCertificates.make()
            let etcd = try await LocalEtcd(tls: .init(certificates))
            defer { etcd.stop() }
            let endpoint = try Endpoint(parsing: etcd.endpointString)
            func connectError(_ tls: TLSConfiguration, _ endpoint: Endpoint) async -> TransportError? {
                let connection = HTTP2Connection(endpoint: endpoint, configuration: makeConfiguration(tls: tls))
                defer { Task { await connection.close() } }
                return await transportError { try await connection.connect() }
            }
            let untrusted = await connectError(TLSConfiguration(trustRoots: .file(certificates.otherCACert)), endpoint)
            guard case .tls(.verifyFailed(let reason))? = untrusted?.kind else {
                Issue.record("expected verifyFailed, got \(String(describing: untrusted))")
                return
            }
            #expect(reason.contains("local issuer"))
            #expect(untrusted?.requestDisposition == .notSent)
            let wrongName = await connectError(
                TLSConfiguration(trustRoots: .file(certificates.caCert), serverName: "wrong.example"), endpoint)
            #expect(wrongName?.kind == .tls(.hostnameMismatch))
            let unchecked = await connectError(
                TLSConfiguration(trustRoots: .file(certificates.caCert), serverName: "wrong.example", verifyHostname: false), endpoint)
            #expect(unchecked == nil)
            var byName = endpoint
            byName.host = "localhost"
            let named = await connectError(TLSConfiguration(trustRoots: .file(certificates.caCert)), byName)
            #expect(named == nil)
            // Plaintext client against a TLS server, and a world-readable key.
            chmod(certificates.clientKey, 0o644)
            let readable = await connectError(
                TLSConfiguration(
                    trustRoots: .file(certificates.caCert), certificateChain: .file(certificates.clientCert),
                    privateKey: .file(certificates.clientKey)),
                endpoint)
            guard case .tls(.invalidConfiguration)? = readable?.kind else {
                Issue.record("expected invalidConfiguration, got \(String(describing: readable))")
                return
            }
        }

        @Test("mTLS: with a client certificate works, without one is rejected")
        func mutualTLS() async throws {
            let certificates = try TestCertificates.make()
            let etcd = try await LocalEtcd(
                tls: .init(certificates, requireClientCertificate: true))
            defer { etcd.stop() }
            let keyPEM = Array(try String(contentsOfFile: certificates.clientKey, encoding: .utf8).utf8)
            let mtls = TLSConfiguration(
                trustRoots: .file(certificates.caCert), certificateChain: .file(certificates.clientCert), privateKey: .pem(keyPEM))
            try await withConnection(etcd, tls: mtls) { connection in
                _ = try await connection.unary(path: putPath, request: Proto.put("m", [1]), metadata: [], timeout: .seconds(5))
            }
            let chainPEM = Array(try String(contentsOfFile: certificates.clientCert, encoding: .utf8).utf8)
            let inMemory = TLSConfiguration(
                trustRoots: .file(certificates.caCert), certificateChain: .pem(chainPEM), privateKey: .file(certificates.clientKey))
            try await withConnection(etcd, tls: inMemory) { connection in
                _ = try await connection.unary(path: rangePath, request: Proto.range("m"), metadata: [], timeout: .seconds(5))
            }
            let connection = HTTP2Connection(
                endpoint: try Endpoint(parsing: etcd.endpointString),
                configuration: makeConfiguration(tls: TLSConfiguration(trustRoots: .file(certificates.caCert))))
            let error = await transportError { try await connection.connect() }
            guard case .tls(.peerRejectedCertificate)? = error?.kind else {
                Issue.record("expected peerRejectedCertificate, got \(String(describing: error))")
                await connection.close()
                return
            }
            #expect(await connection.isUsable == false)
            await connection.close()
        }

        @Test("a slow stream consumer applies back-pressure; unary calls continue", arguments: [false, true])
        func backPressure(tls: Bool) async throws {
            let certificates = tls ? try TestCertificates.make() : nil
            let etcd = try await LocalEtcd(tls: certificates.map { .init($0) })
            defer { etcd.stop() }
            try await withConnection(etcd, tls: certificates.map { TLSConfiguration(trustRoots: .file($0.caCert)) }) { connection in
                let stream = try await connection.openStream(path: watchPath, metadata: [], timeout: nil)
                try await stream.send(Proto.watchCreate("bp"))
                var iterator = stream.messages.makeAsyncIterator()
                _ = try await iterator.next()  // created
                let value = [UInt8](repeating: 0x42, count: 100_000)
                for _ in 0..<40 {
                    _ = try await connection.unary(path: putPath, request: Proto.put("bp", value), metadata: [], timeout: .seconds(5))
                }
                try await Task.sleep(for: .milliseconds(300))
                // 4 MB of events were produced; at most about one 1 MiB window is buffered.
                #expect(stream.bufferedByteCount <= (1 << 20) + 200_000)
                _ = try await connection.unary(path: rangePath, request: Proto.range("bp"), metadata: [], timeout: .seconds(5))
                var events = 0
                while events < 40 {
                    guard let message = try await iterator.next() else { break }
                    events += Proto.watchEventKeys(message).count
                }
                #expect(events == 40)
                // A single message larger than the stream window still arrives.
                let big = [UInt8](repeating: 0x43, count: 1_400_000)
                _ = try await connection.unary(path: putPath, request: Proto.put("bp", big), metadata: [], timeout: .seconds(5))
                let last = try await iterator.next()
                #expect(last.map(Proto.watchEventKeys) == ["bp"])
                #expect((last?.count ?? 0) > 1_400_000)
                stream.cancel()
            }
        }

        @Test("few concurrent streams: nghttp2 queues calls beyond the server's limit")
        func fewConcurrentStreams() async throws {
            let etcd = try await LocalEtcd(extraArguments: ["--max-concurrent-streams", "4"])
            defer { etcd.stop() }
            try await withConnection(etcd) { connection in
                let watch = try await connection.openStream(path: watchPath, metadata: [], timeout: nil)
                try await watch.send(Proto.watchCreate("f"))
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for i in 0..<60 {
                        group.addTask {
                            _ = try await connection.unary(
                                path: putPath, request: Proto.put("f\(i)", [1]), metadata: [], timeout: .seconds(10))
                        }
                    }
                    try await group.waitForAll()
                }
                watch.cancel()
            }
        }

        @Test("a TLS server without ALPN h2 is refused before the preface")
        func noALPN() async throws {
            let certificates = try TestCertificates.make()
            let port = LocalEtcd.freePort()
            let server = Process()
            server.executableURL = URL(fileURLWithPath: LocalEtcd.openssl)
            server.arguments = [
                "s_server", "-accept", "127.0.0.1:\(port)", "-cert", certificates.serverCert, "-key", certificates.serverKey, "-quiet",
            ]
            server.standardInput = Pipe()
            server.standardOutput = FileHandle.nullDevice
            server.standardError = FileHandle.nullDevice
            try server.run()
            defer {
                kill(server.processIdentifier, SIGKILL)
                server.waitUntilExit()
            }
            let tls = TLSConfiguration(trustRoots: .file(certificates.caCert))
            var error: TransportError?
            for _ in 0..<50 {  // until s_server listens
                let connection = HTTP2Connection(
                    endpoint: Endpoint(host: "127.0.0.1", port: port), configuration: makeConfiguration(tls: tls))
                error = await transportError { try await connection.connect() }
                await connection.close()
                if error?.kind != .connectFailed { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(error?.kind == .tls(.alpnNotNegotiated))
        }
    }
}
