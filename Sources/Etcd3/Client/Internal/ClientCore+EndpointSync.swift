internal import Etcd3Messages
internal import Etcd3Transport

extension ClientCore {
    /// The auto-sync loop (``Etcd3Client/Configuration/autoSyncInterval``): one round per
    /// interval until the client closes. A failed round is logged and the endpoints stay.
    static func autoSyncLoop(core: ClientCore, interval: Duration) -> BackgroundTasks.Job {
        { [weak core] in
            while !Task.isCancelled {
                do {
                    try await Task.sleep(for: interval)
                } catch {
                    return
                }
                guard let core else { return }
                let timeout = min(core.configuration.requestTimeout ?? .seconds(5), max(interval, .seconds(2)))
                do {
                    try await core.syncEndpoints(timeout: timeout)
                } catch {
                    core.logger.debug("etcd endpoint auto-sync failed; endpoints kept", metadata: ["etcd.error": "\(error)"])
                }
            }
        }
    }

    /// One sync round: reads the member list linearizably (or resolves the SRV records when
    /// ``Etcd3Client/Configuration/discoverySRV`` is set) and makes the voting members' client
    /// URLs the endpoints of both connection pools, as ``EndpointSync`` decides.
    /// - Returns: whether the endpoints changed.
    @discardableResult
    func syncEndpoints(timeout: Duration?) async throws(EtcdError) -> Bool {
        let usesTLS = configuration.tls != nil
        let candidates: [Endpoint]
        if let srv = configuration.discoverySRV {
            candidates = try await srv.resolveEndpoints(usesTLS: usesTLS)
        } else {
            var request = Etcdserverpb.MemberListRequest()
            request.linearizable = true
            let response = try await unary(Etcdserverpb.Cluster.memberList, request, kind: .idempotent, timeout: timeout)
            candidates = EndpointSync.candidates(from: response.members.map(EtcdClusterMember.init), usesTLS: usesTLS)
        }
        switch EndpointSync.decide(current: pool.endpoints, candidates: candidates) {
        case .keep(let reason):
            if let reason { logger.debug("etcd endpoint sync kept the endpoints", metadata: ["etcd.reason": "\(reason)"]) }
            return false
        case .replace(let endpoints):
            await pool.replaceEndpoints(endpoints)
            if streamPool !== pool { await streamPool.replaceEndpoints(endpoints) }
            return true
        }
    }
}

extension Etcd3Client.SRVDiscovery {
    /// The endpoints the SRV records name, best first (lowest priority, then highest weight),
    /// as `https://host:port` or `http://host:port`: what a client with this setting connects
    /// to. The lookup runs off the calling thread.
    ///
    /// - Parameter usesTLS: ask for `_etcd-client-ssl` (a client with ``Etcd3Client/Configuration/tls``)
    ///   rather than `_etcd-client`.
    /// - Throws: ``EtcdError/Code/discoveryFailed`` for NXDOMAIN, an answer without records and
    ///   no DNS server answering within ``timeout``; ``EtcdError/Code/invalidArgument`` for a
    ///   malformed domain or DNS server.
    public func endpoints(usesTLS: Bool) async throws(EtcdError) -> [String] {
        try await resolveEndpoints(usesTLS: usesTLS).map(\.description)
    }

    /// The endpoints the SRV records name, best first (looked up off the calling thread).
    /// - Throws: ``EtcdError/Code/discoveryFailed`` for NXDOMAIN, an answer without records and
    ///   no DNS server answering within ``timeout``; ``EtcdError/Code/invalidArgument`` for a
    ///   malformed domain or DNS server.
    func resolveEndpoints(usesTLS: Bool) async throws(EtcdError) -> [Endpoint] {
        var servers: [DNSResolver.Server] = []
        for text in nameservers {
            guard let server = DNSResolver.Server(parsing: text) else {
                throw EtcdError(.invalidArgument, "the DNS server '\(text)' is not an IP address with an optional port")
            }
            servers.append(server)
        }
        let resolver = DNSResolver(servers: servers, timeout: timeout)
        let name = recordName(usesTLS: usesTLS)
        let answer = await BlockingWork.run { () -> Result<[SRVRecord], DNSFailure> in
            Result { () throws(DNSFailure) in try resolver.lookupSRV(name) }
        }
        let records: [SRVRecord]
        switch answer {
        case .success(let found): records = found
        case .failure(let failure) where failure.kind == .malformed && failure.message.contains("valid DNS name"):
            throw EtcdError(.invalidArgument, "SRV discovery: \(failure.message)")
        case .failure(let failure):
            throw EtcdError(.discoveryFailed, "SRV discovery: \(failure.message)")
        }
        let scheme = usesTLS ? "https" : "http"
        let endpoints = records.compactMap { try? Endpoint(parsing: "\(scheme)://\($0.target):\($0.port)") }
        guard !endpoints.isEmpty else {
            throw EtcdError(.discoveryFailed, "SRV discovery: no record of \(name) names a usable host")
        }
        return endpoints
    }
}
