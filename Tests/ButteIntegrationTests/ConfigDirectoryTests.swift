// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import Foundation
import Testing

@testable import ButteTesting

/// Config directories at their real paths (`/etc/mesos-agent/`, `/etc/mesos/zk`), seen by `butte`
/// through an overlay on /etc in a private mount namespace, so the host's /etc stays untouched.
@Suite(.tags(.privileged), .enabled(if: TestEnvironment.privilegedTestsEnabled))
struct ConfigDirectoryTests {
    @Test("flags come from /etc/mesos-agent files and /etc/mesos/zk, below the environment")
    func agentReadsConfigDirectory() async throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("butte-etc-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let etc = scratch.appendingPathComponent("upper")
        let files = [
            "mesos-agent/containerizers": "docker,mesos\n",
            "mesos-agent/work_dir": "/var/lib/butte-test\n",
            "mesos-agent/?no-strict": "",
            "mesos-agent/attributes/rack": "r1\n",
            "mesos-agent/port": "5999\n",
            "mesos/zk": "zk://127.0.0.1:2181/mesos\n",
        ]
        for (path, content) in files {
            let file = etc.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try content.write(to: file, atomically: false, encoding: .utf8)
        }
        let work = scratch.appendingPathComponent("work")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)

        let script = """
            mount -t overlay overlay -o lowerdir=/etc,upperdir=\(etc.path),workdir=\(work.path) /etc || exit 99
            MESOS_PORT=5888 exec \(TestEnvironment.butteExecutable.path) agent
            """
        let output = try await Probe.runProcess("/usr/bin/unshare", ["--mount", "--propagation", "private", "/bin/sh", "-c", script], timeout: 60)
        #expect(output.termination == .exited(3), "\(output)")
        let startup = try #require(output.stderrText.split(separator: "\n").first { $0.hasPrefix("Flags at startup:") })
        #expect(startup.contains(#"--containerizers="docker,mesos""#))
        #expect(startup.contains(#"--work_dir="/var/lib/butte-test""#))
        #expect(startup.contains(#"--strict="false""#))
        #expect(startup.contains(#"--attributes="rack:r1""#))
        #expect(startup.contains(#"--master="zk://127.0.0.1:2181/mesos""#))
        // The environment outranks the config directory.
        #expect(startup.contains(#"--port="5888""#))
    }
}
