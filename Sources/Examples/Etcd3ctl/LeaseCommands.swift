import ArgumentParser
import Etcd3

/// `lease`: grant, revoke, timetolive, list and keep-alive, printed as etcdctl prints them.
struct Lease: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Lease related commands",
        subcommands: [Grant.self, Revoke.self, TimeToLive.self, List.self, KeepAlive.self]
    )

    /// The lease ID argument in hexadecimal, or etcdctl's error for it.
    static func leaseID(_ arguments: [String], usage: String) throws(CommandError) -> EtcdLeaseID {
        guard arguments.count == 1 else { throw .badArguments(usage) }
        switch GoInteger.parse(arguments[0], radix: 16) {
        case .success(let id): return EtcdLeaseID(id)
        case .failure(let error): throw .badArguments("bad lease ID arg (\(error.message)), expecting ID in Hex")
        }
    }

    /// `lease grant TTL`.
    struct Grant: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Creates leases")

        @ParentCommand var root: Etcd3ctl

        @Argument(help: "TTL in seconds")
        var arguments: [String] = []

        func run() async throws {
            try root.global.requireSimpleOutput(for: "lease grant")
            guard arguments.count == 1 else { throw CommandError.badArguments("lease grant command needs TTL argument") }
            let ttl: Int64
            switch GoInteger.parse(arguments[0], radix: 10) {
            case .success(let value): ttl = value
            case .failure(let error): throw CommandError.badArguments("bad TTL (\(error.message))")
            }
            let grant = try await withEtcd3Client(configuration: root.global.configuration()) { client in
                try await client.grantLease(ttl: .seconds(ttl))
            }
            Output.printLine("lease \(grant.id.paddedHex) granted with TTL(\(grant.ttl.components.seconds)s)")
        }
    }

    /// `lease revoke ID`.
    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revokes leases")

        @ParentCommand var root: Etcd3ctl

        @Argument(help: "lease ID in hexadecimal")
        var arguments: [String] = []

        func run() async throws {
            try root.global.requireSimpleOutput(for: "lease revoke")
            let id = try Lease.leaseID(arguments, usage: "lease revoke command needs 1 argument")
            try await withEtcd3Client(configuration: root.global.configuration()) { client in
                do {
                    try await client.revokeLease(id)
                } catch let error as EtcdError {
                    throw CommandError.failed("failed to revoke lease (\(error.message))")
                }
            }
            Output.printLine("lease \(id.paddedHex) revoked")
        }
    }

    /// `lease timetolive ID [--keys]`.
    struct TimeToLive: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "timetolive", abstract: "Get lease information")

        @ParentCommand var root: Etcd3ctl

        @Flag(help: "Get keys attached to this lease")
        var keys = false

        @Argument(help: "lease ID in hexadecimal")
        var arguments: [String] = []

        func run() async throws {
            try root.global.requireSimpleOutput(for: "lease timetolive")
            let id = try Lease.leaseID(arguments, usage: "lease timetolive command needs lease ID as argument")
            let withKeys = keys
            let info = try await withEtcd3Client(configuration: root.global.configuration()) { client in
                try await client.leaseTimeToLive(id, withKeys: withKeys)
            }
            guard let info else {
                Output.printLine("lease \(id.paddedHex) already expired")
                return
            }
            var text =
                "lease \(id.paddedHex) granted with TTL(\(info.granted.components.seconds)s), "
                + "remaining(\(info.remaining.components.seconds)s)"
            if keys {
                // Go's %v of a []string: [a b c], the keys as raw text.
                let names = info.keys.map { String(decoding: $0.bytes, as: UTF8.self) }
                text += ", attached keys([\(names.joined(separator: " "))])"
            }
            Output.printLine(text)
        }
    }

    /// `lease list`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List all active leases")

        @ParentCommand var root: Etcd3ctl

        func run() async throws {
            try root.global.requireSimpleOutput(for: "lease list")
            let ids = try await withEtcd3Client(configuration: root.global.configuration()) { client in
                try await client.leases()
            }
            var output = Output()
            output.line("found \(ids.count) leases")
            for id in ids { output.line(id.paddedHex) }
            output.flush()
        }
    }

    /// `lease keep-alive ID [--once]`: refreshes the lease and prints each acknowledgement until
    /// SIGINT or SIGTERM (exit 0), or until the lease is gone.
    struct KeepAlive: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "keep-alive", abstract: "Keeps leases alive (renew)")

        @ParentCommand var root: Etcd3ctl

        @Flag(help: "Resets the keep-alive time to its original value and exits immediately")
        var once = false

        @Argument(help: "lease ID in hexadecimal")
        var arguments: [String] = []

        func run() async throws {
            try root.global.requireSimpleOutput(for: "lease keep-alive")
            let id = try Lease.leaseID(arguments, usage: "lease keep-alive command needs lease ID as argument")
            let once = once
            try await withEtcd3Client(configuration: root.global.configuration()) { client in
                if once {
                    do {
                        let ttl = try await client.keepAliveOnce(id)
                        Self.printAcknowledgement(id, ttl)
                    } catch let error as EtcdError {
                        throw CommandError(error, status: CommandError.Status.badConnection)
                    }
                    return
                }
                guard let info = try await client.leaseTimeToLive(id) else {
                    Self.printGone(id)
                    return
                }
                let keepAlive = client.keepAlive(id, ttl: max(info.remaining, .seconds(1)))
                defer { keepAlive.cancel() }
                _ = try await Signals.runUntilInterrupted {
                    do {
                        for try await ttl in keepAlive { Self.printAcknowledgement(id, ttl) }
                    } catch let error as EtcdError where error.code == .leaseNotFound {
                        Self.printGone(id)
                    }
                }
            }
        }

        private static func printAcknowledgement(_ id: EtcdLeaseID, _ ttl: Duration) {
            Output.printLine("lease \(id.paddedHex) keepalived with TTL(\(ttl.components.seconds))")
        }

        private static func printGone(_ id: EtcdLeaseID) {
            Output.printLine("lease \(id.paddedHex) expired or revoked.")
        }
    }
}
