import CEtcd3NGHTTP2
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
/// the connection's socket.
///
/// `enqueue` appends the job and writes the eventfd only when the loop is (about to be)
/// asleep, so a busy loop takes jobs without syscalls. The loop runs all queued jobs, then
/// lets the handler flush output once, then sleeps.
///
/// Isolation is a lock, not a thread: the loop holds it while it runs jobs and the handler,
/// and lets it go while it sleeps in `poll`. Another thread may then take it for a moment
/// (``runIsolatedWhileSleeping(_:)``) and do isolated work itself, such as writing a request
/// while the loop sleeps, instead of waking the loop to do it. `checkIsolated` accepts
/// whichever thread holds the lock.
final class IOThreadExecutor: SerialExecutor, Sendable {
    private struct State {
        var jobs: [UnownedJob] = []
        var sleeping = false
        var pendingWork = false
        var stopping = false
        weak var handler: (any IOLoopHandler)?
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
    init() {
        eventFD = eventfd(0, Int32(EFD_CLOEXEC | EFD_NONBLOCK))
        precondition(eventFD >= 0, "eventfd failed (out of file descriptors)")
        let box = Unmanaged.passRetained(self).toOpaque()
        var thread = pthread_t()
        let rc = pthread_create(&thread, nil, { raw in
            let executor = Unmanaged<IOThreadExecutor>.fromOpaque(raw!).takeRetainedValue()
            executor.run()
            return nil
        }, box)
        precondition(rc == 0, "pthread_create failed")
        pthread_detach(thread)
    }

    deinit {
        close(eventFD)
    }

    /// Connects the loop to the connection it serves (held weakly).
    func setHandler(_ handler: any IOLoopHandler) {
        state.withLock { $0.handler = handler }
        wake()
    }

    /// Asks the loop to exit once no jobs are queued.
    func stop() {
        state.withLock { $0.stopping = true }
        signal()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let unowned = UnownedJob(job)
        let mustSignal = state.withLock { state -> Bool in
            state.jobs.append(unowned)
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
        var batch: [UnownedJob] = []
        var fds = [pollfd(fd: eventFD, events: Int16(POLLIN), revents: 0), pollfd(fd: -1, events: 0, revents: 0)]
        while true {
            // 1. Run every queued job (swap buffers, no allocation in steady state).
            state.withLock { state in
                swap(&state.jobs, &batch)
                state.pendingWork = false
            }
            // 2. Flush and find out what to wait for. The handler is held strongly only while
            // it runs, never across `poll`: releasing the last reference elsewhere must be able
            // to deinit the connection (which then stops this loop).
            var interest = PollInterest()
            isolation.withLock { _ in
                withIsolationHeld {
                    for job in batch { job.runSynchronously(on: me) }
                    if let handler = state.withLock({ $0.handler }) { interest = handler.loopPrepare() }
                }
            }
            batch.removeAll(keepingCapacity: true)

            // 3. Sleep unless more jobs arrived meanwhile.
            let (sleep, stopping) = state.withLock { state -> (Bool, Bool) in
                if state.stopping && state.jobs.isEmpty { return (false, true) }
                if state.jobs.isEmpty && !state.pendingWork {
                    state.sleeping = true
                    return (true, false)
                }
                return (false, false)
            }
            if stopping { break }
            fds[1].fd = interest.fd
            fds[1].events = interest.events
            fds[1].revents = 0
            fds[0].revents = 0
            let timeout = sleep ? interest.timeoutMilliseconds : 0
            let n = poll(&fds, nfds_t(interest.fd >= 0 ? 2 : 1), timeout)
            state.withLock { $0.sleeping = false }
            if n > 0, fds[0].revents != 0 {
                var value: UInt64 = 0
                _ = read(eventFD, &value, 8)
            }
            if let handler = state.withLock({ $0.handler }) {
                let revents = n > 0 && interest.fd >= 0 ? fds[1].revents : 0
                isolation.withLock { _ in withIsolationHeld { handler.loopHandle(revents: revents) } }
            }
        }
    }
}
