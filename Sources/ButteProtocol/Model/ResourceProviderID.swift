// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

// Source: https://github.com/apache/mesos/blob/1.11.0/include/mesos/v1/mesos.proto (Mesos 1.11)
/// Identifies a resource provider on an agent.
///
/// On the wire an object `{"value": "..."}`.
public struct ResourceProviderID: ProtocolIdentifier {
    /// The identifier itself.
    public var value: String

    /// Creates a value; optional fields default to unset and repeated fields to empty.
    public init(
        value: String
    ) {
        self.value = value
    }

    enum CodingKeys: String, CodingKey {
        case value
    }

    /// Creates an identifier from its string value.
    public init(_ value: String) {
        self.value = value
    }
}
