// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

// Source: https://github.com/apache/mesos/blob/1.11.0/include/mesos/v1/mesos.proto (Mesos 1.11)
/// A length of time in nanoseconds, e.g. a kill grace period.
public struct DurationInfo: Codable, Hashable, Sendable {
    /// Length in nanoseconds.
    public var nanoseconds: Int64

    /// Creates a value; optional fields default to unset and repeated fields to empty.
    public init(
        nanoseconds: Int64
    ) {
        self.nanoseconds = nanoseconds
    }

    enum CodingKeys: String, CodingKey {
        case nanoseconds
    }

    /// Creates a duration from seconds, rounded to the nearest nanosecond.
    public init(seconds: Double) {
        self.nanoseconds = Int64((seconds * 1e9).rounded())
    }

    /// The duration in seconds.
    public var seconds: Double { Double(nanoseconds) / 1e9 }
}
