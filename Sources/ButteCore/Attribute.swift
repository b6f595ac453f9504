// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

/// An agent attribute (`--attributes=rack:r1;zone:us-east;level:3`): a name and a typed value.
///
/// Source: Mesos v1 `Attribute` (mesos/v1/mesos.proto, Mesos 1.11).
public struct Attribute: Hashable, Sendable, CustomStringConvertible {
    /// An attribute value: like a resource value, plus free text.
    public enum Value: Hashable, Sendable, CustomStringConvertible {
        /// A number (`level:3`); may be negative or fractional.
        case scalar(Scalar)
        /// Ranges (`ids:[1-10]`).
        case ranges(ValueRanges)
        /// A set (`gpus:{a,b}`).
        case set(Set<String>)
        /// Anything else (`rack:r1`).
        case text(String)

        /// The Mesos type name: `SCALAR`, `RANGES`, `SET` or `TEXT`.
        public var typeName: String {
            switch self {
            case .scalar: "SCALAR"
            case .ranges: "RANGES"
            case .set: "SET"
            case .text: "TEXT"
            }
        }

        /// The Mesos text form.
        public var description: String {
            switch self {
            case .scalar(let scalar): scalar.description
            case .ranges(let ranges): ranges.description
            case .set(let items): "{" + items.sorted().joined(separator: ", ") + "}"
            case .text(let text): text
            }
        }
    }

    /// The attribute name.
    public var name: String
    /// The value.
    public var value: Value

    /// Creates an attribute.
    public init(name: String, value: Value) {
        self.name = name
        self.value = value
    }

    /// `name:value`.
    public var description: String { "\(name):\(value)" }

    /// Parses an `--attributes` value `k:v;k2:v2`.
    ///
    /// Each value is typed as Mesos does: `[..]` is RANGES, `{..}` is SET, a number is SCALAR,
    /// anything else is TEXT. Blanks inside values are removed (as Mesos does) and empty pieces
    /// between `;` are skipped. A value may contain `:`; the name ends at the first one.
    ///
    /// - Throws: `CoreError` (`.invalidAttributes`) naming the offending piece.
    public static func parseList(_ text: String) throws(CoreError) -> [Attribute] {
        var result: [Attribute] = []
        for piece in text.pieces(separatedBy: ";") {
            let fragment = piece.trimmed
            if fragment.isEmpty { continue }
            guard let colon = fragment.firstIndex(of: ":") else {
                throw CoreError(.invalidAttributes, "invalid attribute '\(fragment)': expected 'name:value'")
            }
            let name = fragment[..<colon].trimmed
            guard !name.isEmpty else {
                throw CoreError(.invalidAttributes, "invalid attribute '\(fragment)': the name is empty")
            }
            let raw = String(fragment[fragment.index(after: colon)...])
            let compact = raw.withoutBlanks
            let subject = "attribute '\(name)'"
            let value: Value
            if compact.isEmpty {
                throw CoreError(.invalidAttributes, "missing value for \(subject)")
            } else if compact.hasPrefix("[") {
                value = .ranges(try ValueRanges.parse(compact, subject: subject, code: .invalidAttributes))
            } else if compact.hasPrefix("{") {
                value = .set(try Resources.parseSet(compact, subject: subject, code: .invalidAttributes))
            } else if let scalar = Scalar(parsing: compact) {
                value = .scalar(scalar)
            } else {
                value = .text(compact)
            }
            result.append(Attribute(name: name, value: value))
        }
        return result
    }

    /// The text form of a list, `k:v;k2:v2`, which `parseList(_:)` reads back.
    public static func listDescription(_ attributes: [Attribute]) -> String {
        attributes.map(\.description).joined(separator: ";")
    }
}

// Source: Mesos v1 JSON of `Attribute`: {"name":"rack","type":"TEXT","text":{"value":"r1"}}.
extension Attribute: Codable {
    private enum CodingKeys: String, CodingKey {
        case name, type, scalar, ranges, set, text
    }

    private struct ScalarBox: Codable {
        var value: Scalar
    }

    private struct TextBox: Codable {
        var value: String
    }

    private struct SetBox: Codable {
        var item: [String]?
    }

    /// Decodes a v1 Attribute.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        let type = try container.decode(String.self, forKey: .type)
        switch type {
        case "SCALAR": value = .scalar(try container.decode(ScalarBox.self, forKey: .scalar).value)
        case "RANGES": value = .ranges(try container.decode(ValueRanges.self, forKey: .ranges))
        case "SET": value = .set(Set(try container.decode(SetBox.self, forKey: .set).item ?? []))
        case "TEXT": value = .text(try container.decode(TextBox.self, forKey: .text).value)
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .type, in: container,
                debugDescription: "unsupported type '\(type)' for attribute '\(name)': expected SCALAR, RANGES, SET or TEXT")
        }
    }

    /// Encodes a v1 Attribute.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(value.typeName, forKey: .type)
        switch value {
        case .scalar(let scalar): try container.encode(ScalarBox(value: scalar), forKey: .scalar)
        case .ranges(let ranges): try container.encode(ranges, forKey: .ranges)
        case .set(let items): try container.encode(SetBox(item: items.sorted()), forKey: .set)
        case .text(let text): try container.encode(TextBox(value: text), forKey: .text)
        }
    }
}
