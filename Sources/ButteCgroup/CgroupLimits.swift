// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

/// The limits of one container, as its task resources ask for them.
public struct CgroupLimits: Sendable, Equatable {
    /// The pids limit containers get unless told otherwise (Podman's default), so that a fork bomb cannot
    /// starve the host.
    public static let defaultPidsMax = 2048
    /// The `cpu.max` period, in microseconds.
    public static let cpuPeriodMicroseconds = 100_000
    /// The smallest `cpu.max` quota Butte writes, in microseconds (the kernel refuses less than 1 ms).
    public static let minimumCPUQuotaMicroseconds = 1_000

    /// CPUs (`cpus` resource): sets `cpu.max` and `cpu.weight`; nil leaves CPU unlimited.
    public var cpus: Double?
    /// Memory in bytes (`mem` resource): sets `memory.max`, with swap off; nil leaves memory unlimited.
    public var memoryBytes: UInt64?
    /// The most tasks (processes and threads) the container may have: `pids.max`; nil leaves it unlimited.
    public var pidsMax: Int?

    /// Limits for `cpus`, `memoryBytes` and `pidsMax` (2048 unless given).
    public init(cpus: Double? = nil, memoryBytes: UInt64? = nil, pidsMax: Int? = CgroupLimits.defaultPidsMax) {
        self.cpus = cpus
        self.memoryBytes = memoryBytes
        self.pidsMax = pidsMax
    }

    /// The `cpu.max` value for `cpus`: "quota period", with a 100 ms period and the quota `cpus` × period
    /// (at least 1 ms).
    public static func cpuMax(cpus: Double) -> String {
        let period = Double(cpuPeriodMicroseconds)
        let quota = max(minimumCPUQuotaMicroseconds, Int((cpus * period).rounded()))
        return "\(quota) \(cpuPeriodMicroseconds)"
    }

    /// The `cpu.weight` for `cpus`, mapped as Kubernetes maps cgroup v1 shares to v2 weights: `cpus` × 1024
    /// shares (at least 2), then 1 + (shares − 2) × 9999 / 262142, within 1...10000.
    public static func cpuWeight(cpus: Double) -> Int {
        let shares = max(2, min(262_144, Int((cpus * 1024).rounded(.down))))
        let weight = 1 + ((shares - 2) * 9999) / 262_142
        return min(10_000, max(1, weight))
    }

    /// A sentence naming the first limit the kernel could not take, or nil when all are valid.
    func validationProblem() -> String? {
        if let cpus, !(cpus.isFinite && cpus > 0) { return "cpus must be a positive number, not \(cpus)" }
        if let memoryBytes, memoryBytes == 0 { return "the memory limit must be more than 0 bytes" }
        if let pidsMax, pidsMax < 1 { return "the pids limit must be at least 1, not \(pidsMax)" }
        return nil
    }
}
