// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

/// A call to the `Allocator` that names something it does not know, or a value it cannot accept.
package struct AllocatorError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure this is; a set that may grow.
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String, Hashable, Sendable {
            case duplicateAgent
            case unknownAgent
            case duplicateFramework
            case unknownFramework
            case invalidRole
            case invalidWeight
        }

        private let value: Value

        private init(_ value: Value) { self.value = value }

        /// An agent with this id was already added.
        package static let duplicateAgent = Code(.duplicateAgent)
        /// No agent with this id was added.
        package static let unknownAgent = Code(.unknownAgent)
        /// A framework with this id was already added.
        package static let duplicateFramework = Code(.duplicateFramework)
        /// No framework with this id was added.
        package static let unknownFramework = Code(.unknownFramework)
        /// A role name is not a valid Mesos role.
        package static let invalidRole = Code(.invalidRole)
        /// A role weight is not a positive finite number.
        package static let invalidWeight = Code(.invalidWeight)

        /// The code's name, e.g. `unknownAgent`.
        package var description: String { value.rawValue }
    }

    /// What kind of failure this is.
    package var code: Code
    /// One sentence naming what was wrong.
    package var message: String

    /// Creates an error.
    package init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The message.
    package var description: String { message }
}
