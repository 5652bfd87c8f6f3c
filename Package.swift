// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Tollgate",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "tollgate", targets: ["tollgate"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        // Already under Hummingbird; named for the decision lane's NIO handler (Sidecar).
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
    ],
    targets: [
        .systemLibrary(name: "CJansson", pkgConfig: "jansson",
                       providers: [.apt(["libjansson-dev"])]),
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3",
                       providers: [.apt(["libsqlite3-dev"])]),
        // Zstandard, for the decision log's stored chunks.
        .systemLibrary(name: "CZstd", pkgConfig: "libzstd",
                       providers: [.apt(["libzstd-dev"])]),
        // Release builds skip the runtime exclusivity checks in the evaluation hot path (each
        // access to a class property or global paid for one; the code is single-threaded per
        // evaluation and the compile-time checks still apply).
        .target(name: "RegoValue", dependencies: ["CJansson", "CSHA256"],
                swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]),
        .target(name: "RegoSyntax", dependencies: ["RegoValue"]),
        .target(name: "RegoEngine", dependencies: ["RegoSyntax", "RegoValue", "Yams"],
                // The optimizer's closure specializer explodes on the evaluator's mutually recursive
                // continuation-passing functions (a release build did not finish in 20 minutes;
                // with this pass off it takes under a minute).
                swiftSettings: [.unsafeFlags(["-Xllvm", "-sil-disable-pass=closure-specialize", "-enforce-exclusivity=unchecked"], .when(configuration: .release))]),
        .target(name: "DataStore", dependencies: ["RegoValue", "CSQLite", "Yams"]),
        // SHA-256 with the CPU's SHA instructions, for the decision log's hash chain.
        .target(name: "CSHA256"),
        // A SQLite VFS whose file work offers the core now and then, for the decision log's thread.
        .target(name: "CSQLiteTurns", dependencies: ["CSQLite"]),
        .target(name: "DecisionLog", dependencies: ["RegoValue", "CSQLite", "DataStore", "CSQLiteTurns", "CZstd"]),
        // Codecs, pipeline definitions, the SQLite connector and the HTTP connector's resilience.
        // RegoEngine for the `tollgate.*` codec builtins, DataStore for its SQLite wrapper; the
        // HTTP transport itself (AsyncHTTPClient) lives in Sidecar, so these tests build fast.
        .target(name: "Integration", dependencies: ["RegoValue", "RegoEngine", "CSQLite", "DataStore", "Yams"]),
        .target(name: "Sidecar", dependencies: [
            "RegoEngine", "RegoSyntax", "RegoValue", "DataStore", "DecisionLog", "Integration", "Yams",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdCore", package: "hummingbird"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
            .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .target(name: "TollgateCLI", dependencies: [
            "RegoEngine", "RegoSyntax", "RegoValue", "Yams", "DataStore", "DecisionLog", "Integration", "Sidecar",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // Release builds link the Swift runtime and Foundation statically: about 4 MB less resident
        // memory and no dynamic symbol lookups at start (BENCHMARKS-HISTORY.md, start-up and memory).
        .executableTarget(name: "tollgate", dependencies: ["TollgateCLI"],
                          linkerSettings: [.unsafeFlags(TollgateBuild.staticStdlib, .when(configuration: .release))]),
        // The server benchmark's reference: a bare Hummingbird route (bench/server_vs_bare.sh).
        .executableTarget(name: "tollgate-bare-route", dependencies: [.product(name: "Hummingbird", package: "hummingbird")],
                          path: "bench/BareRoute",
                          linkerSettings: [.unsafeFlags(TollgateBuild.staticStdlib, .when(configuration: .release))]),
        .testTarget(name: "RegoValueTests", dependencies: ["RegoValue"]),
        .testTarget(name: "RegoSyntaxTests", dependencies: ["RegoSyntax", "RegoValue", "Yams"]),
        .testTarget(name: "RegoEngineTests", dependencies: ["RegoEngine", "RegoSyntax", "RegoValue", "Yams"],
                    exclude: ["Conformance/passing.txt"]),
        .testTarget(name: "DataStoreTests", dependencies: ["DataStore", "RegoValue"]),
        .testTarget(name: "DecisionLogTests", dependencies: ["DecisionLog", "RegoValue"]),
        .testTarget(name: "IntegrationTests", dependencies: ["Integration", "RegoEngine", "RegoSyntax", "RegoValue", "DataStore", "Yams"]),
        .testTarget(name: "SidecarTests", dependencies: [
            "Sidecar", "DataStore", "RegoValue", "Integration", "DecisionLog",
            .product(name: "HummingbirdTesting", package: "hummingbird"),
            .product(name: "NIOEmbedded", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
        ]),
        .testTarget(name: "TollgateCLITests", dependencies: ["TollgateCLI", "RegoValue", "DecisionLog", "DataStore"]),
    ]
)

/// Linker flags for the release executables: the Swift runtime and Foundation linked statically
/// (SwiftPM's `--static-swift-stdlib`, for these targets only, so that `swift build -c release`
/// and `swift run -c release` need no extra option), by lld with packed relative relocations: the
/// executable stays position-independent, but its 3 MB relocation table shrinks to 24 KB, which the
/// loader no longer reads into memory at every start (BENCHMARKS-HISTORY.md, start-up and memory).
enum TollgateBuild {
    static let staticStdlib = ["-static-stdlib", "-use-ld=lld", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs",
                               "-Xlinker", "--start-group"]
        + ["CoreFoundation", "_FoundationICU", "_FoundationCShims", "_FoundationCollections", "swiftSynchronization"]
            .flatMap { ["-Xlinker", "-l\($0)"] }
        + ["-Xlinker", "--end-group"]
}
