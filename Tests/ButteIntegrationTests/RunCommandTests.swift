// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteLinux
import ButteTesting
import Foundation
import Testing

/// `butte run` as a user meets it: the container's output and status, docker's exit codes for its own
/// failures, Ctrl-C, and nothing left behind even when it is killed.
@Suite(.tags(.privileged), .enabled(if: TestEnvironment.privilegedTestsEnabled))
struct RunCommandTests {
    /// A private runtime directory for one test.
    struct Runtime {
        let root: URL
        init() throws {
            root = FileManager.default.temporaryDirectory.appendingPathComponent("butte-run-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        }
        func leftovers() throws -> [String] {
            let containers = root.appendingPathComponent("containers").path
            guard FileManager.default.fileExists(atPath: containers) else { return [] }
            return try FileManager.default.contentsOfDirectory(atPath: containers).filter { $0 != ".lock" }
        }
        func remove() { try? FileManager.default.removeItem(at: root) }
    }

    func butte(_ arguments: [String], runtime: Runtime) async throws -> ProbeOutput {
        let executable = TestEnvironment.butteExecutable.path
        try #require(FileManager.default.isExecutableFile(atPath: executable), "build butte first: swift build --build-tests")
        return try await Probe.runProcess(executable, ["run", "--runtime-dir", runtime.root.path] + arguments, timeout: 60)
    }

    /// The stderr lines that are not the note about missing cgroup controllers.
    func errors(_ output: ProbeOutput) -> [String] {
        output.stderrText.split(separator: "\n").map(String.init).filter { !$0.contains("run without") }
    }

    @Test("the probe under butte run: init, hostname, default capabilities, no_new_privs, seccomp, only stdio")
    func probe() async throws {
        let runtime = try Runtime()
        defer { runtime.remove() }
        let rootfs = try await Probe.rootfs()
        let probe = Probe { arguments in
            try await butte(["--rootfs", rootfs.path, "--hostname", "run-test", "--", "/bin/probe"] + arguments, runtime: runtime)
        }
        let ids = try await probe.run(.ids)
        #expect(ids.pid == 2 && ids.ppid == 1 && ids.hostname == "run-test")
        let caps = try await probe.run(.caps)
        #expect(caps.bounding == CapabilitySet.containerDefault.bits && caps.effective == CapabilitySet.containerDefault.bits)
        #expect(caps.ambient == 0 && caps.inheritable == 0 && caps.noNewPrivs && caps.seccompMode == 2)
        #expect(try await probe.run(.fds).fds.map(\.fd) == [0, 1, 2])
        let rows = try await probe.run(.syscalls(["mount", "unshare", "keyctl", "bpf", "kexec_load"]))
        #expect(rows.syscalls.allSatisfy { $0.verdict == .denied && $0.errno == 1 }, "\(rows)")
        #expect(try runtime.leftovers().isEmpty)
    }

    @Test("stdout and stderr are streamed and the status is the command's, 128+signal when killed")
    func statusAndOutput() async throws {
        let runtime = try Runtime()
        defer { runtime.remove() }
        let rootfs = try await Probe.rootfs().path
        let output = try await butte(["--rootfs", rootfs, "--", "sh", "-c", "echo out; echo err >&2; exit 3"], runtime: runtime)
        #expect(output.termination == .exited(3))
        #expect(output.stdoutText == "out\n")
        #expect(errors(output) == ["err"])
        let killed = try await butte(["--rootfs", rootfs, "--", "sh", "-c", "kill -KILL $$"], runtime: runtime)
        #expect(killed.termination == .exited(137))
        let terminated = try await butte(["--rootfs", rootfs, "--", "sh", "-c", "kill -TERM $$"], runtime: runtime)
        #expect(terminated.termination == .exited(143))
    }

    @Test(
        "its own failures exit 125, 126 or 127 with one sentence naming the thing",
        arguments: [
            (["--rootfs", "/nonexistent/rootfs", "--", "/bin/true"], 125, "the root filesystem /nonexistent/rootfs does not exist."),
            (["--rootfs", "ROOTFS", "--", "no-such-command"], 127, "the command 'no-such-command' was not found in the container's root filesystem"),
            (["--rootfs", "ROOTFS", "--", "/etc/passwd"], 126, "the command '/etc/passwd' cannot be executed: Permission denied."),
            (["--rootfs", "ROOTFS", "--mem", "lots", "--", "/bin/true"], 125, "--mem 'lots' is not a positive whole number of megabytes."),
            (["--rootfs", "ROOTFS", "--cpus", "0", "--", "/bin/true"], 125, "--cpus '0' is not a positive number of CPUs."),
            (["--rootfs", "ROOTFS", "--user", "bob", "--", "/bin/true"], 125, "--user 'bob' is not UID[:GID] with numeric ids."),
            (["--rootfs", "ROOTFS", "--net", "bridge", "--", "/bin/true"], 125, "--net 'bridge' is not a network mode"),
            (
                ["--rootfs", "ROOTFS", "--workdir", "/no/such/dir", "--", "/bin/true"], 125,
                "the working directory /no/such/dir does not exist in the container."
            ),
            (["--image", "busybox", "--", "/bin/true"], 125, "butte run --image is not supported by this build of Butte yet"),
            (["--rootfs", "ROOTFS", "--name", "../x", "--", "/bin/true"], 125, "--name '../x' is not a container name"),
            (["--rootfs", "ROOTFS"], 125, "butte run needs a command after '--'"),
        ])
    func failures(_ arguments: [String], _ status: Int32, _ sentence: String) async throws {
        let runtime = try Runtime()
        defer { runtime.remove() }
        let rootfs = try await Probe.rootfs().path
        let output = try await butte(arguments.map { $0 == "ROOTFS" ? rootfs : $0 }, runtime: runtime)
        #expect(output.termination == .exited(status), "\(output)")
        let lines = errors(output)
        #expect(lines.count == 1, "\(lines)")
        #expect(lines.first?.hasPrefix("butte: ") == true)
        #expect(lines.first?.contains(sentence) == true, "\(lines)")
        #expect(try runtime.leftovers().isEmpty)
    }

    @Test("run by an unprivileged user it fails with 125 and a sentence saying root is needed")
    func withoutPrivileges() async throws {
        let runtime = try Runtime()
        defer { runtime.remove() }
        try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: runtime.root.path)
        let executable = TestEnvironment.butteExecutable.path
        let output = try await Probe.runProcess(
            "/usr/bin/setpriv",
            [
                "--reuid=65534", "--regid=65534", "--clear-groups", "--", executable, "run", "--runtime-dir", runtime.root.path, "--rootfs",
                try await Probe.rootfs().path, "--", "/bin/true",
            ],
            timeout: 60)
        #expect(output.termination == .exited(125), "\(output)")
        let lines = errors(output)
        #expect(lines.count == 1 && lines.first?.contains("butte run needs root") == true, "\(lines)")
        #expect(try runtime.leftovers().isEmpty)
    }

    @Test("without cgroup controllers it says so once and claims no limit")
    func noControllers() async throws {
        let mountInfo = try String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8)
        let controllers = mountInfo.split(separator: "\n").first { $0.contains(" - cgroup2 ") }.flatMap { line -> String? in
            let mountPoint = line.split(separator: " ")[4]
            return try? String(contentsOfFile: "\(mountPoint)/cgroup.controllers", encoding: .utf8)
        }
        guard controllers?.contains("memory") != true else { return }  // the VM suites cover hosts with controllers
        let runtime = try Runtime()
        defer { runtime.remove() }
        let output = try await butte(["--rootfs", try await Probe.rootfs().path, "--mem", "64", "--", "/bin/true"], runtime: runtime)
        #expect(output.termination == .exited(0))
        let notes = output.stderrText.split(separator: "\n")
        #expect(notes.count == 1)
        #expect(notes.first?.contains("run without cgroups") == true || notes.first?.contains("run without") == true)
    }

    @Test("SIGINT to butte run stops sh -c 'sleep 100 & wait' at once with status 130, leaving nothing")
    func interrupt() async throws {
        let runtime = try Runtime()
        defer { runtime.remove() }
        let process = Process()
        process.executableURL = TestEnvironment.butteExecutable
        process.arguments = [
            "run", "--runtime-dir", runtime.root.path, "--rootfs", try await Probe.rootfs().path, "--", "sh", "-c", "echo started; sleep 100 & wait",
        ]
        let stdout = Pipe()
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        try process.run()
        // The container printed its line: it is running.
        let line = stdout.fileHandleForReading.availableData
        #expect(String(decoding: line, as: UTF8.self) == "started\n")
        let start = ContinuousClock.now
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        #expect(ContinuousClock.now - start < .seconds(10))
        #expect(process.terminationReason == .exit && process.terminationStatus == 130)
        #expect(try runtime.leftovers().isEmpty)
    }

    @Test("kill -9 of butte run takes the container with it; the next start sweeps what it left")
    func killedRun() async throws {
        let runtime = try Runtime()
        defer { runtime.remove() }
        let rootfs = try await Probe.rootfs().path
        let mountsBefore = try hostMounts()
        let marker = "\(Int.random(in: 100_000...999_999)).5"
        let process = Process()
        process.executableURL = TestEnvironment.butteExecutable
        process.arguments = [
            "run", "--runtime-dir", runtime.root.path, "--rootfs", rootfs, "--", "sh", "-c", "echo started; exec /bin/probe sleep \(marker)",
        ]
        let stdout = Pipe()
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        try process.run()
        #expect(String(decoding: stdout.fileHandleForReading.availableData, as: UTF8.self) == "started\n")
        #expect(try runtime.leftovers().count == 1)
        // "started" comes just before the exec of the probe; wait for the probe to show up.
        let appeared = ContinuousClock.now + .seconds(20)
        while Self.processes(withArgument: marker).isEmpty && ContinuousClock.now < appeared {
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(!Self.processes(withArgument: marker).isEmpty)

        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let deadline = ContinuousClock.now + .seconds(20)
        while !Self.processes(withArgument: marker).isEmpty && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(Self.processes(withArgument: marker).isEmpty, "the container outlived its butte run")
        #expect(try runtime.leftovers().count == 1, "the killed run's directory stays until the next start")
        #expect(try hostMounts() == mountsBefore)

        let next = try await butte(["--rootfs", rootfs, "--", "/bin/true"], runtime: runtime)
        #expect(next.termination == .exited(0))
        #expect(try runtime.leftovers().isEmpty)
    }

    /// Host pids whose command line holds `argument`.
    static func processes(withArgument argument: String) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { name -> Int32? in
            guard let pid = Int32(name), let data = FileManager.default.contents(atPath: "/proc/\(name)/cmdline") else { return nil }
            let args = data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            return args.contains(argument) ? pid : nil
        }
    }
}
