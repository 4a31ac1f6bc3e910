import Synchronization

/// All of the client's background work (connection dials, drains and closes, the watch and
/// keep-alive drivers, endpoint auto-sync, scoped lease revokes at close): child tasks of one
/// discarding task group, hosted by one root task that lives as long as the client core and
/// ends in ``close()``.
final class BackgroundTasks: Sendable {
    typealias Job = @Sendable () async -> Void

    private struct Entry: Sendable {
        let executorPreference: (any TaskExecutor)?
        let job: Job
    }

    private let jobs: AsyncStream<Entry>.Continuation
    private let root: Task<Void, Never>

    private struct State {
        var isClosed = false
        /// Jobs that ``close()`` lets finish rather than cancels.
        var unfinished = 0
        /// Set when the last of them finished, once ``close()`` waits for it.
        var allFinished: Promise<Void>?
    }

    private let state = Mutex(State())

    init() {
        let (stream, jobs) = AsyncStream.makeStream(of: Entry.self)
        self.jobs = jobs
        self.root = Task {
            await withDiscardingTaskGroup { group in
                for await entry in stream {
                    group.addTask(executorPreference: entry.executorPreference) { await entry.job() }
                }
                // No more jobs: the client is closing; the jobs end at their next await.
                group.cancelAll()
            }
        }
    }

    deinit {
        jobs.finish()
        root.cancel()
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
        jobs.yield(entry)
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
    func close() async {
        let pending = state.withLock { state -> Promise<Void>? in
            guard !state.isClosed else { return nil }
            state.isClosed = true
            guard state.unfinished > 0 else { return nil }
            let pending = Promise<Void>()
            state.allFinished = pending
            return pending
        }
        await pending?.waitIgnoringCancellation()
        jobs.finish()
        root.cancel()
        await root.value
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
