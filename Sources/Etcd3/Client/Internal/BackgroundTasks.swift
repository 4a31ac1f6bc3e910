import Synchronization

/// All of the client's background work (connection dials, drains and closes, the watch and
/// keep-alive drivers, endpoint auto-sync, scoped lease revokes at close): child tasks of one
/// discarding task group, which ends in ``close()``.
///
/// The group runs in the task that calls ``host()``: ``Etcd3Client/run()`` for a client created
/// with ``Etcd3Client/init(startingInRun:)``, or a root task of the client's own
/// (``hostInOwnTask()``) for a client created connected. Jobs added before the group runs wait
/// for it.
final class BackgroundTasks: Sendable {
    typealias Job = @Sendable () async -> Void

    private struct Entry: Sendable {
        let executorPreference: (any TaskExecutor)?
        let job: Job
    }

    /// Jobs not yet in the group. Not an `AsyncStream`: the group must go on taking jobs
    /// after its hosting task was cancelled (they then start cancelled), until ``close()``.
    private let jobs = JobQueue<Entry>()

    private enum Host {
        /// Nobody runs the group yet.
        case none
        /// A task runs it (``host()``).
        case running
        /// It ran and ended.
        case ended
    }

    private struct State {
        var isClosed = false
        var host = Host.none
        /// The client's own root task, for ``hostInOwnTask()``.
        var root: Task<Void, Never>?
        /// Jobs that ``close()`` lets finish rather than cancels.
        var unfinished = 0
        /// Set when the last of them finished, once ``close()`` waits for it.
        var allFinished: Promise<Void>?
    }

    private let state = Mutex(State())
    /// Jobs running in the group now (for tests that check nothing is left running).
    private let running = Atomic<Int>(0)
    /// Set when the group has ended.
    private let groupEnded = Promise<Void>()

    init() {}

    deinit {
        jobs.finish()
        state.withLock { $0.root }?.cancel()
    }

    /// Runs the group in the calling task until ``close()`` ends it. When the calling task is
    /// cancelled, the group goes on until then, its jobs cancelled from the start.
    ///
    /// - Returns: `false`, doing nothing, when a task already runs the group or ran it.
    @discardableResult
    func host() async -> Bool {
        guard claimHost() else { return false }
        await runClaimedGroup()
        return true
    }

    /// Makes the caller the group's host, unless a task already is or was.
    /// - Returns: whether the caller must now call ``runClaimedGroup()``.
    func claimHost() -> Bool {
        state.withLock { state -> Bool in
            guard case .none = state.host else { return false }
            state.host = .running
            return true
        }
    }

    /// Runs the group, after ``claimHost()`` returned `true`; see ``host()``.
    func runClaimedGroup() async {
        await withDiscardingTaskGroup { group in
            while let batch = await jobs.next() {
                for entry in batch {
                    running.add(1, ordering: .relaxed)
                    group.addTask(executorPreference: entry.executorPreference) {
                        await entry.job()
                        self.running.subtract(1, ordering: .relaxed)
                    }
                }
            }
            // No more jobs: the client is closing; the jobs end at their next await.
            group.cancelAll()
        }
        state.withLock { $0.host = .ended }
        groupEnded.fulfill(())
    }

    /// How many jobs run in the group now.
    var runningJobs: Int {
        running.load(ordering: .relaxed)
    }

    /// Whether the group ran and ended.
    var hasEnded: Bool {
        groupEnded.value != nil
    }

    /// Runs the group in a root task of its own, which ``close()`` ends.
    func hostInOwnTask() {
        let root = Task { _ = await self.host() }
        state.withLock { $0.root = root }
    }

    /// Runs `job` as a child task of the group, until it returns or the group is cancelled.
    ///
    /// - Parameter executorPreference: the executor the job prefers (the client's I/O loop for
    ///   stream drivers), or `nil` for the global one.
    ///   - finishBeforeClose: ``close()`` waits for the job to end instead of cancelling it (for
    ///     short jobs with a deadline of their own, such as lease revokes).
    /// - Returns: `false`, without running `job`, once ``close()`` has begun.
    @discardableResult
    func add(
        executorPreference: (any TaskExecutor)? = nil, finishBeforeClose: Bool = false, _ job: @escaping Job
    ) -> Bool {
        let admitted = state.withLock { state -> Bool in
            guard !state.isClosed else { return false }
            if finishBeforeClose { state.unfinished += 1 }
            return true
        }
        guard admitted else { return false }
        let entry =
            finishBeforeClose
            ? Entry(executorPreference: executorPreference) {
                await job()
                self.finishedOne()
            } : Entry(executorPreference: executorPreference, job: job)
        guard jobs.append(entry) else {
            // close() finished the queue meanwhile.
            if finishBeforeClose { finishedOne() }
            return false
        }
        return true
    }

    private func finishedOne() {
        let done = state.withLock { state -> Promise<Void>? in
            state.unfinished -= 1
            return state.unfinished == 0 ? state.allFinished : nil
        }
        done?.fulfill(())
    }

    /// Runs `job` as a child task of the group, with a handle that cancels it alone and waits
    /// for it to end. Once ``close()`` has begun, `job` does not run and the handle has ended.
    func start(
        executorPreference: (any TaskExecutor)? = nil, finishBeforeClose: Bool = false, _ job: @escaping Job
    ) -> BackgroundJob {
        let handle = BackgroundJob()
        let added = add(executorPreference: executorPreference, finishBeforeClose: finishBeforeClose) {
            // The work races the handle's cancel request: whichever ends first cancels the other.
            // (Children inherit the job's executor preference.)
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await job() }
                group.addTask { _ = await handle.cancelRequest.wait() }
                await group.next()
                group.cancelAll()
            }
            handle.finished.fulfill(())
        }
        if !added { handle.finished.fulfill(()) }
        return handle
    }

    /// Waits for the jobs added with `finishBeforeClose`, then cancels every other job and
    /// waits for all of them to end. Later ``add(executorPreference:finishBeforeClose:_:)``
    /// calls do nothing.
    ///
    /// When no task ever ran the group, the jobs added meanwhile run here, cancelled from the
    /// start, so that every ``BackgroundJob`` ends.
    func close() async {
        let (pending, hostNow) = state.withLock { state -> (Promise<Void>?, Host) in
            guard !state.isClosed else { return (nil, state.host) }
            state.isClosed = true
            guard state.unfinished > 0, case .running = state.host else { return (nil, state.host) }
            let pending = Promise<Void>()
            state.allFinished = pending
            return (pending, state.host)
        }
        await pending?.waitIgnoringCancellation()
        jobs.finish()
        state.withLock { $0.root }?.cancel()
        // Nobody ran the group: run it here, so the jobs added meanwhile end.
        if case .none = hostNow, await host() { return }
        await groupEnded.waitIgnoringCancellation()
    }
}

/// A job of ``BackgroundTasks`` that can be cancelled and awaited on its own.
final class BackgroundJob: Sendable {
    fileprivate let cancelRequest = Promise<Void>()
    fileprivate let finished = Promise<Void>()

    /// Asks the job to stop (its task is cancelled).
    func cancel() {
        cancelRequest.fulfill(())
    }

    /// Waits until the job has ended, even when the waiting task is cancelled.
    func join() async {
        await finished.waitIgnoringCancellation()
    }
}

/// A value set once, that any number of tasks can wait for.
final class Promise<Value: Sendable>: Sendable {
    private struct State {
        var value: Value?
        var waiters: [Int: CheckedContinuation<Value?, Never>] = [:]
        var nextWaiter = 0
    }

    private let state = Mutex(State())

    init() {}

    /// The value, if it is set.
    var value: Value? {
        state.withLock { $0.value }
    }

    /// Sets the value and wakes every waiter. Returns `false`, changing nothing, when it was
    /// already set.
    @discardableResult
    func fulfill(_ value: Value) -> Bool {
        let waiters = state.withLock { state -> [CheckedContinuation<Value?, Never>]? in
            guard state.value == nil else { return nil }
            state.value = value
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        guard let waiters else { return false }
        for waiter in waiters { waiter.resume(returning: value) }
        return true
    }

    /// The value once it is set; `nil` when the waiting task is cancelled first.
    func wait() async -> Value? {
        let id = state.withLock { state in
            defer { state.nextWaiter += 1 }
            return state.nextWaiter
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Value?, Never>) in
                let resumeWith: Value?? = state.withLock { state in
                    if let value = state.value { return .some(value) }
                    // Cancelled before the continuation was stored: the handler found nothing.
                    if Task.isCancelled { return .some(nil) }
                    state.waiters[id] = continuation
                    return .none
                }
                if case .some(let value) = resumeWith { continuation.resume(returning: value) }
            }
        } onCancel: {
            state.withLock { $0.waiters.removeValue(forKey: id) }?.resume(returning: nil)
        }
    }

    /// The value once it is set; `nil` when `deadline` passes or the waiting task is cancelled
    /// first. A child task sleeps until the deadline; both children end before this returns.
    func wait(until deadline: ContinuousClock.Instant?) async -> Value? {
        if let value { return value }
        guard let deadline else { return await wait() }
        return await withTaskGroup(of: Value?.self) { group in
            group.addTask { await self.wait() }
            group.addTask {
                try? await Task.sleep(until: deadline, clock: .continuous)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first ?? value
        }
    }

    /// The value once it is set, however long that takes, even when the waiting task is
    /// cancelled.
    func waitIgnoringCancellation() async -> Value {
        await withCheckedContinuation { (continuation: CheckedContinuation<Value?, Never>) in
            let value = state.withLock { state -> Value? in
                if let value = state.value { return value }
                let id = state.nextWaiter
                state.nextWaiter += 1
                state.waiters[id] = continuation
                return nil
            }
            if let value { continuation.resume(returning: value) }
        }!
    }
}

/// A queue of values that one task takes in batches, waiting (without observing cancellation)
/// while it is empty, until ``finish()``.
final class JobQueue<Element: Sendable>: Sendable {
    private struct State {
        var pending: [Element] = []
        var taker: CheckedContinuation<[Element]?, Never>?
        var isFinished = false
    }

    private let state = Mutex(State())

    /// Queues `element`, or returns `false` once the queue is finished.
    func append(_ element: Element) -> Bool {
        let (accepted, taker) = state.withLock { state -> (Bool, CheckedContinuation<[Element]?, Never>?) in
            guard !state.isFinished else { return (false, nil) }
            guard let taker = state.taker else {
                state.pending.append(element)
                return (true, nil)
            }
            state.taker = nil
            return (true, taker)
        }
        taker?.resume(returning: [element])
        return accepted
    }

    /// Every queued element, waiting while there is none; `nil` once the queue is finished and
    /// empty. One task at a time.
    func next() async -> [Element]? {
        await withCheckedContinuation { (continuation: CheckedContinuation<[Element]?, Never>) in
            let batch = state.withLock { state -> [Element]?? in
                if !state.pending.isEmpty {
                    defer { state.pending = [] }
                    return .some(state.pending)
                }
                if state.isFinished { return .some(nil) }
                state.taker = continuation
                return .none
            }
            if case .some(let batch) = batch { continuation.resume(returning: batch) }
        }
    }

    /// Takes no more elements; the taker gets those queued, then `nil`.
    func finish() {
        let taker = state.withLock { state -> CheckedContinuation<[Element]?, Never>? in
            state.isFinished = true
            defer { state.taker = nil }
            return state.taker
        }
        taker?.resume(returning: nil)
    }
}

/// Runs `operation` in a task of its own that the caller's cancellation does not reach, and
/// waits for it: for clean-up (revoking a lease, deleting a lock key) that must happen even
/// when the work it cleans up after was cancelled. `operation` must bound its own duration
/// (a call with a deadline).
func withoutCancellation<T: Sendable>(_ operation: @escaping @Sendable () async -> T) async -> T {
    await Task { await operation() }.value
}
