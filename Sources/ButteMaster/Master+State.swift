// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteCore
import ButteProtocol
import Foundation

/// The read-only endpoints' JSON, in the v0 shapes of Mesos' `/master/state` family.
extension Master {
    /// Resources in the operator form `{"cpus":4,"gpus":0,"mem":1024,"disk":0,"ports":"[31000-32000]"}`.
    static func resourcesObject(_ resources: Resources) -> [String: Any] {
        var object: [String: Any] = ["cpus": 0.0, "gpus": 0.0, "mem": 0.0, "disk": 0.0]
        var scalars: [String: Scalar] = [:]
        var ranges: [String: ValueRanges] = [:]
        var sets: [String: Set<String>] = [:]
        for resource in resources.entries {
            switch resource.value {
            case .scalar(let amount): scalars[resource.name, default: .zero] += amount
            case .ranges(let value): ranges[resource.name, default: ValueRanges()] += value
            case .set(let items): sets[resource.name, default: []].formUnion(items)
            }
        }
        for (name, amount) in scalars { object[name] = amount.value }
        for (name, value) in ranges {
            object[name] = "[" + value.ranges.map { "\($0.lowerBound)-\($0.upperBound)" }.joined(separator: ", ") + "]"
        }
        for (name, items) in sets { object[name] = "{" + items.sorted().joined(separator: ", ") + "}" }
        return object
    }

    /// A protocol message as a JSON object graph.
    static func jsonObject(_ value: some Encodable) -> Any {
        guard let data = try? ProtocolJSON.encode(value), let object = try? JSONSerialization.jsonObject(with: data) else { return NSNull() }
        return object
    }

    /// Serialises a JSON object graph.
    static func serialize(_ object: Any) -> Data {
        (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
    }

    func attributesObject(_ attributes: [ButteProtocol.Attribute]) -> [String: Any] {
        var object: [String: Any] = [:]
        for attribute in attributes {
            if let scalar = attribute.scalar {
                object[attribute.name] = scalar.value
            } else if let text = attribute.text {
                object[attribute.name] = text.value
            } else if let ranges = attribute.ranges {
                object[attribute.name] = "[" + ranges.range.map { "\($0.begin)-\($0.end)" }.joined(separator: ", ") + "]"
            } else if let set = attribute.set {
                object[attribute.name] = "{" + set.item.joined(separator: ", ") + "}"
            }
        }
        return object
    }

    func taskObject(_ task: ButteProtocol.Task, role: String?) -> [String: Any] {
        var object: [String: Any] = [
            "id": task.taskID.value,
            "name": task.name,
            "framework_id": task.frameworkID.value,
            "slave_id": task.agentID.value,
            "state": task.state.rawValue,
            "resources": Self.resourcesObject((try? ResourceConversion.resources(task.resources, field: "task")) ?? Resources()),
            "statuses": task.statuses.map { status -> [String: Any] in
                var entry: [String: Any] = ["state": status.state.rawValue, "timestamp": status.timestamp ?? 0]
                if let containerStatus = status.containerStatus { entry["container_status"] = Self.jsonObject(containerStatus) }
                return entry
            },
            "executor_id": task.executorID?.value ?? "",
        ]
        if let role { object["role"] = role }
        if let user = task.user { object["user"] = user }
        if let container = task.container { object["container"] = Self.jsonObject(container) }
        if let labels = task.labels { object["labels"] = (Self.jsonObject(labels) as? [String: Any])?["labels"] ?? [] }
        if let discovery = task.discovery { object["discovery"] = Self.jsonObject(discovery) }
        return object
    }

    func usedResources(of record: FrameworkRecord) -> Resources {
        var used = Resources()
        for entry in record.tasks.values where entry.holdsResources { used += entry.resources }
        for executors in record.executors.values { for entry in executors.values { used += entry.resources } }
        return used
    }

    func offeredResources(of record: FrameworkRecord) -> Resources {
        var offered = Resources()
        for offerID in record.offers { if let offer = offers[offerID] { offered += offer.resources } }
        return offered
    }

    func frameworkObject(_ record: FrameworkRecord, active: Bool) -> [String: Any] {
        let info = record.info
        var object: [String: Any] = [
            "id": record.id.value,
            "name": info.name,
            "user": info.user,
            "hostname": info.hostname ?? "",
            "webui_url": info.webuiURL ?? "",
            "pid": "",
            "active": active && record.connected,
            "connected": record.connected,
            "recovered": false,
            "failover_timeout": info.failoverTimeout ?? 0,
            "checkpoint": info.checkpoint ?? false,
            "registered_time": record.registeredTime,
            "unregistered_time": 0,
            "capabilities": info.capabilities.compactMap { $0.type?.rawValue },
            "role": info.role ?? record.primaryRole,
            "roles": record.roles.sorted(),
            "resources": Self.resourcesObject(usedResources(of: record) + offeredResources(of: record)),
            "used_resources": Self.resourcesObject(usedResources(of: record)),
            "offered_resources": Self.resourcesObject(offeredResources(of: record)),
            "tasks": record.tasks.values.sorted { $0.task.taskID.value < $1.task.taskID.value }.map { taskObject($0.task, role: $0.role) },
            "completed_tasks": record.completedTasks.reversed().map { taskObject($0, role: nil) },
            "offers": record.offers.sorted { $0.value < $1.value }.compactMap { offerID -> [String: Any]? in
                guard let offer = offers[offerID] else { return nil }
                return [
                    "id": offerID.value, "framework_id": record.id.value, "slave_id": offer.offer.agentID.value,
                    "resources": Self.resourcesObject(offer.resources),
                ]
            },
            "executors": record.executors.flatMap { agentID, executors in
                executors.values.map { entry -> [String: Any] in
                    [
                        "executor_id": entry.info.executorID.value, "name": entry.info.name ?? "", "framework_id": record.id.value,
                        "slave_id": agentID.value, "resources": Self.resourcesObject(entry.resources),
                        "command": entry.info.command.map { Self.jsonObject($0) } ?? [:],
                    ]
                }
            },
        ]
        if let principal = info.principal { object["principal"] = principal }
        if let reregistered = record.reregisteredTime { object["reregistered_time"] = reregistered }
        return object
    }

    func allocated(on agentID: AgentID) -> (used: Resources, offered: Resources) {
        var used = Resources()
        var offered = Resources()
        guard let agent = agents[agentID] else { return (used, offered) }
        for key in agent.tasks {
            if let entry = frameworks[key.framework]?.tasks[key.task], entry.holdsResources { used += entry.resources }
        }
        for key in agent.executors {
            if let entry = frameworks[key.framework]?.executors[agentID]?[key.executor] { used += entry.resources }
        }
        for offerID in agent.offers { if let offer = offers[offerID] { offered += offer.resources } }
        return (used, offered)
    }

    func agentObject(_ record: AgentRecord) -> [String: Any] {
        let (used, offered) = allocated(on: record.id)
        let reservedRoles = record.total.roles.subtracting([ButteCore.Resource.unreservedRole])
        var reserved: [String: Any] = [:]
        for role in reservedRoles { reserved[role] = Self.resourcesObject(record.total.reserved(for: role)) }
        var object: [String: Any] = [
            "id": record.id.value,
            "hostname": record.info.hostname,
            "port": Int(record.port),
            "pid": record.pid,
            "attributes": attributesObject(record.info.attributes),
            "registered_time": record.registeredTime,
            "resources": Self.resourcesObject(record.total),
            "used_resources": Self.resourcesObject(used),
            "offered_resources": Self.resourcesObject(offered),
            "reserved_resources": reserved,
            "unreserved_resources": Self.resourcesObject(record.total.unreserved),
            "active": record.active,
            "deactivated": !record.active,
            "version": record.version ?? "",
            "capabilities": [String](),
            "TASK_STAGING": 0, "TASK_STARTING": 0, "TASK_RUNNING": 0, "TASK_KILLING": 0,
            "TASK_FINISHED": 0, "TASK_KILLED": 0, "TASK_FAILED": 0, "TASK_LOST": 0, "TASK_ERROR": 0, "TASK_UNREACHABLE": 0,
        ]
        if let reregistered = record.reregisteredTime { object["reregistered_time"] = reregistered }
        return object
    }

    /// Number of tasks in each state, over all frameworks' live and completed tasks.
    func taskCounts(where include: (ButteProtocol.Task) -> Bool = { _ in true }) -> [String: Int] {
        var counts: [String: Int] = [:]
        for record in frameworks.values {
            for entry in record.tasks.values where include(entry.task) { counts[entry.task.state.rawValue, default: 0] += 1 }
            for task in record.completedTasks where include(task) { counts[task.state.rawValue, default: 0] += 1 }
        }
        return counts
    }

    var pid: String { info.pid ?? "master@\(configuration.ip):\(configuration.port)" }

    /// `/master/state`.
    public func stateJSON() -> Data {
        let sortedFrameworks = frameworks.values.sorted { $0.id.value < $1.id.value }
        let sortedAgents = agents.values.sorted { $0.id.value < $1.id.value }
        var object: [String: Any] = [
            "version": Self.version,
            "build_date": "",
            "build_time": 0,
            "build_user": "",
            "start_time": startTime,
            "elected_time": electedTime,
            "id": id,
            "pid": pid,
            "hostname": configuration.hostname,
            "capabilities": info.capabilities.compactMap { $0.type?.rawValue },
            "activated_slaves": sortedAgents.filter(\.active).count,
            "deactivated_slaves": sortedAgents.filter { !$0.active }.count,
            "unreachable_slaves": unreachableAgents.count,
            "leader": pid,
            "leader_info": Self.jsonObject(info),
            "log_dir": "",
            "flags": configuration.flags,
            "slaves": sortedAgents.map(agentObject),
            "recovered_slaves": recoveredAgents.values.map { Self.jsonObject($0.info) },
            "frameworks": sortedFrameworks.map { frameworkObject($0, active: true) },
            "completed_frameworks": completedFrameworks.reversed().map { frameworkObject($0, active: false) },
            "orphan_tasks": [Any](),
            "unregistered_frameworks": [Any](),
        ]
        if let cluster = configuration.cluster { object["cluster"] = cluster }
        return Self.serialize(object)
    }

    /// `/master/state-summary`.
    public func stateSummaryJSON() -> Data {
        let agentObjects = agents.values.sorted { $0.id.value < $1.id.value }.map { record -> [String: Any] in
            var object = agentObject(record)
            for (state, count) in taskCounts(where: { $0.agentID == record.id }) { object[state] = count }
            object["framework_ids"] = Array(Set(record.tasks.map(\.framework.value))).sorted()
            return object
        }
        let frameworkObjects = frameworks.values.sorted { $0.id.value < $1.id.value }.map { record -> [String: Any] in
            var object = frameworkObject(record, active: true)
            object["tasks"] = nil
            object["completed_tasks"] = nil
            object["offers"] = nil
            object["executors"] = nil
            for (state, count) in taskCounts(where: { $0.frameworkID == record.id }) { object[state] = count }
            object["slave_ids"] = Array(Set(record.tasks.values.map(\.task.agentID.value))).sorted()
            return object
        }
        var object: [String: Any] = ["hostname": configuration.hostname, "slaves": agentObjects, "frameworks": frameworkObjects]
        if let cluster = configuration.cluster { object["cluster"] = cluster }
        return Self.serialize(object)
    }

    /// `/master/frameworks`.
    public func frameworksJSON() -> Data {
        Self.serialize([
            "frameworks": frameworks.values.sorted { $0.id.value < $1.id.value }.map { frameworkObject($0, active: true) },
            "completed_frameworks": completedFrameworks.reversed().map { frameworkObject($0, active: false) },
            "unregistered_frameworks": [Any](),
        ])
    }

    /// `/master/slaves`.
    public func agentsJSON() -> Data {
        Self.serialize([
            "slaves": agents.values.sorted { $0.id.value < $1.id.value }.map(agentObject),
            "recovered_slaves": recoveredAgents.values.map { Self.jsonObject($0.info) },
        ])
    }

    /// `/master/tasks`: live tasks first, then completed ones, `offset`/`limit` applied (default limit 100).
    public func tasksJSON(limit: Int = 100, offset: Int = 0) -> Data {
        var all: [[String: Any]] = []
        for record in frameworks.values.sorted(by: { $0.id.value < $1.id.value }) {
            all += record.tasks.values.sorted { $0.task.taskID.value < $1.task.taskID.value }.map { taskObject($0.task, role: $0.role) }
        }
        for record in frameworks.values.sorted(by: { $0.id.value < $1.id.value }) {
            all += record.completedTasks.reversed().map { taskObject($0, role: nil) }
        }
        let start = min(max(0, offset), all.count)
        let end = min(all.count, start + max(0, limit))
        return Self.serialize(["tasks": Array(all[start..<end])])
    }

    /// `/metrics/snapshot`, with Mesos' metric names.
    public func metricsJSON() -> Data {
        var total = Resources()
        var used = Resources()
        var offered = Resources()
        for agent in agents.values {
            total += agent.total
            let allocation = allocated(on: agent.id)
            used += allocation.used
            offered += allocation.offered
        }
        let counts = taskCounts()
        var metrics: [String: Any] = [
            "master/elected": 1.0,
            "master/uptime_secs": clock.wallTime - startTime,
            "master/slaves_active": Double(agents.values.filter(\.active).count),
            "master/slaves_inactive": Double(agents.values.filter { !$0.active }.count),
            "master/slaves_connected": Double(agents.values.filter(\.active).count),
            "master/slaves_disconnected": Double(agents.values.filter { !$0.active }.count),
            "master/slaves_unreachable": Double(unreachableAgents.count),
            "master/slave_registrations": Double(counters.agentRegistrations),
            "master/slave_unreachable_completed": Double(counters.agentsUnreachable),
            "master/frameworks_active": Double(frameworks.values.filter(\.connected).count),
            "master/frameworks_inactive": Double(frameworks.values.filter { !$0.connected }.count),
            "master/frameworks_connected": Double(frameworks.values.filter(\.connected).count),
            "master/frameworks_disconnected": Double(frameworks.values.filter { !$0.connected }.count),
            "master/outstanding_offers": Double(offers.count),
            "master/messages_status_update": Double(counters.statusUpdates),
            "master/messages_status_update_acknowledgement": Double(counters.acknowledgements),
            "master/invalid_status_updates": 0.0,
            "master/tasks_staging": Double(counts["TASK_STAGING"] ?? 0),
            "master/tasks_starting": Double(counts["TASK_STARTING"] ?? 0),
            "master/tasks_running": Double(counts["TASK_RUNNING"] ?? 0),
            "master/tasks_killing": Double(counts["TASK_KILLING"] ?? 0),
            "master/tasks_unreachable": Double(counts["TASK_UNREACHABLE"] ?? 0),
            "master/registrar/state_store_ok": registryError == nil ? 1.0 : 0.0,
            "allocator/event_queue_dispatches": 0.0,
        ]
        for name in ["tasks_finished", "tasks_failed", "tasks_killed", "tasks_lost", "tasks_error", "tasks_dropped", "tasks_gone"] {
            metrics["master/\(name)"] = Double(counters.terminalTasks[name] ?? 0)
        }
        for (name, amount) in [("cpus", total.cpus), ("mem", total.mem), ("disk", total.disk), ("gpus", total.scalar("gpus"))] {
            let totalValue = amount?.value ?? 0
            let usedValue = used.scalar(name)?.value ?? 0
            metrics["master/\(name)_total"] = totalValue
            metrics["master/\(name)_used"] = usedValue
            metrics["master/\(name)_percent"] = totalValue > 0 ? usedValue / totalValue : 0
            metrics["master/\(name)_offered"] = offered.scalar(name)?.value ?? 0
        }
        for (type, count) in counters.schedulerCalls {
            metrics["master/messages_scheduler_\(type.lowercased())"] = Double(count)
        }
        return Self.serialize(metrics)
    }

    /// `/master/flags`.
    public func flagsJSON() -> Data {
        Self.serialize(["flags": configuration.flags])
    }

    /// `/version`.
    public nonisolated func versionJSON() -> Data {
        Self.serialize(["version": Self.version, "build_date": "", "build_time": 0, "build_user": "", "git_sha": ""])
    }
}
