// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

/// A number type that can be decoded strictly from a JSON number.
protocol LenientNumeric: LosslessStringConvertible, Sendable {
    /// Decodes a JSON number of this type (no strings).
    static func decodeNumber(from container: any SingleValueDecodingContainer) throws -> Self
}

extension Double: LenientNumeric {
    static func decodeNumber(from container: any SingleValueDecodingContainer) throws -> Double { try container.decode(Double.self) }
}
extension Int32: LenientNumeric {
    static func decodeNumber(from container: any SingleValueDecodingContainer) throws -> Int32 { try container.decode(Int32.self) }
}
extension Int64: LenientNumeric {
    static func decodeNumber(from container: any SingleValueDecodingContainer) throws -> Int64 { try container.decode(Int64.self) }
}
extension UInt32: LenientNumeric {
    static func decodeNumber(from container: any SingleValueDecodingContainer) throws -> UInt32 { try container.decode(UInt32.self) }
}
extension UInt64: LenientNumeric {
    static func decodeNumber(from container: any SingleValueDecodingContainer) throws -> UInt64 { try container.decode(UInt64.self) }
}

/// Decodes a number the way stout does: a JSON number, or a string holding one (`"5050"`, `"0.5"`,
/// `"Infinity"` for doubles). Integers are accepted where doubles are expected.
struct LenientNumber<Number: LenientNumeric>: Decodable {
    /// The decoded number.
    var value: Number

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        do {
            value = try Number.decodeNumber(from: container)
        } catch DecodingError.typeMismatch(let type, let context) {
            guard let text = try? container.decode(String.self) else {
                throw DecodingError.typeMismatch(type, context)
            }
            guard let number = Number(text) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected a number, found the string \"\(text)\"")
            }
            value = number
        }
    }
}
