import Etcd3
import Etcd3TestSupport
import Testing

@Suite("Watches with auth against real etcd", .timeLimit(.minutes(2)))
struct WatchAuthTests {
    /// The token of a watch stream is bound to it: once it expires, a create on that stream is
    /// refused (`invalid auth token` in the cancel reason), so the client opens a new stream
    /// with a fresh token, and every watcher resumes there without loss or repeats.
    @Test("a watch created after the token expired gets a new stream with a fresh token", arguments: ServerUnderTest.plaintext)
    func createAfterExpiry(server: ServerUnderTest) async throws {
        try await withEtcdCluster(members: 1, binary: server.binary, extraArguments: ["--auth-token-ttl", "2"]) {
            cluster in
            var configuration = ServerUnderTest.configuration(for: cluster)
            let admin = try await Etcd3Client(configuration: configuration)
            try await admin.addUser("root", password: "root-secret-pw")
            try await admin.grantRole("root", toUser: "root")
            try await admin.enableAuth()
            await admin.close()

            configuration.credentials = .init(username: "root", password: "root-secret-pw")
            let (logger, logs) = CapturingLogHandler.logger()
            configuration.logger = logger
            let writer = try await Etcd3Client(configuration: configuration)
            let from = try await writer.put("/wa/origin", "").header.revision + 1
            await writer.close()

            try await withEtcd3Client(configuration: configuration) { client in
                let first = client.watch("/wa/1", options: EtcdWatchOptions(startRevision: from))
                try await client.put("/wa/1", "a")
                // No call for 3 s: the simple token (TTL 2 s, slid on use) expires.
                try await Task.sleep(for: .seconds(3))
                let second = client.watch("/wa/2", options: EtcdWatchOptions(startRevision: from))
                try await client.put("/wa/2", "b")
                try await client.put("/wa/1", "c")
                let (firstValues, secondValues) = try await withThrowingTaskGroup(of: [EtcdBytes].self) { group in
                    group.addTask { try await Self.values(first, count: 2) }
                    group.addTask { try await Self.values(second, count: 1) }
                    return (try await group.next()!, try await group.next()!)
                }
                let values = Set([firstValues, secondValues])
                #expect(values == [["a", "c"], ["b"]], "each watch once, in order: \(values)")
            }
            let text = logs.all.map { "\($0.1) \($0.2)" }.joined(separator: "\n")
            #expect(!text.contains("root-secret-pw"))
        }
    }

    /// Any change of users or roles moves the auth store's revision; etcd 3.5 then refuses a
    /// create on a stream whose token is older (`revision of auth store is old`; etcd 3.4 says
    /// `permission denied`). The client opens a new stream with a fresh token: the refused
    /// watch starts there, and the watch already open resumes there without loss or repeats.
    @Test(
        "a watch created after the auth store changed starts on a re-authenticated stream; the open watch goes on",
        arguments: ServerUnderTest.plaintext)
    func createAfterAuthChange(server: ServerUnderTest) async throws {
        try await withEtcdCluster(members: 1, binary: server.binary) { cluster in
            var configuration = ServerUnderTest.configuration(for: cluster)
            try await withEtcd3Client(configuration: configuration) { admin in
                try await admin.addUser("root", password: "root-secret-pw")
                try await admin.grantRole("root", toUser: "root")
                try await admin.enableAuth()
            }
            configuration.credentials = .init(username: "root", password: "root-secret-pw")
            try await withEtcd3Client(configuration: configuration) { client in
                let open = client.watch("/wc/open")
                try await waitForCreates(client, watchers: 1)
                try await client.put("/wc/open", "1")
                // Another client changes the auth store: its revision moves past the one of
                // the open stream's token.
                try await withEtcd3Client(configuration: configuration) { other in
                    try await other.addRole("reader")
                    try await other.addUser("churn", password: "churn-secret-pw")
                    try await other.grantRole("reader", toUser: "churn")
                }
                try await client.put("/wc/open", "2")
                let later = client.watch("/wc/later")
                try await waitForCreates(client, watchers: 2)
                try await client.put("/wc/later", "x")
                try await client.put("/wc/open", "3")
                let (openValues, laterValues) = try await withThrowingTaskGroup(of: (Int, [EtcdBytes]).self) {
                    group in
                    group.addTask { (0, try await Self.values(open, count: 3)) }
                    group.addTask { (1, try await Self.values(later, count: 1)) }
                    var results: [Int: [EtcdBytes]] = [:]
                    for try await (index, values) in group { results[index] = values }
                    return (results[0] ?? [], results[1] ?? [])
                }
                #expect(openValues == ["1", "2", "3"], "the open watch, each event once and in order")
                #expect(laterValues == ["x"])
            }
        }
    }

    /// The first `count` values of `watch`; fails after 10 s.
    static func values(_ watch: EtcdWatchSequence, count: Int) async throws -> [EtcdBytes] {
        try await withThrowingTaskGroup(of: [EtcdBytes]?.self) { group in
            group.addTask {
                var values: [EtcdBytes] = []
                for try await event in watch {
                    values.append(event.kv.value)
                    if values.count == count { break }
                }
                return values
            }
            group.addTask {
                try await Task.sleep(for: .seconds(10))
                return nil
            }
            defer { group.cancelAll() }
            guard let values = try await group.next()! else {
                throw EtcdError(.deadlineExceeded, "no \(count) events within 10 s")
            }
            return values
        }
    }
}
