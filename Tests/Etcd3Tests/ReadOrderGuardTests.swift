import Etcd3
import Testing

/// The ordering guard's rules (`Docs/KV.md`, "Monotonic reads"), without a server.
@Suite("Read ordering guard", .timeLimit(.minutes(3)))
struct ReadOrderGuardTests {
    func makeGuard(floor: Int64, _ order: ReadOrder = .checked, maxAttempts: Int = 5, endpoints: Int = 3)
        -> ReadOrderGuard
    {
        ReadOrderGuard(floor: floor, order: order, maxAttempts: maxAttempts, endpointCount: endpoints)
    }

    @Test func answersAtOrAboveTheFloorAreAccepted() {
        var check = makeGuard(floor: 10)
        #expect(check.judge(revision: 10, attempt: 1) == .accept)
        #expect(check.judge(revision: 11, attempt: 1) == .accept)
        #expect(check.staleAnswers == 0)
        // Before any read, every answer is at or above the floor.
        var fresh = makeGuard(floor: 0)
        #expect(fresh.judge(revision: 1, attempt: 1) == .accept)
    }

    @Test func aStaleAnswerGoesToAnotherEndpointAtOnceUntilEveryEndpointHadItsTurn() {
        var check = makeGuard(floor: 10, maxAttempts: 6, endpoints: 3)
        #expect(check.judge(revision: 9, attempt: 1) == .retry(backoffStep: nil))
        #expect(check.judge(revision: 8, attempt: 2) == .retry(backoffStep: nil))
        // Every endpoint answered stale: give the members time to catch up, longer each time.
        #expect(check.judge(revision: 9, attempt: 3) == .retry(backoffStep: 1))
        #expect(check.judge(revision: 9, attempt: 4) == .retry(backoffStep: 2))
        #expect(check.judge(revision: 10, attempt: 5) == .accept)
        #expect(check.staleAnswers == 4)
        #expect(check.lastStaleRevision == 9)
    }

    @Test func aStaleAnswerOnTheLastAttemptFailsWithStaleRead() {
        var check = makeGuard(floor: 10, maxAttempts: 2)
        #expect(check.judge(revision: 9, attempt: 1) == .retry(backoffStep: nil))
        guard case .fail(let error) = check.judge(revision: 7, attempt: 2) else {
            Issue.record("a stale answer on the last attempt must fail")
            return
        }
        #expect(error.code == .staleRead)
        #expect(!error.mayHaveBeenApplied)
        #expect(error.message.contains("older than revision 10"))
        #expect(error.message.contains("at revision 7"))
        #expect(check.staleError() == error)
    }

    @Test func oneAttemptAndOneEndpointMeansNoRetry() {
        var check = makeGuard(floor: 10, maxAttempts: 1, endpoints: 1)
        guard case .fail(let error) = check.judge(revision: 3, attempt: 1) else {
            Issue.record("no attempt left")
            return
        }
        #expect(error.code == .staleRead)
    }

    @Test func answersThatOnlyRaiseTheFloorAreNeverRefused() {
        var check = makeGuard(floor: 10, .raisesFloor, maxAttempts: 1)
        #expect(check.judge(revision: 2, attempt: 1) == .accept)
        #expect(check.staleAnswers == 0)
    }

    final class SharedFloor: Sendable {
        let floor = RevisionFloor()
    }

    @Test func theFloorOnlyGrows() async {
        let shared = SharedFloor()
        #expect(shared.floor.current == 0)
        shared.floor.raise(to: 5)
        shared.floor.raise(to: 3)
        #expect(shared.floor.current == 5)
        // Raised from many tasks at once, in every order, it ends at the highest revision.
        await withTaskGroup(of: Void.self) { group in
            for task in 0..<8 {
                group.addTask {
                    for revision in stride(from: Int64(task), through: 8_000, by: 8) { shared.floor.raise(to: revision) }
                }
            }
        }
        #expect(shared.floor.current == 8_000)
    }
}
