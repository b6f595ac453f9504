// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

/// What applying `CgroupLimits` to a leaf did: the interface files written, and the limits left unenforced.
public struct CgroupLimitReport: Sendable, Equatable {
    /// The interface files written and their values, in the order they were written ("memory.max", "67108864").
    public var written: [(file: String, value: String)]
    /// The requested limits that the hierarchy does not enforce; empty when every one is.
    public var unenforced: [UnenforcedLimit]

    /// Creates a report.
    public init(written: [(file: String, value: String)] = [], unenforced: [UnenforcedLimit] = []) {
        self.written = written
        self.unenforced = unenforced
    }

    /// True when every requested limit is enforced.
    public var allEnforced: Bool { unenforced.isEmpty }

    /// Equal when the same files got the same values and the same limits are unenforced.
    public static func == (lhs: CgroupLimitReport, rhs: CgroupLimitReport) -> Bool {
        lhs.unenforced == rhs.unenforced && lhs.written.map { "\($0.file)=\($0.value)" } == rhs.written.map { "\($0.file)=\($0.value)" }
    }
}
