// A short tour of the client: starts a local etcd on a free port (or uses --endpoint HOST:PORT),
// then writes, reads, reads a prefix and runs a transaction.
import Etcd3
import Etcd3TestSupport

@main
struct Demo {
    static func main() async throws {
        let arguments = CommandLine.arguments
        if let index = arguments.firstIndex(of: "--endpoint"), index + 1 < arguments.count {
            try await tour(endpoint: arguments[index + 1])
            return
        }
        let binary = try EtcdBinary.default()
        print("starting etcd \(binary.fullVersion) on a free loopback port…")
        try await withEtcdCluster(members: 1, binary: binary) { cluster in
            try await tour(endpoint: cluster.clientEndpoints[0])
        }
        print("etcd stopped; demo done.")
    }

    static func tour(endpoint: String) async throws {
        try await withEtcd3Client(endpoints: [endpoint]) { client in
            print("connected to \(endpoint)")

            let written = try await client.put("/demo/config/color", "blue")
            print("put /demo/config/color = blue          (revision \(written.header.revision))")
            try await client.put("/demo/config/size", "42")
            try await client.put("/demo/services/web", "10.0.0.7:8080")

            if let kv = try await client.get("/demo/config/color") {
                print("get /demo/config/color -> \(kv.value)   (version \(kv.version), mod revision \(kv.modRevision))")
            }
            print("get /demo/missing -> \(String(describing: try await client.get("/demo/missing")))")

            print("prefix /demo/config/:")
            for kv in try await client.getPrefix("/demo/config/") {
                print("  \(kv.key) = \(kv.value)")
            }

            let result = try await client.transaction(
                compare: [.value("/demo/config/color") == "blue"],
                success: [.put("/demo/config/color", "green"), .get("/demo/config/size")],
                failure: [.get("/demo/config/color")])
            print("transaction 'if color == blue then color = green': succeeded = \(result.succeeded)")
            let swapped = try await client.replace("/demo/config/color", from: "blue", to: "red")
            print("replace color blue -> red: \(swapped) (it is green now)")

            // Many calls in a row: run them on the client's I/O thread (no thread hop per call).
            await withTaskExecutorPreference(client.taskExecutor) {
                do {
                    for index in 0..<100 { try await client.put("/demo/batch/\(index)", "\(index)") }
                    print("100 puts from a task on client.taskExecutor: \(try await client.count(prefix: "/demo/batch/")) keys")
                } catch {
                    print("batch failed: \(error)")
                }
            }

            let deleted = try await client.deletePrefix("/demo/")
            print("deletePrefix /demo/ removed \(deleted.deleted) keys")
        }
    }
}
