// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteCgroup
import ButteContainerizer
import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

/// A task container's cgroup v2 leaf (under `/sys/fs/cgroup/butte`, named after the container) with the
/// task's cpus and mem as limits, or nothing when the host gives containers no controllers.
final class TaskCgroup: Sendable {
    /// The leaf, or nil when the task runs without one.
    let leaf: CgroupLeaf?
    /// An `O_DIRECTORY` descriptor of the leaf for CLONE_INTO_CGROUP, or nil.
    let descriptor: Int32?
    /// Why limits are not enforced, or nil.
    let warning: String?

    private init(leaf: CgroupLeaf?, descriptor: Int32?, warning: String?) {
        self.leaf = leaf
        self.descriptor = descriptor
        self.warning = warning
    }

    /// Creates the leaf `name` limited to `cpus` CPUs and `memoryMB` megabytes.
    /// - Throws: `CgroupError` when a usable hierarchy exists but the leaf cannot be set up.
    static func prepare(name: String, cpus: Double?, memoryMB: Double?) throws(CgroupError) -> TaskCgroup {
        let manager = try CgroupManager()
        let support = try manager.prepare()
        guard support.hierarchyAvailable, !support.controllers.isEmpty else {
            return TaskCgroup(leaf: nil, descriptor: nil, warning: support.explanation ?? "cgroup2 gives containers no controllers")
        }
        let leaf = try manager.createLeaf(named: name)
        do {
            let memoryBytes = memoryMB.map { UInt64(max(4, $0) * 1_048_576) }
            let report = try leaf.apply(CgroupLimits(cpus: cpus.map { max($0, 0.01) }, memoryBytes: memoryBytes))
            let descriptor = try leaf.openDirectory()
            let warning = report.unenforced.isEmpty ? nil : report.unenforced.map(\.description).joined(separator: " ")
            return TaskCgroup(leaf: leaf, descriptor: descriptor.rawValue, warning: warning)
        } catch {
            remove(leaf)
            throw error
        }
    }

    /// At exit, on the container's thread: notes an OOM kill and removes the leaf.
    func finish(_ exit: inout ContainerExit) {
        guard let leaf else { return }
        if (try? leaf.wasOOMKilled()) == true { exit.outOfMemory = true }
        Self.remove(leaf)
    }

    /// Closes the descriptor once the container is in the leaf (or failed to start).
    func closeDescriptor() {
        if let descriptor { _ = close(descriptor) }
    }

    /// After a failed start: closes the descriptor and removes the leaf.
    func abandon() {
        closeDescriptor()
        if let leaf { Self.remove(leaf) }
    }

    /// Kills what is left in `leaf` and removes it, retrying briefly while the kernel still counts exiting tasks.
    static func remove(_ leaf: CgroupLeaf) {
        try? leaf.kill()
        var pause = timespec(tv_sec: 0, tv_nsec: 1_000_000)
        for _ in 0..<5000 {
            if rmdir(leaf.path.string) == 0 || errno == ENOENT || errno != EBUSY { return }
            nanosleep(&pause, nil)
        }
    }
}
