// DO NOT EDIT; regenerate with Codegen/generate.sh
// Generated from Protos/v3election.proto.

/// Messages of the `v3electionpb` protobuf package.
package enum V3electionpb {}

extension V3electionpb {
    package struct CampaignRequest: WireMessage {
        package var name: [UInt8] = []
        package var lease: Int64 = 0
        package var value: [UInt8] = []

        package init() {}

        /// A message with the given fields; the others keep their proto3 defaults.
        package init(
            name: [UInt8] = [],
            lease: Int64 = 0,
            value: [UInt8] = []
        ) {
            self.name = name
            self.lease = lease
            self.value = value
        }
    }

    package struct CampaignResponse: WireMessage {
        package var header: Etcdserverpb.ResponseHeader? = nil
        package var leader: V3electionpb.LeaderKey? = nil

        package init() {}

        /// A message with the given fields; the others keep their proto3 defaults.
        package init(
            header: Etcdserverpb.ResponseHeader? = nil,
            leader: V3electionpb.LeaderKey? = nil
        ) {
            self.header = header
            self.leader = leader
        }
    }

    package struct LeaderKey: WireMessage {
        package var name: [UInt8] = []
        package var key: [UInt8] = []
        package var rev: Int64 = 0
        package var lease: Int64 = 0

        package init() {}

        /// A message with the given fields; the others keep their proto3 defaults.
        package init(
            name: [UInt8] = [],
            key: [UInt8] = [],
            rev: Int64 = 0,
            lease: Int64 = 0
        ) {
            self.name = name
            self.key = key
            self.rev = rev
            self.lease = lease
        }
    }

    package struct LeaderRequest: WireMessage {
        package var name: [UInt8] = []

        package init() {}

        /// A message with the given fields; the others keep their proto3 defaults.
        package init(
            name: [UInt8] = []
        ) {
            self.name = name
        }
    }

    package struct LeaderResponse: WireMessage {
        package var header: Etcdserverpb.ResponseHeader? = nil
        package var kv: Mvccpb.KeyValue? = nil

        package init() {}

        /// A message with the given fields; the others keep their proto3 defaults.
        package init(
            header: Etcdserverpb.ResponseHeader? = nil,
            kv: Mvccpb.KeyValue? = nil
        ) {
            self.header = header
            self.kv = kv
        }
    }

    package struct ResignRequest: WireMessage {
        package var leader: V3electionpb.LeaderKey? = nil

        package init() {}

        /// A message with the given fields; the others keep their proto3 defaults.
        package init(
            leader: V3electionpb.LeaderKey? = nil
        ) {
            self.leader = leader
        }
    }

    package struct ResignResponse: WireMessage {
        package var header: Etcdserverpb.ResponseHeader? = nil

        package init() {}

        /// A message with the given fields; the others keep their proto3 defaults.
        package init(
            header: Etcdserverpb.ResponseHeader? = nil
        ) {
            self.header = header
        }
    }

    package struct ProclaimRequest: WireMessage {
        package var leader: V3electionpb.LeaderKey? = nil
        package var value: [UInt8] = []

        package init() {}

        /// A message with the given fields; the others keep their proto3 defaults.
        package init(
            leader: V3electionpb.LeaderKey? = nil,
            value: [UInt8] = []
        ) {
            self.leader = leader
            self.value = value
        }
    }

    package struct ProclaimResponse: WireMessage {
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

extension V3electionpb {
    /// The methods of the `v3electionpb.Election` gRPC service.
    package enum Election {
        /// The gRPC service name.
        package static let serviceName = "v3electionpb.Election"

        /// Waits until the caller is the election's leader.
        /// `Campaign`, unary.
        package static let campaign = GRPCMethod<V3electionpb.CampaignRequest, V3electionpb.CampaignResponse>(
            path: "/v3electionpb.Election/Campaign",
            isClientStreaming: false,
            isServerStreaming: false
        )

        /// Replaces the leader's proclaimed value.
        /// `Proclaim`, unary.
        package static let proclaim = GRPCMethod<V3electionpb.ProclaimRequest, V3electionpb.ProclaimResponse>(
            path: "/v3electionpb.Election/Proclaim",
            isClientStreaming: false,
            isServerStreaming: false
        )

        /// Returns the current proclamation, if any.
        /// `Leader`, unary.
        package static let leader = GRPCMethod<V3electionpb.LeaderRequest, V3electionpb.LeaderResponse>(
            path: "/v3electionpb.Election/Leader",
            isClientStreaming: false,
            isServerStreaming: false
        )

        /// Streams proclamations in order.
        /// `Observe`, server-streaming.
        package static let observe = GRPCMethod<V3electionpb.LeaderRequest, V3electionpb.LeaderResponse>(
            path: "/v3electionpb.Election/Observe",
            isClientStreaming: false,
            isServerStreaming: true
        )

        /// Gives up leadership.
        /// `Resign`, unary.
        package static let resign = GRPCMethod<V3electionpb.ResignRequest, V3electionpb.ResignResponse>(
            path: "/v3electionpb.Election/Resign",
            isClientStreaming: false,
            isServerStreaming: false
        )
    }
}
