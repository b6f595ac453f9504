// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

// Source: https://github.com/apache/mesos/blob/1.11.0/include/mesos/v1/mesos.proto (Mesos 1.11)
/// Identifies a container; a nested container names its parent.
///
/// On the wire `{"value":"c2","parent":{"value":"c1"}}`.
public struct ContainerID: Codable, Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The id of this container, unique among its siblings.
    public var value: String

    // A struct cannot hold an optional of itself; an array gives the indirection (empty or one element).
    private var parentStorage: [ContainerID]

    /// The parent container of a nested container.
    public var parent: ContainerID? {
        get { parentStorage.first }
        set { parentStorage = newValue.map { [$0] } ?? [] }
    }

    /// Creates a container id, nested under `parent` when given.
    public init(_ value: String, parent: ContainerID? = nil) {
        self.value = value
        self.parentStorage = parent.map { [$0] } ?? []
    }

    /// Creates a top-level container id from a string literal.
    public init(stringLiteral value: String) {
        self.init(value)
    }

    /// The ids from the root container down to this one, joined by dots (as Mesos prints them).
    public var description: String {
        guard let parent else { return value }
        return "\(parent).\(value)"
    }

    enum CodingKeys: String, CodingKey {
        case value
        case parent
    }

    /// Decodes `{"value": ..., "parent": {...}}`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            try container.decode(String.self, forKey: .value),
            parent: try container.decodeIfPresent(ContainerID.self, forKey: .parent)
        )
    }

    /// Encodes `{"value": ..., "parent": {...}}`, omitting an absent parent.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(value, forKey: .value)
        try container.encodeIfPresent(parent, forKey: .parent)
    }
}
