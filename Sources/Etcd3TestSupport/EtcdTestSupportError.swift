/// An error raised by the test support: a missing binary, a server that did not start, a socket failure.
///
/// The ``code`` says what kind of failure it was; the ``message`` says what happened, and for servers
/// that failed to start it includes the tail of the server's log.
public struct EtcdTestSupportError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure. New kinds may be added; switch with a `default` case.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case binaryNotFound
            case commandFailed
            case startTimedOut
            case processExited
            case socket
            case timedOut
            case invalidArgument
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// No etcd binary of the requested version was found.
        public static let binaryNotFound = Code(.binaryNotFound)
        /// A helper command (`openssl`, `etcd --version`, `python3`) failed.
        public static let commandFailed = Code(.commandFailed)
        /// A server did not become healthy within its start timeout.
        public static let startTimedOut = Code(.startTimedOut)
        /// A server process exited while it was expected to run.
        public static let processExited = Code(.processExited)
        /// A socket call failed.
        public static let socket = Code(.socket)
        /// A wait (for a leader, for an exit) ran out of time.
        public static let timedOut = Code(.timedOut)
        /// An argument was out of range, e.g. a member index.
        public static let invalidArgument = Code(.invalidArgument)

        /// The name of the code.
        public var description: String { base.rawValue }
    }

    /// The kind of failure.
    public var code: Code
    /// A human-readable explanation, including log tails where useful.
    public var message: String

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: The kind of failure.
    ///   - message: What happened.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// `code: message`.
    public var description: String { "\(code): \(message)" }
}
