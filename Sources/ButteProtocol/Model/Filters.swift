// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

// Source: https://github.com/apache/mesos/blob/1.11.0/include/mesos/v1/mesos.proto (Mesos 1.11)
/// How long a framework wants not to see declined resources again.
public struct Filters: Codable, Hashable, Sendable {
    /// Seconds to filter the declined resources; Mesos' default is 5 when unset.
    public var refuseSeconds: Double?

    /// Creates a value; optional fields default to unset and repeated fields to empty.
    public init(
        refuseSeconds: Double? = nil
    ) {
        self.refuseSeconds = refuseSeconds
    }

    enum CodingKeys: String, CodingKey {
        case refuseSeconds = "refuse_seconds"
    }

    /// Default refusal period used when `refuseSeconds` is unset or negative.
    public static let defaultRefuseSeconds: Double = 5
}
