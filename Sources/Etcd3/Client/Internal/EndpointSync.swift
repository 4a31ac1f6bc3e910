internal import Etcd3Transport

/// Decides the client's endpoints after a member list or an SRV answer: the pure part of
/// endpoint auto-sync (``Etcd3Client/Configuration/autoSyncInterval``).
enum EndpointSync {
    /// What to do with the endpoint list.
    enum Decision: Equatable {
        /// Keep the current endpoints; `reason` says why when the answer was unusable.
        case keep(reason: String?)
        /// Replace them with these, in this order.
        case replace([Endpoint])
    }

    /// The client URLs of the voting members, in the list's order (learners and members that
    /// have not started yet have none that count), that parse and suit a client that uses TLS
    /// or not (an `http://` URL never goes to a TLS client, nor `https://` to a plaintext one).
    static func candidates(from members: [EtcdClusterMember], usesTLS: Bool) -> [Endpoint] {
        var result: [Endpoint] = []
        for member in members where !member.isLearner {
            for url in member.clientURLs {
                guard let endpoint = try? Endpoint(parsing: url) else { continue }
                if let scheme = endpoint.usesTLS, scheme != usesTLS { continue }
                result.append(endpoint)
            }
        }
        return result
    }

    /// The decision for `current` endpoints when the cluster names `candidates`.
    ///
    /// Endpoints are compared by host and port (a scheme adds nothing). Endpoints that stay
    /// keep their place and their value (so their connections stay); new ones follow, in the
    /// candidates' order; duplicates count once. An empty candidate list never empties the
    /// client: the current endpoints stay.
    static func decide(current: [Endpoint], candidates: [Endpoint]) -> Decision {
        var wanted: [Endpoint] = []
        for candidate in candidates where !wanted.contains(where: { sameAddress($0, candidate) }) {
            wanted.append(candidate)
        }
        guard !wanted.isEmpty else {
            return .keep(reason: "the answer names no voting member with a usable client URL")
        }
        let staying = current.filter { endpoint in wanted.contains { sameAddress($0, endpoint) } }
        let joining = wanted.filter { endpoint in !current.contains { sameAddress($0, endpoint) } }
        if joining.isEmpty, staying.count == current.count { return .keep(reason: nil) }
        var result: [Endpoint] = []
        for endpoint in staying + joining where !result.contains(where: { sameAddress($0, endpoint) }) {
            result.append(endpoint)
        }
        return .replace(result)
    }

    private static func sameAddress(_ a: Endpoint, _ b: Endpoint) -> Bool {
        a.port == b.port && a.host.lowercased() == b.host.lowercased()
    }
}
