// swift-tools-version: 6.0
// Butte: a cluster manager for Linux hosts (master, agent, app scheduler, container runtime).

import PackageDescription

let strictSwift: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny")
]

let package = Package(
    name: "butte",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "butte", targets: ["butte"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/adam-fowler/compress-nio", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
    ],
    targets: [
        // C: what Swift cannot do or must not do (libseccomp and libcap, parent side only).
        .target(
            name: "CSeccomp",
            path: "CShims/CSeccomp",
            linkerSettings: [.linkedLibrary("seccomp")]
        ),
        .target(
            name: "CCap",
            path: "CShims/CCap",
            linkerSettings: [.linkedLibrary("cap")]
        ),
        // The system libzstd, for zstd-compressed layers.
        .systemLibrary(name: "CZstd", path: "CShims/CZstd"),
        // The child side of a container launch: raw syscalls only, between clone3 and execve.
        .target(name: "CSpawn", path: "CShims/CSpawn"),
        // Missing wrappers and what Swift cannot do itself (variadic calls, signal handlers).
        .target(name: "CLinux", path: "CShims/CLinux"),

        // Values.
        .target(name: "ButteCore", swiftSettings: strictSwift),
        .target(
            name: "ButteOCI",
            dependencies: ["ButteCore", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strictSwift
        ),
        .target(name: "ButteProtocol", dependencies: ["ButteCore"], swiftSettings: strictSwift),

        // OS and clients.
        .target(
            name: "ButteLinux",
            dependencies: ["ButteCore", "CCap", "CSpawn", "CLinux", .product(name: "SystemPackage", package: "swift-system")],
            swiftSettings: strictSwift
        ),
        .target(name: "ButteSeccomp", dependencies: ["ButteCore", "ButteLinux", "CSeccomp"], swiftSettings: strictSwift),
        .target(
            name: "ButteZooKeeper",
            dependencies: [
                "ButteCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictSwift
        ),
        .target(
            name: "ButteHTTP",
            dependencies: [
                "ButteCore",
                "ButteProtocol",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSwift
        ),
        .target(
            name: "ButteCgroup",
            dependencies: ["ButteCore", "ButteLinux", .product(name: "SystemPackage", package: "swift-system")],
            swiftSettings: strictSwift
        ),
        .target(
            name: "ButteImage",
            dependencies: [
                "ButteCore",
                "ButteOCI",
                "CZstd",
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: strictSwift
        ),

        // Subsystems.
        .target(
            name: "ButteContainerizer",
            dependencies: ["ButteCore", "ButteLinux", "ButteCgroup", "ButteSeccomp"],
            swiftSettings: strictSwift
        ),

        .target(
            name: "ButteMaster",
            dependencies: [
                "ButteCore",
                "ButteProtocol",
                "ButteHTTP",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSwift
        ),

        .target(
            name: "ButteAgent",
            dependencies: [
                "ButteCore",
                "ButteProtocol",
                "ButteContainerizer",
                "ButteCgroup",
                "ButteImage",
                "ButteOCI",
                "ButteHTTP",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSwift
        ),

        .target(
            name: "ButteScheduler",
            dependencies: [
                "ButteCore",
                "ButteProtocol",
                "ButteHTTP",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSwift
        ),
        // Times the master's allocator (scripts/bench/master-allocator).
        .executableTarget(
            name: "ButteAllocatorBenchmark",
            dependencies: ["ButteCore", "ButteProtocol", "ButteMaster"],
            swiftSettings: strictSwift
        ),

        // Times container starts through the Launcher (scripts/bench/container-start).
        .executableTarget(
            name: "ButteLaunchBenchmark",
            dependencies: ["ButteContainerizer", "ButteLinux"],
            swiftSettings: strictSwift
        ),

        // The one executable.
        .executableTarget(
            name: "butte",
            dependencies: [
                "ButteCore", "ButteLinux", "ButteSeccomp", "ButteCgroup", "ButteContainerizer", "ButteHTTP", "ButteMaster", "ButteScheduler",
                "ButteOCI", "ButteImage", "ButteAgent",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSwift
        ),

        // Tests.
        .target(name: "ButteTesting", dependencies: ["ButteCore"], swiftSettings: strictSwift),
        .testTarget(name: "ButteCoreTests", dependencies: ["ButteCore", "ButteTesting"], swiftSettings: strictSwift),
        .testTarget(name: "ButteProtocolTests", dependencies: ["ButteProtocol", "ButteTesting"], swiftSettings: strictSwift),
        .testTarget(name: "ButteOCITests", dependencies: ["ButteOCI", "ButteTesting"], swiftSettings: strictSwift),
        .testTarget(name: "ButteLinuxTests", dependencies: ["ButteLinux", "ButteTesting"], swiftSettings: strictSwift),
        .testTarget(name: "ButteSeccompTests", dependencies: ["ButteSeccomp", "ButteTesting"], swiftSettings: strictSwift),
        .testTarget(name: "ButteCgroupTests", dependencies: ["ButteCgroup", "ButteTesting"], swiftSettings: strictSwift),
        .testTarget(name: "ButteContainerizerTests", dependencies: ["ButteContainerizer", "ButteTesting"], swiftSettings: strictSwift),
        .testTarget(name: "ButteZooKeeperTests", dependencies: ["ButteZooKeeper", "ButteTesting"], swiftSettings: strictSwift),
        .testTarget(
            name: "ButteHTTPTests",
            dependencies: ["ButteHTTP", "ButteProtocol", "ButteTesting", .product(name: "Hummingbird", package: "hummingbird")],
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "ButteMasterTests",
            dependencies: [
                "ButteMaster", "ButteHTTP", "ButteProtocol", "ButteCore", "ButteTesting",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "ButteSchedulerTests",
            dependencies: [
                "ButteScheduler", "ButteProtocol", "ButteTesting",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "ButteImageTests",
            dependencies: [
                "ButteImage", "ButteOCI", "ButteTesting",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "ButteAgentTests",
            dependencies: [
                "ButteAgent", "ButteMaster", "ButteProtocol", "ButteCore", "ButteImage", "ButteTesting",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "ButteIntegrationTests",
            dependencies: [
                "ButteCore", "ButteLinux", "ButteSeccomp", "ButteCgroup", "ButteContainerizer", "ButteImage", "ButteOCI", "ButteTesting",
                "ButteZooKeeper",
            ],
            swiftSettings: strictSwift
        ),
    ]
)
