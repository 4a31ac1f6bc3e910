import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where the members of a test cluster listen.
///
/// - ``loopback``: every member on 127.0.0.1, in this process's network namespace (the default).
/// - ``namespaces``: every member in its own Linux network namespace (``EtcdNamespaceNetwork``), so a
///   test can cut one member off its peers while clients still reach it. Needs root (or
///   `CAP_NET_ADMIN` and `CAP_SYS_ADMIN`) and `ip` from iproute2; check
///   ``EtcdNamespaceNetwork/unavailableReason()`` first and skip the test with that reason.
public struct EtcdNetworkMode: Sendable, Hashable, CustomStringConvertible {
    private enum Base: String, Sendable, Hashable {
        case loopback
        case namespaces
    }

    private let base: Base
    private init(_ base: Base) { self.base = base }

    /// Every member on 127.0.0.1.
    public static let loopback = EtcdNetworkMode(.loopback)
    /// Every member in its own network namespace, with a client link and a peer link.
    public static let namespaces = EtcdNetworkMode(.namespaces)

    /// Whether members run in network namespaces.
    public var usesNamespaces: Bool { base == .namespaces }

    /// `"loopback"` or `"namespaces"`.
    public var description: String { base.rawValue }
}

/// The network namespaces, links and addresses of a cluster started with
/// ``EtcdNetworkMode/namespaces``, and the partition faults they allow.
///
/// Each member runs in a namespace of its own with two links:
///
/// - a **client link**, a veth pair from this process's namespace to the member's, with a /30 of
///   `10.213.<n>.0/25` (this side `.4i+1`, the member `.4i+2`). The member's client URL and
///   metrics URL are on it, so the test process and its clients reach the member directly.
/// - a **peer link**, a veth pair from the member's namespace to a bridge in a namespace of the
///   cluster's own (the hub), with an address in `10.213.<n>.128/25`. Raft traffic between
///   members goes only over these links.
///
/// ``cutOffPeers(member:)`` takes the member's port on the hub's bridge down: its peers and it
/// no longer hear each other (packets are dropped silently, as in a real partition), while its
/// client link keeps working. ``reconnectPeers(member:)`` undoes it.
///
/// Nothing leaves the machine: the addresses are on virtual links only, and there are no
/// routes beyond them. ``EtcdCluster/stop()`` deletes the namespaces (and with them every link
/// created here) after the members exited; a cluster that fails to start removes them too.
/// Namespaces left behind by a test process that died are removed the next time a cluster in
/// this mode starts (their names carry the creating process's id).
///
/// ```swift
/// if let reason = EtcdNamespaceNetwork.unavailableReason() {
///     print("skipped: \(reason)")
///     return
/// }
/// var configuration = EtcdCluster.Configuration(members: 3, profile: .fast)
/// configuration.network = .namespaces
/// try await withEtcdCluster(configuration) { cluster in
///     let network = cluster.network!
///     try network.cutOffPeers(member: 1)     // m1 is partitioned; its clients still reach it
///     try network.reconnectPeers(member: 1)
/// }
/// ```
public final class EtcdNamespaceNetwork: Sendable {
    /// The third octet `n` of this cluster's addresses, `10.213.<n>.x`.
    public let subnet: Int
    /// The namespace of each member, in member order (`ip netns exec <name> …` enters it).
    public let memberNamespaces: [String]
    /// The namespace that holds the peer bridge.
    public let hubNamespace: String

    private let ipPath: String
    private let removed = Mutex(false)

    /// The prefix of every namespace this library creates.
    static let namePrefix = "etcd3t-"

    private init(subnet: Int, memberNamespaces: [String], hubNamespace: String, ipPath: String) {
        self.subnet = subnet
        self.memberNamespaces = memberNamespaces
        self.hubNamespace = hubNamespace
        self.ipPath = ipPath
    }

    deinit { remove() }

    // MARK: Availability

    /// Why network namespaces cannot be used here, or `nil` when they can.
    ///
    /// Creates and deletes a probe namespace with `ip netns add`; fails without `ip` or when the
    /// kernel or the process's privileges refuse.
    ///
    /// - Returns: A sentence to print when skipping a test, or `nil`.
    public static func unavailableReason() -> String? {
        guard let ip = ipCommand else {
            return "`ip` (iproute2) is not installed; Scripts/install-prerequisites.sh installs it"
        }
        let probe = "\(namePrefix)\(getpid())-probe"
        do {
            let (status, output) = try ChildProcess.run(ip, ["netns", "add", probe], timeout: .seconds(10))
            guard status == 0 else {
                return "the kernel refuses network namespaces (`ip netns add` failed: "
                    + "\(output.trimmingCharacters(in: .whitespacesAndNewlines)))"
            }
        } catch {
            return "`ip netns add` could not run: \(error.message)"
        }
        _ = try? ChildProcess.run(ip, ["netns", "delete", probe], timeout: .seconds(10))
        return nil
    }

    static let ipCommand: String? = {
        for candidate in ["/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip"] where access(candidate, X_OK) == 0 {
            return candidate
        }
        return ChildProcess.findInPath("ip")
    }()

    // MARK: Addresses

    /// The address of member `index` on its client link, e.g. `"10.213.7.2"`.
    public func clientAddress(of index: Int) -> String { Self.clientAddress(subnet: subnet, member: index) }

    /// The address of member `index` on its peer link, e.g. `"10.213.7.129"`.
    public func peerAddress(of index: Int) -> String { Self.peerAddress(subnet: subnet, member: index) }

    static func clientAddress(subnet: Int, member: Int) -> String { "10.213.\(subnet).\(4 * member + 2)" }
    static func peerAddress(subnet: Int, member: Int) -> String { "10.213.\(subnet).\(129 + member)" }

    /// The most members one cluster can have in this mode (the client /30s fill a /25).
    public static let maximumMembers = 32

    // MARK: Faults

    /// Cuts member `index` off its peers: its port on the peer bridge goes down, so raft traffic
    /// to and from it is dropped. Its client link is untouched.
    ///
    /// - Parameter index: The member's index.
    /// - Throws: ``EtcdTestSupportError`` with code `invalidArgument` or `commandFailed`.
    public func cutOffPeers(member index: Int) throws(EtcdTestSupportError) {
        try setPeerPort(of: index, up: false)
    }

    /// Connects member `index` to its peers again after ``cutOffPeers(member:)``.
    ///
    /// - Parameter index: The member's index.
    /// - Throws: ``EtcdTestSupportError`` with code `invalidArgument` or `commandFailed`.
    public func reconnectPeers(member index: Int) throws(EtcdTestSupportError) {
        try setPeerPort(of: index, up: true)
    }

    private func setPeerPort(of index: Int, up: Bool) throws(EtcdTestSupportError) {
        guard memberNamespaces.indices.contains(index) else {
            throw EtcdTestSupportError(.invalidArgument, "no member \(index) in a network of \(memberNamespaces.count)")
        }
        try Self.ip(ipPath, ["-n", hubNamespace, "link", "set", "m\(index)", up ? "up" : "down"])
    }

    /// The command prefix that runs a program inside member `index`'s namespace.
    func launchPrefix(member index: Int) -> [String] { [ipPath, "netns", "exec", memberNamespaces[index]] }

    // MARK: Creating and removing

    /// Creates the namespaces and links for `members` members, on a free `10.213.<n>.0/24`.
    static func create(members: Int) throws(EtcdTestSupportError) -> EtcdNamespaceNetwork {
        guard let ip = ipCommand else {
            throw EtcdTestSupportError(.commandFailed, "`ip` (iproute2) is not installed")
        }
        guard (1...maximumMembers).contains(members) else {
            throw EtcdTestSupportError(.invalidArgument, "\(members) members do not fit one namespace network")
        }
        removeLeftovers(ip: ip)
        var lastError = EtcdTestSupportError(.commandFailed, "no free 10.213.<n>.0/24 subnet")
        var candidates = Array(0..<256).shuffled()
        let used = usedSubnets(ip: ip)
        candidates.removeAll { used.contains($0) }
        for subnet in candidates.prefix(8) {
            let tag = "\(namePrefix)\(getpid())-\(subnet)"
            let network = EtcdNamespaceNetwork(
                subnet: subnet,
                memberNamespaces: (0..<members).map { "\(tag)-m\($0)" },
                hubNamespace: "\(tag)-hub",
                ipPath: ip)
            do throws(EtcdTestSupportError) {
                for command in network.commands(members: members) {
                    let (status, output) = try ChildProcess.run(ip, command, timeout: .seconds(10))
                    guard status == 0 else {
                        throw EtcdTestSupportError(
                            .commandFailed, "ip \(command.joined(separator: " ")) failed with \(status): \(output)")
                    }
                }
                return network
            } catch {
                network.remove()
                // A link name in this namespace taken by another cluster: try another subnet.
                guard error.message.contains("File exists") else { throw error }
                lastError = error
            }
        }
        throw lastError
    }

    /// The `ip` commands that build the network, in order.
    private func commands(members: Int) -> [[String]] {
        var lines = [
            "netns add \(hubNamespace)",
            "-n \(hubNamespace) link set lo up",
            "-n \(hubNamespace) link add name bridge type bridge",
            "-n \(hubNamespace) link set bridge up",
        ]
        for index in 0..<members {
            let namespace = memberNamespaces[index]
            let outside = rootLinkName(member: index)
            lines += [
                "netns add \(namespace)",
                "-n \(namespace) link set lo up",
                // The client link: this process's namespace ↔ the member's.
                "link add name \(outside) type veth peer name client netns \(namespace)",
                "addr add 10.213.\(subnet).\(4 * index + 1)/30 dev \(outside)",
                "link set \(outside) up",
                "-n \(namespace) addr add \(clientAddress(of: index))/30 dev client",
                "-n \(namespace) link set client up",
                // The peer link: the member's namespace ↔ the hub's bridge.
                "-n \(namespace) link add name peers type veth peer name m\(index) netns \(hubNamespace)",
                "-n \(namespace) addr add \(peerAddress(of: index))/25 dev peers",
                "-n \(namespace) link set peers up",
                "-n \(hubNamespace) link set m\(index) master bridge",
                "-n \(hubNamespace) link set m\(index) up",
            ]
        }
        return lines.map { $0.split(separator: " ").map(String.init) }
    }

    /// The name of member `index`'s client link on this process's side (15 characters at most).
    private func rootLinkName(member index: Int) -> String { "e3t\(subnet)c\(index)" }

    /// Deletes the namespaces (their links go with them). Safe to call more than once; members
    /// must have exited first for the kernel to free the namespaces at once.
    func remove() {
        let first = removed.withLock { done -> Bool in
            defer { done = true }
            return !done
        }
        guard first else { return }
        for namespace in memberNamespaces + [hubNamespace] {
            _ = try? ChildProcess.run(ipPath, ["netns", "delete", namespace], timeout: .seconds(10))
        }
        // A root-side link whose namespace still had a process keeps living until it exits;
        // delete the links explicitly as well (errors mean they are gone already).
        for index in memberNamespaces.indices {
            _ = try? ChildProcess.run(ipPath, ["link", "delete", rootLinkName(member: index)], timeout: .seconds(10))
        }
    }

    /// Third octets of `10.213.x.y` addresses already present in this namespace.
    private static func usedSubnets(ip: String) -> Set<Int> {
        guard let (status, output) = try? ChildProcess.run(ip, ["-4", "-o", "addr", "show"]), status == 0 else { return [] }
        var used = Set<Int>()
        for word in output.split(whereSeparator: { $0 == " " || $0 == "/" }) where word.hasPrefix("10.213.") {
            let parts = word.split(separator: ".")
            if parts.count == 4, let third = Int(parts[2]) { used.insert(third) }
        }
        return used
    }

    /// Deletes namespaces this library created in processes that no longer exist.
    private static func removeLeftovers(ip: String) {
        guard let (status, output) = try? ChildProcess.run(ip, ["netns", "list"]), status == 0 else { return }
        for line in output.split(separator: "\n") {
            guard let name = line.split(separator: " ").first, name.hasPrefix(namePrefix) else { continue }
            let rest = name.dropFirst(namePrefix.count)
            guard let pidText = rest.split(separator: "-").first, let pid = pid_t(pidText) else { continue }
            if pid != getpid(), kill(pid, 0) != 0, errno == ESRCH {
                _ = try? ChildProcess.run(ip, ["netns", "delete", String(name)], timeout: .seconds(10))
            }
        }
    }

    @discardableResult
    private static func ip(_ path: String, _ arguments: [String]) throws(EtcdTestSupportError) -> String {
        let (status, output) = try ChildProcess.run(path, arguments, timeout: .seconds(10))
        guard status == 0 else {
            throw EtcdTestSupportError(
                .commandFailed, "ip \(arguments.joined(separator: " ")) failed with \(status): \(output)")
        }
        return output
    }
}
