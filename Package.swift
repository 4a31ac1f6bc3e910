// swift-tools-version:6.1
import PackageDescription

// Module map (see Docs/Architecture.md):
//   CEtcd3NGHTTP2, CEtcd3OpenSSL, CEtcd3ProtobufC  system libraries and their shims
//   CEtcd3Protos                                   protoc-c output (generated, committed)
//   Etcd3Messages                                  Swift message types + C bridging (generated, committed)
//   Etcd3Transport                                 HTTP/2 over nghttp2 + OpenSSL, gRPC calls, I/O thread
//   Etcd3                                          the public client
//   Etcd3Codable                                   typed (Codable) values; the one module on Foundation
//   Etcd3TestSupport                               real etcd servers, clusters, fault proxy, for tests
//   Etcd3Metrics, Etcd3Tracing                     swift-metrics and swift-distributed-tracing
//                                                  observers (Docs/Observability.md)
//   Etcd3DocSnippets                               the documentation's code blocks, compiled
//                                                  (generated, committed; Docs/Codegen.md)
let package = Package(
    name: "Etcd3",
    // Linux only: the transport's I/O thread is built on epoll and eventfd (Docs/Transport.md),
    // so no Apple platform is declared; Etcd3Transport stops with an error on any other system.
    products: [
        .library(name: "Etcd3", targets: ["Etcd3"]),
        .library(name: "Etcd3Codable", targets: ["Etcd3Codable"]),
        .library(name: "Etcd3TestSupport", targets: ["Etcd3TestSupport"]),
        .library(name: "Etcd3Metrics", targets: ["Etcd3Metrics"]),
        .library(name: "Etcd3Tracing", targets: ["Etcd3Tracing"]),
        .executable(name: "etcd3-demo", targets: ["etcd3-demo"]),
        .executable(name: "etcd3-service-registry", targets: ["etcd3-service-registry"]),
        .executable(name: "etcd3-leader-election", targets: ["etcd3-leader-election"]),
        .executable(name: "etcd3-bench", targets: ["etcd3-bench"]),
        .executable(name: "etcd3ctl", targets: ["etcd3ctl"]),
        .executable(name: "etcd3-service", targets: ["etcd3-service"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-log.git", from: "1.6.0"),
        // `Etcd3Client: Service`, so ServiceGroup runs and shuts down the client.
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.6.0"),
        // Only the etcd3ctl example uses it; the library and test support do not.
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        // `swift package generate-documentation --target Etcd3` (Sources/Etcd3/Etcd3.docc).
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
        // Only the Etcd3Metrics and Etcd3Tracing adapters use them; the core does not.
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-distributed-tracing.git", from: "1.3.0"),  // InMemoryTracing (tests)
    ],
    targets: [
        .systemLibrary(
            name: "CEtcd3NGHTTP2",
            pkgConfig: "libnghttp2",
            providers: [.apt(["libnghttp2-dev"]), .brew(["nghttp2"])]
        ),
        .systemLibrary(
            name: "CEtcd3OpenSSL",
            pkgConfig: "openssl",
            providers: [.apt(["libssl-dev"]), .brew(["openssl"])]
        ),
        .systemLibrary(
            name: "CEtcd3ProtobufC",
            pkgConfig: "libprotobuf-c",
            providers: [.apt(["libprotobuf-c-dev"]), .brew(["protobuf-c"])]
        ),
        .target(
            name: "CEtcd3Protos",
            dependencies: ["CEtcd3ProtobufC"]
        ),
        .target(
            name: "Etcd3Messages",
            dependencies: ["CEtcd3Protos", "CEtcd3ProtobufC"]
        ),
        .target(
            name: "Etcd3Transport",
            dependencies: [
                "CEtcd3NGHTTP2",
                "CEtcd3OpenSSL",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "Etcd3",
            dependencies: [
                "CEtcd3Protos",
                "CEtcd3ProtobufC",
                "Etcd3Messages",
                "Etcd3Transport",
                "CEtcd3OpenSSL",  // SHA-256 of snapshots
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            // Nonisolated async functions run on their caller's executor: no hop to the
            // generic executor at every internal call (Docs/Architecture.md).
            swiftSettings: [.enableUpcomingFeature("NonisolatedNonsendingByDefault")]
        ),
        // Typed values through Foundation's coders, in a module of their own so that the client
        // does not depend on Foundation (Docs/Codable.md).
        .target(name: "Etcd3Codable", dependencies: ["Etcd3"]),
        .target(
            name: "Etcd3Metrics",
            dependencies: ["Etcd3", .product(name: "Metrics", package: "swift-metrics")]
        ),
        .target(
            name: "Etcd3Tracing",
            dependencies: ["Etcd3", .product(name: "Tracing", package: "swift-distributed-tracing")]
        ),
        .target(
            name: "Etcd3TestSupport",
            dependencies: ["Etcd3"]
        ),
        .executableTarget(
            name: "etcd3-demo",
            dependencies: ["Etcd3", "Etcd3TestSupport"],
            path: "Sources/Examples/Demo"
        ),
        .executableTarget(
            name: "etcd3-service-registry",
            dependencies: ["Etcd3", "Etcd3TestSupport"],
            path: "Sources/Examples/ServiceRegistry"
        ),
        .executableTarget(
            name: "etcd3-leader-election",
            dependencies: ["Etcd3", "Etcd3TestSupport"],
            path: "Sources/Examples/LeaderElection"
        ),
        .executableTarget(
            name: "etcd3-bench",
            dependencies: ["Etcd3", "Etcd3Metrics", "Etcd3Tracing"]
        ),
        .executableTarget(
            name: "etcd3ctl",
            dependencies: ["Etcd3", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Sources/Examples/Etcd3ctl"
        ),
        .executableTarget(
            name: "etcd3-service",
            dependencies: [
                "Etcd3",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Sources/Examples/Service"
        ),
        // Every ```swift block of the DocC articles, Docs/*.md and README.md, copied by
        // Scripts/doc-snippets.sh (Docs/Codegen.md): compiled so that the documentation keeps
        // building; nothing links or runs it.
        .target(
            name: "Etcd3DocSnippets",
            dependencies: [
                "Etcd3", "Etcd3Codable", "Etcd3Metrics", "Etcd3Tracing", "Etcd3TestSupport", "Etcd3Messages",
                "Etcd3Transport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Sources/Examples/DocSnippets"
        ),
        // Fuzz harnesses (Docs/Fuzzing.md): compiled here so that they keep building; only
        // Scripts/fuzz.sh links them, with libFuzzer and the sanitizers.
        .target(
            name: "Etcd3Fuzz",
            dependencies: [
                "Etcd3", "Etcd3Messages", "Etcd3Transport", .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/Fuzz/Harness"
        ),
        .testTarget(name: "Etcd3MessagesTests", dependencies: ["Etcd3Messages"]),
        .testTarget(name: "Etcd3TransportTests", dependencies: ["Etcd3Transport", "Etcd3TestSupport"]),
        .testTarget(name: "Etcd3TestSupportTests", dependencies: ["Etcd3TestSupport"]),
        // Runs the built etcd3ctl binary (a sibling of the test bundle) next to Debian's etcdctl.
        .testTarget(name: "Etcd3ctlTests", dependencies: ["Etcd3TestSupport"]),
        .testTarget(
            name: "Etcd3Tests",
            dependencies: [
                "Etcd3", "Etcd3Codable", "Etcd3Metrics", "Etcd3Tracing", "Etcd3Transport", "Etcd3TestSupport",
                .product(name: "MetricsTestKit", package: "swift-metrics"),
                .product(name: "InMemoryTracing", package: "swift-distributed-tracing"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
    ]
)
