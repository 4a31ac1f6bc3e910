import Synchronization

/// A place in an ownership line that was served, as a held lock or leadership: whether it was
/// given up, whether it still holds, and giving it up once.
final class HeldPlace: Sendable {
    let line: OwnershipLine
    let key: EtcdBytes
    /// The key's create revision.
    let fence: Int64
    let session: EtcdSession
    private let givenUp = Atomic<Bool>(false)
    /// Whether this owner's hold of the key was counted off the session's (once, by the first
    /// attempt to give it up, whatever that attempt's outcome).
    private let holdDropped = Atomic<Bool>(false)

    init(line: OwnershipLine, key: EtcdBytes, fence: Int64, session: EtcdSession) {
        self.line = line
        self.key = key
        self.fence = fence
        self.session = session
    }

    /// Whether ``giveUp(timeout:lostCode:owner:)`` ended the ownership.
    var isGivenUp: Bool { givenUp.load(ordering: .acquiring) }

    /// Not given up, the session alive, and the key the one this owner created (one read).
    func isHeld(timeout: Duration?) async throws(EtcdError) -> Bool {
        guard !isGivenUp, session.isAlive else { return false }
        return try await session.client.get(key, timeout: timeout)?.createRevision == fence
    }

    /// Ends the ownership: counts this owner's hold off the session's and, when no other hold
    /// of this process needs the key, deletes it if it is still this owner's incarnation (see
    /// ``OwnershipLine/deleteOwned(key:revision:timeout:notHeld:)``).
    ///
    /// The hold is counted off on the first attempt, whatever its outcome: an owner that never
    /// calls again after a failure must not keep the session's later holds of the key from
    /// deleting it.
    ///
    /// - Throws: `lostCode` when already given up, or when the key is gone or belongs to a newer
    ///   owner (the ownership is then over all the same); when no answer came, it can be called
    ///   again (the key goes with the session otherwise).
    func giveUp(timeout: Duration?, lostCode: EtcdError.Code, owner: @autoclosure () -> String) async throws(EtcdError) {
        guard !isGivenUp else { throw EtcdError(lostCode, "\(owner()) was already given up") }
        let othersHold = holdDropped.exchange(true, ordering: .acquiringAndReleasing) ? session.holds(key) > 0 : session.unhold(key) > 0
        if othersHold {
            givenUp.store(true, ordering: .releasing)
            return
        }
        do {
            try await line.deleteOwned(key: key, revision: fence, timeout: timeout) {
                EtcdError(lostCode, "\(owner()) was not held any more: its key is gone or belongs to a newer owner")
            }
        } catch  where error.code == lostCode {
            givenUp.store(true, ordering: .releasing)
            throw error
        }
        givenUp.store(true, ordering: .releasing)
    }
}
