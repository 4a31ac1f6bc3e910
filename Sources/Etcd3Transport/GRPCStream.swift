/// An open server-streaming or bidirectional gRPC call on an ``HTTP2Connection``.
///
/// Send messages with ``send(_:)`` and half-close with ``finishSending()``; read responses
/// from ``messages`` (one consumer). ``cancel()`` resets the stream from any thread, and
/// releasing the last reference to the stream cancels it too.
///
/// Back-pressure: response bytes are acknowledged to the server (HTTP/2 WINDOW_UPDATE) only
/// as the consumer takes messages, so at most one stream window (1 MiB) is buffered.
package final class GRPCStream: Sendable {
    /// The connection carrying the stream.
    package let connection: HTTP2Connection
    /// The HTTP/2 stream id.
    package let streamID: Int32
    let inbox: StreamInbox

    init(connection: HTTP2Connection, streamID: Int32, inbox: StreamInbox) {
        self.connection = connection
        self.streamID = streamID
        self.inbox = inbox
    }

    deinit {
        connection.postCancel(streamID)
    }

    /// Sends one gRPC-framed message (5-byte prefix + protobuf bytes). Returns once queued;
    /// waits while more than 1 MiB is queued on this stream.
    ///
    /// - Throws: the stream's failure if it already ended (`.closed` if it ended normally).
    package func send(_ frame: [UInt8]) async throws(TransportError) {
        if let result = await connection.streamSend(streamID, frame) {
            try result.get()
            return
        }
        throw inbox.terminalError ?? .local(.closed, .cancelled, "the stream has ended", .maybeProcessed)
    }

    /// Half-closes the stream (END_STREAM after the queued messages). etcd does not end a
    /// watch on half-close; use ``cancel()``.
    package func finishSending() async {
        await connection.streamFinish(streamID)
    }

    /// Resets the stream with RST_STREAM(CANCEL); ``messages`` then throws `.cancelled`.
    /// Safe from any thread; does nothing after the stream ended.
    package func cancel() {
        connection.postCancel(streamID)
    }

    /// Bytes of received messages not yet taken by the consumer (bounded by the stream
    /// window plus one message).
    package var bufferedByteCount: Int { inbox.bufferedBytes }

    /// The response messages (protobuf bytes without prefix). Ends normally on grpc-status 0;
    /// throws ``TransportError`` otherwise. Iterate it from one task only.
    package var messages: Messages { Messages(stream: self) }

    /// The response messages of a ``GRPCStream``.
    package struct Messages: AsyncSequence, Sendable {
        /// One message's protobuf bytes.
        package typealias Element = [UInt8]
        /// The stream's failure.
        package typealias Failure = TransportError

        let stream: GRPCStream

        /// Creates the iterator; use one iterator per stream.
        package func makeAsyncIterator() -> Iterator { Iterator(stream: stream) }

        /// Iterates the messages; cancelling the iterating task cancels the stream.
        package struct Iterator: AsyncIteratorProtocol {
            /// One message's protobuf bytes.
            package typealias Element = [UInt8]
            /// The stream's failure.
            package typealias Failure = TransportError

            let stream: GRPCStream

            /// The next message, `nil` at a successful end.
            package mutating func next() async throws(TransportError) -> [UInt8]? {
                try await next(isolation: nil)
            }

            /// The next message, `nil` at a successful end.
            package mutating func next(isolation actor: isolated (any Actor)?) async throws(TransportError) -> [UInt8]? {
                let stream = self.stream
                // A message already there needs no cancellation handler (nor a suspension).
                let delivery: StreamInbox.Delivery
                if let ready = stream.inbox.nextIfReady() {
                    if Task.isCancelled { stream.cancel() }
                    delivery = ready
                } else {
                    delivery = await withTaskCancellationHandler {
                        await stream.inbox.next()
                    } onCancel: {
                        stream.cancel()
                    }
                }
                if delivery.credit > 0 { stream.connection.postConsumed(stream.streamID, delivery.credit) }
                return try delivery.result.get()
            }
        }
    }
}

@available(*, unavailable)
extension GRPCStream.Messages.Iterator: Sendable {}
