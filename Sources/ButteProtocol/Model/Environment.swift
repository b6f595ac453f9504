// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

// Source: https://github.com/apache/mesos/blob/1.11.0/include/mesos/v1/mesos.proto (Mesos 1.11)
/// Environment variables of a command.
public struct Environment: Codable, Hashable, Sendable {
    /// The variables, in order.
    public var variables: [Variable]

    /// Creates a value; optional fields default to unset and repeated fields to empty.
    public init(
        variables: [Variable] = []
    ) {
        self.variables = variables
    }

    enum CodingKeys: String, CodingKey {
        case variables
    }
}

extension Environment {
    /// One environment variable.
    public struct Variable: Codable, Hashable, Sendable {
        /// Variable name.
        public var name: String

        /// VALUE (default) or SECRET.
        public var type: Kind?

        /// Value of a VALUE variable.
        public var value: String?

        /// Secret of a SECRET variable.
        public var secret: Secret?

        /// Creates a value; optional fields default to unset and repeated fields to empty.
        public init(
            name: String,
            type: Kind? = nil,
            value: String? = nil,
            secret: Secret? = nil
        ) {
            self.name = name
            self.type = type
            self.value = value
            self.secret = secret
        }

        enum CodingKeys: String, CodingKey {
            case name
            case type
            case value
            case secret
        }
    }
}

extension Environment.Variable {
    /// How a variable gets its value.
    public struct Kind: ProtocolEnum {
        /// The Mesos name of the value, e.g. as it appears in JSON.
        public let rawValue: String

        /// Wraps a Mesos name; names unknown to Butte are representable but not ``isKnown``.
        public init(rawValue: String) {
            self.rawValue = rawValue
        }

        /// `UNKNOWN`.
        public static let unknown = Self(rawValue: "UNKNOWN")
        /// `VALUE`.
        public static let value = Self(rawValue: "VALUE")
        /// `SECRET`.
        public static let secret = Self(rawValue: "SECRET")

        /// Every value this version of Butte knows.
        public static let known: Swift.Set<Self> = [
            .unknown,
            .value,
            .secret,
        ]
    }
}
