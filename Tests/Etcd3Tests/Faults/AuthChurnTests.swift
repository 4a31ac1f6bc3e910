import Etcd3
import Etcd3TestSupport
import Foundation
import Testing

extension FaultScenarios {
    /// Auth that keeps changing under a busy client: tokens that expire every 2 s, roles granted
    /// and revoked while writers write, auth turned off while a token is held. None of it may
    /// reach the user as an error, no write may be doubled, the client may not authenticate more
    /// often than its tokens expire, and no password or token may appear in its logs.
    @Suite("Auth under churn", .faultScenarioTimeLimit)
    struct AuthChurn {
        enum TokenKind: String, Sendable, CaseIterable, CustomStringConvertible {
            case simple, jwt
            var description: String { rawValue }
        }

        static let rootPassword = "root-churn-secret-pw"
        static let appPassword = "app-churn-secret-pw"

        /// Calls come in bursts, 5 s apart, each starting with a new watch; between bursts the
        /// client is idle for longer than any token lives unused (simple: TTL + the server's 1 s
        /// sweep; JWT: TTL + the 1 s rounding of its expiry claim), and no burst is long enough
        /// for a token to expire inside it. So every gap is exactly one expiry, and a client that
        /// re-authenticates only when it must authenticates once per burst.
        @Test(
            "2 s token TTL, watches re-created every 5 s: 0 user-visible errors, authentications ≤ expiries + 1, no secret in the logs",
            arguments: EtcdBinary.required, TokenKind.allCases)
        func expiringTokens(binary: EtcdBinary, kind: TokenKind) async throws {
            let cycles = scenarioSize(20, soak: 60) / 5
            let key = kind == .jwt ? try EtcdJWTSigningKey.generate() : nil
            defer { key?.remove() }
            let tokenArguments = key?.authTokenArguments(ttl: .seconds(2)) ?? ["--auth-token-ttl", "2"]
            try await withEtcdCluster(members: 3, binary: binary, profile: .fast, extraArguments: tokenArguments) { cluster in
                try await Self.enableAuth(cluster, appPrefix: "/churn/")
                let proxies = try cluster.makeProxies()
                defer { for proxy in proxies { proxy.stop() } }
                let tapDirectory = NSTemporaryDirectory() + "etcd3-auth-tap-\(UUID().uuidString)"
                defer { try? FileManager.default.removeItem(atPath: tapDirectory) }
                for (index, proxy) in proxies.enumerated() {
                    try FileManager.default.createDirectory(atPath: "\(tapDirectory)/\(index)", withIntermediateDirectories: true)
                    proxy.tap(into: "\(tapDirectory)/\(index)")
                }
                let (logger, logs) = CapturingLogHandler.logger()
                var configuration = clientConfiguration(for: cluster, endpoints: proxies.map(\.endpoint))
                configuration.credentials = .init(username: "app", password: Self.appPassword)
                configuration.logger = logger
                let before = try await Self.authenticateCalls(cluster)
                let calls = Tally()
                var watchErrors: [String] = []
                var undelivered = 0
                try await withEtcd3Client(configuration: configuration) { client in
                    let begin = ContinuousClock.now
                    var from = try await client.put("/churn/origin", "").header.revision + 1
                    for cycle in 0..<cycles {
                        let cycleStart = begin + .seconds(5) * cycle
                        try await Task.sleep(until: cycleStart, clock: .continuous)
                        let prefix = "/churn/\(cycle)/"
                        // The watch and the 8 workers start together on the expired token, so
                        // their refusals arrive at once and must share one Authenticate.
                        let (recorder, consumer) = recordWatch(client, prefix: EtcdBytes(prefix), from: from)
                        // 8 workers, each a put and a get back to back, for 0.8 s.
                        let acknowledged = Locked(0)
                        await withTaskGroup(of: Void.self) { group in
                            for worker in 0..<8 {
                                group.addTask {
                                    var n = 0
                                    while ContinuousClock.now < cycleStart + .milliseconds(800) {
                                        n += 1
                                        let ok = await calls.record {
                                            _ = try await client.put("\(prefix)\(worker)-\(n)", "\(n)", timeout: .seconds(5))
                                        }
                                        if ok { acknowledged.withLock { $0 += 1 } }
                                        await calls.record { _ = try await client.get("\(prefix)\(worker)-\(n)", timeout: .seconds(5)) }
                                    }
                                }
                            }
                        }
                        let expected = acknowledged.withLock { $0 }
                        await recorder.wait(timeout: .seconds(3)) { $0.eventCount >= expected || $0.hasEnded }
                        undelivered += max(0, expected - recorder.eventCount)
                        from = max(from, (recorder.events.map(\.revision).max() ?? 0) + 1)
                        consumer.cancel()
                        await consumer.value
                        if let ending = recorder.ending, !(ending is CancellationError),
                            (ending as? EtcdError)?.code != .cancelled
                        {
                            watchErrors.append("\(ending)")
                        }
                    }
                }
                let authentications = Int(try await Self.authenticateCalls(cluster) - before)
                let expiries = cycles - 1
                for proxy in proxies { proxy.tap(into: nil) }
                let tokens = Self.issuedTokens(in: tapDirectory, kind: kind)
                let captured = logs.all.map { "\($0.1) \($0.2)" }.joined(separator: "\n")
                let leaked = tokens.filter { captured.contains($0) }.count
                let unauthenticated = calls.errors.filter { $0.code == .unauthenticated }.count
                print(
                    "auth churn, \(binary.fullVersion), \(kind) tokens (TTL 2 s): \(cycles) bursts, \(calls.ok) calls ok, "
                        + "\(calls.errors.count + calls.otherErrors.count) failed (\(unauthenticated) unauthenticated), "
                        + "\(watchErrors.count) watch errors, \(undelivered) events undelivered; authentications "
                        + "\(authentications) (server-side count), expiries \(expiries); \(tokens.count) issued tokens "
                        + "recorded, \(leaked) of them in \(logs.all.count) log lines, password in logs "
                        + "\(captured.contains(Self.appPassword))")
                #expect(calls.errors.isEmpty && calls.otherErrors.isEmpty, "\(calls.errors.prefix(5)) \(calls.otherErrors.prefix(5))")
                #expect(watchErrors.isEmpty, "\(watchErrors)")
                #expect(undelivered == 0)
                #expect(authentications <= expiries + 1)
                #expect(authentications >= 1)
                #expect(tokens.count >= authentications, "the tap did not see every issued token")
                #expect(leaked == 0)
                #expect(Self.tokenShapedStrings(in: captured) == 0)
                #expect(!captured.contains(Self.appPassword))
            }
        }

        /// Four writers whose user keeps its write permission through one role while another
        /// client grants and revokes a second role 20 times: every change moves the auth store's
        /// revision, so the writers' tokens go stale again and again. Nothing may fail, and every
        /// acknowledged put must be in the store exactly once.
        @Test(
            "4 writers while a role is granted and revoked 20 times: 0 user-visible errors, every acknowledged put exactly once",
            arguments: EtcdBinary.required)
        func roleChurn(binary: EtcdBinary) async throws {
            // etcd re-runs an Authenticate whose password check overlapped a change of the auth
            // store; at the default bcrypt cost (10) on a busy machine the check takes long enough
            // that changes every 250 ms starve it and the writers' puts wait past their deadline
            // for a token. The cheapest cost keeps the password check short.
            let cheapPasswordCheck = ["--bcrypt-cost", "4"]
            try await withEtcdCluster(members: 3, binary: binary, profile: .fast, extraArguments: cheapPasswordCheck) { cluster in
                try await Self.enableAuth(cluster, appPrefix: "/roles/")
                let root = Etcd3Client.Credentials(username: "root", password: Self.rootPassword)
                var rootConfiguration = clientConfiguration(for: cluster, endpoints: cluster.clientEndpoints)
                rootConfiguration.credentials = root
                let (logger, logs) = CapturingLogHandler.logger()
                var configuration = clientConfiguration(for: cluster, endpoints: cluster.clientEndpoints)
                configuration.credentials = .init(username: "app", password: Self.appPassword)
                configuration.logger = logger
                try await withEtcd3Client(configuration: rootConfiguration) { admin in
                    try await admin.addRole("churned")
                    try await admin.grantPermission(.prefix(.read, "/elsewhere/"), toRole: "churned")
                    let before = try await Self.authenticateCalls(cluster)
                    let stop = Flag()
                    let puts = Tally()
                    let acknowledged = Locked<[String]>([])
                    let writerConfiguration = configuration
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        for writer in 0..<4 {
                            group.addTask {
                                try await withEtcd3Client(configuration: writerConfiguration) { client in
                                    var n = 0
                                    while !stop.isSet {
                                        n += 1
                                        let key = "/roles/\(writer)/\(n)"
                                        if await puts.record({ _ = try await client.put(EtcdBytes(key), "\(n)", timeout: .seconds(5)) }) {
                                            acknowledged.withLock { $0.append(key) }
                                        }
                                    }
                                }
                            }
                        }
                        try await Task.sleep(for: .milliseconds(500))
                        // A change every 250 ms.
                        for _ in 0..<20 {
                            try await admin.grantRole("churned", toUser: "app")
                            try await Task.sleep(for: .milliseconds(250))
                            try await admin.revokeRole("churned", fromUser: "app")
                            try await Task.sleep(for: .milliseconds(250))
                        }
                        try await Task.sleep(for: .milliseconds(500))
                        stop.set()
                        try await group.waitForAll()
                    }
                    let authentications = Int(try await Self.authenticateCalls(cluster) - before)
                    let stored = try await admin.getPrefix("/roles/")
                    let versions = Dictionary(uniqueKeysWithValues: stored.map { ($0.key.string ?? "", $0.version) })
                    let keys = acknowledged.withLock { $0 }
                    let missing = keys.filter { versions[$0] == nil }.count
                    let doubled = versions.values.filter { $0 != 1 }.count
                    let unacknowledgedStored = versions.count - keys.count
                    let captured = logs.all.map { "\($0.1) \($0.2)" }.joined(separator: "\n")
                    print(
                        "auth churn, \(binary.fullVersion), role granted and revoked 20 times under 4 writers: "
                            + "\(puts.ok) puts acknowledged, \(puts.errors.count + puts.otherErrors.count) failed "
                            + "\(puts.errors.prefix(3)); stored \(versions.count), missing \(missing), written more than once "
                            + "\(doubled), stored but not acknowledged \(unacknowledgedStored); authentications "
                            + "\(authentications) (server-side count) for 40 auth store changes")
                    #expect(puts.errors.isEmpty && puts.otherErrors.isEmpty, "\(puts.errors.prefix(5)) \(puts.otherErrors.prefix(5))")
                    #expect(missing == 0)
                    #expect(doubled == 0)
                    #expect(unacknowledgedStored == 0)
                    #expect(puts.ok > 0)
                    // Each writer needs at most one fresh token per change of the auth store.
                    #expect(authentications <= 4 * (40 + 1))
                    #expect(!captured.contains(Self.appPassword))
                    #expect(Self.tokenShapedStrings(in: captured) == 0, "a token in the logs")
                }
            }
        }

        /// Auth is turned off while the client holds a token and keeps calling and watching:
        /// the server ignores tokens from then on, so at most one call may fail at the switch and
        /// none after it.
        @Test(
            "auth disabled while a token is held: ≤ 1 failed call, then 0 errors for 10 s",
            arguments: EtcdBinary.required)
        func authDisabled(binary: EtcdBinary) async throws {
            let seconds = scenarioSize(10, soak: 30)
            try await withEtcdCluster(members: 3, binary: binary, profile: .fast) { cluster in
                try await Self.enableAuth(cluster, appPrefix: "/disabled/")
                var rootConfiguration = clientConfiguration(for: cluster, endpoints: cluster.clientEndpoints)
                rootConfiguration.credentials = .init(username: "root", password: Self.rootPassword)
                let (logger, logs) = CapturingLogHandler.logger()
                var configuration = clientConfiguration(for: cluster, endpoints: cluster.clientEndpoints)
                configuration.credentials = .init(username: "app", password: Self.appPassword)
                configuration.logger = logger
                try await withEtcd3Client(configuration: configuration) { client in
                    let from = try await client.put("/disabled/start", "").header.revision + 1
                    let (recorder, consumer) = recordWatch(client, prefix: "/disabled/k/", from: from)
                    let before = Tally()
                    let after = Tally()
                    let disabledAt = Locked<ContinuousClock.Instant?>(nil)
                    let stop = Flag()
                    let calling = Task {
                        var n = 0
                        while !stop.isSet {
                            n += 1
                            let tally = disabledAt.withLock { $0 } == nil ? before : after
                            await tally.record { _ = try await client.put("/disabled/k/\(n)", "\(n)", timeout: .seconds(5)) }
                            await tally.record { _ = try await client.get("/disabled/k/\(n)", timeout: .seconds(5)) }
                            try await Task.sleep(for: .milliseconds(50))
                        }
                    }
                    try await Task.sleep(for: .seconds(2))
                    try await withEtcd3Client(configuration: rootConfiguration) { root in
                        try await root.disableAuth()
                    }
                    disabledAt.withLock { $0 = .now }
                    let authenticationsAtSwitch = try await Self.authenticateCalls(cluster)
                    // A watch created after the switch, on the token still held.
                    let (later, laterConsumer) = recordWatch(client, prefix: "/disabled/k/", from: from)
                    try await Task.sleep(for: .seconds(seconds))
                    stop.set()
                    try await waitFor(calling, within: .seconds(15), "the calls' end")
                    let authenticationsAfter = Int(try await Self.authenticateCalls(cluster) - authenticationsAtSwitch)
                    let history = try await writeOnceHistory(client, prefix: "/disabled/k/")
                    let complete = await recorder.wait(timeout: .seconds(10)) { $0.eventCount >= history.count }
                    let laterComplete = await later.wait(timeout: .seconds(10)) { $0.eventCount >= history.count }
                    consumer.cancel()
                    laterConsumer.cancel()
                    await consumer.value
                    await laterConsumer.value
                    let failures = after.failureTimes
                    let check = recorder.check(history: history)
                    let laterCheck = later.check(history: history)
                    let captured = logs.all.map { "\($0.1) \($0.2)" }.joined(separator: "\n")
                    print(
                        "auth churn, \(binary.fullVersion), auth disabled while a token is held: \(before.ok) calls before, "
                            + "\(after.ok) ok and \(failures.count) failed in the \(seconds) s after \(after.errors.prefix(3)); "
                            + "authentications after the switch \(authenticationsAfter) (client log: "
                            + "\(logs.count("auth is disabled on the server")) answered 'auth is disabled'); watch: \(check); watch created "
                            + "after the switch: \(laterCheck)")
                    #expect(before.errors.isEmpty && before.otherErrors.isEmpty, "\(before.errors.prefix(3))")
                    #expect(failures.count <= 1, "\(after.errors) \(after.otherErrors)")
                    if let failure = failures.first, let switched = disabledAt.withLock({ $0 }) {
                        #expect(failure - switched <= .seconds(1), "a call failed \(failure - switched) after the switch")
                    }
                    #expect(after.ok > 0)
                    #expect(complete && check.isClean, "\(check)")
                    #expect(laterComplete && laterCheck.isClean, "\(laterCheck)")
                    #expect(authenticationsAfter <= 1, "the client kept trying to authenticate after auth was disabled")
                    #expect(logs.count("auth is disabled on the server") <= 1)
                    #expect(!captured.contains(Self.appPassword))
                    #expect(Self.tokenShapedStrings(in: captured) == 0, "a token in the logs")
                }
            }
        }

        // MARK: Helpers

        /// Adds `root` and `app` (read-write on `appPrefix`) and turns auth on.
        static func enableAuth(_ cluster: EtcdCluster, appPrefix: String) async throws {
            try await withEtcd3Client(configuration: clientConfiguration(for: cluster, endpoints: cluster.clientEndpoints)) {
                admin in
                try await admin.addUser("root", password: rootPassword)
                try await admin.grantRole("root", toUser: "root")
                try await admin.addUser("app", password: appPassword)
                try await admin.addRole("app-rw")
                try await admin.grantPermission(.prefix(.readWrite, EtcdBytes(appPrefix)), toRole: "app-rw")
                try await admin.grantRole("app-rw", toUser: "app")
                try await admin.enableAuth()
            }
        }

        /// Authenticate calls the members received, summed over the cluster (the server's own
        /// count, whatever the client believes it did).
        static func authenticateCalls(_ cluster: EtcdCluster) async throws -> Double {
            var total = 0.0
            for member in cluster.members {
                let metrics = try await member.metrics()
                total += metrics.filter {
                    $0.key.hasPrefix("grpc_server_started_total{") && $0.key.contains("grpc_method=\"Authenticate\"")
                }.map(\.value).reduce(0, +)
            }
            return total
        }

        /// How many substrings of `text` look like an etcd token (simple: 16 letters, a dot and
        /// an index; JWT: three base64url parts, the first starting `eyJ`).
        static func tokenShapedStrings(in text: String) -> Int {
            text.matches(of: #/[A-Za-z]{16}\.[0-9]+/#).count
                + text.matches(of: #/eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/#).count
        }

        /// The tokens in the Authenticate responses the proxies recorded (server-to-client bytes;
        /// plaintext, and gRPC messages are not compressed, so each token appears whole).
        static func issuedTokens(in directory: String, kind: TokenKind) -> Set<String> {
            let pattern =
                switch kind {
                case .jwt: #/eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/#
                case .simple: #/[A-Za-z]{16}\.[0-9]+/#
                }
            var tokens = Set<String>()
            let enumerator = FileManager.default.enumerator(atPath: directory)
            while let file = enumerator?.nextObject() as? String {
                guard file.hasSuffix("-s2c.bin"), let data = FileManager.default.contents(atPath: "\(directory)/\(file)") else {
                    continue
                }
                let text = String(decoding: data, as: UTF8.self)
                for match in text.matches(of: pattern) { tokens.insert(String(match.output)) }
            }
            return tokens
        }
    }
}
