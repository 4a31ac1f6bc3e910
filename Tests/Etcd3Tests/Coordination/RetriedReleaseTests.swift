import Etcd3
import Etcd3TestSupport
import Testing

@Suite("Releases and resignations that fail can be retried", .timeLimit(.minutes(3)))
struct RetriedReleaseTests {
    @Test(
        "a resign or release cut off from the server fails, keeps its ownership, and succeeds when retried",
        arguments: ServerUnderTest.plaintext)
    func retriedAfterFailure(server: ServerUnderTest) async throws {
        try await withEtcdCluster(members: 1, binary: server.binary) { cluster in
            // The owner reaches the server through a proxy that can swallow every byte.
            let proxy = try EtcdFaultProxy(inFrontOf: cluster[0])
            defer { proxy.stop() }
            var configuration = ServerUnderTest.configuration(for: cluster, endpoints: [proxy.endpoint])
            configuration.keepAlive.interval = nil
            try await withEtcd3Client(configuration: configuration) { client in
                try await withEtcd3Client(configuration: ServerUnderTest.configuration(for: cluster)) { observer in
                    let session = try await client.session(ttl: .seconds(30))
                    let leadership = try await client.election("/retried/e").campaign(value: "me", session: session)
                    let lock = try await client.lock("/retried/l", session: session)

                    proxy.blackhole(.both)
                    await expectError(.deadlineExceeded) { try await leadership.resign(timeout: .milliseconds(300)) }
                    await expectError(.deadlineExceeded) { try await lock.release(timeout: .milliseconds(300)) }
                    proxy.heal()
                    proxy.dropConnections(.rst)

                    // Nothing changed: still leading, still holding; the retries go through.
                    #expect(try await observer.election("/retried/e").leader()?.key == leadership.key)
                    #expect(try await leadership.isLeader())
                    #expect(try await lock.isHeld())
                    try await leadership.resign()
                    try await lock.release()
                    #expect(try await observer.election("/retried/e").leader() == nil)
                    #expect(try await observer.getPrefix("/retried/").isEmpty)
                    await session.close()
                }
            }
        }
    }
}
