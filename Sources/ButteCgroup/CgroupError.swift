// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

/// A cgroup operation that failed: which kind of failure, a sentence naming the cgroup or file, and the cause.
public struct CgroupError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public enum Code: Sendable, Equatable {
        /// A leaf name that cannot name a cgroup directory (empty, `.`, `..`, a `/`, ...).
        case invalidName
        /// The root path is not a cgroup2 mount.
        case notCgroup2
        /// The hierarchy cannot be used (no cgroup2, or the manager was not prepared).
        case unavailable
        /// A limit out of range (zero memory, negative cpus).
        case invalidLimit
        /// A leaf that already exists.
        case alreadyExists
        /// A leaf or file that does not exist.
        case notFound
        /// A call made in the wrong state (a leaf used before `prepare()`).
        case invalidState
        /// A kernel file whose content could not be parsed.
        case malformedFile
        /// Reading or writing a cgroup file, or creating or removing a directory, failed.
        case io
        /// The cgroup still had processes when the deadline passed.
        case timedOut
    }

    /// What went wrong.
    public var code: Code
    /// A sentence naming the cgroup or file involved.
    public var message: String
    /// The failure this one wraps, when there is one.
    public var underlying: (any Error & Sendable)?

    /// Creates an error with `code` and `message`, wrapping `underlying`.
    public init(_ code: Code, _ message: String, underlying: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    /// The message, followed by the underlying error.
    public var description: String {
        if let underlying { return "\(message): \(underlying)" }
        return message
    }

    /// Equal when code and message are.
    public static func == (lhs: CgroupError, rhs: CgroupError) -> Bool {
        lhs.code == rhs.code && lhs.message == rhs.message
    }
}
