import ArgumentParser
import Etcd3

/// `watch KEY [RANGE_END]`: prints every change as etcdctl does (`PUT` or `DELETE`, the
/// previous pair when asked, then the key and the value) until SIGINT or SIGTERM, then exits 0.
struct Watch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Watches events stream on keys or prefixes")

    @ParentCommand var root: Etcd3ctl

    @Flag(help: "Watch on a prefix if prefix is set")
    var prefix = false

    @Option(help: "Revision to start watching")
    var rev: Int64 = 0

    @Flag(help: "get the previous key-value pair before the event happens")
    var prevKv = false

    @Argument(help: "KEY [RANGE_END]")
    var arguments: [String] = []

    func run() async throws {
        try root.global.requireSimpleOutput(for: "watch")
        guard (1...2).contains(arguments.count) else { throw CommandError.badArguments("bad number of arguments") }
        if arguments.count == 2 && prefix {
            throw CommandError.badArguments("`range_end` and `--prefix` are mutually exclusive")
        }
        let key = EtcdBytes(arguments[0])
        let options = EtcdWatchOptions(startRevision: rev > 0 ? rev : nil, prevKV: prevKv)
        let end: EtcdBytes? = arguments.count == 2 ? EtcdBytes(arguments[1]) : prefix ? key.prefixRangeEnd : nil
        let hex = root.global.hex
        try await withEtcd3Client(configuration: root.global.configuration()) { client in
            // An empty key with --prefix watches everything: "\0" to "\0".
            let events =
                end.map { client.watchRange(key.isEmpty ? [0] : key, end: $0, options: options) }
                ?? client.watch(key, options: options)
            let outcome = try await Signals.runUntilInterrupted {
                var output = Output(hex: hex)
                do {
                    for try await event in events {
                        output.line(event.kind == .put ? "PUT" : "DELETE")
                        if let previous = event.prevKV { output.keyValue(previous) }
                        output.keyValue(event.kv)
                        output.flush()
                    }
                } catch let error as EtcdError where !Task.isCancelled {
                    Output.standardError("watch was canceled (\(error.message))\n")
                }
            }
            if case .finished = outcome {
                // The watch ended without a signal: the server cancelled it.
                throw CommandError.failed("watch is canceled by the server", status: CommandError.Status.interrupted)
            }
        }
    }
}
