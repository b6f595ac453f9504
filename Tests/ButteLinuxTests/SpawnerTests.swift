// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteLinux
import SystemPackage
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The spawn machinery without namespaces, so it runs unprivileged: exec, PATH candidates, the init's
/// status report, failure stages.
@Suite struct SpawnerTests {
    func spawnAndWait(_ plan: SpawnPlan) throws -> ProcessTermination {
        let process = try Spawner.spawn(plan)
        defer { process.pidfd.close() }
        return try process.waitForExit()
    }

    @Test("the init reports the command's exit status")
    func exitStatus() throws {
        let plan = SpawnPlan(
            operations: [.closeFileDescriptors], executableCandidates: ["/bin/sh"], arguments: ["sh", "-c", "exit 7"], runsInit: true)
        #expect(try spawnAndWait(plan) == .exited(7))
    }

    @Test("the init reports a command killed by a signal as signaled, not as the init's own 128+n exit")
    func signaled() throws {
        let plan = SpawnPlan(
            operations: [.closeFileDescriptors], executableCandidates: ["/bin/sh"], arguments: ["sh", "-c", "kill -KILL $$"], runsInit: true)
        #expect(try spawnAndWait(plan) == .signaled(9))
    }

    @Test("without an init the process itself is waited for")
    func noInit() throws {
        let plan = SpawnPlan(operations: [.closeFileDescriptors], executableCandidates: ["/bin/sh"], arguments: ["sh", "-c", "exit 4"])
        #expect(try spawnAndWait(plan) == .exited(4))
    }

    @Test("candidates are tried in order until one executes")
    func candidates() throws {
        let plan = SpawnPlan(
            operations: [.closeFileDescriptors], executableCandidates: ["/nonexistent/sh", "/bin/sh"], arguments: ["sh", "-c", "exit 5"],
            runsInit: true)
        #expect(try spawnAndWait(plan) == .exited(5))
    }

    @Test("a missing command fails at the exec stage with ENOENT, and EACCES wins over ENOENT")
    func execFailures() throws {
        let missing = SpawnPlan(
            operations: [.closeFileDescriptors], executableCandidates: ["/nonexistent/a", "/nonexistent/b"], arguments: ["a"], runsInit: true)
        let error = try #require(throws: SpawnError.self) { try Spawner.spawn(missing) }
        #expect(error.stage == .exec(candidates: ["/nonexistent/a", "/nonexistent/b"]))
        #expect(error.errno == .noSuchFileOrDirectory)
        // A file without any execute bit is refused even to root.
        let path = "/tmp/butte-spawner-\(getpid())-noexec"
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        #expect(fd >= 0)
        close(fd)
        defer { unlink(path) }
        let notExecutable = SpawnPlan(operations: [.closeFileDescriptors], executableCandidates: ["/nonexistent/a", path], arguments: ["a"])
        let denied = try #require(throws: SpawnError.self) { try Spawner.spawn(notExecutable) }
        #expect(denied.errno == .permissionDenied)
    }

    @Test("a failing step is reported with its index and errno")
    func failingStep() throws {
        let plan = SpawnPlan(
            operations: [.closeFileDescriptors, .changeDirectory("/nonexistent-dir")], executableCandidates: ["/bin/true"], arguments: ["true"])
        let error = try #require(throws: SpawnError.self) { try Spawner.spawn(plan) }
        #expect(error.stage == .operation(index: 1, .changeDirectory("/nonexistent-dir")))
        #expect(error.errno == .noSuchFileOrDirectory)
        #expect(error.description.contains("change to the working directory /nonexistent-dir"))
    }

    @Test("strings with NUL bytes are refused before anything is cloned")
    func nulByte() throws {
        let plan = SpawnPlan(operations: [.closeFileDescriptors], executableCandidates: ["/bin/true"], arguments: ["true", "a\u{0}b"])
        let error = try #require(throws: SpawnError.self) { try Spawner.spawn(plan) }
        guard case .invalidPlan = error.stage else {
            Issue.record("stage \(error.stage)")
            return
        }
    }

    @Test("stdout can be redirected to a descriptor, and rlimits apply to the command")
    func stdoutAndLimits() throws {
        var fds: [Int32] = [-1, -1]
        #expect(pipe(&fds) == 0)
        defer { close(fds[0]) }
        let plan = SpawnPlan(
            operations: [.setResourceLimit(ResourceLimit(.openFiles, soft: 123, hard: 456)), .closeFileDescriptors],
            executableCandidates: ["/bin/sh"], arguments: ["sh", "-c", "ulimit -n; ulimit -Hn"], runsInit: true, standardOutput: fds[1])
        let process = try Spawner.spawn(plan)
        close(fds[1])
        var output: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 256)
        while true {
            let n = read(fds[0], &buffer, buffer.count)
            if n <= 0 { break }
            output += buffer[0..<n]
        }
        defer { process.pidfd.close() }
        #expect(try process.waitForExit() == .exited(0))
        #expect(String(decoding: output, as: UTF8.self) == "123\n456\n")
    }

    @Test("wait statuses decode like the shell reports them")
    func waitStatus() {
        #expect(ProcessTermination(waitStatus: 3 << 8) == .exited(3))
        #expect(ProcessTermination(waitStatus: 9) == .signaled(9))
        #expect(ProcessTermination.signaled(15).shellStatus == 143)
        #expect(IDMapping.text([IDMapping(containerID: 0, hostID: 100_000, count: 65536)]) == "0 100000 65536\n")
    }
}
