// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

/// A container's usage, read from its leaf; a part is nil when its controller is not enabled.
public struct CgroupStats: Sendable, Equatable {
    /// CPU time (from `cpu.stat`, which every cgroup2 has).
    public var cpu: CgroupCPUStats?
    /// Memory in use (memory controller).
    public var memory: CgroupMemoryStats?
    /// Memory limit and OOM events (memory controller).
    public var memoryEvents: CgroupMemoryEvents?
    /// Tasks (pids controller).
    public var pids: CgroupPidsStats?

    /// Creates statistics.
    public init(cpu: CgroupCPUStats? = nil, memory: CgroupMemoryStats? = nil, memoryEvents: CgroupMemoryEvents? = nil, pids: CgroupPidsStats? = nil) {
        self.cpu = cpu
        self.memory = memory
        self.memoryEvents = memoryEvents
        self.pids = pids
    }
}
