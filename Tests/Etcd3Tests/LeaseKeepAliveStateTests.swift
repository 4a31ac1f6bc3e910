import Etcd3Messages
import Testing

@testable import Etcd3

/// The keep-alive schedule and loss rules, without a server, on made-up instants.
@Suite("Lease keep-alive state machine", .timeLimit(.minutes(3)))
struct LeaseKeepAliveStateTests {
    typealias Action = LeaseKeepAliveState.Action
    let t0 = ContinuousClock.now
    let lease = EtcdLeaseID(7)

    func at(_ milliseconds: Int) -> ContinuousClock.Instant { t0 + .milliseconds(milliseconds) }

    func ack(_ id: EtcdLeaseID, ttl: Int64) -> Etcdserverpb.LeaseKeepAliveResponse {
        Etcdserverpb.LeaseKeepAliveResponse(header: nil, id: id.rawValue, ttl: ttl)
    }

    func sends(_ actions: [Action]) -> [EtcdLeaseID] {
        actions.compactMap { if case .send(let id) = $0 { id } else { nil } }
    }

    func losses(_ actions: [Action]) -> [(EtcdLeaseID, EtcdError.Code)] {
        actions.compactMap { if case .lost(let id, let error) = $0 { (id, error.code) } else { nil } }
    }

    /// Runs the machine in 10 ms steps from `start` to `end`; the server answers each send
    /// after `rtt` with `ttl`, unless `answering` says no at that instant. Returns the send and
    /// loss instants (ms since t0).
    func simulate(
        _ machine: inout LeaseKeepAliveState, from start: Int, to end: Int, rtt: Int = 5, ttl: Int64 = 6,
        answering: (Int) -> Bool = { _ in true }
    ) -> (sends: [Int], losses: [(Int, EtcdError.Code)], acks: [(sent: Int, received: Int)]) {
        var pending: [(due: Int, id: EtcdLeaseID, sent: Int)] = []
        var acks: [(sent: Int, received: Int)] = []
        var sent: [Int] = []
        var lost: [(Int, EtcdError.Code)] = []
        for now in stride(from: start, through: end, by: 10) {
            for (due, id, sentAt) in pending where due <= now {
                lost += losses(machine.receive(ack(id, ttl: ttl), now: at(now))).map { (now, $0.1) }
                acks.append((sentAt, now))
            }
            pending.removeAll { $0.due <= now }
            let actions = machine.tick(now: at(now))
            lost += losses(actions).map { (now, $0.1) }
            for id in sends(actions) {
                sent.append(now)
                if answering(now) { pending.append((now + rtt, id, now)) }
            }
        }
        return (sent, lost, acks)
    }

    @Test("refreshes at TTL/3 after each ack, with the TTL the ack reports")
    func schedule() {
        var machine = LeaseKeepAliveState()
        #expect(machine.add(lease, ttl: .seconds(6), since: at(0), now: at(0)).isEmpty, "no stream yet")
        #expect(sends(machine.streamOpened(now: at(0))) == [lease])
        let acked = machine.receive(ack(lease, ttl: 6), now: at(5))
        #expect(acked == [.acknowledged(lease, ttl: .seconds(6))])
        #expect(machine.nextWakeup == at(2005))
        #expect(sends(machine.tick(now: at(2000))).isEmpty)
        #expect(sends(machine.tick(now: at(2005))) == [lease])
        // The server now reports 3 s (say, the lease was re-granted shorter): next at +1 s.
        _ = machine.receive(ack(lease, ttl: 3), now: at(2010))
        #expect(machine.leases[lease]?.ttl == .seconds(3))
        #expect(machine.nextWakeup == at(3010))

        var steady = LeaseKeepAliveState()
        _ = steady.add(lease, ttl: .seconds(6), since: at(0), now: at(0))
        _ = steady.streamOpened(now: at(0))
        _ = steady.receive(ack(lease, ttl: 6), now: at(5))
        let run = simulate(&steady, from: 10, to: 20_000)
        let gaps = zip(run.sends.dropFirst(), run.sends).map { $0 - $1 }
        #expect(run.losses.isEmpty)
        #expect(run.sends.count == 9, "\(run.sends)")
        #expect(gaps.allSatisfy { (2000...2020).contains($0) }, "\(gaps)")
    }

    @Test("declared expired at the answered send + TTL, never later than last ack + TTL")
    func expiry() throws {
        var machine = LeaseKeepAliveState()
        _ = machine.add(lease, ttl: .seconds(6), since: at(0), now: at(0))
        _ = machine.streamOpened(now: at(0))
        // Acks up to 4 s, then silence (a half-open connection).
        let run = simulate(&machine, from: 0, to: 15_000) { $0 <= 4_000 }
        let last = try #require(run.acks.last)
        #expect(run.losses.count == 1)
        let (when, code) = try #require(run.losses.first)
        #expect(code == .leaseExpired)
        #expect(when == last.sent + 6_000, "declared at \(when) ms; last ack \(last)")
        #expect(when <= last.received + 6_000)
        #expect(when > 4_000 + 4_000, "not before the TTL could have run out")
        #expect(machine.isEmpty)
        #expect(machine.tick(now: at(20_000)).isEmpty, "reported once")
    }

    @Test("a lease never acknowledged expires at since + TTL")
    func neverAcknowledged() {
        var machine = LeaseKeepAliveState()
        _ = machine.add(lease, ttl: .seconds(5), since: at(-300), now: at(0))
        #expect(machine.nextWakeup == at(4700))
        #expect(losses(machine.tick(now: at(4690))).isEmpty)
        #expect(losses(machine.tick(now: at(4700))).map(\.1) == [.leaseExpired])
    }

    @Test("an ack with TTL 0 reports the lease revoked at once")
    func revoked() {
        var machine = LeaseKeepAliveState()
        let other = EtcdLeaseID(8)
        _ = machine.add(lease, ttl: .seconds(6), since: at(0), now: at(0))
        _ = machine.add(other, ttl: .seconds(6), since: at(0), now: at(0))
        _ = machine.streamOpened(now: at(0))
        let actions = machine.receive(ack(lease, ttl: 0), now: at(5))
        #expect(losses(actions).map(\.0) == [lease])
        #expect(losses(actions).map(\.1) == [.leaseNotFound])
        #expect(machine.leases[lease] == nil)
        #expect(machine.leases[other] != nil, "the other lease is unaffected")
        #expect(machine.receive(ack(lease, ttl: 0), now: at(6)).isEmpty, "reported once")
    }

    @Test("acks for other leases are ignored")
    func wrongID() {
        var machine = LeaseKeepAliveState()
        _ = machine.add(lease, ttl: .seconds(6), since: at(0), now: at(0))
        _ = machine.streamOpened(now: at(0))
        let before = machine.leases
        #expect(machine.receive(ack(EtcdLeaseID(99), ttl: 6), now: at(5)).isEmpty)
        #expect(machine.receive(ack(EtcdLeaseID(99), ttl: 0), now: at(5)).isEmpty)
        #expect(machine.leases == before)
        #expect(losses(machine.tick(now: at(6000))).map(\.1) == [.leaseExpired], "no ack for 7 came")
    }

    @Test("without acks, at most one send per second per lease, and the stream is reopened")
    func sendRateBounded() {
        var machine = LeaseKeepAliveState()
        _ = machine.add(lease, ttl: .seconds(5), since: at(0), now: at(0))
        _ = machine.streamOpened(now: at(0))
        _ = machine.receive(ack(lease, ttl: 5), now: at(5))
        var sent: [Int] = []
        var restarts: [Int] = []
        var lostAt: Int?
        for now in stride(from: 10, through: 6_000, by: 10) {
            var actions = machine.tick(now: at(now))
            if actions.contains(.restartStream) {
                restarts.append(now)
                // The hub reopens the stream (after a short backoff); it re-sends at once.
                actions += machine.streamOpened(now: at(now + 50))
            }
            sent += sends(actions).map { _ in now }
            if let loss = losses(actions).first {
                #expect(loss.1 == .leaseExpired)
                lostAt = now
            }
        }
        #expect(lostAt == 5_000, "TTL after the send the last ack answered (at 0)")
        for second in 0..<5 {
            let inSecond = sent.filter { $0 >= second * 1000 && $0 < (second + 1) * 1000 }.count
            #expect(inSecond <= 2, "second \(second): \(sent)")
        }
        #expect(sent.count <= 8, "\(sent)")
        #expect(!restarts.isEmpty && restarts.first! >= 2_000, "\(restarts)")
    }

    @Test("a new stream re-sends every lease at once; unanswered sends on the old one prove nothing")
    func reopen() {
        var machine = LeaseKeepAliveState()
        _ = machine.add(EtcdLeaseID(1), ttl: .seconds(9), since: at(0), now: at(0))
        _ = machine.add(EtcdLeaseID(2), ttl: .seconds(9), since: at(0), now: at(0))
        _ = machine.streamOpened(now: at(0))
        _ = machine.receive(ack(EtcdLeaseID(1), ttl: 9), now: at(10))
        _ = machine.receive(ack(EtcdLeaseID(2), ttl: 9), now: at(10))
        _ = machine.tick(now: at(3010))  // both due
        machine.streamFailed()
        #expect(machine.tick(now: at(3100)).isEmpty, "nothing to send without a stream")
        #expect(sends(machine.streamOpened(now: at(3500))) == [EtcdLeaseID(1), EtcdLeaseID(2)])
        _ = machine.receive(ack(EtcdLeaseID(1), ttl: 9), now: at(3600))
        // The deadline counts from the send on the new stream (3500), not the lost one (3010).
        #expect(machine.leases[EtcdLeaseID(1)]?.deadline == at(12_500))
        // Adding a lease already kept alive changes nothing.
        #expect(machine.add(EtcdLeaseID(1), ttl: .seconds(2), since: at(3600), now: at(3600)).isEmpty)
        #expect(machine.leases[EtcdLeaseID(1)]?.ttl == .seconds(9))
    }
}
