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
            name: "ButteCgroup",
            dependencies: ["ButteCore", "ButteLinux", .product(name: "SystemPackage", package: "swift-system")],
            swiftSettings: strictSwift
        ),
        .target(
            name: "ButteImage",
            dependencies: [
                "ButteCore",
                "ButteOCI",
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "CompressNIO", package: "compress-nio"),
            ],
            swiftSettings: strictSwift
        ),

        // Subsystems.
        .target(
            name: "ButteContainerizer",
            dependencies: ["ButteCore", "ButteLinux", "ButteCgroup", "ButteSeccomp"],
            swiftSettings: strictSwift
        ),

        // The one executable.
        .executableTarget(
            name: "butte",
            dependencies: [
                "ButteCore", "ButteLinux", "ButteSeccomp", "ButteCgroup", "ButteContainerizer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
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
        .testTarget(name: "ButteImageTests", dependencies: ["ButteImage", "ButteTesting"], swiftSettings: strictSwift),
        .testTarget(
            name: "ButteIntegrationTests",
            dependencies: [
                "ButteCore", "ButteLinux", "ButteSeccomp", "ButteCgroup", "ButteContainerizer", "ButteImage", "ButteOCI", "ButteTesting",
            ],
            swiftSettings: strictSwift
        ),
    ]
)
