import Etcd3TestSupport
import Foundation
import Testing

@Suite("member faults on a 3-member cluster", .serialized, .timeLimit(.minutes(3)))
struct EtcdFaultTests {
    @Test(
        "3 fast members elect a leader; killing it yields a new one within 3 s; the old one rejoins",
        arguments: installedBinaries
    )
    func killLeaderAndRestart(binary: EtcdBinary) async throws {
        try await withEtcdCluster(members: 3, binary: binary, profile: .fast) { cluster in
            #expect(cluster.clientEndpoints.count == 3)
            #expect(Set(cluster.clientEndpoints).count == 3)
            let leader = try await cluster.waitForLeader()
            let oldPID = try #require(cluster[leader].processID)

            let clock = ContinuousClock()
            let killedAt = clock.now
            await cluster[leader].kill()
            #expect(!cluster[leader].isRunning)
            #expect(!processExists(oldPID))
            let status = cluster[leader].exitStatus
            #expect(status == 137, "exit status \(String(describing: status))")
            let next = try await cluster.waitForLeader(timeout: .seconds(3))
            let elapsed = clock.now - killedAt
            #expect(next != leader)
            #expect(elapsed <= .seconds(3), "new leader after \(elapsed)")

            try await cluster[leader].restart()
            #expect(cluster[leader].isRunning)
            #expect(await cluster[leader].isHealthy())
            _ = try await cluster.waitForLeader()
            let pids = cluster.members.compactMap(\.processID)
            #expect(pids.count == 3)
            await cluster.stop()
            for pid in pids { #expect(!processExists(pid)) }
        }
    }

    @Test("kill the leader on the default profile: new leader within 5 s", arguments: installedBinaries)
    func killLeaderDefaultProfile(binary: EtcdBinary) async throws {
        try await withEtcdCluster(members: 3, binary: binary) { cluster in
            let leader = try await cluster.waitForLeader()
            await cluster[leader].kill()
            let clock = ContinuousClock()
            let start = clock.now
            let next = try await cluster.waitForLeader(timeout: .seconds(5))
            #expect(next != leader)
            #expect(clock.now - start <= .seconds(5))
        }
    }

    @Test("pause freezes a member, resume brings it back")
    func pauseResume() async throws {
        try await withEtcdCluster(members: 3, profile: .fast) { cluster in
            let leader = try await cluster.waitForLeader()
            let follower = (leader + 1) % 3
            try cluster[follower].pause()
            #expect(cluster[follower].isPaused)
            #expect(cluster[follower].isRunning)
            #expect(await cluster[follower].isHealthy(timeout: .milliseconds(300)) == false)
            // The rest still has a leader.
            #expect(try await cluster.waitForLeader() == leader)
            try cluster[follower].resume()
            #expect(!cluster[follower].isPaused)
            try await cluster[follower].waitUntilHealthy(timeout: .seconds(10))
        }
    }

    @Test("terminate stops gracefully; restart keeps ports and data")
    func terminateAndRestart() async throws {
        try await withEtcdCluster(members: 1) { cluster in
            let member = cluster[0]
            let graceful = await member.terminate()
            #expect(graceful)
            #expect(!member.isRunning)
            #expect(await member.isHealthy(timeout: .milliseconds(300)) == false)
            try await member.restart()
            #expect(await member.isHealthy())
            #expect(cluster.clientEndpoints == ["127.0.0.1:\(member.clientPort)"])
        }
    }

    @Test("a server that cannot start reports its log")
    func startFailureReportsLog() async throws {
        let error = await #expect(throws: EtcdTestSupportError.self) {
            _ = try await EtcdCluster.start(extraArguments: ["--no-such-flag-for-etcd"])
        }
        #expect(error?.code == .processExited)
        #expect(error?.message.contains("no-such-flag-for-etcd") == true, "\(error?.message ?? "")")
    }
}

@Suite("membership changes and proxies per member", .serialized, .timeLimit(.minutes(3)))
struct EtcdMembershipTests {
    @Test("a prepared member joins as a learner after MemberAdd", arguments: installedBinaries)
    func learnerJoins(binary: EtcdBinary) async throws {
        try await withEtcdCluster(members: 1, binary: binary, profile: .fast) { cluster in
            let newcomer = try cluster.prepareMember()
            #expect(cluster.members.count == 2)
            #expect(newcomer.name == "m1")
            #expect(newcomer.initialCluster == "m0=\(cluster[0].peerURL),m1=\(newcomer.peerURL)")
            #expect(!newcomer.isRunning)
            // MemberAdd through etcd's JSON gateway on the client port.
            let body = #"{"peerURLs":["\#(newcomer.peerURL)"],"isLearner":true}"#
            let response = try httpRequest(
                port: cluster[0].clientPort,
                "POST /v3/cluster/member/add HTTP/1.0\r\nContent-Type: application/json\r\n"
                    + "Content-Length: \(body.utf8.count)\r\n\r\n\(body)"
            )
            #expect(response.contains("200 OK"), "\(response)")
            try await newcomer.join()
            #expect(newcomer.isRunning)
            #expect(
                await eventually(timeout: .seconds(10)) {
                    FileManager.default.fileExists(atPath: newcomer.dataDirectory + "/member")
                }
            )
            let metrics = try await newcomer.metrics()
            #expect(metrics["etcd_server_is_learner"] == 1)
            #expect(metrics["etcd_server_has_leader"] == 1)
            let pid = try #require(newcomer.processID)
            await cluster.stop()
            #expect(!processExists(pid))
        }
    }

    @Test("makeProxies puts one proxy in front of each member")
    func proxiesPerMember() async throws {
        try await withEtcdCluster(members: 3, profile: .fast) { cluster in
            let proxies = try cluster.makeProxies()
            defer { for proxy in proxies { proxy.stop() } }
            #expect(proxies.map(\.targetPort) == cluster.members.map(\.clientPort))
            for proxy in proxies {
                let response = try httpRequest(port: proxy.port, "GET /health HTTP/1.0\r\n\r\n")
                #expect(response.contains("\"health\":\"true\""), "\(response)")
            }
            proxies[0].blackhole(.both)
            let client = try TestClient(port: proxies[0].port)
            #expect(client.send("GET /health HTTP/1.0\r\n\r\n"))
            #expect(client.receive(timeout: .milliseconds(300)) == .timedOut)
        }
    }
}

/// Sends one raw HTTP/1.0 request to 127.0.0.1:`port` and returns the whole response.
func httpRequest(port: Int, _ request: String) throws -> String {
    let client = try TestClient(port: port)
    guard client.send(request) else { return "" }
    var response = [UInt8]()
    while case .data(let bytes) = client.receive(timeout: .seconds(5)) { response += bytes }
    return String(decoding: response, as: UTF8.self)
}

@Suite("the documented example", .timeLimit(.minutes(3)))
struct DocumentedExampleTests {
    @Test("3 fast mTLS members, kill the leader, a blackholed proxy in front of m0")
    func example() async throws {
        try await withEtcdCluster(members: 3, tls: .mutual, profile: .fast) { cluster in
            let endpoints = cluster.clientEndpoints  // ["127.0.0.1:…", …], use TLS: cluster.usesTLS
            let tls = try #require(cluster.tlsMaterial)
            let (caFile, certFile, keyFile) = (tls.ca.certificatePath, tls.client.certificatePath, tls.client.keyPath)
            #expect(endpoints.count == 3 && cluster.usesTLS)
            #expect([caFile, certFile, keyFile].allSatisfy { FileManager.default.fileExists(atPath: $0) })

            let leader = try await cluster.waitForLeader()
            await cluster[leader].kill()
            let next = try await cluster.waitForLeader()  // fast profile: within 3 s
            #expect(next != leader)
            try await cluster[leader].restart()  // back in the cluster, same ports and data

            let proxy = try EtcdFaultProxy(inFrontOf: cluster[0])
            defer { proxy.stop() }
            // TLS passes through the proxy end to end.
            let output = try opensslClient(
                port: proxy.port,
                arguments: ["-CAfile", caFile, "-cert", certFile, "-key", keyFile, "-verify_ip", "127.0.0.1"]
            )
            #expect(output.contains("Verify return code: 0 (ok)"), "\(output)")
            proxy.blackhole(.both)
            let client = try TestClient(port: proxy.port)
            #expect(client.send("not a TLS record"))
            #expect(client.receive(timeout: .milliseconds(500)) == .timedOut)  // silence, TCP open
            #expect(await eventually { proxy.stats.bytesDiscardedClientToServer == 16 })
        }
    }
}
