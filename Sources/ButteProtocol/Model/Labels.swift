// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

// Source: https://github.com/apache/mesos/blob/1.11.0/include/mesos/v1/mesos.proto (Mesos 1.11)
/// A list of key/value labels attached to tasks, executors, frameworks and reservations.
public struct Labels: Codable, Hashable, Sendable {
    /// The labels, in order; keys may repeat.
    public var labels: [Label]

    /// Creates a value; optional fields default to unset and repeated fields to empty.
    public init(
        labels: [Label] = []
    ) {
        self.labels = labels
    }

    enum CodingKeys: String, CodingKey {
        case labels
    }

    /// The value of the first label with `key`, if any.
    public subscript(key: String) -> String? {
        labels.first { $0.key == key }?.value
    }
}

extension Labels {
    /// One label.
    public struct Label: Codable, Hashable, Sendable {
        /// Label key.
        public var key: String

        /// Label value, if any.
        public var value: String?

        /// Creates a value; optional fields default to unset and repeated fields to empty.
        public init(
            key: String,
            value: String? = nil
        ) {
            self.key = key
            self.value = value
        }

        enum CodingKeys: String, CodingKey {
            case key
            case value
        }
    }
}
