// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteContainerizer
import ButteProtocol

/// A task on the agent: what the framework asked for, where it runs, and its state.
struct AgentTask {
    var info: TaskInfo
    var frameworkID: FrameworkID
    var executorID: ExecutorID
    var containerID: String
    var sandbox: String
    var state: TaskState
    var statuses: [TaskStatus] = []
    var container: RunningContainer?
    var killRequested = false
    var imageLease: String?

    /// The task as reported in SUBSCRIBE.
    func message(agentID: AgentID, oldestPending: TaskStatus?) -> ButteProtocol.Task {
        var task = ButteProtocol.Task(
            name: info.name, taskID: info.taskID, frameworkID: frameworkID, executorID: executorID, agentID: agentID,
            state: state, resources: info.resources)
        task.statuses = statuses
        task.statusUpdateState = oldestPending?.state
        task.statusUpdateUUID = oldestPending?.uuid
        task.container = info.container
        task.killPolicy = info.killPolicy
        return task
    }
}
