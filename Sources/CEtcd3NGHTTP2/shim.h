#ifndef CETCD3_NGHTTP2_SHIM_H
#define CETCD3_NGHTTP2_SHIM_H
// What Swift cannot import directly from nghttp2 and the platform: eventfd, errno, and the
// API differences between nghttp2 releases. nghttp2 1.60 added `nghttp2_ssize` and the
// `...2` functions and deprecated the older ones; Debian bookworm ships 1.52, which only has
// the older ones. The Swift code calls only the wrappers below, so both build without
// deprecation warnings. Functions are static inline and named CEtcd3NGHTTP2_<original>.
#include <nghttp2/nghttp2.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <netdb.h>
#include <poll.h>
#include <errno.h>
#include <stdint.h>
#include <pthread.h>
#include <signal.h>
#include <sys/prctl.h>

#if NGHTTP2_VERSION_NUM >= 0x013c00
#define CETCD3_NGHTTP2_HAS_SSIZE 1
#endif

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"

static inline int CEtcd3NGHTTP2_errno(void) { return errno; }

/// The data-source read callback, with a return type that is the same size on every release
/// (`ssize_t` before 1.60, `nghttp2_ssize` after; both are `intptr_t` on supported platforms).
typedef intptr_t (*CEtcd3NGHTTP2_read_callback)(nghttp2_session *session, int32_t stream_id,
                                                uint8_t *buf, size_t length, uint32_t *data_flags,
                                                nghttp2_data_source *source, void *user_data);

/// `nghttp2_session_mem_recv` (or `mem_recv2`): bytes consumed, or a negative error code.
static inline intptr_t CEtcd3NGHTTP2_session_mem_recv(nghttp2_session *session, const uint8_t *in, size_t inlen) {
#ifdef CETCD3_NGHTTP2_HAS_SSIZE
    return (intptr_t)nghttp2_session_mem_recv2(session, in, inlen);
#else
    return (intptr_t)nghttp2_session_mem_recv(session, in, inlen);
#endif
}

/// `nghttp2_session_mem_send` (or `mem_send2`): length of the bytes at `*data`, 0 when
/// nothing is left to send, or a negative error code.
static inline intptr_t CEtcd3NGHTTP2_session_mem_send(nghttp2_session *session, const uint8_t **data) {
#ifdef CETCD3_NGHTTP2_HAS_SSIZE
    return (intptr_t)nghttp2_session_mem_send2(session, data);
#else
    return (intptr_t)nghttp2_session_mem_send(session, data);
#endif
}

/// `nghttp2_submit_request` with a data provider whose source is unused (the callback finds
/// the call by stream id). Returns the stream id or a negative error code.
static inline int32_t CEtcd3NGHTTP2_submit_request(nghttp2_session *session, const nghttp2_nv *nva,
                                                   size_t nvlen, CEtcd3NGHTTP2_read_callback read) {
#ifdef CETCD3_NGHTTP2_HAS_SSIZE
    nghttp2_data_provider2 provider;
    provider.source.ptr = NULL;
    provider.read_callback = (nghttp2_data_source_read_callback2)read;
    return nghttp2_submit_request2(session, NULL, nva, nvlen, &provider, NULL);
#else
    nghttp2_data_provider provider;
    provider.source.ptr = NULL;
    provider.read_callback = (nghttp2_data_source_read_callback)read;
    return nghttp2_submit_request(session, NULL, nva, nvlen, &provider, NULL);
#endif
}

/// Blocks SIGPIPE on the calling thread, so a write to a closed socket (also from inside
/// OpenSSL) returns EPIPE instead of killing the process.
static inline void CEtcd3NGHTTP2_block_sigpipe(void) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
}

/// Names the calling thread (shown by ps/top/perf).
static inline void CEtcd3NGHTTP2_set_thread_name(const char *name) {
    prctl(PR_SET_NAME, name, 0, 0, 0);
}

#pragma GCC diagnostic pop
#endif
