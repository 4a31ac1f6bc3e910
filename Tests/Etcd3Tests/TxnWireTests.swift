import Etcd3Messages
import Testing

@testable import Etcd3

/// Transactions are encoded from the public types straight into protobuf-c's structs and
/// decoded straight back; the generated messages are the reference for both directions.
@Suite("Transactions on the wire", .timeLimit(.minutes(3)))
struct TxnWireTests {
    @Test("every compare target and operation kind encodes as the generated message would")
    func requestCarriesEveryField() throws {
        let lease = EtcdLeaseID(0x1234)
        let compare: [EtcdCompare] = [
            .version("v") == 3, .createRevision("c") != 0, .modRevision("m") < 9, .value("x") > "abc",
            .lease("l") == lease, .lease("n") == nil,
        ]
        let range = EtcdRangeOptions(
            limit: 7, revision: 5, sortOrder: .descending, sortTarget: .modRevision, serializable: true,
            keysOnly: true, minModRevision: 1, maxModRevision: 2, minCreateRevision: 3, maxCreateRevision: 4)
        let success: [EtcdTxnOp] = [
            .getPrefix("p/", options: range),
            .put("k", "value", options: EtcdPutOptions(lease: lease, prevKV: true, ignoreLease: true)),
            .deleteRange("a", end: "b", prevKV: true),
            .txn(compare: [.value("inner") == ""], success: [.put("i", "")], failure: []),
        ]
        let failure: [EtcdTxnOp] = [.get("k"), .delete("")]

        let frame = TxnWire.requestFrame(compare: compare, success: success, failure: failure)
        let length = frame.dropFirst().prefix(4).reduce(0) { $0 << 8 | Int($1) }
        #expect(frame.first == 0)
        #expect(length == frame.count - 5)
        let request = try Etcdserverpb.TxnRequest(wireBytes: Array(frame.dropFirst(5)))

        #expect(request.compare.count == 6)
        #expect(request.compare[0].key == Array("v".utf8) && request.compare[0].targetUnion == .version(3))
        #expect(request.compare[1].result == .notEqual && request.compare[1].targetUnion == .createRevision(0))
        #expect(request.compare[2].result == .less && request.compare[2].targetUnion == .modRevision(9))
        #expect(request.compare[3].result == .greater && request.compare[3].targetUnion == .value(Array("abc".utf8)))
        #expect(request.compare[4].target == .lease && request.compare[4].targetUnion == .lease(0x1234))
        #expect(request.compare[5].targetUnion == .lease(0))

        #expect(request.success.count == 4)
        guard case .requestRange(let get)? = request.success[0].request else {
            Issue.record("the first operation is not a range: \(request.success[0])")
            return
        }
        #expect(get.key == Array("p/".utf8) && get.rangeEnd == Array("p0".utf8))
        #expect(get.limit == 7 && get.revision == 5 && get.sortOrder == .descend && get.sortTarget == .mod)
        #expect(get.serializable && get.keysOnly && !get.countOnly)
        #expect(get.minModRevision == 1 && get.maxModRevision == 2 && get.minCreateRevision == 3 && get.maxCreateRevision == 4)
        guard case .requestPut(let put)? = request.success[1].request else {
            Issue.record("the second operation is not a put: \(request.success[1])")
            return
        }
        #expect(put.key == Array("k".utf8) && put.value == Array("value".utf8) && put.lease == 0x1234)
        #expect(put.prevKv && put.ignoreLease && !put.ignoreValue)
        guard case .requestDeleteRange(let delete)? = request.success[2].request else {
            Issue.record("the third operation is not a delete: \(request.success[2])")
            return
        }
        #expect(delete.key == Array("a".utf8) && delete.rangeEnd == Array("b".utf8) && delete.prevKv)
        guard case .requestTxn(let nested)? = request.success[3].request else {
            Issue.record("the fourth operation is not a transaction: \(request.success[3])")
            return
        }
        #expect(nested.compare.count == 1 && nested.compare[0].targetUnion == .value([]))
        #expect(nested.success.count == 1 && nested.failure.isEmpty)

        #expect(request.failure.count == 2)
        if case .requestDeleteRange(let empty)? = request.failure[1].request {
            #expect(empty.key.isEmpty && empty.rangeEnd.isEmpty && !empty.prevKv)
        } else {
            Issue.record("the last failure operation is not a delete: \(request.failure[1])")
        }
    }

    @Test("a transaction with nothing in it is an empty message")
    func emptyRequest() throws {
        let frame = TxnWire.requestFrame(compare: [], success: [], failure: [])
        #expect(frame == [0, 0, 0, 0, 0])
    }

    @Test("a response decodes into the results of every operation kind, nested ones included")
    func responseCarriesEveryResult() throws {
        let header = Etcdserverpb.ResponseHeader(clusterId: 1, memberId: 2, revision: 42, raftTerm: 3)
        let kv = Mvccpb.KeyValue(
            key: Array("k".utf8), createRevision: 10, modRevision: 11, version: 2, value: Array("v".utf8), lease: 7)
        let range = Etcdserverpb.RangeResponse(header: header, kvs: [kv, kv], more: true, count: 5)
        let inner = Etcdserverpb.TxnResponse(
            header: header, succeeded: false, responses: [.init(response: .responsePut(.init(header: header)))])
        let response = Etcdserverpb.TxnResponse(
            header: header, succeeded: true,
            responses: [
                .init(response: .responseRange(range)),
                .init(response: .responsePut(.init(header: header, prevKv: kv))),
                .init(response: .responseDeleteRange(.init(header: header, deleted: 1, prevKvs: [kv]))),
                .init(response: .responseTxn(inner)),
                .init(response: nil),
            ])

        let result = try TxnWire.result(response.wireBytes())

        #expect(result.succeeded)
        #expect(result.header == EtcdResponseHeader(clusterID: 1, memberID: 2, revision: 42, raftTerm: 3))
        #expect(result.responses.count == 4, "an operation result with no case set carries nothing")
        let expected = EtcdKeyValue(key: "k", value: "v", createRevision: 10, modRevision: 11, version: 2, lease: EtcdLeaseID(7))
        #expect(result.responses[0].range?.kvs == [expected, expected])
        #expect(result.responses[0].range?.more == true && result.responses[0].range?.count == 5)
        #expect(result.responses[1].put?.prevKV == expected)
        #expect(result.responses[2].delete?.deleted == 1 && result.responses[2].delete?.prevKVs == [expected])
        #expect(result.responses[3].txn?.succeeded == false && result.responses[3].txn?.responses.count == 1)
    }

    @Test("an empty response is a transaction that ran nothing; garbage is a decoding error")
    func emptyAndMalformedResponses() throws {
        let empty = try TxnWire.result([])
        #expect(!empty.succeeded && empty.responses.isEmpty && empty.header == EtcdResponseHeader())
        #expect(throws: WireDecodingError.self) { try TxnWire.result([0x22, 0x05, 0x0a]) }
    }
}
