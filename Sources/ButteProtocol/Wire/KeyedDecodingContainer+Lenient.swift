// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

// stout's JSON → protobuf leniency for every Codable type of this module.
//
// These overloads shadow the standard library's for the synthesized `init(from:)` of the message types in this
// module (a declaration in the module wins over the imported one with the same signature, and a constrained
// generic wins over the unconstrained one). Code outside the module is not affected.
//
// - numbers: JSON numbers or numeric strings (`"Infinity"` for doubles)
// - repeated fields: absent or `null` decode as empty
// - enums: an unknown name in an optional field decodes as unset; in a required field it is an error naming the field
extension KeyedDecodingContainer {
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double {
        try decode(LenientNumber<Double>.self, forKey: key).value
    }

    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? {
        try decodeIfPresent(LenientNumber<Double>.self, forKey: key)?.value
    }

    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 {
        try decode(LenientNumber<Int32>.self, forKey: key).value
    }

    func decodeIfPresent(_ type: Int32.Type, forKey key: Key) throws -> Int32? {
        try decodeIfPresent(LenientNumber<Int32>.self, forKey: key)?.value
    }

    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 {
        try decode(LenientNumber<Int64>.self, forKey: key).value
    }

    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? {
        try decodeIfPresent(LenientNumber<Int64>.self, forKey: key)?.value
    }

    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 {
        try decode(LenientNumber<UInt32>.self, forKey: key).value
    }

    func decodeIfPresent(_ type: UInt32.Type, forKey key: Key) throws -> UInt32? {
        try decodeIfPresent(LenientNumber<UInt32>.self, forKey: key)?.value
    }

    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 {
        try decode(LenientNumber<UInt64>.self, forKey: key).value
    }

    func decodeIfPresent(_ type: UInt64.Type, forKey key: Key) throws -> UInt64? {
        try decodeIfPresent(LenientNumber<UInt64>.self, forKey: key)?.value
    }

    func decode<Element: Decodable>(_ type: [Element].Type, forKey key: Key) throws -> [Element] {
        try decodeIfPresent([Element].self, forKey: key) ?? []
    }

    func decode<Enum: ProtocolEnum>(_ type: Enum.Type, forKey key: Key) throws -> Enum {
        let value = Enum(rawValue: try decode(String.self, forKey: key))
        guard value.isKnown else {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "unknown value \"\(value.rawValue)\"")
        }
        return value
    }

    func decodeIfPresent<Enum: ProtocolEnum>(_ type: Enum.Type, forKey key: Key) throws -> Enum? {
        guard let name = try decodeIfPresent(String.self, forKey: key) else { return nil }
        let value = Enum(rawValue: name)
        return value.isKnown ? value : nil
    }
}
