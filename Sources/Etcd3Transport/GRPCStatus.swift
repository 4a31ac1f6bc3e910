/// A gRPC status: a code and a message, as the server sent it or as derived from a transport
/// failure.
package struct GRPCStatus: Sendable, Hashable, CustomStringConvertible {
    /// A gRPC status code (0…16); unknown numbers are kept as they are.
    package struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        /// The numeric code.
        package var rawValue: Int
        /// Creates a code from its number.
        package init(rawValue: Int) { self.rawValue = rawValue }

        /// 0: success.
        package static let ok = Code(rawValue: 0)
        /// 1: the call was cancelled.
        package static let cancelled = Code(rawValue: 1)
        /// 2: unknown error.
        package static let unknown = Code(rawValue: 2)
        /// 3: bad request.
        package static let invalidArgument = Code(rawValue: 3)
        /// 4: the deadline passed.
        package static let deadlineExceeded = Code(rawValue: 4)
        /// 5: not found.
        package static let notFound = Code(rawValue: 5)
        /// 6: already exists.
        package static let alreadyExists = Code(rawValue: 6)
        /// 7: permission denied.
        package static let permissionDenied = Code(rawValue: 7)
        /// 8: a resource (for example a size limit) is exhausted.
        package static let resourceExhausted = Code(rawValue: 8)
        /// 9: the system is not in the required state.
        package static let failedPrecondition = Code(rawValue: 9)
        /// 10: aborted.
        package static let aborted = Code(rawValue: 10)
        /// 11: out of range (for example a compacted revision).
        package static let outOfRange = Code(rawValue: 11)
        /// 12: the method is not implemented by the server.
        package static let unimplemented = Code(rawValue: 12)
        /// 13: internal error.
        package static let internalError = Code(rawValue: 13)
        /// 14: unavailable; often retryable.
        package static let unavailable = Code(rawValue: 14)
        /// 15: data loss.
        package static let dataLoss = Code(rawValue: 15)
        /// 16: missing or invalid credentials.
        package static let unauthenticated = Code(rawValue: 16)

        private static let names = [
            "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND",
            "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION",
            "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS",
            "UNAUTHENTICATED",
        ]

        /// The canonical upper-case name, or the number.
        package var description: String {
            Self.names.indices.contains(rawValue) ? Self.names[rawValue] : "CODE_\(rawValue)"
        }
    }

    /// The status code.
    package var code: Code
    /// The (percent-decoded) message; empty when the server sent none.
    package var message: String

    /// Creates a status.
    package init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    /// The success status.
    package static let ok = GRPCStatus(code: .ok, message: "")

    /// `CODE: message`.
    package var description: String { message.isEmpty ? "\(code)" : "\(code): \(message)" }
}
