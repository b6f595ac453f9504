// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

// Each factory sets `type` and the matching payload.
extension ExecutorEvent {
    /// SUBSCRIBED.
    public static func subscribed(executorInfo: ExecutorInfo, frameworkInfo: FrameworkInfo, agentInfo: AgentInfo, containerID: ContainerID?) -> Self {
        Self(
            type: .subscribed,
            subscribed: Subscribed(executorInfo: executorInfo, frameworkInfo: frameworkInfo, agentInfo: agentInfo, containerID: containerID)
        )
    }

    /// ACKNOWLEDGED: the agent recorded the update with `uuid`.
    public static func acknowledged(taskID: TaskID, uuid: Data) -> Self {
        Self(type: .acknowledged, acknowledged: Acknowledged(taskID: taskID, uuid: uuid))
    }

    /// LAUNCH of one task.
    public static func launch(_ task: TaskInfo) -> Self {
        Self(type: .launch, launch: Launch(task: task))
    }

    /// LAUNCH_GROUP.
    public static func launchGroup(_ taskGroup: TaskGroupInfo) -> Self {
        Self(type: .launchGroup, launchGroup: LaunchGroup(taskGroup: taskGroup))
    }

    /// KILL of one task.
    public static func kill(_ taskID: TaskID, killPolicy: KillPolicy? = nil) -> Self {
        Self(type: .kill, kill: Kill(taskID: taskID, killPolicy: killPolicy))
    }

    /// MESSAGE from the scheduler.
    public static func message(_ data: Data) -> Self {
        Self(type: .message, message: Message(data: data))
    }

    /// ERROR.
    public static func error(_ message: String) -> Self {
        Self(type: .error, error: ErrorMessage(message: message))
    }

    /// SHUTDOWN (no payload).
    public static var shutdown: Self { Self(type: .shutdown) }

    /// HEARTBEAT (no payload).
    public static var heartbeat: Self { Self(type: .heartbeat) }
}
