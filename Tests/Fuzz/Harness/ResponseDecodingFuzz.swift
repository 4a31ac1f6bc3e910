import CEtcd3ProtobufC
import CEtcd3Protos
import Etcd3Messages

// Target ResponseDecoding (Docs/Fuzzing.md): protobuf-c unpacking and the generated conversion
// to Swift values of every response message the client reads, with a check of the decode
// arena's allocation cap.

/// One response message type: decodes an input both ways and checks the arena's accounting.
struct DecodableResponse: Sendable {
    let name: String
    /// Decodes `input` with `init(wireBytes:)` and checks it against a measured decode;
    /// returns the message when it decoded.
    let decodeAndCheck: @Sendable (_ input: UnsafeRawBufferPointer, _ capSelector: UInt8) -> (any WireMessage)?
}

enum ResponseDecodingFuzz {
    /// Every response message of a `GRPCMethod` in `Sources/Etcd3Messages`; input byte 0 picks
    /// one (modulo the count). The order is part of the seeds' format: append only.
    static let responses: [DecodableResponse] = [
        /*  0 */ entry(Etcdserverpb.RangeResponse.self, etcdserverpb__range_response__unpack, Etcdserverpb.RangeResponse.init(wireStruct:)),
        /*  1 */ entry(Etcdserverpb.PutResponse.self, etcdserverpb__put_response__unpack, Etcdserverpb.PutResponse.init(wireStruct:)),
        /*  2 */ entry(
            Etcdserverpb.DeleteRangeResponse.self, etcdserverpb__delete_range_response__unpack,
            Etcdserverpb.DeleteRangeResponse.init(wireStruct:)),
        /*  3 */ entry(Etcdserverpb.TxnResponse.self, etcdserverpb__txn_response__unpack, Etcdserverpb.TxnResponse.init(wireStruct:)),
        /*  4 */ entry(
            Etcdserverpb.CompactionResponse.self, etcdserverpb__compaction_response__unpack,
            Etcdserverpb.CompactionResponse.init(wireStruct:)),
        /*  5 */ entry(Etcdserverpb.WatchResponse.self, etcdserverpb__watch_response__unpack, Etcdserverpb.WatchResponse.init(wireStruct:)),
        /*  6 */ entry(Etcdserverpb.AlarmResponse.self, etcdserverpb__alarm_response__unpack, Etcdserverpb.AlarmResponse.init(wireStruct:)),
        /*  7 */ entry(
            Etcdserverpb.AuthDisableResponse.self, etcdserverpb__auth_disable_response__unpack,
            Etcdserverpb.AuthDisableResponse.init(wireStruct:)),
        /*  8 */ entry(
            Etcdserverpb.AuthEnableResponse.self, etcdserverpb__auth_enable_response__unpack,
            Etcdserverpb.AuthEnableResponse.init(wireStruct:)),
        /*  9 */ entry(
            Etcdserverpb.AuthRoleAddResponse.self, etcdserverpb__auth_role_add_response__unpack,
            Etcdserverpb.AuthRoleAddResponse.init(wireStruct:)),
        /* 10 */ entry(
            Etcdserverpb.AuthRoleDeleteResponse.self, etcdserverpb__auth_role_delete_response__unpack,
            Etcdserverpb.AuthRoleDeleteResponse.init(wireStruct:)),
        /* 11 */ entry(
            Etcdserverpb.AuthRoleGetResponse.self, etcdserverpb__auth_role_get_response__unpack,
            Etcdserverpb.AuthRoleGetResponse.init(wireStruct:)),
        /* 12 */ entry(
            Etcdserverpb.AuthRoleGrantPermissionResponse.self, etcdserverpb__auth_role_grant_permission_response__unpack,
            Etcdserverpb.AuthRoleGrantPermissionResponse.init(wireStruct:)),
        /* 13 */ entry(
            Etcdserverpb.AuthRoleListResponse.self, etcdserverpb__auth_role_list_response__unpack,
            Etcdserverpb.AuthRoleListResponse.init(wireStruct:)),
        /* 14 */ entry(
            Etcdserverpb.AuthRoleRevokePermissionResponse.self, etcdserverpb__auth_role_revoke_permission_response__unpack,
            Etcdserverpb.AuthRoleRevokePermissionResponse.init(wireStruct:)),
        /* 15 */ entry(
            Etcdserverpb.AuthStatusResponse.self, etcdserverpb__auth_status_response__unpack,
            Etcdserverpb.AuthStatusResponse.init(wireStruct:)),
        /* 16 */ entry(
            Etcdserverpb.AuthUserAddResponse.self, etcdserverpb__auth_user_add_response__unpack,
            Etcdserverpb.AuthUserAddResponse.init(wireStruct:)),
        /* 17 */ entry(
            Etcdserverpb.AuthUserChangePasswordResponse.self, etcdserverpb__auth_user_change_password_response__unpack,
            Etcdserverpb.AuthUserChangePasswordResponse.init(wireStruct:)),
        /* 18 */ entry(
            Etcdserverpb.AuthUserDeleteResponse.self, etcdserverpb__auth_user_delete_response__unpack,
            Etcdserverpb.AuthUserDeleteResponse.init(wireStruct:)),
        /* 19 */ entry(
            Etcdserverpb.AuthUserGetResponse.self, etcdserverpb__auth_user_get_response__unpack,
            Etcdserverpb.AuthUserGetResponse.init(wireStruct:)),
        /* 20 */ entry(
            Etcdserverpb.AuthUserGrantRoleResponse.self, etcdserverpb__auth_user_grant_role_response__unpack,
            Etcdserverpb.AuthUserGrantRoleResponse.init(wireStruct:)),
        /* 21 */ entry(
            Etcdserverpb.AuthUserListResponse.self, etcdserverpb__auth_user_list_response__unpack,
            Etcdserverpb.AuthUserListResponse.init(wireStruct:)),
        /* 22 */ entry(
            Etcdserverpb.AuthUserRevokeRoleResponse.self, etcdserverpb__auth_user_revoke_role_response__unpack,
            Etcdserverpb.AuthUserRevokeRoleResponse.init(wireStruct:)),
        /* 23 */ entry(
            Etcdserverpb.AuthenticateResponse.self, etcdserverpb__authenticate_response__unpack,
            Etcdserverpb.AuthenticateResponse.init(wireStruct:)),
        /* 24 */ entry(
            Etcdserverpb.DefragmentResponse.self, etcdserverpb__defragment_response__unpack,
            Etcdserverpb.DefragmentResponse.init(wireStruct:)),
        /* 25 */ entry(
            Etcdserverpb.DowngradeResponse.self, etcdserverpb__downgrade_response__unpack, Etcdserverpb.DowngradeResponse.init(wireStruct:)),
        /* 26 */ entry(
            Etcdserverpb.HashKVResponse.self, etcdserverpb__hash_kvresponse__unpack, Etcdserverpb.HashKVResponse.init(wireStruct:)),
        /* 27 */ entry(Etcdserverpb.HashResponse.self, etcdserverpb__hash_response__unpack, Etcdserverpb.HashResponse.init(wireStruct:)),
        /* 28 */ entry(
            Etcdserverpb.LeaseGrantResponse.self, etcdserverpb__lease_grant_response__unpack,
            Etcdserverpb.LeaseGrantResponse.init(wireStruct:)),
        /* 29 */ entry(
            Etcdserverpb.LeaseKeepAliveResponse.self, etcdserverpb__lease_keep_alive_response__unpack,
            Etcdserverpb.LeaseKeepAliveResponse.init(wireStruct:)),
        /* 30 */ entry(
            Etcdserverpb.LeaseLeasesResponse.self, etcdserverpb__lease_leases_response__unpack,
            Etcdserverpb.LeaseLeasesResponse.init(wireStruct:)),
        /* 31 */ entry(
            Etcdserverpb.LeaseRevokeResponse.self, etcdserverpb__lease_revoke_response__unpack,
            Etcdserverpb.LeaseRevokeResponse.init(wireStruct:)),
        /* 32 */ entry(
            Etcdserverpb.LeaseTimeToLiveResponse.self, etcdserverpb__lease_time_to_live_response__unpack,
            Etcdserverpb.LeaseTimeToLiveResponse.init(wireStruct:)),
        /* 33 */ entry(
            Etcdserverpb.MemberAddResponse.self, etcdserverpb__member_add_response__unpack, Etcdserverpb.MemberAddResponse.init(wireStruct:)
        ),
        /* 34 */ entry(
            Etcdserverpb.MemberListResponse.self, etcdserverpb__member_list_response__unpack,
            Etcdserverpb.MemberListResponse.init(wireStruct:)),
        /* 35 */ entry(
            Etcdserverpb.MemberPromoteResponse.self, etcdserverpb__member_promote_response__unpack,
            Etcdserverpb.MemberPromoteResponse.init(wireStruct:)),
        /* 36 */ entry(
            Etcdserverpb.MemberRemoveResponse.self, etcdserverpb__member_remove_response__unpack,
            Etcdserverpb.MemberRemoveResponse.init(wireStruct:)),
        /* 37 */ entry(
            Etcdserverpb.MemberUpdateResponse.self, etcdserverpb__member_update_response__unpack,
            Etcdserverpb.MemberUpdateResponse.init(wireStruct:)),
        /* 38 */ entry(
            Etcdserverpb.MoveLeaderResponse.self, etcdserverpb__move_leader_response__unpack,
            Etcdserverpb.MoveLeaderResponse.init(wireStruct:)),
        /* 39 */ entry(
            Etcdserverpb.SnapshotResponse.self, etcdserverpb__snapshot_response__unpack, Etcdserverpb.SnapshotResponse.init(wireStruct:)),
        /* 40 */ entry(
            Etcdserverpb.StatusResponse.self, etcdserverpb__status_response__unpack, Etcdserverpb.StatusResponse.init(wireStruct:)),
        /* 41 */ entry(
            V3electionpb.CampaignResponse.self, v3electionpb__campaign_response__unpack, V3electionpb.CampaignResponse.init(wireStruct:)),
        /* 42 */ entry(
            V3electionpb.LeaderResponse.self, v3electionpb__leader_response__unpack, V3electionpb.LeaderResponse.init(wireStruct:)),
        /* 43 */ entry(
            V3electionpb.ProclaimResponse.self, v3electionpb__proclaim_response__unpack, V3electionpb.ProclaimResponse.init(wireStruct:)),
        /* 44 */ entry(
            V3electionpb.ResignResponse.self, v3electionpb__resign_response__unpack, V3electionpb.ResignResponse.init(wireStruct:)),
        /* 45 */ entry(V3lockpb.LockResponse.self, v3lockpb__lock_response__unpack, V3lockpb.LockResponse.init(wireStruct:)),
        /* 46 */ entry(V3lockpb.UnlockResponse.self, v3lockpb__unlock_response__unpack, V3lockpb.UnlockResponse.init(wireStruct:)),
    ]

    /// Byte 0 picks the message type, byte 1 the reduced cap; the rest is the message.
    static func run(_ input: UnsafeRawBufferPointer) {
        guard input.count >= 2 else { return }
        let response = responses[Int(input[0]) % responses.count]
        _ = response.decodeAndCheck(UnsafeRawBufferPointer(rebasing: input[2...]), input[1])
    }

    /// The message type byte 0 selects and the message bytes, for the conversion target.
    static func decode(_ input: UnsafeRawBufferPointer) -> (any WireMessage)? {
        guard input.count >= 2 else { return nil }
        return responses[Int(input[0]) % responses.count].decodeAndCheck(
            UnsafeRawBufferPointer(rebasing: input[2...]), input[1])
    }

    /// Checks, for one message type:
    /// - `init(wireBytes:)` gives the same value or error as a decode by hand through a
    ///   `WireDecodeArena` with the default cap, whose requested byte count is read afterwards;
    /// - protobuf-c's requests stay within `WireDecodingLimits.defaultAllocationLimit` (the cap
    ///   holds: memory is bounded by the input);
    /// - with any cap below what a successful decode requested, the decode fails with
    ///   `.allocationLimit` (never a crash or another error); with exactly that cap it succeeds
    ///   with the same value.
    static func entry<Message: WireMessage, CMessage>(
        _ type: Message.Type,
        _ unpack:
            @escaping @Sendable (UnsafeMutablePointer<ProtobufCAllocator>?, Int, UnsafePointer<UInt8>?) -> UnsafeMutablePointer<CMessage>?,
        _ convert: @escaping @Sendable (UnsafePointer<CMessage>) throws(WireDecodingError) -> Message
    ) -> DecodableResponse {
        DecodableResponse(name: "\(type)") { input, capSelector in
            let name = "\(type)"
            let viaInit = Result { () throws(WireDecodingError) in try Message(wireBytes: input) }
            let limit = WireDecodingLimits.defaultAllocationLimit(inputCount: input.count)
            var requested = 0
            let measured = Result { () throws(WireDecodingError) -> Message in
                let arena = try WireDecodeArena(inputCount: input.count, limit: limit)
                let message = withUnsafeBytes(of: 0 as UInt8) { empty in
                    let base = input.count > 0 ? input.baseAddress! : empty.baseAddress!
                    return unpack(arena.protobufCAllocator, input.count, base.assumingMemoryBound(to: UInt8.self))
                }
                requested = arena.requestedByteCount
                guard let message else { throw arena.failure }
                let converted = Result { () throws(WireDecodingError) in try convert(message) }
                arena.release()
                return try converted.get()
            }
            require(requested <= limit, "\(name): protobuf-c got \(requested) bytes, above the cap \(limit) for \(input.count) input bytes")
            require(viaInit == measured, "\(name): init(wireBytes:) gave \(viaInit), the measured decode \(measured)")
            guard case .success(let value) = measured else { return nil }
            if requested > 0 {
                // A cap below the need: somewhere in 0..<requested, spread by the selector.
                let below = requested - 1 - (requested - 1) * Int(capSelector) / 255
                let capped = Result { () throws(WireDecodingError) in try Message(wireBytes: input, allocationLimit: below) }
                require(
                    capped == .failure(.allocationLimit),
                    "\(name): with a cap of \(below) < \(requested) bytes the decode gave \(capped)")
            }
            let exact = Result { () throws(WireDecodingError) in try Message(wireBytes: input, allocationLimit: requested) }
            require(exact == .success(value), "\(name): with a cap of exactly \(requested) bytes the decode gave \(exact)")
            return value
        }
    }
}
