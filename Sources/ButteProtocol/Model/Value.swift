// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

// Source: https://github.com/apache/mesos/blob/1.11.0/include/mesos/v1/mesos.proto (Mesos 1.11)
/// Namespace of the typed values carried by resources and attributes.
public enum Value {}

extension Value {
    /// An inclusive range of unsigned integers.
    public struct Range: Codable, Hashable, Sendable {
        /// First value.
        public var begin: UInt64

        /// Last value (inclusive).
        public var end: UInt64

        /// Creates a value; optional fields default to unset and repeated fields to empty.
        public init(
            begin: UInt64,
            end: UInt64
        ) {
            self.begin = begin
            self.end = end
        }

        enum CodingKeys: String, CodingKey {
            case begin
            case end
        }
    }
}

extension Value {
    /// A list of ranges, e.g. the `ports` resource.
    public struct Ranges: Codable, Hashable, Sendable {
        /// The ranges.
        public var range: [Range]

        /// Creates a value; optional fields default to unset and repeated fields to empty.
        public init(
            range: [Range] = []
        ) {
            self.range = range
        }

        enum CodingKeys: String, CodingKey {
            case range
        }
    }
}

extension Value {
    /// A set of strings, e.g. a `disks` resource.
    public struct Set: Codable, Hashable, Sendable {
        /// The items.
        public var item: [String]

        /// Creates a value; optional fields default to unset and repeated fields to empty.
        public init(
            item: [String] = []
        ) {
            self.item = item
        }

        enum CodingKeys: String, CodingKey {
            case item
        }
    }
}

extension Value {
    /// A text value (attributes only).
    public struct Text: Codable, Hashable, Sendable {
        /// The text.
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
    }
}

extension Value {
    /// The kind of a resource or attribute value.
    public struct Kind: ProtocolEnum {
        /// The Mesos name of the value, e.g. as it appears in JSON.
        public let rawValue: String

        /// Wraps a Mesos name; names unknown to Butte are representable but not ``isKnown``.
        public init(rawValue: String) {
            self.rawValue = rawValue
        }

        /// `SCALAR`.
        public static let scalar = Self(rawValue: "SCALAR")
        /// `RANGES`.
        public static let ranges = Self(rawValue: "RANGES")
        /// `SET`.
        public static let set = Self(rawValue: "SET")
        /// `TEXT`.
        public static let text = Self(rawValue: "TEXT")

        /// Every value this version of Butte knows.
        public static let known: Swift.Set<Self> = [
            .scalar,
            .ranges,
            .set,
            .text,
        ]
    }
}
