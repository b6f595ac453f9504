// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// An event the master streams to an agent (Butte's agent⇄master protocol).
///
/// Envelope: `{"type":"RUN_TASK","run_task":{...}}`; see docs/agent-protocol.md.
public struct AgentEvent: Codable, Hashable, Sendable {
    /// The event; unknown names decode as unset.
    public var type: Kind?

    /// Payload of SUBSCRIBED.
    public var subscribed: Subscribed?

    /// Payload of RUN_TASK.
    public var runTask: RunTask?

    /// Payload of RUN_TASK_GROUP.
    public var runTaskGroup: RunTaskGroup?

    /// Payload of KILL_TASK.
    public var killTask: KillTask?

    /// Payload of ACKNOWLEDGE.
    public var acknowledge: Acknowledge?

    /// Payload of SHUTDOWN_FRAMEWORK.
    public var shutdownFramework: ShutdownFramework?

    /// Payload of SHUTDOWN_EXECUTOR.
    public var shutdownExecutor: ShutdownExecutor?

    /// Payload of MESSAGE.
    public var message: Message?

    /// Payload of UPDATE_FRAMEWORK.
    public var updateFramework: UpdateFramework?

    /// Payload of ERROR.
    public var error: ErrorMessage?

    /// Creates a value; optional fields default to unset and repeated fields to empty.
    public init(
        type: Kind? = nil,
        subscribed: Subscribed? = nil,
        runTask: RunTask? = nil,
        runTaskGroup: RunTaskGroup? = nil,
        killTask: KillTask? = nil,
        acknowledge: Acknowledge? = nil,
        shutdownFramework: ShutdownFramework? = nil,
        shutdownExecutor: ShutdownExecutor? = nil,
        message: Message? = nil,
        updateFramework: UpdateFramework? = nil,
        error: ErrorMessage? = nil
    ) {
        self.type = type
        self.subscribed = subscribed
        self.runTask = runTask
        self.runTaskGroup = runTaskGroup
        self.killTask = killTask
        self.acknowledge = acknowledge
        self.shutdownFramework = shutdownFramework
        self.shutdownExecutor = shutdownExecutor
        self.message = message
        self.updateFramework = updateFramework
        self.error = error
    }

    enum CodingKeys: String, CodingKey {
        case type
        case subscribed
        case runTask = "run_task"
        case runTaskGroup = "run_task_group"
        case killTask = "kill_task"
        case acknowledge
        case shutdownFramework = "shutdown_framework"
        case shutdownExecutor = "shutdown_executor"
        case message
        case updateFramework = "update_framework"
        case error
    }
}

extension AgentEvent {
    /// Agent event names.
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
        /// `RUN_TASK`.
        public static let runTask = Self(rawValue: "RUN_TASK")
        /// `RUN_TASK_GROUP`.
        public static let runTaskGroup = Self(rawValue: "RUN_TASK_GROUP")
        /// `KILL_TASK`.
        public static let killTask = Self(rawValue: "KILL_TASK")
        /// `ACKNOWLEDGE`.
        public static let acknowledge = Self(rawValue: "ACKNOWLEDGE")
        /// `SHUTDOWN_FRAMEWORK`.
        public static let shutdownFramework = Self(rawValue: "SHUTDOWN_FRAMEWORK")
        /// `SHUTDOWN_EXECUTOR`.
        public static let shutdownExecutor = Self(rawValue: "SHUTDOWN_EXECUTOR")
        /// `MESSAGE`.
        public static let message = Self(rawValue: "MESSAGE")
        /// `UPDATE_FRAMEWORK`.
        public static let updateFramework = Self(rawValue: "UPDATE_FRAMEWORK")
        /// `ERROR`.
        public static let error = Self(rawValue: "ERROR")
        /// `HEARTBEAT`.
        public static let heartbeat = Self(rawValue: "HEARTBEAT")

        /// Every value this version of Butte knows.
        public static let known: Swift.Set<Self> = [
            .unknown,
            .subscribed,
            .runTask,
            .runTaskGroup,
            .killTask,
            .acknowledge,
            .shutdownFramework,
            .shutdownExecutor,
            .message,
            .updateFramework,
            .error,
            .heartbeat,
        ]
    }
}

extension AgentEvent {
    /// The agent is registered.
    public struct Subscribed: Codable, Hashable, Sendable {
        /// The agent's id (new, or the one it re-registered with).
        public var agentID: AgentID

        /// How often both sides send HEARTBEAT.
        public var heartbeatIntervalSeconds: Double?

        /// The master.
        public var masterInfo: MasterInfo?

        /// Creates a value; optional fields default to unset and repeated fields to empty.
        public init(
            agentID: AgentID,
            heartbeatIntervalSeconds: Double? = nil,
            masterInfo: MasterInfo? = nil
        ) {
            self.agentID = agentID
            self.heartbeatIntervalSeconds = heartbeatIntervalSeconds
            self.masterInfo = masterInfo
        }

        enum CodingKeys: String, CodingKey {
            case agentID = "agent_id"
            case heartbeatIntervalSeconds = "heartbeat_interval_seconds"
            case masterInfo = "master_info"
        }
    }
}

extension AgentEvent {
    /// Launch one task.
    public struct RunTask: Codable, Hashable, Sendable {
        /// The task's framework (user, checkpointing, capabilities).
        public var frameworkInfo: FrameworkInfo

        /// The task, validated by the master; `executor.framework_id` is filled in.
        public var task: TaskInfo

        /// Creates a value; optional fields default to unset and repeated fields to empty.
        public init(
            frameworkInfo: FrameworkInfo,
            task: TaskInfo
        ) {
            self.frameworkInfo = frameworkInfo
            self.task = task
        }

        enum CodingKeys: String, CodingKey {
            case frameworkInfo = "framework_info"
            case task
        }
    }
}

extension AgentEvent {
    /// Launch a task group under one default executor.
    public struct RunTaskGroup: Codable, Hashable, Sendable {
        /// The framework.
        public var frameworkInfo: FrameworkInfo

        /// The executor.
        public var executor: ExecutorInfo

        /// The tasks.
        public var taskGroup: TaskGroupInfo

        /// Creates a value; optional fields default to unset and repeated fields to empty.
        public init(
            frameworkInfo: FrameworkInfo,
            executor: ExecutorInfo,
            taskGroup: TaskGroupInfo
        ) {
            self.frameworkInfo = frameworkInfo
            self.executor = executor
            self.taskGroup = taskGroup
        }

        enum CodingKeys: String, CodingKey {
            case frameworkInfo = "framework_info"
            case executor
            case taskGroup = "task_group"
        }
    }
}

extension AgentEvent {
    /// Kill a task.
    public struct KillTask: Codable, Hashable, Sendable {
        /// Framework.
        public var frameworkID: FrameworkID

        /// Task.
        public var taskID: TaskID

        /// Overrides the task's kill policy.
        public var killPolicy: KillPolicy?

        /// Creates a value; optional fields default to unset and repeated fields to empty.
        public init(
            frameworkID: FrameworkID,
            taskID: TaskID,
            killPolicy: KillPolicy? = nil
        ) {
            self.frameworkID = frameworkID
            self.taskID = taskID
            self.killPolicy = killPolicy
        }

        enum CodingKeys: String, CodingKey {
            case frameworkID = "framework_id"
            case taskID = "task_id"
            case killPolicy = "kill_policy"
        }
    }
}

extension AgentEvent {
    /// The framework acknowledged a status update; the agent stops retrying it.
    public struct Acknowledge: Codable, Hashable, Sendable {
        /// Framework.
        public var frameworkID: FrameworkID

        /// Task.
        public var taskID: TaskID

        /// Uuid of the update.
        public var uuid: Data

        /// Creates a value; optional fields default to unset and repeated fields to empty.
        public init(
            frameworkID: FrameworkID,
            taskID: TaskID,
            uuid: Data
        ) {
            self.frameworkID = frameworkID
            self.taskID = taskID
            self.uuid = uuid
        }

        enum CodingKeys: String, CodingKey {
            case frameworkID = "framework_id"
            case taskID = "task_id"
            case uuid
        }
    }
}

extension AgentEvent {
    /// Kill all tasks and executors of a framework and forget it.
    public struct ShutdownFramework: Codable, Hashable, Sendable {
        /// The framework.
        public var frameworkID: FrameworkID

        /// Creates a value; optional fields default to unset and repeated fields to empty.
        public init(
            frameworkID: FrameworkID
        ) {
            self.frameworkID = frameworkID
        }

        enum CodingKeys: String, CodingKey {
            case frameworkID = "framework_id"
        }
    }
}

extension AgentEvent {
    /// Shut down a custom executor (scheduler SHUTDOWN call).
    public struct ShutdownExecutor: Codable, Hashable, Sendable {
        /// Framework.
        public var frameworkID: FrameworkID

        /// Executor.
        public var executorID: ExecutorID

        /// Creates a value; optional fields default to unset and repeated fields to empty.
        public init(
            frameworkID: FrameworkID,
            executorID: ExecutorID
        ) {
            self.frameworkID = frameworkID
            self.executorID = executorID
        }

        enum CodingKeys: String, CodingKey {
            case frameworkID = "framework_id"
            case executorID = "executor_id"
        }
    }
}

extension AgentEvent {
    /// Opaque data from a scheduler to an executor.
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

extension AgentEvent {
    /// A framework's FrameworkInfo changed.
    public struct UpdateFramework: Codable, Hashable, Sendable {
        /// The new info (with `id`).
        public var frameworkInfo: FrameworkInfo

        /// Creates a value; optional fields default to unset and repeated fields to empty.
        public init(
            frameworkInfo: FrameworkInfo
        ) {
            self.frameworkInfo = frameworkInfo
        }

        enum CodingKeys: String, CodingKey {
            case frameworkInfo = "framework_info"
        }
    }
}

extension AgentEvent {
    /// The master refuses the agent; it closes the stream after this event.
    public struct ErrorMessage: Codable, Hashable, Sendable {
        /// Why.
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
