// Leader election: three replicas of a service campaign in one election; only the leader runs
// the worker (here, a job that counts), fenced so that a replica that lost leadership without
// knowing it can never write. Each leader steps down after a short term and campaigns again,
// and an observer prints each change of leader, "no leader" included.
//
// Starts a local etcd on a free port (or uses --endpoint HOST:PORT).
import Etcd3
import Etcd3TestSupport

@main
struct LeaderElection {
    static let election: EtcdBytes = "/elections/scheduler"
    static let counter: EtcdBytes = "/scheduler/ticks"

    static func main() async throws {
        let arguments = CommandLine.arguments
        if let index = arguments.firstIndex(of: "--endpoint"), index + 1 < arguments.count {
            try await run(endpoint: arguments[index + 1])
            return
        }
        let binary = try EtcdBinary.default()
        print("starting etcd \(binary.fullVersion) on a free loopback port…")
        try await withEtcdCluster(members: 1, binary: binary) { cluster in
            try await run(endpoint: cluster.clientEndpoints[0])
        }
    }

    static func run(endpoint: String) async throws {
        try await withEtcd3Client(endpoints: [endpoint]) { client in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await observe(client) }
                for replica in ["replica-1", "replica-2", "replica-3"] {
                    group.addTask { try await serve(client, replica: replica, terms: 2) }
                }
                // The replicas end after their terms; then stop the observer.
                for _ in 0..<3 { try await group.next() }
                group.cancelAll()
            }
            print("ticks written by leaders: \(try await client.get(counter)?.value.string ?? "0")")
        }
        print("done.")
    }

    /// One replica: campaigns, does the leader's work while elected, and campaigns again after
    /// stepping down, `terms` times.
    static func serve(_ client: Etcd3Client, replica: String, terms: Int) async throws {
        for term in 1...terms {
            // Each term has its own session (TTL 5 s): if this process stalled or lost etcd for
            // 5 s, its leadership would end and another replica would take over.
            try await client.withLeadership(election, value: EtcdBytes(replica), timeout: .seconds(60)) { leadership in
                print("[\(replica)] elected (term \(term), fence \(leadership.fence))")
                try await work(client, leadership: leadership, ticks: 3)
                print("[\(replica)] stepping down")
            }
        }
    }

    /// The leader's work. Writes are fenced: the server applies them only while this replica's
    /// leader key is the one it created, so a deposed leader cannot write.
    static func work(_ client: Etcd3Client, leadership: EtcdLeadership, ticks: Int) async throws {
        for _ in 0..<ticks {
            try await Task.sleep(for: .milliseconds(300))  // cancelled at once if leadership is lost
            let current = Int(try await client.get(counter)?.value.string ?? "0") ?? 0
            try await leadership.put(counter, EtcdBytes(String(current + 1)))
        }
    }

    /// Prints every change of leader.
    static func observe(_ client: Etcd3Client) async throws {
        for try await leader in client.election(election).observe() {
            if let leader {
                print("[observer] leader: \(leader.value) (fence \(leader.fence))")
            } else {
                print("[observer] no leader")
            }
        }
    }
}
