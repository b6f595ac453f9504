// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

/// Task counts from `pids.current` and `pids.max`.
public struct CgroupPidsStats: Sendable, Equatable {
    /// Tasks (processes and threads) in the cgroup now.
    public var current: UInt64
    /// The limit; nil for "max".
    public var limit: UInt64?

    /// Creates task counts.
    public init(current: UInt64, limit: UInt64?) {
        self.current = current
        self.limit = limit
    }
}
