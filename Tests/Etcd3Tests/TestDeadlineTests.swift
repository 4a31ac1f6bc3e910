import Testing

/// The fault scenarios' bounded waits fail with a name instead of hanging.
@Suite("Bounded waits in the tests", .timeLimit(.minutes(1)))
struct TestDeadlineTests {
    @Test("a wait past its deadline fails naming what it waited for, and cancels the task")
    func pastTheDeadline() async throws {
        let silent = Task { () throws -> Int in
            try await Task.sleep(for: .seconds(60))
            return 1
        }
        let began = ContinuousClock.now
        let error = await #expect(throws: DeadlineExceeded.self) {
            _ = try await waitFor(silent, within: .milliseconds(200), "a silent watch")
        }
        #expect(error?.description.contains("a silent watch did not finish within") == true)
        #expect(ContinuousClock.now - began < .seconds(10))
        #expect(silent.isCancelled)
    }

    @Test("a wait that ends in time returns the task's value or error")
    func inTime() async throws {
        #expect(try await waitFor(Task { 42 }, within: .seconds(10), "an answer") == 42)
        struct Failure: Error {}
        await #expect(throws: Failure.self) {
            _ = try await waitFor(Task { () throws -> Int in throw Failure() }, within: .seconds(10), "an answer")
        }
    }
}
