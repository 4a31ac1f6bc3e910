import Etcd3
import Etcd3TestSupport
import Testing

extension FaultScenarios {
    /// A 64 MiB prefix read, within and over the client's receive limit.
    @Suite("Large responses within and over the receive limit", .faultScenarioTimeLimit)
    struct LargeResponses {
        static let keys = 64
        static let valueSize = 1 << 20

        /// Distinct, deterministic content per key, so a mixed-up or shifted value is caught.
        static func value(_ i: Int) -> EtcdBytes {
            var state = UInt64(i + 1) &* 0x9E37_79B9_7F4A_7C15
            var bytes = [UInt8](repeating: 0, count: valueSize)
            for index in stride(from: 0, to: valueSize, by: 8) {
                state ^= state << 13
                state ^= state >> 7
                state ^= state << 17
                withUnsafeBytes(of: state.littleEndian) { word in
                    for j in 0..<8 { bytes[index + j] = word[j] }
                }
            }
            return EtcdBytes(bytes)
        }

        @Test("64 × 1 MiB: one 64 MiB read within 128 MiB; paged and refused at 8 MiB", arguments: Mode.allCases)
        func largeRead(mode: Mode) async throws {
            try await withEtcdCluster(members: 1, tls: mode.tlsMode, profile: .fast) { cluster in
                let prefix = EtcdBytes("/s19/")
                let values = (0..<Self.keys).map(Self.value)
                var configuration = clientConfiguration(for: cluster, endpoints: cluster.clientEndpoints)
                configuration.requestTimeout = .seconds(30)
                configuration.maxReceiveMessageBytes = 128 << 20
                try await withEtcd3Client(configuration: configuration) { client in
                    for i in 0..<Self.keys { try await client.put(prefix + "\(pad(i))", values[i]) }
                    // (a) One Range of everything: byte-exact, ≤ 5 s.
                    let start = ContinuousClock.now
                    let result = try await client.range(prefix, end: prefix.prefixRangeEnd)
                    let elapsed = ContinuousClock.now - start
                    let total = result.kvs.reduce(0) { $0 + $1.value.count }
                    print("large responses, \(mode): \(result.kvs.count) keys, \(total) bytes in \(elapsed)")
                    #expect(result.kvs.count == Self.keys)
                    #expect(result.kvs.map(\.key) == (0..<Self.keys).map { prefix + "\(pad($0))" })
                    #expect(result.kvs.map(\.value) == values)
                    #expect(elapsed <= .seconds(5))
                }
                configuration.maxReceiveMessageBytes = 8 << 20
                try await withEtcd3Client(configuration: configuration) { client in
                    // (b) getPrefix pages below the limit; a raw range of everything is refused.
                    let start = ContinuousClock.now
                    let kvs = try await client.getPrefix(prefix)
                    let paged = ContinuousClock.now - start
                    #expect(kvs.count == Self.keys)
                    #expect(kvs.map(\.value) == values)
                    do {
                        _ = try await client.range(prefix, end: prefix.prefixRangeEnd)
                        Issue.record("a 64 MiB response must exceed an 8 MiB limit")
                    } catch let error as EtcdError {
                        #expect(error.code == .responseTooLarge, "\(error)")
                        #expect(error.limit == 8 << 20)
                    }
                    // The same client still works, large value included.
                    #expect(try await client.get(prefix + "\(pad(3))")?.value == values[3])
                    try await client.put(prefix + "after", "ok")
                    print("large responses, \(mode): paged read of \(kvs.count) keys in \(paged); raw read refused; next call fine")
                }
            }
        }
    }
}
