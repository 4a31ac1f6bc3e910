// Target ResponseConversion (Docs/Fuzzing.md): the client's conversions from decoded response
// messages to its public types. They are internal to Etcd3, so this file needs Etcd3 built
// with testability: debug builds have it (SwiftPM's default), and Scripts/fuzz.sh builds with
// `-enable-testing -DETCD3_FUZZ_TESTABLE`. A release build without them compiles a stub.
#if DEBUG || ETCD3_FUZZ_TESTABLE
    @testable import Etcd3
    import Etcd3Messages

    enum ResponseConversionFuzz {
        /// The input is ResponseDecoding's: byte 0 picks the message type, byte 1 a cap, the rest
        /// is the message. Whatever decodes goes through the client's conversions.
        static func run(_ input: UnsafeRawBufferPointer) {
            guard let message = ResponseDecodingFuzz.decode(input) else { return }
            switch message {
            case let response as Etcdserverpb.RangeResponse:
                let result = EtcdRangeResult(response)
                require(result.kvs.count == response.kvs.count, "RangeResult lost key-values")
                checkHeader(result.header, response.header)
                zip(result.kvs, response.kvs).forEach(checkKeyValue)
            case let response as Etcdserverpb.PutResponse:
                let result = EtcdPutResult(response)
                checkHeader(result.header, response.header)
                require((result.prevKV == nil) == (response.prevKv == nil), "PutResult prevKV presence changed")
            case let response as Etcdserverpb.DeleteRangeResponse:
                let result = EtcdDeleteResult(response)
                require(result.deleted == response.deleted && result.prevKVs.count == response.prevKvs.count, "DeleteResult changed counts")
            case let response as Etcdserverpb.TxnResponse:
                // The client decodes transactions straight from protobuf-c's structs (TxnWire);
                // it must agree with the generated decode converted through the public results.
                let bytes = Array(UnsafeRawBufferPointer(rebasing: input[2...]))
                let direct = Result { () throws(WireDecodingError) in try TxnWire.result(bytes) }
                require(direct == .success(txnModel(response)), "TxnWire.result gave \(direct), the generated decode \(txnModel(response))")
            case let response as Etcdserverpb.WatchResponse:
                let events = response.events.map(EtcdWatchEvent.init)
                for (event, wire) in zip(events, response.events) {
                    require((event.kind == .delete) == (wire.type == .delete), "watch event kind changed")
                    checkKeyValue(event.kv, wire.kv ?? Mvccpb.KeyValue())
                }
            case let response as Etcdserverpb.MemberListResponse:
                checkMembers(response.members)
            case let response as Etcdserverpb.MemberAddResponse:
                checkMembers(response.members + (response.member.map { [$0] } ?? []))
            case let response as Etcdserverpb.MemberRemoveResponse:
                checkMembers(response.members)
            case let response as Etcdserverpb.MemberUpdateResponse:
                checkMembers(response.members)
            case let response as Etcdserverpb.MemberPromoteResponse:
                checkMembers(response.members)
            case let response as Etcdserverpb.AuthRoleGetResponse:
                for permission in response.perm {
                    let converted = EtcdPermission(permission)
                    require(converted.key.bytes == permission.key, "permission key changed")
                    require((converted.rangeEnd == nil) == permission.rangeEnd.isEmpty, "permission range end changed")
                }
            default:
                break
            }
        }

        /// The transaction result built from the generated message with the public conversions;
        /// operation results with no case set are skipped.
        static func txnModel(_ response: Etcdserverpb.TxnResponse) -> EtcdTxnResult {
            EtcdTxnResult(
                header: EtcdResponseHeader(response.header), succeeded: response.succeeded,
                responses: response.responses.compactMap { op -> EtcdTxnOpResult? in
                    switch op.response {
                    case .responseRange(let range): .range(EtcdRangeResult(range))
                    case .responsePut(let put): .put(EtcdPutResult(put))
                    case .responseDeleteRange(let delete): .delete(EtcdDeleteResult(delete))
                    case .responseTxn(let txn): .txn(txnModel(txn))
                    case nil: nil
                    }
                })
        }

        static func checkHeader(_ header: EtcdResponseHeader, _ wire: Etcdserverpb.ResponseHeader?) {
            let wire = wire ?? Etcdserverpb.ResponseHeader()
            require(header.revision == wire.revision && header.raftTerm == wire.raftTerm, "header changed")
        }

        static func checkKeyValue(_ kv: EtcdKeyValue, _ wire: Mvccpb.KeyValue) {
            require(kv.key.bytes == wire.key && kv.value.bytes == wire.value, "key or value changed")
            require((kv.lease == nil) == (wire.lease == 0), "lease presence changed")
            require(kv.modRevision == wire.modRevision && kv.version == wire.version, "revisions changed")
        }

        static func checkMembers(_ members: [Etcdserverpb.Member]) {
            for wire in members {
                let member = EtcdClusterMember(wire)
                require(member.name == wire.name && member.peerURLs == wire.peerURLs, "member changed")
            }
        }
    }
#else
    enum ResponseConversionFuzz {
        static func run(_ input: UnsafeRawBufferPointer) {
            fatalError("ResponseConversion needs Etcd3 built with -enable-testing -DETCD3_FUZZ_TESTABLE (Scripts/fuzz.sh)")
        }
    }
#endif
