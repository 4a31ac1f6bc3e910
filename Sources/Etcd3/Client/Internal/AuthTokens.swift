import Synchronization

/// The client's auth token: obtained from the configured credentials, refreshed single-flight
/// when the server rejects it, and dropped when the server has auth disabled.
final class AuthTokens: Sendable {
    private struct State {
        var token: String?
        var refreshing: Task<String?, any Error>?
        /// The server answered `authentication is not enabled`: no token until an error asks
        /// for one again.
        var serverAuthDisabled = false
    }

    let credentials: Etcd3Client.Credentials?
    private let state = Mutex(State())

    init(credentials: Etcd3Client.Credentials?) {
        self.credentials = credentials
    }

    /// The token to send now, if any.
    var token: String? { state.withLock { $0.token } }

    /// Whether a call should obtain a token before its first attempt.
    var needsToken: Bool {
        guard credentials != nil else { return false }
        return state.withLock { $0.token == nil && !$0.serverAuthDisabled }
    }

    /// Replaces `stale` (the token a failed call sent) with a fresh one. Concurrent callers share
    /// one Authenticate call; a caller whose stale token was already replaced returns at once.
    ///
    /// - Parameter authenticate: performs the Authenticate RPC; returns `nil` when the server has
    ///   auth disabled.
    func refresh(
        replacing stale: String?,
        authenticate: @escaping @Sendable () async throws(EtcdError) -> String?
    ) async throws(EtcdError) {
        let task = state.withLock { state -> Task<String?, any Error>? in
            if let token = state.token, token != stale { return nil }
            // Auth was found off after `stale` was sent: the next attempt goes without a token
            // (if auth is back on, its refusal comes with no token and authenticates then).
            if state.serverAuthDisabled, stale != nil { return nil }
            if let refreshing = state.refreshing { return refreshing }
            let refreshing = Task<String?, any Error> { try await authenticate() }
            state.refreshing = refreshing
            return refreshing
        }
        guard let task else { return }
        let result: Result<String?, EtcdError>
        do {
            result = .success(try await task.value)
        } catch let error as EtcdError {
            result = .failure(error)
        } catch {
            result = .failure(EtcdError(.unknown, "\(error)"))
        }
        state.withLock { state in
            guard state.refreshing == task else { return }
            state.refreshing = nil
            if case .success(let token) = result {
                state.token = token
                state.serverAuthDisabled = token == nil
            }
        }
        if case .failure(let error) = result { throw error }
    }
}

extension Etcd3Client {
    /// A user name and password, exchanged for a token when the client needs one.
    ///
    /// The password is kept in memory only to re-authenticate when a token expires; it never
    /// appears in descriptions, logs or error messages.
    public struct Credentials: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
        /// The user name.
        public var username: String
        /// The password.
        public var password: String

        /// Creates credentials.
        public init(username: String, password: String) {
            self.username = username
            self.password = password
        }

        /// The user name, with the password redacted.
        public var description: String { "Credentials(username: \(username), password: <redacted>)" }
        /// The same as ``description``.
        public var debugDescription: String { description }
    }
}

/// How many fresh tokens one unary call may obtain after its token was rejected: one for an
/// expired token, more when users or roles keep changing while it runs (each change makes the
/// token just obtained stale again; the refusal means the request was not applied).
let maxReauthenticationsPerCall = 3

/// Whether a server status means the call's token is missing, expired or stale, so a fresh
/// token may make it succeed (the re-authentication rows of `Docs/Auth.md`).
func isTokenRefreshable(grpcCode: Int, message: String) -> Bool {
    switch grpcCode {
    case 16: true
    case 3: message.contains("user name is empty") || message.contains("revision of auth store is old")
    // etcd before 3.5.6 returns the same refusal unmapped, as code 2.
    case 2: message.contains("auth: revision in header is old")
    default: false
    }
}
