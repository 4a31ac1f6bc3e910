// Service registration with leases: each instance of a service registers its address under
// /services/<name>/<instance> with a lease that is kept alive while it serves, and a follower
// keeps an up-to-date view of the registry with a watch.
//
// Starts a local etcd on a free port (or uses --endpoint HOST:PORT).
import Etcd3
import Etcd3TestSupport

@main
struct ServiceRegistry {
    static let prefix: EtcdBytes = "/services/web/"

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
                let follower = Task { try await follow(client) }
                // Two instances: one serves for 3 s, the other for 6 s. When an instance ends
                // (or crashes, or loses its lease), its key disappears.
                group.addTask { try await serve(client, instance: "a", address: "10.0.0.1:8080", for: .seconds(3)) }
                group.addTask { try await serve(client, instance: "b", address: "10.0.0.2:8080", for: .seconds(6)) }
                try await group.waitForAll()
                try await Task.sleep(for: .milliseconds(300))
                follower.cancel()
                _ = await follower.result
            }
        }
        print("done.")
    }

    /// One instance of the service: registered for as long as it serves.
    static func serve(
        _ client: Etcd3Client, instance: String, address: EtcdBytes, for duration: Duration
    ) async throws {
        try await client.withLease(ttl: .seconds(5)) { lease in
            try await client.put(prefix + EtcdBytes(instance), address, lease: lease.id)
            print("[\(instance)] registered with lease \(lease.id) (TTL \(lease.ttl)), serving")
            // Stands for the instance's real work. If the lease is lost (etcd unreachable for a
            // whole TTL, or the lease revoked), this task is cancelled and withLease throws.
            try await Task.sleep(for: duration)
            print("[\(instance)] shutting down")
        }
    }

    /// Follows the registry: reads it once, then applies every change from the revision after
    /// that read, so no registration is missed in between.
    static func follow(_ client: Etcd3Client) async throws {
        let snapshot = try await client.range(prefix, end: prefix.prefixRangeEnd)
        var instances: [EtcdBytes: EtcdBytes] = [:]
        for kv in snapshot.kvs { instances[kv.key] = kv.value }
        print("[registry] \(instances.count) instances at revision \(snapshot.header.revision)")
        let changes = client.watchPrefix(prefix, options: EtcdWatchOptions(startRevision: snapshot.header.revision + 1))
        for try await event in changes {
            switch event.kind {
            case .put:
                instances[event.kv.key] = event.kv.value
                print("[registry] up:   \(event.kv.key) at \(event.kv.value)")
            case .delete:
                instances[event.kv.key] = nil
                print("[registry] down: \(event.kv.key)")
            }
            print("[registry] now \(instances.values.map(\.description).sorted())")
        }
    }
}
