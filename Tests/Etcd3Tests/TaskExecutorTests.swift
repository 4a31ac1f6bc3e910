import Etcd3TestSupport
import Foundation
import Testing

@testable import Etcd3

@Suite("Tasks on the client's task executor", .timeLimit(.minutes(2)))
struct TaskExecutorTests {
    @Test("calls, concurrent calls and a watch from tasks that prefer client.taskExecutor", arguments: ServerUnderTest.all)
    func callsAndWatch(server: ServerUnderTest) async throws {
        try await server.withClient { client, ns in
            try await withTaskExecutorPreference(client.taskExecutor) {
                let watch = client.watchPrefix(ns + "w/")
                try await waitForCreates(client, watchers: 1)
                try await withThrowingTaskGroup(of: [EtcdBytes].self) { group in
                    group.addTask {
                        var keys: [EtcdBytes] = []
                        for try await event in watch {
                            keys.append(event.kv.key)
                            if keys.count == 100 { break }
                        }
                        return keys
                    }
                    for index in 0..<100 {
                        try await client.put(ns + "w/\(index)", "\(index)")
                        #expect(currentThreadName() == "etcd3-io")
                    }
                    let keys = try await group.next()
                    #expect(keys == (0..<100).map { ns + "w/\($0)" })
                }
                // Child tasks inherit the preference: 100 reads open at once.
                try await withThrowingTaskGroup(of: Bool.self) { group in
                    for index in 0..<100 {
                        group.addTask {
                            let kv = try await client.get(ns + "w/\(index)")
                            return kv?.value == EtcdBytes("\(index)") && currentThreadName() == "etcd3-io"
                        }
                    }
                    for try await ok in group { #expect(ok) }
                }
            }
        }
    }

    @Test("the task executor outlives the connection it ran on: calls go on after a restart")
    func survivesReconnect() async throws {
        try await withEtcdCluster(members: 1) { cluster in
            let client = try await Etcd3Client(configuration: ServerUnderTest.configuration(for: cluster))
            try await withTaskExecutorPreference(client.taskExecutor) {
                try await client.put("k", "1")
                try await cluster.members[0].restart()
                // The first call after the restart may fail (its connection was closed under
                // it); calls after it reconnect, on the same thread.
                var value: EtcdBytes?
                for _ in 0..<50 where value == nil {
                    value = try? await client.get("k")?.value
                    if value == nil { try await Task.sleep(for: .milliseconds(100)) }
                }
                #expect(value == "1")
                try await client.put("k", "2")
                #expect(try await client.get("k")?.value == "2")
                #expect(currentThreadName() == "etcd3-io")
            }
            await client.close()
        }
    }
}

/// The calling thread's name (the client's I/O thread is `etcd3-io`).
func currentThreadName() -> String {
    let name = (try? String(contentsOfFile: "/proc/thread-self/comm", encoding: .utf8)) ?? ""
    return name.trimmingCharacters(in: .whitespacesAndNewlines)
}
