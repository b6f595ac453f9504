// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

// Source: RFC 9110 §11.6.1 (WWW-Authenticate) and https://distribution.github.io/distribution/spec/auth/token/

/// One challenge of a `WWW-Authenticate` header: a scheme (`Bearer`, `Basic`) and its parameters.
public struct AuthChallenge: Sendable, Hashable {
    /// The longest header value parsed; longer ones are refused.
    public static let maxHeaderLength = 16 << 10

    /// The scheme, lowercased (`bearer`, `basic`).
    public var scheme: String
    /// The parameters, names lowercased, values unquoted.
    public var parameters: [String: String]

    /// Creates a challenge.
    public init(scheme: String, parameters: [String: String] = [:]) {
        self.scheme = scheme.lowercased()
        self.parameters = parameters
    }

    /// The `realm` parameter.
    public var realm: String? { parameters["realm"] }

    /// Parses every challenge of one or more `WWW-Authenticate` values.
    ///
    /// Handles several challenges in one value (`Bearer realm="a",service="b", Basic realm="c"`), quoted
    /// values with commas and escaped quotes, empty values, and a case-insensitive scheme. `token68`
    /// challenges are not used by registries and are not recognised.
    /// - Throws: `ImageError` `.authentication` for a value that is too long or not challenge syntax.
    public static func parse(_ values: [String]) throws(ImageError) -> [AuthChallenge] {
        var result: [AuthChallenge] = []
        for value in values {
            guard value.utf8.count <= maxHeaderLength else {
                throw ImageError(.authentication, "the registry's WWW-Authenticate header is longer than \(maxHeaderLength) bytes")
            }
            var parser = Parser(bytes: Array(value.utf8))
            result += try parser.challenges()
        }
        return result
    }

    private struct Parser {
        let bytes: [UInt8]
        var i = 0

        init(bytes: [UInt8]) { self.bytes = bytes }

        static func isTokenByte(_ b: UInt8) -> Bool {
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                return true
            default:
                return Array("!#$%&'*+-.^_`|~".utf8).contains(b)
            }
        }

        func fail(_ why: String) -> ImageError {
            ImageError(.authentication, "the registry's WWW-Authenticate header is malformed: \(why)")
        }

        mutating func skipSpaces() {
            while i < bytes.count, bytes[i] == UInt8(ascii: " ") || bytes[i] == UInt8(ascii: "\t") { i += 1 }
        }

        mutating func skipSpacesAndCommas() {
            while i < bytes.count, bytes[i] == UInt8(ascii: " ") || bytes[i] == UInt8(ascii: "\t") || bytes[i] == UInt8(ascii: ",") { i += 1 }
        }

        mutating func token() -> String? {
            let start = i
            while i < bytes.count, Self.isTokenByte(bytes[i]) { i += 1 }
            return i > start ? String(decoding: bytes[start..<i], as: UTF8.self) : nil
        }

        mutating func quoted() throws(ImageError) -> String {
            i += 1  // opening quote
            var out: [UInt8] = []
            while i < bytes.count {
                let b = bytes[i]
                if b == UInt8(ascii: "\\") {
                    guard i + 1 < bytes.count else { break }
                    out.append(bytes[i + 1])
                    i += 2
                    continue
                }
                if b == UInt8(ascii: "\"") {
                    i += 1
                    return String(decoding: out, as: UTF8.self)
                }
                out.append(b)
                i += 1
            }
            throw fail("a quoted value is not closed")
        }

        mutating func challenges() throws(ImageError) -> [AuthChallenge] {
            var result: [AuthChallenge] = []
            skipSpacesAndCommas()
            while i < bytes.count {
                guard let scheme = token() else { throw fail("expected an authentication scheme at byte \(i)") }
                var challenge = AuthChallenge(scheme: scheme)
                skipSpaces()
                // Parameters until a token that is not followed by '=' starts the next challenge.
                while i < bytes.count {
                    skipSpacesAndCommas()
                    let mark = i
                    guard let name = token() else {
                        if i < bytes.count { throw fail("unexpected character at byte \(i)") }
                        break
                    }
                    skipSpaces()
                    guard i < bytes.count, bytes[i] == UInt8(ascii: "=") else {
                        i = mark
                        break
                    }
                    i += 1
                    skipSpaces()
                    let value: String
                    if i < bytes.count, bytes[i] == UInt8(ascii: "\"") {
                        value = try quoted()
                    } else {
                        value = token() ?? ""
                    }
                    challenge.parameters[name.lowercased()] = value
                    skipSpaces()
                    if i < bytes.count, bytes[i] == UInt8(ascii: ",") { i += 1 }
                }
                result.append(challenge)
                skipSpacesAndCommas()
            }
            return result
        }
    }
}
