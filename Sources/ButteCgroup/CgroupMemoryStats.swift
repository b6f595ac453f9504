// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

/// Memory usage from `memory.current`, `memory.peak` and `memory.stat`.
public struct CgroupMemoryStats: Sendable, Equatable {
    /// The keys of `memory.stat` that are kept.
    public static let statKeys: Set<String> = [
        "anon", "file", "kernel", "kernel_stack", "pagetables", "sock", "shmem", "file_mapped", "file_dirty",
        "file_writeback", "swapcached", "inactive_anon", "active_anon", "inactive_file", "active_file",
        "unevictable", "slab", "pgfault", "pgmajfault",
    ]

    /// Bytes in use now (`memory.current`).
    public var currentBytes: UInt64
    /// The most bytes ever in use (`memory.peak`); nil on kernels before 5.19, which lack the file.
    public var peakBytes: UInt64?
    /// The kept keys of `memory.stat` (bytes, or counts for `pgfault` and `pgmajfault`).
    public var stat: [String: UInt64]

    /// Creates memory statistics.
    public init(currentBytes: UInt64, peakBytes: UInt64?, stat: [String: UInt64]) {
        self.currentBytes = currentBytes
        self.peakBytes = peakBytes
        self.stat = stat
    }

    /// Anonymous memory (heap, stacks), in bytes.
    public var anonBytes: UInt64? { stat["anon"] }
    /// Page cache, in bytes.
    public var fileBytes: UInt64? { stat["file"] }
    /// Kernel memory charged to the cgroup, in bytes.
    public var kernelBytes: UInt64? { stat["kernel"] }

    /// The kept keys of a `memory.stat` content.
    ///
    /// - Throws: `CgroupError` (`.malformedFile`) when a line is not "key number".
    public static func parseStat(_ text: String) throws(CgroupError) -> [String: UInt64] {
        try CgroupFileParser.keyedValues(text, file: "memory.stat").filter { statKeys.contains($0.key) }
    }
}
