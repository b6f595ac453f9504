// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

/// A Mesos protobuf enum: a struct wrapping the value's name, with one static member per known value.
///
/// Mesos adds enum values over time, so these sets are open: any name can be represented, and ``known`` lists
/// the ones this version of Butte understands. Decoding follows stout: an unknown name in an optional field is
/// dropped (the field decodes as unset); in a required field it is an error naming the field.
public protocol ProtocolEnum: Codable, Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The Mesos name, e.g. `TASK_RUNNING`.
    var rawValue: String { get }

    /// Wraps a Mesos name, known or not.
    init(rawValue: String)

    /// Every value this version of Butte knows.
    static var known: Swift.Set<Self> { get }
}

extension ProtocolEnum {
    /// Whether this value is one of ``known``.
    public var isKnown: Bool { Self.known.contains(self) }

    /// The Mesos name.
    public var description: String { rawValue }

    /// Wraps a Mesos name given as a literal.
    public init(stringLiteral value: String) {
        self.init(rawValue: value)
    }

    /// Decodes the name from a JSON string; whether it is known is checked by the containing message.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        self.init(rawValue: try container.decode(String.self))
    }

    /// Encodes the name as a JSON string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
