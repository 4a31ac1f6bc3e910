import Etcd3
import Etcd3TestSupport
import Logging
import Testing

@Suite("Authentication against real etcd", .timeLimit(.minutes(3)))
struct AuthTests {
    @Test("users, roles, tokens, expiry, permission errors, auth disabled", arguments: ServerUnderTest.plaintext)
    func auth(server: ServerUnderTest) async throws {
        try await withEtcdCluster(members: 1, binary: server.binary, extraArguments: ["--auth-token-ttl", "2"]) {
            cluster in
            func client(_ credentials: Etcd3Client.Credentials?, logger: Logger? = nil) async throws -> Etcd3Client {
                var configuration = ServerUnderTest.configuration(for: cluster)
                configuration.credentials = credentials
                if let logger { configuration.logger = logger }
                return try await Etcd3Client(configuration: configuration)
            }
            let admin = try await client(nil)
            try await admin.addUser("root", password: "root-secret-pw")
            try await admin.grantRole("root", toUser: "root")
            try await admin.addUser("app", password: "app-secret-pw")
            try await admin.addRole("app-rw")
            try await admin.grantPermission(.prefix(.readWrite, "/app/"), toRole: "app-rw")
            try await admin.grantRole("app-rw", toUser: "app")
            try await admin.enableAuth()

            // No credentials: the server wants a user.
            await expectError(.unauthenticated) { _ = try await admin.get("/app/x") }
            // Wrong password.
            let wrong = try await client(.init(username: "app", password: "nope"))
            await expectError(.authenticationFailed) { _ = try await wrong.get("/app/x") }

            let (logger, logs) = CapturingLogHandler.logger()
            let app = try await client(.init(username: "app", password: "app-secret-pw"), logger: logger)
            try await app.put("/app/x", "1")
            #expect(try await app.get("/app/x")?.value == "1")
            await expectError(.permissionDenied) { try await app.put("/other", "1") }

            // Simple tokens expire after 2 s of disuse here: the client re-authenticates by itself.
            try await Task.sleep(for: .seconds(3))
            #expect(try await app.get("/app/x")?.value == "1")
            try await Task.sleep(for: .seconds(3))
            async let a = app.put("/app/y", "2")
            async let b = app.get("/app/x")
            _ = try await (a, b)

            let root = try await client(.init(username: "root", password: "root-secret-pw"))
            if server.binary.version >= .v3_5 {
                #expect(try await root.authStatus().isEnabled)
            } else {
                await expectError(.unimplemented) { _ = try await root.authStatus() }
            }
            #expect(Set(try await root.users()) == ["root", "app"])
            #expect(try await root.roles(ofUser: "app") == ["app-rw"])
            #expect(try await root.permissions(ofRole: "app-rw") == [.prefix(.readWrite, "/app/")])
            let roles = try await root.roles()
            #expect(roles == ["app-rw"], "the root role is built in and not listed")
            await expectError(.auth) { try await root.addUser("app", password: "x") }

            // Auth turned off while the app client holds a token: it carries on without one.
            try await root.disableAuth()
            try await Task.sleep(for: .seconds(3))
            try await app.put("/app/z", "3")
            #expect(try await admin.get("/app/z")?.value == "3")

            try await root.revokePermission(key: "/app/", rangeEnd: EtcdBytes("/app/").prefixRangeEnd, fromRole: "app-rw")
            #expect(try await root.permissions(ofRole: "app-rw").isEmpty)
            try await root.revokeRole("app-rw", fromUser: "app")
            try await root.deleteRole("app-rw")
            try await root.changePassword(ofUser: "app", to: "another")
            try await root.deleteUser("app")
            #expect(try await root.users() == ["root"])

            let captured = logs.all.map { "\($0.1) \($0.2)" }.joined(separator: "\n")
            #expect(!captured.contains("app-secret-pw"))
            // Authenticated at first use and again after each expiry.
            let authentications = logs.count("etcd authenticated")
            #expect(authentications >= 3, "\(authentications)")
            for c in [admin, wrong, app, root] { await c.close() }
        }
    }

    @Test func credentialsNeverPrintTheirPassword() {
        let credentials = Etcd3Client.Credentials(username: "u", password: "hunter2")
        #expect(!"\(credentials)".contains("hunter2"))
        #expect(!String(reflecting: credentials).contains("hunter2"))
    }
}
