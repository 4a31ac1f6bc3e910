// Hand-written: the type of the generated gRPC method descriptors.

/// A gRPC method of one of etcd's services, with its request and response message types.
///
/// Generated from the services in `Protos/`, e.g. `Etcdserverpb.KV.range`.
package struct GRPCMethod<Request: WireMessage, Response: WireMessage>: Sendable, Hashable {
    /// The HTTP/2 `:path`, e.g. `/etcdserverpb.KV/Range`.
    package let path: String
    /// Whether the client sends a stream of requests.
    package let isClientStreaming: Bool
    /// Whether the server sends a stream of responses.
    package let isServerStreaming: Bool

    package init(path: String, isClientStreaming: Bool, isServerStreaming: Bool) {
        self.path = path
        self.isClientStreaming = isClientStreaming
        self.isServerStreaming = isServerStreaming
    }

    /// Whether exactly one request and one response are exchanged.
    package var isUnary: Bool {
        !isClientStreaming && !isServerStreaming
    }
}
