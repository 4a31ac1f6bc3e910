import Foundation
import Logging
import Testing

@testable import Etcd3Transport

func makeConfiguration(tls: TLSConfiguration? = nil) -> ConnectionConfiguration {
    var logger = Logger(label: "etcd3.transport.tests")
    logger.logLevel = ProcessInfo.processInfo.environment["ETCD3_TRACE"] != nil ? .trace : .critical
    var configuration = ConnectionConfiguration(logger: logger)
    configuration.tls = tls
    configuration.connectTimeout = .seconds(5)
    return configuration
}

func withConnection<T>(
    _ etcd: LocalEtcd, tls: TLSConfiguration? = nil, configure: (inout ConnectionConfiguration) -> Void = { _ in },
    _ body: (HTTP2Connection) async throws -> T
) async throws -> T {
    var configuration = makeConfiguration(tls: tls)
    configure(&configuration)
    let connection = HTTP2Connection(endpoint: try Endpoint(parsing: etcd.endpointString), configuration: configuration)
    do {
        try await connection.connect()
        let result = try await body(connection)
        await connection.close()
        return result
    } catch {
        await connection.close()
        throw error
    }
}

let putPath = "/etcdserverpb.KV/Put"
let rangePath = "/etcdserverpb.KV/Range"
let watchPath = "/etcdserverpb.Watch/Watch"

@Suite("Against real etcd", .serialized, .timeLimit(.minutes(1)))
struct IntegrationTests {
    @Test("unary Put and Range, plaintext", arguments: LocalEtcd.Version.allCases)
    func putRange(version: LocalEtcd.Version) async throws {
        let etcd = try await LocalEtcd(version: version)
        defer { etcd.stop() }
        try await withConnection(etcd) { connection in
            _ = try await connection.unary(path: putPath, request: Proto.put("k1", Array("v1".utf8)), metadata: [], timeout: .seconds(5))
            let response = try await connection.unary(path: rangePath, request: Proto.range("k1"), metadata: [], timeout: .seconds(5))
            #expect(Proto.rangeValues(response) == [Array("v1".utf8)])
        }
    }
}
