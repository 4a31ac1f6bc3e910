extension Etcd3Client {
    /// The endpoints new calls go to now, in round-robin order.
    ///
    /// The endpoints the client was created with (or found with
    /// ``Configuration/discoverySRV``), until endpoint auto-sync
    /// (``Configuration/autoSyncInterval``) or ``syncEndpoints(timeout:)`` replaces them with
    /// the cluster's voting members.
    public nonisolated var endpoints: [String] {
        core.pool.endpoints.map(\.description)
    }

    /// Replaces the endpoints with the voting members' client URLs now, as one round of
    /// endpoint auto-sync does (``Configuration/autoSyncInterval``).
    ///
    /// Reads the member list linearizably (through the leader, on etcd 3.5 and later); with
    /// ``Configuration/discoverySRV``, resolves the SRV records instead. Learners and members
    /// that have not started yet are left out; an answer that names no usable URL changes
    /// nothing. Calls in flight on a removed endpoint finish there.
    ///
    /// - Parameter timeout: the member list call's deadline.
    /// - Returns: whether the endpoints changed.
    /// - Throws: ``EtcdError`` as ``members(linearizable:timeout:)``, or
    ///   ``EtcdError/Code/discoveryFailed`` for a failed SRV lookup.
    @discardableResult
    public nonisolated func syncEndpoints(timeout: Duration? = nil) async throws(EtcdError) -> Bool {
        try await core.syncEndpoints(timeout: timeout)
    }
}
