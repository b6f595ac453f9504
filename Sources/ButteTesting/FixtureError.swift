// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

/// Why a test service fixture (a registry, a ZooKeeper ensemble, a command it runs) failed.
public struct FixtureError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure.
    public enum Code: String, Sendable {
        /// The caller asked for something the fixture cannot do (bad member id, bad count).
        case invalidArgument
        /// A program could not be launched, or a server exited while starting.
        case startFailed
        /// A condition did not become true before its deadline.
        case timeout
        /// A command exited unsuccessfully.
        case commandFailed
        /// A socket or file operation failed.
        case io
    }

    /// The kind of failure.
    public var code: Code
    /// What failed, in a sentence that names the thing (server, port, file).
    public var message: String
    /// The error that caused this one, if any.
    public var underlying: (any Error & Sendable)?

    /// Creates an error.
    public init(_ code: Code, _ message: String, underlying: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    /// The code, the message and the cause.
    public var description: String {
        var text = "\(code.rawValue): \(message)"
        if let underlying { text += " (caused by: \(underlying))" }
        return text
    }
}
