import Foundation

/// An RSA key pair, generated with `openssl`, for etcd's JWT auth tokens.
///
/// ```swift
/// let key = try EtcdJWTSigningKey.generate()
/// defer { key.remove() }
/// var configuration = EtcdCluster.Configuration(members: 3)
/// configuration.extraArguments = key.authTokenArguments(ttl: .seconds(2))
/// // --auth-token jwt,pub-key=…,priv-key=…,sign-method=RS256,ttl=2s
/// ```
public struct EtcdJWTSigningKey: Sendable {
    /// The directory that holds both files; ``remove()`` deletes it.
    public let directory: String
    /// The private key (PEM), which signs tokens.
    public let privateKeyPath: String
    /// The public key (PEM), which verifies them.
    public let publicKeyPath: String

    /// Generates a 2048-bit RSA key pair in a fresh temporary directory.
    ///
    /// - Returns: The key's files.
    /// - Throws: ``EtcdTestSupportError`` with code `binaryNotFound` without `openssl`, or
    ///   `commandFailed`.
    public static func generate() throws(EtcdTestSupportError) -> EtcdJWTSigningKey {
        let openssl = try opensslCommand()
        let directory = try makeTemporaryDirectory(prefix: "etcd3-jwt")
        let key = EtcdJWTSigningKey(
            directory: directory, privateKeyPath: "\(directory)/jwt.key", publicKeyPath: "\(directory)/jwt.pub")
        do throws(EtcdTestSupportError) {
            try ChildProcess.runChecked(
                openssl, ["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", key.privateKeyPath])
            try ChildProcess.runChecked(openssl, ["pkey", "-in", key.privateKeyPath, "-pubout", "-out", key.publicKeyPath])
        } catch {
            key.remove()
            throw error
        }
        return key
    }

    /// The etcd flags that make a server issue JWT tokens signed with this key (RS256).
    ///
    /// - Parameter ttl: How long each token is valid (whole seconds; etcd rounds the expiry claim
    ///   down to a second).
    /// - Returns: `["--auth-token", "jwt,pub-key=…,priv-key=…,sign-method=RS256,ttl=<n>s"]`.
    public func authTokenArguments(ttl: Duration) -> [String] {
        let seconds = max(1, ttl.components.seconds)
        return [
            "--auth-token",
            "jwt,pub-key=\(publicKeyPath),priv-key=\(privateKeyPath),sign-method=RS256,ttl=\(seconds)s",
        ]
    }

    /// Deletes the key's directory.
    public func remove() {
        try? FileManager.default.removeItem(atPath: directory)
    }
}
