// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteCore
import ButteHTTP
import ButteProtocol
import Foundation

/// The v1 operator API (`POST /api/v1`): the read-only calls.
extension Master {
    /// The operator calls Butte answers.
    static let operatorCalls: Set<String> = ["GET_STATE", "GET_AGENTS", "GET_FRAMEWORKS", "GET_TASKS", "GET_HEALTH", "GET_FLAGS", "GET_VERSION"]

    /// Answers one operator call: `{"type":"GET_X","get_x":{...}}`.
    /// - Throws: ``HTTPAPIError`` 501 for calls Butte does not implement.
    public func operatorCall(type: String) throws(HTTPAPIError) -> Data {
        guard Self.operatorCalls.contains(type) else {
            throw HTTPAPIError(
                .notImplemented, "Operator call \(type) is not supported; supported: \(Self.operatorCalls.sorted().joined(separator: ", "))")
        }
        let key = type.lowercased()
        let body: Any
        switch type {
        case "GET_HEALTH": body = ["healthy": true]
        case "GET_FLAGS": body = ["flags": configuration.flags.sorted { $0.key < $1.key }.map { ["name": $0.key, "value": $0.value] }]
        case "GET_VERSION": body = ["version_info": ["version": Self.version]]
        case "GET_TASKS": body = operatorTasks()
        case "GET_FRAMEWORKS": body = operatorFrameworks()
        case "GET_AGENTS": body = operatorAgents()
        default:
            body = [
                "get_tasks": operatorTasks(),
                "get_frameworks": operatorFrameworks(),
                "get_agents": operatorAgents(),
                "get_executors": ["executors": operatorExecutors()],
            ]
        }
        return Self.serialize(["type": type, key: body])
    }

    static func timeObject(_ seconds: Double) -> [String: Any] { ["nanoseconds": Int64(seconds * 1e9)] }

    func operatorTasks() -> [String: Any] {
        var tasks: [Any] = []
        var completed: [Any] = []
        var unreachable: [Any] = []
        for record in frameworks.values.sorted(by: { $0.id.value < $1.id.value }) {
            for entry in record.tasks.values.sorted(by: { $0.task.taskID.value < $1.task.taskID.value }) {
                if entry.task.state == .unreachable {
                    unreachable.append(Self.jsonObject(entry.task))
                } else {
                    tasks.append(Self.jsonObject(entry.task))
                }
            }
            completed += record.completedTasks.map { Self.jsonObject($0) }
        }
        return ["tasks": tasks, "completed_tasks": completed, "unreachable_tasks": unreachable, "pending_tasks": [Any](), "orphan_tasks": [Any]()]
    }

    func operatorFramework(_ record: FrameworkRecord, active: Bool) -> [String: Any] {
        var object: [String: Any] = [
            "framework_info": Self.jsonObject(record.info),
            "active": active && record.connected,
            "connected": record.connected,
            "recovered": false,
            "registered_time": Self.timeObject(record.registeredTime),
            "offers": record.offers.compactMap { offers[$0].map { Self.jsonObject($0.offer) } },
            "allocated_resources": Self.jsonObject(ResourceConversion.messages(usedResources(of: record))),
            "offered_resources": Self.jsonObject(ResourceConversion.messages(offeredResources(of: record))),
        ]
        if let reregistered = record.reregisteredTime { object["reregistered_time"] = Self.timeObject(reregistered) }
        return object
    }

    func operatorFrameworks() -> [String: Any] {
        [
            "frameworks": frameworks.values.sorted { $0.id.value < $1.id.value }.map { operatorFramework($0, active: true) },
            "completed_frameworks": completedFrameworks.map { operatorFramework($0, active: false) },
        ]
    }

    func operatorAgents() -> [String: Any] {
        let list = agents.values.sorted { $0.id.value < $1.id.value }.map { record -> [String: Any] in
            let (used, offered) = allocated(on: record.id)
            var object: [String: Any] = [
                "agent_info": Self.jsonObject(record.info),
                "active": record.active,
                "deactivated": !record.active,
                "pid": record.pid,
                "registered_time": Self.timeObject(record.registeredTime),
                "total_resources": Self.jsonObject(ResourceConversion.messages(record.total)),
                "allocated_resources": Self.jsonObject(ResourceConversion.messages(used)),
                "offered_resources": Self.jsonObject(ResourceConversion.messages(offered)),
            ]
            if let version = record.version { object["version"] = version }
            if let reregistered = record.reregisteredTime { object["reregistered_time"] = Self.timeObject(reregistered) }
            return object
        }
        return ["agents": list, "recovered_agents": recoveredAgents.values.map { Self.jsonObject($0.info) }]
    }

    func operatorExecutors() -> [Any] {
        var list: [Any] = []
        for record in frameworks.values {
            for (agentID, executors) in record.executors {
                for entry in executors.values {
                    list.append(["executor_info": Self.jsonObject(entry.info), "agent_id": ["value": agentID.value]])
                }
            }
        }
        return list
    }
}
