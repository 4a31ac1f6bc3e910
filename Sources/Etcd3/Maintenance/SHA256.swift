internal import CEtcd3OpenSSL

/// A running SHA-256 over bytes fed in pieces, by OpenSSL's libcrypto (the library the client
/// already links for TLS).
///
/// A reference type: copies share the same running digest.
package final class SHA256Hasher {
    /// The length of a SHA-256 digest in bytes.
    package static let digestLength = 32

    private let context: OpaquePointer

    /// A hasher that has seen no bytes yet.
    package init() {
        guard let context = EVP_MD_CTX_new(), EVP_DigestInit_ex(context, EVP_sha256(), nil) == 1 else {
            fatalError("OpenSSL could not set up a SHA-256 context (out of memory)")
        }
        self.context = context
    }

    deinit {
        EVP_MD_CTX_free(context)
    }

    /// Adds `bytes` to the digest.
    package func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        _ = EVP_DigestUpdate(context, base, bytes.count)
    }

    /// Adds `bytes` to the digest.
    package func update(_ bytes: ArraySlice<UInt8>) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// The digest of every byte added so far. Call it once; the hasher is spent afterwards.
    package func finalize() -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: Self.digestLength)
        var length: UInt32 = 0
        _ = digest.withUnsafeMutableBufferPointer { EVP_DigestFinal_ex(context, $0.baseAddress, &length) }
        return digest
    }

    /// The SHA-256 of `bytes`.
    package static func digest(_ bytes: [UInt8]) -> [UInt8] {
        let hasher = SHA256Hasher()
        hasher.update(bytes[...])
        return hasher.finalize()
    }
}
