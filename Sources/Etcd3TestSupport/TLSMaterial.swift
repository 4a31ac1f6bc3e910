import Foundation

/// A PEM certificate and its private key, as files and as bytes.
public struct EtcdCertificateFiles: Sendable, Hashable {
    /// Path of the PEM certificate.
    public let certificatePath: String
    /// Path of the PEM private key (mode 0600).
    public let keyPath: String
    /// The PEM certificate's bytes.
    public let certificatePEM: [UInt8]
    /// The PEM private key's bytes.
    public let keyPEM: [UInt8]

    init(certificatePath: String, keyPath: String) throws(EtcdTestSupportError) {
        self.certificatePath = certificatePath
        self.keyPath = keyPath
        self.certificatePEM = try readFile(certificatePath)
        self.keyPEM = try readFile(keyPath)
    }
}

/// Certificates generated with the `openssl` command for TLS tests, in a fresh temporary directory.
///
/// Everything uses ECDSA P-256 keys (fast to generate). The set covers the positive and the negative
/// cases of the TLS test matrix:
///
/// | Property | Signed by | Names | Use |
/// |---|---|---|---|
/// | ``ca`` | itself | CN `etcd3-test-ca` | the trust anchor clients load |
/// | ``server`` | ``ca`` | IP `127.0.0.1`, DNS `localhost` | what TLS clusters serve |
/// | ``client`` | ``ca`` | CN from `clientCommonName` (default `root`) | mTLS; CN-based auth |
/// | ``expiredClient`` | ``ca`` | CN `expired` | expired a day before its start |
/// | ``wrongNameServer`` | ``ca`` | DNS `wrong.invalid`, IP `10.255.255.1` | hostname mismatch |
/// | ``untrustedCA`` | itself | CN `etcd3-untrusted-ca` | a CA nobody trusts |
/// | ``untrustedServer`` | ``untrustedCA`` | IP `127.0.0.1`, DNS `localhost` | verify failure |
///
/// Files live until ``remove()``; a cluster that generated its own material removes it when it stops.
///
/// ```swift
/// let tls = try EtcdTLSMaterial.generate(clientCommonName: "root")
/// defer { tls.remove() }
/// print(tls.ca.certificatePath, tls.client.certificatePath, tls.client.keyPath)
/// ```
public struct EtcdTLSMaterial: Sendable, Hashable {
    /// The directory holding all files.
    public let directory: String
    /// The trusted CA. Its key is at ``EtcdCertificateFiles/keyPath`` too.
    public let ca: EtcdCertificateFiles
    /// A server certificate for `127.0.0.1` and `localhost`, signed by ``ca``.
    public let server: EtcdCertificateFiles
    /// A client certificate (extended key usage clientAuth) signed by ``ca``.
    public let client: EtcdCertificateFiles
    /// The common name of ``client``.
    public let clientCommonName: String
    /// A client certificate signed by ``ca`` whose validity ended before it began (expired).
    public let expiredClient: EtcdCertificateFiles
    /// A server certificate signed by ``ca`` that names neither `127.0.0.1` nor `localhost`.
    public let wrongNameServer: EtcdCertificateFiles
    /// A second, untrusted CA.
    public let untrustedCA: EtcdCertificateFiles
    /// A server certificate for `127.0.0.1` and `localhost` signed by ``untrustedCA``.
    public let untrustedServer: EtcdCertificateFiles

    /// Generates a full set into a new directory under the system's temporary folder.
    ///
    /// - Parameters:
    ///   - clientCommonName: The CN of ``client``; with etcd auth on and no token, etcd uses it as the
    ///     user name.
    ///   - directory: Where to write; `nil` creates a fresh temporary directory.
    /// - Returns: The paths and bytes.
    /// - Throws: ``EtcdTestSupportError`` with code `binaryNotFound` if `openssl` is missing, or
    ///   `commandFailed` if a command fails.
    public static func generate(
        clientCommonName: String = "root",
        in directory: String? = nil
    ) throws(EtcdTestSupportError) -> EtcdTLSMaterial {
        guard
            let openssl = ChildProcess.findInPath("openssl")
                ?? ["/usr/bin/openssl"].first(where: { access($0, X_OK) == 0 })
        else {
            throw EtcdTestSupportError(
                .binaryNotFound,
                "openssl not found: install Debian's package `openssl` or run Scripts/install-prerequisites.sh"
            )
        }
        let dir: String
        if let directory {
            dir = directory
        } else {
            dir = try makeTemporaryDirectory(prefix: "etcd3-tls")
        }
        let generator = Generator(openssl: openssl, directory: dir)
        do throws(EtcdTestSupportError) {
            let ca = try generator.selfSigned("ca", commonName: "etcd3-test-ca")
            let server = try generator.issued(
                "server",
                by: "ca",
                commonName: "localhost",
                extensions: serverExtensions(san: "IP:127.0.0.1,DNS:localhost")
            )
            let client = try generator.issued(
                "client",
                by: "ca",
                commonName: clientCommonName,
                extensions: "extendedKeyUsage=clientAuth\nkeyUsage=critical,digitalSignature\n"
            )
            let expired = try generator.issued(
                "client-expired",
                by: "ca",
                commonName: "expired",
                extensions: "extendedKeyUsage=clientAuth\nkeyUsage=critical,digitalSignature\n",
                days: -1
            )
            let wrongName = try generator.issued(
                "server-wrong-name",
                by: "ca",
                commonName: "wrong.invalid",
                extensions: serverExtensions(san: "DNS:wrong.invalid,IP:10.255.255.1")
            )
            let untrustedCA = try generator.selfSigned("untrusted-ca", commonName: "etcd3-untrusted-ca")
            let untrustedServer = try generator.issued(
                "untrusted-server",
                by: "untrusted-ca",
                commonName: "localhost",
                extensions: serverExtensions(san: "IP:127.0.0.1,DNS:localhost")
            )
            return EtcdTLSMaterial(
                directory: dir,
                ca: ca,
                server: server,
                client: client,
                clientCommonName: clientCommonName,
                expiredClient: expired,
                wrongNameServer: wrongName,
                untrustedCA: untrustedCA,
                untrustedServer: untrustedServer
            )
        } catch {
            if directory == nil { try? FileManager.default.removeItem(atPath: dir) }
            throw error
        }
    }

    /// Deletes ``directory`` and everything in it.
    public func remove() {
        try? FileManager.default.removeItem(atPath: directory)
    }

    private static func serverExtensions(san: String) -> String {
        "subjectAltName=\(san)\nextendedKeyUsage=serverAuth,clientAuth\n"
            + "keyUsage=critical,digitalSignature,keyEncipherment\n"
    }

    private struct Generator {
        let openssl: String
        let directory: String

        private func path(_ name: String, _ ext: String) -> String { "\(directory)/\(name).\(ext)" }

        private func newKeyArguments(_ name: String) -> [String] {
            ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", path(name, "key")]
        }

        func selfSigned(_ name: String, commonName: String) throws(EtcdTestSupportError) -> EtcdCertificateFiles {
            try ChildProcess.runChecked(
                openssl,
                ["req", "-x509"] + newKeyArguments(name) + [
                    "-out", path(name, "crt"), "-days", "3650", "-subj", "/CN=\(commonName)",
                    "-addext", "basicConstraints=critical,CA:TRUE",
                    "-addext", "keyUsage=critical,keyCertSign,cRLSign,digitalSignature",
                ]
            )
            chmod(path(name, "key"), 0o600)
            return try EtcdCertificateFiles(certificatePath: path(name, "crt"), keyPath: path(name, "key"))
        }

        func issued(
            _ name: String,
            by issuer: String,
            commonName: String,
            extensions: String,
            days: Int = 825
        ) throws(EtcdTestSupportError) -> EtcdCertificateFiles {
            try ChildProcess.runChecked(
                openssl,
                ["req"] + newKeyArguments(name) + ["-out", path(name, "csr"), "-subj", "/CN=\(commonName)"]
            )
            let extFile = path(name, "ext")
            try writeFile(extFile, Array(extensions.utf8))
            try ChildProcess.runChecked(
                openssl,
                [
                    "x509", "-req", "-in", path(name, "csr"), "-CA", path(issuer, "crt"), "-CAkey", path(issuer, "key"),
                    "-set_serial", String(UInt32.random(in: 1...UInt32.max)), "-out", path(name, "crt"),
                    "-days", String(days), "-sha256", "-extfile", extFile,
                ]
            )
            chmod(path(name, "key"), 0o600)
            return try EtcdCertificateFiles(certificatePath: path(name, "crt"), keyPath: path(name, "key"))
        }
    }
}

func readFile(_ path: String) throws(EtcdTestSupportError) -> [UInt8] {
    guard let data = FileManager.default.contents(atPath: path) else {
        throw EtcdTestSupportError(.commandFailed, "cannot read \(path)")
    }
    return Array(data)
}

func writeFile(_ path: String, _ bytes: [UInt8]) throws(EtcdTestSupportError) {
    guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else {
        throw EtcdTestSupportError(.commandFailed, "cannot write \(path)")
    }
}

/// Creates a fresh directory `<tmp>/<prefix>-XXXXXX` with mode 0700.
func makeTemporaryDirectory(prefix: String) throws(EtcdTestSupportError) -> String {
    var base = NSTemporaryDirectory()
    while base.count > 1 && base.hasSuffix("/") { base.removeLast() }
    var template = Array("\(base)/\(prefix)-XXXXXX".utf8CString)
    let result = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
    guard result != nil else {
        throw EtcdTestSupportError(.commandFailed, "mkdtemp in \(base): \(String(cString: strerror(errno)))")
    }
    return template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
}
