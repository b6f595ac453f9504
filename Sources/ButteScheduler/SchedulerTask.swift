// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import Foundation

/// A task the scheduler launched for an app, as it knows it from status updates.
public struct SchedulerTask: Hashable, Sendable {
    /// Mesos task id, `<safeAppId>.instance-<uuid>._app.1`.
    public var id: String
    /// The app.
    public var appID: PathID
    /// The agent it was launched on.
    public var agentID: String
    /// The agent's hostname.
    public var host: String
    /// The agent's attributes (text form), for constraints.
    public var attributes: [String: String] = [:]
    /// Latest Mesos state, e.g. `TASK_RUNNING`.
    public var state: String = "TASK_STAGING"
    /// When it was launched.
    public var stagedAt: Timestamp
    /// When it first reported TASK_RUNNING.
    public var startedAt: Timestamp?
    /// App version at launch.
    public var version: Timestamp
    /// The app's `lastConfigChangeAt` at launch: tasks of another config are replaced by upgrades.
    public var configVersion: Timestamp
    /// Host ports taken from the offer.
    public var ports: [UInt32] = []
    /// The app's service ports at launch.
    public var servicePorts: [UInt32] = []
    /// Whether the scheduler asked the master to kill it.
    public var killRequested = false
    /// Health reported by the agent (COMMAND and MESOS_* checks).
    public var mesosHealthy: Bool?
    /// Results of the scheduler-side checks, by the check's index in the app.
    public var healthResults: [Int: HealthResult] = [:]

    /// Whether the task has reached a terminal state.
    public var isTerminal: Bool {
        ["TASK_FINISHED", "TASK_FAILED", "TASK_KILLED", "TASK_ERROR", "TASK_LOST", "TASK_DROPPED", "TASK_GONE", "TASK_GONE_BY_OPERATOR"]
            .contains(state)
    }

    /// Whether the task runs.
    public var isRunning: Bool { state == "TASK_RUNNING" }

    /// Whether the task is still being started.
    public var isStaged: Bool { state == "TASK_STAGING" || state == "TASK_STARTING" }

    /// Whether every health check of `app` passes for this task.
    public func isHealthy(for app: AppDefinition) -> Bool {
        guard !app.healthChecks.isEmpty else { return false }
        for (index, check) in app.healthChecks.enumerated() {
            if check.probedByScheduler {
                guard healthResults[index]?.alive == true else { return false }
            } else {
                guard mesosHealthy == true else { return false }
            }
        }
        return true
    }

    /// Whether some health check of `app` fails for this task.
    public func isUnhealthy(for app: AppDefinition) -> Bool {
        for (index, check) in app.healthChecks.enumerated() {
            if check.probedByScheduler {
                if healthResults[index]?.alive == false { return true }
            } else if mesosHealthy == false {
                return true
            }
        }
        return false
    }

    /// Whether the task counts as up for deployments: running, and healthy when the app has checks.
    public func isReady(for app: AppDefinition) -> Bool {
        isRunning && (app.healthChecks.isEmpty || isHealthy(for: app))
    }

    /// The task object of the REST API.
    public func json(app: AppDefinition?) -> JSON {
        var object: [String: JSON] = [
            "id": .string(id),
            "appId": .string(appID.description),
            "host": .string(host),
            "slaveId": .string(agentID),
            "state": .string(state),
            "stagedAt": .string(stagedAt.description),
            "version": .string(version.description),
            "ports": .array(ports.map { .int(Int($0)) }),
            "servicePorts": .array(servicePorts.map { .int(Int($0)) }),
            "ipAddresses": .array([.object(["ipAddress": .string(host), "protocol": "IPv4"])]),
            "localVolumes": .array([]),
        ]
        if let startedAt { object["startedAt"] = .string(startedAt.description) }
        var results: [JSON] = []
        for index in healthResults.keys.sorted() {
            results.append(healthResults[index]!.json(taskID: id))
        }
        if let mesosHealthy, let app, app.healthChecks.contains(where: { !$0.probedByScheduler }) {
            results.append(.object(["alive": .bool(mesosHealthy), "consecutiveFailures": 0, "taskId": .string(id), "instanceId": .string(id)]))
        }
        object["healthCheckResults"] = .array(results)
        return .object(object)
    }

    /// Stored form of the task.
    func storedJSON() -> JSON {
        var object = json(app: nil).objectValue!
        object["configVersion"] = .string(configVersion.description)
        object["killRequested"] = .bool(killRequested)
        object["attributes"] = .stringMap(attributes)
        return .object(object)
    }

    /// Reads the stored form; nil when it is not one.
    static func restore(_ json: JSON) -> SchedulerTask? {
        guard let id = json["id"]?.stringValue, let appText = json["appId"]?.stringValue, let appID = try? PathID(appText),
            let stagedAt = json["stagedAt"]?.stringValue.flatMap(Timestamp.parse),
            let version = json["version"]?.stringValue.flatMap(Timestamp.parse)
        else { return nil }
        var task = SchedulerTask(
            id: id,
            appID: appID,
            agentID: json["slaveId"]?.stringValue ?? "",
            host: json["host"]?.stringValue ?? "",
            stagedAt: stagedAt,
            version: version,
            configVersion: json["configVersion"]?.stringValue.flatMap(Timestamp.parse) ?? version
        )
        task.state = json["state"]?.stringValue ?? "TASK_STAGING"
        task.startedAt = json["startedAt"]?.stringValue.flatMap(Timestamp.parse)
        task.ports = json["ports"]?.arrayValue?.compactMap { $0.numberValue.map { UInt32($0) } } ?? []
        task.servicePorts = json["servicePorts"]?.arrayValue?.compactMap { $0.numberValue.map { UInt32($0) } } ?? []
        task.killRequested = json["killRequested"]?.boolValue ?? false
        task.attributes = json["attributes"]?.objectValue?.compactMapValues(\.stringValue) ?? [:]
        return task
    }

    /// A fresh task id for an app: `<safeAppId>.instance-<uuid>._app.1`.
    public static func makeID(for app: PathID) -> String {
        "\(app.safeID).instance-\(UUID().uuidString.lowercased())._app.1"
    }

    /// The app a task id belongs to, for the id forms Marathon has used: `<safe>.instance-<uuid>._app.<n>`,
    /// `<safe>.marathon-<uuid>` and `<safe>.<uuid>`; nil when the id has none of them.
    public static func appID(fromTaskID taskID: String) -> PathID? {
        var safe: Substring?
        if let range = taskID.range(of: ".instance-", options: .backwards) {
            safe = taskID[..<range.lowerBound]
        } else if let range = taskID.range(of: ".marathon-", options: .backwards) {
            safe = taskID[..<range.lowerBound]
        } else if let dot = taskID.lastIndex(of: "."), UUID(uuidString: String(taskID[taskID.index(after: dot)...])) != nil {
            safe = taskID[..<dot]
        }
        guard let safe, !safe.isEmpty else { return nil }
        return try? PathID(safe.replacingOccurrences(of: "_", with: "/"))
    }
}

/// The outcome of the scheduler's probes of one health check of one task.
public struct HealthResult: Hashable, Sendable {
    /// Whether the last probe counted succeeded.
    public var alive: Bool = false
    /// Failures in a row.
    public var consecutiveFailures = 0
    /// First success.
    public var firstSuccess: Timestamp?
    /// Last success.
    public var lastSuccess: Timestamp?
    /// Last failure.
    public var lastFailure: Timestamp?
    /// Why the last probe failed.
    public var lastFailureCause: String?

    /// The REST form.
    func json(taskID: String) -> JSON {
        .object([
            "alive": .bool(alive),
            "consecutiveFailures": .int(consecutiveFailures),
            "firstSuccess": .optional(firstSuccess?.description),
            "lastSuccess": .optional(lastSuccess?.description),
            "lastFailure": .optional(lastFailure?.description),
            "lastFailureCause": .optional(lastFailureCause),
            "taskId": .string(taskID),
            "instanceId": .string(taskID),
        ])
    }
}
