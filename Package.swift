// swift-tools-version: 6.1
import PackageDescription

/// Settings every Swift target shares: Swift 6 mode is the package default; these add the
/// upcoming-feature checks the style guide asks for.
let strictSwift: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "MemLayer",
    products: [
        .library(name: "MemLayer", targets: ["MemLayer"]),
        .library(name: "MemLayerTesting", targets: ["MemLayerTesting"]),
        .library(name: "MemLayerPostgres", targets: ["MemLayerPostgres"]),
        .executable(name: "memlayer", targets: ["memlayer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // The official MCP SDK, used only by the `memlayer mcp` server (never by the library).
        .package(url: "https://github.com/modelcontextprotocol/swift-sdk", exact: "0.12.1"),
        // The library logs through swift-log (the host app chooses the handler); the SDK uses it too.
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
    ],
    targets: [
        // System libraries: thin shims, installed from Debian's packages.
        .systemLibrary(
            name: "CSQLite", path: "CSources/CSQLite", pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(
            name: "CCurl", path: "CSources/CCurl", pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(
            name: "CLibPQ", path: "CSources/CLibPQ", pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]),

        // Our C: OpenBLAS loaded on first use (dlopen), so a process that never multiplies with it
        // (every search on an AVX2 CPU) does not map it or start its threads.
        .target(name: "CLazyBLAS", path: "CSources/CLazyBLAS"),
        // Our C: the vector kernel (search hot path).
        .target(
            name: "CMemVec", dependencies: ["CSQLite", "CLazyBLAS"], path: "CSources/CMemVec"),
        // Our C: the built-in MiniLM sentence encoder.
        .target(name: "CMiniLM", dependencies: ["CLazyBLAS"], path: "CSources/CMiniLM"),

        // The library in layers, each a target so an arrow pointing up does not compile; what
        // crosses a layer is `package`. Users import `MemLayer`, which re-exports the others.
        // HTTP over libcurl: streaming, timeouts, retries, secret redaction.
        .target(
            name: "MemLayerHTTP",
            dependencies: ["CCurl", .product(name: "Logging", package: "swift-log")],
            path: "Sources/MemLayerHTTP",
            swiftSettings: strictSwift),
        // The store: its vocabulary (memories, the extraction write model, errors), the SQLite
        // store and its in-memory vector index.
        .target(
            name: "MemLayerStore",
            dependencies: ["CSQLite", "CMemVec", .product(name: "Logging", package: "swift-log")],
            path: "Sources/MemLayerStore",
            swiftSettings: strictSwift),
        // Remote and built-in services, one folder per vendor: chat providers and embedders.
        .target(
            name: "MemLayerServices",
            dependencies: [
                "MemLayerHTTP", "MemLayerStore", "CMiniLM", .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/MemLayerServices",
            swiftSettings: strictSwift),
        // The product: the memory engine and the chat client.
        .target(
            name: "MemLayer",
            dependencies: [
                "MemLayerHTTP", "MemLayerStore", "MemLayerServices", .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/MemLayer",
            swiftSettings: strictSwift),
        // Test doubles that speak real protocols over loopback sockets, shipped for users' tests too.
        .target(
            name: "MemLayerTesting",
            dependencies: ["MemLayer"],
            path: "Sources/MemLayerTesting",
            swiftSettings: strictSwift),
        // `memlayer mcp`: the memory as a Model Context Protocol server. Only the executable uses it,
        // so apps that link the library never build the SDK.
        .target(
            name: "MemLayerMCP",
            dependencies: [
                "MemLayer",
                .product(name: "MCP", package: "swift-sdk"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/MemLayerMCP",
            swiftSettings: strictSwift),
        .executableTarget(
            name: "memlayer",
            dependencies: [
                "MemLayer", "MemLayerMCP", "MemLayerPostgres",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/memlayer",
            swiftSettings: strictSwift),
        // The PostgreSQL + pgvector store's layer (libpq): its own product, so SQLite-only users never build it.
        .target(
            name: "MemLayerPostgres", dependencies: ["CLibPQ", "MemLayerStore"], path: "Sources/MemLayerPostgres",
            swiftSettings: strictSwift),
        // PostgreSQL import and search timings (Benchmarks/run-postgres-import.sh, run-postgres-search.sh).
        .executableTarget(
            name: "memlayer-bench-postgres", dependencies: ["MemLayerPostgres"],
            path: "Benchmarks/PostgresBenchmarks",
            swiftSettings: strictSwift),
        // Search and load timings against the bandwidth floor and peers (Benchmarks/run.sh).
        .executableTarget(
            name: "memlayer-bench",
            dependencies: ["CMemVec", "CSQLite"],
            path: "Benchmarks/MemLayerBenchmarks",
            swiftSettings: strictSwift),

        // Benchmarks (release builds; see Benchmarks/run-pipeline.sh).
        .executableTarget(
            name: "memlayer-bench-pipeline",
            dependencies: ["MemLayer", "MemLayerTesting", "CMemVec", "CSQLite"],
            path: "Benchmarks/PipelineBenchmarks",
            swiftSettings: strictSwift),

        // Evidence recall on the conversation development set (see Benchmarks/run-retrieval.sh).
        .executableTarget(
            name: "memlayer-bench-retrieval",
            dependencies: ["MemLayer", "CSQLite"],
            path: "Benchmarks/RetrievalBenchmarks",
            swiftSettings: strictSwift),

        // Cold start, batch embedding and large-store opens (Benchmarks/run-edge.sh).
        .executableTarget(
            name: "memlayer-bench-edge",
            dependencies: ["MemLayer"],
            path: "Benchmarks/EdgeBenchmarks",
            swiftSettings: strictSwift),

        // SQLite against PostgreSQL on the same memories: search rounds, import (Benchmarks/run-stores.sh).
        .executableTarget(
            name: "memlayer-bench-stores",
            dependencies: ["MemLayer", "MemLayerStore", "MemLayerPostgres"],
            path: "Benchmarks/StoreBenchmarks",
            swiftSettings: strictSwift),

        .testTarget(
            name: "CMemVecTests", dependencies: ["CMemVec", "CSQLite"], path: "Tests/CMemVecTests",
            swiftSettings: strictSwift),
        .testTarget(
            name: "MemLayerTests",
            dependencies: [
                "MemLayer", "MemLayerHTTP", "MemLayerStore", "MemLayerServices", "MemLayerTesting", "CSQLite", .product(name: "Logging", package: "swift-log"),
                .product(name: "InMemoryLogging", package: "swift-log"),
            ],
            path: "Tests/MemLayerTests",
            exclude: ["Fixtures"],
            swiftSettings: strictSwift),
        .testTarget(
            name: "MemLayerMCPTests",
            dependencies: ["MemLayerMCP", "MemLayer", .product(name: "MCP", package: "swift-sdk")],
            path: "Tests/MemLayerMCPTests",
            swiftSettings: strictSwift),
        // Needs a real server: scripts/test-postgres.sh starts one and sets MEMLAYER_TEST_POSTGRES_URL.
        .testTarget(
            name: "MemLayerPostgresTests",
            dependencies: ["MemLayerPostgres", "MemLayer", "MemLayerTesting", "memlayer-postgres-queue-worker"],
            path: "Tests/MemLayerPostgresTests",
            swiftSettings: strictSwift),
        // The store protocol's contract, run on SQLite and (with MEMLAYER_TEST_POSTGRES_URL) PostgreSQL.
        .testTarget(
            name: "MemLayerStoreConformanceTests", dependencies: ["MemLayerStore", "MemLayerPostgres"],
            path: "Tests/MemLayerStoreConformanceTests",
            swiftSettings: strictSwift),
        // A queue worker as a separate process, which MemLayerPostgresTests runs several of and kills.
        .executableTarget(
            name: "memlayer-postgres-queue-worker", dependencies: ["MemLayerPostgres", "MemLayerStore"],
            path: "Tests/MemLayerPostgresQueueWorker",
            swiftSettings: strictSwift),
        .testTarget(
            name: "memlayerTests", dependencies: ["memlayer", "MemLayerTesting", "CSQLite", "MemLayerPostgres"],
            path: "Tests/memlayerTests",
            swiftSettings: strictSwift),
    ]
)
