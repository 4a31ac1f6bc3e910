import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A child process started by this library. Only this object ever signals or reaps its PID, and
/// never after the PID was reaped, so a recycled PID is never hit.
///
/// Package-visible so the package's tests spawn helpers the same careful way (no inherited descriptors).
package final class ChildProcess: Sendable {
    /// The process id as returned by `posix_spawn`.
    package let pid: pid_t

    private enum State: Sendable {
        case running
        case exited(Int32)
    }

    private let state = Mutex<State>(.running)

    private init(pid: pid_t) {
        self.pid = pid
    }

    /// The raw wait status once reaped, `nil` while running.
    package var exitStatus: Int32? {
        state.withLock { state in
            Self.reapIfExited(pid: pid, &state)
            if case .exited(let status) = state { return status }
            return nil
        }
    }

    /// Whether the process still runs (a zombie counts as exited; it gets reaped here).
    package var isRunning: Bool { exitStatus == nil }

    /// Sends `signal` if the process was not reaped yet. Returns whether it was sent.
    @discardableResult
    package func send(_ signal: Int32) -> Bool {
        state.withLock { state in
            Self.reapIfExited(pid: pid, &state)
            guard case .running = state else { return false }
            return kill(pid, signal) == 0
        }
    }

    /// Polls until the process exited, for at most `timeout`. Returns whether it exited.
    package func waitForExit(timeout: Duration) async -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while isRunning {
            if clock.now >= deadline { return false }
            do {
                try await Task.sleep(for: .milliseconds(5))
            } catch {
                // Cancelled: cleanup must still finish, so wait without the task's sleep.
                usleep(5_000)
            }
        }
        return true
    }

    /// Like ``waitForExit(timeout:)`` but blocking the calling thread; for `deinit` paths.
    func waitForExitBlocking(timeout: Duration) -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while isRunning {
            if clock.now >= deadline { return false }
            usleep(2_000)
        }
        return true
    }

    private static func reapIfExited(pid: pid_t, _ state: inout State) {
        guard case .running = state else { return }
        var status: Int32 = 0
        let result = waitpid(pid, &status, WNOHANG)
        if result == pid {
            state = .exited(status)
        } else if result < 0 && errno == ECHILD {
            // Someone else reaped it (a process-wide reaper): treat as gone, never signal it again.
            state = .exited(-1)
        }
    }

    /// Runs this test binary again with Swift Testing, only the tests matching `filter`, with
    /// `variables` added to this process's environment (a test that finds one of them set runs
    /// in its child mode); output to `outputFile`. The child dies with this process.
    package static func rerunTests(
        matching filter: String,
        adding variables: [String: String],
        outputFile: String = "/dev/null"
    ) throws(EtcdTestSupportError) -> ChildProcess {
        let executable: String
        do {
            executable = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        } catch {
            throw EtcdTestSupportError(.commandFailed, "cannot find this process's executable: \(error)")
        }
        return try spawn(
            path: executable,
            arguments: ["--testing-library", "swift-testing", "--filter", filter],
            outputFile: outputFile,
            dieWithParent: true,
            environment: ProcessInfo.processInfo.environment.merging(variables) { $1 })
    }

    /// Starts `path` with `arguments`, stdin from `/dev/null`, stdout and stderr appended to
    /// `outputFile`. When `dieWithParent` is set, the process is started from a thread that lives as
    /// long as this process, under `setpriv --pdeathsig KILL` when available, so the kernel kills it
    /// if this process dies.
    package static func spawn(
        path: String,
        arguments: [String],
        outputFile: String,
        dieWithParent: Bool,
        environment: [String: String]? = nil
    ) throws(EtcdTestSupportError) -> ChildProcess {
        var executable = path
        var argv = [path] + arguments
        if dieWithParent, let setpriv = deathSignalWrapper {
            executable = setpriv
            argv = [setpriv, "--pdeathsig", "KILL", "--", path] + arguments
        }
        let outFD = open(outputFile, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard outFD >= 0 else {
            throw EtcdTestSupportError(.commandFailed, "cannot open \(outputFile): \(String(cString: strerror(errno)))")
        }
        defer { close(outFD) }
        let exe = executable
        let args = argv
        let result: Result<pid_t, EtcdTestSupportError>
        if dieWithParent {
            result = SpawnerThread.shared.run {
                spawnNow(exe, args, stdoutFD: outFD, stderrFD: outFD, environment: environment)
            }
        } else {
            result = spawnNow(exe, args, stdoutFD: outFD, stderrFD: outFD, environment: environment)
        }
        return ChildProcess(pid: try result.get())
    }

    /// `setpriv` from util-linux, when it exists.
    static let deathSignalWrapper: String? = {
        for candidate in ["/usr/bin/setpriv", "/bin/setpriv", "/usr/sbin/setpriv"]
        where access(candidate, X_OK) == 0 {
            return candidate
        }
        return findInPath("setpriv")
    }()

    /// Runs a short command to completion and returns its exit code and combined output.
    package static func run(
        _ path: String,
        _ arguments: [String],
        input: String = "/dev/null",
        timeout: Duration = .seconds(30)
    ) throws(EtcdTestSupportError) -> (status: Int32, output: String) {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else {
            throw EtcdTestSupportError(.commandFailed, "pipe: \(String(cString: strerror(errno)))")
        }
        _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
        let spawned = spawnNow(path, [path] + arguments, stdoutFD: fds[1], stderrFD: fds[1], input: input)
        close(fds[1])
        let pid: pid_t
        do {
            pid = try spawned.get()
        } catch {
            close(fds[0])
            throw error
        }
        var output = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 16_384)
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        var timedOut = false
        while true {
            var pfd = pollfd(fd: fds[0], events: Int16(POLLIN), revents: 0)
            let ready = poll(&pfd, 1, 100)
            if ready < 0 && errno == EINTR { continue }
            if ready == 0 {
                if clock.now >= deadline {
                    timedOut = true
                    break
                }
                continue
            }
            let n = buffer.withUnsafeMutableBytes { read(fds[0], $0.baseAddress, $0.count) }
            if n > 0 {
                output.append(contentsOf: buffer[0..<n])
            } else if n < 0 && errno == EINTR {
                continue
            } else {
                break
            }
        }
        close(fds[0])
        if timedOut { kill(pid, SIGKILL) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let text = String(decoding: output, as: UTF8.self)
        if timedOut {
            throw EtcdTestSupportError(.commandFailed, "\(path) \(arguments.joined(separator: " ")) timed out")
        }
        let code: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return (code, text)
    }

    /// Runs a command and throws unless it exits with 0.
    @discardableResult
    static func runChecked(_ path: String, _ arguments: [String]) throws(EtcdTestSupportError) -> String {
        let (status, output) = try run(path, arguments)
        guard status == 0 else {
            let command = "\((path as NSString).lastPathComponent) \(arguments.joined(separator: " "))"
            throw EtcdTestSupportError(.commandFailed, "\(command) exited with \(status): \(output)")
        }
        return output
    }

    /// Searches `PATH` for an executable named `name`.
    package static func findInPath(_ name: String) -> String? {
        allInPath(name).first
    }

    /// All executables named `name` along `PATH`, in order.
    static func allInPath(_ name: String) -> [String] {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        var seen = Set<String>()
        var result = [String]()
        for dir in path.split(separator: ":") where !dir.isEmpty {
            let candidate = "\(dir)/\(name)"
            if access(candidate, X_OK) == 0, seen.insert(candidate).inserted {
                result.append(candidate)
            }
        }
        return result
    }

    private static func spawnNow(
        _ path: String,
        _ argv: [String],
        stdoutFD: Int32,
        stderrFD: Int32,
        input: String = "/dev/null",
        environment: [String: String]? = nil
    ) -> Result<pid_t, EtcdTestSupportError> {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, input, O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, stdoutFD, 1)
        posix_spawn_file_actions_adddup2(&actions, stderrFD, 2)
        // Nothing else may leak into the child: a socket of this process kept open by a long-lived
        // server would never send its FIN when this process closes it.
        if let closeFrom = closeFromAction {
            _ = closeFrom(&actions, 3)
        }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var emptyMask = sigset_t()
        sigemptyset(&emptyMask)
        posix_spawnattr_setsigmask(&attributes, &emptyMask)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGPIPE)
        sigaddset(&defaults, SIGINT)
        sigaddset(&defaults, SIGTERM)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        // Own process group: a terminal's Ctrl-C goes to the test runner, which then takes the
        // servers down through the death signal.
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(
            &attributes,
            Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP)
        )

        let cArgs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { for arg in cArgs { free(arg) } }
        let cEnvironment: [UnsafeMutablePointer<CChar>?]? = environment.map { variables in
            variables.map { strdup("\($0.key)=\($0.value)") } + [nil]
        }
        defer { for variable in cEnvironment ?? [] { free(variable) } }
        var pid: pid_t = 0
        let rc: Int32
        if let cEnvironment {
            rc = posix_spawn(&pid, path, &actions, &attributes, cArgs, cEnvironment)
        } else {
            rc = posix_spawn(&pid, path, &actions, &attributes, cArgs, environ)
        }
        guard rc == 0 else {
            return .failure(
                EtcdTestSupportError(.commandFailed, "cannot start \(path): \(String(cString: strerror(rc)))")
            )
        }
        return .success(pid)
    }
}

/// `posix_spawn_file_actions_addclosefrom_np` (glibc 2.34+), which the Swift overlay does not export.
private let closeFromAction: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, Int32) -> Int32)? = {
    #if canImport(Glibc)
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") else {
            return nil
        }
        return unsafeBitCast(
            symbol,
            to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, Int32) -> Int32).self
        )
    #else
        return nil
    #endif
}()

/// A thread that lives as long as the process and starts the long-lived children.
///
/// Linux delivers `PR_SET_PDEATHSIG` when the *thread* that created the child exits, not the process;
/// threads of the concurrency pool may come and go, this one never exits.
final class SpawnerThread: @unchecked Sendable {
    static let shared = SpawnerThread()

    // Guarded by `condition`.
    private var jobs: [@Sendable () -> Void] = []
    private let condition = NSCondition()

    private init() {
        let thread = Thread { [unowned self] in self.loop() }
        thread.name = "etcd3-test-spawner"
        thread.start()
    }

    private func loop() -> Never {
        while true {
            condition.lock()
            while jobs.isEmpty { condition.wait() }
            let job = jobs.removeFirst()
            condition.unlock()
            job()
        }
    }

    /// Runs `body` on the spawner thread and waits for its result.
    func run<T: Sendable>(_ body: @escaping @Sendable () -> T) -> T {
        let box = Mutex<T?>(nil)
        let done = DispatchSemaphore(value: 0)
        condition.lock()
        jobs.append {
            let value = body()
            box.withLock { $0 = value }
            done.signal()
        }
        condition.signal()
        condition.unlock()
        done.wait()
        return box.withLock { $0! }
    }
}

/// Runs blocking work (commands that run to completion, such as `openssl`) on a thread of its
/// own and awaits it, so it never holds one of the few cooperative threads that every task of
/// the process shares: tests running in parallel keep their timers and deadlines.
func runOffCooperativePool<T: Sendable>(
    _ body: @escaping @Sendable () throws(EtcdTestSupportError) -> T
) async throws(EtcdTestSupportError) -> T {
    let result: Result<T, EtcdTestSupportError> = await withCheckedContinuation { continuation in
        Thread {
            do throws(EtcdTestSupportError) {
                continuation.resume(returning: .success(try body()))
            } catch {
                continuation.resume(returning: .failure(error))
            }
        }.start()
    }
    return try result.get()
}
