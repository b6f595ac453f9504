// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

// Source: https://github.com/apache/mesos/blob/1.11.0/include/mesos/v1/mesos.proto (Mesos 1.11)
/// A point in time, in nanoseconds since the Unix epoch.
public struct TimeInfo: Codable, Hashable, Sendable {
    /// Nanoseconds since 1970-01-01T00:00:00Z.
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
}
