// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

/// One step the child of a launch runs between `clone3` and `execve`, in plan order.
///
/// Steps named `…InRoot` take a path inside the root opened by the last ``openRoot(_:)`` (absolute or
/// relative, resolved with `RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS`) and act on a file descriptor of
/// what it resolves to, never on the path string. Kernel filesystems, masks, read-only paths, device
/// nodes and links refuse symbolic links in their path altogether (`RESOLVE_NO_SYMLINKS`); only bind mount
/// targets may pass through the image's links (still inside the root).
public enum SpawnOperation: Hashable, Sendable, CustomStringConvertible {
    /// What a step does when its path inside the root does not exist.
    public enum Missing: Hashable, Sendable {
        /// Fail the launch.
        case fail
        /// Create missing directories, the last component included.
        case createDirectory
        /// Create missing parent directories and the path as an empty file.
        case createFile
        /// Skip the step.
        case skip
    }

    /// `mount(source, target, type, flags, data)` on host paths (used before the root is opened: the
    /// propagation change of `/`, the root filesystem itself).
    case mount(source: String?, target: String, type: String?, flags: MountFlags, data: String?)
    /// Opens the directory `path` as the root for the `…InRoot` steps.
    case openRoot(String)
    /// Mounts a new filesystem of `type` on `target` in the root.
    case mountInRoot(target: String, type: String, source: String, flags: MountFlags, data: String?, missing: Missing)
    /// Bind-mounts the host path `source` (recursively) on `target` in the root, with `attributes` set first.
    case bindInRoot(source: String, target: String, attributes: MountAttributes, missing: Missing)
    /// Hides `path`: a directory under a read-only empty tmpfs, a file under the root's `/dev/null` (checked
    /// to be the character device 1:3). Missing paths are skipped.
    case maskInRoot(String)
    /// Makes `path` read-only (a recursive read-only bind of itself). Missing paths are skipped.
    case readOnlyInRoot(String)
    /// Creates a device node (or other special file): `mode` holds the type and permission bits.
    case makeNodeInRoot(path: String, mode: UInt32, device: UInt64)
    /// Creates a symbolic link at `path` pointing to `target`.
    case symlinkInRoot(path: String, target: String)
    /// Makes the root's own mount read-only (mounts below it keep their flags).
    case rootReadOnly
    /// `pivot_root` into the root and detach the old one.
    case pivotRoot
    /// `sethostname`.
    case setHostname(String)
    /// `setdomainname`.
    case setDomainName(String)
    /// Brings `lo` up in the new network namespace.
    case loopbackUp
    /// `setrlimit`.
    case setResourceLimit(ResourceLimit)
    /// `setsid`: a new session, no controlling terminal.
    case newSession
    /// Removes these capabilities from the bounding set (`PR_CAPBSET_DROP`).
    case dropBounding(CapabilitySet)
    /// Sets supplementary groups, gid and uid (keeping permitted capabilities across the change).
    case setIDs(uid: UInt32, gid: UInt32, groups: [UInt32])
    /// `capset` of the effective, permitted and inheritable sets.
    case setCapabilities(ProcessCapabilities)
    /// Clears the ambient set and raises these.
    case setAmbient(CapabilitySet)
    /// `PR_SET_NO_NEW_PRIVS`.
    case noNewPrivileges
    /// Loads a seccomp filter: `filter` is the `struct sock_filter` array, `flags` the
    /// `SECCOMP_FILTER_FLAG_*` bits.
    case seccomp(filter: [UInt8], flags: UInt32)
    /// Closes every descriptor above 2 except the launch's own pipes.
    case closeFileDescriptors
    /// `chdir`, then a check with `getcwd` that the directory is inside the root.
    case changeDirectory(String)
    /// `PR_SET_DUMPABLE`.
    case setDumpable(Bool)

    /// What the step does, for error messages ("mount proc on /proc").
    public var description: String {
        switch self {
        case .mount(let source, let target, let type, _, _):
            return "mount \(type ?? source ?? "") on \(target)"
        case .openRoot(let path): return "open the root filesystem \(path)"
        case .mountInRoot(let target, let type, _, _, _, _): return "mount \(type) on \(target)"
        case .bindInRoot(let source, let target, _, _): return "bind-mount \(source) on \(target)"
        case .maskInRoot(let path): return "mask \(path)"
        case .readOnlyInRoot(let path): return "make \(path) read-only"
        case .makeNodeInRoot(let path, _, _): return "create the device node \(path)"
        case .symlinkInRoot(let path, let target): return "create the symbolic link \(path) -> \(target)"
        case .rootReadOnly: return "make the root filesystem read-only"
        case .pivotRoot: return "pivot_root into the root filesystem"
        case .setHostname(let name): return "set the hostname to \(name)"
        case .setDomainName(let name): return "set the domain name to \(name)"
        case .loopbackUp: return "bring up the loopback interface"
        case .setResourceLimit(let limit): return "set the resource limit \(limit)"
        case .newSession: return "start a new session"
        case .dropBounding: return "drop capabilities from the bounding set"
        case .setIDs(let uid, let gid, let groups): return "switch to uid \(uid), gid \(gid), groups \(groups)"
        case .setCapabilities: return "set the capabilities"
        case .setAmbient: return "set the ambient capabilities"
        case .noNewPrivileges: return "set no_new_privs"
        case .seccomp: return "load the seccomp filter"
        case .closeFileDescriptors: return "close inherited file descriptors"
        case .changeDirectory(let path): return "change to the working directory \(path)"
        case .setDumpable(let on): return "set dumpable to \(on ? 1 : 0)"
        }
    }
}
