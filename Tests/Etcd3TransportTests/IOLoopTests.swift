import Foundation
import Synchronization
import Testing

import Etcd3Transport

@Suite("The I/O loop: shared threads and its task executor")
struct IOLoopTests {
    @Test("tasks that prefer the loop run on its thread, calls complete there")
    func taskExecutorRunsOnTheLoop() async throws {
        let etcd = try await LocalEtcd()
        defer { etcd.stop() }
        try await withConnection(etcd) { connection in
            try await withTaskExecutorPreference(connection.loop) {
                for index in 0..<50 {
                    _ = try await connection.unary(path: putPath, request: Proto.put("p\(index)", Array("v".utf8)), metadata: [], timeout: .seconds(5))
                    #expect(currentThreadName() == "etcd3-io")
                }
                // Child tasks inherit the preference; 50 calls open at once.
                try await withThrowingTaskGroup(of: Bool.self) { group in
                    for index in 0..<50 {
                        group.addTask {
                            let response = try await connection.unary(
                                path: rangePath, request: Proto.range("p\(index)"), metadata: [], timeout: .seconds(5))
                            return Proto.rangeValues(response) == [Array("v".utf8)] && currentThreadName() == "etcd3-io"
                        }
                    }
                    for try await ok in group { #expect(ok) }
                }
            }
        }
    }

    @Test("connections sharing a loop work side by side; one closing leaves the other working")
    func sharedLoop() async throws {
        let etcd = try await LocalEtcd()
        defer { etcd.stop() }
        let loop = IOLoop()
        let endpoint = try Endpoint(parsing: etcd.endpointString)
        let first = HTTP2Connection(endpoint: endpoint, configuration: makeConfiguration(), loop: loop)
        let second = HTTP2Connection(endpoint: endpoint, configuration: makeConfiguration(), loop: loop)
        try await first.connect()
        try await second.connect()
        let stream = try await second.openStream(path: watchPath, metadata: [], timeout: nil)
        try await stream.send(Proto.watchCreate("shared"))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for connection in [first, second] {
                group.addTask {
                    for index in 0..<100 {
                        _ = try await connection.unary(
                            path: putPath, request: Proto.put("s\(index)", Array("v".utf8)), metadata: [], timeout: .seconds(5))
                    }
                }
            }
            try await group.waitForAll()
        }
        _ = try await first.unary(path: putPath, request: Proto.put("shared", Array("1".utf8)), metadata: [], timeout: .seconds(5))
        #expect(try await awaitEvent("shared", on: stream))
        await first.close()
        _ = try await second.unary(path: putPath, request: Proto.put("shared", Array("2".utf8)), metadata: [], timeout: .seconds(5))
        #expect(try await awaitEvent("shared", on: stream))
        stream.cancel()
        await second.close()
    }
}

/// The calling thread's name (the I/O loop's thread is `etcd3-io`).
func currentThreadName() -> String {
    let name = (try? String(contentsOfFile: "/proc/thread-self/comm", encoding: .utf8)) ?? ""
    return name.trimmingCharacters(in: .whitespacesAndNewlines)
}
