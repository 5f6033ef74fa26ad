// swift-tools-version:6.2
import PackageDescription

let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "evalctl",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "evalctl", targets: ["evalctl"]),
        .library(name: "EvalKit", targets: ["EvalKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.5.3"),
    ],
    targets: [
        .target(
            name: "EvalKit",
            dependencies: [
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "evalctl",
            dependencies: [
                "EvalKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        // A scriptable HTTP server speaking the OpenAI wire format, for tests and benchmarks.
        .target(name: "EvalStub", swiftSettings: strictSettings),
        .executableTarget(
            name: "evalctl-stub",
            dependencies: ["EvalStub"],
            path: "Sources/evalctl-stub",
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "EvalKitTests",
            dependencies: ["EvalKit", "EvalStub"],
            path: "Tests/EvalKitTests",
            swiftSettings: strictSettings
        ),
    ]
)
