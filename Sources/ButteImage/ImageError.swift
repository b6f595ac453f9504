// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

/// An error from reading, verifying or unpacking image content.
public struct ImageError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of problem was found.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: String, Sendable {
            case invalidArchive
            case unsupportedArchive
            case limitExceeded
            case unsafeEntry
            case filesystem
            case decompression
            case verification
            case registry
            case authentication
            case notFound
            case network
            case timeout
            case store
            case inUse
        }

        private let kind: Kind

        /// The tar stream is malformed (bad checksum, truncated, bad PAX record, bad whiteout name).
        public static let invalidArchive = Code(kind: .invalidArchive)
        /// The tar stream uses a feature Butte does not unpack (GNU sparse files, unknown entry types).
        public static let unsupportedArchive = Code(kind: .unsupportedArchive)
        /// A configured limit (entries, bytes, header or xattr size) was exceeded.
        public static let limitExceeded = Code(kind: .limitExceeded)
        /// An entry tried to leave the layer directory or change the type of its root.
        public static let unsafeEntry = Code(kind: .unsafeEntry)
        /// A filesystem call failed while writing the layer.
        public static let filesystem = Code(kind: .filesystem)
        /// The compressed stream is corrupt, truncated, or followed by garbage.
        public static let decompression = Code(kind: .decompression)
        /// Content did not match its digest or size.
        public static let verification = Code(kind: .verification)
        /// A registry answered with an error status or broke the distribution protocol.
        public static let registry = Code(kind: .registry)
        /// The registry refused the credentials, or they could not be sent safely.
        public static let authentication = Code(kind: .authentication)
        /// The registry does not have the repository, tag, manifest or blob; or the store lacks the image.
        public static let notFound = Code(kind: .notFound)
        /// The connection failed or broke, after the retries.
        public static let network = Code(kind: .network)
        /// A connect, stall or request deadline passed.
        public static let timeout = Code(kind: .timeout)
        /// The local image store is unusable (permissions, corrupt records).
        public static let store = Code(kind: .store)
        /// A blob or layer cannot be removed because a container holds a lease on it.
        public static let inUse = Code(kind: .inUse)

        /// The code's name.
        public var description: String { kind.rawValue }
    }

    /// What kind of problem was found.
    public var code: Code
    /// A human-readable explanation naming the offending entry or value.
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

    /// Errors are equal when their code and message are.
    public static func == (lhs: ImageError, rhs: ImageError) -> Bool {
        lhs.code == rhs.code && lhs.message == rhs.message
    }
}
