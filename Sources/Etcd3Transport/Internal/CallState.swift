/// One open gRPC call (an HTTP/2 stream) as the connection tracks it. Owned by the
/// connection actor; never leaves its I/O thread.
final class CallState {
    let id: Int32
    let isStreaming: Bool
    /// Monotonic nanoseconds, 0 for none.
    let deadline: UInt64

    // Response side.
    var deframer: GRPCDeframer
    var head = GRPCResponseHead()
    var sawInitialHeaders = false
    var scratch: [[UInt8]] = []
    /// Bytes of the current partial message already reported as consumed.
    var partialConsumed = 0
    var response: [UInt8]?
    var responseCount = 0
    var unaryWaiter: UnsafeContinuation<Result<[UInt8], TransportError>, Never>?
    /// The unary call's cancellation token (0 for streams).
    var token: UInt64 = 0
    let inbox: StreamInbox?

    // Request side.
    var headersSent = false
    var outChunks: [[UInt8]] = []
    var outHead = 0
    var outOffset = 0
    var outPending = 0
    var outFinished = false
    var dataDeferred = false
    var sendWaiter: CheckedContinuation<Result<Void, TransportError>, Never>?

    init(id: Int32, isStreaming: Bool, deadline: UInt64, limit: Int) {
        self.id = id
        self.isStreaming = isStreaming
        self.deadline = deadline
        self.deframer = GRPCDeframer(limit: limit)
        self.inbox = isStreaming ? StreamInbox() : nil
    }
}
