// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

/// Why a seccomp profile could not be built or compiled.
public struct SeccompError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of failure.
    public enum Code: Sendable, Equatable {
        /// The profile asks for something Butte cannot enforce or that is malformed (bad argument index,
        /// an unsupported action, a conflicting rule).
        case invalidProfile
        /// An architecture libseccomp does not know.
        case unsupportedArchitecture
        /// libseccomp failed to build or export the filter.
        case libseccomp
        /// The compiled program is longer than the kernel accepts (4096 instructions).
        case programTooLarge
        /// A diagnostic probe could not run.
        case probeFailed
    }

    /// The kind of failure.
    public var code: Code
    /// A sentence naming the offending rule, syscall or architecture.
    public var message: String
    /// The failure this one wraps, when there is one.
    public var underlying: (any Error & Sendable)?

    /// Creates an error.
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
    public static func == (lhs: SeccompError, rhs: SeccompError) -> Bool {
        lhs.code == rhs.code && lhs.message == rhs.message
    }
}
