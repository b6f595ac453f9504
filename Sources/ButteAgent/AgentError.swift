// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

/// A failure of the agent, in one sentence that names the task, flag or path involved.
public struct AgentError: Error, Sendable, CustomStringConvertible {
    /// The sentence.
    public var message: String

    /// Creates an error.
    public init(_ message: String) { self.message = message }

    /// The sentence.
    public var description: String { message }
}
