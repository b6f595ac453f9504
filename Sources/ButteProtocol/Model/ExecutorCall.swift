// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

// Source: https://github.com/apache/mesos/blob/1.11.0/include/mesos/v1/executor/executor.proto (Mesos 1.11)
/// A call an executor POSTs to the agent's `/api/v1/executor`.
public struct ExecutorCall: Codable, Hashable, Sendable {
    /// The call; unknown names decode as unset.
    public var type: Kind?

    /// Calling executor.
    public var executorID: ExecutorID

    /// Its framework.
    public var frameworkID: FrameworkID

    /// Body of SUBSCRIBE.
    public var subscribe: Subscribe?

    /// Body of UPDATE.
    public var update: Update?

    /// Body of MESSAGE.
    public var message: Message?

    /// Creates a value; optional fields default to unset and repeated fields to empty.
    public init(
        type: Kind? = nil,
        executorID: ExecutorID,
        frameworkID: FrameworkID,
        subscribe: Subscribe? = nil,
        update: Update? = nil,
        message: Message? = nil
    ) {
        self.type = type
        self.executorID = executorID
        self.frameworkID = frameworkID
        self.subscribe = subscribe
        self.update = update
        self.message = message
    }

    enum CodingKeys: String, CodingKey {
        case type
        case executorID = "executor_id"
        case frameworkID = "framework_id"
        case subscribe
        case update
        case message
    }
}

extension ExecutorCall {
    /// Executor call names.
    public struct Kind: ProtocolEnum {
        /// The Mesos name of the value, e.g. as it appears in JSON.
        public let rawValue: String

        /// Wraps a Mesos name; names unknown to Butte are representable but not ``isKnown``.
        public init(rawValue: String) {
            self.rawValue = rawValue
        }

        /// `UNKNOWN`.
        public static let unknown = Self(rawValue: "UNKNOWN")
        /// `SUBSCRIBE`.
        public static let subscribe = Self(rawValue: "SUBSCRIBE")
        /// `UPDATE`.
        public static let update = Self(rawValue: "UPDATE")
        /// `MESSAGE`.
        public static let message = Self(rawValue: "MESSAGE")
        /// `HEARTBEAT`.
        public static let heartbeat = Self(rawValue: "HEARTBEAT")

        /// Every value this version of Butte knows.
        public static let known: Swift.Set<Self> = [
            .unknown,
            .subscribe,
            .update,
            .message,
            .heartbeat,
        ]
    }
}

extension ExecutorCall {
    /// Subscribe and open the event stream.
    public struct Subscribe: Codable, Hashable, Sendable {
        /// Tasks launched whose updates are not yet acknowledged.
        public var unacknowledgedTasks: [TaskInfo]

        /// Updates not yet acknowledged.
        public var unacknowledgedUpdates: [Update]

        /// Creates a value; optional fields default to unset and repeated fields to empty.
        public init(
            unacknowledgedTasks: [TaskInfo] = [],
            unacknowledgedUpdates: [Update] = []
        ) {
            self.unacknowledgedTasks = unacknowledgedTasks
            self.unacknowledgedUpdates = unacknowledgedUpdates
        }

        enum CodingKeys: String, CodingKey {
            case unacknowledgedTasks = "unacknowledged_tasks"
            case unacknowledgedUpdates = "unacknowledged_updates"
        }
    }
}

extension ExecutorCall {
    /// A status update from the executor.
    public struct Update: Codable, Hashable, Sendable {
        /// The status; needs a 16-byte uuid.
        public var status: TaskStatus

        /// Creates a value; optional fields default to unset and repeated fields to empty.
        public init(
            status: TaskStatus
        ) {
            self.status = status
        }

        enum CodingKeys: String, CodingKey {
            case status
        }
    }
}

extension ExecutorCall {
    /// Opaque data for the scheduler.
    public struct Message: Codable, Hashable, Sendable {
        /// The data.
        public var data: Data

        /// Creates a value; optional fields default to unset and repeated fields to empty.
        public init(
            data: Data
        ) {
            self.data = data
        }

        enum CodingKeys: String, CodingKey {
            case data
        }
    }
}
