// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

/// A failure inside the master that is not an HTTP answer: bad resources, registry I/O.
public struct MasterError: Error, CustomStringConvertible {
    /// What kind of failure this is; a set that may grow.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String, Hashable, Sendable {
            case invalidResources, registry, configuration
        }

        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// Resources that cannot be used (wrong type, negative amount).
        public static let invalidResources = Code(.invalidResources)
        /// The registry could not be read or written.
        public static let registry = Code(.registry)
        /// Flags that cannot be used together or have bad values.
        public static let configuration = Code(.configuration)

        /// The code's name.
        public var description: String { value.rawValue }
    }

    /// What kind of failure this is.
    public var code: Code

    /// One sentence naming what was wrong.
    public var message: String

    /// The cause, when another error caused this one.
    public var underlying: (any Error)?

    /// Creates an error.
    public init(_ code: Code, _ message: String, underlying: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    /// The message, with the cause.
    public var description: String {
        if let underlying { return "\(message): \(underlying)" }
        return message
    }
}
