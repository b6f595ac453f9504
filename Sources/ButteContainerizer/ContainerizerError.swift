// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

/// Why the containerizer could not do what it was asked: one sentence for people, a code for programs, and
/// the underlying error.
public struct ContainerizerError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure it is.
    public enum Code: String, Hashable, Sendable {
        /// The root filesystem directory does not exist or is not a directory.
        case rootfsMissing
        /// The command is not in the container's root filesystem.
        case commandNotFound
        /// The command exists but cannot be executed (permissions, not an executable).
        case commandNotExecutable
        /// The caller lacks a privilege the launch needs (not root, or a refused namespace).
        case permissionDenied
        /// The container spec is inconsistent or names something impossible.
        case invalidSpec
        /// The runtime directory could not be prepared or cleaned.
        case runtimeDirectory
        /// A step of the launch failed.
        case launchFailed
        /// The container is not in a state where this call makes sense.
        case invalidState
    }

    /// The kind of failure.
    public var code: Code
    /// One sentence naming the thing that failed.
    public var message: String
    /// The cause.
    public var underlying: (any Error & Sendable)?

    /// Creates an error.
    public init(_ code: Code, _ message: String, underlying: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    /// The message.
    public var description: String { message }
}
