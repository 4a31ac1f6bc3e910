#!/usr/bin/env python3
"""Writes the hand-made seed corpora under Tests/Fuzz/Corpus/<target>/ (see Docs/Fuzzing.md
for each target's input layout). Run it again after changing a layout."""
import os
import re
import struct

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "Corpus")


def write(target, name, data):
    folder = os.path.join(ROOT, target)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "wb") as f:
        f.write(bytes(data))


def grpc(message, flag=0):
    return bytes([flag]) + struct.pack(">I", len(message)) + bytes(message)


# GRPCDeframing: options (bit 0 END_STREAM, bits 1-3 limit index), split count, 16-bit split sizes, body.
def f1(name, body, end=True, limit=0, splits=()):
    head = bytes([(1 if end else 0) | (limit << 1), len(splits)])
    head += b"".join(struct.pack(">H", s) for s in splits)
    write("GRPCDeframing", name, head + body)

kv = b"\x0a\x03foo\x12\x03bar"
f1("one-message", grpc(kv))
f1("empty-message", grpc(b""))
f1("two-messages-split", grpc(kv) + grpc(b"\x08\x01"), splits=(3, 7))
f1("message-across-frames", grpc(bytes(range(200))), splits=(1, 4, 0, 100))
f1("snapshot-chunks", grpc(b"\x00" * 300) + grpc(b"") + grpc(b"\x11" * 40), splits=(305, 5))
f1("partial-at-end", grpc(kv)[:-2])
f1("partial-prefix-no-end", b"\x00\x00\x00", end=False)
f1("compressed", grpc(kv, flag=1))
f1("over-limit", grpc(b"x" * 300), limit=4)
f1("huge-declared", b"\x00\xff\xff\xff\xff", limit=7)


# ResponseHeaders: options (bit 0 trailers-only, bit 1 trailer block), then (selector, [raw name], value).
NAMES = [":status", "content-type", "grpc-status", "grpc-message", "grpc-status-details-bin", "grpc-encoding", "te"]


def field(name, value, trailer=False):
    value = value.encode() if isinstance(value, str) else value
    if name in NAMES:
        out = bytes([NAMES.index(name) | (0x80 if trailer else 0)])
    else:
        out = bytes([7 | (0x80 if trailer else 0), len(name)]) + name.encode()
    return out + bytes([len(value)]) + value


def f2(name, options, fields):
    write("ResponseHeaders", name, bytes([options]) + b"".join(field(*f) for f in fields))

OK_HEAD = [(":status", "200"), ("content-type", "application/grpc")]
f2("ok-with-trailers", 2, OK_HEAD + [("grpc-status", "0", True)])
f2("error-trailers", 2, OK_HEAD + [("grpc-status", "5", True), ("grpc-message", "etcdserver: key not found", True)])
f2("trailers-only", 1, OK_HEAD + [("grpc-status", "3"), ("grpc-message", "etcdserver: key is not provided")])
f2("percent-message", 2, OK_HEAD + [("grpc-status", "9", True), ("grpc-message", "caf%C3%A9 %ZZ %", True)])
f2("http-503", 1, [(":status", "503"), ("content-type", "text/html")])
f2("http-503-grpc-status", 1, [(":status", "503"), ("grpc-status", "14"), ("grpc-message", "down")])
f2("duplicate-status", 2, OK_HEAD + [("grpc-status", "0", True), ("grpc-status", "0", True)])
f2("bad-content-type", 2, [(":status", "200"), ("content-type", "text/plain")])
f2("details-bin", 2, OK_HEAD + [("grpc-status", "7", True), ("grpc-status-details-bin", "CAcSBGRlbmllZA", True)])
f2("custom-metadata", 2, OK_HEAD + [("x-etcd-cluster", "1"), ("grpc-status", "0", True)])


# HTTP2Session: shape (bits 0-1 unary calls, bits 2-3 streams, bit 4 64-byte limit, bit 5 cancel the
# first stream half-way, bit 6 send on every stream and half-close), chunk size,
# 16-bit length of the server's opening bytes, the opening bytes, the rest of the server bytes.
# Streams are opened first (ids 1, 3, ...), then the unary calls.
def frame(kind, flags, stream, payload=b""):
    return struct.pack(">I", len(payload))[1:] + bytes([kind, flags]) + struct.pack(">I", stream) + payload


def hpack(fields):
    out = b""
    for name, value in fields:  # literal header field without indexing, new name, no Huffman
        out += b"\x00" + bytes([len(name)]) + name.encode() + bytes([len(value)]) + value.encode()
    return out

DATA, HEADERS, RST, SETTINGS, PING, GOAWAY, WINDOW_UPDATE = 0, 1, 3, 4, 6, 7, 8
END_STREAM, END_HEADERS, ACK = 1, 4, 1
SERVER_SETTINGS = frame(SETTINGS, 0, 0, struct.pack(">HI", 3, 100) + struct.pack(">HI", 4, 65535) + struct.pack(">HI", 5, 16384))
SETTINGS_ACK = frame(SETTINGS, ACK, 0)
GRPC_HEAD = [(":status", "200"), ("content-type", "application/grpc")]


def response(stream, messages, status="0", message=None, split=None):
    body = b"".join(grpc(m) for m in messages)
    out = frame(HEADERS, END_HEADERS, stream, hpack(GRPC_HEAD))
    if split:
        out += frame(DATA, 0, stream, body[:split]) + frame(DATA, 0, stream, body[split:])
    elif body:
        out += frame(DATA, 0, stream, body)
    trailers = [("grpc-status", status)] + ([("grpc-message", message)] if message else [])
    return out + frame(HEADERS, END_HEADERS | END_STREAM, stream, hpack(trailers))


def f8(name, shape, rest, chunk=0, opening=SERVER_SETTINGS):
    write("HTTP2Session", name, bytes([shape, chunk]) + struct.pack(">H", len(opening)) + opening + SETTINGS_ACK + rest)

range_response = b"\x0a\x06\x08\x01\x10\x02\x18\x03" + b"\x12\x0a\x0a\x03foo\x12\x03bar"
f8("unary-ok", 1, response(1, [range_response]))
f8("unary-ok-small-chunks", 1, response(1, [range_response]), chunk=7)
f8("unary-trailers-only-error", 1,
   frame(HEADERS, END_HEADERS | END_STREAM, 1, hpack(GRPC_HEAD + [("grpc-status", "5"), ("grpc-message", "key%20not%20found")])))
f8("unary-http-503", 1, frame(HEADERS, END_HEADERS | END_STREAM, 1, hpack([(":status", "503"), ("content-type", "text/plain")])))
f8("unary-two-messages", 1, response(1, [b"\x08\x01", b"\x08\x02"]))
f8("unary-data-end-without-trailers", 1,
   frame(HEADERS, END_HEADERS, 1, hpack(GRPC_HEAD)) + frame(DATA, END_STREAM, 1, grpc(b"\x08\x01")))
f8("unary-partial-then-ok", 1,
   frame(HEADERS, END_HEADERS, 1, hpack(GRPC_HEAD)) + frame(DATA, 0, 1, grpc(b"\x08\x01\x10")[:-1])
   + frame(HEADERS, END_HEADERS | END_STREAM, 1, hpack([("grpc-status", "0")])))
f8("unary-over-limit", 1 | 0x10, response(1, [b"\x00" * 100]))
f8("unary-compressed", 1,
   frame(HEADERS, END_HEADERS, 1, hpack(GRPC_HEAD)) + frame(DATA, 0, 1, grpc(b"\x08\x01", flag=1)))
f8("stream-watch-events", 4, response(1, [b"\x0a\x00\x10\x01\x18\x01", b"\x12\x04\x08\x01", b""], split=9))
f8("stream-and-unary-goaway", 4 | 2,
   response(3, [range_response]) + frame(GOAWAY, 0, 0, struct.pack(">II", 3, 0) + b"graceful")
   + response(1, [b"\x08\x01"]))
f8("goaway-too-many-pings", 1, frame(GOAWAY, 0, 0, struct.pack(">II", 0, 11) + b"too_many_pings"))
f8("rst-refused", 2, frame(RST, 0, 1, struct.pack(">I", 7)) + frame(RST, 0, 3, struct.pack(">I", 8)))
f8("ping-window-update", 1,
   frame(PING, 0, 0, b"12345678") + frame(PING, ACK, 0, b"\x00" * 8)
   + frame(WINDOW_UPDATE, 0, 0, struct.pack(">I", 1 << 20)) + frame(WINDOW_UPDATE, 0, 1, struct.pack(">I", 100))
   + response(1, [range_response]))
f8("stream-send-and-cancel", 4 | 8 | 0x20 | 0x40,
   frame(HEADERS, END_HEADERS, 1, hpack(GRPC_HEAD)) + frame(DATA, 0, 1, grpc(b"\x08\x01"))
   + frame(WINDOW_UPDATE, 0, 1, struct.pack(">I", 1000)) + response(3, [b"\x08\x02"]) + frame(DATA, 0, 1, grpc(b"\x08\x03")))
f8("no-settings", 1, response(1, [range_response]), opening=b"")


# Snapshot: mode byte (even: well-formed stream of the rest, byte 1 chunk size, byte 2 damage
# 0-8; odd: raw messages of length byte, remaining selector byte, blob).
def snapshot(name, data):
    write("Snapshot", name, data)

database = bytes((i * 31 + (i >> 8)) & 0xFF for i in range(3000))
for damage, label in enumerate(["whole", "flip-digest", "flip-database", "drop-chunk", "drop-digest-byte",
                                "wrong-remaining", "digest-with-last-chunk", "digest-split", "extra-byte"]):
    snapshot("well-formed-" + label, bytes([0, 200, damage]) + database)
snapshot("one-chunk", bytes([0, 0, 0]) + database[:100])
snapshot("empty-database", bytes([0, 16, 0]))
snapshot("raw-short", bytes([1, 5, 0]) + b"hello")
snapshot("raw-declared", bytes([1, 40, 130]) + bytes(40) + bytes([32, 0]) + bytes(32))
snapshot("raw-huge-remaining", bytes([1, 8, 252]) + bytes(8) + bytes([8, 255]) + bytes(8))


# ResponseDecoding and ResponseConversion: byte 0 = the message type (the index in
# ResponseDecodingFuzz.responses), byte 1 = where the reduced cap falls, then the message,
# encoded here by hand from etcd's protos (Protos/).
def varint(n):
    n &= (1 << 64) - 1
    out = b""
    while True:
        if n < 0x80:
            return out + bytes([n])
        out += bytes([(n & 0x7F) | 0x80])
        n >>= 7


def pb_int(number, n):
    return varint(number << 3) + varint(n)


def pb_bytes(number, data):
    data = data.encode() if isinstance(data, str) else data
    return varint(number << 3 | 2) + varint(len(data)) + data


HEADER = pb_bytes(1, pb_int(1, 0xCDEF12345678) + pb_int(2, 0x8E9E05C52164694D) + pb_int(3, 42) + pb_int(4, 7))


def kv(key, value, create=5, mod=9, version=2, lease=0):
    return pb_bytes(1, key) + pb_int(2, create) + pb_int(3, mod) + pb_int(4, version) + pb_bytes(5, value) + (pb_int(6, lease) if lease else b"")


RANGE = HEADER + pb_bytes(2, kv("foo", "bar")) + pb_bytes(2, kv("foo2", "", lease=0x694D7A)) + pb_int(3, 1) + pb_int(4, 3)
PUT = HEADER + pb_bytes(2, kv("foo", "old"))
DELETE = HEADER + pb_int(2, 2) + pb_bytes(3, kv("a", "1")) + pb_bytes(3, kv("b", "2"))
TXN = HEADER + pb_int(2, 1) + pb_bytes(3, pb_bytes(1, RANGE)) + pb_bytes(3, pb_bytes(2, PUT)) \
    + pb_bytes(3, pb_bytes(3, DELETE)) + pb_bytes(3, pb_bytes(4, HEADER + pb_bytes(3, pb_bytes(2, HEADER)))) + pb_bytes(3, b"")
EVENT_PUT = pb_bytes(2, kv("k", "v")) + pb_bytes(3, kv("k", "u"))
EVENT_DELETE = pb_int(1, 1) + pb_bytes(2, kv("k", "", version=0))
WATCH = HEADER + pb_int(2, 3) + pb_bytes(11, EVENT_PUT) + pb_bytes(11, EVENT_DELETE) + pb_int(7, 1)
WATCH_CANCELED = HEADER + pb_int(2, 3) + pb_int(4, 1) + pb_int(5, 17) + pb_bytes(6, "mvcc: required revision has been compacted")
MEMBER = pb_int(1, 0x8E9E05C52164694D) + pb_bytes(2, "default") + pb_bytes(3, "http://127.0.0.1:2380") + pb_bytes(4, "http://127.0.0.1:2379")
LEARNER = pb_int(1, 7) + pb_bytes(3, "http://127.0.0.1:2381") + pb_int(5, 1)


def response_seed(name, index, message, cap=128):
    data = bytes([index, cap]) + message
    write("ResponseDecoding", name, data)
    write("ResponseConversion", name, data)


response_seed("range", 0, RANGE)
response_seed("put-prev-kv", 1, PUT)
response_seed("delete-prev-kvs", 2, DELETE)
response_seed("txn-every-op-and-empty", 3, TXN)
response_seed("compaction", 4, HEADER)
response_seed("watch-events", 5, WATCH)
response_seed("watch-canceled-compacted", 5, WATCH_CANCELED, cap=0)
response_seed("empty-range", 0, b"", cap=255)
response_seed("range-huge-count", 0, pb_bytes(2, b"\x0a\xff\xff\xff\xff\x0f"), cap=3)
# Every other type, by its index in ResponseDecodingFuzz.responses (read from the harness):
# a header and a few fields.
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "Harness", "ResponseDecodingFuzz.swift")) as f:
    INDEX = {m.group(2): int(m.group(1)) for m in re.finditer(r"/\* *(\d+) \*/ entry\(\w+\.(\w+)\.self", f.read())}
OTHERS = {
    "alarm": (INDEX["AlarmResponse"], HEADER + pb_bytes(2, pb_int(1, 7) + pb_int(2, 1))),
    "auth-role-get": (INDEX["AuthRoleGetResponse"], HEADER + pb_bytes(2, pb_int(1, 2) + pb_bytes(2, "a") + pb_bytes(3, "b")) + pb_bytes(2, pb_bytes(2, "p"))),
    "auth-role-list": (INDEX["AuthRoleListResponse"], HEADER + pb_bytes(2, "root") + pb_bytes(2, "reader")),
    "authenticate": (INDEX["AuthenticateResponse"], HEADER + pb_bytes(2, "token.123")),
    "hash-kv": (INDEX["HashKVResponse"], HEADER + pb_int(2, 0xDEADBEEF) + pb_int(3, 12)),
    "lease-grant": (INDEX["LeaseGrantResponse"], HEADER + pb_int(2, 0x694D7A) + pb_int(3, 5)),
    "lease-keep-alive": (INDEX["LeaseKeepAliveResponse"], HEADER + pb_int(2, 0x694D7A) + pb_int(3, 5)),
    "lease-leases": (INDEX["LeaseLeasesResponse"], HEADER + pb_bytes(2, pb_int(1, 1)) + pb_bytes(2, pb_int(1, 2))),
    "lease-time-to-live": (INDEX["LeaseTimeToLiveResponse"], HEADER + pb_int(2, 0x694D7A) + pb_int(3, 4) + pb_int(4, 5) + pb_bytes(5, "k")),
    "member-add": (INDEX["MemberAddResponse"], HEADER + pb_bytes(2, LEARNER) + pb_bytes(3, MEMBER) + pb_bytes(3, LEARNER)),
    "member-list": (INDEX["MemberListResponse"], HEADER + pb_bytes(2, MEMBER) + pb_bytes(2, LEARNER)),
    "snapshot": (INDEX["SnapshotResponse"], HEADER + pb_int(2, 100) + pb_bytes(3, b"\x00" * 64)),
    "status": (INDEX["StatusResponse"], HEADER + pb_bytes(2, "3.5.17") + pb_int(3, 20480) + pb_int(4, 1) + pb_int(5, 9) + pb_int(6, 2) + pb_bytes(8, "etcdserver: no leader")),
    "campaign": (INDEX["CampaignResponse"], HEADER + pb_bytes(2, pb_bytes(1, "e") + pb_bytes(2, "e/694d") + pb_int(3, 9) + pb_int(4, 0x694D))),
    "leader": (INDEX["LeaderResponse"], HEADER + pb_bytes(2, kv("e/694d", "me"))),
    "lock": (INDEX["LockResponse"], HEADER + pb_bytes(2, "lock/694d")),
}
for name, (index, message) in OTHERS.items():
    response_seed(name, index, message)


# EndpointParsing: the text.
for name, text in [
    ("host-port", "127.0.0.1:2379"), ("name", "localhost"), ("http", "http://etcd-0:23"),
    ("https-slash", "HTTPS://h:2379/"), ("ipv6-bracket", "[::1]:2380"), ("ipv6-bare", "fe80::1%eth0"),
    ("bad-port", "h:70000"), ("path", "http://h:1/v3"), ("unclosed", "[::1"),
]:
    write("EndpointParsing", name, text.encode())
