import Etcd3TestSupport
import Foundation
import Logging
import ServiceLifecycle
import Testing

@testable import Etcd3

/// Holds the lease a `withLease` scope was granted until the group shuts down.
private struct LeaseHoldingService: Service {
    let client: Etcd3Client
    let key: EtcdBytes
    let granted: GrantedLeaseID

    func run() async throws {
        try await client.withLease(ttl: .seconds(60)) { lease in
            try await client.put(key, "up", lease: lease.id)
            granted.withLock { $0 = lease.id }
            try? await gracefulShutdown()
        }
    }
}

@Suite("A client made with init(startingInRun:) takes calls only while run() runs, and run() hosts its work", .timeLimit(.minutes(3)))
struct ClientStartingInRunTests {
    @Test("calls before run() starts wait for it within their deadline, then fail with notRunning; nothing is sent")
    func callsBeforeRunWaitThenFail() async throws {
        // A proxy that counts connections: nothing may reach it.
        let cluster = try await ServerUnderTest.plaintext[0].cluster()
        let proxy = try EtcdFaultProxy(inFrontOf: cluster[0])
        defer { proxy.stop() }
        var configuration = Etcd3Client.Configuration(endpoints: [proxy.endpoint])
        configuration.requestTimeout = .milliseconds(300)
        let client = try Etcd3Client(startingInRun: configuration)
        let start = ContinuousClock.now
        await expectError(.notRunning) { _ = try await client.get("/before-run/k") }
        let waited = ContinuousClock.now - start
        #expect(waited >= .milliseconds(300) && waited < .seconds(2), "the get waited \(waited)")
        await expectError(.notRunning) { try await client.put("/before-run/k", "v", timeout: .milliseconds(50)) }
        await expectError(.notRunning) { _ = try await client.grantLease(ttl: .seconds(10), timeout: .milliseconds(50)) }
        await expectError(.notRunning) {
            for try await _ in client.snapshot() { break }
        }
        await expectError(.notRunning) {
            for try await _ in client.electionService.observe("/before-run/e") { break }
        }
        await expectError(.notRunning) { _ = try await client.lock("/before-run/lock", ttl: .seconds(10), timeout: .milliseconds(50)) }
        #expect(proxy.stats.acceptedConnections == 0, "the client connected before run(): \(proxy.stats)")
        // Closing a client that never ran ends at once, and leaves it closed.
        await client.close()
        await expectError(.closed) { _ = try await client.get("/before-run/k") }
        try await client.run()
    }

    @Test("a call waiting for run() ends with cancelled when its task is cancelled, and with closed when the client is closed")
    func callsWaitingForRunEnd() async throws {
        var configuration = Etcd3Client.Configuration(endpoints: ["127.0.0.1:1"])
        configuration.requestTimeout = .seconds(30)
        let client = try Etcd3Client(startingInRun: configuration)
        let cancelled = Task { _ = try await client.get("/waiting/k") }
        let closedWhileWaiting = Task { _ = try await client.get("/waiting/k") }
        try await Task.sleep(for: .milliseconds(100))
        cancelled.cancel()
        await expectError(.cancelled) { try await cancelled.value }
        let start = ContinuousClock.now
        await client.close()
        await expectError(.closed) { try await closedWhileWaiting.value }
        #expect(ContinuousClock.now - start < .seconds(5), "the waiting call did not end at the close")
    }

    @Test(
        "a call and a watch made before run() starts go ahead once it does (services of one ServiceGroup start in any order)",
        arguments: ServerUnderTest.plaintext)
    func callsBeforeRunGoAheadWhenItStarts(server: ServerUnderTest) async throws {
        let cluster = try await server.cluster()
        let client = try Etcd3Client(startingInRun: ServerUnderTest.configuration(for: cluster))
        let key: EtcdBytes = "/before-run-then-run/\(UInt64.random(in: 0...UInt64.max))"
        try await withThrowingTaskGroup(of: Void.self) { group in
            let watching = Task { () throws(EtcdError) -> EtcdWatchEvent? in
                var events = client.watch(key).makeAsyncIterator()
                return try await events.next()
            }
            let putting = Task { try await client.put(key, "v") }
            try await Task.sleep(for: .milliseconds(300))
            group.addTask { try await client.run() }
            _ = try await waitFor(putting, within: .seconds(10), "the put made before run()")
            // The watch is created on the server once run() runs its driver, before or after
            // the put: it sees the put, or one of the later ones made until it reports.
            let writer = Task {
                while !Task.isCancelled {
                    try await client.put(key, "w")
                    try await Task.sleep(for: .milliseconds(100))
                }
            }
            defer { writer.cancel() }
            let event = try await waitFor(watching, within: .seconds(10), "the watch made before run()")
            #expect(event?.kv.value == "v" || event?.kv.value == "w")
            writer.cancel()
            _ = await writer.result
            await client.close()
            try await group.waitForAll()
        }
        try await withEtcd3Client(configuration: ServerUnderTest.configuration(for: cluster)) { other in
            _ = try await other.delete(key)
        }
    }

    @Test("run() lets calls in; once it returned, calls fail with closed", arguments: ServerUnderTest.plaintext)
    func runLetsCallsIn(server: ServerUnderTest) async throws {
        let cluster = try await server.cluster()
        let client = try Etcd3Client(startingInRun: ServerUnderTest.configuration(for: cluster))
        let key: EtcdBytes = "/starting-in-run/\(UInt64.random(in: 0...UInt64.max))"
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await client.run() }
            // (A call made before run() let calls in waits for it.)
            try await client.put(key, "v")
            #expect(try await client.get(key)?.value == "v")
            // (From the put's revision: the watch starts on the first next().)
            let put = try await client.put(key, "w")
            var events = client.watch(key, options: .init(startRevision: put.header.revision)).makeAsyncIterator()
            let event = try await events.next()
            #expect(event?.kv.value == "w")
            await client.close()
            try await group.waitForAll()
        }
        await expectError(.closed) { _ = try await client.get(key) }
        // The key is left for the next run of the test to overwrite; delete it with another client.
        try await withEtcd3Client(configuration: ServerUnderTest.configuration(for: cluster)) { other in
            _ = try await other.delete(key)
        }
    }

    @Test(
        "a ServiceGroup's graceful shutdown revokes the scoped lease and run() returns with nothing left running",
        arguments: ServerUnderTest.plaintext)
    func serviceGroupShutdownRevokesLeases(server: ServerUnderTest) async throws {
        let cluster = try await server.cluster()
        let observer = try await Etcd3Client(configuration: ServerUnderTest.configuration(for: cluster))
        defer { Task { await observer.close() } }
        let client = try Etcd3Client(startingInRun: ServerUnderTest.configuration(for: cluster))
        let key: EtcdBytes = "/starting-in-run-group/\(UInt64.random(in: 0...UInt64.max))"
        let holder = LeaseHoldingService(client: client, key: key, granted: GrantedLeaseID())
        let group = ServiceGroup(
            services: [client, holder], logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            _ = try await GrantedLeaseID.waitForAll([holder.granted])
            let start = ContinuousClock.now
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            let shutdown = ContinuousClock.now - start
            print("ServiceGroup with init(startingInRun:): shut down in \(shutdown)")
            #expect(shutdown < .seconds(5))
            #expect(client.core.background.hasEnded)
            #expect(client.core.background.runningJobs == 0)
        }
        let id = try #require(holder.granted.withLock { $0 })
        #expect(try await observer.leaseTimeToLive(id) == nil, "the scoped lease \(id) is still on the server")
        #expect(try await observer.get(key) == nil)
        await expectError(.closed) { _ = try await client.get(key) }
    }

    @Test(
        "cancelling run()'s task revokes the leases of open withLease scopes and sessions, whether or not their tasks are cancelled too",
        arguments: ServerUnderTest.plaintext, [false, true])
    func cancellingRunRevokesScopedLeases(server: ServerUnderTest, scopesCancelledToo: Bool) async throws {
        let cluster = try await server.cluster()
        let observer = try await Etcd3Client(configuration: ServerUnderTest.configuration(for: cluster))
        defer { Task { await observer.close() } }
        let client = try Etcd3Client(startingInRun: ServerUnderTest.configuration(for: cluster))
        let scoped = GrantedLeaseID()
        let session = GrantedLeaseID()
        // run() in its own task, so it can be cancelled alone.
        let running = Task { try await client.run() }
        let start = try await withThrowingTaskGroup(of: Void.self) { scopes in
            scopes.addTask {
                try await client.withLease(ttl: .seconds(60)) { lease in
                    scoped.withLock { $0 = lease.id }
                    try await Task.sleep(for: .seconds(120))
                }
            }
            scopes.addTask {
                try await client.withSession(ttl: .seconds(60)) { opened in
                    session.withLock { $0 = opened.lease }
                    try await Task.sleep(for: .seconds(120))
                }
            }
            _ = try await GrantedLeaseID.waitForAll([scoped, session])
            let start = ContinuousClock.now
            running.cancel()
            if scopesCancelledToo { scopes.cancelAll() }
            // The scopes end: cancelled, or with the client's close.
            while let result = await scopes.nextResult() {
                if case .failure(let error as EtcdError) = result {
                    #expect(error.code == .closed || error.code == .cancelled, "\(error)")
                }
            }
            return start
        }
        _ = try await waitFor(running, within: .seconds(10), "the cancelled run()")
        let returned = ContinuousClock.now - start
        print("run() cancelled with open scopes (scopes cancelled too: \(scopesCancelledToo)): returned in \(returned)")
        #expect(returned < .seconds(5))
        #expect(client.core.background.hasEnded)
        #expect(client.core.background.runningJobs == 0)
        for (what, id) in [("withLease", scoped.withLock { $0 }), ("session", session.withLock { $0 })] {
            let id = try #require(id)
            #expect(try await observer.leaseTimeToLive(id) == nil, "the \(what) lease \(id) is still on the server")
        }
    }

    @Test("cancelling run() closes the client at once; a second run() only waits for the close", arguments: ServerUnderTest.plaintext)
    func cancellingRunClosesAtOnce(server: ServerUnderTest) async throws {
        let cluster = try await server.cluster()
        let client = try Etcd3Client(startingInRun: ServerUnderTest.configuration(for: cluster))
        let key: EtcdBytes = "/starting-in-run-cancel/\(UInt64.random(in: 0...UInt64.max))"
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await client.run() }
            group.addTask {
                // A second run() does not host anything; it returns when the client closes.
                try await Task.sleep(for: .milliseconds(50))
                try await client.run()
            }
            // A watch runs in the background work that run() hosts.
            // (From the put's revision: the watch starts on the first next().)
            let put = try await client.put(key, "v")
            var events = client.watch(key, options: .init(startRevision: put.header.revision)).makeAsyncIterator()
            _ = try await events.next()
            #expect(client.core.background.runningJobs > 0, "no background job runs with a watch open")
            let start = ContinuousClock.now
            group.cancelAll()
            while let result = await group.nextResult() { _ = result }
            let shutdown = ContinuousClock.now - start
            print("run() of a client made with init(startingInRun:) cancelled: returned in \(shutdown)")
            #expect(shutdown < .seconds(5))
            // The background work was run()'s child task group: it has ended with run().
            #expect(client.core.background.hasEnded)
            #expect(client.core.background.runningJobs == 0)
            do {
                while try await events.next() != nil {}
                Issue.record("the watch ended without an error")
            } catch let error as EtcdError {
                #expect(error.code == .cancelled || error.code == .closed, "\(error)")
            }
        }
        await expectError(.closed) { _ = try await client.get(key) }
    }
}
