/// Server timing flags for a test cluster.
///
/// - ``default``: etcd's stock timing (heartbeat 100 ms, election timeout 1 s, keep-alive minimum 5 s).
///   A new leader appears within 5 s of a leader's SIGKILL (2.6 s was the worst seen).
/// - ``fast``: `--heartbeat-interval 50 --election-timeout 500 --grpc-keepalive-min-time 500ms
///   --experimental-watch-progress-notify-interval 1s --snapshot-count 100`. A new leader appears
///   within 3 s (1.35 s worst seen); clients may ping every 500 ms; progress notifications every second;
///   snapshots (and log compaction) every 100 writes. All of these flags exist in etcd 3.4 and 3.5.
public struct EtcdServerProfile: Sendable, Hashable, CustomStringConvertible {
    private enum Base: String, Sendable, Hashable {
        case `default`
        case fast
    }

    private let base: Base

    private init(_ base: Base) { self.base = base }

    /// etcd's stock flags.
    public static let `default` = EtcdServerProfile(.default)
    /// Short heartbeat and election timeouts, lenient keep-alive policy, frequent progress notifications.
    public static let fast = EtcdServerProfile(.fast)

    /// The command-line flags this profile adds.
    public var arguments: [String] {
        switch base {
        case .default:
            return []
        case .fast:
            return [
                "--heartbeat-interval", "50",
                "--election-timeout", "500",
                "--grpc-keepalive-min-time", "500ms",
                "--experimental-watch-progress-notify-interval", "1s",
                "--snapshot-count", "100",
            ]
        }
    }

    /// How long a test should allow for a new leader after the leader was killed: 5 s, or 3 s when fast.
    public var newLeaderBudget: Duration {
        switch base {
        case .default: return .seconds(5)
        case .fast: return .seconds(3)
        }
    }

    /// `"default"` or `"fast"`.
    public var description: String { base.rawValue }
}

/// How a test cluster serves its client URLs.
///
/// Peer and metrics URLs always stay plaintext.
///
/// - ``disabled``: `http://` client URLs.
/// - ``serverOnly``: `https://` client URLs with `--cert-file/--key-file` and neither
///   `--trusted-ca-file` nor `--client-cert-auth`, so the server asks for no client certificate.
///   (etcd turns on client-certificate verification as soon as a trusted CA file is given.)
/// - ``mutual``: as ``serverOnly`` plus `--trusted-ca-file` and `--client-cert-auth`: clients must
///   present a certificate signed by ``EtcdTLSMaterial/ca``.
public struct EtcdTLSMode: Sendable, Hashable, CustomStringConvertible {
    private enum Base: String, Sendable, Hashable {
        case disabled
        case serverOnly
        case mutual
    }

    private let base: Base

    private init(_ base: Base) { self.base = base }

    /// Plaintext client URLs.
    public static let disabled = EtcdTLSMode(.disabled)
    /// TLS without client certificates.
    public static let serverOnly = EtcdTLSMode(.serverOnly)
    /// TLS with required client certificates (mTLS).
    public static let mutual = EtcdTLSMode(.mutual)

    /// Whether client URLs use TLS.
    public var usesTLS: Bool { base != .disabled }

    /// Whether clients must present a certificate.
    public var requiresClientCertificate: Bool { base == .mutual }

    /// `"disabled"`, `"serverOnly"` or `"mutual"`.
    public var description: String { base.rawValue }
}

extension EtcdCluster {
    /// Everything needed to start a test cluster. Every property has a default.
    public struct Configuration: Sendable {
        /// The number of members, 1 or more (3 for fault tests).
        public var members: Int = 1
        /// The server binary; `nil` means ``EtcdBinary/default()``.
        public var binary: EtcdBinary? = nil
        /// Plaintext, TLS, or mTLS client URLs.
        public var tls: EtcdTLSMode = .disabled
        /// Certificates to serve; `nil` generates a fresh set into the cluster's directory when TLS is on.
        public var tlsMaterial: EtcdTLSMaterial? = nil
        /// The certificate the members serve; `nil` means ``EtcdTLSMaterial/server``. Set it to
        /// ``EtcdTLSMaterial/wrongNameServer`` or ``EtcdTLSMaterial/untrustedServer`` (of the same material) for
        /// negative TLS tests.
        public var serverCertificate: EtcdCertificateFiles? = nil
        /// Timing flags.
        public var profile: EtcdServerProfile = .default
        /// More flags, appended last, e.g. `["--max-request-bytes", "1048576"]` or `["--auth-token", "jwt,…"]`.
        public var extraArguments: [String] = []
        /// etcd's `--log-level` (`debug`, `info`, `warn`, `error`). Logs go to `etcd.log` in each member's
        /// directory.
        public var logLevel: String = "warn"
        /// How long to wait for every member to report `/health` true.
        public var startTimeout: Duration = .seconds(30)

        /// Creates a configuration.
        ///
        /// - Parameters:
        ///   - members: The number of members.
        ///   - binary: The server binary, or `nil` for the default one.
        ///   - tls: The client URL security.
        ///   - profile: The timing flags.
        ///   - extraArguments: More flags for every member.
        public init(
            members: Int = 1,
            binary: EtcdBinary? = nil,
            tls: EtcdTLSMode = .disabled,
            profile: EtcdServerProfile = .default,
            extraArguments: [String] = []
        ) {
            self.members = members
            self.binary = binary
            self.tls = tls
            self.profile = profile
            self.extraArguments = extraArguments
        }
    }
}
