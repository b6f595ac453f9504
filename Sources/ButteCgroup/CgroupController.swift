// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

/// A cgroup v2 controller, by the name the kernel lists in `cgroup.controllers`.
///
/// Kernels add controllers over time, so any name is accepted; the ones Butte limits with have static members.
public struct CgroupController: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The kernel's name ("cpu", "memory").
    public let rawValue: String

    /// Wraps a controller name as the kernel spells it.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// CPU bandwidth (`cpu.max`) and weight (`cpu.weight`).
    public static let cpu = CgroupController(rawValue: "cpu")
    /// Memory limits (`memory.max`, `memory.swap.max`), usage and OOM events.
    public static let memory = CgroupController(rawValue: "memory")
    /// The number of tasks (`pids.max`).
    public static let pids = CgroupController(rawValue: "pids")
    /// Block I/O weight and bandwidth.
    public static let io = CgroupController(rawValue: "io")

    /// The controllers a container leaf asks for, in the order they are enabled.
    public static let containerControllers: [CgroupController] = [.cpu, .memory, .pids, .io]

    /// The kernel's name.
    public var description: String { rawValue }

    /// Orders by name.
    public static func < (lhs: CgroupController, rhs: CgroupController) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The controller names of a `cgroup.controllers` or `cgroup.subtree_control` file (space separated).
    public static func parseList(_ text: String) -> Set<CgroupController> {
        Set(text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).map { CgroupController(rawValue: String($0)) })
    }
}
