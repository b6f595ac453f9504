// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteLinux
import SystemPackage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// What the plan of a container depends on besides its spec: facts about the running kernel and host.
/// Tests build their own; ``current()`` reads them once per process.
public struct HostFacts: Sendable {
    /// What kind of file a host path is.
    public enum FileKind: Hashable, Sendable {
        /// It does not exist.
        case missing
        /// A directory.
        case directory
        /// Anything else.
        case file
    }

    /// The highest capability the kernel knows (`/proc/sys/kernel/cap_last_cap`).
    public var lastCapability: Capability
    /// The running kernel.
    public var kernel: KernelVersion
    /// The per-CPU `thermal_throttle` directories under `/sys/devices/system/cpu` to mask.
    public var thermalThrottlePaths: [String]
    /// Tells what a host path is (bind mount sources).
    public var fileKind: @Sendable (String) -> FileKind

    /// Creates facts.
    public init(
        lastCapability: Capability, kernel: KernelVersion, thermalThrottlePaths: [String] = [],
        fileKind: @escaping @Sendable (String) -> FileKind = HostFacts.kind(of:)
    ) {
        self.lastCapability = lastCapability
        self.kernel = kernel
        self.thermalThrottlePaths = thermalThrottlePaths
        self.fileKind = fileKind
    }

    /// Reads the facts of this host.
    ///
    /// - Throws: `ContainerizerError` (`.launchFailed`) when the kernel cannot be asked.
    public static func current() throws(ContainerizerError) -> HostFacts {
        let last: Capability
        let kernel: KernelVersion
        do {
            last = try Capability.lastSupported()
        } catch {
            throw ContainerizerError(.launchFailed, "cannot tell which capabilities the kernel supports: \(error)", underlying: error)
        }
        do {
            kernel = try KernelVersion.running()
        } catch {
            throw ContainerizerError(.launchFailed, "cannot tell the kernel version: \(error)", underlying: error)
        }
        var thermal: [String] = []
        let cpuRoot = "/sys/devices/system/cpu"
        for name in (try? FileTree.entries(of: cpuRoot)) ?? [] where name.hasPrefix("cpu") && name.dropFirst(3).allSatisfy(\.isNumber) {
            let path = "\(cpuRoot)/\(name)/thermal_throttle"
            if kind(of: path) == .directory { thermal.append(path) }
        }
        return HostFacts(lastCapability: last, kernel: kernel, thermalThrottlePaths: thermal.sorted())
    }

    /// `stat` of a host path.
    @Sendable public static func kind(of path: String) -> FileKind {
        var st = stat()
        guard stat(path, &st) == 0 else { return .missing }
        return (st.st_mode & S_IFMT) == S_IFDIR ? .directory : .file
    }
}
