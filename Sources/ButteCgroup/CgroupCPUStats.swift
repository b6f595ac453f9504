// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

/// CPU usage from `cpu.stat`.
public struct CgroupCPUStats: Sendable, Equatable {
    /// Total CPU time, in microseconds.
    public var usageMicroseconds: UInt64
    /// CPU time in user mode, in microseconds.
    public var userMicroseconds: UInt64
    /// CPU time in kernel mode, in microseconds.
    public var systemMicroseconds: UInt64
    /// Enforcement periods that have elapsed (nil without the cpu controller).
    public var periods: UInt64?
    /// Periods in which the cgroup was throttled (nil without the cpu controller).
    public var throttledPeriods: UInt64?
    /// Total time throttled, in microseconds (nil without the cpu controller).
    public var throttledMicroseconds: UInt64?

    /// Creates CPU statistics.
    public init(
        usageMicroseconds: UInt64, userMicroseconds: UInt64, systemMicroseconds: UInt64,
        periods: UInt64? = nil, throttledPeriods: UInt64? = nil, throttledMicroseconds: UInt64? = nil
    ) {
        self.usageMicroseconds = usageMicroseconds
        self.userMicroseconds = userMicroseconds
        self.systemMicroseconds = systemMicroseconds
        self.periods = periods
        self.throttledPeriods = throttledPeriods
        self.throttledMicroseconds = throttledMicroseconds
    }

    /// Parses the content of `cpu.stat`.
    ///
    /// - Throws: `CgroupError` (`.malformedFile`) when a line is not "key number" or `usage_usec` is missing.
    public init(parsing text: String) throws(CgroupError) {
        let values = try CgroupFileParser.keyedValues(text, file: "cpu.stat")
        guard let usage = values["usage_usec"] else {
            throw CgroupError(.malformedFile, "cpu.stat has no usage_usec")
        }
        self.init(
            usageMicroseconds: usage,
            userMicroseconds: values["user_usec"] ?? 0,
            systemMicroseconds: values["system_usec"] ?? 0,
            periods: values["nr_periods"],
            throttledPeriods: values["nr_throttled"],
            throttledMicroseconds: values["throttled_usec"]
        )
    }
}
