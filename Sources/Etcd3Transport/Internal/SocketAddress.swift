internal import CEtcd3NGHTTP2
import Glibc

/// A resolved socket address, copied out of `getaddrinfo`'s list.
struct SocketAddress {
    var family: Int32
    var storage = sockaddr_storage()
    var length: socklen_t

    /// Resolves with `getaddrinfo` (blocking: never call it on the I/O thread; see `ResolvedEndpoint`).
    static func resolve(host: String, port: Int) -> Result<[SocketAddress], ResolveFailure> {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_ADDRCONFIG
        var list: UnsafeMutablePointer<addrinfo>?
        let rc = getaddrinfo(host, String(port), &hints, &list)
        // 0 on success, else an EAI_* code.
        guard rc == 0, let first = list else {
            return .failure(ResolveFailure(message: String(cString: gai_strerror(rc))))
        }
        defer { freeaddrinfo(first) }
        var result: [SocketAddress] = []
        var node: UnsafeMutablePointer<addrinfo>? = first
        while let current = node {
            if let address = current.pointee.ai_addr, Int(current.pointee.ai_addrlen) <= MemoryLayout<sockaddr_storage>.size {
                var entry = SocketAddress(family: current.pointee.ai_family, length: current.pointee.ai_addrlen)
                withUnsafeMutableBytes(of: &entry.storage) { target in
                    target.copyMemory(from: UnsafeRawBufferPointer(start: address, count: Int(current.pointee.ai_addrlen)))
                }
                result.append(entry)
            }
            node = current.pointee.ai_next
        }
        if result.isEmpty { return .failure(ResolveFailure(message: "no addresses")) }
        return .success(result)
    }

    func withSockAddr<T>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> T) -> T {
        withUnsafeBytes(of: storage) { raw in
            body(raw.baseAddress!.assumingMemoryBound(to: sockaddr.self), length)
        }
    }
}

struct ResolveFailure: Error {
    var message: String
}
