// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

// Source: https://github.com/apache/mesos/blob/1.11.0/include/mesos/v1/executor/executor.proto (Mesos 1.11)
/// An event the agent streams to an executor.
public struct ExecutorEvent: Codable, Hashable, Sendable {
    /// The event; unknown names decode as unset.
    public var type: Kind?

    /// Payload of SUBSCRIBED.
    public var subscribed: Subscribed?

    /// Payload of ACKNOWLEDGED.
    public var acknowledged: Acknowledged?

    /// Payload of LAUNCH.
    public var launch: Launch?

    /// Payload of LAUNCH_GROUP.
    public var launchGroup: LaunchGroup?

    /// Payload of KILL.
    public var kill: Kill?

    /// Payload of MESSAGE.
    public var message: Message?

    /// Payload of ERROR.
    public var error: ErrorMessage?

    /// Creates a value; optional fields default to unset and repeated fields to empty.
    public init(
        type: Kind? = nil,
        subscribed: Subscribed? = nil,
        acknowledged: Acknowledged? = nil,
        launch: Launch? = nil,
        launchGroup: LaunchGroup? = nil,
        kill: Kill? = nil,
        message: Message? = nil,
        error: ErrorMessage? = nil
    ) {
        self.type = type
        self.subscribed = subscribed
        self.acknowledged = acknowledged
        self.launch = launch
        self.launchGroup = launchGroup
        self.kill = kill
        self.message = message
        self.error = error
    }

    enum CodingKeys: String, CodingKey {
        case type
        case subscribed
        case acknowledged
        case launch
        case launchGroup = "launch_group"
        case kill
        case message
        case error
    }
}

extension ExecutorEvent {
    /// Executor event names.
    public struct Kind: ProtocolEnum {
        /// The Mesos name of the value, e.g. as it appears in JSON.
        public let rawValue: String

        /// Wraps a Mesos name; names unknown to Butte are representable but not ``isKnown``.
        public init(rawValue: String) {
            self.rawValue = rawValue
        }

        /// `UNKNOWN`.
        public static let unknown = Self(rawValue: "UNKNOWN")
        /// `SUBSCRIBED`.
        public static let subscribed = Self(rawValue: "SUBSCRIBED")
        /// `LAUNCH`.
        public static let launch = Self(rawValue: "LAUNCH")
        /// `LAUNCH_GROUP`.
        public static let launchGroup = Self(rawValue: "LAUNCH_GROUP")
        /// `KILL`.
        public static let kill = Self(rawValue: "KILL")
        /// `ACKNOWLEDGED`.
        public static let acknowledged = Self(rawValue: "ACKNOWLEDGED")
        /// `MESSAGE`.
        public static let message = Self(rawValue: "MESSAGE")
        /// `ERROR`.
        public static let error = Self(rawValue: "ERROR")
        /// `SHUTDOWN`.
        public static let shutdown = Self(rawValue: "SHUTDOWN")
        /// `HEARTBEAT`.
        public static let heartbeat = Self(rawValue: "HEARTBEAT")

        /// Every value this version of Butte knows.
        public static let known: Swift.Set<Self> = [
            .unknown,
            .subscribed,
            .launch,
            .launchGroup,
            .kill,
            .acknowledged,
            .message,
            .error,
            .shutdown,
            .heartbeat,
        ]
    }
}

extension ExecutorEvent {
    /// The executor is subscribed.
    public struct Subscribed: Codable, Hashable, Sendable {
        /// The executor.
        public var executorInfo: ExecutorInfo

        /// Its framework.
        public var frameworkInfo: FrameworkInfo

        /// The agent.
        public var agentInfo: AgentInfo

        /// The executor's container.
        public var containerID: ContainerID?

        /// Creates a value; optional fields default to unset and repeated fields to empty.
        public init(
            executorInfo: ExecutorInfo,
            frameworkInfo: FrameworkInfo,
            agentInfo: AgentInfo,
            containerID: ContainerID? = nil
        ) {
            self.executorInfo = executorInfo
            self.frameworkInfo = frameworkInfo
            self.agentInfo = agentInfo
            self.containerID = containerID
        }

        enum CodingKeys: String, CodingKey {
            case executorInfo = "executor_info"
            case frameworkInfo = "framework_info"
            case agentInfo = "agent_info"
            case containerID = "container_id"
        }
    }
}

extension ExecutorEvent {
    /// The agent recorded a status update.
    public struct Acknowledged: Codable, Hashable, Sendable {
        /// Task of the update.
        public var taskID: TaskID

        /// Uuid of the update.
        public var uuid: Data

        /// Creates a value; optional fields default to unset and repeated fields to empty.
        public init(
            taskID: TaskID,
            uuid: Data
        ) {
            self.taskID = taskID
            self.uuid = uuid
        }

        enum CodingKeys: String, CodingKey {
            case taskID = "task_id"
            case uuid
        }
    }
}

extension ExecutorEvent {
    /// Launch a task.
    public struct Launch: Codable, Hashable, Sendable {
        /// The task.
        public var task: TaskInfo

        /// Creates a value; optional fields default to unset and repeated fields to empty.
        public init(
            task: TaskInfo
        ) {
            self.task = task
        }

        enum CodingKeys: String, CodingKey {
            case task
        }
    }
}

extension ExecutorEvent {
    /// Launch a task group.
    public struct LaunchGroup: Codable, Hashable, Sendable {
        /// The tasks.
        public var taskGroup: TaskGroupInfo

        /// Creates a value; optional fields default to unset and repeated fields to empty.
        public init(
            taskGroup: TaskGroupInfo
        ) {
            self.taskGroup = taskGroup
        }

        enum CodingKeys: String, CodingKey {
            case taskGroup = "task_group"
        }
    }
}

extension ExecutorEvent {
    /// Kill a task.
    public struct Kill: Codable, Hashable, Sendable {
        /// The task.
        public var taskID: TaskID

        /// Overrides the task's kill policy.
        public var killPolicy: KillPolicy?

        /// Creates a value; optional fields default to unset and repeated fields to empty.
        public init(
            taskID: TaskID,
            killPolicy: KillPolicy? = nil
        ) {
            self.taskID = taskID
            self.killPolicy = killPolicy
        }

        enum CodingKeys: String, CodingKey {
            case taskID = "task_id"
            case killPolicy = "kill_policy"
        }
    }
}

extension ExecutorEvent {
    /// Opaque data from the scheduler.
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

extension ExecutorEvent {
    /// An error.
    public struct ErrorMessage: Codable, Hashable, Sendable {
        /// What went wrong.
        public var message: String

        /// Creates a value; optional fields default to unset and repeated fields to empty.
        public init(
            message: String
        ) {
            self.message = message
        }

        enum CodingKeys: String, CodingKey {
            case message
        }
    }
}
