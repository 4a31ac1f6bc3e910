import Etcd3Transport
import Testing

@testable import Etcd3

@Suite("Endpoint auto-sync decisions", .timeLimit(.minutes(1)))
struct EndpointSyncTests {
    private func endpoint(_ text: String) -> Endpoint { try! Endpoint(parsing: text) }
    private func member(_ id: UInt64, _ urls: [String], learner: Bool = false) -> EtcdClusterMember {
        EtcdClusterMember(id: id, name: "m\(id)", peerURLs: [], clientURLs: urls, isLearner: learner)
    }

    @Test("learners, members not started yet and URLs of the other scheme are not candidates")
    func candidates() {
        let members = [
            member(1, ["http://10.0.0.1:2379"]),
            member(2, ["http://10.0.0.2:2379", "https://10.0.0.2:2380"]),
            member(3, ["http://10.0.0.3:2379"], learner: true),
            member(4, []),
            member(5, ["not a url at all://x", "10.0.0.5:2379"]),
        ]
        #expect(
            EndpointSync.candidates(from: members, usesTLS: false).map(\.authority)
                == ["10.0.0.1:2379", "10.0.0.2:2379", "10.0.0.5:2379"])
        #expect(
            EndpointSync.candidates(from: members, usesTLS: true).map(\.authority) == ["10.0.0.2:2380", "10.0.0.5:2379"])
    }

    @Test("the same set in another order or with schemes keeps the endpoints")
    func sameSet() {
        let current = [endpoint("10.0.0.1:2379"), endpoint("10.0.0.2:2379")]
        let candidates = [endpoint("http://10.0.0.2:2379"), endpoint("http://10.0.0.1:2379"), endpoint("10.0.0.1:2379")]
        #expect(EndpointSync.decide(current: current, candidates: candidates) == .keep(reason: nil))
    }

    @Test("staying endpoints keep their place and value, new ones follow, removed ones go")
    func replace() {
        let current = [endpoint("10.0.0.1:2379"), endpoint("10.0.0.2:2379"), endpoint("10.0.0.3:2379")]
        let candidates = [endpoint("http://10.0.0.4:2379"), endpoint("http://10.0.0.3:2379"), endpoint("http://10.0.0.2:2379")]
        #expect(
            EndpointSync.decide(current: current, candidates: candidates)
                == .replace([endpoint("10.0.0.2:2379"), endpoint("10.0.0.3:2379"), endpoint("http://10.0.0.4:2379")]))
    }

    @Test("an answer without a usable URL never empties the client")
    func emptyAnswer() {
        let current = [endpoint("10.0.0.1:2379")]
        guard case .keep(let reason?) = EndpointSync.decide(current: current, candidates: []) else {
            Issue.record("an empty answer changed the endpoints")
            return
        }
        #expect(reason.contains("no voting member"))
    }
}

@Suite("DNS SRV messages", .timeLimit(.minutes(1)))
struct DNSMessageTests {
    /// An answer to `query` with SRV records (targets compressed against the question's name).
    private func answer(to query: [UInt8], rcode: UInt8 = 0, records: [(UInt16, UInt16, UInt16, String)]) -> [UInt8] {
        var bytes = Array(query[0..<2]) + [0x81, 0x80 | rcode, 0, 1, 0, UInt8(records.count), 0, 0, 0, 0]
        // The question, as asked (it ends before the OPT record: root name + type 41).
        let questionEnd = query.count - 11
        bytes += query[12..<questionEnd]
        for (priority, weight, port, target) in records {
            var data: [UInt8] = []
            for value in [priority, weight, port] { data += [UInt8(value >> 8), UInt8(value & 0xFF)] }
            let labels = target.split(separator: ".")
            for (index, label) in labels.enumerated() {
                if index == labels.count - 1, label == "test" {
                    data += [0xC0, UInt8(questionEnd - 4 - 6)]  // pointer to "test\0" in the question
                    break
                }
                data += [UInt8(label.utf8.count)] + Array(label.utf8)
                if index == labels.count - 1 { data.append(0) }
            }
            bytes += [0xC0, 12, 0, 33, 0, 1, 0, 0, 0, 60, UInt8(data.count >> 8), UInt8(data.count & 0xFF)] + data
        }
        return bytes
    }

    @Test("records come back by priority, then weight; the target's compression pointer is followed")
    func parse() throws {
        let query = try DNSMessage.query(id: 0x1234, name: "_etcd-client._tcp.example.test")
        let message = answer(
            to: query, records: [(20, 0, 2381, "c.example.test"), (10, 5, 2379, "a.example.test"), (10, 50, 2380, "b.example.test")])
        let records = try DNSMessage.srvRecords(in: message, id: 0x1234, name: "x")
        #expect(records.map(\.port) == [2380, 2379, 2381])
        #expect(records.map(\.target) == ["b.example.test", "a.example.test", "c.example.test"])
    }

    @Test("NXDOMAIN, an empty answer, a wrong ID and truncated bytes are typed failures")
    func failures() throws {
        let query = try DNSMessage.query(id: 7, name: "_etcd-client._tcp.example.test")
        #expect(throws: DNSFailure.self) { try DNSMessage.srvRecords(in: answer(to: query, rcode: 3, records: []), id: 7, name: "x") }
        do {
            _ = try DNSMessage.srvRecords(in: answer(to: query, rcode: 3, records: []), id: 7, name: "x")
        } catch {
            #expect(error.kind == .nameNotFound)
        }
        do {
            _ = try DNSMessage.srvRecords(in: answer(to: query, records: []), id: 7, name: "x")
        } catch {
            #expect(error.kind == .noRecords)
        }
        do {
            _ = try DNSMessage.srvRecords(in: answer(to: query, records: []), id: 8, name: "x")
        } catch {
            #expect(error.kind == .malformed)
        }
        let full = answer(to: query, records: [(1, 1, 2379, "a.example.test")])
        for cut in stride(from: 0, to: full.count - 1, by: 3) {
            #expect(throws: DNSFailure.self) { try DNSMessage.srvRecords(in: Array(full[0..<cut]), id: 7, name: "x") }
        }
    }

    @Test("DNS servers are IP literals with an optional port, 53 by default")
    func servers() {
        #expect(DNSResolver.Server(parsing: "10.0.0.2") == DNSResolver.Server(host: "10.0.0.2", port: 53))
        #expect(DNSResolver.Server(parsing: "10.0.0.2:5353") == DNSResolver.Server(host: "10.0.0.2", port: 5353))
        #expect(DNSResolver.Server(parsing: "::1") == DNSResolver.Server(host: "::1", port: 53))
        #expect(DNSResolver.Server(parsing: "[::1]:5353") == DNSResolver.Server(host: "::1", port: 5353))
        #expect(DNSResolver.Server(parsing: "dns.example.com") == nil)
        #expect(DNSResolver.Server(parsing: "http://10.0.0.2") == nil)
        #expect(DNSResolver.Server(parsing: "") == nil)
    }

    @Test("a name pointer loop is rejected, not followed forever")
    func pointerLoop() throws {
        let query = try DNSMessage.query(id: 9, name: "_etcd-client._tcp.example.test")
        var message = Array(query[0..<2]) + [0x81, 0x80, 0, 0, 0, 1, 0, 0, 0, 0]
        // Answer name at 12 points to itself.
        message += [0xC0, 12, 0, 33, 0, 1, 0, 0, 0, 60, 0, 8, 0, 1, 0, 1, 0x09, 0x29, 0xC0, 12]
        #expect(throws: DNSFailure.self) { try DNSMessage.srvRecords(in: message, id: 9, name: "x") }
    }
}
