// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

/// A capability name, set or kernel value that cannot be used.
public struct CapabilityError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public enum Code: Sendable, Equatable {
        /// A name that is no Linux capability.
        case unknownName
        /// A capability the running kernel does not have.
        case unsupportedByKernel
        /// Sets that the kernel would refuse together (for example ambient outside permitted).
        case inconsistentSets
        /// A kernel file that could not be read or parsed.
        case kernelInfo
    }

    /// What went wrong.
    public var code: Code
    /// A sentence naming the offending value.
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
    public static func == (lhs: CapabilityError, rhs: CapabilityError) -> Bool {
        lhs.code == rhs.code && lhs.message == rhs.message
    }
}
