// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteProtocol
import Foundation

extension SchedulerCore {
    /// The master accepted the subscription: remember the framework id and reconcile every known task.
    public func subscribed(frameworkID id: String) {
        connected = true
        if frameworkID != id {
            frameworkID = id
            do {
                try store.saveFrameworkID(id)
            } catch {
                logger.error("cannot store the framework id: \(error)")
            }
        }
        // A fresh subscription is not suppressed: let convergence decide again.
        wantsOffers = true
        let known = apps.values.flatMap { $0.tasks.values }.map { task in
            SchedulerCall.Reconcile.Task(taskID: TaskID(task.id), agentID: task.agentID.isEmpty ? nil : AgentID(task.agentID))
        }
        if !known.isEmpty {
            calls?.send(SchedulerCall(type: .reconcile, reconcile: .init(tasks: known)))
        }
        // Implicit reconciliation: the master reports every task of the framework, including ones the store lost.
        calls?.send(SchedulerCall(type: .reconcile, reconcile: .init(tasks: [])))
        converge()
    }

    /// The connection to the master is gone; offers will come again after resubscribing.
    public func disconnected() {
        connected = false
    }

    /// A status update: acknowledge it, track the task, replace it when it ended without being asked to.
    public func handleUpdate(_ status: TaskStatus) {
        if let uuid = status.uuid, let agentID = status.agentID {
            calls?.send(SchedulerCall(type: .acknowledge, acknowledge: .init(agentID: agentID, taskID: status.taskID, uuid: uuid)))
        }
        let taskID = status.taskID.value
        let state = status.state.rawValue
        guard let appID = SchedulerTask.appID(fromTaskID: taskID) ?? apps.first(where: { $0.value.tasks[taskID] != nil })?.key,
            var appState = apps[appID], var task = appState.tasks[taskID]
        else {
            if !status.state.isTerminal {
                logger.warning("killing unknown task \(taskID) (\(state))")
                calls?.send(SchedulerCall(type: .kill, kill: .init(taskID: status.taskID, agentID: status.agentID)))
                events.publish(
                    "unknown_instance_terminated_event",
                    [
                        "instanceId": .string(taskID), "runSpecId": .string(SchedulerTask.appID(fromTaskID: taskID)?.description ?? "/"),
                        "condition": "Killed",
                    ]
                )
            }
            return
        }
        let previous = task.state
        task.state = state
        if let healthy = status.healthy { task.mesosHealthy = healthy }
        let now = Timestamp.now()
        if status.state == .running, task.startedAt == nil {
            task.startedAt = now
            appState.delayFailures = 0
        }
        dirtyApps.insert(appID)
        events.publish(
            "status_update_event",
            [
                "slaveId": .string(task.agentID), "taskId": .string(taskID), "taskStatus": .string(state),
                "message": .string(status.message ?? ""), "appId": .string(appID.description), "host": .string(task.host),
                "ipAddresses": .array([.object(["ipAddress": .string(task.host), "protocol": "IPv4"])]),
                "ports": .array(task.ports.map { .int(Int($0)) }), "version": .string(task.version.description),
            ]
        )
        if previous != state {
            events.publish(
                "instance_changed_event",
                [
                    "instanceId": .string(taskID), "condition": .string(Self.condition(state)), "runSpecId": .string(appID.description),
                    "agentId": .string(task.agentID), "host": .string(task.host), "runSpecVersion": .string(task.version.description),
                ]
            )
        }
        if task.isTerminal {
            appState.tasks[taskID] = nil
            nextProbe[taskID] = nil
            let wanted = task.killRequested || status.state == .finished && appState.deleting
            if !wanted {
                appState.lastTaskFailure = .object([
                    "appId": .string(appID.description), "host": .string(task.host), "message": .string(status.message ?? ""),
                    "taskId": .string(taskID), "instanceId": .string(taskID), "slaveId": .string(task.agentID), "state": .string(state),
                    "timestamp": .string(now.description), "version": .string(task.version.description),
                ])
                if [TaskState.failed, .error, .lost, .dropped, .gone, .unreachable, .unknown].contains(status.state) || status.state == .finished {
                    appState.delayFailures += 1
                    let app = appState.app
                    let delay = min(app.backoffSeconds * pow(app.backoffFactor, Double(appState.delayFailures - 1)), app.maxLaunchDelaySeconds)
                    appState.delayUntil = Timestamp(milliseconds: now.milliseconds + Int64(delay * 1000))
                }
            }
        } else {
            appState.tasks[taskID] = task
        }
        apps[appID] = appState
        converge()
    }

    /// Marathon's condition name of a Mesos state: `TASK_RUNNING` → `Running`.
    static func condition(_ state: String) -> String {
        let name = state.hasPrefix("TASK_") ? String(state.dropFirst(5)) : state
        return name.split(separator: "_").map { $0.prefix(1).uppercased() + $0.dropFirst().lowercased() }.joined()
    }

    /// The master rescinded an offer; nothing to undo since launches are sent at once.
    public func handleRescind(_ offerID: OfferID) {}
}

extension SchedulerCore {
    /// The master no longer knows the framework id: the next subscription registers a new framework.
    public func forgetFrameworkID() {
        frameworkID = nil
        do {
            try store.saveFrameworkID(nil)
        } catch {
            logger.error("cannot store the framework id: \(error)")
        }
    }
}
