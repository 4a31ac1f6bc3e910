import ArgumentParser
import Etcd3

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The keys a get or a del addresses: one key, `[key, range_end)`, a prefix or everything
/// from a key on, worked out from the arguments and flags as etcdctl does.
struct KeyRange {
    var key: EtcdBytes
    /// `nil` for a single key.
    var end: EtcdBytes?

    /// - Parameters:
    ///   - arguments: `KEY [RANGE_END]`.
    ///   - prefix: `--prefix`; with an empty key, every key.
    ///   - fromKey: `--from-key`: every key from KEY on.
    ///   - command: the command's name, for etcdctl's messages.
    init(arguments: [String], prefix: Bool, fromKey: Bool, command: String) throws(CommandError) {
        // etcdctl's get ignores arguments after RANGE_END; its del refuses them.
        guard !arguments.isEmpty, arguments.count <= 2 || command == "get" else {
            throw .badArguments("\(command) command needs one argument as key and an optional argument as range_end")
        }
        if prefix && fromKey {
            throw .badArguments("`--prefix` and `--from-key` cannot be set at the same time, choose one")
        }
        key = EtcdBytes(arguments[0])
        if arguments.count >= 2 {
            if prefix || fromKey {
                throw .badArguments(
                    "too many arguments, only accept one argument when `--prefix` or `--from-key` is set")
            }
            end = EtcdBytes(arguments[1])
        } else if prefix || fromKey {
            // An empty prefix, or from the empty key: everything, which etcd spells "\0" to "\0".
            if key.isEmpty { key = [0] }
            end = prefix && key != [0] ? key.prefixRangeEnd : [0]
        }
    }
}

/// `get KEY [RANGE_END]`: reads a key or a range, in one Range call as etcdctl makes it.
struct Get: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Gets the key or a range of keys")

    @ParentCommand var root: Etcd3ctl

    @Flag(help: "Get keys with matching prefix")
    var prefix = false

    @Flag(help: "Get keys that are greater than or equal to the given key using byte compare")
    var fromKey = false

    @Flag(help: "Get only the keys")
    var keysOnly = false

    @Flag(help: "Only write values when using the \"simple\" output format")
    var printValueOnly = false

    @Flag(help: "Get only the count (simple: the number alone)")
    var countOnly = false

    @Option(help: "Specify the kv revision")
    var rev: Int64 = 0

    @Option(help: "Maximum number of results")
    var limit: Int64 = 0

    @Option(help: "Linearizable(l) or Serializable(s)")
    var consistency = "l"

    @Option(help: "Order of results; ASCEND or DESCEND (ASCEND by default)")
    var order = ""

    @Option(help: "Sort target; CREATE, KEY, MODIFY, VALUE, or VERSION")
    var sortBy = ""

    @Argument(help: "KEY [RANGE_END]")
    var arguments: [String] = []

    func run() async throws {
        let format = try root.global.format()
        let range = try KeyRange(arguments: arguments, prefix: prefix, fromKey: fromKey, command: "get")
        var options = EtcdRangeOptions(limit: limit, revision: rev, keysOnly: keysOnly, countOnly: countOnly)
        try applySorting(to: &options)
        switch consistency {
        case "l": break
        case "s": options.serializable = true
        default:
            throw CommandError.failed(
                "unknown consistency flag \"\(consistency)\"", status: CommandError.Status.badFeature)
        }
        let result = try await withEtcd3Client(configuration: root.global.configuration()) { client in
            try await root.global.keys(client).range(range.key, end: range.end, options: options, timeout: nil)
        }
        var output = Output(hex: root.global.hex)
        switch format {
        case .simple:
            if countOnly {
                output.line("\(result.count)")
            } else {
                for kv in result.kvs { output.keyValue(kv, valueOnly: printValueOnly) }
            }
        case .json:
            output.line(
                JSON.object([
                    ("header", JSON.header(result.header)), ("kvs", JSON.array(result.kvs.map(JSON.keyValue))),
                    ("more", JSON.flag(result.more)), ("count", JSON.number(result.count)),
                ]))
        }
        output.flush()
    }

    /// `--order` and `--sort-by` as etcdctl maps them: key order ascending is the store's own
    /// order, so it asks for no sorting.
    private func applySorting(to options: inout EtcdRangeOptions) throws(CommandError) {
        let bad = CommandError.Status.badFeature
        switch order.uppercased() {
        case "": break
        case "ASCEND": options.sortOrder = .ascending
        case "DESCEND": options.sortOrder = .descending
        default: throw .failed("bad sort order \(order)", status: bad)
        }
        switch sortBy.uppercased() {
        case "", "KEY": options.sortTarget = .key
        case "CREATE": options.sortTarget = .createRevision
        case "MODIFY": options.sortTarget = .modRevision
        case "VALUE": options.sortTarget = .value
        case "VERSION": options.sortTarget = .version
        default: throw .failed("bad sort target \(sortBy)", status: bad)
        }
        if options.sortTarget == .key && options.sortOrder == .ascending { options.sortOrder = .none }
    }
}

/// `put KEY [VALUE]`: writes a key; the value comes from standard input when it is not given.
struct Put: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Puts the given key into the store",
        discussion: "Reads the value from standard input when VALUE is missing. Use -- before a value that starts with -."
    )

    @ParentCommand var root: Etcd3ctl

    @Option(help: "lease ID (in hexadecimal) to attach to the key")
    var lease: String?

    @Flag(help: "return the previous key-value pair before modification")
    var prevKv = false

    @Flag(help: "updates the key using its current value")
    var ignoreValue = false

    @Flag(help: "updates the key using its current lease")
    var ignoreLease = false

    @Argument(help: "KEY [VALUE]")
    var arguments: [String] = []

    func run() async throws {
        let format = try root.global.format()
        let usage = "put command needs 1 argument and input from stdin or 2 arguments"
        guard let key = arguments.first, arguments.count <= 2 else { throw CommandError.badArguments(usage) }
        var value: EtcdBytes = ""
        if ignoreValue {
            if arguments.count == 2 {
                throw CommandError.badArguments("put command needs only 1 argument when 'ignore-value' is set")
            }
        } else if arguments.count == 2 {
            value = EtcdBytes(arguments[1])
        } else {
            value = EtcdBytes(try Self.readStandardInput())
        }
        var options = EtcdPutOptions(prevKV: prevKv, ignoreValue: ignoreValue, ignoreLease: ignoreLease)
        if let lease {
            switch GoInteger.parse(lease, radix: 16) {
            case .success(let id): options.lease = id == 0 ? nil : EtcdLeaseID(id)
            case .failure(let error):
                throw CommandError.badArguments("bad lease ID (\(error.message)), expecting ID in Hex")
            }
        }
        let result = try await withEtcd3Client(configuration: root.global.configuration()) { client in
            try await root.global.keys(client).put(EtcdBytes(key), value, options: options, timeout: nil)
        }
        var output = Output(hex: root.global.hex)
        switch format {
        case .simple:
            output.line("OK")
            if let previous = result.prevKV { output.keyValue(previous) }
        case .json:
            output.line(
                JSON.object([("header", JSON.header(result.header)), ("prev_kv", result.prevKV.map(JSON.keyValue))]))
        }
        output.flush()
    }

    /// Everything on standard input, as etcdctl reads a missing value.
    static func readStandardInput() throws(CommandError) -> [UInt8] {
        var data: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(0, $0.baseAddress, $0.count) }
            if count > 0 {
                data.append(contentsOf: chunk[0..<count])
            } else if count == 0 {
                return data
            } else if errno != EINTR {
                throw .failed("reading the value from standard input failed (errno \(errno))")
            }
        }
    }
}

/// `del KEY [RANGE_END]`: deletes a key or a range and prints how many keys went.
struct Del: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Removes the specified key or range of keys [key, range_end)")

    @ParentCommand var root: Etcd3ctl

    @Flag(help: "delete keys with matching prefix")
    var prefix = false

    @Flag(help: "return deleted key-value pairs")
    var prevKv = false

    @Flag(help: "delete keys that are greater than or equal to the given key using byte compare")
    var fromKey = false

    @Argument(help: "KEY [RANGE_END]")
    var arguments: [String] = []

    func run() async throws {
        let format = try root.global.format()
        let range = try KeyRange(arguments: arguments, prefix: prefix, fromKey: fromKey, command: "del")
        let prevKV = prevKv
        let result = try await withEtcd3Client(configuration: root.global.configuration()) { client in
            try await root.global.keys(client).deleteRange(range.key, end: range.end, prevKV: prevKV, timeout: nil)
        }
        var output = Output(hex: root.global.hex)
        switch format {
        case .simple:
            output.line("\(result.deleted)")
            for kv in result.prevKVs { output.keyValue(kv) }
        case .json:
            output.line(
                JSON.object([
                    ("header", JSON.header(result.header)), ("deleted", JSON.number(result.deleted)),
                    ("prev_kvs", JSON.array(result.prevKVs.map(JSON.keyValue))),
                ]))
        }
        output.flush()
    }
}
