// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

/// An error from parsing or validating image references, digests and image-spec documents.
public struct OCIError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of problem was found.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: String, Sendable {
            case invalidReference
            case invalidDigest
            case digestMismatch
            case sizeMismatch
            case invalidDocument
            case unsupportedMediaType
            case noMatchingPlatform
        }

        private let kind: Kind

        /// An image reference does not follow the reference grammar.
        public static let invalidReference = Code(kind: .invalidReference)
        /// A digest string does not follow the image-spec digest grammar, or names an unsupported algorithm.
        public static let invalidDigest = Code(kind: .invalidDigest)
        /// Content did not hash to the digest it was expected to have.
        public static let digestMismatch = Code(kind: .digestMismatch)
        /// Content was longer or shorter than its descriptor said.
        public static let sizeMismatch = Code(kind: .sizeMismatch)
        /// A manifest, index or config is not valid JSON of the expected shape.
        public static let invalidDocument = Code(kind: .invalidDocument)
        /// A media type Butte does not accept here (for example Docker schema 1).
        public static let unsupportedMediaType = Code(kind: .unsupportedMediaType)
        /// No manifest of an index matches the wanted platform.
        public static let noMatchingPlatform = Code(kind: .noMatchingPlatform)

        /// The code's name.
        public var description: String { kind.rawValue }
    }

    /// What kind of problem was found.
    public var code: Code
    /// A human-readable explanation naming the offending value.
    public var message: String
    /// The error that caused this one, if any.
    public var underlying: (any Error & Sendable)?

    /// Creates an error.
    public init(_ code: Code, _ message: String, underlying: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    /// The message, followed by the underlying error when there is one.
    public var description: String {
        if let underlying { return "\(message): \(underlying)" }
        return message
    }

    /// Errors are equal when their code and message are; the underlying error is context only.
    public static func == (lhs: OCIError, rhs: OCIError) -> Bool {
        lhs.code == rhs.code && lhs.message == rhs.message
    }
}
