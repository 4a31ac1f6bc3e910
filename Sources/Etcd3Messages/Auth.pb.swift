// DO NOT EDIT; regenerate with Codegen/generate.sh
// Generated from Protos/auth.proto.

/// Messages of the `authpb` protobuf package.
package enum Authpb {}

extension Authpb {
    package struct UserAddOptions: WireMessage {
        package var noPassword: Bool = false

        package init() {}

        /// A message with the given fields; the others keep their proto3 defaults.
        package init(
            noPassword: Bool = false
        ) {
            self.noPassword = noPassword
        }
    }

    package struct User: WireMessage {
        package var name: [UInt8] = []
        package var password: [UInt8] = []
        package var roles: [String] = []
        package var options: Authpb.UserAddOptions? = nil

        package init() {}

        /// A message with the given fields; the others keep their proto3 defaults.
        package init(
            name: [UInt8] = [],
            password: [UInt8] = [],
            roles: [String] = [],
            options: Authpb.UserAddOptions? = nil
        ) {
            self.name = name
            self.password = password
            self.roles = roles
            self.options = options
        }
    }

    package struct Permission: WireMessage {
        package var permType: Authpb.Permission.TypeEnum = .read
        package var key: [UInt8] = []
        package var rangeEnd: [UInt8] = []

        package init() {}

        /// A message with the given fields; the others keep their proto3 defaults.
        package init(
            permType: Authpb.Permission.TypeEnum = .read,
            key: [UInt8] = [],
            rangeEnd: [UInt8] = []
        ) {
            self.permType = permType
            self.key = key
            self.rangeEnd = rangeEnd
        }

        package enum TypeEnum: Sendable, Hashable {
            case read  // = 0
            case write  // = 1
            case readwrite  // = 2
            /// A value this version of the protos does not know.
            case unrecognized(Int32)

            package init() {
                self = .read
            }

            package init(rawValue: Int32) {
                switch rawValue {
                case 0: self = .read
                case 1: self = .write
                case 2: self = .readwrite
                default: self = .unrecognized(rawValue)
                }
            }

            package var rawValue: Int32 {
                switch self {
                case .read: 0
                case .write: 1
                case .readwrite: 2
                case .unrecognized(let value): value
                }
            }
        }
    }

    package struct Role: WireMessage {
        package var name: [UInt8] = []
        package var keyPermission: [Authpb.Permission] = []

        package init() {}

        /// A message with the given fields; the others keep their proto3 defaults.
        package init(
            name: [UInt8] = [],
            keyPermission: [Authpb.Permission] = []
        ) {
            self.name = name
            self.keyPermission = keyPermission
        }
    }
}
