#!/usr/bin/env python3
"""Writes the hand-made seed corpora under Tests/Fuzz/Corpus/<target>/ (see Docs/Fuzzing.md
for each target's input layout). Run it again after changing a layout."""
import os
import struct

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "Corpus")


def write(target, name, data):
    folder = os.path.join(ROOT, target)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "wb") as f:
        f.write(bytes(data))


def grpc(message, flag=0):
    return bytes([flag]) + struct.pack(">I", len(message)) + bytes(message)


# F1: options (bit 0 END_STREAM, bits 1-3 limit index), split count, 16-bit split sizes, body.
def f1(name, body, end=True, limit=0, splits=()):
    head = bytes([(1 if end else 0) | (limit << 1), len(splits)])
    head += b"".join(struct.pack(">H", s) for s in splits)
    write("F1", name, head + body)

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


# F2: options (bit 0 trailers-only, bit 1 trailer block), then (selector, [raw name], value).
NAMES = [":status", "content-type", "grpc-status", "grpc-message", "grpc-status-details-bin", "grpc-encoding", "te"]


def field(name, value, trailer=False):
    value = value.encode() if isinstance(value, str) else value
    if name in NAMES:
        out = bytes([NAMES.index(name) | (0x80 if trailer else 0)])
    else:
        out = bytes([7 | (0x80 if trailer else 0), len(name)]) + name.encode()
    return out + bytes([len(value)]) + value


def f2(name, options, fields):
    write("F2", name, bytes([options]) + b"".join(field(*f) for f in fields))

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
