import Etcd3TestSupport
import Foundation
import Testing

@Suite("member faults on a 3-member cluster", .serialized)
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
