// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

// Source: https://github.com/apache/mesos/blob/1.11.0/include/mesos/v1/mesos.proto (Mesos 1.11)
/// A key/value pair, e.g. a Docker `--key=value` parameter or a URL query item.
public struct Parameter: Codable, Hashable, Sendable {
    /// The key.
    public var key: String

    /// The value.
    public var value: String

    /// Creates a value; optional fields default to unset and repeated fields to empty.
    public init(
        key: String,
        value: String
    ) {
        self.key = key
        self.value = value
    }

    enum CodingKeys: String, CodingKey {
        case key
        case value
    }
}
