// DO NOT EDIT; regenerate with Codegen/generate.sh
// Generated from Protos/kv.proto.

/// Messages of the `mvccpb` protobuf package.
package enum Mvccpb {}

extension Mvccpb {
    package struct KeyValue: WireMessage {
        /// The key; never empty in a stored pair.
        package var key: [UInt8] = []
        /// Revision of the last creation of this key.
        package var createRevision: Int64 = 0
        /// Revision of the last modification of this key.
        package var modRevision: Int64 = 0
        /// Version of the key: reset to zero by a delete, incremented by every change.
        package var version: Int64 = 0
        package var value: [UInt8] = []
        /// Lease attached to the key; 0 means none.
        package var lease: Int64 = 0

        package init() {}

        /// A message with the given fields; the others keep their proto3 defaults.
        package init(
            key: [UInt8] = [],
            createRevision: Int64 = 0,
            modRevision: Int64 = 0,
            version: Int64 = 0,
            value: [UInt8] = [],
            lease: Int64 = 0
        ) {
            self.key = key
            self.createRevision = createRevision
            self.modRevision = modRevision
            self.version = version
            self.value = value
            self.lease = lease
        }
    }

    package struct Event: WireMessage {
        package var type: Mvccpb.Event.EventType = .put
        /// The pair after the event (for a delete: the key with the deletion's mod revision).
        package var kv: Mvccpb.KeyValue? = nil
        /// The pair before the event, when the watcher asked for it.
        package var prevKv: Mvccpb.KeyValue? = nil

        package init() {}

        /// A message with the given fields; the others keep their proto3 defaults.
        package init(
            type: Mvccpb.Event.EventType = .put,
            kv: Mvccpb.KeyValue? = nil,
            prevKv: Mvccpb.KeyValue? = nil
        ) {
            self.type = type
            self.kv = kv
            self.prevKv = prevKv
        }

        package enum EventType: Sendable, Hashable {
            case put  // = 0
            case delete  // = 1
            /// A value this version of the protos does not know.
            case unrecognized(Int32)

            package init() {
                self = .put
            }

            package init(rawValue: Int32) {
                switch rawValue {
                case 0: self = .put
                case 1: self = .delete
                default: self = .unrecognized(rawValue)
                }
            }

            package var rawValue: Int32 {
                switch self {
                case .put: 0
                case .delete: 1
                case .unrecognized(let value): value
                }
            }
        }
    }
}
