import Etcd3TestSupport
import Testing

@testable import Etcd3

@Suite("Watch against real etcd", .timeLimit(.minutes(2)))
struct WatchTests {
    @Test("key, prefix, prevKV, filters, deletes", arguments: ServerUnderTest.all)
    func basics(server: ServerUnderTest) async throws {
        try await server.withClient { client, ns in
            let single = client.watch(ns + "k", options: EtcdWatchOptions(prevKV: true))
            let prefix = client.watchPrefix(ns + "p/", options: EtcdWatchOptions(filterDeletes: true))
            try await waitForCreates(client, watchers: 2)
            try await client.put(ns + "k", "1")
            try await client.put(ns + "k", "2")
            try await client.delete(ns + "k")
            try await client.put(ns + "p/a", "x")
            try await client.delete(ns + "p/a")
            try await client.put(ns + "p/b", "y")

            var events: [EtcdWatchEvent] = []
            for try await event in single {
                events.append(event)
                if events.count == 3 { break }
            }
            #expect(events.map(\.kind) == [.put, .put, .delete])
            #expect(events.map(\.kv.value) == ["1", "2", ""])
            #expect(events[1].prevKV?.value == "1")
            #expect(events[0].revision < events[1].revision && events[1].revision < events[2].revision)

            var prefixed: [EtcdWatchEvent] = []
            for try await event in prefix {
                prefixed.append(event)
                if prefixed.count == 2 { break }
            }
            #expect(prefixed.map(\.kv.key) == [ns + "p/a", ns + "p/b"])
            #expect(prefixed.allSatisfy { $0.kind == .put })
        }
    }

    @Test("history from a start revision, many watchers on one stream", arguments: ServerUnderTest.plaintext)
    func historyAndMany(server: ServerUnderTest) async throws {
        try await server.withClient { client, ns in
            let first = try await client.put(ns + "h", "0").header.revision
            for i in 1...20 { try await client.put(ns + "h", "\(i)") }
            var values: [EtcdBytes] = []
            for try await event in client.watch(ns + "h", options: EtcdWatchOptions(startRevision: first)) {
                values.append(event.kv.value)
                if values.count == 21 { break }
            }
            #expect(values == (0...20).map { EtcdBytes("\($0)") })

            let watchers = (0..<50).map { client.watch(ns + "m/\($0)") }
            try await waitForCreates(client, watchers: 50)
            for i in 0..<50 { try await client.put(ns + "m/\(i)", "v\(i)") }
            for (i, watcher) in watchers.enumerated() {
                for try await event in watcher {
                    #expect(event.kv.value == "v\(i)")
                    break
                }
            }
        }
    }

    @Test("compaction ends the watch with its revision", arguments: ServerUnderTest.plaintext)
    func compacted(server: ServerUnderTest) async throws {
        try await server.withClient(dedicated: true) { client, ns in
            let first = try await client.put(ns + "c", "1").header.revision
            let last = try await client.put(ns + "c", "2").header.revision
            try await client.compact(last)
            do {
                for try await _ in client.watch(ns + "c", options: EtcdWatchOptions(startRevision: first)) {}
                Issue.record("a watch from a compacted revision must fail")
            } catch let error as EtcdError {
                #expect(error.code == .compacted)
                #expect(error.compactRevision == last)
            }
        }
    }

    @Test("watchOnce, progress, empty key", arguments: ServerUnderTest.plaintext)
    func onceAndProgress(server: ServerUnderTest) async throws {
        try await server.withClient { client, ns in
            await expectError(.deadlineExceeded) {
                _ = try await client.watchOnce(ns + "quiet", timeout: .milliseconds(300))
            }
            async let event = client.watchPrefixOnce(ns + "o/", timeout: .seconds(10))
            try await waitForCreates(client, watchers: 1)
            try await client.put(ns + "o/1", "x")
            #expect(try await event.kv.key == ns + "o/1")
            await expectError(.invalidArgument) {
                for try await _ in client.watch("") {}
            }
        }
        try await withEtcdCluster(members: 1, binary: server.binary, profile: .fast) { cluster in
            let client = try await Etcd3Client(configuration: ServerUnderTest.configuration(for: cluster))
            let watch = client.watch("/progress", options: EtcdWatchOptions(progressNotify: true))
            var progressed = false
            for try await update in watch.updates {
                if case .progress = update {
                    progressed = true
                    break
                }
            }
            #expect(progressed)
            await client.close()
        }
    }

    @Test("a watch resumes across a server restart without loss or repeats", arguments: ServerUnderTest.plaintext)
    func resumeAfterRestart(server: ServerUnderTest) async throws {
        try await withEtcdCluster(members: 1, binary: server.binary, profile: .fast) { cluster in
            var configuration = ServerUnderTest.configuration(for: cluster)
            configuration.requestTimeout = .seconds(15)
            let client = try await Etcd3Client(configuration: configuration)
            let start = try await client.put("/r/0", "0").header.revision
            let collector = Task {
                var seen: [Int64] = []
                for try await event in client.watchPrefix("/r/", options: EtcdWatchOptions(startRevision: start)) {
                    seen.append(event.revision)
                    if seen.count == 61 { break }
                }
                return seen
            }
            for i in 1...30 { try await client.put("/r/\(i)", "\(i)") }
            await cluster[0].kill()
            try await cluster[0].restart()
            for i in 31...60 { try await client.put("/r/\(i)", "\(i)") }
            let seen = try await collector.value
            #expect(seen == Array(start...(start + 60)))
            await client.close()
        }
    }

    @Test("cancelled watches leave no watcher on the server", arguments: ServerUnderTest.plaintext)
    func noLeaks(server: ServerUnderTest) async throws {
        try await withEtcdCluster(members: 1, binary: server.binary) { cluster in
            let client = try await Etcd3Client(configuration: ServerUnderTest.configuration(for: cluster))
            func watchers() async throws -> Double {
                try await cluster.metrics(member: 0)["etcd_debugging_mvcc_watcher_total"] ?? -1
            }
            let baseline = try await watchers()
            let tasks = (0..<20).map { i in
                Task { for try await _ in client.watch("/leak/\(i)") {} }
            }
            // Creates go one at a time; on a loaded machine that takes a moment.
            let created = ContinuousClock.now + .seconds(10)
            while try await watchers() < baseline + 20, ContinuousClock.now < created {
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(try await watchers() == baseline + 20)
            for task in tasks { task.cancel() }
            let deadline = ContinuousClock.now + .seconds(5)
            while try await watchers() != baseline, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(try await watchers() == baseline)
            await client.close()
        }
    }

    /// A server with a 2,048-byte request limit fragments watch responses over that limit plus
    /// its 512 KiB allowance for gRPC overhead: a catch-up of 800 values of 1,800 bytes (about
    /// 1.4 MiB) arrives in fragments of at most about 514 KiB, each under the client's 1 MiB
    /// receive limit, but over it once joined.
    @Test(
        "a fragmented response over the receive limit ends its watch with responseTooLarge; another watch goes on",
        arguments: ServerUnderTest.plaintext)
    func fragmentsOverTheReceiveLimit(server: ServerUnderTest) async throws {
        try await withEtcdCluster(members: 1, binary: server.binary, extraArguments: ["--max-request-bytes", "2048"]) {
            cluster in
            var configuration = ServerUnderTest.configuration(for: cluster)
            configuration.maxReceiveMessageBytes = 1 << 20
            try await withEtcd3Client(configuration: configuration) { client in
                let ns = EtcdBytes("/fragments/")
                let value = EtcdBytes([UInt8](repeating: 0x61, count: 1800))
                let first = try await client.put(ns + "big/0", value)
                for i in 1..<800 { try await client.put(ns + "big/\(i)", value) }
                let large = WatchRecorder()
                let other = WatchRecorder()
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { await other.consume(client.watchPrefix(ns + "small/")) }
                    try await waitForCreates(client, watchers: 1)
                    group.addTask {
                        await large.consume(
                            client.watchPrefix(ns + "big/", options: EtcdWatchOptions(startRevision: first.header.revision)))
                    }
                    let ended = await large.wait(timeout: .seconds(20)) { $0.hasEnded }
                    #expect(ended, "the watch over the limit did not end within 20 s")
                    let error = large.ending as? EtcdError
                    #expect(error?.code == .responseTooLarge, "\(String(describing: large.ending))")
                    #expect(error?.limit == 1 << 20)
                    #expect(large.eventCount == 0)
                    try await client.put(ns + "small/a", "1")
                    let delivered = await other.wait(timeout: .seconds(20)) { $0.eventCount == 1 }
                    #expect(delivered, "the other watch got \(other.eventCount) events, ended: \(other.hasEnded)")
                    #expect(!other.hasEnded)
                    group.cancelAll()
                }
            }
        }
    }

    /// A single event is never fragmented: over the receive limit, the watch cannot go on, and
    /// a new stream would resume into the same event.
    @Test(
        "an unfragmented watch response over the receive limit ends the watch with responseTooLarge",
        arguments: ServerUnderTest.plaintext)
    func wholeResponseOverTheReceiveLimit(server: ServerUnderTest) async throws {
        try await server.withClient(configure: { $0.maxReceiveMessageBytes = 64 << 10 }) { client, ns in
            let put = try await client.put(ns + "huge", EtcdBytes([UInt8](repeating: 0x61, count: 100 << 10)))
            let recorder = WatchRecorder()
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    await recorder.consume(client.watch(ns + "huge", options: EtcdWatchOptions(startRevision: put.header.revision)))
                }
                let ended = await recorder.wait(timeout: .seconds(20)) { $0.hasEnded }
                #expect(ended, "the watch did not end within 20 s (\(client.watches.statistics.streamsOpened) streams opened)")
                let error = recorder.ending as? EtcdError
                #expect(error?.code == .responseTooLarge, "\(String(describing: recorder.ending))")
                #expect(error?.limit == 64 << 10)
                group.cancelAll()
            }
        }
    }
}

/// Waits until the client has `watchers` active watches or more, each created on the server (the
/// first watch also dials the connection for streams, which takes a moment on a loaded machine).
func waitForCreates(_ client: Etcd3Client, watchers: Int) async throws {
    let deadline = ContinuousClock.now + .seconds(10)
    while !client.watches.isSettled(watchers: watchers), ContinuousClock.now < deadline {
        try await Task.sleep(for: .milliseconds(10))
    }
    #expect(client.watches.isSettled(watchers: watchers))
}
