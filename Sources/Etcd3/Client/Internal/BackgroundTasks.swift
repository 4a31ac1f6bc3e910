/// The client's long-running background work (endpoint auto-sync): child tasks of one task
/// group that lives as long as the client core and ends in ``close()``.
final class BackgroundTasks: Sendable {
    typealias Job = @Sendable () async -> Void

    private let jobs: AsyncStream<Job>.Continuation
    private let root: Task<Void, Never>

    init() {
        let (stream, jobs) = AsyncStream.makeStream(of: Job.self)
        self.jobs = jobs
        self.root = Task {
            await withDiscardingTaskGroup { group in
                for await job in stream {
                    group.addTask { await job() }
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
    func add(_ job: @escaping Job) {
        jobs.yield(job)
    }

    /// Cancels every job and waits for all of them to end. Later ``add(_:)`` calls do nothing.
    func close() async {
        jobs.finish()
        root.cancel()
        await root.value
    }
}
