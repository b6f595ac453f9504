// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

// Source: https://github.com/apache/mesos/blob/1.11.0/include/mesos/v1/mesos.proto (Mesos 1.11)
/// A task status update.
public struct TaskStatus: Codable, Hashable, Sendable {
    /// The task.
    public var taskID: TaskID

    /// Its state; an unknown name is an error.
    public var state: TaskState

    /// Human-readable detail.
    public var message: String?

    /// Who produced the update.
    public var source: Source?

    /// Why the task reached the state.
    public var reason: Reason?

    /// Opaque data from the executor.
    public var data: Data?

    /// Agent of the task; always set when `uuid` is.
    public var agentID: AgentID?

    /// Executor of the task.
    public var executorID: ExecutorID?

    /// Seconds since the epoch.
    public var timestamp: Double?

    /// 16 bytes; present exactly when the update must be acknowledged.
    public var uuid: Data?

    /// Result of the last health check.
    public var healthy: Bool?

    /// Labels.
    public var labels: Labels?

    /// Container details (addresses, pid).
    public var containerStatus: ContainerStatus?

    /// When the agent became unreachable.
    public var unreachableTime: TimeInfo?

    /// The limit the task ran into.
    public var limitation: Limitation?

    /// Creates a value; optional fields default to unset and repeated fields to empty.
    public init(
        taskID: TaskID,
        state: TaskState,
        message: String? = nil,
        source: Source? = nil,
        reason: Reason? = nil,
        data: Data? = nil,
        agentID: AgentID? = nil,
        executorID: ExecutorID? = nil,
        timestamp: Double? = nil,
        uuid: Data? = nil,
        healthy: Bool? = nil,
        labels: Labels? = nil,
        containerStatus: ContainerStatus? = nil,
        unreachableTime: TimeInfo? = nil,
        limitation: Limitation? = nil
    ) {
        self.taskID = taskID
        self.state = state
        self.message = message
        self.source = source
        self.reason = reason
        self.data = data
        self.agentID = agentID
        self.executorID = executorID
        self.timestamp = timestamp
        self.uuid = uuid
        self.healthy = healthy
        self.labels = labels
        self.containerStatus = containerStatus
        self.unreachableTime = unreachableTime
        self.limitation = limitation
    }

    enum CodingKeys: String, CodingKey {
        case taskID = "task_id"
        case state
        case message
        case source
        case reason
        case data
        case agentID = "agent_id"
        case executorID = "executor_id"
        case timestamp
        case uuid
        case healthy
        case labels
        case containerStatus = "container_status"
        case unreachableTime = "unreachable_time"
        case limitation
    }
}

extension TaskStatus {
    /// Producer of a status update.
    public struct Source: ProtocolEnum {
        /// The Mesos name of the value, e.g. as it appears in JSON.
        public let rawValue: String

        /// Wraps a Mesos name; names unknown to Butte are representable but not ``isKnown``.
        public init(rawValue: String) {
            self.rawValue = rawValue
        }

        /// `SOURCE_MASTER`.
        public static let master = Self(rawValue: "SOURCE_MASTER")
        /// `SOURCE_AGENT`.
        public static let agent = Self(rawValue: "SOURCE_AGENT")
        /// `SOURCE_EXECUTOR`.
        public static let executor = Self(rawValue: "SOURCE_EXECUTOR")

        /// Every value this version of Butte knows.
        public static let known: Swift.Set<Self> = [
            .master,
            .agent,
            .executor,
        ]
    }
}

extension TaskStatus {
    /// Why a task reached its state (v1 spellings).
    public struct Reason: ProtocolEnum {
        /// The Mesos name of the value, e.g. as it appears in JSON.
        public let rawValue: String

        /// Wraps a Mesos name; names unknown to Butte are representable but not ``isKnown``.
        public init(rawValue: String) {
            self.rawValue = rawValue
        }

        /// `REASON_COMMAND_EXECUTOR_FAILED`.
        public static let commandExecutorFailed = Self(rawValue: "REASON_COMMAND_EXECUTOR_FAILED")
        /// `REASON_CONTAINER_LAUNCH_FAILED`.
        public static let containerLaunchFailed = Self(rawValue: "REASON_CONTAINER_LAUNCH_FAILED")
        /// `REASON_CONTAINER_LIMITATION`.
        public static let containerLimitation = Self(rawValue: "REASON_CONTAINER_LIMITATION")
        /// `REASON_CONTAINER_LIMITATION_DISK`.
        public static let containerLimitationDisk = Self(rawValue: "REASON_CONTAINER_LIMITATION_DISK")
        /// `REASON_CONTAINER_LIMITATION_MEMORY`.
        public static let containerLimitationMemory = Self(rawValue: "REASON_CONTAINER_LIMITATION_MEMORY")
        /// `REASON_CONTAINER_PREEMPTED`.
        public static let containerPreempted = Self(rawValue: "REASON_CONTAINER_PREEMPTED")
        /// `REASON_CONTAINER_UPDATE_FAILED`.
        public static let containerUpdateFailed = Self(rawValue: "REASON_CONTAINER_UPDATE_FAILED")
        /// `REASON_MAX_COMPLETION_TIME_REACHED`.
        public static let maxCompletionTimeReached = Self(rawValue: "REASON_MAX_COMPLETION_TIME_REACHED")
        /// `REASON_EXECUTOR_REGISTRATION_TIMEOUT`.
        public static let executorRegistrationTimeout = Self(rawValue: "REASON_EXECUTOR_REGISTRATION_TIMEOUT")
        /// `REASON_EXECUTOR_REREGISTRATION_TIMEOUT`.
        public static let executorReregistrationTimeout = Self(rawValue: "REASON_EXECUTOR_REREGISTRATION_TIMEOUT")
        /// `REASON_EXECUTOR_TERMINATED`.
        public static let executorTerminated = Self(rawValue: "REASON_EXECUTOR_TERMINATED")
        /// `REASON_EXECUTOR_UNREGISTERED`.
        public static let executorUnregistered = Self(rawValue: "REASON_EXECUTOR_UNREGISTERED")
        /// `REASON_FRAMEWORK_REMOVED`.
        public static let frameworkRemoved = Self(rawValue: "REASON_FRAMEWORK_REMOVED")
        /// `REASON_GC_ERROR`.
        public static let gcError = Self(rawValue: "REASON_GC_ERROR")
        /// `REASON_INVALID_FRAMEWORKID`.
        public static let invalidFrameworkID = Self(rawValue: "REASON_INVALID_FRAMEWORKID")
        /// `REASON_INVALID_OFFERS`.
        public static let invalidOffers = Self(rawValue: "REASON_INVALID_OFFERS")
        /// `REASON_IO_SWITCHBOARD_EXITED`.
        public static let ioSwitchboardExited = Self(rawValue: "REASON_IO_SWITCHBOARD_EXITED")
        /// `REASON_MASTER_DISCONNECTED`.
        public static let masterDisconnected = Self(rawValue: "REASON_MASTER_DISCONNECTED")
        /// `REASON_RECONCILIATION`.
        public static let reconciliation = Self(rawValue: "REASON_RECONCILIATION")
        /// `REASON_RESOURCES_UNKNOWN`.
        public static let resourcesUnknown = Self(rawValue: "REASON_RESOURCES_UNKNOWN")
        /// `REASON_AGENT_DISCONNECTED`.
        public static let agentDisconnected = Self(rawValue: "REASON_AGENT_DISCONNECTED")
        /// `REASON_AGENT_DRAINING`.
        public static let agentDraining = Self(rawValue: "REASON_AGENT_DRAINING")
        /// `REASON_AGENT_REMOVED`.
        public static let agentRemoved = Self(rawValue: "REASON_AGENT_REMOVED")
        /// `REASON_AGENT_REMOVED_BY_OPERATOR`.
        public static let agentRemovedByOperator = Self(rawValue: "REASON_AGENT_REMOVED_BY_OPERATOR")
        /// `REASON_AGENT_REREGISTERED`.
        public static let agentReregistered = Self(rawValue: "REASON_AGENT_REREGISTERED")
        /// `REASON_AGENT_RESTARTED`.
        public static let agentRestarted = Self(rawValue: "REASON_AGENT_RESTARTED")
        /// `REASON_AGENT_UNKNOWN`.
        public static let agentUnknown = Self(rawValue: "REASON_AGENT_UNKNOWN")
        /// `REASON_TASK_KILLED_DURING_LAUNCH`.
        public static let taskKilledDuringLaunch = Self(rawValue: "REASON_TASK_KILLED_DURING_LAUNCH")
        /// `REASON_TASK_CHECK_STATUS_UPDATED`.
        public static let taskCheckStatusUpdated = Self(rawValue: "REASON_TASK_CHECK_STATUS_UPDATED")
        /// `REASON_TASK_HEALTH_CHECK_STATUS_UPDATED`.
        public static let taskHealthCheckStatusUpdated = Self(rawValue: "REASON_TASK_HEALTH_CHECK_STATUS_UPDATED")
        /// `REASON_TASK_GROUP_INVALID`.
        public static let taskGroupInvalid = Self(rawValue: "REASON_TASK_GROUP_INVALID")
        /// `REASON_TASK_GROUP_UNAUTHORIZED`.
        public static let taskGroupUnauthorized = Self(rawValue: "REASON_TASK_GROUP_UNAUTHORIZED")
        /// `REASON_TASK_INVALID`.
        public static let taskInvalid = Self(rawValue: "REASON_TASK_INVALID")
        /// `REASON_TASK_UNAUTHORIZED`.
        public static let taskUnauthorized = Self(rawValue: "REASON_TASK_UNAUTHORIZED")
        /// `REASON_TASK_UNKNOWN`.
        public static let taskUnknown = Self(rawValue: "REASON_TASK_UNKNOWN")

        /// Every value this version of Butte knows.
        public static let known: Swift.Set<Self> = [
            .commandExecutorFailed,
            .containerLaunchFailed,
            .containerLimitation,
            .containerLimitationDisk,
            .containerLimitationMemory,
            .containerPreempted,
            .containerUpdateFailed,
            .maxCompletionTimeReached,
            .executorRegistrationTimeout,
            .executorReregistrationTimeout,
            .executorTerminated,
            .executorUnregistered,
            .frameworkRemoved,
            .gcError,
            .invalidFrameworkID,
            .invalidOffers,
            .ioSwitchboardExited,
            .masterDisconnected,
            .reconciliation,
            .resourcesUnknown,
            .agentDisconnected,
            .agentDraining,
            .agentRemoved,
            .agentRemovedByOperator,
            .agentReregistered,
            .agentRestarted,
            .agentUnknown,
            .taskKilledDuringLaunch,
            .taskCheckStatusUpdated,
            .taskHealthCheckStatusUpdated,
            .taskGroupInvalid,
            .taskGroupUnauthorized,
            .taskInvalid,
            .taskUnauthorized,
            .taskUnknown,
        ]
    }
}

extension TaskStatus {
    /// A resource limitation the task hit.
    public struct Limitation: Codable, Hashable, Sendable {
        /// Resources that were exceeded.
        public var resources: [Resource]

        /// Detail.
        public var message: String?

        /// Reason.
        public var reason: Reason?

        /// Creates a value; optional fields default to unset and repeated fields to empty.
        public init(
            resources: [Resource] = [],
            message: String? = nil,
            reason: Reason? = nil
        ) {
            self.resources = resources
            self.message = message
            self.reason = reason
        }

        enum CodingKeys: String, CodingKey {
            case resources
            case message
            case reason
        }
    }
}
