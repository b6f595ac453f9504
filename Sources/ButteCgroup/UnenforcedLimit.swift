// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

/// A requested limit that the hierarchy cannot enforce, and why; the runtime prints it instead of claiming it.
public struct UnenforcedLimit: Sendable, Equatable, CustomStringConvertible {
    /// Which limit.
    public enum Kind: String, Sendable, Equatable {
        /// `cpus` (`cpu.max` and `cpu.weight`).
        case cpu
        /// `mem` (`memory.max`).
        case memory
        /// Swap off with a memory limit (`memory.swap.max` 0).
        case swap
        /// `pids.max`.
        case pids
    }

    /// Which limit.
    public var kind: Kind
    /// The requested value, as a user reads it ("0.5 cpus", "64 MiB", "2048 tasks").
    public var requested: String
    /// Why it is not enforced, as a clause ("the memory controller is not available in /sys/fs/cgroup/butte").
    public var reason: String

    /// Creates a report of one unenforced limit.
    public init(kind: Kind, requested: String, reason: String) {
        self.kind = kind
        self.requested = requested
        self.reason = reason
    }

    /// "memory limit 64 MiB is not enforced: <reason>."
    public var description: String {
        "\(kind.rawValue) limit \(requested) is not enforced: \(reason)."
    }
}
