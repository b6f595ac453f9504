// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

/// A Mesos identifier message, `{"value": "..."}`, such as ``TaskID`` or ``AgentID``.
///
/// Each kind of id is its own type so that a task id cannot be passed where an agent id is expected.
public protocol ProtocolIdentifier: Codable, Hashable, Comparable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The identifier string.
    var value: String { get set }

    /// Creates an identifier from its string.
    init(_ value: String)
}

extension ProtocolIdentifier {
    /// The identifier string.
    public var description: String { value }

    /// Creates an identifier from a string literal.
    public init(stringLiteral value: String) {
        self.init(value)
    }

    /// Orders identifiers by their strings.
    public static func < (lhs: Self, rhs: Self) -> Bool {
        lhs.value < rhs.value
    }
}
