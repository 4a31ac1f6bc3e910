import ArgumentParser
import Etcd3

/// `snapshot save FILE`: the member's backend database and its SHA-256, written to FILE.part
/// and renamed once checked, as etcdctl saves it.
struct Snapshot: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Manages etcd node snapshots",
        subcommands: [Save.self]
    )

    /// `snapshot save FILE`.
    struct Save: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stores an etcd node backend snapshot to a given file")

        @ParentCommand var root: Etcd3ctl

        @Argument(help: "the file to write")
        var arguments: [String] = []

        func run() async throws {
            try root.global.requireSimpleOutput(for: "snapshot save")
            guard arguments.count == 1 else { throw CommandError.badArguments("snapshot save expects one argument") }
            let endpoints = root.global.endpointList()
            guard endpoints.count == 1 else {
                // etcdctl exits with 5 here (its ExitInterrupted).
                throw CommandError.failed(
                    "snapshot must be requested to one selected node, not multiple [\(endpoints.joined(separator: " "))]",
                    status: CommandError.Status.interrupted)
            }
            let path = arguments[0]
            _ = try await withEtcd3Client(configuration: root.global.configuration()) { client in
                // No deadline for the download itself, as etcdctl (a large database takes long).
                try await client.snapshot(to: path)
            }
            Output.printLine("Snapshot saved at \(path)")
        }
    }
}

/// `alarm list` and `alarm disarm`, printed as etcdctl prints them (`%+v` of each alarm).
struct AlarmCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alarm",
        abstract: "Alarm related commands",
        subcommands: [List.self, Disarm.self]
    )

    /// An alarm as etcdctl 3.4 prints it (the protobuf's compact text form).
    static func line(_ alarm: EtcdAlarm) -> String {
        let kind = alarm.kind == .noSpace ? "NOSPACE" : alarm.kind == .corrupt ? "CORRUPT" : "\(alarm.kind)"
        return "memberID:\(alarm.memberID) alarm:\(kind) "
    }

    /// `alarm list`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Lists all alarms")

        @ParentCommand var root: Etcd3ctl

        func run() async throws {
            try root.global.requireSimpleOutput(for: "alarm list")
            let alarms = try await withEtcd3Client(configuration: root.global.configuration()) { try await $0.alarms() }
            for alarm in alarms { Output.printLine(AlarmCommand.line(alarm)) }
        }
    }

    /// `alarm disarm`: clears every alarm.
    struct Disarm: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Disarms all alarms")

        @ParentCommand var root: Etcd3ctl

        func run() async throws {
            try root.global.requireSimpleOutput(for: "alarm disarm")
            let cleared = try await withEtcd3Client(configuration: root.global.configuration()) { try await $0.disarmAll() }
            for alarm in cleared { Output.printLine(AlarmCommand.line(alarm)) }
        }
    }
}

/// `compaction REV [--physical]`.
struct Compaction: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Compacts the event history in etcd")

    @ParentCommand var root: Etcd3ctl

    @Flag(help: "'true' to wait for compaction to physically remove all old revisions")
    var physical = false

    @Argument(help: "the first revision to keep")
    var arguments: [String] = []

    func run() async throws {
        try root.global.requireSimpleOutput(for: "compaction")
        guard arguments.count == 1 else { throw CommandError.badArguments("compaction command needs 1 argument") }
        let revision: Int64
        switch GoInteger.parse(arguments[0], radix: 10) {
        case .success(let value): revision = value
        case .failure(let error): throw CommandError.failed(error.message)
        }
        let physical = physical
        _ = try await withEtcd3Client(configuration: root.global.configuration()) { client in
            try await client.compact(revision, physical: physical)
        }
        Output.printLine("compacted revision \(revision)")
    }
}

/// `defrag`: defragments every endpoint's member in turn.
struct Defrag: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Defragments the storage of the etcd members with given endpoints")

    @ParentCommand var root: Etcd3ctl

    func run() async throws {
        try root.global.requireSimpleOutput(for: "defrag")
        var failures = 0
        for endpoint in root.global.endpointList() {
            let configuration = try root.global.configuration(endpoint: endpoint)
            do {
                _ = try await withEtcd3Client(configuration: configuration) { try await $0.defragment() }
                Output.printLine("Finished defragmenting etcd member[\(endpoint)]")
            } catch let error as EtcdError {
                failures += 1
                Output.standardError("Failed to defragment etcd member[\(endpoint)] (\(error.message))\n")
            }
        }
        if failures > 0 { throw ExitCode(CommandError.Status.error) }
    }
}
