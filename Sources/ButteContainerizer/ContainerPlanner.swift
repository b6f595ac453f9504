// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteLinux
import ButteSeccomp

/// Turns a ``ContainerSpec`` into the ``SpawnPlan`` the child runs: namespaces, root filesystem, `/proc`,
/// a fresh `/dev`, `/sys`, bind mounts, masks, `pivot_root`, identity, limits, capabilities, no_new_privs
/// and seccomp, in the order the kernel needs them. Pure: everything it depends on comes in as arguments.
public enum ContainerPlanner {
    /// Where the launcher put the container's state.
    public struct Paths: Hashable, Sendable {
        /// The directory the root filesystem is mounted on and pivoted into.
        public var rootfsMountPoint: String
        /// The overlay upper directory (with ``ContainerSpec/RootFilesystem/overlay(lower:)``).
        public var upper: String?
        /// The overlay work directory.
        public var work: String?

        /// Creates paths.
        public init(rootfsMountPoint: String, upper: String? = nil, work: String? = nil) {
            self.rootfsMountPoint = rootfsMountPoint
            self.upper = upper
            self.work = work
        }
    }

    /// The device nodes of a container's `/dev` (runc's allowed devices): name, major, minor.
    public static let devices: [(name: String, major: UInt32, minor: UInt32)] = [
        ("null", 1, 3), ("zero", 1, 5), ("full", 1, 7), ("random", 1, 8), ("urandom", 1, 9), ("tty", 5, 0),
    ]

    /// Builds the plan.
    ///
    /// - Parameters:
    ///   - spec: the container.
    ///   - paths: where its root filesystem is mounted (and the overlay directories).
    ///   - host: kernel and host facts.
    ///   - seccomp: the compiled filter, or nil for none.
    /// - Throws: `ContainerizerError` (`.invalidSpec`) naming what is wrong with the spec.
    public static func plan(
        _ spec: ContainerSpec, paths: Paths, host: HostFacts, seccomp: SeccompProgram?
    ) throws(ContainerizerError) -> SpawnPlan {
        try validate(spec, host: host)
        var namespaces = NamespaceSet.container
        if spec.network == .none { namespaces.insert(.network) }
        let inUserNamespace = spec.userNamespace != nil
        if inUserNamespace { namespaces.insert(.user) }

        var ops: [SpawnOperation] = []
        // Not dumpable from the first instruction: nothing in the container may ptrace or open /proc/1/* of
        // the process that is setting it up (CVE-2016-9962, CVE-2019-5736).
        ops.append(.setDumpable(false))
        if inUserNamespace {
            // The child still carries the host's uid 0, which the namespace does not map: become the
            // namespace's root, or everything it creates (mounts, files) fails with EOVERFLOW or EACCES.
            ops.append(.setIDs(uid: 0, gid: 0, groups: []))
        }
        // Nothing mounted from here on may propagate back to the host.
        ops.append(.mount(source: nil, target: "/", type: nil, flags: [.recursive, .private], data: nil))

        let root = paths.rootfsMountPoint
        switch spec.rootfs {
        case .directory(let dir):
            ops.append(.mount(source: dir, target: root, type: nil, flags: [.bind, .recursive], data: nil))
        case .overlay(let lower):
            guard let upper = paths.upper, let work = paths.work else {
                throw ContainerizerError(.invalidSpec, "an overlay root filesystem needs an upper and a work directory")
            }
            let data = "lowerdir=\(lower.joined(separator: ":")),upperdir=\(upper),workdir=\(work)"
            ops.append(.mount(source: "overlay", target: root, type: "overlay", flags: [], data: data))
        }
        ops.append(.openRoot(root))

        ops.append(.mountInRoot(target: "/proc", type: "proc", source: "proc", flags: .restricted, data: nil, missing: .createDirectory))
        ops.append(
            .mountInRoot(
                target: "/dev", type: "tmpfs", source: "tmpfs", flags: [.noSetuid, .strictAccessTime], data: "mode=755,size=65536k",
                missing: .createDirectory))
        for device in devices {
            let path = "/dev/" + device.name
            if inUserNamespace {
                // mknod is refused in a user namespace; bind the host's node instead.
                ops.append(.bindInRoot(source: path, target: path, attributes: [.noSetuid, .noExec], missing: .createFile))
            } else {
                let device64 = makeDevice(major: device.major, minor: device.minor)
                ops.append(.makeNodeInRoot(path: path, mode: 0o020000 | 0o666, device: device64))
            }
        }
        let ptsData = inUserNamespace ? "newinstance,ptmxmode=0666,mode=0620" : "newinstance,ptmxmode=0666,mode=0620,gid=5"
        ops.append(
            .mountInRoot(target: "/dev/pts", type: "devpts", source: "devpts", flags: [.noSetuid, .noExec], data: ptsData, missing: .createDirectory))
        ops.append(.symlinkInRoot(path: "/dev/ptmx", target: "pts/ptmx"))
        ops.append(.symlinkInRoot(path: "/dev/fd", target: "/proc/self/fd"))
        ops.append(.symlinkInRoot(path: "/dev/stdin", target: "/proc/self/fd/0"))
        ops.append(.symlinkInRoot(path: "/dev/stdout", target: "/proc/self/fd/1"))
        ops.append(.symlinkInRoot(path: "/dev/stderr", target: "/proc/self/fd/2"))
        ops.append(
            .mountInRoot(
                target: "/dev/shm", type: "tmpfs", source: "shm", flags: .restricted, data: "mode=1777,size=65536k", missing: .createDirectory))
        ops.append(.mountInRoot(target: "/dev/mqueue", type: "mqueue", source: "mqueue", flags: .restricted, data: nil, missing: .createDirectory))

        if spec.network == .host {
            // sysfs can only be mounted by the owner of the network namespace, and kernels refuse a second
            // sysfs for a network namespace already shown elsewhere (EBUSY): bind the host's, read-only.
            ops.append(
                .bindInRoot(source: "/sys", target: "/sys", attributes: [.readOnly, .noSetuid, .noDevices, .noExec], missing: .createDirectory))
        } else {
            ops.append(
                .mountInRoot(
                    target: "/sys", type: "sysfs", source: "sysfs", flags: MountFlags.restricted.union(.readOnly), data: nil,
                    missing: .createDirectory))
            ops.append(
                .mountInRoot(
                    target: "/sys/fs/cgroup", type: "cgroup2", source: "cgroup2", flags: MountFlags.restricted.union(.readOnly), data: nil,
                    missing: .skip))
        }

        for mount in spec.mounts {
            let kind = host.fileKind(mount.source)
            guard kind != .missing else {
                throw ContainerizerError(.invalidSpec, "the bind mount source \(mount.source) does not exist")
            }
            var attributes: MountAttributes = [.noSetuid, .noDevices]
            if mount.readOnly { attributes.insert(.readOnly) }
            ops.append(
                .bindInRoot(
                    source: mount.source, target: mount.destination, attributes: attributes,
                    missing: kind == .directory ? .createDirectory : .createFile))
        }

        for path in spec.maskedPaths + host.thermalThrottlePaths { ops.append(.maskInRoot(path)) }
        for path in spec.readOnlyPaths { ops.append(.readOnlyInRoot(path)) }
        if spec.readOnlyRootfs { ops.append(.rootReadOnly) }
        ops.append(.pivotRoot)

        if let hostname = spec.hostname { ops.append(.setHostname(hostname)) }
        if spec.network == .none { ops.append(.loopbackUp) }
        for limit in spec.resourceLimits { ops.append(.setResourceLimit(limit)) }
        ops.append(.newSession)

        let caps = spec.capabilities
        let drops = CapabilitySet.all(upTo: host.lastCapability).subtracting(caps.bounding)
        if !drops.isEmpty { ops.append(.dropBounding(drops)) }
        // Without no_new_privs the filter can only be loaded while CAP_SYS_ADMIN is still effective.
        if !spec.noNewPrivileges, let seccomp { ops.append(.seccomp(filter: seccomp.bytes, flags: seccomp.flags)) }
        ops.append(.setIDs(uid: spec.user.uid, gid: spec.user.gid, groups: spec.user.additionalGroups))
        ops.append(.setCapabilities(caps))
        ops.append(.setAmbient(caps.ambient))
        ops.append(.closeFileDescriptors)
        ops.append(.changeDirectory(spec.workingDirectory))
        if spec.noNewPrivileges {
            ops.append(.noNewPrivileges)
            // Last, so the filter only has to allow what the init and execve need.
            if let seccomp { ops.append(.seccomp(filter: seccomp.bytes, flags: seccomp.flags)) }
        }

        var environment = spec.environment
        if !environment.contains(where: { $0.hasPrefix("PATH=") }) { environment.insert("PATH=" + ContainerSpec.defaultPath, at: 0) }
        if let hostname = spec.hostname, !environment.contains(where: { $0.hasPrefix("HOSTNAME=") }) {
            environment.append("HOSTNAME=" + hostname)
        }
        let search = environment.last(where: { $0.hasPrefix("PATH=") }).map { String($0.dropFirst(5)) } ?? ContainerSpec.defaultPath

        return SpawnPlan(
            namespaces: namespaces,
            cgroupDescriptor: spec.cgroupDescriptor,
            operations: ops,
            executableCandidates: executableCandidates(spec.command[0], path: search),
            arguments: spec.command,
            environment: environment,
            runsInit: spec.runsInit,
            standardInput: spec.standardInput,
            standardOutput: spec.standardOutput,
            standardError: spec.standardError,
            uidMappings: spec.userNamespace?.uidMappings ?? [],
            gidMappings: spec.userNamespace?.gidMappings ?? [],
            parentDeathSignal: spec.killWithLauncher ? 9 : nil
        )
    }

    /// The paths `execve` tries for `command`: itself when it holds a slash, else each absolute `PATH` entry.
    public static func executableCandidates(_ command: String, path: String) -> [String] {
        if command.contains("/") { return [command] }
        let dirs = path.split(separator: ":", omittingEmptySubsequences: true).filter { $0.hasPrefix("/") }
        return dirs.map { $0.hasSuffix("/") ? "\($0)\(command)" : "\($0)/\(command)" }
    }

    /// The kernel's encoding of a device number (`makedev`).
    public static func makeDevice(major: UInt32, minor: UInt32) -> UInt64 {
        let ma = UInt64(major)
        let mi = UInt64(minor)
        return (ma & 0xfff) << 8 | (ma & ~0xfff) << 32 | (mi & 0xff) | (mi & ~0xff) << 12
    }

    static func validate(_ spec: ContainerSpec, host: HostFacts) throws(ContainerizerError) {
        guard let first = spec.command.first, !first.isEmpty else {
            throw ContainerizerError(.invalidSpec, "the container has no command to run")
        }
        guard spec.workingDirectory.hasPrefix("/") else {
            throw ContainerizerError(.invalidSpec, "the working directory \(spec.workingDirectory) is not an absolute path")
        }
        for mount in spec.mounts {
            guard mount.destination.hasPrefix("/"), !mount.destination.split(separator: "/").contains("..") else {
                throw ContainerizerError(.invalidSpec, "the bind mount destination \(mount.destination) is not an absolute path without '..'")
            }
            let top = mount.destination.split(separator: "/").first.map(String.init) ?? ""
            if top == "proc" || top == "sys" || mount.destination == "/" || mount.destination == "/dev" {
                throw ContainerizerError(.invalidSpec, "a bind mount may not cover \(mount.destination)")
            }
        }
        if case .overlay(let lower) = spec.rootfs {
            guard !lower.isEmpty else { throw ContainerizerError(.invalidSpec, "an overlay root filesystem needs at least one lower directory") }
            for dir in lower where dir.contains(":") || dir.contains(",") || dir.contains("\\") {
                throw ContainerizerError(.invalidSpec, "the overlay lower directory \(dir) holds ':', ',' or '\\', which overlayfs cannot take")
            }
        }
        if let hostname = spec.hostname, hostname.utf8.count > 64 || hostname.isEmpty {
            throw ContainerizerError(.invalidSpec, "the hostname '\(hostname)' is not 1 to 64 bytes long")
        }
        do {
            try spec.capabilities.validate(lastSupported: host.lastCapability)
        } catch {
            throw ContainerizerError(.invalidSpec, error.description, underlying: error)
        }
        if let userns = spec.userNamespace {
            guard userns.hostUID(0) != nil || spec.user.uid != 0 else {
                throw ContainerizerError(.invalidSpec, "the user namespace does not map container uid 0")
            }
            guard userns.hostUID(spec.user.uid) != nil, userns.hostGID(spec.user.gid) != nil else {
                throw ContainerizerError(.invalidSpec, "the user namespace does not map uid \(spec.user.uid) and gid \(spec.user.gid)")
            }
        }
    }
}
