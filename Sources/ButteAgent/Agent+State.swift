// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteProtocol
import Foundation

extension Agent {
    /// `/state` in the Mesos agent's shape.
    public func stateObject() -> [String: Any] {
        let snapshot = snapshot()
        var byFramework: [String: [String: [String: Any]]] = [:]
        func add(_ task: AgentTask, completed: Bool) {
            var executor =
                byFramework[task.frameworkID.value, default: [:]][task.executorID.value] ?? [
                    "id": task.executorID.value, "name": "Command Executor (Task: \(task.info.taskID.value))", "source": task.info.taskID.value,
                    "container": task.containerID, "directory": task.sandbox, "resources": HostResources.stateObject(task.info.resources),
                    "tasks": [[String: Any]](), "queued_tasks": [[String: Any]](), "completed_tasks": [[String: Any]](),
                ]
            let object = taskObject(task)
            let field = completed ? "completed_tasks" : "tasks"
            executor[field] = (executor[field] as? [[String: Any]] ?? []) + [object]
            byFramework[task.frameworkID.value, default: [:]][task.executorID.value] = executor
        }
        for task in snapshot.tasks { add(task, completed: false) }
        for task in snapshot.completed { add(task, completed: true) }
        let frameworks: [[String: Any]] = byFramework.keys.sorted().map { id in
            let info = snapshot.frameworks[id]
            return [
                "id": id, "name": info?.name ?? "", "user": info?.user ?? "", "hostname": info?.hostname ?? "",
                "checkpoint": info?.checkpoint ?? false, "role": info?.role ?? "*",
                "executors": byFramework[id]!.keys.sorted().map { byFramework[id]![$0]! },
                "completed_executors": [[String: Any]](),
            ]
        }
        let resources = HostResources.messages(self.resources)
        return [
            "version": "1.11.0", "id": agentID?.value ?? "", "pid": "slave(1)@\(endpoint)", "hostname": configuration.hostname,
            "start_time": startTime, "resources": HostResources.stateObject(resources),
            "attributes": Dictionary(uniqueKeysWithValues: configuration.attributes.map { ($0.name, "\($0.value)") }),
            "master_hostname": String(configuration.master.split(separator: ":").first ?? ""), "flags": configuration.flags,
            "capabilities": ["MULTI_ROLE", "HIERARCHICAL_ROLE", "RESERVATION_REFINEMENT"],
            "frameworks": frameworks, "completed_frameworks": [[String: Any]](),
        ]
    }

    func taskObject(_ task: AgentTask) -> [String: Any] {
        [
            "id": task.info.taskID.value, "name": task.info.name, "framework_id": task.frameworkID.value, "executor_id": task.executorID.value,
            "slave_id": agentID?.value ?? "", "state": task.state.rawValue, "resources": HostResources.stateObject(task.info.resources),
            "statuses": task.statuses.map { ["state": $0.state.rawValue, "timestamp": $0.timestamp ?? 0] },
        ]
    }

    /// `/metrics/snapshot` with Mesos's key names.
    public func metricsObject() async -> [String: Any] {
        let snapshot = snapshot()
        let running = snapshot.tasks.filter { $0.state == .running }.count
        let staging = snapshot.tasks.filter { $0.state == .staging }.count
        let starting = snapshot.tasks.filter { $0.state == .starting }.count
        let total = HostResources.stateObject(HostResources.messages(resources))
        let used = snapshot.tasks.reduce(into: (cpus: 0.0, mem: 0.0, disk: 0.0)) { sum, task in
            sum.cpus += HostResources.scalar("cpus", in: task.info.resources) ?? 0
            sum.mem += HostResources.scalar("mem", in: task.info.resources) ?? 0
            sum.disk += HostResources.scalar("disk", in: task.info.resources) ?? 0
        }
        return [
            "slave/registered": agentID == nil ? 0.0 : 1.0,
            "slave/uptime_secs": Date().timeIntervalSince1970 - startTime,
            "slave/tasks_running": Double(running), "slave/tasks_staging": Double(staging), "slave/tasks_starting": Double(starting),
            "slave/tasks_finished": Double(counters.finished), "slave/tasks_failed": Double(counters.failed),
            "slave/tasks_killed": Double(counters.killed), "slave/cpus_total": total["cpus"] ?? 0.0, "slave/mem_total": total["mem"] ?? 0.0,
            "slave/disk_total": total["disk"] ?? 0.0, "slave/cpus_used": used.cpus, "slave/mem_used": used.mem, "slave/disk_used": used.disk,
            "slave/frameworks_active": Double(Set(snapshot.tasks.map(\.frameworkID.value)).count),
            "slave/status_updates_pending": Double(await updates.pendingCount),
        ]
    }

    /// The real path of a `/files` path, or nil when it is not inside a sandbox.
    public func resolveSandboxPath(_ path: String) -> String? {
        SandboxFiles.resolve(path, workDir: configuration.workDir) { frameworkID, executorID in
            latestRun(frameworkID: frameworkID, executorID: executorID)
        }
    }

    /// `/state` serialised inside the actor, since the object graph is not Sendable.
    public func stateJSON() -> Data {
        AgentRoutes.serialize(stateObject())
    }

    /// `/metrics/snapshot` serialised inside the actor.
    public func metricsJSON() async -> Data {
        AgentRoutes.serialize(await metricsObject())
    }
}
