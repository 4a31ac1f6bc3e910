import Etcd3
import Synchronization
import Testing

/// The lease a task (a `withLease` scope, a session, a service) was granted, for the test to
/// read.
final class GrantedLeaseID: Sendable {
    private let id = Mutex<EtcdLeaseID?>(nil)

    func withLock<R>(_ body: (inout EtcdLeaseID?) -> R) -> R { id.withLock { body(&$0) } }

    /// Waits until each of `leases` was granted; fails the test after `limit`.
    static func waitForAll(_ leases: [GrantedLeaseID], within limit: Duration = .seconds(10)) async throws -> [EtcdLeaseID] {
        let deadline = ContinuousClock.now + limit
        while true {
            let ids = leases.compactMap { $0.withLock { $0 } }
            if ids.count == leases.count { return ids }
            try #require(ContinuousClock.now < deadline, "\(leases.count - ids.count) lease(s) not granted within \(limit)")
            try await Task.sleep(for: .milliseconds(20))
        }
    }
}
