// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteProtocol
import Foundation

/// What a task kill answers: the killed tasks, or the deployment of the scale-down.
public enum KillOutcome: Sendable {
    case tasks([JSON])
    case deployment(Deployment)
}

extension SchedulerCore {
    // MARK: Apps

    /// Normalised embed names: `app.tasks`, `apps.tasks` and `tasks` all become `tasks`.
    static func embeds(_ raw: [String]) -> Set<String> {
        var result: Set<String> = []
        for value in raw {
            var name = value
            for prefix in ["apps.", "app.", "group.apps.", "group."] where name.hasPrefix(prefix) {
                name = String(name.dropFirst(prefix.count))
                break
            }
            switch name {
            case "tasks": result.formUnion(["tasks", "deployments"])
            case "failures": result.formUnion(["tasks", "lastTaskFailure", "deployments"])
            default: result.insert(name)
            }
        }
        return result
    }

    func appJSON(_ state: AppState, embed: Set<String>) -> JSON {
        var object = state.app.json().objectValue!
        let app = state.app
        let tasks = state.tasks.values.sorted { $0.stagedAt < $1.stagedAt }
        object["tasksStaged"] = .int(tasks.filter(\.isStaged).count)
        object["tasksRunning"] = .int(tasks.filter(\.isRunning).count)
        object["tasksHealthy"] = .int(tasks.filter { $0.isRunning && $0.isHealthy(for: app) }.count)
        object["tasksUnhealthy"] = .int(tasks.filter { $0.isUnhealthy(for: app) }.count)
        object["deployments"] = .array(deployments.filter { $0.affectedApps.contains(app.id) }.map { .object(["id": .string($0.id)]) })
        if embed.contains("tasks") {
            object["tasks"] = .array(tasks.map { $0.json(app: app) })
        }
        if embed.contains("lastTaskFailure"), let failure = state.lastTaskFailure {
            object["lastTaskFailure"] = failure
        }
        if embed.contains("taskStats") {
            object["taskStats"] = taskStats(state)
        }
        return .object(object)
    }

    func taskStats(_ state: AppState) -> JSON {
        let tasks = Array(state.tasks.values)
        guard !tasks.isEmpty else { return .object([:]) }
        let app = state.app
        let counts: JSON = .object([
            "staged": .int(tasks.filter(\.isStaged).count), "running": .int(tasks.filter(\.isRunning).count),
            "healthy": .int(tasks.filter { $0.isHealthy(for: app) }.count), "unhealthy": .int(tasks.filter { $0.isUnhealthy(for: app) }.count),
        ])
        let now = Timestamp.now()
        let lifetimes = tasks.compactMap { $0.startedAt }.map { Double(now.milliseconds - $0.milliseconds) / 1000 }
        let life: JSON =
            lifetimes.isEmpty
            ? .object([:])
            : .object([
                "averageSeconds": .number(lifetimes.reduce(0, +) / Double(lifetimes.count)),
                "medianSeconds": .number(lifetimes.sorted()[lifetimes.count / 2]),
            ])
        return .object(["totalSummary": .object(["stats": .object(["counts": counts, "lifeTime": life])])])
    }

    func visibleState(_ id: PathID) throws(APIError) -> AppState {
        guard let state = apps[id], !state.deleting else { throw APIError.notFound("App '\(id)' does not exist") }
        return state
    }

    /// `GET /v2/apps` with its filters.
    public func listApps(cmd: String?, id: String?, label: String?, embed: [String]) throws(APIError) -> JSON {
        let embedSet = Self.embeds(embed)
        var selector: LabelSelector?
        if let label { selector = try LabelSelector(label) }
        let result = apps.values.filter { state in
            guard !state.deleting else { return false }
            if let cmd, !(state.app.cmd?.lowercased().contains(cmd.lowercased()) ?? false) { return false }
            if let id, !state.app.id.description.lowercased().contains(id.lowercased()) { return false }
            if let selector, !selector.matches(state.app.labels) { return false }
            return true
        }.sorted { $0.app.id < $1.app.id }
        return .object(["apps": .array(result.map { appJSON($0, embed: embedSet) })])
    }

    /// `GET /v2/apps/{id}`: the app with tasks, counts, deployments and last failure; or, for a group id, every
    /// app below it.
    public func getApp(_ id: PathID, embed: [String]) throws(APIError) -> JSON {
        if let state = apps[id], !state.deleting {
            return .object(["app": appJSON(state, embed: Self.embeds(embed).union(["tasks", "lastTaskFailure", "deployments"]))])
        }
        throw APIError.notFound("App '\(id)' does not exist")
    }

    /// `GET /v2/apps/{group}/*`.
    public func appsBelow(_ group: PathID, embed: [String]) -> JSON {
        let list = apps.values.filter { !$0.deleting && $0.app.id.isDescendant(of: group) }.sorted { $0.app.id < $1.app.id }
        return .object(["*": .array(list.map { appJSON($0, embed: Self.embeds(embed)) })])
    }

    func options(base: PathID = .root) -> AppParseOptions {
        AppParseOptions(allowPrivileged: configuration.allowPrivileged, base: base)
    }

    /// `POST /v2/apps`: the app as created, and its deployment.
    public func createApp(_ body: JSON, force: Bool) throws(APIError) -> (JSON, Deployment) {
        let app = try AppDefinition.parse(body, options: options())
        if let state = apps[app.id], !state.deleting {
            throw APIError(status: 409, message: "An app with id [\(app.id)] already exists.")
        }
        if apps.keys.contains(where: { $0 != app.id && $0.isDescendant(of: app.id) }) || explicitGroups[app.id] != nil {
            throw APIError(status: 409, message: "A group with id [\(app.id)] already exists.")
        }
        let deployment = try deploy([(app.id, app)], force: force)
        var created = appJSON(apps[app.id]!, embed: ["deployments"]).objectValue!
        created["tasks"] = .array([])
        created["deployments"] = .array([.object(["id": .string(deployment.id)])])
        return (.object(created), deployment)
    }

    /// The definition `body` describes for app `id`: merged over the current one for partial updates.
    func definition(for id: PathID, body: JSON, partial: Bool) throws(APIError) -> AppDefinition {
        guard var members = body.objectValue else {
            throw ValidationDetail.error(message: "Invalid JSON", [("/", "error.expected.jsobject")])
        }
        if partial, let state = apps[id], !state.deleting {
            var merged = state.app.json().objectValue!
            merged["version"] = nil
            merged["versionInfo"] = nil
            if let container = members["container"], container["docker"]?["network"] != nil, members["networks"] == nil {
                merged["networks"] = nil
            }
            if members["container"] != nil || members["networks"] != nil, members["portDefinitions"] == nil {
                let bridged =
                    members["networks"]?.arrayValue?.contains { $0["mode"]?.stringValue != "host" }
                    ?? (members["container"]?["docker"]?["network"]?.stringValue).map { $0 != "HOST" }
                if bridged == true { merged["portDefinitions"] = nil }
            }
            if members["cmd"] != nil, members["args"] == nil { merged["args"] = nil }
            if members["args"] != nil, members["cmd"] == nil { merged["cmd"] = nil }
            if members["uris"] != nil, members["fetch"] == nil { merged["fetch"] = nil }
            if members["ports"] != nil, members["portDefinitions"] == nil { merged["portDefinitions"] = nil }
            for (key, value) in members where AppDefinition.definitionKeys.contains(key) {
                merged[key] = value
            }
            members = merged
        }
        members["id"] = .string(id.description)
        return try AppDefinition.parse(.object(members), options: options())
    }

    /// `PUT /v2/apps/{id}`: update, scale, rollback (`{"version": ts}`) or create.
    /// - Returns: the deployment and whether the app was created.
    public func updateApp(_ id: PathID, body: JSON, partial: Bool, force: Bool) throws(APIError) -> (Deployment, Bool) {
        if let version = body["version"], !version.isNull {
            let extra = (body.objectValue ?? [:]).keys.filter { $0 != "version" && $0 != "id" }
            guard extra.isEmpty else {
                throw ValidationDetail.error(message: "Object is not valid", [("/", "The 'version' field may only be combined with the 'id' field.")])
            }
            let state = try visibleState(id)
            guard let text = version.stringValue, let stamp = Timestamp.parse(text),
                let old = state.versions.first(where: { $0.version == stamp })
            else {
                throw APIError.notFound("Version '\(version.stringValue ?? version.serialized())' of app '\(id)' does not exist")
            }
            return (try deploy([(id, old)], force: force), false)
        }
        let existed = apps[id].map { !$0.deleting } ?? false
        let app = try definition(for: id, body: body, partial: partial)
        return (try deploy([(id, app)], force: force), !existed)
    }

    /// `PATCH /v2/apps/{id}`: a partial update of an existing app.
    public func patchApp(_ id: PathID, body: JSON, force: Bool) throws(APIError) -> Deployment {
        _ = try visibleState(id)
        return try updateApp(id, body: body, partial: true, force: force).0
    }

    /// `PUT /v2/apps`: several apps in one deployment.
    public func updateApps(_ body: JSON, partial: Bool, force: Bool) throws(APIError) -> Deployment {
        guard let items = body.arrayValue else {
            throw ValidationDetail.error(message: "Invalid JSON", [("/", "error.expected.jsarray")])
        }
        var changes: [(PathID, AppDefinition?)] = []
        for (index, item) in items.enumerated() {
            guard let text = item["id"]?.stringValue else {
                throw ValidationDetail.error(message: "Object is not valid", [("/(\(index))/id", "is required")])
            }
            let id: PathID
            do {
                id = try PathID(text)
            } catch {
                throw ValidationDetail.error(message: "Object is not valid", [("/(\(index))/id", error.description)])
            }
            changes.append((id, try definition(for: id, body: item, partial: partial)))
        }
        return try deploy(changes, force: force)
    }

    /// `DELETE /v2/apps/{id}`.
    public func deleteApp(_ id: PathID, force: Bool) throws(APIError) -> Deployment {
        _ = try visibleState(id)
        return try deploy([(id, nil)], force: force)
    }

    /// `POST /v2/apps/{id}/restart`: same definition, new config version, so every task is replaced.
    public func restartApp(_ id: PathID, force: Bool) throws(APIError) -> Deployment {
        let state = try visibleState(id)
        return try deploy([(id, state.app)], force: force, restarting: [id])
    }

    // MARK: Tasks

    /// `GET /v2/apps/{id}/tasks`.
    public func appTasks(_ id: PathID) throws(APIError) -> [JSON] {
        let state = try visibleState(id)
        return state.tasks.values.sorted { $0.stagedAt < $1.stagedAt }.map { $0.json(app: state.app) }
    }

    /// `GET /v2/tasks`, optionally only tasks in the given states (`running`, `staging`, …).
    public func allTasks(statuses: [String]) -> [JSON] {
        let wanted = Set(statuses.map { "TASK_" + $0.uppercased() })
        return apps.values.filter { !$0.deleting }.sorted { $0.app.id < $1.app.id }.flatMap { state in
            state.tasks.values.filter { wanted.isEmpty || wanted.contains($0.state) }.sorted { $0.stagedAt < $1.stagedAt }
                .map { $0.json(app: state.app) }
        }
    }

    /// The text form of running tasks: `safeId\tservicePort\thost:port\t…` per app and service port.
    public func tasksText(app: PathID?) throws(APIError) -> String {
        var lines: [String] = []
        var states = apps.values.filter { !$0.deleting }.sorted { $0.app.id < $1.app.id }
        if let app { states = [try visibleState(app)] }
        for state in states {
            let running = state.tasks.values.filter(\.isRunning).sorted { $0.host < $1.host }
            let servicePorts = state.app.servicePorts
            if servicePorts.isEmpty {
                lines.append(([state.app.id.safeID, " "] + running.map(\.host)).joined(separator: "\t") + "\t")
            }
            for (index, servicePort) in servicePorts.enumerated() {
                let endpoints = running.compactMap { index < $0.ports.count ? "\($0.host):\($0.ports[index])" : nil }
                lines.append(([state.app.id.safeID, String(servicePort)] + endpoints).joined(separator: "\t") + "\t")
            }
        }
        return lines.map { $0 + "\n" }.joined()
    }

    /// Kills tasks of an app (`taskIDs` nil: all on `host`, `*` or nil meaning every host); with `scale`, the app's
    /// instances drop by the number killed.
    public func killTasks(_ id: PathID, taskIDs: [String]?, host: String?, scale: Bool, wipe: Bool, force: Bool) throws(APIError) -> KillOutcome {
        if scale && wipe { throw APIError.badRequest("You cannot use scale and wipe at the same time.") }
        var state = try visibleState(id)
        var victims: [SchedulerTask]
        if let taskIDs {
            victims = []
            for taskID in taskIDs {
                guard let task = state.tasks[taskID] else { throw APIError.notFound("Task '\(taskID)' does not exist") }
                victims.append(task)
            }
        } else {
            victims = state.tasks.values.filter { host == nil || host == "*" || $0.host == host }.sorted { $0.stagedAt < $1.stagedAt }
        }
        if scale {
            var app = state.app
            app.instances = max(0, app.instances - victims.filter { !$0.killRequested }.count)
            // Kill the chosen tasks first so the scale-down does not pick others.
            for task in victims { kill(&state, task.id) }
            apps[id] = state
            return .deployment(try deploy([(id, app)], force: force))
        }
        for task in victims { kill(&state, task.id) }
        apps[id] = state
        converge()
        return .tasks(victims.map { $0.json(app: state.app) })
    }

    /// `POST /v2/tasks/delete`: kills tasks named by id only; the app comes from the id.
    public func killTasks(ids: [String], scale: Bool, wipe: Bool, force: Bool) throws(APIError) -> KillOutcome {
        if scale && wipe { throw APIError.badRequest("You cannot use scale and wipe at the same time.") }
        var byApp: [PathID: [String]] = [:]
        for taskID in ids {
            guard let appID = SchedulerTask.appID(fromTaskID: taskID) else { throw APIError.badRequest("Invalid task id '\(taskID)'") }
            byApp[appID, default: []].append(taskID)
        }
        var killed: [JSON] = []
        var changes: [(PathID, AppDefinition?)] = []
        for (appID, taskIDs) in byApp.sorted(by: { $0.key < $1.key }) {
            guard var state = apps[appID], !state.deleting else { continue }
            let known = taskIDs.compactMap { state.tasks[$0] }
            for task in known { kill(&state, task.id) }
            killed += known.map { $0.json(app: state.app) }
            if scale {
                var app = state.app
                app.instances = max(0, app.instances - known.count)
                changes.append((appID, app))
            }
            apps[appID] = state
        }
        if scale {
            return .deployment(try deploy(changes, force: force))
        }
        converge()
        return .tasks(killed)
    }

    // MARK: Versions

    /// `GET /v2/apps/{id}/versions`, newest first.
    public func versions(_ id: PathID) throws(APIError) -> JSON {
        let state = try visibleState(id)
        return .object(["versions": .strings(state.versions.reversed().map(\.version.description))])
    }

    /// `GET /v2/apps/{id}/versions/{version}`.
    public func version(_ id: PathID, _ text: String) throws(APIError) -> JSON {
        let state = try visibleState(id)
        guard let stamp = Timestamp.parse(text), let app = state.versions.first(where: { $0.version == stamp }) else {
            throw APIError.notFound("Version '\(text)' of app '\(id)' does not exist")
        }
        return app.json()
    }

    // MARK: Deployments

    /// `GET /v2/deployments`.
    public func deploymentsJSON() -> JSON {
        .array(deployments.map { $0.json(currentStep: currentStep($0)) })
    }

    /// `DELETE /v2/deployments/{id}`: with `force`, stop it where it is (nil result); without, start a deployment
    /// back to the definitions before it.
    public func cancelDeployment(_ id: String, force: Bool) throws(APIError) -> Deployment? {
        guard let deployment = deployments.first(where: { $0.id == id }) else {
            throw APIError.notFound("DeploymentPlan \(id) does not exist")
        }
        deployments.removeAll { $0.id == id }
        deploymentsDirty = true
        events.publish("deployment_failed", ["id": .string(deployment.id), "plan": deploymentPlanJSON(deployment)])
        if force {
            converge()
            return nil
        }
        var changes: [(PathID, AppDefinition?)] = []
        for app in deployment.affectedApps {
            changes.append((app, deployment.original[app]))
        }
        return try deploy(changes, force: true)
    }

    // MARK: Queue

    /// `GET /v2/queue`.
    public func queueJSON(embedLastUnusedOffers: Bool) -> JSON {
        let now = Timestamp.now()
        var items: [JSON] = []
        for state in apps.values.sorted(by: { $0.app.id < $1.app.id }) where !state.deleting {
            let count = launchNeed(state)
            guard count > 0 else { continue }
            let left = state.delayUntil.map { max(0, Double($0.milliseconds - now.milliseconds) / 1000) } ?? 0
            var item: [String: JSON] = [
                "app": appJSON(state, embed: []),
                "count": .int(count),
                "delay": .object(["timeLeftSeconds": .int(Int(left.rounded(.up))), "overdue": .bool(left <= 0)]),
                "since": .string((state.queueSince ?? now).description),
                "processedOffersSummary": .object([
                    "processedOffersCount": .int(state.offersProcessed),
                    "unusedOffersCount": .int(state.offersUnused),
                    "rejectSummaryLastOffers": .array(
                        state.rejectReasons.keys.sorted().map { reason in
                            .object([
                                "reason": .string(reason), "declined": .int(state.rejectReasons[reason]!), "processed": .int(state.offersProcessed),
                            ])
                        }),
                ]),
            ]
            if embedLastUnusedOffers { item["lastUnusedOffers"] = .array([]) }
            items.append(.object(item))
        }
        return .object(["queue": .array(items)])
    }

    /// `DELETE /v2/queue/{id}/delay`.
    public func resetDelay(_ id: PathID) throws(APIError) {
        guard var state = apps[id], !state.deleting, launchNeed(state) > 0 else {
            throw APIError.notFound("Application \(id) not found in tasks queue.")
        }
        state.delayUntil = nil
        state.delayFailures = 0
        apps[id] = state
        dirtyApps.insert(id)
        converge()
    }

    // MARK: Info

    /// `GET /v2/info`.
    public func info(leader: String) -> JSON {
        .object([
            "name": "marathon",
            "version": "1.10.0",
            "buildref": "butte",
            "elected": true,
            "leader": .string(leader),
            "frameworkId": .optional(frameworkID),
            "marathon_config": .object([
                "master": .string(configuration.master),
                "framework_name": .string(configuration.frameworkName),
                "hostname": .string(configuration.hostname),
                "local_port_min": 10000,
                "local_port_max": 20000,
                "mesos_role": .optional(configuration.mesosRole),
                "task_launch_timeout": 300_000,
                "features": .array([]),
                "webui_url": .null,
                "failover_timeout": .number(configuration.failoverTimeout),
            ]),
            "zookeeper_config": .object([:]),
            "http_config": .object(["http_port": .int(configuration.httpPort), "https_port": 8443]),
        ])
    }

    /// `GET /metrics`: counters and gauges in Marathon's JSON layout.
    public func metrics() -> JSON {
        let tasks = apps.values.flatMap { $0.tasks.values }
        func gauge(_ value: Int) -> JSON { .object(["value": .int(value)]) }
        return .object([
            "version": "4.0.0",
            "counters": .object([:]),
            "gauges": .object([
                "marathon.apps.active.gauge": gauge(apps.values.filter { !$0.deleting }.count),
                "marathon.deployments.active.gauge": gauge(deployments.count),
                "marathon.instances.running.gauge": gauge(tasks.filter(\.isRunning).count),
                "marathon.instances.staged.gauge": gauge(tasks.filter(\.isStaged).count),
                "marathon.instances.launch-queue.gauge": gauge(apps.values.reduce(0) { $0 + launchNeed($1) }),
                "marathon.http.event-streams.active.gauge": gauge(events.subscriberCount),
            ]),
            "histograms": .object([:]),
            "meters": .object([:]),
            "timers": .object([:]),
        ])
    }
}
