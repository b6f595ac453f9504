// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

// Source: https://github.com/apache/mesos/blob/1.11.0/include/mesos/v1/mesos.proto (Mesos 1.11)
/// A task as the master or an agent tracks it (not a launch request).
///
/// Agents send these on SUBSCRIBE to report what they run.
public struct Task: Codable, Hashable, Sendable {
    /// Task name.
    public var name: String

    /// Task id.
    public var taskID: TaskID

    /// Owning framework.
    public var frameworkID: FrameworkID

    /// Custom executor, unset for command tasks.
    public var executorID: ExecutorID?

    /// Agent it runs on.
    public var agentID: AgentID

    /// Latest state.
    public var state: TaskState

    /// Resources of the task.
    public var resources: [Resource]

    /// Status updates so far.
    public var statuses: [TaskStatus]

    /// State of the oldest unacknowledged update.
    public var statusUpdateState: TaskState?

    /// Uuid of the oldest unacknowledged update.
    public var statusUpdateUUID: Data?

    /// Labels.
    public var labels: Labels?

    /// Discovery data.
    public var discovery: DiscoveryInfo?

    /// Container settings.
    public var container: ContainerInfo?

    /// Health check.
    public var healthCheck: HealthCheck?

    /// Kill policy.
    public var killPolicy: KillPolicy?

    /// User the task runs as.
    public var user: String?

    /// Resource limits.
    public var limits: [String: Value.Scalar]?

    /// Creates a value; optional fields default to unset and repeated fields to empty.
    public init(
        name: String,
        taskID: TaskID,
        frameworkID: FrameworkID,
        executorID: ExecutorID? = nil,
        agentID: AgentID,
        state: TaskState,
        resources: [Resource] = [],
        statuses: [TaskStatus] = [],
        statusUpdateState: TaskState? = nil,
        statusUpdateUUID: Data? = nil,
        labels: Labels? = nil,
        discovery: DiscoveryInfo? = nil,
        container: ContainerInfo? = nil,
        healthCheck: HealthCheck? = nil,
        killPolicy: KillPolicy? = nil,
        user: String? = nil,
        limits: [String: Value.Scalar]? = nil
    ) {
        self.name = name
        self.taskID = taskID
        self.frameworkID = frameworkID
        self.executorID = executorID
        self.agentID = agentID
        self.state = state
        self.resources = resources
        self.statuses = statuses
        self.statusUpdateState = statusUpdateState
        self.statusUpdateUUID = statusUpdateUUID
        self.labels = labels
        self.discovery = discovery
        self.container = container
        self.healthCheck = healthCheck
        self.killPolicy = killPolicy
        self.user = user
        self.limits = limits
    }

    enum CodingKeys: String, CodingKey {
        case name
        case taskID = "task_id"
        case frameworkID = "framework_id"
        case executorID = "executor_id"
        case agentID = "agent_id"
        case state
        case resources
        case statuses
        case statusUpdateState = "status_update_state"
        case statusUpdateUUID = "status_update_uuid"
        case labels
        case discovery
        case container
        case healthCheck = "health_check"
        case killPolicy = "kill_policy"
        case user
        case limits
    }
}
