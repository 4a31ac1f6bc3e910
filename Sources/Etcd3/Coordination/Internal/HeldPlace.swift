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

    /// Ends the ownership: deletes the key if it is still this owner's incarnation (see
    /// ``OwnershipLine/giveUp(key:revision:session:timeout:notHeld:)``).
    ///
    /// - Throws: `lostCode` when already given up, or when the key is gone or belongs to a newer
    ///   owner (the ownership is then over all the same); when no answer came, nothing changes
    ///   and it can be called again.
    func giveUp(timeout: Duration?, lostCode: EtcdError.Code, owner: String) async throws(EtcdError) {
        guard !isGivenUp else { throw EtcdError(lostCode, "\(owner) was already given up") }
        do {
            try await line.giveUp(key: key, revision: fence, session: session, timeout: timeout) {
                EtcdError(lostCode, "\(owner) was not held any more: its key is gone or belongs to a newer owner")
            }
        } catch where error.code == lostCode {
            givenUp.store(true, ordering: .releasing)
            throw error
        }
        givenUp.store(true, ordering: .releasing)
    }
}
