// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

// Source: https://github.com/apache/mesos/blob/1.11.0/include/mesos/v1/mesos.proto (Mesos 1.11)
/// How a task is killed.
public struct KillPolicy: Codable, Hashable, Sendable {
    /// Time between SIGTERM and SIGKILL.
    public var gracePeriod: DurationInfo?

    /// Creates a value; optional fields default to unset and repeated fields to empty.
    public init(
        gracePeriod: DurationInfo? = nil
    ) {
        self.gracePeriod = gracePeriod
    }

    enum CodingKeys: String, CodingKey {
        case gracePeriod = "grace_period"
    }
}
