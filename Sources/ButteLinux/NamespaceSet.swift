// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

/// A set of Linux namespaces, as the `CLONE_NEW*` bits that create them.
public struct NamespaceSet: OptionSet, Hashable, Sendable, CustomStringConvertible {
    /// The `CLONE_NEW*` bits.
    public let rawValue: UInt64

    /// Creates a set from `CLONE_NEW*` bits.
    public init(rawValue: UInt64) { self.rawValue = rawValue }

    /// Mount namespace (`CLONE_NEWNS`).
    public static let mount = NamespaceSet(rawValue: 0x0002_0000)
    /// Cgroup namespace (`CLONE_NEWCGROUP`): the container sees its own cgroup as the root.
    public static let cgroup = NamespaceSet(rawValue: 0x0200_0000)
    /// UTS namespace (`CLONE_NEWUTS`): hostname and domain name.
    public static let uts = NamespaceSet(rawValue: 0x0400_0000)
    /// IPC namespace (`CLONE_NEWIPC`): System V IPC and POSIX message queues.
    public static let ipc = NamespaceSet(rawValue: 0x0800_0000)
    /// User namespace (`CLONE_NEWUSER`).
    public static let user = NamespaceSet(rawValue: 0x1000_0000)
    /// PID namespace (`CLONE_NEWPID`): the first process is pid 1.
    public static let pid = NamespaceSet(rawValue: 0x2000_0000)
    /// Network namespace (`CLONE_NEWNET`).
    public static let network = NamespaceSet(rawValue: 0x4000_0000)

    /// What every container gets: mount, UTS, IPC, PID and cgroup namespaces.
    public static let container: NamespaceSet = [.mount, .uts, .ipc, .pid, .cgroup]

    /// The namespace names as in `/proc/PID/ns` ("mnt", "uts", ...).
    public var description: String {
        let names: [(NamespaceSet, String)] = [
            (.mount, "mnt"), (.cgroup, "cgroup"), (.uts, "uts"), (.ipc, "ipc"), (.user, "user"), (.pid, "pid"), (.network, "net"),
        ]
        return "[" + names.filter { contains($0.0) }.map(\.1).joined(separator: ", ") + "]"
    }
}
