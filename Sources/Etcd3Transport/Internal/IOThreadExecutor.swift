internal import CEtcd3NGHTTP2
import Glibc
import Synchronization

/// What the I/O loop waits for on the connection's socket.
struct PollInterest: Sendable {
    /// The socket, or -1 for none.
    var fd: Int32 = -1
    /// `POLLIN` / `POLLOUT` bits.
    var events: Int16 = 0
    /// Milliseconds until the nearest timer, or -1 for none.
    var timeoutMilliseconds: Int32 = -1
}

/// The connection side of the I/O loop. Both methods run on the loop thread, outside any job,
/// holding the executor's isolation lock; implementations enter their actor without the
/// runtime's check (``HTTP2Connection/callIsolated(_:_:)``).
protocol IOLoopHandler: AnyObject, Sendable {
    /// Called after each batch of jobs: flush output, return what to wait for.
    func loopPrepare() -> PollInterest
    /// Called after `poll` returned (also on timeout): socket readiness and timers.
    func loopHandle(revents: Int16)
}

/// A serial executor backed by one dedicated thread that waits in `poll` on an `eventfd` and
/// the sockets of the connections it serves.
///
/// Every connection of a client shares one loop (``IOLoop``): their actors share this
/// executor, so one thread serves all of them, and tasks that prefer the loop as their task
/// executor run on the same thread (``IOLoop/enqueue(_:)``).
///
/// `enqueue` appends the job and writes the eventfd only when the loop is (about to be)
/// asleep, so a busy loop takes jobs without syscalls. The loop runs all queued jobs, then
/// lets each handler flush output once, then sleeps.
///
/// Isolation is a lock, not a thread: the loop holds it while it runs actor jobs and the
/// handlers, and lets it go while it sleeps in `poll` (and while it runs the jobs of tasks
/// that only prefer the thread). Another thread may then take it for a moment
/// (``runIsolatedWhileSleeping(_:)``) and do isolated work itself, such as writing a request
/// while the loop sleeps, instead of waking the loop to do it. `checkIsolated` accepts
/// whichever thread holds the lock.
final class IOThreadExecutor: SerialExecutor, Sendable {
    private struct WeakHandler {
        weak var handler: (any IOLoopHandler)?
    }

    private struct State {
        var jobs: [UnownedJob] = []
        /// Jobs of tasks that prefer the loop's thread, run outside the isolation.
        var taskJobs: [UnownedJob] = []
        var sleeping = false
        var pendingWork = false
        var stopping = false
        var handlers: [WeakHandler] = []
        /// The ``IOLoop`` that task jobs run on (unowned: it owns this executor's life).
        var taskExecutor: UnownedTaskExecutor?
    }

    private let state = Mutex(State())
    private let eventFD: Int32
    /// Held by whoever runs the actor's isolated code: the loop (outside `poll`) or a caller
    /// inside ``runIsolatedWhileSleeping(_:)``.
    private let isolation = Mutex(())
    /// The `pthread_t` of the isolation lock's holder, 0 when free. Only the holder writes its
    /// own id, so a thread reads its own id here exactly while it holds the lock.
    private let owner = Atomic<UInt>(0)

    /// Starts the loop thread.
    ///
    /// - Throws: ``IOLoopStartFailure`` when the process cannot create the loop's eventfd (out
    ///   of file descriptors) or its thread (out of threads or memory).
    init() throws(IOLoopStartFailure) {
        let fd = eventfd(0, Int32(EFD_CLOEXEC | EFD_NONBLOCK))
        guard fd >= 0 else { throw IOLoopStartFailure(what: "eventfd", errno: errno) }
        eventFD = fd
        let box = Unmanaged.passRetained(self)
        var thread = pthread_t()
        let rc = pthread_create(
            &thread, nil,
            { raw in
                let executor = Unmanaged<IOThreadExecutor>.fromOpaque(raw!).takeRetainedValue()
                executor.run()
                return nil
            }, box.toOpaque())
        guard rc == 0 else {
            // The thread never ran: take back its reference; deinit closes the eventfd.
            box.release()
            throw IOLoopStartFailure(what: "pthread_create", errno: rc)
        }
        pthread_detach(thread)
    }

    deinit {
        close(eventFD)
    }

    /// Adds a connection to the loop (held weakly: it leaves the loop when it is freed).
    func addHandler(_ handler: any IOLoopHandler) {
        state.withLock { state in
            state.handlers.removeAll { $0.handler == nil }
            state.handlers.append(WeakHandler(handler: handler))
        }
        wake()
    }

    /// Sets the task executor whose jobs ``enqueueTaskJob(_:)`` takes (once, before any).
    func setTaskExecutor(_ executor: UnownedTaskExecutor) {
        state.withLock { $0.taskExecutor = executor }
    }

    /// Asks the loop to exit once no jobs are queued.
    func stop() {
        state.withLock { $0.stopping = true }
        signal()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        push(UnownedJob(job), taskJob: false)
    }

    /// Queues a job of a task that prefers the loop's thread (``IOLoop``).
    func enqueueTaskJob(_ job: UnownedJob) {
        push(job, taskJob: true)
    }

    private func push(_ job: UnownedJob, taskJob: Bool) {
        let mustSignal = state.withLock { state -> Bool in
            if taskJob { state.taskJobs.append(job) } else { state.jobs.append(job) }
            let wasSleeping = state.sleeping
            state.sleeping = false
            return wasSleeping
        }
        if mustSignal { signal() }
    }

    /// Wakes the loop if it sleeps (for work posted outside jobs: cancels, consumed bytes).
    func wake() {
        let mustSignal = state.withLock { state -> Bool in
            state.pendingWork = true
            let wasSleeping = state.sleeping
            state.sleeping = false
            return wasSleeping
        }
        if mustSignal { signal() }
    }

    /// Whether the calling thread holds the isolation lock (the loop outside `poll`, or a
    /// caller inside ``runIsolatedWhileSleeping(_:)``).
    var holdsIsolation: Bool {
        owner.load(ordering: .relaxed) == UInt(pthread_self())
    }

    func checkIsolated() {
        precondition(holdsIsolation, "not isolated to the connection (neither its I/O thread nor a caller holding its lock)")
    }

    /// Runs `body` on the calling thread with the actor's isolation, if the loop sleeps in
    /// `poll` and nobody else holds the isolation; returns `false` (without running it)
    /// otherwise. `body` must not block; it may call ``wake()`` to make the loop look again at
    /// its socket interest and timers.
    func runIsolatedWhileSleeping(_ body: () -> Void) -> Bool {
        guard state.withLock({ $0.sleeping }) else { return false }
        return isolation.withLockIfAvailable { _ in
            withIsolationHeld(body)
        } != nil
    }

    private func withIsolationHeld<T>(_ body: () -> T) -> T {
        owner.store(UInt(pthread_self()), ordering: .relaxed)
        defer { owner.store(0, ordering: .relaxed) }
        return body()
    }

    func asUnownedSerialExecutor() -> UnownedSerialExecutor {
        UnownedSerialExecutor(ordinary: self)
    }

    private func signal() {
        var one: UInt64 = 1
        _ = write(eventFD, &one, 8)
    }

    private func run() {
        CEtcd3NGHTTP2_block_sigpipe()
        CEtcd3NGHTTP2_set_thread_name("etcd3-io")
        let me = asUnownedSerialExecutor()
        // Buffers reused every turn (no allocation in steady state).
        var batch: [UnownedJob] = []
        var taskBatch: [UnownedJob] = []
        var handlers: [WeakHandler] = []
        var fds = [pollfd(fd: eventFD, events: Int16(POLLIN), revents: 0)]
        while true {
            // 1. Take every queued job.
            let taskExecutor = state.withLock { state in
                swap(&state.jobs, &batch)
                swap(&state.taskJobs, &taskBatch)
                return state.taskExecutor
            }
            // 2. Jobs of tasks that prefer this thread (a resumed caller, which may post its
            // next request), without the isolation: they run as if on any other thread.
            if let taskExecutor {
                for job in taskBatch { job.runSynchronously(on: taskExecutor) }
            }
            taskBatch.removeAll(keepingCapacity: true)
            // 3. Actor jobs, then each connection flushes and says what to wait for. Handlers
            // are held strongly only while they run, never across `poll`: releasing the last
            // reference elsewhere must be able to deinit a connection.
            var timeout: Int32 = -1
            fds.removeSubrange(1...)
            isolation.withLock { _ in
                withIsolationHeld {
                    for job in batch { job.runSynchronously(on: me) }
                    // Work posted until now is seen by `loopPrepare`.
                    state.withLock { state in
                        state.pendingWork = false
                        handlers = state.handlers
                    }
                    for handler in handlers {
                        guard let handler = handler.handler else {
                            fds.append(pollfd(fd: -1, events: 0, revents: 0))
                            continue
                        }
                        let interest = handler.loopPrepare()
                        fds.append(pollfd(fd: interest.fd, events: interest.events, revents: 0))
                        if interest.timeoutMilliseconds >= 0, timeout < 0 || interest.timeoutMilliseconds < timeout {
                            timeout = interest.timeoutMilliseconds
                        }
                    }
                }
            }
            batch.removeAll(keepingCapacity: true)

            // 4. Sleep unless more work arrived meanwhile.
            let (sleep, stopping) = state.withLock { state -> (Bool, Bool) in
                if state.stopping && state.jobs.isEmpty && state.taskJobs.isEmpty { return (false, true) }
                if state.jobs.isEmpty && state.taskJobs.isEmpty && !state.pendingWork {
                    state.sleeping = true
                    return (true, false)
                }
                return (false, false)
            }
            if stopping { break }
            fds[0].revents = 0
            // A negative fd is ignored by `poll`.
            let n = poll(&fds, nfds_t(fds.count), sleep ? timeout : 0)
            state.withLock { $0.sleeping = false }
            if n > 0, fds[0].revents != 0 {
                var value: UInt64 = 0
                _ = read(eventFD, &value, 8)
            }
            // 5. Socket readiness and timers, for the connections that prepared above (one
            // added meanwhile prepares on the next turn).
            isolation.withLock { _ in
                withIsolationHeld {
                    for index in handlers.indices {
                        guard let handler = handlers[index].handler else { continue }
                        handler.loopHandle(revents: n > 0 ? fds[index + 1].revents : 0)
                    }
                }
            }
            // Shares the state's buffer: dropping it allocates nothing.
            handlers = []
        }
    }
}

/// The owner of an I/O loop and the task executor of its thread.
///
/// Connections that share an `IOLoop` share its thread. The thread runs as long as its
/// `IOLoop` lives (every connection on it holds it) and stops when the last reference goes.
///
/// As a `TaskExecutor`, it runs the tasks that prefer it on the loop's thread, between the
/// loop's turns. A call from such a task needs no thread hop: the loop writes its request in
/// the same turn and resumes the task on the same thread when the response arrives. Its jobs
/// must not block: while one runs, no connection on the loop reads or writes.
package final class IOLoop: TaskExecutor, Sendable {
    let executor: IOThreadExecutor

    /// Starts the loop's thread.
    ///
    /// - Throws: ``IOLoopStartFailure`` when the process is out of file descriptors or threads.
    package init() throws(IOLoopStartFailure) {
        executor = try IOThreadExecutor()
        executor.setTaskExecutor(asUnownedTaskExecutor())
    }

    /// A loop for a connection made on its own (tests and tools that create connections
    /// directly); stops the process if the loop cannot start. The client creates its loop
    /// with the throwing ``init()``.
    package static func startedOrTrapping() -> IOLoop {
        do {
            return try IOLoop()
        } catch {
            fatalError("\(error)")
        }
    }

    deinit {
        executor.stop()
    }

    package func enqueue(_ job: consuming ExecutorJob) {
        executor.enqueueTaskJob(UnownedJob(job))
    }
}

/// The I/O loop could not start: the process is out of file descriptors (its eventfd) or
/// threads.
package struct IOLoopStartFailure: Error, Sendable, CustomStringConvertible {
    /// The system call that failed: `eventfd` or `pthread_create`.
    package var what: String
    /// Its error number (`EMFILE`, `EAGAIN`, …).
    package var errno: Int32

    /// `"eventfd failed: Too many open files"`.
    package var description: String {
        "\(what) failed: \(String(cString: strerror(errno)))"
    }
}
