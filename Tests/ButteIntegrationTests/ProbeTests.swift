// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteTesting
import Foundation
import Testing

/// The probe in the busybox rootfs, run in plain `unshare` + `chroot` containers. These pin down what
/// the probe reports where the answer is known, before runtime tests rely on it inside Butte's containers.
@Suite(.tags(.privileged), .enabled(if: TestEnvironment.privilegedTestsEnabled))
struct ProbeTests {
    /// The syscalls every runtime test can ask about.
    static let requiredSyscalls = [
        "mount", "umount2", "unshare", "setns", "keyctl", "add_key", "bpf", "ptrace", "kexec_load", "open_by_handle_at",
        "init_module", "pivot_root", "chroot", "swapon", "reboot", "clone-newuser", "socket-packet", "personality",
    ]

    private func probe(_ options: Probe.UnshareOptions = .init()) async throws -> Probe {
        Probe.unshare(rootfs: try await Probe.rootfs(), options: options)
    }

    private func ownStatus() throws -> ProbeReport.Capabilities {
        try ProbeReport.Capabilities(procStatus: String(contentsOfFile: "/proc/self/status", encoding: .utf8))
    }

    @Test("ids reports pid 1 and root in a new pid namespace")
    func idsInNewPidNamespace() async throws {
        let ids = try await probe().run(.ids)
        #expect(ids.pid == 1)
        #expect(ids.ppid == 0)
        #expect(ids.uid == 0 && ids.euid == 0 && ids.suid == 0)
        #expect(ids.gid == 0 && ids.egid == 0 && ids.sgid == 0)
    }

    @Test("a hostname with quotes and backslashes survives the JSON")
    func hostnameEscaping() async throws {
        let name = #"q"uo\te'x"#
        let ids = try await probe(.init(hostname: name)).run(.ids)
        #expect(ids.hostname == name)
    }

    @Test("root keeps the full bounding set and runs without seccomp or no_new_privs")
    func rootCapabilities() async throws {
        let caps = try await probe().run(.caps)
        let own = try ownStatus()
        #expect(caps.bounding == own.bounding)
        #expect(caps.effective == own.effective)
        #expect(caps.permitted == own.permitted)
        #expect(caps.bounding != 0)
        #expect(caps.seccompMode == 0)
        #expect(caps.seccompFilters ?? 0 == 0)
        #expect(!caps.noNewPrivs)
    }

    @Test("every syscall asked for gets one row, and root gets past the capability checks")
    func syscallsAsRoot() async throws {
        let report = try await probe().run(.syscalls(Self.requiredSyscalls))
        #expect(report.syscalls.map(\.name) == Self.requiredSyscalls)
        for name in [
            "mount", "umount2", "unshare", "setns", "keyctl", "add_key", "bpf", "ptrace", "open_by_handle_at", "pivot_root",
            "chroot", "reboot", "socket-packet", "personality",
        ] {
            let row = try #require(report[name])
            #expect(row.verdict == .allowed, "\(row.call) gave \(row.errnoName ?? "success")")
        }
        // These depend on how the kernel was built (kexec, modules, swap): present means allowed.
        for name in ["kexec_load", "init_module", "swapon"] {
            let row = try #require(report[name])
            #expect([.allowed, .enosys].contains(row.verdict), "\(row.call) gave \(row.errnoName ?? "success")")
        }
        // The kernel refuses new user namespaces to a chrooted process, whatever its capabilities.
        let clone = try #require(report["clone-newuser"])
        #expect(clone.verdict == .denied && clone.errno == EPERM)
    }

    @Test("a user without capabilities is denied what root is allowed")
    func syscallsWithoutCapabilities() async throws {
        let probe = try await probe(.init(user: (uid: 1000, gid: 1000)))
        let ids = try await probe.run(.ids)
        #expect(ids.uid == 1000 && ids.euid == 1000 && ids.gid == 1000)
        let caps = try await probe.run(.caps)
        #expect(caps.effective == 0 && caps.permitted == 0)

        let report = try await probe.run(.syscalls([]))
        for name in [
            "mount", "umount2", "unshare", "setns", "open_by_handle_at", "pivot_root", "chroot", "reboot", "socket-packet",
            "sethostname", "fsopen",
        ] {
            let row = try #require(report[name])
            #expect(row.verdict == .denied && row.errnoName == "EPERM", "\(row.call) gave \(row.errnoName ?? "success")")
        }
        // No capability guards these; only a seccomp filter could stop them.
        for name in ["keyctl", "add_key", "ptrace", "personality"] {
            let row = try #require(report[name])
            #expect(row.verdict == .allowed, "\(row.call) gave \(row.errnoName ?? "success")")
        }
    }

    @Test("read returns a file's contents, and ENOENT for a missing one")
    func readFiles() async throws {
        let report = try await probe().run(.read(["/etc/hostname", "/nonexistent"]))
        #expect(report.results.count == 2)
        let hostname = report.results[0]
        #expect(hostname.ok && hostname.data == "butte-probe\n" && hostname.bytes == 12 && hostname.errno == nil)
        let missing = report.results[1]
        #expect(!missing.ok && missing.stage == "open" && missing.errno == ENOENT && missing.errnoName == "ENOENT")
        #expect(missing.data == nil)
    }

    @Test("paths with quotes and binary file contents stay valid JSON")
    func escaping() async throws {
        let odd = #"/tmp/no"such\dir/ü"#
        let report = try await probe().run(.read([odd, "/bin/busybox"]))
        #expect(report.results[0].path == odd && report.results[0].errnoName == "ENOENT")
        let binary = report.results[1]
        #expect(binary.ok && binary.bytes == 4096)
        #expect(binary.data?.hasPrefix("\u{7F}ELF") == true)
    }

    @Test("write without data only opens the file, and reports where it failed")
    func writeFiles() async throws {
        let probe = try await probe()
        let opened = try await probe.run(.write("/etc/hostname"))
        #expect(opened.ok && opened.bytes == 0 && opened.stage == nil)
        let unchanged = try await probe.run(.read(["/etc/hostname"]))
        #expect(unchanged.results.first?.data == "butte-probe\n")
        let missing = try await probe.run(.write("/no-such-dir/file", data: "x"))
        #expect(!missing.ok && missing.stage == "open" && missing.errnoName == "ENOENT")
    }

    @Test("mounts shows the container's own proc at /proc")
    func mounts() async throws {
        let report = try await probe().run(.mounts)
        let proc = try #require(report.mount(at: "/proc"))
        #expect(proc.fsType == "proc")
        #expect(!report.mounts.isEmpty && report.mounts.allSatisfy { $0.mountPoint.hasPrefix("/") })
    }

    @Test("fds lists stdio with targets")
    func fileDescriptors() async throws {
        let report = try await probe().run(.fds)
        let byNumber = Dictionary(report.fds.map { ($0.fd, $0) }, uniquingKeysWith: { first, _ in first })
        for fd: Int32 in [0, 1, 2] {
            #expect(byNumber[fd]?.target != nil, "fd \(fd) missing in \(report.fds)")
        }
        // stdout is the pipe this test reads.
        #expect(byNumber[1]?.target?.hasPrefix("pipe:") == true)
    }

    @Test("cgroup lists the unified hierarchy and reads no limits without /sys/fs/cgroup")
    func cgroup() async throws {
        let report = try await probe().run(.cgroup)
        #expect(report.unifiedPath != nil)
        #expect(!report.cgroup2Mounted)
        #expect(report.dir == nil && report.files.isEmpty)
    }

    @Test("environment, working directory and rlimits come from the launcher")
    func processContext() async throws {
        let probe = try await probe()
        let env = try await probe.run(.env)
        #expect(env.variables["BUTTE_PRIVILEGED_TESTS"] == "1")
        let cwd = try await probe.run(.cwd)
        #expect(cwd.cwd == "/")

        var own = rlimit()
        #expect(getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &own) == 0)
        let limits = try await probe.run(.rlimits)
        let nofile = try #require(limits.nofile)
        #expect(nofile.soft == (own.rlim_cur == rlim_t.max ? nil : UInt64(own.rlim_cur)))
        #expect(nofile.hard == (own.rlim_max == rlim_t.max ? nil : UInt64(own.rlim_max)))
        #expect(limits.core != nil && limits.nproc != nil)
    }

    @Test("exit reports and then exits with the code; sleep sleeps")
    func exitAndSleep() async throws {
        let probe = try await probe()
        let exit = try await probe.run(.exit(7))
        #expect(exit.exit == 7)
        let raw = try await probe.output(["exit", "7"])
        #expect(raw.termination == .exited(7))
        let sleep = try await probe.run(.sleep(seconds: 0.05))
        #expect(sleep.slept >= 0.05)
    }

    @Test("fork-children reports distinct pids of the new namespace")
    func forkChildren() async throws {
        let report = try await probe().run(.forkChildren(3, seconds: 0))
        #expect(report.pid == 1)
        #expect(report.children.count == 3 && Set(report.children).count == 3)
        #expect(report.children.allSatisfy { $0 > 1 })
    }

    @Test("forkbomb stops at its maximum, alloc touches memory, spin burns CPU")
    func resourceHogs() async throws {
        let probe = try await probe()
        let bomb = try await probe.run(.forkbomb(max: 16))
        #expect(bomb.forked == 16 && bomb.reachedMax && bomb.errno == nil)
        let alloc = try await probe.run(.alloc(megabytes: 16))
        #expect(alloc.allocatedMb == 16)
        let spin = try await probe.run(.spin(seconds: 0.1))
        #expect(spin.wallSeconds >= 0.1 && spin.cpuSeconds > 0 && spin.iterations > 0)
    }

    @Test("bad arguments are usage errors that name the culprit")
    func usageErrors() async throws {
        let probe = try await probe()
        let unknownSyscall = try await probe.output(["syscalls", "nosuch"])
        #expect(unknownSyscall.termination == .exited(2))
        #expect(unknownSyscall.stderrText.contains("'nosuch'"))
        await #expect(throws: ProbeError.self) {
            try await probe.run(ProbeCommand<ProbeReport.IDs>(arguments: ["bogus"]))
        }
    }

    @Test("output that is not the expected report is rejected with the text")
    func decodeMismatch() async throws {
        let output = try await probe().output(["cwd"])
        #expect(throws: ProbeError.self) { try Probe.decode(ProbeReport.IDs.self, from: output.stdout) }
        #expect(throws: ProbeError.self) { try Probe.decode(ProbeReport.IDs.self, from: Data()) }
    }

    @Test("a probe that outlives its timeout is killed")
    func timeout() async throws {
        let probe = try await probe(.init(timeout: 0.5))
        do {
            _ = try await probe.run(.sleep(seconds: 60))
            Issue.record("sleep 60 returned within a 0.5 s timeout")
        } catch ProbeError.timedOut(let output, _) {
            #expect(output.termination == .signaled(SIGKILL))
        }
    }
}
