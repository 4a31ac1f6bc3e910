import ArgumentParser
import Etcd3

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// `user`: add, delete, list, get, grant-role and revoke-role, printed as etcdctl prints them.
struct User: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "User related commands",
        subcommands: [Add.self, Delete.self, List.self, Get.self, GrantRole.self, RevokeRole.self]
    )

    /// `user add NAME[:PASSWORD]` (`--new-user-password`, or typed twice at the terminal).
    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Adds a new user")

        @ParentCommand var root: Etcd3ctl

        @Option(help: "Supply password from the command line flag")
        var newUserPassword: String?

        @Argument(help: "name[:password]")
        var arguments: [String] = []

        func run() async throws {
            try root.global.requireSimpleOutput(for: "user add")
            guard arguments.count == 1 else { throw CommandError.badArguments("user add command requires user name as its argument") }
            var name = arguments[0]
            let password: String
            if let newUserPassword {
                password = newUserPassword
            } else if let colon = name.firstIndex(of: ":") {
                password = String(name[name.index(after: colon)...])
                name = String(name[..<colon])
            } else {
                guard let first = getpass("Password of \(name): ").map({ String(cString: $0) }),
                    let again = getpass("Type password of \(name) again for confirmation: ").map({ String(cString: $0) })
                else { throw CommandError.badArguments("failed to read password") }
                guard first == again else { throw CommandError.badArguments("given passwords are different") }
                password = first
            }
            let user = name
            try await withEtcd3Client(configuration: root.global.configuration()) { client in
                try await client.addUser(user, password: password)
            }
            Output.printLine("User \(user) created")
        }
    }

    /// `user delete NAME`.
    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Deletes a user")

        @ParentCommand var root: Etcd3ctl

        @Argument(help: "the user's name")
        var arguments: [String] = []

        func run() async throws {
            try root.global.requireSimpleOutput(for: "user delete")
            guard arguments.count == 1 else { throw CommandError.badArguments("user delete command requires user name as its argument") }
            let name = arguments[0]
            try await withEtcd3Client(configuration: root.global.configuration()) { try await $0.deleteUser(name) }
            Output.printLine("User \(name) deleted")
        }
    }

    /// `user list`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Lists all users")

        @ParentCommand var root: Etcd3ctl

        func run() async throws {
            try root.global.requireSimpleOutput(for: "user list")
            let users = try await withEtcd3Client(configuration: root.global.configuration()) { try await $0.users() }
            for user in users { Output.printLine(user) }
        }
    }

    /// `user get NAME`: the user's roles.
    struct Get: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Gets detailed information of a user")

        @ParentCommand var root: Etcd3ctl

        @Argument(help: "the user's name")
        var arguments: [String] = []

        func run() async throws {
            try root.global.requireSimpleOutput(for: "user get")
            guard arguments.count == 1 else { throw CommandError.badArguments("user get command requires user name as its argument") }
            let name = arguments[0]
            let roles = try await withEtcd3Client(configuration: root.global.configuration()) { try await $0.roles(ofUser: name) }
            Output.printLine("User: \(name)")
            Output.printLine("Roles:" + roles.map { " " + $0 }.joined())
        }
    }

    /// `user grant-role USER ROLE`.
    struct GrantRole: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "grant-role", abstract: "Grants a role to a user")

        @ParentCommand var root: Etcd3ctl

        @Argument(help: "the user's name and the role's")
        var arguments: [String] = []

        func run() async throws {
            try root.global.requireSimpleOutput(for: "user grant-role")
            guard arguments.count == 2 else {
                throw CommandError.badArguments("user grant command requires user name and role name as its argument")
            }
            let (user, role) = (arguments[0], arguments[1])
            try await withEtcd3Client(configuration: root.global.configuration()) { try await $0.grantRole(role, toUser: user) }
            Output.printLine("Role \(role) is granted to user \(user)")
        }
    }

    /// `user revoke-role USER ROLE`.
    struct RevokeRole: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "revoke-role", abstract: "Revokes a role from a user")

        @ParentCommand var root: Etcd3ctl

        @Argument(help: "the user's name and the role's")
        var arguments: [String] = []

        func run() async throws {
            try root.global.requireSimpleOutput(for: "user revoke-role")
            guard arguments.count == 2 else {
                throw CommandError.badArguments("user revoke-role requires user name and role name as its argument")
            }
            let (user, role) = (arguments[0], arguments[1])
            try await withEtcd3Client(configuration: root.global.configuration()) { try await $0.revokeRole(role, fromUser: user) }
            Output.printLine("Role \(role) is revoked from user \(user)")
        }
    }
}

/// `role`: add, delete, list, grant-permission and revoke-permission, printed as etcdctl
/// prints them.
struct Role: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Role related commands",
        subcommands: [Add.self, Delete.self, List.self, GrantPermission.self, RevokePermission.self]
    )

    /// The key and range end of `KEY [ENDKEY]` with `--prefix` / `--from-key`, as etcdctl reads
    /// them (an empty key means the whole key space).
    static func range(_ arguments: [String], prefix: Bool, fromKey: Bool) throws(CommandError) -> (key: String, end: String) {
        if prefix && fromKey { throw .badArguments("--from-key and --prefix flags are mutually exclusive") }
        let key = arguments[0]
        if key.isEmpty { return ("\0", prefix || fromKey ? "\0" : "") }
        if arguments.count == 1 {
            if prefix { return (key, String(decoding: EtcdBytes(key).prefixRangeEnd.bytes, as: UTF8.self)) }
            return (key, fromKey ? "\0" : "")
        }
        if prefix { throw .badArguments("unexpected endkey argument with --prefix flag") }
        if fromKey { throw .badArguments("unexpected endkey argument with --from-key flag") }
        return (key, arguments[1])
    }

    /// `role add NAME`.
    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Adds a new role")

        @ParentCommand var root: Etcd3ctl

        @Argument(help: "the role's name")
        var arguments: [String] = []

        func run() async throws {
            try root.global.requireSimpleOutput(for: "role add")
            guard arguments.count == 1 else { throw CommandError.badArguments("role add command requires role name as its argument") }
            let name = arguments[0]
            try await withEtcd3Client(configuration: root.global.configuration()) { try await $0.addRole(name) }
            Output.printLine("Role \(name) created")
        }
    }

    /// `role delete NAME`.
    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Deletes a role")

        @ParentCommand var root: Etcd3ctl

        @Argument(help: "the role's name")
        var arguments: [String] = []

        func run() async throws {
            try root.global.requireSimpleOutput(for: "role delete")
            guard arguments.count == 1 else { throw CommandError.badArguments("role delete command requires role name as its argument") }
            let name = arguments[0]
            try await withEtcd3Client(configuration: root.global.configuration()) { try await $0.deleteRole(name) }
            Output.printLine("Role \(name) deleted")
        }
    }

    /// `role list`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Lists all roles")

        @ParentCommand var root: Etcd3ctl

        func run() async throws {
            try root.global.requireSimpleOutput(for: "role list")
            let roles = try await withEtcd3Client(configuration: root.global.configuration()) { try await $0.roles() }
            for role in roles { Output.printLine(role) }
        }
    }

    /// `role grant-permission ROLE read|write|readwrite KEY [ENDKEY] [--prefix | --from-key]`.
    struct GrantPermission: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "grant-permission", abstract: "Grants a key to a role")

        @ParentCommand var root: Etcd3ctl

        @Flag(help: "grant a prefix permission")
        var prefix = false

        @Flag(help: "grant a permission of keys that are greater than or equal to the given key using byte compare")
        var fromKey = false

        @Argument(help: "role, permission type, key [endkey]")
        var arguments: [String] = []

        func run() async throws {
            try root.global.requireSimpleOutput(for: "role grant-permission")
            guard arguments.count >= 3 else {
                throw CommandError.badArguments(
                    "role grant command requires role name, permission type, and key [endkey] as its argument")
            }
            let access: EtcdPermission.Access
            switch arguments[1].uppercased() {
            case "READ": access = .read
            case "WRITE": access = .write
            case "READWRITE": access = .readWrite
            default: throw CommandError.badArguments("invalid permission type: \(arguments[1])")
            }
            let (key, end) = try Role.range(Array(arguments[2...]), prefix: prefix, fromKey: fromKey)
            let role = arguments[0]
            let permission = EtcdPermission(access, key: EtcdBytes(key), rangeEnd: end.isEmpty ? nil : EtcdBytes(end))
            try await withEtcd3Client(configuration: root.global.configuration()) {
                try await $0.grantPermission(permission, toRole: role)
            }
            Output.printLine("Role \(role) updated")
        }
    }

    /// `role revoke-permission ROLE KEY [ENDKEY] [--prefix | --from-key]`.
    struct RevokePermission: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "revoke-permission", abstract: "Revokes a key from a role")

        @ParentCommand var root: Etcd3ctl

        @Flag(help: "revoke a prefix permission")
        var prefix = false

        @Flag(help: "revoke a permission of keys that are greater than or equal to the given key using byte compare")
        var fromKey = false

        @Argument(help: "role, key [endkey]")
        var arguments: [String] = []

        func run() async throws {
            try root.global.requireSimpleOutput(for: "role revoke-permission")
            guard arguments.count >= 2 else {
                throw CommandError.badArguments("role revoke-permission command requires role name and key [endkey] as its argument")
            }
            let (key, end) = try Role.range(Array(arguments[1...]), prefix: prefix, fromKey: fromKey)
            let role = arguments[0]
            try await withEtcd3Client(configuration: root.global.configuration()) {
                try await $0.revokePermission(key: EtcdBytes(key), rangeEnd: end.isEmpty ? nil : EtcdBytes(end), fromRole: role)
            }
            if end.isEmpty {
                Output.printLine("Permission of key \(key) is revoked from role \(role)")
            } else if end != "\0" {
                Output.printLine("Permission of range [\(key), \(end)) is revoked from role \(role)")
            } else {
                Output.printLine("Permission of range [\(key), <open ended> is revoked from role \(role)")
            }
        }
    }
}
