// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

/// A validating pass over JSON bytes that refuses what Foundation's `JSONDecoder` silently accepts.
///
/// `JSONDecoder` keeps the last of duplicated object keys, so a document can carry a second `"layers"`
/// that a signature or a reviewer never saw (CVE-2014-8179). This pass walks the exact bytes that were
/// hashed, compares object keys after unescaping (so `"layers"` and `"la\u0079ers"` collide), and bounds
/// nesting depth, before the same bytes are decoded.
public enum StrictJSON {
    /// The deepest nesting of arrays and objects accepted by default.
    public static let defaultMaxDepth = 64

    /// Checks that `bytes` hold exactly one well-formed JSON value with no duplicate object keys.
    /// - Throws: `OCIError` `.invalidDocument` naming the problem and its byte offset.
    public static func validate(_ bytes: some Collection<UInt8>, maxDepth: Int = defaultMaxDepth) throws(OCIError) {
        let array = Array(bytes)
        var scanner = Scanner(bytes: array, maxDepth: maxDepth)
        try scanner.skipSpace()
        try scanner.value(depth: 0)
        try scanner.skipSpace()
        if scanner.position != array.count {
            throw scanner.error("unexpected data after the JSON value")
        }
    }

    private struct Scanner {
        let bytes: [UInt8]
        let maxDepth: Int
        var position = 0

        init(bytes: [UInt8], maxDepth: Int) {
            self.bytes = bytes
            self.maxDepth = maxDepth
        }

        func error(_ what: String) -> OCIError {
            OCIError(.invalidDocument, "invalid JSON at byte \(position): \(what)")
        }

        mutating func skipSpace() throws(OCIError) {
            while position < bytes.count {
                switch bytes[position] {
                case 0x20, 0x09, 0x0A, 0x0D: position += 1
                default: return
                }
            }
        }

        func peek() throws(OCIError) -> UInt8 {
            guard position < bytes.count else { throw error("unexpected end of input") }
            return bytes[position]
        }

        mutating func expect(_ byte: UInt8) throws(OCIError) {
            guard try peek() == byte else { throw error("expected '\(Character(Unicode.Scalar(byte)))'") }
            position += 1
        }

        mutating func value(depth: Int) throws(OCIError) {
            switch try peek() {
            case UInt8(ascii: "{"): try object(depth: depth + 1)
            case UInt8(ascii: "["): try array(depth: depth + 1)
            case UInt8(ascii: "\""): _ = try string()
            case UInt8(ascii: "t"): try literal("true")
            case UInt8(ascii: "f"): try literal("false")
            case UInt8(ascii: "n"): try literal("null")
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try number()
            default: throw error("unexpected character")
            }
        }

        mutating func literal(_ word: StaticString) throws(OCIError) {
            let count = word.utf8CodeUnitCount
            guard position + count <= bytes.count else { throw error("unexpected end of input") }
            let expected = UnsafeBufferPointer(start: word.utf8Start, count: count)
            for i in 0..<count where bytes[position + i] != expected[i] {
                throw error("invalid literal")
            }
            position += count
        }

        mutating func number() throws(OCIError) {
            if bytes[position] == UInt8(ascii: "-") { position += 1 }
            let digitsStart = position
            while position < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[position]) { position += 1 }
            let intDigits = position - digitsStart
            if intDigits == 0 { throw error("invalid number") }
            if intDigits > 1, bytes[digitsStart] == UInt8(ascii: "0") { throw error("number with a leading zero") }
            if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
                position += 1
                let s = position
                while position < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[position]) { position += 1 }
                if position == s { throw error("invalid number fraction") }
            }
            if position < bytes.count, bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E") {
                position += 1
                if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") { position += 1 }
                let s = position
                while position < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[position]) { position += 1 }
                if position == s { throw error("invalid number exponent") }
            }
        }

        /// Reads a string and returns its unescaped UTF-8 bytes.
        mutating func string() throws(OCIError) -> [UInt8] {
            try expect(UInt8(ascii: "\""))
            var out: [UInt8] = []
            while true {
                guard position < bytes.count else { throw error("unterminated string") }
                let b = bytes[position]
                position += 1
                switch b {
                case UInt8(ascii: "\""):
                    return out
                case UInt8(ascii: "\\"):
                    guard position < bytes.count else { throw error("unterminated escape") }
                    let e = bytes[position]
                    position += 1
                    switch e {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
                    case UInt8(ascii: "b"): out.append(0x08)
                    case UInt8(ascii: "f"): out.append(0x0C)
                    case UInt8(ascii: "n"): out.append(0x0A)
                    case UInt8(ascii: "r"): out.append(0x0D)
                    case UInt8(ascii: "t"): out.append(0x09)
                    case UInt8(ascii: "u"):
                        var scalar = try hex4()
                        if (0xD800...0xDBFF).contains(scalar) {
                            // A high surrogate must be followed by an escaped low surrogate.
                            guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u")
                            else { throw error("unpaired surrogate in string") }
                            position += 2
                            let low = try hex4()
                            guard (0xDC00...0xDFFF).contains(low) else { throw error("unpaired surrogate in string") }
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        } else if (0xDC00...0xDFFF).contains(scalar) {
                            throw error("unpaired surrogate in string")
                        }
                        guard let u = Unicode.Scalar(scalar) else { throw error("invalid unicode escape") }
                        out.append(contentsOf: Array(String(Character(u)).utf8))
                    default:
                        throw error("invalid escape")
                    }
                case 0x00..<0x20:
                    throw error("control character in string")
                default:
                    out.append(b)
                }
            }
        }

        mutating func hex4() throws(OCIError) -> UInt32 {
            guard position + 4 <= bytes.count else { throw error("short unicode escape") }
            var v: UInt32 = 0
            for _ in 0..<4 {
                let c = bytes[position]
                position += 1
                let d: UInt32
                switch c {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(c - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt32(c - UInt8(ascii: "a") + 10)
                case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt32(c - UInt8(ascii: "A") + 10)
                default: throw error("invalid unicode escape")
                }
                v = v << 4 | d
            }
            return v
        }

        mutating func object(depth: Int) throws(OCIError) {
            if depth > maxDepth { throw error("nesting deeper than \(maxDepth) levels") }
            try expect(UInt8(ascii: "{"))
            try skipSpace()
            if try peek() == UInt8(ascii: "}") {
                position += 1
                return
            }
            var keys = Set<[UInt8]>()
            while true {
                try skipSpace()
                let keyStart = position
                let key = try string()
                if !keys.insert(key).inserted {
                    position = keyStart
                    throw error("duplicate object key \"\(String(decoding: key, as: UTF8.self))\"")
                }
                try skipSpace()
                try expect(UInt8(ascii: ":"))
                try skipSpace()
                try value(depth: depth)
                try skipSpace()
                switch try peek() {
                case UInt8(ascii: ","): position += 1
                case UInt8(ascii: "}"):
                    position += 1
                    return
                default: throw error("expected ',' or '}' in object")
                }
            }
        }

        mutating func array(depth: Int) throws(OCIError) {
            if depth > maxDepth { throw error("nesting deeper than \(maxDepth) levels") }
            try expect(UInt8(ascii: "["))
            try skipSpace()
            if try peek() == UInt8(ascii: "]") {
                position += 1
                return
            }
            while true {
                try skipSpace()
                try value(depth: depth)
                try skipSpace()
                switch try peek() {
                case UInt8(ascii: ","): position += 1
                case UInt8(ascii: "]"):
                    position += 1
                    return
                default: throw error("expected ',' or ']' in array")
                }
            }
        }
    }
}
