import Etcd3Messages

/// A member of the cluster.
public struct EtcdClusterMember: Sendable, Hashable {
    /// The member's ID.
    public var id: UInt64
    /// The member's name (empty until a newly added member has started).
    public var name: String
    /// The URLs the member's peers use to reach it.
    public var peerURLs: [String]
    /// The URLs clients use to reach it (empty until a newly added member has started).
    public var clientURLs: [String]
    /// Whether the member is a learner (a non-voting member catching up).
    public var isLearner: Bool

    /// Creates a member description.
    public init(id: UInt64, name: String, peerURLs: [String], clientURLs: [String], isLearner: Bool) {
        self.id = id
        self.name = name
        self.peerURLs = peerURLs
        self.clientURLs = clientURLs
        self.isLearner = isLearner
    }

    init(_ member: Etcdserverpb.Member) {
        self.init(
            id: member.id, name: member.name, peerURLs: member.peerURLs, clientURLs: member.clientURLs,
            isLearner: member.isLearner)
    }
}

extension Etcd3Client {
    /// Lists the cluster's members.
    ///
    /// - Parameters:
    ///   - linearizable: read the list through the leader (etcd 3.5 and later), rather than from
    ///     the answering member's possibly stale view.
    ///   - timeout: the call's deadline.
    /// - Returns: every member, learners included.
    /// - Throws: ``EtcdError``, as ``get(_:options:timeout:)``.
    public nonisolated func members(linearizable: Bool = false, timeout: Duration? = nil) async throws(EtcdError) -> [EtcdClusterMember] {
        var request = Etcdserverpb.MemberListRequest()
        request.linearizable = linearizable
        let response = try await core.unary(Etcdserverpb.Cluster.memberList, request, kind: .idempotent, timeout: timeout)
        return response.members.map(EtcdClusterMember.init)
    }

    /// Adds a member. Start the new etcd with `--initial-cluster-state existing` afterwards.
    ///
    /// - Parameters:
    ///   - peerURLs: the new member's peer URLs.
    ///   - isLearner: add it as a non-voting learner, to promote once it caught up.
    ///   - timeout: the call's deadline.
    /// - Returns: the new member (with its ID) and the members after the change.
    /// - Throws: ``EtcdError``: `.membership` (peer URLs in use, too many learners, …),
    ///   `.unhealthyCluster`, `.invalidArgument` for malformed URLs; `.indeterminate` when the
    ///   change may have been applied but no answer came.
    public nonisolated func addMember(
        peerURLs: [String],
        isLearner: Bool = false,
        timeout: Duration? = nil
    ) async throws(EtcdError) -> (added: EtcdClusterMember, members: [EtcdClusterMember]) {
        var request = Etcdserverpb.MemberAddRequest()
        request.peerURLs = peerURLs
        request.isLearner = isLearner
        let response = try await core.unary(Etcdserverpb.Cluster.memberAdd, request, kind: .mutation, timeout: timeout)
        guard let member = response.member else {
            throw EtcdError(.protocolViolation, "the server's MemberAdd answer names no member")
        }
        return (EtcdClusterMember(member), response.members.map(EtcdClusterMember.init))
    }

    /// Removes a member.
    ///
    /// - Parameters:
    ///   - id: the member's ID.
    ///   - timeout: the call's deadline.
    /// - Returns: the members after the change.
    /// - Throws: ``EtcdError``: `.memberNotFound`, `.unhealthyCluster`, `.membership`;
    ///   `.indeterminate` as for ``addMember(peerURLs:isLearner:timeout:)``.
    @discardableResult
    public nonisolated func removeMember(_ id: UInt64, timeout: Duration? = nil) async throws(EtcdError) -> [EtcdClusterMember] {
        var request = Etcdserverpb.MemberRemoveRequest()
        request.id = id
        return try await core.unary(Etcdserverpb.Cluster.memberRemove, request, kind: .mutation, timeout: timeout)
            .members.map(EtcdClusterMember.init)
    }

    /// Changes a member's peer URLs.
    ///
    /// - Parameters:
    ///   - id: the member's ID.
    ///   - peerURLs: the new peer URLs.
    ///   - timeout: the call's deadline.
    /// - Returns: the members after the change.
    /// - Throws: ``EtcdError``, as ``removeMember(_:timeout:)``.
    @discardableResult
    public nonisolated func updateMember(
        _ id: UInt64,
        peerURLs: [String],
        timeout: Duration? = nil
    ) async throws(EtcdError) -> [EtcdClusterMember] {
        var request = Etcdserverpb.MemberUpdateRequest()
        request.id = id
        request.peerURLs = peerURLs
        return try await core.unary(Etcdserverpb.Cluster.memberUpdate, request, kind: .mutation, timeout: timeout)
            .members.map(EtcdClusterMember.init)
    }

    /// Promotes a learner to a voting member once it has caught up with the leader.
    ///
    /// - Parameters:
    ///   - id: the learner's ID.
    ///   - timeout: the call's deadline.
    /// - Returns: the members after the change.
    /// - Throws: ``EtcdError``: `.membership` when the member is not a learner or has not caught
    ///   up yet (retry later); otherwise as ``removeMember(_:timeout:)``.
    @discardableResult
    public nonisolated func promoteMember(_ id: UInt64, timeout: Duration? = nil) async throws(EtcdError) -> [EtcdClusterMember] {
        var request = Etcdserverpb.MemberPromoteRequest()
        request.id = id
        return try await core.unary(Etcdserverpb.Cluster.memberPromote, request, kind: .mutation, timeout: timeout)
            .members.map(EtcdClusterMember.init)
    }
}
