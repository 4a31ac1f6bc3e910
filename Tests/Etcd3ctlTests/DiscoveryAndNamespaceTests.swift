import Etcd3TestSupport
import Foundation
import Testing

extension Etcd3ctlTests {
    /// The global flags `--discovery-srv` (endpoints from DNS SRV records, served by a real DNS
    /// server) and `--namespace` (etcd3ctl's own: every key inside a prefix). Nested in the
    /// serialized ``Etcd3ctlTests``.
    @Suite("etcd3ctl --discovery-srv and --namespace", .timeLimit(.minutes(3)))
    struct DiscoveryAndNamespace {
        @Test("--discovery-srv finds the cluster in SRV records; an empty answer fails with the reason", arguments: installedBinaries)
        func discoverySRV(binary: EtcdBinary) async throws {
            try await withEtcdCluster(binary: binary) { cluster in
                let endpoints = cluster.clientEndpoints
                let zone = "etcd3.test"
                let dns = try await EtcdDNSServer(
                    zone: zone,
                    srv: [.init(name: "_etcd-client._tcp.\(zone)", target: "localhost", port: cluster[0].clientPort)],
                    emptyNames: ["_etcd-client._tcp.empty.\(zone)"])
                defer { dns.stop() }
                let discovery = ["--discovery-srv", zone, "--discovery-dns-server", dns.address]
                let put = try await run(.etcd3ctl, discovery + ["put", "/srv", "found"], endpoints: nil)
                #expect(put.output == "OK\n", "\(put)")
                #expect(try await run(.etcdctl, ["get", "/srv"], endpoints: endpoints).output == "/srv\nfound\n")
                // The endpoint commands act on the endpoints the records name.
                let status = try await run(.etcd3ctl, discovery + ["endpoint", "health"], endpoints: nil)
                #expect(status.output.hasPrefix("http://localhost:\(cluster[0].clientPort) is healthy"), "\(status)")
                // The short flag, and the records of a service name (`_etcd-client-<name>`): none here.
                let named = try await run(
                    .etcd3ctl, ["-d", zone, "--discovery-srv-name", "other", "--discovery-dns-server", dns.address, "get", "/srv"],
                    endpoints: nil)
                #expect(named.status == 1, "\(named)")
                #expect(
                    named.errorLines == ["Error: SRV discovery: DNS: _etcd-client-other._tcp.\(zone) does not exist (NXDOMAIN)"], "\(named)"
                )
                let empty = try await run(
                    .etcd3ctl, ["-d", "empty.\(zone)", "--discovery-dns-server", dns.address, "get", "/srv"], endpoints: nil)
                #expect(empty.status == 1, "\(empty)")
                #expect(empty.errorLines == ["Error: SRV discovery: DNS: _etcd-client._tcp.empty.\(zone) has no SRV record"], "\(empty)")
            }
        }

        @Test("--namespace puts, gets, deletes and watches inside the prefix only", arguments: installedBinaries)
        func namespace(binary: EtcdBinary) async throws {
            try await withEtcd3ctlAndCluster(binary: binary) { endpoints in
                let inside = ["--namespace", "/tenant-a/"]
                #expect(try await run(.etcdctl, ["put", "/outside", "x"], endpoints: endpoints).status == 0)
                #expect(try await run(.etcd3ctl, inside + ["put", "k1", "v1"], endpoints: endpoints).output == "OK\n")
                #expect(try await run(.etcd3ctl, inside + ["put", "k2", "v2"], endpoints: endpoints).output == "OK\n")
                // etcdctl sees the keys under the prefix.
                let stored = try await run(.etcdctl, ["get", "--prefix", "/tenant-a/"], endpoints: endpoints)
                #expect(stored.output == "/tenant-a/k1\nv1\n/tenant-a/k2\nv2\n", "\(stored)")
                // Inside, keys show without it, and "everything" is the prefix's keys alone.
                #expect(try await run(.etcd3ctl, inside + ["get", "k1"], endpoints: endpoints).output == "k1\nv1\n")
                let all = try await run(.etcd3ctl, inside + ["get", "--prefix", ""], endpoints: endpoints)
                #expect(all.output == "k1\nv1\nk2\nv2\n", "\(all)")
                #expect(try await run(.etcd3ctl, inside + ["get", "/outside"], endpoints: endpoints).output == "")

                let watch = try RunningCommand(.etcd3ctl, inside + ["watch", "--prefix", "k"], endpoints: endpoints)
                try await Task.sleep(for: .milliseconds(500))
                _ = try await run(.etcdctl, ["put", "/kx", "outside the prefix"], endpoints: endpoints)
                _ = try await run(.etcdctl, ["put", "/tenant-a/k3", "v3"], endpoints: endpoints)
                let events = try await watch.waitForOutput { $0.hasSuffix("PUT\nk3\nv3\n") }
                watch.send(SIGTERM)
                _ = await watch.finish()
                #expect(events == "PUT\nk3\nv3\n", "\(events)")

                let deleted = try await run(.etcd3ctl, inside + ["del", "--prefix", ""], endpoints: endpoints)
                #expect(deleted.output == "3\n", "\(deleted)")
                #expect(try await run(.etcdctl, ["get", "/outside"], endpoints: endpoints).output == "/outside\nx\n")
                #expect(try await run(.etcdctl, ["get", "--prefix", "/tenant-a/"], endpoints: endpoints).output == "")
            }
        }
    }
}
