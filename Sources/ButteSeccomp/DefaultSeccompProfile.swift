// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteLinux

/// Butte's built-in seccomp profile: the shape of Docker's default profile (moby `profiles/seccomp`), an
/// allow-list with EPERM for everything else, written out here from the x86_64 syscall table.
///
/// The profile depends on the container's capabilities (a syscall guarded by a capability is allowed only
/// when the container holds it) and on the kernel (`ptrace` is safe for everyone from Linux 4.8 on).
public enum DefaultSeccompProfile {
    /// Syscalls every container may make, whatever its capabilities. Names of all ABIs Butte filters
    /// (x86_64, x86, x32, aarch64, arm); a name absent from an ABI is left out for that ABI.
    public static let allowed: [String] = [
        // Files and directories.
        "access", "chdir", "chmod", "chown", "chown32", "close", "close_range", "copy_file_range", "creat", "dup",
        "dup2", "dup3", "faccessat", "faccessat2", "fadvise64", "fadvise64_64", "fallocate", "fchdir", "fchmod",
        "fchmodat", "fchmodat2", "fchown", "fchown32", "fchownat", "fcntl", "fcntl64", "fdatasync", "flock", "fstat",
        "fstat64", "fstatat64", "fstatfs", "fstatfs64", "fsync", "ftruncate", "ftruncate64", "futimesat", "getcwd",
        "getdents", "getdents64", "lchown", "lchown32", "link", "linkat", "_llseek", "lseek", "lstat", "lstat64",
        "mkdir", "mkdirat", "mknod", "mknodat", "name_to_handle_at", "newfstatat", "open", "openat", "openat2",
        "readlink", "readlinkat", "rename", "renameat", "renameat2", "rmdir", "stat", "stat64", "statfs",
        "statfs64", "statx", "symlink", "symlinkat", "sync", "sync_file_range", "syncfs", "truncate", "truncate64",
        "umask", "unlink", "unlinkat", "utime", "utimensat", "utimensat_time64", "utimes", "cachestat",
        // Extended attributes.
        "fgetxattr", "flistxattr", "fremovexattr", "fsetxattr", "getxattr", "lgetxattr", "listxattr", "llistxattr",
        "lremovexattr", "lsetxattr", "removexattr", "setxattr",
        // Reading, writing, polling, events.
        "epoll_create", "epoll_create1", "epoll_ctl", "epoll_ctl_old", "epoll_pwait", "epoll_pwait2", "epoll_wait",
        "epoll_wait_old", "eventfd", "eventfd2", "inotify_add_watch", "inotify_init", "inotify_init1",
        "inotify_rm_watch", "fanotify_mark", "io_cancel", "io_destroy", "io_getevents", "io_pgetevents",
        "io_pgetevents_time64", "io_setup", "io_submit", "ioctl", "pipe", "pipe2", "poll", "ppoll", "ppoll_time64",
        "pread64", "preadv", "preadv2", "pselect6", "pselect6_time64", "pwrite64", "pwritev", "pwritev2", "read",
        "readahead", "readv", "select", "_newselect", "sendfile", "sendfile64", "splice", "tee", "vmsplice", "write",
        "writev",
        // Memory.
        "brk", "madvise", "map_shadow_stack", "membarrier", "memfd_create", "memfd_secret", "mincore", "mlock",
        "mlock2", "mlockall", "mmap", "mmap2", "mprotect", "mremap", "mseal", "msync", "munlock", "munlockall",
        "munmap", "pkey_alloc", "pkey_free", "pkey_mprotect", "remap_file_pages",
        // Processes, threads, scheduling.
        "arch_prctl", "capget", "capset", "execve", "execveat", "exit", "exit_group", "fork", "get_robust_list",
        "get_thread_area", "getcpu", "getpgid", "getpgrp", "getpid", "getppid", "getpriority", "getrlimit",
        "getrusage", "getsid", "gettid", "ioprio_get", "ioprio_set", "modify_ldt", "pidfd_open",
        "pidfd_send_signal", "prctl", "prlimit64", "process_mrelease", "restart_syscall", "rseq", "sched_get_priority_max",
        "sched_get_priority_min", "sched_getaffinity", "sched_getattr", "sched_getparam", "sched_getscheduler",
        "sched_rr_get_interval", "sched_rr_get_interval_time64", "sched_setaffinity", "sched_setattr",
        "sched_setparam", "sched_setscheduler", "sched_yield", "seccomp", "set_robust_list", "set_thread_area",
        "set_tid_address", "setpgid", "setpriority", "setrlimit", "setsid", "ugetrlimit", "vfork", "wait4", "waitid",
        "waitpid", "landlock_add_rule", "landlock_create_ruleset", "landlock_restrict_self",
        // Credentials (the kernel checks CAP_SETUID/CAP_SETGID itself).
        "getegid", "getegid32", "geteuid", "geteuid32", "getgid", "getgid32", "getgroups", "getgroups32",
        "getresgid", "getresgid32", "getresuid", "getresuid32", "getuid", "getuid32", "setfsgid", "setfsgid32",
        "setfsuid", "setfsuid32", "setgid", "setgid32", "setgroups", "setgroups32", "setregid", "setregid32",
        "setresgid", "setresgid32", "setresuid", "setresuid32", "setreuid", "setreuid32", "setuid", "setuid32",
        // Signals.
        "alarm", "kill", "pause", "rt_sigaction", "rt_sigpending", "rt_sigprocmask", "rt_sigqueueinfo",
        "rt_sigreturn", "rt_sigsuspend", "rt_sigtimedwait", "rt_sigtimedwait_time64", "rt_tgsigqueueinfo",
        "sigaltstack", "signalfd", "signalfd4", "sigprocmask", "sigreturn", "tgkill", "tkill",
        // Time (reading it; setting it needs CAP_SYS_TIME below, and adjtimex checks it in the kernel).
        "adjtimex", "clock_adjtime", "clock_adjtime64", "clock_getres", "clock_getres_time64", "clock_gettime",
        "clock_gettime64", "clock_nanosleep", "clock_nanosleep_time64", "getitimer", "gettimeofday", "nanosleep",
        "setitimer", "time", "timer_create", "timer_delete", "timer_getoverrun", "timer_gettime", "timer_gettime64",
        "timer_settime", "timer_settime64", "timerfd_create", "timerfd_gettime", "timerfd_gettime64",
        "timerfd_settime", "timerfd_settime64", "times",
        // Futexes.
        "futex", "futex_requeue", "futex_time64", "futex_wait", "futex_waitv", "futex_wake",
        // System V and POSIX IPC (namespaced by the container's IPC namespace).
        "ipc", "mq_getsetattr", "mq_notify", "mq_open", "mq_timedreceive", "mq_timedreceive_time64",
        "mq_timedsend", "mq_timedsend_time64", "mq_unlink", "msgctl", "msgget", "msgrcv", "msgsnd", "semctl",
        "semget", "semop", "semtimedop", "semtimedop_time64", "shmat", "shmctl", "shmdt", "shmget",
        // Sockets (socket itself is filtered by family below).
        "accept", "accept4", "bind", "connect", "getpeername", "getsockname", "getsockopt", "listen", "recv",
        "recvfrom", "recvmmsg", "recvmmsg_time64", "recvmsg", "send", "sendmmsg", "sendmsg", "sendto", "setsockopt",
        "shutdown", "socketpair",
        // The multiplexed socket entry of 32-bit x86 (glibc built for old kernels uses it for every socket call).
        // Its arguments live in memory a filter cannot read, so the family check above covers the direct
        // `socket` entry only: as in Docker's profile, x86 programs going through socketcall are not filtered.
        "socketcall",
        // Information.
        "getrandom", "sysinfo", "uname",
        // 32-bit ARM entry points (for aarch64 hosts, which filter the arm ABI too).
        "arm_fadvise64_64", "arm_sync_file_range", "breakpoint", "cacheflush", "set_tls", "sync_file_range2",
    ]

    /// Syscalls allowed for everyone from Linux 4.8 on; before 4.8, ptrace could be used to get around seccomp,
    /// so on older kernels they need CAP_SYS_PTRACE.
    public static let allowedSinceLinux48: [String] = ["ptrace", "process_vm_readv", "process_vm_writev"]

    /// Syscalls allowed only when the container holds the capability.
    public static let byCapability: [(capability: Capability, names: [String])] = [
        (
            .sysAdmin,
            [
                "bpf", "clone", "clone3", "fanotify_init", "fsconfig", "fsmount", "fsopen", "fspick", "lookup_dcookie",
                "lsm_get_self_attr", "lsm_list_modules", "lsm_set_self_attr", "mount", "mount_setattr", "move_mount",
                "open_tree", "perf_event_open", "quotactl", "quotactl_fd", "setdomainname", "sethostname", "setns",
                "syslog", "umount", "umount2", "unshare",
            ]
        ),
        (.sysPtrace, ["kcmp", "pidfd_getfd", "process_madvise", "process_vm_readv", "process_vm_writev", "ptrace"]),
        (.sysModule, ["delete_module", "finit_module", "init_module"]),
        (.sysBoot, ["reboot"]),
        (.sysChroot, ["chroot"]),
        (.sysPacct, ["acct"]),
        (.sysRawio, ["ioperm", "iopl"]),
        (.sysTime, ["clock_settime", "clock_settime64", "settimeofday", "stime"]),
        (.sysNice, ["get_mempolicy", "mbind", "set_mempolicy", "set_mempolicy_home_node"]),
        (.sysTtyConfig, ["vhangup"]),
        (.syslog, ["syslog"]),
        (.bpf, ["bpf"]),
        (.perfmon, ["perf_event_open"]),
        (.dacReadSearch, ["open_by_handle_at"]),
    ]

    /// Syscalls no container gets, whatever its capabilities: key management (not namespaced), kexec, userfaultfd
    /// and io_uring (kernel attack surface), pivot_root, swap, `open_by_handle_at`'s neighbours of the "shocker"
    /// class, NUMA page migration of other processes, and obsolete calls.
    public static let denied: [String] = [
        "_sysctl", "add_key", "create_module", "get_kernel_syms", "io_uring_enter", "io_uring_register",
        "io_uring_setup", "kexec_file_load", "kexec_load", "keyctl", "migrate_pages", "move_pages", "nfsservctl",
        "pivot_root", "query_module", "request_key", "swapoff", "swapon", "sysfs", "uselib", "userfaultfd", "ustat",
        "vm86", "vm86old",
    ]

    /// The `personality(2)` values allowed: PER_LINUX, UNAME26, PER_LINUX32, PER_LINUX32|UNAME26, and the query
    /// 0xffffffff.
    public static let allowedPersonalities: [UInt64] = [0x0, 0x8, 0x20000, 0x20008, 0xffff_ffff]

    /// The clone flags that create namespaces (NEWNS, NEWCGROUP, NEWUTS, NEWIPC, NEWUSER, NEWPID, NEWNET); `clone`
    /// with any of them is refused without CAP_SYS_ADMIN.
    public static let namespaceCloneFlags: UInt64 = 0x7E02_0000

    /// ENOSYS, the errno of `clone3` without CAP_SYS_ADMIN: libc then falls back to `clone`, whose flags a
    /// classic BPF filter can inspect (clone3 passes them in memory).
    static let enosys: UInt32 = 38
    /// EPERM.
    static let eperm: UInt32 = 1

    /// The profile for a container holding `capabilities` on a kernel of `kernel`, covering every ABI of
    /// `native` (x86_64 also filters x86 and x32, so `int 0x80` cannot bypass it).
    ///
    /// Syscalls the profile refuses are listed too (with the default EPERM) so that they count as known:
    /// only syscalls newer than everything the profile names get ENOSYS (see `SeccompProgram`).
    public static func profile(
        capabilities: CapabilitySet,
        kernel: KernelVersion,
        native: SeccompArchitecture = SeccompArchitecture.native ?? .x86_64
    ) -> SeccompProfile {
        let sysAdmin = capabilities.contains(.sysAdmin)
        var granted: [String] = allowed
        var seen = Set(allowed)
        func grant(_ names: [String]) {
            for n in names where !seen.contains(n) {
                granted.append(n)
                seen.insert(n)
            }
        }
        if kernel >= KernelVersion(4, 8) { grant(allowedSinceLinux48) }
        for group in byCapability where capabilities.contains(group.capability) { grant(group.names) }

        var rules: [SeccompSyscallRule] = [SeccompSyscallRule(names: granted, action: .allow)]

        rules += allowedPersonalities.map { value in
            SeccompSyscallRule(names: ["personality"], action: .allow, args: [SeccompArgument(index: 0, value: value, op: .equal)])
        }
        rules += socketRules()
        if !sysAdmin {
            rules.append(
                SeccompSyscallRule(
                    names: ["clone"], action: .allow,
                    args: [SeccompArgument(index: 0, value: namespaceCloneFlags, valueTwo: 0, op: .maskedEqual)]))
            rules.append(SeccompSyscallRule(names: ["clone3"], action: .errno, errnoRet: enosys))
        }

        // Refused syscalls, named so that they count as known to the profile.
        var refused: [String] = []
        var refusedSeen = seen.union(["clone", "clone3", "personality", "socket"])
        for name in byCapability.flatMap(\.names) + allowedSinceLinux48 + denied where !refusedSeen.contains(name) {
            refused.append(name)
            refusedSeen.insert(name)
        }
        rules.append(SeccompSyscallRule(names: refused, action: .errno, errnoRet: eperm))

        return SeccompProfile(
            defaultAction: .errno,
            defaultErrnoRet: eperm,
            architectures: SeccompArchitecture.companions(of: native),
            syscalls: rules
        )
    }

    /// `socket` for every address family except AF_ALG (38) and AF_VSOCK (40).
    ///
    /// The kernel reads the family as a 32-bit int, but a filter compares all 64 bits of the register: a rule
    /// "family > 40" would let 0x1_0000_0026 through, which the kernel sees as AF_ALG. So the families above 40 are
    /// allowed as exact 64-bit ranges up to 63 (AF_MAX is 46 in Linux 6.18), never as an open "greater than".
    static func socketRules() -> [SeccompSyscallRule] {
        func rule(_ arg: SeccompArgument) -> SeccompSyscallRule {
            SeccompSyscallRule(names: ["socket"], action: .allow, args: [arg])
        }
        return [
            rule(SeccompArgument(index: 0, value: 38, op: .lessThan)),  // 0 ... 37
            rule(SeccompArgument(index: 0, value: 39, op: .equal)),  // 39
            rule(SeccompArgument(index: 0, value: 41, op: .equal)),  // 41
            rule(SeccompArgument(index: 0, value: ~UInt64(1), valueTwo: 42, op: .maskedEqual)),  // 42 ... 43
            rule(SeccompArgument(index: 0, value: ~UInt64(3), valueTwo: 44, op: .maskedEqual)),  // 44 ... 47
            rule(SeccompArgument(index: 0, value: ~UInt64(15), valueTwo: 48, op: .maskedEqual)),  // 48 ... 63
        ]
    }
}
