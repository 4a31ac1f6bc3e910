import Etcd3Messages
import Testing

@Suite("Round trips: Swift → bytes → Swift", .timeLimit(.minutes(3)))
struct RoundTripTests {
    // MARK: KV

    @Test func rangeRequestWithEveryOption() throws {
        var range = Etcdserverpb.RangeRequest()
        range.key = [UInt8]("a")
        range.rangeEnd = [0]
        range.limit = 100
        range.revision = 12345
        range.sortOrder = .descend
        range.sortTarget = .mod
        range.serializable = true
        range.keysOnly = true
        range.countOnly = true
        range.minModRevision = 1
        range.maxModRevision = Int64.max
        range.minCreateRevision = -5
        range.maxCreateRevision = 99
        try expectRoundTrip(range)
    }

    @Test func rangeResponse() throws {
        var response = Etcdserverpb.RangeResponse()
        response.header = header()
        response.kvs = (0..<50).map { keyValue("key/\($0)", "value \($0)", revision: Int64($0) + 2) }
        response.more = true
        response.count = 1_000_000
        try expectRoundTrip(response)
    }

    @Test func putRequestWithNulAndFFBytes() throws {
        var put = Etcdserverpb.PutRequest()
        put.key = [0, 0xFF, 0, 0x61, 0xFF]
        put.value = [0xFF, 0xFE, 0, 0, 0x80]
        put.lease = -2
        put.prevKv = true
        put.ignoreValue = true
        put.ignoreLease = true
        try expectRoundTrip(put)
    }

    @Test func putRequestWithLargeValue() throws {
        var put = Etcdserverpb.PutRequest()
        put.key = [UInt8]("big")
        put.value = (0..<1_468_006).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }  // 1.4 MiB
        let bytes = try expectRoundTrip(put)
        #expect(bytes.count == 2 + 3 + 1 + 3 + put.value.count)
    }

    @Test func putAndDeleteResponses() throws {
        var put = Etcdserverpb.PutResponse()
        put.header = header()
        put.prevKv = keyValue("k", "old")
        try expectRoundTrip(put)

        var deleteRequest = Etcdserverpb.DeleteRangeRequest()
        deleteRequest.key = [UInt8]("p/")
        deleteRequest.rangeEnd = [UInt8]("p0")
        deleteRequest.prevKv = true
        try expectRoundTrip(deleteRequest)

        var delete = Etcdserverpb.DeleteRangeResponse()
        delete.header = header()
        delete.deleted = 2
        delete.prevKvs = [keyValue("p/a", "1"), keyValue("p/b", "")]
        try expectRoundTrip(delete)
    }

    @Test func txnWithNestedTxnAndEveryCompareTarget() throws {
        func compare(_ target: Etcdserverpb.Compare.CompareTarget, _ union: Etcdserverpb.Compare.TargetUnion)
            -> Etcdserverpb.Compare
        {
            var compare = Etcdserverpb.Compare()
            compare.key = [UInt8]("cmp")
            compare.target = target
            compare.result = .greater
            compare.targetUnion = union
            return compare
        }
        var inner = Etcdserverpb.TxnRequest()
        var innerCompare = compare(.value, .value([0, 1, 0xFF]))
        innerCompare.rangeEnd = [UInt8]("cmq")
        innerCompare.result = .notEqual
        inner.compare = [innerCompare]
        var innerPut = Etcdserverpb.PutRequest()
        innerPut.key = [UInt8]("inner")
        innerPut.value = [UInt8]("v")
        inner.success = [Etcdserverpb.RequestOp(request: .requestPut(innerPut))]
        inner.failure = [Etcdserverpb.RequestOp(request: .requestRange(Etcdserverpb.RangeRequest()))]

        var txn = Etcdserverpb.TxnRequest()
        txn.compare = [
            compare(.version, .version(0)),
            compare(.create, .createRevision(-1)),
            compare(.mod, .modRevision(Int64.max)),
            compare(.value, .value([UInt8]("x"))),
            compare(.lease, .lease(0x7FFF_0000_1234)),
            compare(.unrecognized(9), .version(3)),
            Etcdserverpb.Compare(),
        ]
        var range = Etcdserverpb.RangeRequest()
        range.key = [UInt8]("r")
        var delete = Etcdserverpb.DeleteRangeRequest()
        delete.key = [UInt8]("d")
        delete.prevKv = true
        txn.success = [
            Etcdserverpb.RequestOp(request: .requestRange(range)),
            Etcdserverpb.RequestOp(request: .requestDeleteRange(delete)),
            Etcdserverpb.RequestOp(request: .requestTxn(inner)),
            Etcdserverpb.RequestOp(),
        ]
        var doubleNested = Etcdserverpb.TxnRequest()
        doubleNested.success = [Etcdserverpb.RequestOp(request: .requestTxn(inner))]
        txn.failure = [Etcdserverpb.RequestOp(request: .requestTxn(doubleNested))]
        let bytes = try expectRoundTrip(txn)
        let decoded = try Etcdserverpb.TxnRequest(wireBytes: bytes)
        guard case .requestTxn(let outer)? = decoded.failure.first?.request,
            case .requestTxn(let decodedInner)? = outer.success.first?.request
        else {
            Issue.record("nested txn lost")
            return
        }
        #expect(decodedInner == inner)
        #expect(decoded.compare[5].target == .unrecognized(9))
    }

    @Test func txnResponseWithEveryResponseKind() throws {
        var range = Etcdserverpb.RangeResponse()
        range.kvs = [keyValue("a", "1")]
        range.count = 1
        var inner = Etcdserverpb.TxnResponse()
        inner.succeeded = true
        inner.responses = [Etcdserverpb.ResponseOp(response: .responsePut(Etcdserverpb.PutResponse()))]
        var txn = Etcdserverpb.TxnResponse()
        txn.header = header()
        txn.succeeded = false
        txn.responses = [
            Etcdserverpb.ResponseOp(response: .responseRange(range)),
            Etcdserverpb.ResponseOp(response: .responsePut(Etcdserverpb.PutResponse())),
            Etcdserverpb.ResponseOp(response: .responseDeleteRange(Etcdserverpb.DeleteRangeResponse())),
            Etcdserverpb.ResponseOp(response: .responseTxn(inner)),
        ]
        try expectRoundTrip(txn)
    }

    @Test func compaction() throws {
        var request = Etcdserverpb.CompactionRequest()
        request.revision = 1000
        request.physical = true
        try expectRoundTrip(request)
        var response = Etcdserverpb.CompactionResponse()
        response.header = header()
        try expectRoundTrip(response)
    }

    // MARK: Watch

    @Test func watchRequestVariants() throws {
        var create = Etcdserverpb.WatchCreateRequest()
        create.key = [UInt8]("w/")
        create.rangeEnd = [UInt8]("w0")
        create.startRevision = 17
        create.progressNotify = true
        create.filters = [.noput, .nodelete, .unrecognized(5)]
        create.prevKv = true
        create.watchId = 3
        create.fragment = true
        for union: Etcdserverpb.WatchRequest.RequestUnion? in [
            .createRequest(create),
            .createRequest(Etcdserverpb.WatchCreateRequest()),
            .cancelRequest(Etcdserverpb.WatchCancelRequest(watchId: 3)),
            .progressRequest(Etcdserverpb.WatchProgressRequest()),
            nil,
        ] {
            var request = Etcdserverpb.WatchRequest()
            request.requestUnion = union
            try expectRoundTrip(request)
        }
    }

    @Test func watchResponseWithEvents() throws {
        var put = Mvccpb.Event()
        put.type = .put
        put.kv = keyValue("w/a", "new", revision: 10)
        put.prevKv = keyValue("w/a", "old", revision: 9)
        var delete = Mvccpb.Event()
        delete.type = .delete
        delete.kv = keyValue("w/b", "", revision: 11)
        var response = Etcdserverpb.WatchResponse()
        response.header = header(revision: 11)
        response.watchId = 1
        response.created = true
        response.canceled = true
        response.compactRevision = 4
        response.cancelReason = "mvcc: required revision has been compacted ✓"
        response.fragment = true
        response.events = [put, delete, Mvccpb.Event()]
        try expectRoundTrip(response)
    }

    // MARK: Lease

    @Test func leaseMessages() throws {
        var grant = Etcdserverpb.LeaseGrantRequest()
        grant.ttl = 60
        grant.id = 0x7FFF_FFFF_FFFF_FFFF
        try expectRoundTrip(grant)

        var granted = Etcdserverpb.LeaseGrantResponse()
        granted.header = header()
        granted.id = 1
        granted.ttl = 60
        granted.error = "lease already exists"
        try expectRoundTrip(granted)

        var keepAlive = Etcdserverpb.LeaseKeepAliveResponse()
        keepAlive.header = header()
        keepAlive.id = 1
        keepAlive.ttl = -1
        try expectRoundTrip(keepAlive)

        var timeToLive = Etcdserverpb.LeaseTimeToLiveResponse()
        timeToLive.header = header()
        timeToLive.id = 1
        timeToLive.ttl = 30
        timeToLive.grantedTTL = 60
        timeToLive.keys = [[UInt8]("a"), [], [0, 0xFF]]
        try expectRoundTrip(timeToLive)

        var leases = Etcdserverpb.LeaseLeasesResponse()
        leases.header = header()
        leases.leases = [1, 2, -3].map { Etcdserverpb.LeaseStatus(id: $0) }
        try expectRoundTrip(leases)

        var checkpoint = Etcdserverpb.LeaseCheckpointRequest()
        checkpoint.checkpoints = [Etcdserverpb.LeaseCheckpoint(id: 5, remainingTTL: 9)]
        try expectRoundTrip(checkpoint)
    }

    // MARK: Cluster

    @Test func memberMessages() throws {
        var member = Etcdserverpb.Member()
        member.id = 0x8E9E_05C5_2164_694D
        member.name = "infra1"
        member.peerURLs = ["http://127.0.0.1:2380", ""]
        member.clientURLs = ["http://127.0.0.1:2379", "https://[::1]:2379"]
        member.isLearner = true
        var list = Etcdserverpb.MemberListResponse()
        list.header = header()
        list.members = [member, Etcdserverpb.Member()]
        try expectRoundTrip(list)

        var add = Etcdserverpb.MemberAddRequest()
        add.peerURLs = ["http://10.0.0.2:2380"]
        add.isLearner = true
        try expectRoundTrip(add)

        var added = Etcdserverpb.MemberAddResponse()
        added.header = header()
        added.member = member
        added.members = [member]
        try expectRoundTrip(added)

        try expectRoundTrip(Etcdserverpb.MemberListRequest(linearizable: true))
        try expectRoundTrip(Etcdserverpb.MemberPromoteRequest(id: UInt64.max))
    }

    // MARK: Maintenance

    @Test func statusResponse() throws {
        var status = Etcdserverpb.StatusResponse()
        status.header = header()
        status.version = "3.5.17"
        status.dbSize = 20480
        status.leader = 0x8E9E_05C5_2164_694D
        status.raftIndex = 4
        status.raftTerm = 2
        status.raftAppliedIndex = 4
        status.errors = ["NOSPACE", "étcd"]
        status.dbSizeInUse = 16384
        status.isLearner = false
        status.storageVersion = "3.6.0"
        status.dbSizeQuota = 2 << 30
        status.downgradeInfo = Etcdserverpb.DowngradeInfo(enabled: true, targetVersion: "3.5.0")
        try expectRoundTrip(status)
    }

    @Test func otherMaintenanceMessages() throws {
        var alarm = Etcdserverpb.AlarmRequest()
        alarm.action = .deactivate
        alarm.memberID = 3
        alarm.alarm = .nospace
        try expectRoundTrip(alarm)

        var alarms = Etcdserverpb.AlarmResponse()
        alarms.header = header()
        alarms.alarms = [Etcdserverpb.AlarmMember(memberID: 3, alarm: .corrupt)]
        try expectRoundTrip(alarms)

        var hash = Etcdserverpb.HashKVResponse()
        hash.header = header()
        hash.hash = UInt32.max
        hash.compactRevision = 3
        hash.hashRevision = 9
        try expectRoundTrip(hash)

        var snapshot = Etcdserverpb.SnapshotResponse()
        snapshot.header = header()
        snapshot.remainingBytes = 1 << 40
        snapshot.blob = Array(repeating: 0xAB, count: 32 * 1024)
        try expectRoundTrip(snapshot)

        var downgrade = Etcdserverpb.DowngradeRequest()
        downgrade.action = .enable
        downgrade.version = "3.4"
        try expectRoundTrip(downgrade)

        try expectRoundTrip(Etcdserverpb.MoveLeaderRequest(targetID: 9))
    }

    // MARK: Auth

    @Test func authMessages() throws {
        var authenticate = Etcdserverpb.AuthenticateRequest()
        authenticate.name = "root"
        authenticate.password = "pässwörd\u{1}"
        try expectRoundTrip(authenticate)

        var token = Etcdserverpb.AuthenticateResponse()
        token.header = header()
        token.token = "eyJhbGciOi.simple.3"
        try expectRoundTrip(token)

        var userAdd = Etcdserverpb.AuthUserAddRequest()
        userAdd.name = "alice"
        userAdd.options = Authpb.UserAddOptions(noPassword: true)
        userAdd.hashedPassword = "$2a$10$abc"
        try expectRoundTrip(userAdd)

        var grant = Etcdserverpb.AuthRoleGrantPermissionRequest()
        grant.name = "reader"
        grant.perm = Authpb.Permission(permType: .readwrite, key: [UInt8]("a"), rangeEnd: [0])
        try expectRoundTrip(grant)

        var role = Etcdserverpb.AuthRoleGetResponse()
        role.header = header()
        role.perm = [
            Authpb.Permission(permType: .read, key: [UInt8]("x"), rangeEnd: []),
            Authpb.Permission(permType: .unrecognized(77), key: [], rangeEnd: []),
        ]
        try expectRoundTrip(role)

        var status = Etcdserverpb.AuthStatusResponse()
        status.header = header()
        status.enabled = true
        status.authRevision = 12
        try expectRoundTrip(status)

        var users = Etcdserverpb.AuthUserListResponse()
        users.users = ["root", "", "bob"]
        try expectRoundTrip(users)

        var user = Authpb.User()
        user.name = [UInt8]("alice")
        user.password = [0, 1]
        user.roles = ["a", "b"]
        user.options = Authpb.UserAddOptions(noPassword: false)
        try expectRoundTrip(user)
    }

    // MARK: Lock and Election

    @Test func lockMessages() throws {
        var lock = V3lockpb.LockRequest()
        lock.name = [UInt8]("my-lock")
        lock.lease = 0x694D_1234
        try expectRoundTrip(lock)

        var locked = V3lockpb.LockResponse()
        locked.header = header()
        locked.key = [UInt8]("my-lock/694d1234")
        try expectRoundTrip(locked)

        try expectRoundTrip(V3lockpb.UnlockRequest(key: [UInt8]("my-lock/694d1234")))
        try expectRoundTrip(V3lockpb.UnlockResponse(header: header()))
    }

    @Test func electionMessages() throws {
        var campaign = V3electionpb.CampaignRequest()
        campaign.name = [UInt8]("election")
        campaign.lease = 5
        campaign.value = [UInt8]("me")
        try expectRoundTrip(campaign)

        let leader = V3electionpb.LeaderKey(name: [UInt8]("election"), key: [UInt8]("election/5"), rev: 8, lease: 5)
        var campaigned = V3electionpb.CampaignResponse()
        campaigned.header = header()
        campaigned.leader = leader
        try expectRoundTrip(campaigned)

        var proclaim = V3electionpb.ProclaimRequest()
        proclaim.leader = leader
        proclaim.value = [UInt8]("new value")
        try expectRoundTrip(proclaim)

        var leaderResponse = V3electionpb.LeaderResponse()
        leaderResponse.header = header()
        leaderResponse.kv = keyValue("election/5", "me")
        try expectRoundTrip(leaderResponse)

        try expectRoundTrip(V3electionpb.LeaderRequest(name: [UInt8]("election")))
        try expectRoundTrip(V3electionpb.ResignRequest(leader: leader))
        try expectRoundTrip(V3electionpb.ResignResponse(header: header()))
    }
}
