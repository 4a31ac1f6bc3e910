import Etcd3
import Etcd3TestSupport
import Foundation
import Synchronization
import Testing

@testable import Etcd3

#if canImport(Glibc)
    import Glibc
#endif

/// Set in a candidate process: `endpoints|election name|candidate name`.
private let candidateVariable = "ETCD3_TEST_ELECTION_CANDIDATE"
private let candidateTTL = Duration.seconds(2)

extension FaultScenarios {
    /// Three candidates in processes of their own campaign in one election; the leader's process
    /// is SIGKILLed again and again (and started again), while an observer in this process
    /// follows the election through proxies that reset its connections at every kill, so it
    /// reconnects while leadership changes hands.
    @Suite("Elections over candidate process kills", .faultScenarioTimeLimit)
    struct ElectionOverCandidateKills {
        @Test(
            "10 leader kills: a new leader within TTL + 1 s each time; the observer, reset at each kill, reports every leader once, in order"
        )
        func leaderKills() async throws {
            if let spec = ProcessInfo.processInfo.environment[candidateVariable] {
                try await runCandidate(spec)
                return
            }
            try await withEtcdCluster(members: 3, profile: .fast) { cluster in
                let endpoints = cluster.clientEndpoints.joined(separator: ",")
                let name = EtcdBytes("/election-kills/\(UInt32.random(in: 0...UInt32.max))")
                let proxies = try cluster.makeProxies()
                defer { for proxy in proxies { proxy.stop() } }
                try await withEtcd3Client(configuration: clientConfiguration(for: cluster, endpoints: proxies.map(\.endpoint))) {
                    observing in
                    try await withEtcd3Client(configuration: clientConfiguration(for: cluster, endpoints: cluster.clientEndpoints)) {
                        client in
                        let start = try await client.put(name + "-start", "").header.revision
                        let election = client.election(name)
                        let observed = Mutex<[EtcdLeader?]>([])
                        let observer = Task {
                            for try await leader in observing.election(name).observe() { observed.withLock { $0.append(leader) } }
                        }
                        defer { observer.cancel() }

                        var candidates: [String: ChildProcess] = [:]
                        defer { for child in candidates.values { _ = child.send(SIGKILL) } }
                        func spawn(_ candidate: String) throws {
                            candidates[candidate] = try spawnCandidate("\(endpoints)|\(name)|\(candidate)")
                        }
                        for candidate in ["a", "b", "c"] { try spawn(candidate) }

                        var failovers: [Duration] = []
                        for _ in 0..<scenarioSize(10, soak: 20) {
                            let leader = try await waitForLeader(election, notBefore: 0, within: .seconds(30))
                            let victim = String(decoding: leader.value.bytes, as: UTF8.self)
                            let killedAt = ContinuousClock.now
                            _ = try #require(candidates[victim]).send(SIGKILL)
                            // The observer loses its connections while leadership changes hands.
                            for proxy in proxies { proxy.dropConnections(.rst) }
                            let next = try await waitForLeader(election, notBefore: leader.fence + 1, within: .seconds(10))
                            failovers.append(ContinuousClock.now - killedAt)
                            #expect(next.value.bytes != leader.value.bytes)
                            _ = await candidates[victim]!.waitForExit(timeout: .seconds(5))
                            try spawn(victim)
                        }
                        let worst = failovers.max() ?? .zero
                        print(
                            "election kills: \(failovers.count) failovers, worst \(worst), mean \(failovers.reduce(.zero, +) / max(failovers.count, 1))"
                        )
                        #expect(worst <= candidateTTL + .seconds(1), "failovers: \(failovers)")

                        // Every candidate leaves: the observer must then report "no leader".
                        for child in candidates.values { _ = child.send(SIGKILL) }
                        for child in candidates.values { _ = await child.waitForExit(timeout: .seconds(5)) }
                        let deadline = ContinuousClock.now + candidateTTL + .seconds(5)
                        while observed.withLock({ $0.last }) != .some(nil), ContinuousClock.now < deadline {
                            try await Task.sleep(for: .milliseconds(100))
                        }
                        observer.cancel()

                        // The leaders that held office, from the election's own history.
                        let history = try await waitFor(
                            Task { try await leadersInHistory(client, prefix: name + "/", after: start) },
                            within: .seconds(60), "replaying the election's history")
                        let seen = observed.withLock { $0 }
                        // The observer started before any candidate: its first report is "no leader".
                        #expect(seen.first == .some(nil))
                        #expect(seen.last == .some(nil), "no 'no leader' after the last candidate left")
                        #expect(
                            seen.dropFirst().map { $0?.fence } == history.map { $0?.fence },
                            "observed \(seen.count) changes, history has \(history.count)")
                        let fences = seen.compactMap { $0?.fence }
                        #expect(fences == fences.sorted() && Set(fences).count == fences.count, "a leader reported twice or out of order")
                        // A fenced log written by each leader: one writer per fence, in fence order.
                        let log = try await client.getPrefix(name + "-log/")
                        let writers = log.sorted { $0.modRevision < $1.modRevision }.map {
                            Int64(String(decoding: $0.key.bytes.suffix(20), as: UTF8.self))!
                        }
                        #expect(writers == writers.sorted(), "leaders' fenced writes out of fence order")
                        print("election kills: \(seen.count) observed changes, \(history.count) in history, \(log.count) leaders wrote")
                    }
                }
            }
        }
    }
}

/// Waits until the election has a leader whose fence is at least `notBefore`.
private func waitForLeader(_ election: EtcdElection, notBefore fence: Int64, within timeout: Duration) async throws -> EtcdLeader {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if let leader = try await election.leader(), leader.fence >= fence { return leader }
        try await Task.sleep(for: .milliseconds(20))
    }
    throw EtcdError(.deadlineExceeded, "no leader with fence ≥ \(fence) within \(timeout)")
}

/// Replays the election's events after `revision` and lists the leaders (and "no leader")
/// each change produced, as the election defines them: the oldest candidate leads.
private func leadersInHistory(_ client: Etcd3Client, prefix: EtcdBytes, after revision: Int64) async throws -> [EtcdLeader?] {
    let now = try await client.put(prefix + "end-of-history-marker", "").header.revision
    var tracker = LeaderTracker()
    _ = tracker.reset([])
    var leaders: [EtcdLeader?] = []
    for try await event in client.watchPrefix(prefix, options: EtcdWatchOptions(startRevision: revision + 1)) {
        if event.kv.key == prefix + "end-of-history-marker" { break }
        if let change = tracker.apply(event) { leaders.append(change) }
        if event.revision >= now { break }
    }
    return leaders
}

private func spawnCandidate(_ spec: String) throws -> ChildProcess {
    let executable = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
    var environment = ProcessInfo.processInfo.environment
    environment[candidateVariable] = spec
    return try ChildProcess.spawn(
        path: executable,
        arguments: ["--testing-library", "swift-testing", "--filter", "ElectionOverCandidateKills"],
        outputFile: "/dev/null",
        dieWithParent: true,
        environment: environment)
}

/// A candidate process: campaigns forever, writing a fenced log entry each time it leads.
private func runCandidate(_ spec: String) async throws {
    let parts = spec.split(separator: "|").map(String.init)
    let name = EtcdBytes(parts[1])
    let me = EtcdBytes(parts[2])
    var configuration = Etcd3Client.Configuration(endpoints: parts[0].split(separator: ",").map(String.init))
    configuration.requestTimeout = .seconds(5)
    let client = try await Etcd3Client(configuration: configuration)
    while true {
        // A lost leadership cancels the task that ran the scope: each campaign gets its own.
        let campaign = Task {
            try await client.withLeadership(name, value: me, session: try await client.session(ttl: candidateTTL)) { leadership in
                let fence = String(leadership.fence)
                try await leadership.put(name + "-log/" + EtcdBytes(String(repeating: "0", count: 20 - fence.count) + fence), me)
                while true { try await Task.sleep(for: .seconds(60)) }
            }
        }
        _ = await campaign.result
        try await Task.sleep(for: .milliseconds(100))
    }
}
