// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteLinux
import ButteSeccomp

/// Everything that decides how one container runs. The agent, `butte run` and `butte oci` fill it in and
/// hand it to a ``Launcher``; the defaults are Butte's secure defaults (security.md §2).
public struct ContainerSpec: Sendable {
    /// Where the container's root filesystem comes from.
    public enum RootFilesystem: Hashable, Sendable {
        /// A directory bind-mounted as the root; writes go to it (like `podman run --rootfs`).
        case directory(String)
        /// An overlay of read-only `lower` directories (the first is the top layer) with a per-container
        /// upper and work directory under the runtime directory, thrown away with the container.
        case overlay(lower: [String])
    }

    /// How the container reaches the network.
    public enum Network: Hashable, Sendable {
        /// Its own network namespace with only loopback, up.
        case none
        /// The host's network namespace.
        case host
    }

    /// The seccomp filter to load.
    public enum Seccomp: Hashable, Sendable {
        /// Butte's default profile for the container's capabilities and the running kernel.
        case `default`
        /// No filter at all.
        case unconfined
        /// A filter compiled by the caller.
        case program(SeccompProgram)
    }

    /// A host path bind-mounted into the container (the sandbox, volumes).
    public struct BindMount: Hashable, Sendable {
        /// The host path.
        public var source: String
        /// Where it appears in the container.
        public var destination: String
        /// Mounted read-only.
        public var readOnly: Bool

        /// Creates a bind mount.
        public init(source: String, destination: String, readOnly: Bool = false) {
            self.source = source
            self.destination = destination
            self.readOnly = readOnly
        }
    }

    /// The user the command runs as, in the container's terms.
    public struct User: Hashable, Sendable {
        /// The uid.
        public var uid: UInt32
        /// The gid.
        public var gid: UInt32
        /// Supplementary groups.
        public var additionalGroups: [UInt32]

        /// Creates a user.
        public init(uid: UInt32, gid: UInt32, additionalGroups: [UInt32] = []) {
            self.uid = uid
            self.gid = gid
            self.additionalGroups = additionalGroups
        }

        /// uid 0, gid 0, no supplementary groups.
        public static let root = User(uid: 0, gid: 0)
    }

    /// A user namespace: how container ids map to host ids.
    public struct UserNamespace: Hashable, Sendable {
        /// `uid_map` lines.
        public var uidMappings: [IDMapping]
        /// `gid_map` lines.
        public var gidMappings: [IDMapping]

        /// Creates a mapping.
        public init(uidMappings: [IDMapping], gidMappings: [IDMapping]) {
            self.uidMappings = uidMappings
            self.gidMappings = gidMappings
        }

        /// Container ids 0–65535 as host ids from `hostBase` on.
        public static func range(hostBase: UInt32, count: UInt32 = 65536) -> UserNamespace {
            let m = [IDMapping(containerID: 0, hostID: hostBase, count: count)]
            return UserNamespace(uidMappings: m, gidMappings: m)
        }

        /// The host uid that container uid `id` stands for, if mapped.
        public func hostUID(_ id: UInt32) -> UInt32? { Self.map(id, uidMappings) }
        /// The host gid that container gid `id` stands for, if mapped.
        public func hostGID(_ id: UInt32) -> UInt32? { Self.map(id, gidMappings) }

        private static func map(_ id: UInt32, _ mappings: [IDMapping]) -> UInt32? {
            for m in mappings where id >= m.containerID && UInt64(id) < UInt64(m.containerID) + UInt64(m.count) {
                return m.hostID + (id - m.containerID)
            }
            return nil
        }
    }

    /// A name for the container, unique on this host; its runtime directory is named after it.
    public var id: String
    /// The root filesystem.
    public var rootfs: RootFilesystem
    /// Make the root filesystem read-only (mounts below it keep their own flags).
    public var readOnlyRootfs: Bool
    /// The command and its arguments; a command without `/` is looked up in the container's `PATH`.
    public var command: [String]
    /// `NAME=value` entries. `PATH` gets a default when missing, `HOSTNAME` the hostname.
    public var environment: [String]
    /// The working directory inside the container.
    public var workingDirectory: String
    /// The hostname (in the container's own UTS namespace); nil keeps the one the namespace starts with.
    public var hostname: String?
    /// Network mode.
    public var network: Network
    /// A user namespace, or nil to share the host's.
    public var userNamespace: UserNamespace?
    /// Who the command runs as.
    public var user: User
    /// Capability sets; the default is Podman's eleven in bounding, effective and permitted.
    public var capabilities: ProcessCapabilities
    /// Set no_new_privs (on by default; turning it off is "allow privilege escalation").
    public var noNewPrivileges: Bool
    /// The seccomp filter.
    public var seccomp: Seccomp
    /// Resource limits; the default is nofile 1024:1024 and core 0.
    public var resourceLimits: [ResourceLimit]
    /// Host paths bind-mounted into the container, in order.
    public var mounts: [BindMount]
    /// Paths hidden from the container (security.md §2.3).
    public var maskedPaths: [String]
    /// Paths made read-only (security.md §2.3).
    public var readOnlyPaths: [String]
    /// A cgroup v2 directory descriptor the container starts in (`CLONE_INTO_CGROUP`); owned by the caller.
    public var cgroupDescriptor: Int32?
    /// Descriptors for the command's stdin, stdout and stderr (owned by the caller); nil inherits the caller's.
    public var standardInput: Int32?
    /// See ``standardInput``.
    public var standardOutput: Int32?
    /// See ``standardInput``.
    public var standardError: Int32?
    /// Start a minimal init as pid 1 that forks the command, reaps zombies and forwards signals (like
    /// `docker run --init`); when false the command itself is pid 1.
    public var runsInit: Bool
    /// Kill the container when the launching process dies (`butte run`); the agent's containers outlive it.
    public var killWithLauncher: Bool

    /// A container running `command` in `rootfs` with Butte's defaults.
    public init(id: String, rootfs: RootFilesystem, command: [String]) {
        self.id = id
        self.rootfs = rootfs
        self.readOnlyRootfs = false
        self.command = command
        self.environment = []
        self.workingDirectory = "/"
        self.hostname = nil
        self.network = .none
        self.userNamespace = nil
        self.user = .root
        self.capabilities = .containerDefault
        self.noNewPrivileges = true
        self.seccomp = .default
        self.resourceLimits = ResourceLimit.containerDefaults
        self.mounts = []
        self.maskedPaths = Self.defaultMaskedPaths
        self.readOnlyPaths = Self.defaultReadOnlyPaths
        self.cgroupDescriptor = nil
        self.standardInput = nil
        self.standardOutput = nil
        self.standardError = nil
        self.killWithLauncher = false
        self.runsInit = true
    }

    /// Docker's masked paths (security.md §2.3); the `thermal_throttle` directories of each CPU are added
    /// from the host when the plan is built.
    public static let defaultMaskedPaths = [
        "/proc/acpi", "/proc/asound", "/proc/interrupts", "/proc/kcore", "/proc/keys", "/proc/latency_stats",
        "/proc/sched_debug", "/proc/scsi", "/proc/timer_list", "/proc/timer_stats", "/sys/devices/virtual/powercap",
        "/sys/firmware",
    ]

    /// Docker's and containerd's read-only paths (security.md §2.3).
    public static let defaultReadOnlyPaths = ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"]

    /// The `PATH` a container gets when its environment has none (Docker's).
    public static let defaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
}
