// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import Crypto

/// Hashes content as it streams and checks it against an expected digest and size.
///
/// Feed every chunk with `update(_:)`; `verify()` then compares the digest of exactly the bytes seen.
/// With an expected size, `update` fails as soon as more bytes arrive than the descriptor allows, so an
/// endless body is cut off at `size + 1` bytes instead of being hashed to the end.
public struct DigestVerifier {
    private enum Hasher {
        case sha256(SHA256)
        case sha512(SHA512)
    }

    /// The digest the content must have.
    public let expected: Digest
    /// The size the content must have, when known.
    public let expectedSize: Int64?
    /// How many bytes were seen so far.
    public private(set) var count: Int64 = 0
    private var hasher: Hasher

    /// Creates a verifier for content that must hash to `expected` and, if given, be exactly `size` bytes long.
    public init(expected: Digest, size: Int64? = nil) {
        self.expected = expected
        self.expectedSize = size
        switch expected.algorithm {
        case .sha256: hasher = .sha256(SHA256())
        case .sha512: hasher = .sha512(SHA512())
        }
    }

    /// Adds a chunk of content.
    /// - Throws: `OCIError` `.sizeMismatch` when the content grows past the expected size.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) throws(OCIError) {
        count += Int64(bytes.count)
        if let expectedSize, count > expectedSize {
            throw OCIError(.sizeMismatch, "content of \(expected) is longer than its expected size of \(expectedSize) bytes")
        }
        switch hasher {
        case .sha256(var h):
            h.update(bufferPointer: bytes)
            hasher = .sha256(h)
        case .sha512(var h):
            h.update(bufferPointer: bytes)
            hasher = .sha512(h)
        }
    }

    /// Adds a chunk of content given as a byte collection.
    public mutating func update<Bytes: Sequence<UInt8>>(_ bytes: Bytes) throws(OCIError) {
        let array = Array(bytes)
        let result: Result<Void, OCIError> = array.withUnsafeBytes { buffer in
            do throws(OCIError) {
                try update(buffer)
                return .success(())
            } catch {
                return .failure(error)
            }
        }
        try result.get()
    }

    /// The digest of the bytes seen so far.
    public var actual: Digest {
        switch hasher {
        case .sha256(let h): Self.digest(.sha256, h.finalize())
        case .sha512(let h): Self.digest(.sha512, h.finalize())
        }
    }

    /// Checks that the content seen has the expected size and digest.
    /// - Throws: `OCIError` `.sizeMismatch` or `.digestMismatch`, naming both values.
    public func verify() throws(OCIError) {
        if let expectedSize, count != expectedSize {
            throw OCIError(.sizeMismatch, "content of \(expected) has \(count) bytes, expected \(expectedSize)")
        }
        let actual = self.actual
        guard actual == expected else {
            throw OCIError(.digestMismatch, "content digest mismatch: expected \(expected), got \(actual)")
        }
    }

    private static func digest(_ algorithm: Digest.Algorithm, _ bytes: some Sequence<UInt8>) -> Digest {
        let hex: [UInt8] = Array("0123456789abcdef".utf8)
        var chars: [UInt8] = []
        chars.reserveCapacity(algorithm.encodedLength)
        for b in bytes {
            chars.append(hex[Int(b >> 4)])
            chars.append(hex[Int(b & 0xF)])
        }
        // The encoding is lowercase hex of the algorithm's exact length by construction.
        guard let digest = try? Digest(algorithm: algorithm, encoded: String(decoding: chars, as: UTF8.self)) else {
            preconditionFailure("hash output does not form a valid digest")
        }
        return digest
    }
}

extension Digest {
    /// Computes the digest of a complete byte sequence.
    public static func compute(_ algorithm: Algorithm = .sha256, of bytes: some Sequence<UInt8>) -> Digest {
        let placeholder: Digest
        switch algorithm {
        case .sha256: placeholder = Digest.zeroSHA256
        case .sha512: placeholder = Digest.zeroSHA512
        }
        var verifier = DigestVerifier(expected: placeholder)
        // No size is set, so update cannot fail.
        try? verifier.update(bytes)
        return verifier.actual
    }

    private static let zeroSHA256 = unsafeValid(.sha256, String(repeating: "0", count: 64))
    private static let zeroSHA512 = unsafeValid(.sha512, String(repeating: "0", count: 128))

    private static func unsafeValid(_ algorithm: Algorithm, _ encoded: String) -> Digest {
        guard let d = try? Digest(algorithm: algorithm, encoded: encoded) else { preconditionFailure("constant digest is invalid") }
        return d
    }
}
