import ArgumentParser
import Dispatch
import Etcd3

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// `lock NAME [COMMAND ARGS…]`: acquires the lock NAME (the key `NAME/<lease>` of etcd's Go
/// `concurrency.Mutex`, so it excludes etcdctl's locks of the same name).
///
/// Without a command it prints the lock's key (and its empty value, as etcdctl does) and holds
/// the lock until SIGINT or SIGTERM, then releases it. With a command it runs the command with
/// `ETCD_LOCK_KEY` and `ETCD_LOCK_REV` in its environment, releases the lock when the command
/// exits, and exits with the command's status.
struct Lock: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Acquires a named lock",
        discussion: "Give global flags before NAME: everything after NAME belongs to the command."
    )

    @ParentCommand var root: Etcd3ctl

    @Option(help: "timeout for session")
    var ttl = 10

    @Argument(parsing: .captureForPassthrough, help: "NAME [COMMAND ARGS…]")
    var arguments: [String] = []

    func run() async throws {
        try root.global.requireSimpleOutput(for: "lock")
        guard let name = arguments.first, !name.isEmpty else {
            throw CommandError.badArguments("lock takes a lock name argument and an optional command to execute")
        }
        var command = Array(arguments.dropFirst())
        if command.first == "--" { command.removeFirst() }
        let ttl = Duration.seconds(ttl)
        let status = try await withEtcd3Client(configuration: root.global.configuration()) { client in
            let keys = try root.global.keys(client)
            return try await SessionHold.run(client, ttl: ttl, lost: "session expired") { session in
                try await Self.hold(EtcdBytes(name), command: command, session: session, keys: keys)
            }
        }
        if status != 0 { throw ExitCode(status) }
    }

    /// Acquires the lock among `keys` (the cluster's, or a namespace's), then runs the command or
    /// waits for a signal; returns the exit status.
    private static func hold(_ name: EtcdBytes, command: [String], session: EtcdSession, keys: any EtcdKV) async throws -> Int32 {
        // SIGINT or SIGTERM while waiting for the lock gives up, as etcdctl does.
        let lock = try await SessionHold.untilInterrupted { try await keys.lock(name, session: session, timeout: nil) }
        if !command.isEmpty {
            let environment = ["ETCD_LOCK_KEY=\(lock.key)", "ETCD_LOCK_REV=\(lock.fence)"]
            let status = try await ChildProcess.run(command, adding: environment)
            try await lock.release()
            return status
        }
        guard let kv = try await keys.get(lock.key, options: .default, timeout: nil) else {
            throw CommandError.failed("lock lost on init")
        }
        var output = Output()
        output.keyValue(kv)
        output.flush()
        try await SessionHold.waitForSignal(session, lost: "session expired")
        try await lock.release()
        return 0
    }
}

/// `elect NAME PROPOSAL` campaigns and, once elected, prints the leader key and the proposal
/// and holds the leadership until SIGINT or SIGTERM, then resigns. `elect -l NAME` prints
/// every leader (key, then value) as it is elected. The keys are those of etcd's Go
/// `concurrency.Election`, so it takes part in etcdctl's elections of the same name.
struct Elect: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Observes and participates in leader election")

    @ParentCommand var root: Etcd3ctl

    @Flag(name: [.customShort("l"), .customLong("listen")], help: "observation mode")
    var listen = false

    @Argument(help: "NAME [PROPOSAL]")
    var arguments: [String] = []

    func run() async throws {
        try root.global.requireSimpleOutput(for: "elect")
        guard (1...2).contains(arguments.count) else {
            throw CommandError.badArguments("elect takes one election name argument and an optional proposal argument")
        }
        if arguments.count == 1 && !listen { throw CommandError.badArguments("no proposal argument but -l not set") }
        if arguments.count == 2 && listen { throw CommandError.badArguments("proposal given but -l is set") }
        let name = EtcdBytes(arguments[0])
        let proposal = arguments.count == 2 ? EtcdBytes(arguments[1]) : nil
        try await withEtcd3Client(configuration: root.global.configuration()) { client in
            if let proposal {
                try await Self.campaign(root.global.keys(client).election(name), proposal: proposal)
            } else {
                try await Self.observe(root.global.keys(client).election(name))
            }
        }
    }

    private static func campaign(_ election: EtcdElection, proposal: EtcdBytes) async throws {
        try await SessionHold.run(election.client, ttl: Etcd3Client.defaultSessionTTL, lost: "elect: session expired") {
            session in
            let leadership = try await SessionHold.untilInterrupted {
                try await election.campaign(value: proposal, session: session)
            }
            var output = Output()
            output.line(leadership.key)
            output.line(proposal)
            output.flush()
            try await SessionHold.waitForSignal(session, lost: "elect: session expired")
            try await leadership.resign()
        }
    }

    private static func observe(_ election: EtcdElection) async throws {
        let outcome = try await Signals.runUntilInterrupted {
            var output = Output()
            for try await leader in election.observe() {
                // etcdctl prints leaders only; "no leader" shows as nothing.
                guard let leader else { continue }
                output.line(leader.key)
                output.line(leader.value)
                output.flush()
            }
        }
        if case .finished = outcome { throw CommandError.failed("elect: observer lost") }
    }
}

/// The session that `lock` and `elect` hold their key with, and etcdctl's ways of ending.
enum SessionHold {
    /// Runs `body` with a session of `ttl` that is closed (its lease revoked) however `body`
    /// ends; the session's loss fails with etcdctl's message `lost`.
    static func run<Result: Sendable>(
        _ client: Etcd3Client, ttl: Duration, lost: String, _ body: (EtcdSession) async throws -> Result
    ) async throws -> Result {
        do {
            return try await client.withSession(ttl: ttl) { session in try await body(session) }
        } catch let error as EtcdError where error.code == .leaseNotFound || error.code == .leaseExpired {
            throw CommandError.failed(lost)
        }
    }

    /// Runs an acquisition; SIGINT or SIGTERM while it waits gives up as etcdctl does.
    static func untilInterrupted<Value: Sendable>(
        _ acquire: @escaping @Sendable () async throws -> Value
    ) async throws -> Value {
        guard case .finished(let value) = try await Signals.runUntilInterrupted(acquire) else {
            throw CommandError.failed("context canceled")
        }
        return value
    }

    /// Waits for SIGINT or SIGTERM; fails with etcdctl's message `lost` if the session ends first.
    static func waitForSignal(_ session: EtcdSession, lost: String) async throws {
        guard case .interrupted = try await Signals.runUntilInterrupted({ await session.waitUntilEnded() }) else {
            throw CommandError.failed(lost)
        }
    }
}

/// A command run as etcdctl's `lock` runs it: standard input, output and error shared, the
/// environment extended, SIGINT and SIGTERM passed on while it runs.
enum ChildProcess {
    /// Runs `command` (looked up on `PATH`) with `environment` added to ours, and returns its
    /// exit status (128 + the signal's number when a signal ended it).
    static func run(_ command: [String], adding environment: [String]) async throws(CommandError) -> Int32 {
        var variables: [String] = []
        var entry = environ
        while let pointer = entry.pointee {
            variables.append(String(cString: pointer))
            entry += 1
        }
        let added = Set(environment.map { $0.prefix { $0 != "=" } })
        variables = variables.filter { !added.contains($0.prefix { $0 != "=" }) } + environment

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // The child starts with default signal handling and no blocked signals, whatever
        // this process set up for itself.
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGINT)
        sigaddset(&defaults, SIGTERM)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigmask(&attributes, &mask)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let signals = Signals.interruptions()
        var pid = pid_t()
        let result = withCStrings(command) { argv in
            withCStrings(variables) { envp in posix_spawnp(&pid, command[0], nil, &attributes, argv, envp) }
        }
        guard result == 0 else {
            throw .failed("exec: \"\(command[0])\": \(String(cString: strerror(result)))")
        }
        let child = pid
        let forwarder = Task {
            for await signal in signals { kill(child, signal) }
        }
        let status = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                var status: Int32 = 0
                while waitpid(child, &status, 0) < 0 && errno == EINTR {}
                continuation.resume(returning: status)
            }
        }
        forwarder.cancel()
        // WIFEXITED / WEXITSTATUS / WTERMSIG, which Swift does not import.
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }

    /// Calls `body` with `strings` as a NULL-terminated array of C strings.
    private static func withCStrings<Result>(
        _ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> Result
    ) -> Result {
        let pointers = strings.map { strdup($0) } + [nil]
        defer { for pointer in pointers { free(pointer) } }
        return body(pointers)
    }
}
