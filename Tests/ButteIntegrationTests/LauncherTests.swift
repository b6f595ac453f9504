// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteContainerizer
import ButteLinux
import ButteTesting
import Foundation
import Synchronization
import Testing

/// Starts containers with Butte's ``Launcher`` in a private runtime directory and collects their output.
struct ContainerHarness: Sendable {
    let launcher: Launcher
    let runtimeRoot: URL

    /// A launcher whose runtime directory is a fresh temporary directory.
    static func make() throws -> ContainerHarness {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("butte-launcher-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        return ContainerHarness(launcher: Launcher(runtime: RuntimeDirectory(root: root.path)), runtimeRoot: root)
    }

    /// Removes the runtime directory.
    func cleanUp() {
        try? FileManager.default.removeItem(at: runtimeRoot)
    }

    /// The container directories left in the runtime directory.
    func leftovers() throws -> [String] {
        let containers = runtimeRoot.appendingPathComponent("containers")
        guard FileManager.default.fileExists(atPath: containers.path) else { return [] }
        return try FileManager.default.contentsOfDirectory(atPath: containers.path).filter { $0 != ".lock" }
    }

    /// A spec over the test rootfs (as a throwaway overlay unless told otherwise).
    static func spec(_ command: [String], rootfs: URL, overlay: Bool = true) -> ContainerSpec {
        var spec = ContainerSpec(
            id: "t" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16),
            rootfs: overlay ? .overlay(lower: [rootfs.path]) : .directory(rootfs.path), command: command)
        spec.hostname = "butte-test"
        spec.killWithLauncher = true
        return spec
    }

    /// Runs a container to its end and returns its output; SIGKILL after `timeout` seconds.
    func run(_ spec: ContainerSpec, timeout: Double = 60) async throws -> ProbeOutput {
        let (output, _) = try await runWithExit(spec, timeout: timeout)
        return output
    }

    /// Runs a container to its end and returns its output and exit.
    func runWithExit(
        _ spec: ContainerSpec, timeout: Double = 60, whileRunning: @Sendable (RunningContainer) async throws -> Void = { _ in }
    ) async throws -> (ProbeOutput, ContainerExit) {
        var spec = spec
        let stdout = try OutputPipe()
        let stderr = try OutputPipe()
        spec.standardOutput = stdout.writeEnd
        spec.standardError = stderr.writeEnd
        let container: RunningContainer
        do {
            container = try await launcher.launch(spec)
        } catch {
            stdout.closeWriteEnd()
            stderr.closeWriteEnd()
            _ = await stdout.readAll()
            _ = await stderr.readAll()
            throw error
        }
        stdout.closeWriteEnd()
        stderr.closeWriteEnd()
        let watchdog = DispatchWorkItem { try? container.signal(SIGKILL) }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: watchdog)
        defer { watchdog.cancel() }
        async let out = stdout.readAll()
        async let err = stderr.readAll()
        try await whileRunning(container)
        let exit = await container.wait()
        let termination: ProbeOutput.Termination =
            switch exit.termination {
            case .exited(let code): .exited(code)
            case .signaled(let signal): .signaled(signal)
            }
        return (ProbeOutput(stdout: await out, stderr: await err, termination: termination), exit)
    }

    /// A probe that runs `/bin/probe` through the launcher over `rootfs`.
    func probe(rootfs: URL, _ configure: @escaping @Sendable (inout ContainerSpec) -> Void = { _ in }) -> Probe {
        Probe { arguments in
            var spec = ContainerHarness.spec(["/bin/probe"] + arguments, rootfs: rootfs)
            configure(&spec)
            return try await run(spec)
        }
    }
}

/// A pipe whose read end is drained on a dedicated thread.
final class OutputPipe: Sendable {
    let readEnd: Int32
    let writeEnd: Int32
    private let writeClosed = Mutex(false)

    init() throws {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { throw POSIXError(.EMFILE) }
        _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
        readEnd = fds[0]
        writeEnd = fds[1]
    }

    func closeWriteEnd() {
        writeClosed.withLock { closed in
            if !closed { close(writeEnd) }
            closed = true
        }
    }

    /// Reads until end of file, then closes the read end.
    func readAll() async -> Data {
        await withCheckedContinuation { continuation in
            Thread {
                var data = Data()
                var buffer = [UInt8](repeating: 0, count: 65536)
                while true {
                    let n = read(self.readEnd, &buffer, buffer.count)
                    if n < 0 && errno == EINTR { continue }
                    if n <= 0 { break }
                    data.append(contentsOf: buffer[0..<n])
                }
                close(self.readEnd)
                continuation.resume(returning: data)
            }.start()
        }
    }
}

/// The host's mount table without the fields that change on their own, to compare before and after.
func hostMounts() throws -> [String] {
    try String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8).split(separator: "\n").map { line in
        let fields = line.split(separator: " ")
        return fields.count > 4 ? "\(fields[3]) \(fields[4])" : String(line)
    }.sorted()
}

@Suite(.tags(.privileged), .enabled(if: TestEnvironment.privilegedTestsEnabled))
struct LauncherTests {
    static let defaultCapabilities = CapabilitySet.containerDefault.bits

    @Test("the command runs as pid 2 under the container's init (pid 1), with the hostname set")
    func ids() async throws {
        let harness = try ContainerHarness.make()
        defer { harness.cleanUp() }
        let ids = try await harness.probe(rootfs: try await Probe.rootfs()).run(.ids)
        #expect(ids.pid == 2)
        #expect(ids.ppid == 1)
        #expect(ids.sid == 1)
        #expect(ids.hostname == "butte-test")
        #expect(ids.uid == 0 && ids.gid == 0 && ids.groups.isEmpty)
    }

    @Test("without the init the command itself is pid 1")
    func noInit() async throws {
        let harness = try ContainerHarness.make()
        defer { harness.cleanUp() }
        let ids = try await harness.probe(rootfs: try await Probe.rootfs()) { $0.runsInit = false }.run(.ids)
        #expect(ids.pid == 1)
        #expect(ids.ppid == 0)
    }

    @Test("capabilities are the default eleven in bounding, effective and permitted; no_new_privs and a seccomp filter are on")
    func capabilities() async throws {
        let harness = try ContainerHarness.make()
        defer { harness.cleanUp() }
        let caps = try await harness.probe(rootfs: try await Probe.rootfs()).run(.caps)
        #expect(caps.bounding == Self.defaultCapabilities)
        #expect(caps.effective == Self.defaultCapabilities)
        #expect(caps.permitted == Self.defaultCapabilities)
        #expect(caps.inheritable == 0)
        #expect(caps.ambient == 0)
        #expect(caps.noNewPrivs)
        #expect(caps.seccompMode == 2)
        #expect(caps.seccompFilters == 1)
    }

    @Test("a non-root user keeps the bounding set but loses effective and permitted capabilities at exec")
    func nonRootUser() async throws {
        let harness = try ContainerHarness.make()
        defer { harness.cleanUp() }
        let probe = harness.probe(rootfs: try await Probe.rootfs()) { $0.user = .init(uid: 1000, gid: 1000, additionalGroups: [10]) }
        let ids = try await probe.run(.ids)
        #expect(ids.uid == 1000 && ids.euid == 1000 && ids.suid == 1000 && ids.gid == 1000 && ids.groups == [10])
        let caps = try await probe.run(.caps)
        #expect(caps.bounding == Self.defaultCapabilities)
        #expect(caps.effective == 0 && caps.permitted == 0)
    }

    @Test("mount, unshare, keyctl, bpf and kexec_load are refused with EPERM")
    func refusedSyscalls() async throws {
        let harness = try ContainerHarness.make()
        defer { harness.cleanUp() }
        let names = ["mount", "unshare", "keyctl", "bpf", "kexec_load", "ptrace"]
        let rows = try await harness.probe(rootfs: try await Probe.rootfs()).run(.syscalls(names))
        for name in names.dropLast() {
            let row = try #require(rows[name])
            #expect(row.verdict == .denied && row.errno == 1, "\(name): \(row)")
        }
        // Docker's profile allows ptrace from Linux 4.8 on; without CAP_SYS_PTRACE it reaches only the
        // container's own processes (here: PEEKUSER on itself, not traced, so ESRCH).
        #expect(rows["ptrace"]?.verdict == .allowed)
    }

    @Test("masked paths read empty or are empty read-only tmpfs mounts; /proc/sys and /sysrq-trigger are read-only")
    func maskedAndReadOnly() async throws {
        let harness = try ContainerHarness.make()
        defer { harness.cleanUp() }
        let probe = harness.probe(rootfs: try await Probe.rootfs())
        let hostTimerList = try String(contentsOfFile: "/proc/timer_list", encoding: .utf8)
        #expect(!hostTimerList.isEmpty)
        let reads = try await probe.run(.read(["/proc/timer_list", "/proc/keys", "/proc/sched_debug"]))
        for result in reads.results where result.errno != 2 {
            #expect(result.ok && result.bytes == 0, "\(result.path) is readable: \(result)")
        }
        let mounts = try await probe.run(.mounts)
        let firmware = try #require(mounts.mount(at: "/sys/firmware"))
        #expect(firmware.fsType == "tmpfs" && firmware.optionList.contains("ro"))
        let keys = try #require(mounts.mount(at: "/proc/keys"))
        #expect(keys.optionList.contains("ro"))
        let sysWrite = try await probe.run(.write("/proc/sys/kernel/hostname"))
        #expect(!sysWrite.ok && sysWrite.errno == 30)  // EROFS
        if FileManager.default.fileExists(atPath: "/proc/sysrq-trigger") {  // kernels without magic SysRq lack it
            let trigger = try await probe.run(.write("/proc/sysrq-trigger"))
            #expect(!trigger.ok && trigger.errno == 30)
        }
        let sys = try #require(mounts.mount(at: "/sys"))
        #expect(sys.fsType == "sysfs" && sys.optionList.contains("ro"))
        let proc = try #require(mounts.mount(at: "/proc"))
        #expect(proc.optionList.contains("nosuid") && proc.optionList.contains("noexec") && proc.optionList.contains("nodev"))
    }

    @Test("only stdin, stdout and stderr are open in the command")
    func onlyStdio() async throws {
        let harness = try ContainerHarness.make()
        defer { harness.cleanUp() }
        let fds = try await harness.probe(rootfs: try await Probe.rootfs()).run(.fds)
        #expect(fds.fds.map(\.fd) == [0, 1, 2])
    }

    @Test("/dev is a fresh tmpfs with the seven nodes, ptmx, pts, shm and mqueue")
    func dev() async throws {
        let harness = try ContainerHarness.make()
        defer { harness.cleanUp() }
        let rootfs = try await Probe.rootfs()
        let spec = ContainerHarness.spec(
            [
                "/bin/sh", "-c",
                "stat -c '%n %F %t:%T %a' /dev/null /dev/zero /dev/full /dev/random /dev/urandom /dev/tty /dev/pts/ptmx; readlink /dev/ptmx; ls /dev",
            ],
            rootfs: rootfs)
        let output = try await harness.run(spec)
        #expect(output.termination == .exited(0), "\(output)")
        let lines = output.stdoutText.split(separator: "\n").map(String.init)
        #expect(
            Array(lines.prefix(7)) == [
                "/dev/null character special file 1:3 666", "/dev/zero character special file 1:5 666", "/dev/full character special file 1:7 666",
                "/dev/random character special file 1:8 666", "/dev/urandom character special file 1:9 666",
                "/dev/tty character special file 5:0 666",
                "/dev/pts/ptmx character special file 5:2 666",
            ])
        #expect(lines.dropFirst(7).first == "pts/ptmx")
        #expect(
            Set(lines.dropFirst(8)) == [
                "fd", "full", "mqueue", "null", "ptmx", "pts", "random", "shm", "stderr", "stdin", "stdout", "tty", "urandom", "zero",
            ])
        let mounts = try await harness.probe(rootfs: rootfs).run(.mounts)
        #expect(mounts.mount(at: "/dev")?.fsType == "tmpfs")
        #expect(mounts.mount(at: "/dev/pts")?.fsType == "devpts")
        #expect(mounts.mount(at: "/dev/shm")?.fsType == "tmpfs")
        #expect(mounts.mount(at: "/dev/mqueue")?.fsType == "mqueue")
    }

    @Test("rlimits are nofile 1024:1024 and core 0")
    func rlimits() async throws {
        let harness = try ContainerHarness.make()
        defer { harness.cleanUp() }
        let limits = try await harness.probe(rootfs: try await Probe.rootfs()).run(.rlimits)
        #expect(limits.nofile?.soft == 1024 && limits.nofile?.hard == 1024)
        #expect(limits.core?.soft == 0 && limits.core?.hard == 0)
    }

    @Test("exit statuses pass through, and a command killed by a signal is reported as that signal")
    func exitStatus() async throws {
        let harness = try ContainerHarness.make()
        defer { harness.cleanUp() }
        let rootfs = try await Probe.rootfs()
        let (_, three) = try await harness.runWithExit(ContainerHarness.spec(["/bin/probe", "exit", "3"], rootfs: rootfs))
        #expect(three.termination == .exited(3) && three.status == 3)
        let (_, killed) = try await harness.runWithExit(ContainerHarness.spec(["/bin/sh", "-c", "kill -KILL $$"], rootfs: rootfs))
        #expect(killed.termination == .signaled(9) && killed.status == 137)
    }

    @Test("SIGTERM to the container reaches the command through the init at once")
    func signalForwarding() async throws {
        let harness = try ContainerHarness.make()
        defer { harness.cleanUp() }
        let spec = ContainerHarness.spec(["/bin/sh", "-c", "sleep 100 & wait"], rootfs: try await Probe.rootfs())
        let signalled = Mutex<ContinuousClock.Instant?>(nil)
        let (_, exit) = try await harness.runWithExit(spec, timeout: 60) { container in
            signalled.withLock { $0 = .now }
            try container.signal(SIGTERM)
        }
        #expect(exit.termination == .signaled(SIGTERM))
        // Far below the 100 s of the sleep, even on a loaded machine.
        let sent = try #require(signalled.withLock { $0 })
        #expect(ContinuousClock.now - sent < .seconds(20))
    }

    @Test("the init reaps orphaned zombies")
    func reapsZombies() async throws {
        let harness = try ContainerHarness.make()
        defer { harness.cleanUp() }
        // Three processes are orphaned to pid 1 and exit at once. Unreaped they would stay as zombies with
        // ppid 1 forever; the script waits (in the container) until no process but itself has ppid 1.
        let script = """
            for i in 1 2 3; do (sh -c 'exit 0' &); done
            n=0
            while [ $n -lt 500 ]; do
              others=$(awk -v me=$$ '$4 == 1 && $1 != me { print $1 }' /proc/[0-9]*/stat 2>/dev/null)
              [ -z "$others" ] && { echo reaped; exit 0; }
              n=$((n + 1)); sleep 0.02
            done
            cat /proc/[0-9]*/stat; exit 1
            """
        let output = try await harness.run(ContainerHarness.spec(["/bin/sh", "-c", script], rootfs: try await Probe.rootfs()))
        #expect(output.termination == .exited(0), "\(output)")
        #expect(output.stdoutText == "reaped\n")
    }

    @Test("a bind mount brings a host directory in; an overlay root keeps the rootfs unchanged; a read-only root refuses writes")
    func filesystems() async throws {
        let harness = try ContainerHarness.make()
        defer { harness.cleanUp() }
        let rootfs = try await Probe.rootfs()
        let sandbox = harness.runtimeRoot.appendingPathComponent("sandbox")
        try FileManager.default.createDirectory(at: sandbox, withIntermediateDirectories: true)
        var spec = ContainerHarness.spec(
            ["/bin/sh", "-c", "echo hi > /mnt/mesos/sandbox/out && echo x > /overlay-write && cat /mnt/mesos/sandbox/out"], rootfs: rootfs)
        spec.mounts = [.init(source: sandbox.path, destination: "/mnt/mesos/sandbox")]
        let output = try await harness.run(spec)
        #expect(output.termination == .exited(0), "\(output)")
        #expect(try String(contentsOf: sandbox.appendingPathComponent("out"), encoding: .utf8) == "hi\n")
        #expect(!FileManager.default.fileExists(atPath: rootfs.appendingPathComponent("overlay-write").path))
        #expect(!FileManager.default.fileExists(atPath: rootfs.appendingPathComponent("mnt/mesos").path))

        var readOnly = ContainerHarness.spec(["/bin/probe", "write", "/etc/butte-ro-test", "x"], rootfs: rootfs, overlay: false)
        readOnly.readOnlyRootfs = true
        let write = try Probe.decode(ProbeReport.FileWrite.self, from: try await harness.run(readOnly).stdout)
        #expect(!write.ok && write.errno == 30)
    }

    @Test("the environment gets a default PATH and HOSTNAME; the working directory is set")
    func environmentAndDirectory() async throws {
        let harness = try ContainerHarness.make()
        defer { harness.cleanUp() }
        let probe = harness.probe(rootfs: try await Probe.rootfs()) {
            $0.environment = ["GREETING=hello"]
            $0.workingDirectory = "/tmp"
        }
        let env = try await probe.run(.env).variables
        #expect(env["GREETING"] == "hello")
        #expect(env["PATH"] == ContainerSpec.defaultPath)
        #expect(env["HOSTNAME"] == "butte-test")
        #expect(try await probe.run(.cwd).cwd == "/tmp")
    }

    @Test("the network namespace has only loopback, and it is up")
    func loopback() async throws {
        let harness = try ContainerHarness.make()
        defer { harness.cleanUp() }
        let output = try await harness.run(
            ContainerHarness.spec(
                ["/bin/sh", "-c", "ls /sys/class/net; cat /sys/class/net/lo/operstate /sys/class/net/lo/flags"], rootfs: try await Probe.rootfs()))
        let lines = output.stdoutText.split(separator: "\n")
        #expect(lines.first == "lo")
        // IFF_UP is bit 0 of the flags.
        let flags = lines.last.flatMap { Int($0.dropFirst(2), radix: 16) } ?? 0
        #expect(flags & 1 == 1, "\(output)")
    }

    @Test("a container process cannot open the init's /proc/1/exe, so the Butte binary cannot be overwritten through it")
    func initExeUnreachable() async throws {
        let harness = try ContainerHarness.make()
        defer { harness.cleanUp() }
        let probe = harness.probe(rootfs: try await Probe.rootfs())
        let write = try await probe.run(.write("/proc/1/exe"))
        #expect(!write.ok)
        #expect(write.errno == 13 || write.errno == 1, "\(write)")  // EACCES or EPERM
        let read = try await probe.run(.read(["/proc/1/environ", "/proc/1/mem"]))
        #expect(read.results.allSatisfy { !$0.ok })
    }

    @Test("a user namespace maps container root to the host range")
    func userNamespace() async throws {
        // Some environments refuse user namespaces even to root (a chrooted test runner, max_user_namespaces 0).
        let probeUserns = try await Probe.runProcess("/usr/bin/unshare", ["--user", "/bin/true"], timeout: 30)
        guard probeUserns.termination == .exited(0) else { return }
        let harness = try ContainerHarness.make()
        defer { harness.cleanUp() }
        let probe = harness.probe(rootfs: try await Probe.rootfs()) { $0.userNamespace = .range(hostBase: 100_000) }
        let ids = try await probe.run(.ids)
        #expect(ids.uid == 0 && ids.pid == 2)
        let maps = try await probe.run(.read(["/proc/self/uid_map", "/proc/self/gid_map"]))
        for map in maps.results {
            #expect(map.data?.split(separator: " ").filter { !$0.isEmpty }.joined(separator: " ") == "0 100000 65536\n", "\(map)")
        }
    }

    @Test("nothing is left behind after a normal exit or a failed start: host mounts unchanged, runtime directory empty")
    func nothingLeftBehind() async throws {
        let harness = try ContainerHarness.make()
        defer { harness.cleanUp() }
        let rootfs = try await Probe.rootfs()
        let before = try hostMounts()
        _ = try await harness.run(ContainerHarness.spec(["/bin/true"], rootfs: rootfs))
        #expect(try harness.leftovers().isEmpty)
        do {
            _ = try await harness.run(ContainerHarness.spec(["no-such-command"], rootfs: rootfs))
            Issue.record("a missing command started")
        } catch let error as ContainerizerError {
            #expect(error.code == .commandNotFound)
            #expect(error.message.contains("'no-such-command' was not found"))
        }
        var badMount = ContainerHarness.spec(["/bin/true"], rootfs: rootfs)
        badMount.mounts = [.init(source: "/dev/null", destination: "/bin/busybox/x")]
        await #expect(throws: ContainerizerError.self) { try await harness.run(badMount) }
        #expect(try harness.leftovers().isEmpty)
        #expect(try hostMounts() == before)
    }

    @Test("an image whose /proc or /dev is a symbolic link is refused, and the link's target stays untouched", arguments: ["proc", "dev"])
    func symlinkedKernelDirectories(_ name: String) async throws {
        let harness = try ContainerHarness.make()
        defer { harness.cleanUp() }
        // A top layer over the test rootfs that turns /<name> into a link to /tmp/planted.
        let layer = harness.runtimeRoot.appendingPathComponent("evil-layer")
        try FileManager.default.createDirectory(at: layer.appendingPathComponent("tmp/planted"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: layer.appendingPathComponent(name).path, withDestinationPath: "/tmp/planted")
        var spec = ContainerHarness.spec(["/bin/true"], rootfs: try await Probe.rootfs())
        spec.rootfs = .overlay(lower: [layer.path, try await Probe.rootfs().path])
        do {
            _ = try await harness.run(spec)
            Issue.record("a container with /\(name) as a symbolic link started")
        } catch let error as ContainerizerError {
            #expect(error.code == .launchFailed)
            #expect(error.message.contains("on /\(name)"), "\(error.message)")
            #expect(error.message.contains("Too many levels of symbolic links"), "\(error.message)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: layer.appendingPathComponent("tmp/planted").path).isEmpty)
        #expect(try harness.leftovers().isEmpty)
    }

    @Test("a missing root filesystem is refused with a sentence naming it")
    func missingRootfs() async throws {
        let harness = try ContainerHarness.make()
        defer { harness.cleanUp() }
        let spec = ContainerSpec(id: "missing", rootfs: .directory("/nonexistent/rootfs"), command: ["/bin/true"])
        do {
            _ = try await harness.run(spec)
            Issue.record("started")
        } catch let error as ContainerizerError {
            #expect(error.code == .rootfsMissing)
            #expect(error.message == "the root filesystem /nonexistent/rootfs does not exist")
        }
        #expect(try harness.leftovers().isEmpty)
    }

    @Test("a stale container directory whose owner died is swept; a live one is kept")
    func sweep() async throws {
        let harness = try ContainerHarness.make()
        defer { harness.cleanUp() }
        let runtime = harness.launcher.runtime
        let live = try runtime.create(id: "live")
        defer { try? live.remove() }
        let stale = runtime.path(of: "stale")
        try FileManager.default.createDirectory(atPath: stale + "/upper/deep", withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: stale + "/lock", contents: nil)
        try "x".write(toFile: stale + "/upper/deep/file", atomically: false, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: stale + "/upper/link", withDestinationPath: "/etc")
        let removed = try runtime.sweep()
        #expect(removed == ["stale"])
        #expect(try harness.leftovers() == ["live"])
        #expect(FileManager.default.fileExists(atPath: "/etc/hostname"))
    }
}
