#ifndef CETCD3_OPENSSL_SHIM_H
#define CETCD3_OPENSSL_SHIM_H
// Macro-only OpenSSL APIs, wrapped as static inline functions named CEtcd3OpenSSL_<original>.
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/x509v3.h>

static inline long CEtcd3OpenSSL_SSL_set_tlsext_host_name(SSL *ssl, const char *name) {
    return SSL_set_tlsext_host_name(ssl, name);
}
#endif
