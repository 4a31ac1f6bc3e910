internal import CEtcd3ProtobufC
internal import CEtcd3Protos
import Etcd3Messages

// Transactions go between the public types and protobuf-c's structs without building the
// generated Swift messages for the containers in between (`TxnRequest`, `RequestOp`,
// `TxnResponse`, `ResponseOp`, `RangeResponse`): each of those holds arrays, so the detour cost
// several allocations and copies per call on the path every lock, election and compare-and-swap
// takes. The leaves (compares, ranges, puts, deletes, key-values, headers) still go through
// the generated conversions, which allocate nothing of their own.
//
// The arena is sized first and filled second, as the generated code does; both walks must
// take the same bytes (the arena checks it).

enum TxnWire {
    /// The gRPC frame (5-byte prefix and protobuf encoding) of a TxnRequest.
    static func requestFrame(compare: [EtcdCompare], success: [EtcdTxnOp], failure: [EtcdTxnOp]) -> [UInt8] {
        var arena = WireEncodeArena(capacity: requestSize(compare: compare, success: success, failure: failure))
        let request = allocate(Etcdserverpb__TxnRequest.self, in: &arena)
        fillRequest(request, compare: compare, success: success, failure: failure, arena: &arena)
        let frame = grpcFrame(packing: UnsafePointer(OpaquePointer(request)))
        arena.release()
        return frame
    }

    /// Decodes a TxnResponse's protobuf encoding into the public result.
    static func result(_ bytes: [UInt8]) throws(WireDecodingError) -> EtcdTxnResult {
        let decoded: Result<EtcdTxnResult, WireDecodingError> = bytes.withUnsafeBytes { input in
            Result { () throws(WireDecodingError) in
                let arena = try WireDecodeArena(
                    inputCount: input.count,
                    limit: WireDecodingLimits.defaultAllocationLimit(inputCount: input.count))
                let message = withUnsafeBytes(of: 0 as UInt8) { empty in
                    let base = input.count > 0 ? input.baseAddress! : empty.baseAddress!
                    return etcdserverpb__txn_response__unpack(
                        arena.protobufCAllocator, input.count, base.assumingMemoryBound(to: UInt8.self))
                }
                guard let message else { throw arena.failure }
                // The arena must outlive the conversion: release it explicitly afterwards.
                let converted = Result { () throws(WireDecodingError) in try txnResult(message) }
                arena.release()
                return try converted.get()
            }
        }
        return try decoded.get()
    }

    // MARK: Encoding

    private static func allocate<T>(_ type: T.Type, in arena: inout WireEncodeArena) -> UnsafeMutablePointer<T> {
        arena.allocate(byteCount: MemoryLayout<T>.size).bindMemory(to: T.self, capacity: 1)
    }

    private static func allocatePointers<T>(
        to type: T.Type, count: Int, in arena: inout WireEncodeArena
    ) -> UnsafeMutablePointer<UnsafeMutablePointer<T>?> {
        arena.allocate(byteCount: MemoryLayout<UnsafeMutablePointer<T>?>.stride * count)
            .bindMemory(to: UnsafeMutablePointer<T>?.self, capacity: count)
    }

    private static func pointersSize<T>(to type: T.Type, count: Int) -> Int {
        wireAligned(MemoryLayout<UnsafeMutablePointer<T>?>.stride * count)
    }

    private static func requestSize(compare: [EtcdCompare], success: [EtcdTxnOp], failure: [EtcdTxnOp]) -> Int {
        var size = wireAligned(MemoryLayout<Etcdserverpb__TxnRequest>.size)
        size += pointersSize(to: Etcdserverpb__Compare.self, count: compare.count)
        for condition in compare { size += Etcdserverpb.Compare(condition).wireArenaSize }
        size += pointersSize(to: Etcdserverpb__RequestOp.self, count: success.count)
        for op in success { size += operationSize(op) }
        size += pointersSize(to: Etcdserverpb__RequestOp.self, count: failure.count)
        for op in failure { size += operationSize(op) }
        return size
    }

    private static func operationSize(_ op: EtcdTxnOp) -> Int {
        let size = wireAligned(MemoryLayout<Etcdserverpb__RequestOp>.size)
        switch op.kind {
        case .range(let key, let end, let options):
            return size + Etcdserverpb.RangeRequest(key: key, end: end, options: options).wireArenaSize
        case .put(let key, let value, let options):
            return size + Etcdserverpb.PutRequest(key: key, value: value, options: options).wireArenaSize
        case .delete(let key, let end, let prevKV):
            return size + Etcdserverpb.DeleteRangeRequest(key: key, end: end, prevKV: prevKV).wireArenaSize
        case .txn(let compare, let success, let failure):
            return size + requestSize(compare: compare, success: success, failure: failure)
        }
    }

    private static func fillRequest(
        _ c: UnsafeMutablePointer<Etcdserverpb__TxnRequest>,
        compare: [EtcdCompare], success: [EtcdTxnOp], failure: [EtcdTxnOp],
        arena: inout WireEncodeArena
    ) {
        etcdserverpb__txn_request__init(c)
        if !compare.isEmpty {
            let array = allocatePointers(to: Etcdserverpb__Compare.self, count: compare.count, in: &arena)
            for (index, condition) in compare.enumerated() {
                let item = allocate(Etcdserverpb__Compare.self, in: &arena)
                Etcdserverpb.Compare(condition).wireFill(item, arena: &arena)
                (array + index).initialize(to: item)
            }
            c.pointee.n_compare = compare.count
            c.pointee.compare = array
        }
        if !success.isEmpty {
            c.pointee.success = fillOperations(success, arena: &arena)
            c.pointee.n_success = success.count
        }
        if !failure.isEmpty {
            c.pointee.failure = fillOperations(failure, arena: &arena)
            c.pointee.n_failure = failure.count
        }
    }

    private static func fillOperations(
        _ ops: [EtcdTxnOp], arena: inout WireEncodeArena
    ) -> UnsafeMutablePointer<UnsafeMutablePointer<Etcdserverpb__RequestOp>?> {
        let array = allocatePointers(to: Etcdserverpb__RequestOp.self, count: ops.count, in: &arena)
        for (index, op) in ops.enumerated() {
            let item = allocate(Etcdserverpb__RequestOp.self, in: &arena)
            fillOperation(item, op, arena: &arena)
            (array + index).initialize(to: item)
        }
        return array
    }

    private static func fillOperation(
        _ c: UnsafeMutablePointer<Etcdserverpb__RequestOp>, _ op: EtcdTxnOp, arena: inout WireEncodeArena
    ) {
        etcdserverpb__request_op__init(c)
        switch op.kind {
        case .range(let key, let end, let options):
            let item = allocate(Etcdserverpb__RangeRequest.self, in: &arena)
            Etcdserverpb.RangeRequest(key: key, end: end, options: options).wireFill(item, arena: &arena)
            c.pointee.request_case = ETCDSERVERPB__REQUEST_OP__REQUEST_REQUEST_RANGE
            c.pointee.request_range = item
        case .put(let key, let value, let options):
            let item = allocate(Etcdserverpb__PutRequest.self, in: &arena)
            Etcdserverpb.PutRequest(key: key, value: value, options: options).wireFill(item, arena: &arena)
            c.pointee.request_case = ETCDSERVERPB__REQUEST_OP__REQUEST_REQUEST_PUT
            c.pointee.request_put = item
        case .delete(let key, let end, let prevKV):
            let item = allocate(Etcdserverpb__DeleteRangeRequest.self, in: &arena)
            Etcdserverpb.DeleteRangeRequest(key: key, end: end, prevKV: prevKV).wireFill(item, arena: &arena)
            c.pointee.request_case = ETCDSERVERPB__REQUEST_OP__REQUEST_REQUEST_DELETE_RANGE
            c.pointee.request_delete_range = item
        case .txn(let compare, let success, let failure):
            let item = allocate(Etcdserverpb__TxnRequest.self, in: &arena)
            fillRequest(item, compare: compare, success: success, failure: failure, arena: &arena)
            c.pointee.request_case = ETCDSERVERPB__REQUEST_OP__REQUEST_REQUEST_TXN
            c.pointee.request_txn = item
        }
    }

    // MARK: Decoding (defensive, as the generated conversions: a NULL where the wire promised
    // a value is malformed)

    private static func txnResult(_ c: UnsafePointer<Etcdserverpb__TxnResponse>) throws(WireDecodingError) -> EtcdTxnResult {
        var responses: [EtcdTxnOpResult] = []
        if c.pointee.n_responses > 0 {
            guard let array = c.pointee.responses else { throw .malformed }
            responses.reserveCapacity(c.pointee.n_responses)
            for index in 0..<c.pointee.n_responses {
                guard let item = array[index] else { throw .malformed }
                if let result = try operationResult(item) { responses.append(result) }
            }
        }
        return EtcdTxnResult(
            header: try header(c.pointee.header), succeeded: c.pointee.succeeded != 0, responses: responses)
    }

    /// `nil` for an operation result with no case set (skipped, as an empty oneof carries nothing).
    private static func operationResult(_ c: UnsafePointer<Etcdserverpb__ResponseOp>) throws(WireDecodingError) -> EtcdTxnOpResult? {
        switch c.pointee.response_case {
        case ETCDSERVERPB__RESPONSE_OP__RESPONSE_RESPONSE_RANGE:
            guard let item = c.pointee.response_range else { throw .malformed }
            return .range(try rangeResult(item))
        case ETCDSERVERPB__RESPONSE_OP__RESPONSE_RESPONSE_PUT:
            guard let item = c.pointee.response_put else { throw .malformed }
            return .put(EtcdPutResult(try Etcdserverpb.PutResponse(wireStruct: item)))
        case ETCDSERVERPB__RESPONSE_OP__RESPONSE_RESPONSE_DELETE_RANGE:
            guard let item = c.pointee.response_delete_range else { throw .malformed }
            return .delete(EtcdDeleteResult(try Etcdserverpb.DeleteRangeResponse(wireStruct: item)))
        case ETCDSERVERPB__RESPONSE_OP__RESPONSE_RESPONSE_TXN:
            guard let item = c.pointee.response_txn else { throw .malformed }
            return .txn(try txnResult(item))
        default:
            return nil
        }
    }

    private static func rangeResult(_ c: UnsafePointer<Etcdserverpb__RangeResponse>) throws(WireDecodingError) -> EtcdRangeResult {
        var kvs: [EtcdKeyValue] = []
        if c.pointee.n_kvs > 0 {
            guard let array = c.pointee.kvs else { throw .malformed }
            kvs.reserveCapacity(c.pointee.n_kvs)
            for index in 0..<c.pointee.n_kvs {
                guard let item = array[index] else { throw .malformed }
                kvs.append(EtcdKeyValue(try Mvccpb.KeyValue(wireStruct: item)))
            }
        }
        return EtcdRangeResult(
            header: try header(c.pointee.header), kvs: kvs, more: c.pointee.more != 0, count: c.pointee.count)
    }

    private static func header(_ c: UnsafeMutablePointer<Etcdserverpb__ResponseHeader>?) throws(WireDecodingError) -> EtcdResponseHeader {
        guard let c else { return EtcdResponseHeader() }
        return EtcdResponseHeader(try Etcdserverpb.ResponseHeader(wireStruct: c))
    }
}
