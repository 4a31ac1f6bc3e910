import Etcd3
import Synchronization

/// Follows keep-alives for the lease fault scenarios: when each ack came and which leases were
/// lost, when and why.
final class KeepAliveLog: Sendable {
    private let acks = Mutex<[EtcdLeaseID: [ContinuousClock.Instant]]>([:])
    private let lost = Mutex<[EtcdLeaseID: (ContinuousClock.Instant, EtcdError)]>([:])

    /// Iterates `keepAlive` in a task of its own until it ends, recording acks and the loss.
    @discardableResult
    func follow(_ keepAlive: EtcdLeaseKeepAlive) -> Task<Void, Never> {
        Task {
            do {
                for try await _ in keepAlive {
                    acks.withLock { $0[keepAlive.id, default: []].append(.now) }
                }
            } catch {
                let error = error as? EtcdError ?? EtcdError(.unknown, "\(error)")
                lost.withLock { $0[keepAlive.id] = (.now, error) }
            }
        }
    }

    /// Grants `count` leases of `ttl`, writes the key `prefix` + index with each, and keeps
    /// them alive, following each keep-alive.
    func grantAndFollow(
        _ count: Int, ttl: Duration, keyPrefix prefix: String, client: Etcd3Client
    ) async throws -> (leases: [EtcdLeaseGrant], keepAlives: [EtcdLeaseKeepAlive]) {
        var leases: [EtcdLeaseGrant] = []
        var keepAlives: [EtcdLeaseKeepAlive] = []
        for i in 0..<count {
            let lease = try await client.grantLease(ttl: ttl)
            try await client.put(EtcdBytes("\(prefix)\(i)"), "\(i)", lease: lease.id)
            leases.append(lease)
            keepAlives.append(client.keepAlive(lease))
            follow(keepAlives[i])
        }
        return (leases, keepAlives)
    }

    /// The leases lost so far, with when and why.
    var losses: [EtcdLeaseID: (ContinuousClock.Instant, EtcdError)] { lost.withLock { $0 } }

    /// The ack instants of `id`.
    func acks(of id: EtcdLeaseID) -> [ContinuousClock.Instant] { acks.withLock { $0[id] ?? [] } }

    /// The first ack of `id` after `instant`.
    func firstAck(of id: EtcdLeaseID, after instant: ContinuousClock.Instant) -> ContinuousClock.Instant? {
        acks(of: id).first { $0 > instant }
    }

    /// The longest time any lease but `excluded` went without an ack, between its first ack
    /// and `end`.
    func largestGap(until end: ContinuousClock.Instant, excluding excluded: EtcdLeaseID? = nil) -> Duration {
        acks.withLock { acks in
            acks.filter { $0.key != excluded }.values.map { times in
                let gaps = zip(times.dropFirst() + [end], times).map { $0 - $1 }
                return gaps.max() ?? .zero
            }.max() ?? .zero
        }
    }
}
