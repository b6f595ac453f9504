// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

/// What the cgroup hierarchy offers containers, as `CgroupManager.prepare()` found it.
public struct CgroupSupport: Sendable, Equatable {
    /// Where the hierarchy was looked for.
    public var root: String
    /// The parent cgroup of the container leaves (an absolute path under `root`).
    public var parent: String
    /// True when `root` is a cgroup2 mount and the parent exists: leaves can be created (to track and kill a
    /// container's processes), whether or not any controller is usable.
    public var hierarchyAvailable: Bool
    /// The controllers enabled for the leaves (in the parent's `cgroup.subtree_control`).
    public var controllers: Set<CgroupController>
    /// One sentence saying which limits containers run without and why; nil when cpu, memory and pids are all
    /// usable.
    public var explanation: String?

    /// Creates a support report.
    public init(root: String, parent: String, hierarchyAvailable: Bool, controllers: Set<CgroupController>, explanation: String?) {
        self.root = root
        self.parent = parent
        self.hierarchyAvailable = hierarchyAvailable
        self.controllers = controllers
        self.explanation = explanation
    }

    /// True when `cpu.max` and `cpu.weight` are enforced.
    public var cpu: Bool { controllers.contains(.cpu) }
    /// True when `memory.max` is enforced and OOM kills are counted.
    public var memory: Bool { controllers.contains(.memory) }
    /// True when `pids.max` is enforced.
    public var pids: Bool { controllers.contains(.pids) }
    /// True when the io controller is enabled.
    public var io: Bool { controllers.contains(.io) }

    /// The sentence for a hierarchy whose leaves lack some of cpu, memory and pids, or nil when none is
    /// missing.
    ///
    /// - Parameters:
    ///   - root: the cgroup2 mount point.
    ///   - available: the controllers the leaves get.
    ///   - rootControllers: the controllers of the root (`cgroup.controllers`); when empty, the host keeps
    ///     them all on cgroup v1.
    ///   - why: a clause explaining a controller that is listed at the root but could not be enabled.
    static func explain(root: String, available: Set<CgroupController>, rootControllers: Set<CgroupController>, why: String?) -> String? {
        let limiting: [CgroupController] = [.cpu, .memory, .pids]
        let missing = limiting.filter { !available.contains($0) }
        if missing.isEmpty { return nil }
        let names = listing(missing.map(\.rawValue))
        if rootControllers.isEmpty {
            return "cgroup2 at \(root) has no controllers (the host keeps them on cgroup v1): containers run without \(names) limits."
        }
        let noun = missing.count == 1 ? "controller" : "controllers"
        let cause = why.map { " (\($0))" } ?? ""
        return "cgroup2 at \(root) does not give containers the \(names) \(noun)\(cause): containers run without \(names) limits."
    }

    /// The sentence for a root that is no cgroup2 mount.
    static func explainNoHierarchy(root: String, elsewhere: String?) -> String {
        let hint = elsewhere.map { " (cgroup2 is mounted at \($0))" } ?? ""
        return "\(root) is not a cgroup2 mount\(hint): containers run without cgroups, so without cpu, memory and pids limits."
    }

    /// "a", "a and b", "a, b and c".
    static func listing(_ words: [String]) -> String {
        switch words.count {
        case 0: return ""
        case 1: return words[0]
        default: return words.dropLast().joined(separator: ", ") + " and " + words[words.count - 1]
        }
    }
}
