// DO NOT EDIT; regenerate with Codegen/generate.sh
// Generated from Protos/v3lock.proto.

/// Messages of the `v3lockpb` protobuf package.
package enum V3lockpb {}

extension V3lockpb {
    package struct LockRequest: WireMessage {
        /// The lock's name.
        package var name: [UInt8] = []
        /// The lease that ownership is attached to.
        package var lease: Int64 = 0

        package init() {}

        /// A message with the given fields; the others keep their proto3 defaults.
        package init(
            name: [UInt8] = [],
            lease: Int64 = 0
        ) {
            self.name = name
            self.lease = lease
        }
    }

    package struct LockResponse: WireMessage {
        package var header: Etcdserverpb.ResponseHeader? = nil
        /// The ownership key; it exists while the caller holds the lock.
        package var key: [UInt8] = []

        package init() {}

        /// A message with the given fields; the others keep their proto3 defaults.
        package init(
            header: Etcdserverpb.ResponseHeader? = nil,
            key: [UInt8] = []
        ) {
            self.header = header
            self.key = key
        }
    }

    package struct UnlockRequest: WireMessage {
        package var key: [UInt8] = []

        package init() {}

        /// A message with the given fields; the others keep their proto3 defaults.
        package init(
            key: [UInt8] = []
        ) {
            self.key = key
        }
    }

    package struct UnlockResponse: WireMessage {
        package var header: Etcdserverpb.ResponseHeader? = nil

        package init() {}

        /// A message with the given fields; the others keep their proto3 defaults.
        package init(
            header: Etcdserverpb.ResponseHeader? = nil
        ) {
            self.header = header
        }
    }
}

extension V3lockpb {
    /// The methods of the `v3lockpb.Lock` gRPC service.
    package enum Lock {
        /// The gRPC service name.
        package static let serviceName = "v3lockpb.Lock"

        /// Acquires the named lock, waiting as long as needed; returns the ownership key.
        /// `Lock`, unary.
        package static let lock = GRPCMethod<V3lockpb.LockRequest, V3lockpb.LockResponse>(
            path: "/v3lockpb.Lock/Lock",
            isClientStreaming: false,
            isServerStreaming: false
        )

        /// Releases the lock held through the given ownership key.
        /// `Unlock`, unary.
        package static let unlock = GRPCMethod<V3lockpb.UnlockRequest, V3lockpb.UnlockResponse>(
            path: "/v3lockpb.Lock/Unlock",
            isClientStreaming: false,
            isServerStreaming: false
        )
    }
}
