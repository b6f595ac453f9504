// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

// Source: https://github.com/opencontainers/image-spec/blob/v1.1.1/descriptor.md#digests

/// A content digest (`sha256:<64 hex>` or `sha512:<128 hex>`), validated so that it is safe to use as a path component.
///
/// Only the registered algorithms `sha256` and `sha512` are accepted, with exactly the encoded length their
/// output has, in lowercase hexadecimal. Anything else — uppercase hex, a wrong length, `sha256:../..`,
/// `md5:…` — is refused before the value can reach the filesystem.
public struct Digest: Hashable, Sendable, Codable, CustomStringConvertible, Comparable {
    /// A digest algorithm Butte accepts.
    public enum Algorithm: String, Sendable, CaseIterable, Codable {
        /// SHA-256, the default and the only one registries are required to support.
        case sha256
        /// SHA-512.
        case sha512

        /// The number of hexadecimal characters of an encoded digest of this algorithm.
        public var encodedLength: Int {
            switch self {
            case .sha256: 64
            case .sha512: 128
            }
        }
    }

    /// The algorithm.
    public let algorithm: Algorithm
    /// The lowercase hexadecimal encoding of the hash.
    public let encoded: String

    /// Parses and validates a digest string.
    /// - Throws: `OCIError` with code `.invalidDigest`, naming the reason.
    public init(parsing string: String) throws(OCIError) {
        guard let colon = string.utf8.firstIndex(of: UInt8(ascii: ":")) else {
            throw OCIError(.invalidDigest, "invalid digest \(Self.quoted(string)): missing algorithm separator ':'")
        }
        let algorithmPart = String(string[..<colon])
        let encodedPart = String(string[string.index(after: colon)...])
        guard let algorithm = Algorithm(rawValue: algorithmPart) else {
            if algorithmPart.isEmpty {
                throw OCIError(.invalidDigest, "invalid digest \(Self.quoted(string)): empty algorithm")
            }
            throw OCIError(.invalidDigest, "invalid digest \(Self.quoted(string)): unsupported algorithm \(Self.quoted(algorithmPart))")
        }
        try self.init(algorithm: algorithm, encoded: encodedPart)
    }

    /// Creates a digest from an algorithm and its hexadecimal encoding, validating the encoding.
    /// - Throws: `OCIError` with code `.invalidDigest` when the encoding is not lowercase hex of the right length.
    public init(algorithm: Algorithm, encoded: String) throws(OCIError) {
        let full = "\(algorithm.rawValue):\(encoded)"
        var count = 0
        for byte in encoded.utf8 {
            count += 1
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"):
                continue
            case UInt8(ascii: "A")...UInt8(ascii: "F"):
                throw OCIError(.invalidDigest, "invalid digest \(Self.quoted(full)): hex must be lowercase")
            default:
                throw OCIError(.invalidDigest, "invalid digest \(Self.quoted(full)): encoded part is not hexadecimal")
            }
        }
        guard count == algorithm.encodedLength else {
            throw OCIError(
                .invalidDigest,
                "invalid digest \(Self.quoted(full)): \(algorithm.rawValue) needs \(algorithm.encodedLength) hex characters, got \(count)"
            )
        }
        self.algorithm = algorithm
        self.encoded = encoded
    }

    /// The canonical string, `algorithm:encoded`.
    public var description: String { "\(algorithm.rawValue):\(encoded)" }

    /// Decodes a digest string and validates it.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let raw = try container.decode(String.self)
        do {
            try self.init(parsing: raw)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.message)
        }
    }

    /// Encodes the canonical string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// Orders digests by their canonical string.
    public static func < (lhs: Digest, rhs: Digest) -> Bool { lhs.description < rhs.description }

    /// Quotes a value for an error message, shortening very long input.
    static func quoted(_ value: String) -> String {
        let limit = 200
        if value.utf8.count <= limit { return "\"\(value)\"" }
        return "\"\(value.prefix(limit))…\""
    }
}
