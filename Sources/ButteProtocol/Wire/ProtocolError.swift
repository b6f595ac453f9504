// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

/// The error thrown by ButteProtocol: bad JSON, a message that does not convert, a call that breaks the API's
/// rules, or a malformed RecordIO stream.
///
/// `message` is written to be returned to the client as is (the master answers 400 with it), and names the
/// field at fault, e.g. `missing required field 'subscribe.framework_info.user'`.
public struct ProtocolError: Error, CustomStringConvertible {
    /// What kind of failure this is.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Name: String {
            case invalidJSON
            case missingField
            case invalidValue
            case invalidCall
            case unknownCall
            case encodingFailed
            case invalidRecordIO
            case recordTooLarge
        }

        private let name: Name

        private init(_ name: Name) {
            self.name = name
        }

        /// The body is not JSON.
        public static let invalidJSON = Code(.invalidJSON)
        /// A required field is absent or `null`.
        public static let missingField = Code(.missingField)
        /// A field has the wrong type, an unknown enum name, or bad base64.
        public static let invalidValue = Code(.invalidValue)
        /// The message converts but breaks a rule of the API (missing payload, bad uuid, mismatched ids).
        public static let invalidCall = Code(.invalidCall)
        /// The call type is unset, UNKNOWN or not known to Butte (the master answers 501).
        public static let unknownCall = Code(.unknownCall)
        /// A value could not be encoded.
        public static let encodingFailed = Code(.encodingFailed)
        /// A RecordIO stream is malformed.
        public static let invalidRecordIO = Code(.invalidRecordIO)
        /// A RecordIO record is longer than allowed.
        public static let recordTooLarge = Code(.recordTooLarge)

        /// The code's name.
        public var description: String { name.rawValue }
    }

    /// What kind of failure this is.
    public var code: Code
    /// Human-readable explanation naming the field or byte at fault.
    public var message: String
    /// Dotted path of the field at fault (`accept.operations[0].launch.task_infos[1].task_id`), when known.
    public var field: String?
    /// The error that caused this one, if any.
    public var underlying: (any Error)?

    /// Creates an error.
    public init(_ code: Code, _ message: String, field: String? = nil, underlying: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.field = field
        self.underlying = underlying
    }

    /// The message.
    public var description: String { message }
}
