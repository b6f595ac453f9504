// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A call an agent POSTs to the master's `/api/v1/agent` (Butte's agent⇄master protocol).
///
/// Same envelope style as the scheduler API: `{"type":"UPDATE","agent_id":{...},"update":{...}}`.
/// See docs/agent-protocol.md for the message set and its rules.
public struct AgentCall: Codable, Hashable, Sendable {
    /// The call; unknown names decode as unset.
    public var type: Kind?

    /// Calling agent; required except on a first SUBSCRIBE.
    public var agentID: AgentID?

    /// Body of SUBSCRIBE.
    public var subscribe: Subscribe?

    /// Body of UPDATE.
    public var update: Update?

    /// Body of EXITED_EXECUTOR.
    public var exitedExecutor: ExitedExecutor?

    /// Body of MESSAGE.
    public var message: Message?

    /// Creates a value; optional fields default to unset and repeated fields to empty.
    public init(
        type: Kind? = nil,
        agentID: AgentID? = nil,
        subscribe: Subscribe? = nil,
        update: Update? = nil,
        exitedExecutor: ExitedExecutor? = nil,
        message: Message? = nil
    ) {
        self.type = type
        self.agentID = agentID
        self.subscribe = subscribe
        self.update = update
        self.exitedExecutor = exitedExecutor
        self.message = message
    }

    enum CodingKeys: String, CodingKey {
        case type
        case agentID = "agent_id"
        case subscribe
        case update
        case exitedExecutor = "exited_executor"
        case message
    }
}

extension AgentCall {
    /// Agent call names.
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
        /// `HEARTBEAT`.
        public static let heartbeat = Self(rawValue: "HEARTBEAT")
        /// `EXITED_EXECUTOR`.
        public static let exitedExecutor = Self(rawValue: "EXITED_EXECUTOR")
        /// `MESSAGE`.
        public static let message = Self(rawValue: "MESSAGE")

        /// Every value this version of Butte knows.
        public static let known: Swift.Set<Self> = [
            .unknown,
            .subscribe,
            .update,
            .heartbeat,
            .exitedExecutor,
            .message,
        ]
    }
}

extension AgentCall {
    /// Register (or re-register) and open the event stream.
    public struct Subscribe: Codable, Hashable, Sendable {
        /// The agent: host, port, total resources, attributes, and its id when re-registering.
        public var agentInfo: AgentInfo

        /// Butte version of the agent.
        public var version: String?

        /// Frameworks that have tasks or executors on the agent.
        public var frameworks: [FrameworkInfo]

        /// Custom executors still running.
        public var executors: [ExecutorInfo]

        /// Tasks the agent still runs or holds unacknowledged updates for.
        public var tasks: [Task]

        /// Creates a value; optional fields default to unset and repeated fields to empty.
        public init(
            agentInfo: AgentInfo,
            version: String? = nil,
            frameworks: [FrameworkInfo] = [],
            executors: [ExecutorInfo] = [],
            tasks: [Task] = []
        ) {
            self.agentInfo = agentInfo
            self.version = version
            self.frameworks = frameworks
            self.executors = executors
            self.tasks = tasks
        }

        enum CodingKeys: String, CodingKey {
            case agentInfo = "agent_info"
            case version
            case frameworks
            case executors
            case tasks
        }
    }
}

extension AgentCall {
    /// A task status update for the master to forward to the framework.
    public struct Update: Codable, Hashable, Sendable {
        /// Framework of the task.
        public var frameworkID: FrameworkID

        /// The update (with `uuid`, `agent_id`, `executor_id`); retried until acknowledged.
        public var status: TaskStatus

        /// The task's newest state when `status` is an older, unacknowledged update.
        public var latestState: TaskState?

        /// Creates a value; optional fields default to unset and repeated fields to empty.
        public init(
            frameworkID: FrameworkID,
            status: TaskStatus,
            latestState: TaskState? = nil
        ) {
            self.frameworkID = frameworkID
            self.status = status
            self.latestState = latestState
        }

        enum CodingKeys: String, CodingKey {
            case frameworkID = "framework_id"
            case status
            case latestState = "latest_state"
        }
    }
}

extension AgentCall {
    /// A custom executor exited.
    public struct ExitedExecutor: Codable, Hashable, Sendable {
        /// Its framework.
        public var frameworkID: FrameworkID

        /// The executor.
        public var executorID: ExecutorID

        /// Raw wait status, or -1 when unknown.
        public var status: Int32?

        /// Creates a value; optional fields default to unset and repeated fields to empty.
        public init(
            frameworkID: FrameworkID,
            executorID: ExecutorID,
            status: Int32? = nil
        ) {
            self.frameworkID = frameworkID
            self.executorID = executorID
            self.status = status
        }

        enum CodingKeys: String, CodingKey {
            case frameworkID = "framework_id"
            case executorID = "executor_id"
            case status
        }
    }
}

extension AgentCall {
    /// Opaque data from an executor to its scheduler.
    public struct Message: Codable, Hashable, Sendable {
        /// Framework.
        public var frameworkID: FrameworkID

        /// Executor.
        public var executorID: ExecutorID

        /// The data.
        public var data: Data

        /// Creates a value; optional fields default to unset and repeated fields to empty.
        public init(
            frameworkID: FrameworkID,
            executorID: ExecutorID,
            data: Data
        ) {
            self.frameworkID = frameworkID
            self.executorID = executorID
            self.data = data
        }

        enum CodingKeys: String, CodingKey {
            case frameworkID = "framework_id"
            case executorID = "executor_id"
            case data
        }
    }
}
