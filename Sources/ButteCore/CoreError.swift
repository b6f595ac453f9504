// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

/// The one error type of `ButteCore`: bad resources, attributes, durations and flags.
///
/// `message` is written for the person who typed the value: it names the offending
/// fragment, flag or file, so it can be printed as is.
public struct CoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure this is; a set that may grow.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String, Hashable, Sendable {
            case invalidResources
            case invalidAttributes
            case invalidDuration
            case unknownFlag
            case invalidFlag
            case invalidFlagValue
            case missingFlag
            case unreadableFile
        }

        private let value: Value

        private init(_ value: Value) { self.value = value }

        /// A `--resources` value (text or JSON) or a Resource object is malformed.
        public static let invalidResources = Code(.invalidResources)
        /// An `--attributes` value is malformed.
        public static let invalidAttributes = Code(.invalidAttributes)
        /// A duration string such as `15mins` is malformed.
        public static let invalidDuration = Code(.invalidDuration)
        /// A command-line flag names no known flag.
        public static let unknownFlag = Code(.unknownFlag)
        /// A flag is used the wrong way: repeated, negated although not a boolean, or missing its value.
        public static let invalidFlag = Code(.invalidFlag)
        /// A flag's value does not parse as the type the flag needs.
        public static let invalidFlagValue = Code(.invalidFlagValue)
        /// A required flag was given by no source.
        public static let missingFlag = Code(.missingFlag)
        /// A file a flag points at (`file://`, a config directory entry) cannot be read.
        public static let unreadableFile = Code(.unreadableFile)

        /// The code's name, e.g. `invalidResources`.
        public var description: String { value.rawValue }
    }

    /// What kind of failure this is.
    public var code: Code
    /// One sentence (or sentence fragment for value parsers) naming what was wrong.
    public var message: String
    /// The error this one wraps, if any.
    public var underlying: (any Error)?

    /// Creates an error.
    /// - Parameters:
    ///   - code: the kind of failure.
    ///   - message: text for the user, naming the offending value.
    ///   - underlying: the cause, kept for callers that want it.
    public init(_ code: Code, _ message: String, underlying: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    /// The message.
    public var description: String { message }

    /// Errors are equal when code and message are; the underlying cause is not compared.
    public static func == (lhs: CoreError, rhs: CoreError) -> Bool {
        lhs.code == rhs.code && lhs.message == rhs.message
    }
}
