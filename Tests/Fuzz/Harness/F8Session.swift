import Etcd3Transport

/// F8: the nghttp2 client session end to end (filled in below).
enum SessionFuzz {
    static func run(_ input: UnsafeRawBufferPointer) {}
}
