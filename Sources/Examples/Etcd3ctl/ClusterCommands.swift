import ArgumentParser
import Etcd3

/// Runs `body` with a client for each endpoint alone, all at once, and returns the results in
/// the endpoints' order (etcdctl's `endpoint` commands and `defrag` act on every endpoint).
func forEachEndpoint<Result: Sendable>(
    _ global: GlobalOptions,
    _ body: @escaping @Sendable (Etcd3Client) async throws(EtcdError) -> Result
) async throws(CommandError) -> [(endpoint: String, result: Swift.Result<Result, EtcdError>)] {
    let endpoints = try await global.endpointList()
    var configurations: [Etcd3Client.Configuration] = []
    for endpoint in endpoints { configurations.append(try global.configuration(endpoint: endpoint)) }
    let results = await withTaskGroup(of: (Int, Swift.Result<Result, EtcdError>).self) { group in
        for (index, configuration) in configurations.enumerated() {
            group.addTask {
                do {
                    return (index, .success(try await withEtcd3Client(configuration: configuration) { try await body($0) }))
                } catch let error as EtcdError {
                    return (index, .failure(error))
                } catch {
                    return (index, .failure(EtcdError(.unknown, "\(error)")))
                }
            }
        }
        var results = [Swift.Result<Result, EtcdError>?](repeating: nil, count: configurations.count)
        for await (index, result) in group { results[index] = result }
        return results.map { $0! }
    }
    return Array(zip(endpoints, results)).map { (endpoint: $0.0, result: $0.1) }
}

/// `endpoint`: status and health of every endpoint, as etcdctl prints them.
struct Endpoint: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Endpoint related commands",
        subcommands: [Status.self, Health.self]
    )

    /// `endpoint status`.
    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Prints out the status of endpoints specified in `--endpoints` flag")

        @ParentCommand var root: Etcd3ctl

        func run() async throws {
            let format = try root.global.formatWithTable()
            let results = try await forEachEndpoint(root.global) { client throws(EtcdError) in try await client.status() }
            var statuses: [(String, EtcdMemberStatus)] = []
            var failed = false
            for (endpoint, result) in results {
                switch result {
                case .success(let status): statuses.append((endpoint, status))
                case .failure(let error):
                    failed = true
                    Output.standardError("Failed to get the status of endpoint \(endpoint) (\(error.message))\n")
                }
            }
            switch format {
            case .simple:
                for (endpoint, status) in statuses {
                    Output.printLine(Self.fields(endpoint, status).joined(separator: ", "))
                }
            case .json:
                let items = statuses.map { endpoint, status in
                    JSON.object([
                        ("Endpoint", JSON.quoted(endpoint)),
                        (
                            "Status",
                            JSON.object([
                                ("header", JSON.header(status.header)), ("version", JSON.string(status.version)),
                                ("dbSize", JSON.number(status.dbSize)), ("leader", JSON.number(status.leader)),
                                ("raftIndex", JSON.number(status.raftIndex)), ("raftTerm", JSON.number(status.raftTerm)),
                                ("raftAppliedIndex", JSON.number(status.raftAppliedIndex)),
                                ("errors", JSON.array(status.errors.map(JSON.quoted))),
                                ("dbSizeInUse", JSON.number(status.dbSizeInUse)), ("isLearner", JSON.flag(status.isLearner)),
                            ])
                        ),
                    ])
                }
                Output.printLine("[" + items.joined(separator: ",") + "]")
            case .table:
                var table = Table([
                    "ENDPOINT", "ID", "VERSION", "DB SIZE", "IS LEADER", "IS LEARNER", "RAFT TERM", "RAFT INDEX",
                    "RAFT APPLIED INDEX", "ERRORS",
                ])
                for (endpoint, status) in statuses { table.rows.append(Self.fields(endpoint, status)) }
                Output.standardOutput(table.text)
            }
            if failed { throw ExitCode(CommandError.Status.error) }
        }

        /// One endpoint's columns, as the simple and table formats print them.
        static func fields(_ endpoint: String, _ status: EtcdMemberStatus) -> [String] {
            [
                endpoint, GoFormat.hex(status.header.memberID), status.version, GoFormat.bytes(status.dbSize),
                "\(status.isLeader)", "\(status.isLearner)", "\(status.raftTerm)", "\(status.raftIndex)",
                "\(status.raftAppliedIndex)", status.errors.joined(separator: ", "),
            ]
        }
    }

    /// `endpoint health`: a linearizable read of the key `health` (permission denied counts as
    /// healthy: the read went through consensus), then no alarm may be active.
    struct Health: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Checks the healthiness of endpoints specified in `--endpoints` flag")

        @ParentCommand var root: Etcd3ctl

        func run() async throws {
            let format = try root.global.formatWithTable()
            let results = try await forEachEndpoint(root.global) { client throws(EtcdError) in
                let start = ContinuousClock.now
                do throws(EtcdError) {
                    _ = try await client.get("health")
                } catch  where error.code == .permissionDenied {}
                let took = ContinuousClock.now - start
                let alarms = try await client.alarms()
                return (took, alarms)
            }
            var reports: [(endpoint: String, healthy: Bool, took: Duration?, error: String)] = []
            for (endpoint, result) in results {
                switch result {
                case .success(let (took, alarms)) where alarms.isEmpty:
                    reports.append((endpoint, true, took, ""))
                case .success(let (took, alarms)):
                    let names = alarms.map { (alarm: Etcd3.EtcdAlarm) in
                        alarm.kind == Etcd3.EtcdAlarm.Kind.noSpace
                            ? "NOSPACE " : alarm.kind == Etcd3.EtcdAlarm.Kind.corrupt ? "CORRUPT " : "UNKNOWN "
                    }
                    reports.append((endpoint, false, took, "Active Alarm(s): " + names.joined()))
                case .failure(let error):
                    reports.append((endpoint, false, nil, error.message))
                }
            }
            switch format {
            case .simple:
                for report in reports {
                    if report.healthy {
                        Output.printLine(
                            "\(report.endpoint) is healthy: successfully committed proposal: took = \(GoFormat.duration(report.took ?? .zero))"
                        )
                    } else {
                        Output.standardError("\(report.endpoint) is unhealthy: failed to commit proposal: \(report.error)\n")
                    }
                }
            case .json:
                let items = reports.map { report in
                    JSON.object([
                        ("endpoint", JSON.quoted(report.endpoint)), ("health", report.healthy ? "true" : "false"),
                        ("took", report.took.map { JSON.quoted(GoFormat.duration($0)) }), ("error", JSON.string(report.error)),
                    ])
                }
                Output.printLine("[" + items.joined(separator: ",") + "]")
            case .table:
                var table = Table(["ENDPOINT", "HEALTH", "TOOK", "ERROR"])
                for report in reports {
                    table.rows.append([
                        report.endpoint, "\(report.healthy)", report.took.map(GoFormat.duration) ?? "0s", report.error,
                    ])
                }
                Output.standardOutput(table.text)
            }
            if reports.contains(where: { !$0.healthy }) { throw CommandError.failed("unhealthy cluster") }
        }
    }
}

/// `member`: list, add, remove, update and promote, printed as etcdctl prints them.
struct MemberCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "member",
        abstract: "Membership related commands",
        subcommands: [List.self, Add.self, Remove.self, Update.self, Promote.self]
    )

    /// The member ID argument in hexadecimal, or etcdctl's error for it.
    static func memberID(_ arguments: [String], usage: String) throws(CommandError) -> UInt64 {
        guard arguments.count == 1 else { throw .badArguments(usage) }
        guard let id = UInt64(arguments[0], radix: 16) else {
            throw .badArguments("bad member ID arg (strconv.ParseUint: parsing \"\(arguments[0])\": invalid syntax), expecting ID in Hex")
        }
        return id
    }

    /// `--peer-urls`, comma-separated.
    static func peerURLs(_ text: String?) throws(CommandError) -> [String] {
        let urls = (text ?? "").split(separator: ",").map { String($0).trimmed }.filter { !$0.isEmpty }
        guard !urls.isEmpty else { throw .badArguments("member peer urls not provided") }
        return urls
    }

    /// The cluster ID, for the lines that name it.
    static func clusterID(_ client: Etcd3Client) async throws(EtcdError) -> UInt64 {
        try await client.status().header.clusterID
    }

    /// `member list`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Lists all members in the cluster")

        @ParentCommand var root: Etcd3ctl

        @Flag(help: "read the list through the leader (etcd 3.5 and later)")
        var consistency = false

        func run() async throws {
            let format = try root.global.formatWithTable()
            let linearizable = consistency
            let (members, header) = try await withEtcd3Client(configuration: root.global.configuration()) { client in
                (try await client.members(linearizable: linearizable), try await client.status().header)
            }
            switch format {
            case .simple:
                for member in members { Output.printLine(Self.fields(member).joined(separator: ", ")) }
            case .json:
                var listHeader = header
                listHeader.revision = 0  // the Cluster service's headers carry no revision
                let items = members.map { member in
                    JSON.object([
                        ("ID", JSON.number(member.id)), ("name", JSON.string(member.name)),
                        ("peerURLs", JSON.array(member.peerURLs.map(JSON.quoted))),
                        ("clientURLs", JSON.array(member.clientURLs.map(JSON.quoted))),
                        ("isLearner", JSON.flag(member.isLearner)),
                    ])
                }
                Output.printLine(JSON.object([("header", JSON.header(listHeader)), ("members", JSON.array(items))]))
            case .table:
                var table = Table(["ID", "STATUS", "NAME", "PEER ADDRS", "CLIENT ADDRS", "IS LEARNER"])
                for member in members { table.rows.append(Self.fields(member)) }
                Output.standardOutput(table.text)
            }
        }

        /// One member's columns, as the simple and table formats print them.
        static func fields(_ member: EtcdClusterMember) -> [String] {
            [
                GoFormat.hex(member.id), member.name.isEmpty ? "unstarted" : "started", member.name,
                member.peerURLs.joined(separator: ","), member.clientURLs.joined(separator: ","), "\(member.isLearner)",
            ]
        }
    }

    /// `member add NAME --peer-urls URLS [--learner]`.
    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Adds a member into the cluster")

        @ParentCommand var root: Etcd3ctl

        @Option(help: "comma separated peer URLs for the new member")
        var peerUrls: String?

        @Flag(help: "indicates if the new member is raft learner")
        var learner = false

        @Argument(help: "the new member's name")
        var arguments: [String] = []

        func run() async throws {
            try root.global.requireSimpleOutput(for: "member add")
            guard arguments.count == 1 else { throw CommandError.badArguments("member name not provided") }
            let name = arguments[0]
            let urls = try MemberCommand.peerURLs(peerUrls)
            let isLearner = learner
            let (added, members, cluster) = try await withEtcd3Client(configuration: root.global.configuration()) {
                client in
                let (added, members) = try await client.addMember(peerURLs: urls, isLearner: isLearner)
                return (added, members, try await MemberCommand.clusterID(client))
            }
            let initialCluster = members.flatMap { member in
                member.peerURLs.map { "\(member.id == added.id ? name : member.name)=\($0)" }
            }
            Output.printLine("Member \(GoFormat.paddedHex(added.id)) added to cluster \(GoFormat.paddedHex(cluster))")
            Output.printLine("")
            Output.printLine("ETCD_NAME=\(JSON.quoted(name))")
            Output.printLine("ETCD_INITIAL_CLUSTER=\(JSON.quoted(initialCluster.joined(separator: ",")))")
            Output.printLine("ETCD_INITIAL_ADVERTISE_PEER_URLS=\(JSON.quoted(urls.joined(separator: ",")))")
            Output.printLine("ETCD_INITIAL_CLUSTER_STATE=\"existing\"")
        }
    }

    /// `member remove ID`.
    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Removes a member from the cluster")

        @ParentCommand var root: Etcd3ctl

        @Argument(help: "the member ID in hexadecimal")
        var arguments: [String] = []

        func run() async throws {
            try root.global.requireSimpleOutput(for: "member remove")
            let id = try MemberCommand.memberID(arguments, usage: "member ID is not provided")
            let cluster = try await withEtcd3Client(configuration: root.global.configuration()) { client in
                let cluster = try await MemberCommand.clusterID(client)
                try await client.removeMember(id)
                return cluster
            }
            Output.printLine("Member \(GoFormat.paddedHex(id)) removed from cluster \(GoFormat.paddedHex(cluster))")
        }
    }

    /// `member update ID --peer-urls URLS`.
    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Updates a member in the cluster")

        @ParentCommand var root: Etcd3ctl

        @Option(help: "comma separated peer URLs for the updated member")
        var peerUrls: String?

        @Argument(help: "the member ID in hexadecimal")
        var arguments: [String] = []

        func run() async throws {
            try root.global.requireSimpleOutput(for: "member update")
            let id = try MemberCommand.memberID(arguments, usage: "member ID is not provided")
            let urls = try MemberCommand.peerURLs(peerUrls)
            let cluster = try await withEtcd3Client(configuration: root.global.configuration()) { client in
                try await client.updateMember(id, peerURLs: urls)
                return try await MemberCommand.clusterID(client)
            }
            Output.printLine("Member \(GoFormat.paddedHex(id)) updated in cluster \(GoFormat.paddedHex(cluster))")
        }
    }

    /// `member promote ID`.
    struct Promote: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Promotes a non-voting member in the cluster")

        @ParentCommand var root: Etcd3ctl

        @Argument(help: "the learner's member ID in hexadecimal")
        var arguments: [String] = []

        func run() async throws {
            try root.global.requireSimpleOutput(for: "member promote")
            let id = try MemberCommand.memberID(arguments, usage: "member ID is not provided")
            let cluster = try await withEtcd3Client(configuration: root.global.configuration()) { client in
                try await client.promoteMember(id)
                return try await MemberCommand.clusterID(client)
            }
            Output.printLine("Member \(GoFormat.paddedHex(id)) promoted in cluster \(GoFormat.paddedHex(cluster))")
        }
    }
}
