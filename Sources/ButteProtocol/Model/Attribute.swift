// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

// Source: https://github.com/apache/mesos/blob/1.11.0/include/mesos/v1/mesos.proto (Mesos 1.11)
/// An agent attribute (e.g. `rack:r1`) used for task placement.
public struct Attribute: Codable, Hashable, Sendable {
    /// Attribute name.
    public var name: String

    /// Which of the value fields is set.
    public var type: Value.Kind

    /// Numeric value.
    public var scalar: Value.Scalar?

    /// Range value.
    public var ranges: Value.Ranges?

    /// Set value.
    public var set: Value.Set?

    /// Text value.
    public var text: Value.Text?

    /// Creates a value; optional fields default to unset and repeated fields to empty.
    public init(
        name: String,
        type: Value.Kind,
        scalar: Value.Scalar? = nil,
        ranges: Value.Ranges? = nil,
        set: Value.Set? = nil,
        text: Value.Text? = nil
    ) {
        self.name = name
        self.type = type
        self.scalar = scalar
        self.ranges = ranges
        self.set = set
        self.text = text
    }

    enum CodingKeys: String, CodingKey {
        case name
        case type
        case scalar
        case ranges
        case set
        case text
    }
}
