// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteLinux
import ButteSeccomp
import ButteTesting
import Testing

@Suite struct DefaultSeccompProfileTests {
    static let kernel = KernelVersion(6, 1)

    /// The action the profile gives an unconditional call to `name`, nil when no rule names it.
    static func actions(_ p: SeccompProfile, _ name: String) -> [SeccompSyscallRule] {
        (p.syscalls ?? []).filter { $0.names.contains(name) }
    }

    static func isAllowed(_ p: SeccompProfile, _ name: String) -> Bool {
        actions(p, name).contains { $0.action == .allow && ($0.args ?? []).isEmpty }
    }

    @Test("an EPERM allow-list over every x86 ABI")
    func shape() {
        let p = DefaultSeccompProfile.profile(capabilities: .containerDefault, kernel: Self.kernel, native: .x86_64)
        #expect(p.defaultAction == .errno)
        #expect(p.defaultErrnoRet == 1)
        #expect(p.architectures == [.x86_64, .x86, .x32])
        for name in ["read", "write", "getpid", "execve", "name_to_handle_at", "ptrace", "chroot", "fchmodat2", "modify_ldt"] {
            #expect(Self.isAllowed(p, name), "\(name) should be allowed")
        }
    }

    @Test("dangerous syscalls are never allowed, whatever the capabilities")
    func neverAllowed() {
        let all = CapabilitySet.all(upTo: .checkpointRestore)
        for caps in [CapabilitySet.containerDefault, all] {
            let p = DefaultSeccompProfile.profile(capabilities: caps, kernel: Self.kernel)
            for name in [
                "keyctl", "add_key", "request_key", "kexec_load", "kexec_file_load", "userfaultfd", "io_uring_setup",
                "io_uring_enter", "io_uring_register", "pivot_root", "swapon", "swapoff", "nfsservctl", "vm86", "uselib",
                "ustat", "sysfs", "_sysctl", "move_pages",
            ] {
                #expect(!Self.isAllowed(p, name), "\(name) must not be allowed")
                #expect(Self.actions(p, name).allSatisfy { $0.action == .errno && $0.errnoRet == 1 })
            }
        }
    }

    @Test(
        "capability-guarded syscalls follow the capability set",
        arguments: [
            (Capability.sysAdmin, ["mount", "umount2", "unshare", "setns", "sethostname", "fsconfig", "bpf", "clone3"]),
            (.sysPtrace, ["kcmp", "pidfd_getfd", "process_madvise"]),
            (.sysModule, ["init_module", "finit_module", "delete_module"]),
            (.sysBoot, ["reboot"]), (.sysPacct, ["acct"]), (.sysRawio, ["iopl", "ioperm"]),
            (.sysTime, ["settimeofday", "clock_settime", "stime"]), (.sysNice, ["mbind", "set_mempolicy"]),
            (.sysTtyConfig, ["vhangup"]), (.syslog, ["syslog"]), (.bpf, ["bpf"]), (.perfmon, ["perf_event_open"]),
            (.dacReadSearch, ["open_by_handle_at"]),
        ])
    func capabilityGroups(_ cap: Capability, _ names: [String]) {
        var without = CapabilitySet.containerDefault
        without.remove(cap)
        let denied = DefaultSeccompProfile.profile(capabilities: without, kernel: Self.kernel)
        let granted = DefaultSeccompProfile.profile(capabilities: without.union([cap]), kernel: Self.kernel)
        for name in names {
            #expect(!Self.isAllowed(denied, name), "\(name) allowed without \(cap)")
            #expect(Self.isAllowed(granted, name), "\(name) not allowed with \(cap)")
        }
    }

    @Test("chroot needs CAP_SYS_CHROOT, which the default set has")
    func chroot() {
        #expect(Self.isAllowed(DefaultSeccompProfile.profile(capabilities: .containerDefault, kernel: Self.kernel), "chroot"))
        #expect(!Self.isAllowed(DefaultSeccompProfile.profile(capabilities: [], kernel: Self.kernel), "chroot"))
    }

    @Test("without CAP_SYS_ADMIN clone is masked and clone3 gives ENOSYS")
    func cloneRules() {
        let p = DefaultSeccompProfile.profile(capabilities: .containerDefault, kernel: Self.kernel)
        let clone = Self.actions(p, "clone")
        #expect(clone.count == 1)
        #expect(clone.first?.args == [SeccompArgument(index: 0, value: 0x7E02_0000, valueTwo: 0, op: .maskedEqual)])
        #expect(Self.actions(p, "clone3") == [SeccompSyscallRule(names: ["clone3"], action: .errno, errnoRet: 38)])
        let admin = DefaultSeccompProfile.profile(capabilities: [.sysAdmin], kernel: Self.kernel)
        #expect(Self.isAllowed(admin, "clone") && Self.isAllowed(admin, "clone3"))
        #expect(Self.actions(admin, "clone").count == 1)
    }

    @Test("ptrace is open to all from Linux 4.8 and needs CAP_SYS_PTRACE before")
    func ptraceMinKernel() {
        for name in ["ptrace", "process_vm_readv", "process_vm_writev"] {
            #expect(Self.isAllowed(DefaultSeccompProfile.profile(capabilities: [], kernel: KernelVersion(4, 8)), name))
            #expect(!Self.isAllowed(DefaultSeccompProfile.profile(capabilities: [], kernel: KernelVersion(4, 7)), name))
            #expect(Self.isAllowed(DefaultSeccompProfile.profile(capabilities: [.sysPtrace], kernel: KernelVersion(4, 7)), name))
        }
    }

    @Test("personality only for the five documented values; socket never for AF_ALG or AF_VSOCK")
    func argumentRules() {
        let p = DefaultSeccompProfile.profile(capabilities: .containerDefault, kernel: Self.kernel)
        let values = Self.actions(p, "personality").compactMap { $0.args?.first?.value }
        #expect(Set(values) == [0, 8, 0x20000, 0x20008, 0xffff_ffff])
        #expect(!Self.isAllowed(p, "personality") && !Self.isAllowed(p, "socket"))

        // Evaluate the socket rules as the kernel filter does (64-bit comparisons, rules ORed).
        let rules = Self.actions(p, "socket")
        func allowed(_ family: UInt64) -> Bool {
            rules.contains { rule in
                (rule.args ?? []).allSatisfy { a in
                    switch a.op {
                    case .lessThan: family < a.value
                    case .equal: family == a.value
                    case .maskedEqual: family & a.value == a.valueTwo ?? 0
                    default: false
                    }
                }
            }
        }
        for family in [0, 1, 2, 10, 16, 17, 37, 39, 41, 42, 43, 44, 45, 46, 63] as [UInt64] { #expect(allowed(family), "family \(family)") }
        for family in [38, 40, 0x1_0000_0026, 0x1_0000_0028, 0xffff_ffff_0000_0002] as [UInt64] {
            #expect(!allowed(family), "family \(family)")
        }
    }

    @Test("every name in the tables is a real syscall name on some ABI or newer than libseccomp")
    func namesAreSyscalls() throws {
        let p = DefaultSeccompProfile.profile(capabilities: .all(upTo: .checkpointRestore), kernel: Self.kernel)
        let program = try SeccompProgram(compiling: p)
        // Only calls newer than libseccomp 2.5.4 may be unknown to it; a typo would show up here.
        let newerThanLibseccomp: Set<String> = [
            "cachestat", "fchmodat2", "map_shadow_stack", "futex_wake", "futex_wait", "futex_requeue", "mseal",
            "lsm_get_self_attr", "lsm_list_modules", "lsm_set_self_attr",
        ]
        #expect(Set(program.skippedSyscalls).isSubset(of: newerThanLibseccomp), "unknown: \(program.skippedSyscalls)")
    }
}
