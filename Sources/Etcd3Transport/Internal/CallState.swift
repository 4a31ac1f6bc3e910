/// One open gRPC call (an HTTP/2 stream) as the connection tracks it. Owned by the
/// connection actor; never leaves its I/O thread.
final class CallState {
    // Used on the connection's I/O thread only, where an overlapping access would be a bug of
    // that one thread: the runtime's dynamic exclusivity checks are off for these fields
    // (they cost about 3% of a call).
    let id: Int32
    let isStreaming: Bool
    /// Monotonic nanoseconds, 0 for none.
    let deadline: UInt64

    // Response side.
    @exclusivity(unchecked) var deframer: GRPCDeframer
    @exclusivity(unchecked) var head = GRPCResponseHead()
    @exclusivity(unchecked) var sawInitialHeaders = false
    /// Bytes of the current partial message already reported as consumed.
    @exclusivity(unchecked) var partialConsumed = 0
    @exclusivity(unchecked) var response: [UInt8]?
    @exclusivity(unchecked) var responseCount = 0
    @exclusivity(unchecked) var unaryWaiter: UnsafeContinuation<Result<[UInt8], TransportError>, Never>?
    /// The unary call's cancellation token (0 for streams).
    @exclusivity(unchecked) var token: UInt64 = 0
    let inbox: StreamInbox?

    // Request side.
    @exclusivity(unchecked) var headersSent = false
    @exclusivity(unchecked) var outChunks: [[UInt8]] = []
    @exclusivity(unchecked) var outHead = 0
    @exclusivity(unchecked) var outOffset = 0
    @exclusivity(unchecked) var outPending = 0
    @exclusivity(unchecked) var outFinished = false
    @exclusivity(unchecked) var dataDeferred = false
    @exclusivity(unchecked) var sendWaiter: CheckedContinuation<Result<Void, TransportError>, Never>?

    init(id: Int32, isStreaming: Bool, deadline: UInt64, limit: Int) {
        self.id = id
        self.isStreaming = isStreaming
        self.deadline = deadline
        self.deframer = GRPCDeframer(limit: limit)
        self.inbox = isStreaming ? StreamInbox() : nil
    }
}
