// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

// Each factory sets `type` and the matching payload.
extension AgentEvent {
    /// SUBSCRIBED.
    public static func subscribed(agentID: AgentID, heartbeatIntervalSeconds: Double, masterInfo: MasterInfo? = nil) -> Self {
        Self(type: .subscribed, subscribed: Subscribed(agentID: agentID, heartbeatIntervalSeconds: heartbeatIntervalSeconds, masterInfo: masterInfo))
    }

    /// RUN_TASK.
    public static func runTask(frameworkInfo: FrameworkInfo, task: TaskInfo) -> Self {
        Self(type: .runTask, runTask: RunTask(frameworkInfo: frameworkInfo, task: task))
    }

    /// RUN_TASK_GROUP.
    public static func runTaskGroup(frameworkInfo: FrameworkInfo, executor: ExecutorInfo, taskGroup: TaskGroupInfo) -> Self {
        Self(type: .runTaskGroup, runTaskGroup: RunTaskGroup(frameworkInfo: frameworkInfo, executor: executor, taskGroup: taskGroup))
    }

    /// KILL_TASK.
    public static func killTask(frameworkID: FrameworkID, taskID: TaskID, killPolicy: KillPolicy? = nil) -> Self {
        Self(type: .killTask, killTask: KillTask(frameworkID: frameworkID, taskID: taskID, killPolicy: killPolicy))
    }

    /// ACKNOWLEDGE of a status update.
    public static func acknowledge(frameworkID: FrameworkID, taskID: TaskID, uuid: Data) -> Self {
        Self(type: .acknowledge, acknowledge: Acknowledge(frameworkID: frameworkID, taskID: taskID, uuid: uuid))
    }

    /// SHUTDOWN_FRAMEWORK.
    public static func shutdownFramework(_ frameworkID: FrameworkID) -> Self {
        Self(type: .shutdownFramework, shutdownFramework: ShutdownFramework(frameworkID: frameworkID))
    }

    /// SHUTDOWN_EXECUTOR.
    public static func shutdownExecutor(frameworkID: FrameworkID, executorID: ExecutorID) -> Self {
        Self(type: .shutdownExecutor, shutdownExecutor: ShutdownExecutor(frameworkID: frameworkID, executorID: executorID))
    }

    /// MESSAGE for an executor.
    public static func message(frameworkID: FrameworkID, executorID: ExecutorID, data: Data) -> Self {
        Self(type: .message, message: Message(frameworkID: frameworkID, executorID: executorID, data: data))
    }

    /// UPDATE_FRAMEWORK.
    public static func updateFramework(_ frameworkInfo: FrameworkInfo) -> Self {
        Self(type: .updateFramework, updateFramework: UpdateFramework(frameworkInfo: frameworkInfo))
    }

    /// ERROR; the master closes the stream after it.
    public static func error(_ message: String) -> Self {
        Self(type: .error, error: ErrorMessage(message: message))
    }

    /// HEARTBEAT (no payload).
    public static var heartbeat: Self { Self(type: .heartbeat) }
}
