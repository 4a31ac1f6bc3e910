#ifndef CETCD3_NGHTTP2_SHIM_H
#define CETCD3_NGHTTP2_SHIM_H
// What Swift cannot import directly from nghttp2 and the platform: eventfd, version
// differences between nghttp2 releases. Functions are static inline and named
// CEtcd3NGHTTP2_<original>.
#include <nghttp2/nghttp2.h>
#include <sys/eventfd.h>
#include <poll.h>
#include <errno.h>

static inline int CEtcd3NGHTTP2_errno(void) { return errno; }
#endif
