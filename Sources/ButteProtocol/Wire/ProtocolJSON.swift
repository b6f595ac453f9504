// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// JSON encoding and decoding of the Mesos v1 messages, with Mesos' (stout's) rules.
///
/// Decoding: unknown keys are ignored, `null` means unset, numbers may be numeric strings (`"Infinity"` for
/// doubles), integers are accepted for doubles, bytes are padded standard base64, and an absent or `null`
/// repeated field is empty. Errors are ``ProtocolError``s naming the field path.
///
/// Encoding: one line of compact JSON, ASCII only (other characters as `\uXXXX`, with surrogate pairs), keys
/// sorted, only set fields and non-empty arrays, scalars rounded to three decimals. A single line lets clients
/// that split the event stream on newlines cope; ASCII lets them slice records by byte count in decoded text.
public enum ProtocolJSON {
    // Configured once and never mutated afterwards; JSONEncoder and JSONDecoder are Sendable.
    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        encoder.dataEncodingStrategy = .base64
        return encoder
    }()

    private static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        decoder.dataDecodingStrategy = .base64
        return decoder
    }()

    /// Encodes `value` as one line of ASCII JSON.
    /// - Throws: ``ProtocolError`` with code `encodingFailed` (e.g. a NaN that cannot be written).
    public static func encode<Message: Encodable>(_ value: Message) throws(ProtocolError) -> Data {
        let data: Data
        do {
            data = try encoder.encode(value)
        } catch {
            throw ProtocolError(.encodingFailed, "cannot encode \(Message.self) as JSON: \(error)", underlying: error)
        }
        return asciiOnly(data)
    }

    /// Decodes a message from JSON bytes.
    /// - Throws: ``ProtocolError`` with code `invalidJSON`, `missingField` or `invalidValue`, naming the field.
    public static func decode<Message: Decodable>(_ type: Message.Type, from data: Data) throws(ProtocolError) -> Message {
        do {
            return try decoder.decode(type, from: data)
        } catch let error as DecodingError {
            throw protocolError(for: error)
        } catch {
            throw ProtocolError(.invalidJSON, "cannot decode \(Message.self): \(error)", underlying: error)
        }
    }

    /// Decodes a message from JSON bytes.
    public static func decode<Message: Decodable>(_ type: Message.Type, from bytes: some Sequence<UInt8>) throws(ProtocolError) -> Message {
        try decode(type, from: Data(bytes))
    }

    /// Decodes a message from a JSON string.
    public static func decode<Message: Decodable>(_ type: Message.Type, from text: String) throws(ProtocolError) -> Message {
        try decode(type, from: Data(text.utf8))
    }

    /// Encodes `value` as a JSON string (ASCII, one line).
    public static func encodeString<Message: Encodable>(_ value: Message) throws(ProtocolError) -> String {
        String(decoding: try encode(value), as: UTF8.self)
    }

    /// Rewrites every non-ASCII character of UTF-8 JSON as a `\uXXXX` escape (two, as a surrogate pair, above
    /// U+FFFF). Such characters can only occur inside JSON strings, so escaping them keeps the text valid.
    static func asciiOnly(_ data: Data) -> Data {
        let hasNonASCII = data.withUnsafeBytes { raw in raw.contains { $0 >= 0x80 } }
        guard hasNonASCII else { return data }
        var out = [UInt8]()
        out.reserveCapacity(data.count + data.count / 4)
        for scalar in String(decoding: data, as: UTF8.self).unicodeScalars {
            let value = scalar.value
            if value < 0x80 {
                out.append(UInt8(value))
            } else if value <= 0xFFFF {
                appendEscape(UInt16(value), to: &out)
            } else {
                let offset = value - 0x10000
                appendEscape(UInt16(0xD800 + (offset >> 10)), to: &out)
                appendEscape(UInt16(0xDC00 + (offset & 0x3FF)), to: &out)
            }
        }
        return Data(out)
    }

    private static func appendEscape(_ unit: UInt16, to out: inout [UInt8]) {
        let hex: [UInt8] = Array("0123456789abcdef".utf8)
        out.append(UInt8(ascii: "\\"))
        out.append(UInt8(ascii: "u"))
        out.append(hex[Int(unit >> 12) & 0xF])
        out.append(hex[Int(unit >> 8) & 0xF])
        out.append(hex[Int(unit >> 4) & 0xF])
        out.append(hex[Int(unit) & 0xF])
    }

    /// Dotted field path of a coding path: `subscribe.framework_info.capabilities[0].type`.
    static func fieldPath(_ path: [any CodingKey]) -> String {
        var result = ""
        for key in path {
            if let index = key.intValue {
                result += "[\(index)]"
            } else {
                if !result.isEmpty { result += "." }
                result += key.stringValue
            }
        }
        return result
    }

    private static func protocolError(for error: DecodingError) -> ProtocolError {
        switch error {
        case .keyNotFound(let key, let context):
            let field = fieldPath(context.codingPath + [key])
            return ProtocolError(.missingField, "missing required field '\(field)'", field: field, underlying: error)
        case .valueNotFound(_, let context):
            let field = fieldPath(context.codingPath)
            return ProtocolError(.missingField, "missing required field '\(field)' (it is null)", field: field, underlying: error)
        case .typeMismatch(let type, let context):
            let field = fieldPath(context.codingPath)
            let expected = jsonKind(of: type)
            if field.isEmpty {
                return ProtocolError(.invalidValue, "expected a JSON \(expected) at the top level", underlying: error)
            }
            return ProtocolError(.invalidValue, "invalid value for '\(field)': expected \(expected)", field: field, underlying: error)
        case .dataCorrupted(let context):
            let field = fieldPath(context.codingPath)
            if field.isEmpty {
                return ProtocolError(.invalidJSON, "invalid JSON: \(context.debugDescription)", underlying: error)
            }
            return ProtocolError(.invalidValue, "invalid value for '\(field)': \(context.debugDescription)", field: field, underlying: error)
        @unknown default:
            return ProtocolError(.invalidJSON, "cannot decode: \(error)", underlying: error)
        }
    }

    private static func jsonKind(of type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Bool.Type: return "a boolean"
        case is Double.Type, is Float.Type, is Int.Type, is Int32.Type, is Int64.Type, is UInt32.Type, is UInt64.Type: return "a number"
        case is [Any].Type: return "an array"
        case is Data.Type: return "a base64 string"
        default:
            let name = String(describing: type)
            if name.hasPrefix("Array<") { return "an array" }
            if name.hasPrefix("Dictionary<") { return "an object" }
            return "an object"
        }
    }
}
