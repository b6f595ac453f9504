// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

/// The value of a Mesos resource: a scalar (`cpus:4`), ranges (`ports:[31000-32000]`) or a set (`disks:{a,b}`).
public enum ResourceValue: Hashable, Sendable, CustomStringConvertible {
    /// A quantity such as CPUs or megabytes.
    case scalar(Scalar)
    /// Ranges of integers such as ports.
    case ranges(ValueRanges)
    /// A set of names.
    case set(Set<String>)

    /// The Mesos value type of a resource (`Value.Type` without TEXT, which resources cannot have).
    public enum Kind: String, Hashable, Sendable, Codable, CustomStringConvertible {
        /// `SCALAR`.
        case scalar = "SCALAR"
        /// `RANGES`.
        case ranges = "RANGES"
        /// `SET`.
        case set = "SET"

        /// The Mesos spelling, e.g. `SCALAR`.
        public var description: String { rawValue }
    }

    /// The value's type.
    public var kind: Kind {
        switch self {
        case .scalar: .scalar
        case .ranges: .ranges
        case .set: .set
        }
    }

    /// True for a zero scalar, empty ranges or an empty set: Mesos drops such resources.
    public var isEmpty: Bool {
        switch self {
        case .scalar(let scalar): scalar.thousandths == 0
        case .ranges(let ranges): ranges.isEmpty
        case .set(let items): items.isEmpty
        }
    }

    /// The Mesos text form: `4`, `[1-2, 5-9]`, `{a, b}` (set items sorted).
    public var description: String {
        switch self {
        case .scalar(let scalar): scalar.description
        case .ranges(let ranges): ranges.description
        case .set(let items): "{" + items.sorted().joined(separator: ", ") + "}"
        }
    }

    /// True when this value includes `other` (same kind, and `>=`, superset or superset).
    public func contains(_ other: ResourceValue) -> Bool {
        switch (self, other) {
        case (.scalar(let a), .scalar(let b)): a >= b
        case (.ranges(let a), .ranges(let b)): a.isSuperset(of: b)
        case (.set(let a), .set(let b)): a.isSuperset(of: b)
        default: false
        }
    }

    /// The sum of two values of the same kind, or nil when the kinds differ.
    func adding(_ other: ResourceValue) -> ResourceValue? {
        switch (self, other) {
        case (.scalar(let a), .scalar(let b)): .scalar(a + b)
        case (.ranges(let a), .ranges(let b)): .ranges(a + b)
        case (.set(let a), .set(let b)): .set(a.union(b))
        default: nil
        }
    }

    /// The difference of two values of the same kind, or nil when the kinds differ.
    /// A scalar may come out negative; `Resources` drops it, as Mesos does.
    func subtracting(_ other: ResourceValue) -> ResourceValue? {
        switch (self, other) {
        case (.scalar(let a), .scalar(let b)): .scalar(a - b)
        case (.ranges(let a), .ranges(let b)): .ranges(a - b)
        case (.set(let a), .set(let b)): .set(a.subtracting(b))
        default: nil
        }
    }
}
