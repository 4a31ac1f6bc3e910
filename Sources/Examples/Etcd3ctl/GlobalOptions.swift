import ArgumentParser
import Etcd3

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// etcdctl's global flags, each falling back to its `ETCDCTL_*` environment variable.
struct GlobalOptions: ParsableArguments {
    @Option(help: "gRPC endpoints, comma-separated (default 127.0.0.1:2379; ETCDCTL_ENDPOINTS)")
    var endpoints: String?

    @Option(help: "verify certificates of TLS-enabled secure servers using this CA bundle")
    var cacert: String?

    @Option(help: "identify secure client using this TLS certificate file")
    var cert: String?

    @Option(help: "identify secure client using this TLS key file")
    var key: String?

    @Option(help: "username[:password] for authentication (prompt if password is not supplied)")
    var user: String?

    @Option(help: "password for authentication (if this option is used, --user option shouldn't include password)")
    var password: String?

    @Option(help: "dial timeout for client connections (default 2s)")
    var dialTimeout: String?

    @Option(help: "timeout for short running command, excluding dial timeout (default 5s)")
    var commandTimeout: String?

    @Option(name: [.customShort("w"), .customLong("write-out")], help: "set the output format (simple, json)")
    var writeOut: String?

    @Flag(help: "print byte strings as hex encoded strings")
    var hex = false

    @Option(
        name: [.customShort("d"), .customLong("discovery-srv")], help: "domain name to query for SRV records describing cluster endpoints")
    var discoverySrv: String?

    @Option(help: "service name to query when using DNS discovery")
    var discoverySrvName: String?

    @Option(help: "etcd3ctl only: the DNS server for --discovery-srv, IP[:PORT] (default: /etc/resolv.conf's)")
    var discoveryDnsServer: String?

    @Option(help: "etcd3ctl only: a prefix for the keys of get, put, del, watch, lease timetolive, lock and elect")
    var namespace: String?

    /// The flag's value, or else the `ETCDCTL_<NAME>` environment variable's.
    private func resolved(_ flag: String?, _ variable: String) -> String? {
        if let flag { return flag }
        guard let value = getenv("ETCDCTL_" + variable) else { return nil }
        let text = String(cString: value)
        return text.isEmpty ? nil : text
    }

    /// The output format: `simple` (the default) or `json`.
    func format() throws(CommandError) -> OutputFormat {
        try format(as: OutputFormat.self)
    }

    /// The `-w` flag (or `ETCDCTL_WRITE_OUT`) as one of `Format`'s cases, `simple` by default.
    private func format<Format: RawRepresentable<String>>(as _: Format.Type) throws(CommandError) -> Format {
        let name = resolved(writeOut, "WRITE_OUT") ?? "simple"
        guard let format = Format(rawValue: name) else {
            throw CommandError.failed(
                "\(name) not supported as output format", status: CommandError.Status.badFeature)
        }
        return format
    }

    /// The output format of a command that also writes etcdctl's tables (`endpoint`, `member
    /// list`): `simple`, `json` or `table`.
    func formatWithTable() throws(CommandError) -> TableOutputFormat {
        try format(as: TableOutputFormat.self)
    }

    /// The endpoints the flags name, in order: `--endpoints`, or the SRV records of
    /// `--discovery-srv` (which, as with etcdctl, takes precedence).
    func endpointList() async throws(CommandError) -> [String] {
        let configuration = try configuration()
        if let srv = configuration.discoverySRV {
            do {
                return try await srv.endpoints(usesTLS: configuration.tls != nil)
            } catch {
                throw CommandError(error)
            }
        }
        return configuration.endpoints
    }

    /// The endpoints of `--endpoints` (or `ETCDCTL_ENDPOINTS`), in order.
    private func flaggedEndpoints() -> [String] {
        (resolved(endpoints, "ENDPOINTS") ?? "127.0.0.1:2379").split(separator: ",").map { String($0).trimmed }
            .filter { !$0.isEmpty }
    }

    /// The client configuration for one of the endpoints alone (commands that act on each
    /// endpoint in turn, as etcdctl's `endpoint` and `defrag` do).
    func configuration(endpoint: String) throws(CommandError) -> Etcd3Client.Configuration {
        var configuration = try configuration()
        configuration.endpoints = [endpoint]
        configuration.discoverySRV = nil
        return configuration
    }

    /// The keys the commands act on: the whole cluster, or the view under `--namespace`.
    func keys(_ client: Etcd3Client) throws(CommandError) -> any EtcdKV {
        guard let prefix = resolved(namespace, "NAMESPACE") else { return client }
        do {
            return try client.namespace(EtcdBytes(prefix))
        } catch {
            throw CommandError.badArguments(error.message)
        }
    }

    /// Fails unless the output format is `simple`: etcd3ctl writes JSON for get, put and del only.
    func requireSimpleOutput(for command: String) throws(CommandError) {
        guard try format() == .simple else {
            throw .failed("etcd3ctl \(command) writes -w simple only", status: CommandError.Status.badFeature)
        }
    }

    /// The client configuration the flags describe.
    func configuration() throws(CommandError) -> Etcd3Client.Configuration {
        var configuration = Etcd3Client.Configuration(endpoints: flaggedEndpoints())
        if let domain = resolved(discoverySrv, "DISCOVERY_SRV") {
            var nameservers: [String] = []
            if let server = resolved(discoveryDnsServer, "DISCOVERY_DNS_SERVER") { nameservers = [server] }
            configuration.discoverySRV = .init(
                domain: domain, serviceName: resolved(discoverySrvName, "DISCOVERY_SRV_NAME"), nameservers: nameservers)
        }
        configuration.connectTimeout = try Self.duration(resolved(dialTimeout, "DIAL_TIMEOUT") ?? "2s", flag: "dial-timeout")
        configuration.requestTimeout = try Self.duration(
            resolved(commandTimeout, "COMMAND_TIMEOUT") ?? "5s", flag: "command-timeout")
        let caFile = resolved(cacert, "CACERT")
        let certFile = resolved(cert, "CERT")
        let keyFile = resolved(key, "KEY")
        if caFile != nil || certFile != nil || keyFile != nil {
            configuration.tls = .init(
                trustRoots: caFile.map { .file($0) }, certificateChain: certFile.map { .file($0) },
                privateKey: keyFile.map { .file($0) })
        }
        configuration.credentials = try credentials()
        return configuration
    }

    /// `--user name:password`, or `--user name` with `--password`, or with a password typed at
    /// the terminal, as etcdctl takes them.
    private func credentials() throws(CommandError) -> Etcd3Client.Credentials? {
        guard let user = resolved(user, "USER") else {
            if password != nil { throw CommandError.badArguments("username is empty") }
            return nil
        }
        if let password = resolved(password, "PASSWORD") {
            return .init(username: user, password: password)
        }
        if let colon = user.firstIndex(of: ":") {
            return .init(username: String(user[..<colon]), password: String(user[user.index(after: colon)...]))
        }
        guard let typed = getpass("Password: ") else {
            throw CommandError.badArguments("failed to read password")
        }
        return .init(username: user, password: String(cString: typed))
    }

    /// Parses a duration as Go writes them (`500ms`, `2s`, `1m30s`, `1.5h`), which is what
    /// etcdctl's timeout flags take.
    static func duration(_ text: String, flag: String) throws(CommandError) -> Duration {
        let units: [(String, Double)] = [
            ("ns", 1e-9), ("us", 1e-6), ("µs", 1e-6), ("ms", 1e-3), ("s", 1), ("m", 60), ("h", 3600),
        ]
        let invalid = CommandError.badArguments("invalid argument \"\(text)\" for \"--\(flag)\" flag: invalid duration")
        var rest = Substring(text)
        var seconds = 0.0
        guard !rest.isEmpty else { throw invalid }
        while !rest.isEmpty {
            let number = rest.prefix { $0.isNumber || $0 == "." }
            rest = rest.dropFirst(number.count)
            let unitText = rest.prefix { !($0.isNumber || $0 == ".") }
            rest = rest.dropFirst(unitText.count)
            guard let value = Double(number), let unit = units.first(where: { $0.0 == unitText }) else {
                // A bare 0 is the one number Go accepts without a unit.
                if number == "0", unitText.isEmpty, rest.isEmpty, seconds == 0 { return .zero }
                throw invalid
            }
            seconds += value * unit.1
        }
        return .nanoseconds(Int64((seconds * 1e9).rounded()))
    }
}

extension String {
    /// The string without leading and trailing spaces.
    var trimmed: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
