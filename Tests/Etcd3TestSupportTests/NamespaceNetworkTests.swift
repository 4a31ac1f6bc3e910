import Etcd3TestSupport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite("Clusters in network namespaces", .serialized, .timeLimit(.minutes(3)))
struct NamespaceNetworkTests {
    static func ip(_ arguments: [String]) throws -> String {
        let path = try #require(ChildProcess.findInPath("ip") ?? ["/usr/sbin/ip", "/sbin/ip"].first { access($0, X_OK) == 0 })
        return try ChildProcess.run(path, arguments).output
    }

    /// The namespaces and links this library made (names start with `etcd3t-` / `e3t`).
    static func leftovers() throws -> (namespaces: [String], links: [String]) {
        let namespaces = try ip(["netns", "list"]).split(separator: "\n")
            .compactMap { $0.split(separator: " ").first.map(String.init) }.filter { $0.hasPrefix("etcd3t-") }
        let links = try ip(["-o", "link", "show"]).split(separator: "\n")
            .compactMap { $0.split(separator: " ").dropFirst().first.map(String.init) }.filter { $0.hasPrefix("e3t") }
        return (namespaces, links)
    }

    @Test(
        "members listen on their namespace's client address; a cut-off member loses its leader and stays reachable; stop removes everything"
    )
    func lifecycle() async throws {
        if let reason = EtcdNamespaceNetwork.unavailableReason() {
            print("network namespaces: skipped, \(reason)")
            return
        }
        // A namespace left by a process that no longer exists is removed by the next start.
        var dead: Int32 = 4_000_000
        while kill(dead, 0) == 0 || errno != ESRCH { dead -= 1 }
        let stale = "etcd3t-\(dead)-0-hub"
        _ = try Self.ip(["netns", "add", stale])
        let mine = getpid()
        var configuration = EtcdCluster.Configuration(members: 3, profile: .fast)
        configuration.network = .namespaces
        try await withEtcdCluster(configuration) { cluster in
            let network = try #require(cluster.network)
            #expect(try !Self.leftovers().namespaces.contains(stale), "the dead process's namespace is still there")
            #expect(try Self.leftovers().namespaces.filter { $0.hasPrefix("etcd3t-\(mine)-") }.count == 4)
            for member in cluster.members {
                #expect(member.host == network.clientAddress(of: member.index))
                #expect(member.networkNamespace == network.memberNamespaces[member.index])
                #expect(member.clientEndpoint.hasPrefix("10.213.\(network.subnet)."))
            }
            let leader = try await cluster.waitForLeader()
            let cut = (leader + 1) % 3
            try network.cutOffPeers(member: cut)
            let clock = ContinuousClock()
            let deadline = clock.now + .seconds(10)
            var hasLeader: Double? = 1
            while clock.now < deadline {
                hasLeader = try await cluster[cut].metrics()["etcd_server_has_leader"]
                if hasLeader == 0 { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(hasLeader == 0, "the cut-off member kept its leader for 10 s")
            try network.reconnectPeers(member: cut)
            _ = try await cluster.waitForLeader(timeout: .seconds(10))
            #expect(throws: EtcdTestSupportError.self) { _ = try cluster.makeProxies() }
        }
        let after = try Self.leftovers()
        #expect(after.namespaces.filter { $0.hasPrefix("etcd3t-\(mine)-") }.isEmpty, "\(after.namespaces)")
        #expect(after.links.isEmpty, "\(after.links)")
    }
}
