// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import Foundation
import Testing

extension Tag {
    /// Tests that need root and real kernel features (namespaces, mounts, overlayfs).
    @Tag public static var privileged: Self
    /// Tests that need a real cgroup v2 hierarchy with controllers; they run inside `scripts/vm-test`.
    @Tag public static var vm: Self
    /// Tests that start real servers (ZooKeeper, a registry) on 127.0.0.1.
    @Tag public static var services: Self
}

/// What the machine running the tests offers, as `scripts/test` and `scripts/vm-test` announce it.
public enum TestEnvironment {
    /// True when privileged tests were asked for (`BUTTE_PRIVILEGED_TESTS=1`) and the process is root.
    ///
    /// A plain `swift test` leaves them off, so unit runs pass unprivileged on any Linux machine.
    public static var privilegedTestsEnabled: Bool {
        getuid() == 0 && ProcessInfo.processInfo.environment["BUTTE_PRIVILEGED_TESTS"] == "1"
    }

    /// True inside the qemu guest of `scripts/vm-test`, which has a cgroup v2 hierarchy with controllers.
    public static var vmTestsEnabled: Bool {
        getuid() == 0 && ProcessInfo.processInfo.environment["BUTTE_VM_TESTS"] == "1"
    }

    /// The repository checkout the tests were built from.
    public static let repositoryRoot: URL = {
        // This file lives at <root>/Sources/ButteTesting/TestEnvironment.swift.
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()
            .deletingLastPathComponent()
            .deletingLastPathComponent()
    }()

    /// The `butte` executable built alongside the test binary (`swift build --build-tests` builds both).
    public static var butteExecutable: URL {
        let testBinary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        return testBinary.deletingLastPathComponent().appendingPathComponent("butte")
    }
}
