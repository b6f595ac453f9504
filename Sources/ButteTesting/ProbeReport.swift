// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import Foundation

/// The JSON reports `rootfs/probe` prints, one type per subcommand.
///
/// Field names follow the probe's snake_case keys, decoded with `convertFromSnakeCase`
/// (see ``Probe/decode(_:from:)``). Errno fields are `nil` when the operation succeeded.
public enum ProbeReport {
    /// `probe ids`: who and where the process is.
    public struct IDs: Decodable, Sendable, Equatable {
        public var pid: Int32
        public var ppid: Int32
        public var pgid: Int32
        public var sid: Int32
        public var hostname: String
        public var uid: UInt32
        public var euid: UInt32
        public var suid: UInt32
        public var gid: UInt32
        public var egid: UInt32
        public var sgid: UInt32
        /// Supplementary groups.
        public var groups: [UInt32]
    }

    /// `probe caps`: the capability sets, no_new_privs and the seccomp state from `/proc/self/status`.
    public struct Capabilities: Decodable, Sendable, Equatable {
        public var inheritable: UInt64
        public var permitted: UInt64
        public var effective: UInt64
        public var bounding: UInt64
        /// `nil` on kernels without ambient capabilities.
        public var ambient: UInt64?
        public var noNewPrivs: Bool
        /// 0 disabled, 1 strict, 2 filter.
        public var seccompMode: Int
        /// How many filters are attached; `nil` on kernels before 5.9.
        public var seccompFilters: Int?

        private enum CodingKeys: String, CodingKey {
            case capInh, capPrm, capEff, capBnd, capAmb, noNewPrivs, seccomp, seccompFilters
        }

        /// Decodes the probe's report, whose masks are hex strings as in `/proc/self/status`.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            func mask(_ key: CodingKeys) throws -> UInt64? {
                guard let text = try c.decodeIfPresent(String.self, forKey: key) else { return nil }
                guard let value = UInt64(text, radix: 16) else {
                    throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: "not a hex mask: \(text)")
                }
                return value
            }
            func required(_ key: CodingKeys) throws -> UInt64 {
                guard let value = try mask(key) else {
                    throw DecodingError.valueNotFound(UInt64.self, .init(codingPath: [key], debugDescription: "missing \(key)"))
                }
                return value
            }
            inheritable = try required(.capInh)
            permitted = try required(.capPrm)
            effective = try required(.capEff)
            bounding = try required(.capBnd)
            ambient = try mask(.capAmb)
            noNewPrivs = try c.decode(Int.self, forKey: .noNewPrivs) != 0
            seccompMode = try c.decode(Int.self, forKey: .seccomp)
            seccompFilters = try c.decodeIfPresent(Int.self, forKey: .seccompFilters)
        }

        /// Parses the same fields out of a `/proc/<pid>/status` text, to compare a container with its parent.
        /// - Throws: ``ProbeError/malformedOutput(_:_:)`` when a capability line is missing or not hex.
        public init(procStatus text: String) throws(ProbeError) {
            var fields: [String: String] = [:]
            for line in text.split(separator: "\n") {
                guard let colon = line.firstIndex(of: ":") else { continue }
                fields[String(line[..<colon])] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
            func mask(_ key: String) throws(ProbeError) -> UInt64 {
                guard let text = fields[key], let value = UInt64(text, radix: 16) else {
                    throw ProbeError.malformedOutput("/proc status has no hex \(key)", text)
                }
                return value
            }
            inheritable = try mask("CapInh")
            permitted = try mask("CapPrm")
            effective = try mask("CapEff")
            bounding = try mask("CapBnd")
            ambient = fields["CapAmb"].flatMap { UInt64($0, radix: 16) }
            noNewPrivs = fields["NoNewPrivs"] == "1"
            seccompMode = fields["Seccomp"].flatMap { Int($0) } ?? 0
            seccompFilters = fields["Seccomp_filters"].flatMap { Int($0) }
        }
    }

    /// `probe syscalls NAME...`: one row per probed syscall, in the order asked for.
    public struct Syscalls: Decodable, Sendable, Equatable {
        public var syscalls: [Syscall]

        /// The row for `name`, if it was probed.
        public subscript(name: String) -> Syscall? {
            syscalls.first { $0.name == name }
        }
    }

    /// One syscall probe: the call made, its result, and what the result means.
    public struct Syscall: Decodable, Sendable, Equatable {
        /// What the result of a probed syscall means; the probe's source documents it per syscall.
        public enum Verdict: String, Decodable, Sendable {
            /// The call got past seccomp, capability and LSM checks.
            case allowed
            /// EPERM or EACCES: a filter, a missing capability, an LSM or a sysctl refused it.
            case denied
            /// ENOSYS: a filter hides the syscall, or the kernel lacks it.
            case enosys
            /// EAFNOSUPPORT: the kernel lacks the socket family.
            case unsupported
            /// The child running the call was killed by a signal (a seccomp kill action).
            case killed
            /// A result the probe does not know how to read.
            case unexpected
            /// The probe could not set the call up (see ``Syscall/detail``).
            case error
        }

        /// The probe's name for it (`mount`, `clone-newuser`, `socket-packet`).
        public var name: String
        /// The exact call, for messages.
        public var call: String
        /// The return value; `nil` when the child was killed.
        public var ret: Int64?
        public var errno: Int32?
        public var errnoName: String?
        public var verdict: Verdict
        /// The signal that killed the child, for ``Verdict/killed``.
        public var signal: Int32?
        /// What failed, for ``Verdict/error``.
        public var detail: String?
    }

    /// `probe fds`: the open file descriptors.
    public struct FileDescriptors: Decodable, Sendable, Equatable {
        /// One open descriptor.
        public struct Entry: Decodable, Sendable, Equatable {
            public var fd: Int32
            /// The `/proc/self/fd` link target (`/dev/null`, `pipe:[1234]`).
            public var target: String?
            public var cloexec: Bool?
        }

        public var fds: [Entry]
    }

    /// `probe mounts`: `/proc/self/mountinfo`.
    public struct Mounts: Decodable, Sendable, Equatable {
        /// One mountinfo line.
        public struct Mount: Decodable, Sendable, Equatable {
            public var id: Int
            public var parent: Int
            /// `major:minor`.
            public var device: String
            /// The root of the mount within its filesystem.
            public var root: String
            /// Where it is mounted, relative to the process's root.
            public var mountPoint: String
            /// Per-mount options (`rw,nosuid,nodev`).
            public var options: String
            /// Optional fields such as `shared:1` or `master:2`.
            public var propagation: [String]
            public var fsType: String
            public var source: String
            public var superOptions: String

            /// ``options`` split at commas.
            public var optionList: [String] { options.split(separator: ",").map(String.init) }
        }

        public var mounts: [Mount]

        /// The mount that is visible at `path` (the last one mounted there).
        public func mount(at path: String) -> Mount? {
            mounts.last { $0.mountPoint == path }
        }
    }

    /// `probe read PATH...`: one result per path.
    public struct FileReads: Decodable, Sendable, Equatable {
        public var results: [FileRead]
    }

    /// Whether one file could be opened and read.
    public struct FileRead: Decodable, Sendable, Equatable {
        public var path: String
        public var ok: Bool
        /// `open` or `read` when it failed.
        public var stage: String?
        public var errno: Int32?
        public var errnoName: String?
        public var bytes: Int
        /// What was read (at most 4096 bytes); invalid UTF-8 comes back as U+FFFD.
        public var data: String?
    }

    /// `probe write PATH [DATA]`: whether the file could be opened for writing (and DATA written).
    public struct FileWrite: Decodable, Sendable, Equatable {
        public var path: String
        public var ok: Bool
        /// `open`, `write` or `close` when it failed.
        public var stage: String?
        public var errno: Int32?
        public var errnoName: String?
        public var bytes: Int
    }

    /// `probe cgroup`: `/proc/self/cgroup` and, with cgroup2 at `/sys/fs/cgroup`, the own cgroup's limits.
    public struct Cgroup: Decodable, Sendable, Equatable {
        /// One `/proc/self/cgroup` line.
        public struct Entry: Decodable, Sendable, Equatable {
            /// 0 for the unified (v2) hierarchy.
            public var hierarchy: Int
            public var controllers: String
            public var path: String
        }

        /// One control file of the own cgroup.
        public struct File: Decodable, Sendable, Equatable {
            /// The contents without the trailing newline; `nil` when it could not be read.
            public var value: String?
            public var errno: Int32?
            public var errnoName: String?
        }

        public var entries: [Entry]
        /// Whether `/sys/fs/cgroup` is a cgroup2 mount.
        public var cgroup2Mounted: Bool
        /// The own cgroup's directory under `/sys/fs/cgroup`, when mounted.
        public var dir: String?
        /// `cgroup.controllers`, `memory.max`, `pids.max`, `cpu.max`, when mounted.
        public var files: [String: File]

        /// The own cgroup path in the unified hierarchy.
        public var unifiedPath: String? { entries.first { $0.hierarchy == 0 }?.path }
    }

    /// `probe env`: the environment, in order.
    public struct Environment: Decodable, Sendable, Equatable {
        public var env: [String]

        /// The environment as a dictionary (the first of duplicate names wins, as in `getenv`).
        public var variables: [String: String] {
            var result: [String: String] = [:]
            for entry in env {
                let parts = entry.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let name = String(parts[0])
                if result[name] == nil { result[name] = parts.count > 1 ? String(parts[1]) : "" }
            }
            return result
        }
    }

    /// `probe cwd`: the working directory as the kernel reports it (`(unreachable)/...` outside the root).
    public struct WorkingDirectory: Decodable, Sendable, Equatable {
        public var cwd: String
    }

    /// `probe rlimits`: every resource limit by its short name (`nofile`, `core`, `nproc`, ...).
    public struct ResourceLimits: Decodable, Sendable, Equatable {
        /// Soft and hard limit; `nil` means unlimited.
        public struct Limit: Decodable, Sendable, Equatable {
            public var soft: UInt64?
            public var hard: UInt64?
        }

        public var limits: [String: Limit]

        public var nofile: Limit? { limits["nofile"] }
        public var core: Limit? { limits["core"] }
        public var nproc: Limit? { limits["nproc"] }

        /// Decodes the probe's flat object of limits.
        public init(from decoder: any Decoder) throws {
            limits = try decoder.singleValueContainer().decode([String: Limit].self)
        }
    }

    /// `probe sleep SECONDS`.
    public struct Sleep: Decodable, Sendable, Equatable {
        /// Seconds actually slept.
        public var slept: Double
    }

    /// `probe exit CODE`, printed before exiting.
    public struct Exit: Decodable, Sendable, Equatable {
        public var exit: Int32
    }

    /// `probe spin SECONDS`.
    public struct Spin: Decodable, Sendable, Equatable {
        public var wallSeconds: Double
        /// CPU time the process got, which a `cpu.max` limit bounds.
        public var cpuSeconds: Double
        public var iterations: UInt64
    }

    /// `probe fork-children N [SECONDS]`, printed while the children live.
    public struct Children: Decodable, Sendable, Equatable {
        public var pid: Int32
        public var children: [Int32]
    }

    /// `probe forkbomb MAX`.
    public struct ForkBomb: Decodable, Sendable, Equatable {
        /// How many children existed at once before fork failed or MAX was reached.
        public var forked: Int
        public var reachedMax: Bool
        /// Why fork failed (EAGAIN under a pids limit); `nil` when MAX was reached.
        public var errno: Int32?
        public var errnoName: String?
    }

    /// `probe alloc MB`, printed after every page was touched.
    public struct Allocation: Decodable, Sendable, Equatable {
        public var allocatedMb: Int
    }

    /// What the probe prints when it cannot do its job (exit status 1).
    public struct Failure: Decodable, Sendable, Equatable {
        public var error: String
        public var errno: Int32?
        public var errnoName: String?
    }
}
