// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

// Source: https://github.com/apache/mesos/blob/1.11.0/include/mesos/v1/mesos.proto (Mesos 1.11)
/// A secret, by reference or by value.
public struct Secret: Codable, Hashable, Sendable {
    /// REFERENCE or VALUE.
    public var type: Kind?

    /// Where to look the secret up.
    public var reference: Reference?

    /// The secret itself.
    public var value: Value?

    /// Creates a value; optional fields default to unset and repeated fields to empty.
    public init(
        type: Kind? = nil,
        reference: Reference? = nil,
        value: Value? = nil
    ) {
        self.type = type
        self.reference = reference
        self.value = value
    }

    enum CodingKeys: String, CodingKey {
        case type
        case reference
        case value
    }
}

extension Secret {
    /// How a secret is given.
    public struct Kind: ProtocolEnum {
        /// The Mesos name of the value, e.g. as it appears in JSON.
        public let rawValue: String

        /// Wraps a Mesos name; names unknown to Butte are representable but not ``isKnown``.
        public init(rawValue: String) {
            self.rawValue = rawValue
        }

        /// `UNKNOWN`.
        public static let unknown = Self(rawValue: "UNKNOWN")
        /// `REFERENCE`.
        public static let reference = Self(rawValue: "REFERENCE")
        /// `VALUE`.
        public static let value = Self(rawValue: "VALUE")

        /// Every value this version of Butte knows.
        public static let known: Swift.Set<Self> = [
            .unknown,
            .reference,
            .value,
        ]
    }
}

extension Secret {
    /// A secret stored elsewhere.
    public struct Reference: Codable, Hashable, Sendable {
        /// Secret name.
        public var name: String

        /// Key within the secret.
        public var key: String?

        /// Creates a value; optional fields default to unset and repeated fields to empty.
        public init(
            name: String,
            key: String? = nil
        ) {
            self.name = name
            self.key = key
        }

        enum CodingKeys: String, CodingKey {
            case name
            case key
        }
    }
}

extension Secret {
    /// An inline secret.
    public struct Value: Codable, Hashable, Sendable {
        /// Secret bytes (base64 on the wire).
        public var data: Data

        /// Creates a value; optional fields default to unset and repeated fields to empty.
        public init(
            data: Data
        ) {
            self.data = data
        }

        enum CodingKeys: String, CodingKey {
            case data
        }
    }
}
