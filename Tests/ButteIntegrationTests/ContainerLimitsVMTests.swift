// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteCgroup
import ButteContainerizer
import ButteLinux
import ButteTesting
import Foundation
import Testing

/// `butte run` and the ``Launcher`` on the real cgroup v2 hierarchy of the `scripts/vm-test` guest: the
/// container starts inside its leaf, and memory, pids and cpu limits hold.
@Suite(.tags(.vm), .enabled(if: TestEnvironment.vmTestsEnabled), .serialized)
struct ContainerLimitsVMTests {
    func butte(_ arguments: [String]) async throws -> ProbeOutput {
        try await Probe.runProcess(TestEnvironment.butteExecutable.path, ["run"] + arguments, timeout: 120)
    }

    func rootfs() async throws -> String { try await Probe.rootfs().path }

    /// A container name of this test's own, so that other suites running meanwhile do not matter.
    func uniqueName() -> String { "vm-\(UUID().uuidString.lowercased().prefix(13))" }

    /// Whether `butte run`'s leaf for container `name` exists under /sys/fs/cgroup/butte.
    func leafExists(_ name: String) -> Bool {
        FileManager.default.fileExists(atPath: "/sys/fs/cgroup/butte/\(name)")
    }

    @Test("a memory hog beyond --mem is OOM-killed: exit 137 and a sentence saying so")
    func memoryLimit() async throws {
        let name = uniqueName()
        let output = try await butte(["--name", name, "--rootfs", try await rootfs(), "--mem", "32", "--", "/bin/probe", "alloc", "256"])
        #expect(output.termination == .exited(137), "\(output)")
        #expect(output.stderrText.contains("butte: the container ran out of memory (limit 32 MB) and was killed"), "\(output.stderrText)")
        #expect(!leafExists(name))
    }

    @Test("--pids stops a fork bomb with EAGAIN")
    func pidsLimit() async throws {
        let output = try await butte(["--rootfs", try await rootfs(), "--pids", "16", "--", "/bin/probe", "forkbomb", "200"])
        #expect(output.termination == .exited(0), "\(output)")
        let report = try Probe.decode(ProbeReport.ForkBomb.self, from: output.stdout)
        #expect(!report.reachedMax)
        #expect(report.forked < 16)
        #expect(report.errnoName == "EAGAIN")
    }

    @Test("--cpus 0.2 throttles a spinning process to about a fifth of a CPU")
    func cpuLimit() async throws {
        let output = try await butte(["--rootfs", try await rootfs(), "--cpus", "0.2", "--", "/bin/probe", "spin", "1"])
        #expect(output.termination == .exited(0), "\(output)")
        let report = try Probe.decode(ProbeReport.Spin.self, from: output.stdout)
        #expect(report.wallSeconds >= 1)
        #expect(report.cpuSeconds < 0.45, "\(report)")
    }

    @Test("the container sees its own leaf as its cgroup root, with the limits, and no warning is printed")
    func insideTheLeaf() async throws {
        let name = uniqueName()
        let output = try await butte(["--name", name, "--rootfs", try await rootfs(), "--mem", "64", "--pids", "100", "--", "/bin/probe", "cgroup"])
        #expect(output.termination == .exited(0), "\(output)")
        #expect(output.stderrText.isEmpty, "\(output.stderrText)")
        let report = try Probe.decode(ProbeReport.Cgroup.self, from: output.stdout)
        #expect(report.unifiedPath == "/")
        #expect(report.files["memory.max"]?.value == String(64 << 20))
        #expect(report.files["pids.max"]?.value == "100")
        #expect(!leafExists(name))
    }

    @Test("a child forked at once by the container's first process is already in the leaf")
    func childInLeaf() async throws {
        let manager = try CgroupManager(parent: "butte-launcher-vm-\(getpid())")
        _ = try manager.prepare()
        let leaf = try manager.createLeaf(named: "c1")
        let directory = try leaf.openDirectory()
        let harness = try ContainerHarness.make()
        defer { harness.cleanUp() }
        var spec = ContainerHarness.spec(
            ["/bin/sh", "-c", "cat /proc/self/cgroup & wait; cat /proc/1/cgroup"], rootfs: try await Probe.rootfs(), overlay: false)
        spec.cgroupDescriptor = directory.rawValue
        let output = try await harness.run(spec)
        try directory.close()
        #expect(output.termination == .exited(0), "\(output)")
        #expect(output.stdoutText == "0::/\n0::/\n")
        // From the host, the leaf counted them: its cpu time is not zero.
        #expect(try leaf.stats().cpu?.usageMicroseconds ?? 0 > 0)
        try await leaf.destroy()
        try await manager.cleanUpLeftovers()
        #expect(rmdir(manager.parent.string) == 0)
    }

    @Test("kill -9 of butte run: the next start removes the dead run's cgroup leaf")
    func staleLeafSwept() async throws {
        let runtime = FileManager.default.temporaryDirectory.appendingPathComponent("butte-vm-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: runtime) }
        let process = Process()
        process.executableURL = TestEnvironment.butteExecutable
        let name = uniqueName()
        process.arguments = [
            "run", "--name", name, "--runtime-dir", runtime.path, "--rootfs", try await rootfs(), "--", "sh", "-c", "echo started; sleep 100",
        ]
        let stdout = Pipe()
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        try process.run()
        #expect(String(decoding: stdout.fileHandleForReading.availableData, as: UTF8.self) == "started\n")
        #expect(leafExists(name))
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let next = try await butte(["--runtime-dir", runtime.path, "--rootfs", try await rootfs(), "--", "/bin/true"])
        #expect(next.termination == .exited(0), "\(next)")
        #expect(!leafExists(name))
    }
}
