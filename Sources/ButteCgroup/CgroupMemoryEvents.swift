// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

/// The counters of `memory.events`: how often the cgroup hit its limits and how often the kernel OOM-killed in it.
public struct CgroupMemoryEvents: Sendable, Equatable {
    /// Times usage went over `memory.high`.
    public var high: UInt64
    /// Times usage was about to go over `memory.max`.
    public var max: UInt64
    /// Times the cgroup ran out of memory (the OOM killer was invoked).
    public var oom: UInt64
    /// Processes of the cgroup killed by the OOM killer.
    public var oomKill: UInt64
    /// Times the whole group was OOM-killed (`memory.oom.group`; 0 on kernels that do not report it).
    public var oomGroupKill: UInt64

    /// Creates memory event counters.
    public init(high: UInt64 = 0, max: UInt64 = 0, oom: UInt64 = 0, oomKill: UInt64 = 0, oomGroupKill: UInt64 = 0) {
        self.high = high
        self.max = max
        self.oom = oom
        self.oomKill = oomKill
        self.oomGroupKill = oomGroupKill
    }

    /// Parses the content of `memory.events`.
    ///
    /// - Throws: `CgroupError` (`.malformedFile`) when a line is not "key number" or `oom_kill` is missing.
    public init(parsing text: String) throws(CgroupError) {
        let values = try CgroupFileParser.keyedValues(text, file: "memory.events")
        guard let oomKill = values["oom_kill"] else {
            throw CgroupError(.malformedFile, "memory.events has no oom_kill")
        }
        self.init(
            high: values["high"] ?? 0,
            max: values["max"] ?? 0,
            oom: values["oom"] ?? 0,
            oomKill: oomKill,
            oomGroupKill: values["oom_group_kill"] ?? 0
        )
    }

    /// True when the kernel OOM-killed a process of the cgroup: the container exceeded its memory limit.
    public var oomKilled: Bool { oomKill > 0 || oomGroupKill > 0 }
}
