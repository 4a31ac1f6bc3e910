internal import Etcd3Messages

/// One member's view of itself and the cluster.
public struct EtcdMemberStatus: Sendable, Hashable {
    /// The response header; `header.memberID` is the member that answered.
    public var header: EtcdResponseHeader
    /// The server's version, such as `3.5.1`.
    public var version: String
    /// The backend database's size in bytes.
    public var dbSize: Int64
    /// The bytes of the database actually in use (the rest is free for reuse until defragmented).
    public var dbSizeInUse: Int64
    /// The ID of the leader this member knows of (0: none).
    public var leader: UInt64
    /// The member's raft index.
    public var raftIndex: UInt64
    /// The member's raft term.
    public var raftTerm: UInt64
    /// The raft index the member has applied.
    public var raftAppliedIndex: UInt64
    /// Errors the member reports (for example alarms).
    public var errors: [String]
    /// Whether the member is a learner.
    public var isLearner: Bool

    /// Whether the answering member believes it is the leader.
    public var isLeader: Bool { leader != 0 && leader == header.memberID }
}

/// An alarm raised on a member, as ``Etcd3Client/alarms(timeout:)`` lists it, or built to
/// raise or clear one.
///
/// Member ID 0 (``allMembers``) means every member: ``Etcd3Client/raiseAlarm(_:timeout:)``
/// raises the alarm on each member and ``Etcd3Client/disarm(_:timeout:)`` clears it wherever it
/// is raised.
public struct EtcdAlarm: Sendable, Hashable, CustomStringConvertible {
    /// What an alarm is about.
    public struct Kind: Sendable, Hashable, CustomStringConvertible {
        let rawValue: Int32
        /// The storage quota is exhausted: writes fail with ``EtcdError/Code/noSpace``.
        public static let noSpace = Kind(rawValue: 1)
        /// The member's data is corrupt.
        public static let corrupt = Kind(rawValue: 2)
        /// The kind's name.
        public var description: String {
            switch rawValue {
            case 1: "noSpace"
            case 2: "corrupt"
            default: "alarm(\(rawValue))"
            }
        }
    }

    /// The member ID that stands for every member.
    public static let allMembers: UInt64 = 0

    /// The member the alarm is raised on (``allMembers``: every member).
    public var memberID: UInt64
    /// What the alarm is about.
    public var kind: Kind

    /// An alarm of `kind` on the member `memberID`.
    ///
    /// - Parameters:
    ///   - memberID: the member's ID; ``allMembers`` (the default) for every member.
    ///   - kind: what the alarm is about.
    public init(memberID: UInt64 = EtcdAlarm.allMembers, kind: Kind) {
        self.memberID = memberID
        self.kind = kind
    }

    /// `memberID:kind`, the member ID in hexadecimal as etcd prints it.
    public var description: String {
        memberID == Self.allMembers ? "all members:\(kind)" : "\(String(memberID, radix: 16)):\(kind)"
    }
}

extension Etcd3Client {
    /// Asks the member behind `endpoint` (or the next member in turn) for its status.
    ///
    /// - Parameter timeout: the call's deadline.
    /// - Returns: the answering member's status.
    /// - Throws: ``EtcdError``, as ``get(_:options:timeout:)``.
    public nonisolated func status(timeout: Duration? = nil) async throws(EtcdError) -> EtcdMemberStatus {
        let response = try await core.unary(
            Etcdserverpb.Maintenance.status, Etcdserverpb.StatusRequest(), kind: .idempotent, timeout: timeout)
        return EtcdMemberStatus(
            header: EtcdResponseHeader(response.header), version: response.version, dbSize: response.dbSize,
            dbSizeInUse: response.dbSizeInUse, leader: response.leader, raftIndex: response.raftIndex,
            raftTerm: response.raftTerm, raftAppliedIndex: response.raftAppliedIndex, errors: response.errors,
            isLearner: response.isLearner)
    }

    /// Lists the alarms raised in the cluster.
    ///
    /// - Parameter timeout: the call's deadline.
    /// - Returns: the active alarms (empty when none).
    /// - Throws: ``EtcdError``, as ``get(_:options:timeout:)``.
    public nonisolated func alarms(timeout: Duration? = nil) async throws(EtcdError) -> [EtcdAlarm] {
        try await alarmCall(.get, EtcdAlarm(kind: EtcdAlarm.Kind(rawValue: 0)), timeout: timeout)
    }

    /// Raises an alarm, as the server itself does when a member's quota is exhausted
    /// (``EtcdAlarm/Kind/noSpace``: the cluster then refuses writes until the alarm is cleared).
    ///
    /// ```swift
    /// try await client.raiseAlarm(EtcdAlarm(kind: .noSpace))   // on every member
    /// ```
    ///
    /// - Parameters:
    ///   - alarm: the alarm; member ``EtcdAlarm/allMembers`` raises it on every current member.
    ///   - timeout: each call's deadline.
    /// - Returns: the alarms raised (one per member; raising an alarm already raised returns
    ///   it again).
    /// - Throws: ``EtcdError``, as ``put(_:_:lease:timeout:)``. The server does not check the
    ///   member ID: an alarm for an unknown ID is recorded as given.
    @discardableResult
    public nonisolated func raiseAlarm(_ alarm: EtcdAlarm, timeout: Duration? = nil) async throws(EtcdError) -> [EtcdAlarm] {
        let targets =
            alarm.memberID == EtcdAlarm.allMembers
            ? try await members(timeout: timeout).map { EtcdAlarm(memberID: $0.id, kind: alarm.kind) }
            : [alarm]
        var raised: [EtcdAlarm] = []
        for target in targets {
            raised += try await alarmCall(.activate, target, timeout: timeout)
        }
        return raised
    }

    /// Clears an alarm (after its cause is fixed: for ``EtcdAlarm/Kind/noSpace``, compact and
    /// defragment first; see `Docs/Operations.md`).
    ///
    /// - Parameters:
    ///   - alarm: the alarm to clear, as ``alarms(timeout:)`` listed it; member
    ///     ``EtcdAlarm/allMembers`` clears this kind of alarm on every member that has it.
    ///   - timeout: each call's deadline.
    /// - Returns: the alarms that were cleared.
    /// - Throws: ``EtcdError``, as ``put(_:_:lease:timeout:)``.
    @discardableResult
    public nonisolated func disarm(_ alarm: EtcdAlarm, timeout: Duration? = nil) async throws(EtcdError) -> [EtcdAlarm] {
        guard alarm.memberID == EtcdAlarm.allMembers else { return try await alarmCall(.deactivate, alarm, timeout: timeout) }
        var cleared: [EtcdAlarm] = []
        for raised in try await alarms(timeout: timeout) where raised.kind == alarm.kind {
            cleared += try await alarmCall(.deactivate, raised, timeout: timeout)
        }
        return cleared
    }

    /// Clears every alarm raised in the cluster, as `etcdctl alarm disarm` does.
    ///
    /// - Parameter timeout: each call's deadline.
    /// - Returns: the alarms that were cleared.
    /// - Throws: ``EtcdError``, as ``put(_:_:lease:timeout:)``.
    @discardableResult
    public nonisolated func disarmAll(timeout: Duration? = nil) async throws(EtcdError) -> [EtcdAlarm] {
        var cleared: [EtcdAlarm] = []
        for raised in try await alarms(timeout: timeout) {
            cleared += try await alarmCall(.deactivate, raised, timeout: timeout)
        }
        return cleared
    }

    private nonisolated func alarmCall(
        _ action: Etcdserverpb.AlarmRequest.AlarmAction, _ alarm: EtcdAlarm, timeout: Duration?
    ) async throws(EtcdError) -> [EtcdAlarm] {
        var request = Etcdserverpb.AlarmRequest()
        request.action = action
        request.memberID = alarm.memberID
        request.alarm = Etcdserverpb.AlarmType(rawValue: alarm.kind.rawValue)
        // Listing, raising or clearing an alarm twice has the same effect as once.
        let response = try await core.unary(Etcdserverpb.Maintenance.alarm, request, kind: .idempotent, timeout: timeout)
        return response.alarms.map { EtcdAlarm(memberID: $0.memberID, kind: EtcdAlarm.Kind(rawValue: $0.alarm.rawValue)) }
    }

    /// Defragments the backend database of the member that answers, returning freed space to
    /// the file system. The member is unresponsive while it runs.
    ///
    /// etcd 3.5.0 and 3.5.1 may crash (SIGSEGV) when a defragmentation runs while one of their
    /// watchers is catching up on past revisions (a watch started at an older revision, or one
    /// that fell behind); etcd 3.5.2 fixed it. On those versions, defragment a member while no
    /// watch is catching up on it, or upgrade first.
    ///
    /// - Parameter timeout: the call's deadline (defragmenting a large database takes time).
    /// - Returns: the response header (naming the member that was defragmented).
    /// - Throws: ``EtcdError``, as ``get(_:options:timeout:)``.
    @discardableResult
    public nonisolated func defragment(timeout: Duration? = nil) async throws(EtcdError) -> EtcdResponseHeader {
        let response = try await core.unary(
            Etcdserverpb.Maintenance.defragment, Etcdserverpb.DefragmentRequest(), kind: .idempotent, timeout: timeout)
        return EtcdResponseHeader(response.header)
    }

    /// The hash of the answering member's whole backend database (every bucket, including
    /// the key-value store's history), to compare members' data. Differs between members
    /// whose histories were compacted or defragmented differently; ``hashKV(revision:timeout:)``
    /// compares key-value data only.
    ///
    /// - Parameter timeout: the call's deadline.
    /// - Returns: the hash and the response header (naming the member that answered).
    /// - Throws: ``EtcdError``, as ``get(_:options:timeout:)``.
    public nonisolated func hash(timeout: Duration? = nil) async throws(EtcdError) -> (hash: UInt32, header: EtcdResponseHeader) {
        let response = try await core.unary(
            Etcdserverpb.Maintenance.hash, Etcdserverpb.HashRequest(), kind: .idempotent, timeout: timeout)
        return (response.hash, EtcdResponseHeader(response.header))
    }

    /// The hash of the key-value store up to `revision`, to compare members' data.
    ///
    /// - Parameters:
    ///   - revision: the revision to hash up to; 0 means the latest.
    ///   - timeout: the call's deadline.
    /// - Returns: the hash, the compact revision it starts after, and the response header.
    /// - Throws: ``EtcdError``: `.compacted` / `.futureRevision` for a revision out of range.
    public nonisolated func hashKV(
        revision: Int64 = 0,
        timeout: Duration? = nil
    ) async throws(EtcdError) -> (hash: UInt32, compactRevision: Int64, header: EtcdResponseHeader) {
        var request = Etcdserverpb.HashKVRequest()
        request.revision = revision
        let response = try await core.unary(Etcdserverpb.Maintenance.hashKV, request, kind: .idempotent, timeout: timeout)
        return (response.hash, response.compactRevision, EtcdResponseHeader(response.header))
    }

    /// Transfers leadership to another voting member. Must reach the current leader.
    ///
    /// - Parameters:
    ///   - memberID: the member to become leader.
    ///   - timeout: the call's deadline.
    /// - Returns: the response header.
    /// - Throws: ``EtcdError``: `.notLeader` when the answering member is not the leader,
    ///   `.invalidArgument` for a bad transferee.
    @discardableResult
    public nonisolated func moveLeader(to memberID: UInt64, timeout: Duration? = nil) async throws(EtcdError) -> EtcdResponseHeader {
        var request = Etcdserverpb.MoveLeaderRequest()
        request.targetID = memberID
        let response = try await core.unary(Etcdserverpb.Maintenance.moveLeader, request, kind: .mutation, timeout: timeout)
        return EtcdResponseHeader(response.header)
    }
}
