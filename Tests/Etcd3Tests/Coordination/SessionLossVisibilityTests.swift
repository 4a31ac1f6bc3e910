import Synchronization
import Testing

@testable import Etcd3

@Suite("A session's loss is visible as soon as it is recorded", .timeLimit(.minutes(1)))
struct SessionLossVisibilityTests {
    /// The keep-alive records a loss, then tells the session's observers from the thread that
    /// found it. In between, `waitUntilEnded()` already returns the loss; `isAlive` must not
    /// still say true then.
    @Test("isAlive is false and lossError set from the moment the keep-alive records the loss")
    func isAliveFollowsTheRecordedLoss() async throws {
        try await ServerUnderTest.plaintext[0].withClient { client, _ in
            let session = try await client.session(ttl: .seconds(10))
            let seenByTheLossHandler = Mutex<(alive: Bool, loss: EtcdError?)?>(nil)
            // Stands in for the session's own handler, to look in the window before it runs.
            session.registration.onLoss { _ in
                seenByTheLossHandler.withLock { $0 = (session.isAlive, session.lossError) }
            }
            session.registration.finish(.lost(EtcdError(.leaseNotFound, "lost for the test")))
            let seen = try #require(seenByTheLossHandler.withLock { $0 })
            #expect(!seen.alive, "the session still said it was alive after its loss was recorded")
            #expect(seen.loss?.code == .leaseNotFound)
            #expect(await session.waitUntilEnded()?.code == .leaseNotFound)
            #expect(!session.isAlive)
            await session.close()
            try await client.revokeLease(session.lease)
        }
    }
}
