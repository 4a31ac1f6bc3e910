internal import CEtcd3OpenSSL
import Glibc

/// Drains OpenSSL's thread-local error queue into one line of text.
func drainOpenSSLErrors() -> String {
    var parts: [String] = []
    while true {
        let code = ERR_get_error()
        if code == 0 { break }
        var buffer = [CChar](repeating: 0, count: 256)
        ERR_error_string_n(code, &buffer, buffer.count)
        parts.append(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
    }
    return parts.joined(separator: "; ")
}

/// An `SSL_CTX*` built from a ``TLSConfiguration``; freed in `deinit`.
final class TLSContext {
    let pointer: OpaquePointer

    /// Loads trust roots, the client chain and key, and sets peer verification and ALPN `h2`.
    /// - Throws: `.tls(.invalidConfiguration)` when material cannot be loaded.
    init(configuration: TLSConfiguration, warn: (String) -> Void) throws(TransportError) {
        _ = drainOpenSSLErrors()
        guard let ctx = SSL_CTX_new(TLS_client_method()) else {
            throw .tls(.invalidConfiguration("SSL_CTX_new failed: \(drainOpenSSLErrors())"))
        }
        pointer = ctx
        // Returns 1 on success.
        guard CEtcd3OpenSSL_SSL_CTX_set_min_proto_version_TLS1_2(ctx) == 1 else {
            throw .tls(.invalidConfiguration("cannot set TLS 1.2 minimum: \(drainOpenSSLErrors())"))
        }
        _ = CEtcd3OpenSSL_SSL_CTX_set_mode_partial_moving(ctx)
        SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, nil)
        // SSL_CTX_set_alpn_protos returns 0 on success (unlike most OpenSSL calls).
        let alpn: [UInt8] = [2, UInt8(ascii: "h"), UInt8(ascii: "2")]
        guard SSL_CTX_set_alpn_protos(ctx, alpn, 3) == 0 else {
            throw .tls(.invalidConfiguration("cannot set ALPN: \(drainOpenSSLErrors())"))
        }

        switch configuration.trustRoots {
        case nil:
            // Returns 1 on success.
            if SSL_CTX_set_default_verify_paths(ctx) != 1 {
                throw .tls(.invalidConfiguration("cannot load the default trust store: \(drainOpenSSLErrors())"))
            }
        case .file(let path):
            if SSL_CTX_load_verify_locations(ctx, path, nil) != 1 {
                throw .tls(.invalidConfiguration("cannot load trust roots from \(path): \(drainOpenSSLErrors())"))
            }
        case .pem(let bytes):
            let certificates = try Self.readCertificates(bytes, what: "trust roots")
            let store = SSL_CTX_get_cert_store(ctx)
            for certificate in certificates {
                // X509_STORE_add_cert takes its own reference; returns 1 on success.
                let ok = X509_STORE_add_cert(store, certificate)
                X509_free(certificate)
                if ok != 1 { throw .tls(.invalidConfiguration("cannot add a trust root: \(drainOpenSSLErrors())")) }
            }
        }

        switch configuration.certificateChain {
        case nil: break
        case .file(let path):
            if SSL_CTX_use_certificate_chain_file(ctx, path) != 1 {
                throw .tls(.invalidConfiguration("cannot load the certificate chain from \(path): \(drainOpenSSLErrors())"))
            }
        case .pem(let bytes):
            let certificates = try Self.readCertificates(bytes, what: "certificate chain")
            // SSL_CTX_use_certificate takes its own reference; returns 1 on success.
            let ok = SSL_CTX_use_certificate(ctx, certificates[0])
            X509_free(certificates[0])
            if ok != 1 {
                for extra in certificates.dropFirst() { X509_free(extra) }
                throw .tls(.invalidConfiguration("cannot use the certificate: \(drainOpenSSLErrors())"))
            }
            for extra in certificates.dropFirst() {
                // Takes ownership on success (returns 1).
                if CEtcd3OpenSSL_SSL_CTX_add_extra_chain_cert(ctx, extra) != 1 {
                    X509_free(extra)
                    throw .tls(.invalidConfiguration("cannot add a chain certificate: \(drainOpenSSLErrors())"))
                }
            }
        }

        switch configuration.privateKey {
        case nil:
            if configuration.certificateChain != nil {
                throw .tls(.invalidConfiguration("a certificate chain needs a private key"))
            }
        case .file(let path):
            var info = stat()
            guard stat(path, &info) == 0 else {
                throw .tls(.invalidConfiguration("cannot read the private key file \(path)"))
            }
            if info.st_mode & S_IROTH != 0 {
                throw .tls(.invalidConfiguration("the private key file \(path) is readable by everyone; chmod 600 it"))
            }
            if info.st_mode & S_IRGRP != 0 { warn(path) }
            if SSL_CTX_use_PrivateKey_file(ctx, path, SSL_FILETYPE_PEM) != 1 {
                throw .tls(.invalidConfiguration("cannot load the private key from \(path): \(drainOpenSSLErrors())"))
            }
        case .pem(let bytes):
            let bio = bytes.withUnsafeBytes { CEtcd3OpenSSL_BIO_new_mem_buf($0.baseAddress, Int32($0.count)) }
            guard let bio else { throw .tls(.invalidConfiguration("BIO_new_mem_buf failed")) }
            defer { BIO_free(bio) }
            guard let key = PEM_read_bio_PrivateKey(bio, nil, nil, nil) else {
                throw .tls(.invalidConfiguration("cannot parse the private key PEM: \(drainOpenSSLErrors())"))
            }
            defer { EVP_PKEY_free(key) }
            if SSL_CTX_use_PrivateKey(ctx, key) != 1 {
                throw .tls(.invalidConfiguration("cannot use the private key: \(drainOpenSSLErrors())"))
            }
        }
        if configuration.privateKey != nil {
            if configuration.certificateChain == nil {
                throw .tls(.invalidConfiguration("a private key needs a certificate chain"))
            }
            if SSL_CTX_check_private_key(ctx) != 1 {
                throw .tls(.invalidConfiguration("the private key does not match the certificate: \(drainOpenSSLErrors())"))
            }
        }
    }

    deinit {
        SSL_CTX_free(pointer)
    }

    /// Parses every certificate in a PEM buffer (caller frees them).
    private static func readCertificates(_ bytes: [UInt8], what: String) throws(TransportError) -> [OpaquePointer] {
        let bio = bytes.withUnsafeBytes { CEtcd3OpenSSL_BIO_new_mem_buf($0.baseAddress, Int32($0.count)) }
        guard let bio else { throw .tls(.invalidConfiguration("BIO_new_mem_buf failed")) }
        defer { BIO_free(bio) }
        var result: [OpaquePointer] = []
        while let certificate = PEM_read_bio_X509(bio, nil, nil, nil) {
            result.append(certificate)
        }
        _ = drainOpenSSLErrors()  // the loop ends with a "no start line" error
        if result.isEmpty { throw .tls(.invalidConfiguration("no certificate in the \(what) PEM")) }
        return result
    }
}

/// One `SSL*` on a non-blocking socket; freed in `deinit`. Used only on the I/O thread.
final class TLSSession {
    enum IOResult {
        case bytes(Int)
        case wantRead
        case wantWrite
        case closed
        case failed(TransportError)
    }

    enum HandshakeResult {
        case done
        case wantRead
        case wantWrite
        case failed(TransportError)
    }

    let context: TLSContext
    let pointer: OpaquePointer

    /// - Parameters:
    ///   - name: the host name or IP to verify (and send as SNI when it is a name).
    init(context: TLSContext, fd: Int32, name: String, verifyHostname: Bool) throws(TransportError) {
        self.context = context
        _ = drainOpenSSLErrors()
        guard let ssl = SSL_new(context.pointer) else {
            throw .tls(.handshakeFailed("SSL_new failed: \(drainOpenSSLErrors())"))
        }
        pointer = ssl
        // Returns 1 on success.
        guard SSL_set_fd(ssl, fd) == 1 else { throw .tls(.handshakeFailed("SSL_set_fd failed")) }
        SSL_set_connect_state(ssl)
        let isIP = Endpoint.isIPLiteral(name)
        if !isIP {
            // SNI only for DNS names (RFC 6066). Returns 1 on success.
            _ = CEtcd3OpenSSL_SSL_set_tlsext_host_name(ssl, name)
        }
        if verifyHostname {
            let param = SSL_get0_param(ssl)
            // Both return 1 on success.
            let ok = isIP ? X509_VERIFY_PARAM_set1_ip_asc(param, name) : X509_VERIFY_PARAM_set1_host(param, name, 0)
            if ok != 1 {
                throw .tls(.invalidConfiguration("cannot verify against \"\(name)\": \(drainOpenSSLErrors())"))
            }
        }
    }

    deinit {
        SSL_free(pointer)
    }

    /// Drives `SSL_connect`; on success checks that ALPN selected `h2`.
    func handshake() -> HandshakeResult {
        let rc = SSL_connect(pointer)
        if rc == 1 {
            var selected: UnsafePointer<UInt8>?
            var length: UInt32 = 0
            SSL_get0_alpn_selected(pointer, &selected, &length)
            guard let selected, length == 2, selected[0] == UInt8(ascii: "h"), selected[1] == UInt8(ascii: "2") else {
                return .failed(.tls(.alpnNotNegotiated))
            }
            return .done
        }
        let error = SSL_get_error(pointer, rc)
        switch error {
        case SSL_ERROR_WANT_READ: return .wantRead
        case SSL_ERROR_WANT_WRITE: return .wantWrite
        default:
            let queue = drainOpenSSLErrors()
            let verify = SSL_get_verify_result(pointer)
            if verify != X509_V_OK {
                if verify == X509_V_ERR_HOSTNAME_MISMATCH || verify == X509_V_ERR_IP_ADDRESS_MISMATCH {
                    return .failed(.tls(.hostnameMismatch))
                }
                let reason = String(cString: X509_verify_cert_error_string(verify))
                return .failed(.tls(.verifyFailed(reason)))
            }
            if queue.contains("alert") {
                return .failed(.tls(.peerRejectedCertificate(queue)))
            }
            let detail = queue.isEmpty ? "SSL error \(error), errno \(errno)" : queue
            return .failed(.tls(.handshakeFailed(detail)))
        }
    }

    /// `SSL_read` once. An alert before the server's first bytes means the peer rejected us.
    func read(into buffer: UnsafeMutableRawBufferPointer, beforeFirstBytes: Bool) -> IOResult {
        let rc = SSL_read(pointer, buffer.baseAddress, Int32(buffer.count))
        if rc > 0 { return .bytes(Int(rc)) }
        return classify(rc, beforeFirstBytes: beforeFirstBytes)
    }

    /// `SSL_write`; a retry after `.wantWrite` must pass the same bytes (more may follow).
    func write(_ bytes: UnsafeRawBufferPointer) -> IOResult {
        let rc = SSL_write(pointer, bytes.baseAddress, Int32(min(bytes.count, Int(Int32.max))))
        if rc > 0 { return .bytes(Int(rc)) }
        return classify(rc, beforeFirstBytes: false)
    }

    private func classify(_ rc: Int32, beforeFirstBytes: Bool) -> IOResult {
        let error = SSL_get_error(pointer, rc)
        switch error {
        case SSL_ERROR_WANT_READ: return .wantRead
        case SSL_ERROR_WANT_WRITE: return .wantWrite
        case SSL_ERROR_ZERO_RETURN: return .closed
        case SSL_ERROR_SYSCALL:
            let queue = drainOpenSSLErrors()
            if rc == 0 || errno == 0 { return .closed }
            return .failed(.local(.connectionClosed, .unavailable, "TLS I/O error: errno \(errno) \(queue)", .maybeProcessed))
        default:
            let queue = drainOpenSSLErrors()
            if beforeFirstBytes, queue.contains("alert") {
                return .failed(.tls(.peerRejectedCertificate(queue)))
            }
            return .failed(.local(.connectionClosed, .unavailable, "TLS error: \(queue)", .maybeProcessed))
        }
    }
}
