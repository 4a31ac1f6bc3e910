import Etcd3TestSupport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite("fault proxy", .serialized, .timeLimit(.minutes(3)))
struct FaultProxyTests {
    @Test("forwards HTTP to an etcd member's metrics port")
    func forwardsToEtcd() async throws {
        try await withEtcdCluster { cluster in
            try await withFaultProxy(targetPort: cluster[0].metricsPort) { proxy in
                let client = try TestClient(port: proxy.port)
                #expect(client.send("GET /health HTTP/1.0\r\n\r\n"))
                var response = [UInt8]()
                while case .data(let bytes) = client.receive(timeout: .seconds(2)) { response += bytes }
                let text = String(decoding: response, as: UTF8.self)
                #expect(text.contains("\"health\":\"true\""), "\(text)")
                #expect(proxy.stats.acceptedConnections == 1)
                #expect(proxy.stats.bytesForwardedToClients == response.count)
            }
        }
    }

    @Test("a port in use: a proxy asked for it fails with a socket error that says so")
    func portInUse() throws {
        let server = try EchoServer()
        defer { server.stop() }
        let first = try EtcdFaultProxy(targetPort: server.port)
        defer { first.stop() }
        #expect {
            _ = try EtcdFaultProxy(targetPort: server.port, port: first.port)
        } throws: { error in
            guard let error = error as? EtcdTestSupportError else { return false }
            // The text an automatically chosen port's retry looks for.
            return error.code == .socket && error.message.hasSuffix(String(cString: strerror(EADDRINUSE)))
        }
    }

    @Test("forwards both ways and counts bytes")
    func echo() async throws {
        let server = try EchoServer()
        defer { server.stop() }
        try await withFaultProxy(targetPort: server.port) { proxy in
            let client = try TestClient(port: proxy.port)
            let payload = [UInt8]((0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 7) })
            #expect(client.send(payload))
            #expect(client.receive(count: payload.count, timeout: .seconds(5)) == payload)
            // Counters move right after each send; the client may read the bytes first.
            #expect(await eventually { proxy.stats.bytesForwardedToClients == payload.count })
            let stats = proxy.stats
            #expect(stats.bytesForwardedToServer == payload.count)
            #expect(stats.bytesReceivedFromClients == payload.count)
            #expect(stats.activeConnections == 1)
        }
    }

    @Test("blackhole discards bytes and keeps TCP open; heal restores traffic")
    func blackhole() async throws {
        let server = try EchoServer()
        defer { server.stop() }
        try await withFaultProxy(targetPort: server.port) { proxy in
            let client = try TestClient(port: proxy.port)
            proxy.blackhole(.both)
            #expect(client.send("lost"))
            #expect(client.receive(timeout: .milliseconds(300)) == .timedOut)
            #expect(await eventually { proxy.stats.bytesDiscardedClientToServer == 4 })
            #expect(proxy.stats.activeConnections == 1)
            proxy.heal()
            #expect(client.send("back"))
            #expect(client.receive(count: 4, timeout: .seconds(2)) == Array("back".utf8))

            proxy.blackhole(.serverToClient)
            #expect(client.send("half"))
            #expect(client.receive(timeout: .milliseconds(300)) == .timedOut)
            #expect(await eventually { server.bytesReceived == 8 })
            #expect(await eventually { proxy.stats.bytesDiscardedServerToClient == 4 })
        }
    }

    @Test("a FIN does not pass a blackhole, but follows once healed")
    func finThroughBlackhole() async throws {
        let server = try EchoServer()
        defer { server.stop() }
        try await withFaultProxy(targetPort: server.port) { proxy in
            let client = try TestClient(port: proxy.port)
            #expect(client.send("a"))
            #expect(client.receive(count: 1, timeout: .seconds(2)) == Array("a".utf8))
            proxy.blackhole(.clientToServer)
            client.shutdownWrite()
            try await Task.sleep(for: .milliseconds(200))
            #expect(server.closesSeen == 0)
            proxy.heal()
            #expect(await eventually { server.closesSeen == 1 })
            let outcome = client.receive(timeout: .seconds(2))
            #expect(outcome == .endOfStream, "\(proxy.events) \(proxy.stats)")
        }
    }

    @Test("delay holds bytes and keeps their order, with seeded jitter")
    func delay() async throws {
        let server = try EchoServer()
        defer { server.stop() }
        try await withFaultProxy(targetPort: server.port, seed: 42) { proxy in
            let client = try TestClient(port: proxy.port)
            proxy.delay(.clientToServer, by: .milliseconds(150))
            let clock = ContinuousClock()
            let start = clock.now
            #expect(client.send("ping"))
            #expect(client.receive(count: 4, timeout: .seconds(2)) == Array("ping".utf8))
            #expect(clock.now - start >= .milliseconds(150))

            proxy.delay(.both, by: .milliseconds(20), jitter: .milliseconds(15))
            var expected = [UInt8]()
            for i in 0..<40 {
                let message = Array("<\(i)>".utf8)
                expected += message
                #expect(client.send(message))
                try await Task.sleep(for: .milliseconds(2))
            }
            #expect(client.receive(count: expected.count, timeout: .seconds(5)) == expected)
        }
    }

    @Test("pause applies back-pressure; resume delivers everything")
    func pause() async throws {
        let server = try EchoServer()
        defer { server.stop() }
        try await withFaultProxy(targetPort: server.port) { proxy in
            let client = try TestClient(port: proxy.port)
            proxy.pause(.clientToServer)
            let chunk = [UInt8](repeating: 0x61, count: 65_536)
            var sent = 0
            var stalled = false
            for _ in 0..<2_000 {
                let n = client.sendNonBlocking(chunk)
                sent += n
                if n == 0 {
                    stalled = true
                    break
                }
            }
            #expect(stalled, "the sender never blocked after \(sent) bytes")
            #expect(server.bytesReceived == 0)
            proxy.resume(.clientToServer)
            #expect(client.receive(count: sent, timeout: .seconds(10)).count == sent)
        }
    }

    @Test("throttle caps the forwarding rate")
    func throttle() async throws {
        let server = try EchoServer()
        defer { server.stop() }
        try await withFaultProxy(targetPort: server.port) { proxy in
            let client = try TestClient(port: proxy.port)
            proxy.throttle(.serverToClient, bytesPerSecond: 100_000)
            let payload = [UInt8](repeating: 0x62, count: 50_000)
            let clock = ContinuousClock()
            let start = clock.now
            #expect(client.send(payload))
            #expect(client.receive(count: payload.count, timeout: .seconds(5)).count == payload.count)
            let elapsed = clock.now - start
            #expect(elapsed >= .milliseconds(400), "\(elapsed)")
        }
    }

    @Test("dropConnections(.rst) resets both ends", arguments: [EtcdFaultProxy.DropMode.rst, .fin])
    func drop(mode: EtcdFaultProxy.DropMode) async throws {
        let server = try EchoServer()
        defer { server.stop() }
        try await withFaultProxy(targetPort: server.port) { proxy in
            let client = try TestClient(port: proxy.port)
            #expect(client.send("x"))
            #expect(client.receive(count: 1, timeout: .seconds(2)) == Array("x".utf8))
            proxy.dropConnections(mode)
            let outcome = client.receive(timeout: .seconds(2))
            #expect(outcome == (mode == .rst ? .reset : .endOfStream))
            if mode == .rst {
                #expect(await eventually { server.resetsSeen == 1 })
            } else {
                #expect(await eventually { server.closesSeen == 1 })
            }
            #expect(proxy.stats.droppedConnections == 1)
            let log = proxy.events.map(\.description)
            #expect(log.contains("accepted"))
            #expect(log.contains("dropConnections(\(mode)) of 1"), "\(log)")
            #expect(log.contains("dropped with \(mode)"), "\(log)")
            #expect(proxy.stats.activeConnections == 0)
            // New connections still work.
            let again = try TestClient(port: proxy.port)
            #expect(again.send("y"))
            #expect(again.receive(count: 1, timeout: .seconds(2)) == Array("y".utf8))
        }
    }

    @Test("refuseNewConnections closes the listener; acceptNewConnections reopens the same port")
    func refuseAndAccept() async throws {
        let server = try EchoServer()
        defer { server.stop() }
        try await withFaultProxy(targetPort: server.port) { proxy in
            let open = try TestClient(port: proxy.port)
            // Make sure it was accepted: connections still in the backlog are reset with the listener.
            #expect(open.send("a"))
            #expect(open.receive(count: 1, timeout: .seconds(2)) == Array("a".utf8))
            proxy.refuseNewConnections()
            #expect(!proxy.isAcceptingConnections)
            // A process being spawned elsewhere may hold a copy of the listener for a moment.
            #expect(await eventually { (try? TestClient(port: proxy.port)) == nil })
            // Open connections keep working.
            #expect(open.send("z"))
            #expect(open.receive(count: 1, timeout: .seconds(2)) == Array("z".utf8))
            try proxy.acceptNewConnections()
            #expect(proxy.isAcceptingConnections)
            let client = try TestClient(port: proxy.port)
            #expect(client.send("w"))
            #expect(client.receive(count: 1, timeout: .seconds(2)) == Array("w".utf8))
        }
    }

    @Test("pauseAccepting leaves clients connected but unserved; delayNewConnections holds them")
    func acceptControls() async throws {
        let server = try EchoServer()
        defer { server.stop() }
        try await withFaultProxy(targetPort: server.port) { proxy in
            proxy.pauseAccepting()
            let waiting = try TestClient(port: proxy.port)  // completes in the kernel's backlog
            #expect(waiting.send("q"))
            #expect(waiting.receive(timeout: .milliseconds(300)) == .timedOut)
            #expect(proxy.stats.acceptedConnections == 0)
            proxy.resumeAccepting()
            #expect(waiting.receive(count: 1, timeout: .seconds(2)) == Array("q".utf8))

            proxy.delayNewConnections(by: .milliseconds(300))
            let clock = ContinuousClock()
            let start = clock.now
            let slow = try TestClient(port: proxy.port)
            #expect(slow.send("s"))
            #expect(slow.receive(count: 1, timeout: .seconds(2)) == Array("s".utf8))
            #expect(clock.now - start >= .milliseconds(300))
            proxy.delayNewConnections(by: .zero)
        }
    }

    @Test("tap records each direction of new connections")
    func tap() async throws {
        let server = try EchoServer()
        defer { server.stop() }
        let directory = NSTemporaryDirectory() + "etcd3-tap-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await withFaultProxy(targetPort: server.port) { proxy in
            proxy.tap(into: directory)
            let client = try TestClient(port: proxy.port)
            #expect(client.send("hello tap"))
            #expect(client.receive(count: 9, timeout: .seconds(2)) == Array("hello tap".utf8))
            proxy.tap(into: nil)
            proxy.dropConnections(.fin)
        }
        let c2s = FileManager.default.contents(atPath: directory + "/conn-0-c2s.bin")
        let s2c = FileManager.default.contents(atPath: directory + "/conn-0-s2c.bin")
        #expect(c2s.map { Array($0) } == Array("hello tap".utf8))
        #expect(s2c.map { Array($0) } == Array("hello tap".utf8))
    }

    @Test("a target that refuses is reported as a reset to the client")
    func targetDown() async throws {
        let proxy = try EtcdFaultProxy(targetPort: 1)
        defer { proxy.stop() }
        let client = try TestClient(port: proxy.port)
        let outcome = client.receive(timeout: .seconds(3))
        #expect(outcome == .reset || outcome == .endOfStream)
        #expect(await eventually { proxy.stats.failedConnections == 1 })
    }

    @Test("stop closes every socket and ends every thread")
    func stopLeaksNothing() async throws {
        let server = try EchoServer()
        defer { server.stop() }
        // Other suites run meanwhile and open descriptors too: compare over many cycles, where a leak of
        // even one descriptor per proxy would stand out.
        let cycles = 15
        let fdsBefore = openFileDescriptorCount()
        var stopped: [EtcdFaultProxy] = []
        for _ in 0..<cycles {
            let proxy = try EtcdFaultProxy(targetPort: server.port)
            stopped.append(proxy)
            var clients = [TestClient]()
            for _ in 0..<3 {
                let client = try TestClient(port: proxy.port)
                #expect(client.send("k"))
                #expect(client.receive(count: 1, timeout: .seconds(2)) == Array("k".utf8))
                clients.append(client)
            }
            #expect(proxy.stats.activeConnections == 3)
            proxy.stop()
            #expect(proxy.stats.activeConnections == 0)
            #expect(!proxy.isAcceptingConnections)
            for client in clients {
                #expect(client.receive(timeout: .seconds(2)) == .endOfStream)
            }
            // A process being spawned elsewhere may hold a copy of the listener for a moment.
            #expect(await eventually { (try? TestClient(port: proxy.port)) == nil })
        }
        #expect(await eventually { stopped.allSatisfy { $0.liveThreadCount == 0 } })
        #expect(await eventually { openFileDescriptorCount() < fdsBefore + cycles })
    }
}
