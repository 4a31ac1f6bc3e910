#ifndef CETCD3_OPENSSL_SHIM_H
#define CETCD3_OPENSSL_SHIM_H
// Macro-only OpenSSL APIs, wrapped as static inline functions named CEtcd3OpenSSL_<original>.
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

static inline long CEtcd3OpenSSL_SSL_set_tlsext_host_name(SSL *ssl, const char *name) {
    return SSL_set_tlsext_host_name(ssl, name);
}

static inline long CEtcd3OpenSSL_SSL_CTX_set_min_proto_version_TLS1_2(SSL_CTX *ctx) {
    return SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
}

/// Takes ownership of `x509` on success.
static inline long CEtcd3OpenSSL_SSL_CTX_add_extra_chain_cert(SSL_CTX *ctx, X509 *x509) {
    return SSL_CTX_add_extra_chain_cert(ctx, x509);
}

/// Partial writes plus a moving buffer: a retried SSL_write may pass a buffer at a new address
/// that starts with the same bytes.
static inline long CEtcd3OpenSSL_SSL_CTX_set_mode_partial_moving(SSL_CTX *ctx) {
    return SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
}

static inline BIO *CEtcd3OpenSSL_BIO_new_mem_buf(const void *buf, int len) {
    return BIO_new_mem_buf(buf, len);
}
#endif
