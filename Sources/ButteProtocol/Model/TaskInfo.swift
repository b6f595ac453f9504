// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

// Source: https://github.com/apache/mesos/blob/1.11.0/include/mesos/v1/mesos.proto (Mesos 1.11)
/// Describes a task to launch.
///
/// Exactly one of `executor` and `command` must be set (validated by the master, not here).
public struct TaskInfo: Codable, Hashable, Sendable {
    /// Human-readable name.
    public var name: String

    /// Task id, unique within the framework.
    public var taskID: TaskID

    /// Agent to run on (from the offer).
    public var agentID: AgentID

    /// Resources for the task (must not be empty).
    public var resources: [Resource]

    /// Custom executor to run the task.
    public var executor: ExecutorInfo?

    /// Command for the built-in command executor.
    public var command: CommandInfo?

    /// Container settings (image, volumes, network).
    public var container: ContainerInfo?

    /// Health check run by the executor.
    public var healthCheck: HealthCheck?

    /// How to kill the task.
    public var killPolicy: KillPolicy?

    /// Opaque data passed to the executor (base64 on the wire).
    public var data: Data?

    /// Free-form labels.
    public var labels: Labels?

    /// Service discovery data.
    public var discovery: DiscoveryInfo?

    /// Kill the task if it runs longer.
    public var maxCompletionTime: DurationInfo?

    /// Per-resource limits above the requested amount (`cpus`, `mem`); may be infinite.
    public var limits: [String: Value.Scalar]?

    /// Creates a value; optional fields default to unset and repeated fields to empty.
    public init(
        name: String,
        taskID: TaskID,
        agentID: AgentID,
        resources: [Resource] = [],
        executor: ExecutorInfo? = nil,
        command: CommandInfo? = nil,
        container: ContainerInfo? = nil,
        healthCheck: HealthCheck? = nil,
        killPolicy: KillPolicy? = nil,
        data: Data? = nil,
        labels: Labels? = nil,
        discovery: DiscoveryInfo? = nil,
        maxCompletionTime: DurationInfo? = nil,
        limits: [String: Value.Scalar]? = nil
    ) {
        self.name = name
        self.taskID = taskID
        self.agentID = agentID
        self.resources = resources
        self.executor = executor
        self.command = command
        self.container = container
        self.healthCheck = healthCheck
        self.killPolicy = killPolicy
        self.data = data
        self.labels = labels
        self.discovery = discovery
        self.maxCompletionTime = maxCompletionTime
        self.limits = limits
    }

    enum CodingKeys: String, CodingKey {
        case name
        case taskID = "task_id"
        case agentID = "agent_id"
        case resources
        case executor
        case command
        case container
        case healthCheck = "health_check"
        case killPolicy = "kill_policy"
        case data
        case labels
        case discovery
        case maxCompletionTime = "max_completion_time"
        case limits
    }
}
