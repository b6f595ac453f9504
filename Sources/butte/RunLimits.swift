// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteCgroup
import ButteContainerizer
import ButteLinux
import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

/// The resource limits of `butte run` (`--cpus`, `--mem`, `--pids`) and the cgroup v2 leaf that enforces
/// them (under `/sys/fs/cgroup/butte`, one leaf per container, named after it).
struct RunLimits {
    /// CPUs (`cpu.max`).
    var cpus: Double?
    /// Megabytes (`memory.max`).
    var memoryMB: UInt64?
    /// Processes (`pids.max`).
    var pids: Int?

    /// The record in the container's runtime directory naming its cgroup leaf.
    static let record = "cgroup"

    /// Parses the flags' values.
    ///
    /// - Throws: `RunCommand.Failure` naming the flag and the value.
    init(cpus: String?, mem: String?, pids: String?) throws(RunCommand.Failure) {
        if let cpus {
            guard let value = Double(cpus), value.isFinite, value > 0 else {
                throw RunCommand.Failure(sentence: "--cpus '\(cpus)' is not a positive number of CPUs.")
            }
            self.cpus = value
        }
        if let mem {
            guard let value = UInt64(mem), value > 0, value < (1 << 40) else {
                throw RunCommand.Failure(sentence: "--mem '\(mem)' is not a positive whole number of megabytes.")
            }
            self.memoryMB = value
        }
        if let pids {
            guard let value = Int(pids), value > 0 else {
                throw RunCommand.Failure(sentence: "--pids '\(pids)' is not a positive number of processes.")
            }
            self.pids = value
        }
    }

    /// " (limit 64 MB)" when a memory limit was asked for.
    var memoryDescription: String { memoryMB.map { " (limit \($0) MB)" } ?? "" }

    /// Creates the container's cgroup leaf with the limits, or explains (once) why the container runs without
    /// one. Limits the hierarchy cannot enforce are named, never claimed.
    ///
    /// - Throws: `RunCommand.Failure` when a usable hierarchy exists but the leaf cannot be set up.
    func prepare(id: String) throws(RunCommand.Failure) -> PreparedCgroup {
        let manager: CgroupManager
        let support: CgroupSupport
        do {
            manager = try CgroupManager()
            support = try manager.prepare()
        } catch {
            throw RunCommand.Failure(sentence: "cannot prepare the cgroup hierarchy: \(error).")
        }
        guard support.hierarchyAvailable, !support.controllers.isEmpty else {
            return PreparedCgroup(
                leaf: nil, descriptor: nil, warning: support.explanation ?? "cgroup2 gives containers no controllers: running without limits.")
        }
        let leaf: CgroupLeaf
        do {
            leaf = try manager.createLeaf(named: id)
        } catch {
            throw RunCommand.Failure(sentence: "cannot create the container's cgroup: \(error).")
        }
        do {
            let limits = CgroupLimits(cpus: cpus, memoryBytes: memoryMB.map { $0 << 20 }, pidsMax: pids ?? CgroupLimits.defaultPidsMax)
            let report = try leaf.apply(limits)
            let descriptor = try leaf.openDirectory()
            var warning: String?
            if !report.unenforced.isEmpty {
                warning = report.unenforced.map(\.description).joined(separator: " ")
            } else if let explanation = support.explanation, cpus != nil || memoryMB != nil {
                warning = explanation
            }
            return PreparedCgroup(leaf: leaf, descriptor: descriptor.rawValue, warning: warning, records: [Self.record: id])
        } catch {
            PreparedCgroup.remove(leaf)
            throw RunCommand.Failure(sentence: "cannot set up the container's cgroup \(leaf.path): \(error).")
        }
    }

    /// Removes the cgroup leaf a dead `butte run` recorded in the container directory `path`.
    static func cleanUpStale(containerDirectory path: String) {
        guard let name = (try? FileTree.readFile(path + "/" + record)) ?? nil, !name.isEmpty else { return }
        guard let manager = try? CgroupManager(), (try? manager.prepare())?.hierarchyAvailable == true,
            let leaf = try? manager.existingLeaf(named: name)
        else { return }
        PreparedCgroup.remove(leaf)
    }
}

/// A container's cgroup as `butte run` uses it: the directory descriptor for CLONE_INTO_CGROUP, what to
/// record for a later sweep, and the exit-time checks and teardown.
final class PreparedCgroup: Sendable {
    /// The leaf, or nil when the container runs without a cgroup.
    let leaf: CgroupLeaf?
    /// An `O_DIRECTORY` descriptor of the leaf, or nil.
    let descriptor: Int32?
    /// One line for stderr when limits are not enforced.
    let warning: String?
    /// Files for the container's runtime directory.
    let records: [String: String]

    init(leaf: CgroupLeaf?, descriptor: Int32?, warning: String?, records: [String: String] = [:]) {
        self.leaf = leaf
        self.descriptor = descriptor
        self.warning = warning
        self.records = records
    }

    /// At exit (on the container's thread): notes an OOM kill and removes the leaf.
    func finish(_ exit: inout ContainerExit) {
        guard let leaf else { return }
        exit.outOfMemory = (try? leaf.wasOOMKilled()) ?? false
        Self.remove(leaf)
    }

    /// After a failed start: removes the leaf.
    func abandon() {
        closeDescriptor()
        if let leaf { Self.remove(leaf) }
    }

    /// Closes the leaf's descriptor once the container is in it.
    func closeDescriptor() {
        if let descriptor { _ = close(descriptor) }
    }

    /// Kills what is left in `leaf` and removes it, retrying while the kernel still counts exiting tasks.
    /// Blocking (a few milliseconds at most): called on a dedicated thread or before anything runs.
    static func remove(_ leaf: CgroupLeaf) {
        try? leaf.kill()
        var clock = timespec(tv_sec: 0, tv_nsec: 1_000_000)
        for _ in 0..<5000 {
            if rmdir(leaf.path.string) == 0 || errno == ENOENT { return }
            if errno != EBUSY { return }
            nanosleep(&clock, nil)
        }
    }
}
