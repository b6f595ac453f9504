// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteProtocol
import Foundation
import Logging

/// Where the scheduler sends its calls to the master. The driver fills in the framework id and stream id.
public protocol MesosCallSink: Sendable {
    /// Queues a call; calls go out in order.
    func send(_ call: SchedulerCall)
}

/// The state of the scheduler and every decision it takes: apps and their versions, tasks, deployments, the launch
/// queue with backoff, offer matching and health. The REST API, the driver and the health prober all go through it.
public actor SchedulerCore {
    /// What the scheduler knows about one app.
    struct AppState {
        var app: AppDefinition
        /// Versions, oldest first (the last is the current one).
        var versions: [AppDefinition]
        var tasks: [String: SchedulerTask] = [:]
        var delayFailures = 0
        var delayUntil: Timestamp?
        var lastTaskFailure: JSON?
        /// The app was deleted; it goes once its tasks are gone.
        var deleting = false
        var queueSince: Timestamp?
        var offersProcessed = 0
        var offersUnused = 0
        var rejectReasons: [String: Int] = [:]
    }

    let configuration: SchedulerConfiguration
    let store: any SchedulerStore
    let events: EventBus
    let logger: Logger
    var calls: (any MesosCallSink)?

    var apps: [PathID: AppState] = [:]
    var deployments: [Deployment] = []
    var explicitGroups: [PathID: Timestamp] = [:]
    var frameworkID: String?
    var connected = false
    var wantsOffers = true
    var lastVersion = Timestamp(milliseconds: 0)
    var attributeValues: [String: Set<String>] = [:]
    var nextProbe: [String: [Int: Timestamp]] = [:]
    var dirtyApps: Set<PathID> = []
    var deploymentsDirty = false

    /// A core over a store; call ``restore()`` before serving.
    public init(configuration: SchedulerConfiguration, store: any SchedulerStore, events: EventBus, logger: Logger) {
        self.configuration = configuration
        self.store = store
        self.events = events
        self.logger = logger
    }

    /// Connects the core to the driver that talks to the master.
    public func attach(_ sink: any MesosCallSink) {
        calls = sink
    }

    /// The framework id to subscribe with, if one was stored.
    public var storedFrameworkID: String? { frameworkID }

    /// Loads apps, tasks, deployments and groups from the store.
    /// - Throws: when the store cannot be read.
    public func restore() throws {
        let state = try store.load()
        frameworkID = state.frameworkID
        for record in state.apps {
            guard let versionsJSON = record["versions"]?.arrayValue else { continue }
            var versions: [AppDefinition] = []
            for item in versionsJSON {
                do {
                    versions.append(try AppDefinition.restore(item))
                } catch {
                    logger.error("skipping a stored app version that no longer validates: \(error)")
                }
            }
            guard let current = versions.last else { continue }
            var appState = AppState(app: current, versions: versions)
            for taskJSON in record["tasks"]?.arrayValue ?? [] {
                if let task = SchedulerTask.restore(taskJSON) { appState.tasks[task.id] = task }
            }
            appState.lastTaskFailure = record["lastTaskFailure"].flatMap { $0.isNull ? nil : $0 }
            appState.deleting = record["deleting"]?.boolValue ?? false
            appState.delayFailures = Int(record["delayFailures"]?.numberValue ?? 0)
            apps[current.id] = appState
            lastVersion = max(lastVersion, current.version)
        }
        deployments = state.deployments.compactMap(Deployment.restore)
        for (key, value) in state.groups.objectValue ?? [:] {
            if let id = try? PathID(key), let version = value.stringValue.flatMap(Timestamp.parse) { explicitGroups[id] = version }
        }
        logger.info("restored \(apps.count) apps, \(apps.values.reduce(0) { $0 + $1.tasks.count }) tasks, \(deployments.count) deployments")
    }

    // MARK: Versions and persistence

    /// A version later than every earlier one, even within one millisecond.
    func nextVersion() -> Timestamp {
        let now = Timestamp.now()
        lastVersion = now > lastVersion ? now : Timestamp(milliseconds: lastVersion.milliseconds + 1)
        return lastVersion
    }

    func record(of state: AppState) -> JSON {
        .object([
            "versions": .array(state.versions.map { $0.json() }),
            "tasks": .array(state.tasks.values.sorted { $0.id < $1.id }.map { $0.storedJSON() }),
            "lastTaskFailure": state.lastTaskFailure ?? .null,
            "deleting": .bool(state.deleting),
            "delayFailures": .int(state.delayFailures),
        ])
    }

    /// Writes what changed since the last flush.
    func flush() {
        for id in dirtyApps {
            do {
                if let state = apps[id] {
                    try store.saveApp(id, record(of: state))
                } else {
                    try store.deleteApp(id)
                }
            } catch {
                logger.error("cannot store app \(id): \(error)")
            }
        }
        dirtyApps.removeAll()
        if deploymentsDirty {
            do {
                try store.saveDeployments(deployments.map { $0.storedJSON() })
            } catch {
                logger.error("cannot store deployments: \(error)")
            }
            deploymentsDirty = false
        }
    }

    func saveGroups() {
        var object: [String: JSON] = [:]
        for (id, version) in explicitGroups { object[id.description] = .string(version.description) }
        do {
            try store.saveGroups(.object(object))
        } catch {
            logger.error("cannot store groups: \(error)")
        }
    }

    // MARK: Convergence

    /// Tasks that count for an app: not terminal.
    func activeTasks(_ state: AppState) -> [SchedulerTask] {
        state.tasks.values.filter { !$0.isTerminal }
    }

    /// How many tasks the app should launch now (ignoring backoff).
    func launchNeed(_ state: AppState) -> Int {
        guard !state.deleting else { return 0 }
        let app = state.app
        let active = activeTasks(state).filter { !$0.killRequested }
        let current = active.filter { $0.configVersion == app.lastConfigChangeAt }
        let old = active.count - current.count
        let missing = app.instances - current.count
        guard missing > 0 else { return 0 }
        if old == 0 { return missing }
        let overCapacity = Int((Double(app.instances) * app.upgradeStrategy.maximumOverCapacity).rounded(.down))
        let maximum = app.instances + overCapacity
        let allTasks = activeTasks(state).count
        return max(0, min(missing, maximum - allTasks))
    }

    /// Whether the app is backed off now.
    func isDelayed(_ state: AppState, now: Timestamp) -> Bool {
        guard let until = state.delayUntil else { return false }
        return until > now
    }

    /// Kills what must go (excess, old configs as the upgrade strategy allows, removed apps), finishes deployments,
    /// asks for or stops offers, and stores the changes.
    func converge() {
        for id in Array(apps.keys) {
            guard var state = apps[id] else { continue }
            if state.deleting {
                for task in activeTasks(state) where !task.killRequested {
                    kill(&state, task.id)
                }
                if state.tasks.isEmpty {
                    apps[id] = nil
                    dirtyApps.insert(id)
                    events.publish("app_terminated_event", ["appId": .string(id.description)])
                    continue
                }
            } else {
                for taskID in tasksToKill(state) { kill(&state, taskID) }
            }
            apps[id] = state
        }
        finishDeployments()
        let need = apps.values.contains { launchNeed($0) > 0 }
        for id in Array(apps.keys) {
            if launchNeed(apps[id]!) > 0 {
                if apps[id]!.queueSince == nil { apps[id]!.queueSince = Timestamp.now() }
            } else {
                apps[id]!.queueSince = nil
            }
        }
        if need != wantsOffers {
            wantsOffers = need
            if connected {
                calls?.send(need ? SchedulerCall(type: .revive, revive: .init()) : SchedulerCall(type: .suppress, suppress: .init()))
            }
        }
        flush()
    }

    /// Tasks of a (not deleted) app to kill now.
    func tasksToKill(_ state: AppState) -> [String] {
        let app = state.app
        let active = activeTasks(state).filter { !$0.killRequested }
        let current = active.filter { $0.configVersion == app.lastConfigChangeAt }
        let old = active.filter { $0.configVersion != app.lastConfigChangeAt }
        var kills: [String] = []
        if current.count > app.instances {
            kills += ordered(current, app).prefix(current.count - app.instances).map(\.id)
        }
        guard !old.isEmpty else { return kills }
        let currentReady = current.filter { $0.isReady(for: app) }.count
        if currentReady >= app.instances || app.instances == 0 {
            return kills + old.map(\.id)
        }
        // Old tasks that are not up yet cost no capacity: they go first.
        let oldReady = old.filter { $0.isReady(for: app) }
        kills += old.filter { !$0.isReady(for: app) }.map(\.id)
        let minimumHealthy = Int((Double(app.instances) * app.upgradeStrategy.minimumHealthCapacity).rounded(.up))
        var surplus = currentReady + oldReady.count - minimumHealthy
        let launching = launchNeed(state) > 0 || current.contains { !$0.isReady(for: app) }
        if surplus <= 0 && !launching && !oldReady.isEmpty {
            // Neither a launch nor a kill is allowed (minimumHealthCapacity 1 with maximumOverCapacity 0): make room
            // for one new task at a time.
            surplus = 1
        }
        if surplus > 0 {
            kills += ordered(oldReady, app).prefix(surplus).map(\.id)
        }
        return kills
    }

    /// Tasks in the order they are killed: not yet running first, then by the app's kill selection.
    func ordered(_ tasks: [SchedulerTask], _ app: AppDefinition) -> [SchedulerTask] {
        tasks.sorted { left, right in
            if left.isRunning != right.isRunning { return !left.isRunning }
            return app.killSelection == "OLDEST_FIRST" ? left.stagedAt < right.stagedAt : left.stagedAt > right.stagedAt
        }
    }

    /// Asks the master to kill a task and remembers that the kill was wanted.
    func kill(_ state: inout AppState, _ taskID: String) {
        guard var task = state.tasks[taskID] else { return }
        task.killRequested = true
        state.tasks[taskID] = task
        dirtyApps.insert(task.appID)
        calls?.send(SchedulerCall(type: .kill, kill: .init(taskID: TaskID(taskID), agentID: task.agentID.isEmpty ? nil : AgentID(task.agentID))))
    }

    /// Whether an app has reached its target.
    func isSatisfied(_ state: AppState) -> Bool {
        let app = state.app
        let tasks = Array(state.tasks.values)
        return tasks.count == app.instances
            && tasks.allSatisfy { $0.configVersion == app.lastConfigChangeAt && !$0.killRequested && $0.isReady(for: app) }
    }

    /// The 1-based step a deployment is in.
    func currentStep(_ deployment: Deployment) -> Int {
        for (index, step) in deployment.steps.enumerated() {
            let done = step.allSatisfy { action in
                if deployment.target[action.app] == nil { return apps[action.app] == nil }
                guard let state = apps[action.app] else { return false }
                if action.action == "StartApplication" { return true }
                return isSatisfied(state)
            }
            if !done { return index + 1 }
        }
        return deployment.steps.count
    }

    func finishDeployments() {
        var remaining: [Deployment] = []
        for deployment in deployments {
            let done = deployment.affectedApps.allSatisfy { id in
                if deployment.target[id] == nil { return apps[id] == nil }
                guard let state = apps[id], !state.deleting else { return false }
                return isSatisfied(state)
            }
            if done {
                deploymentsDirty = true
                events.publish("deployment_success", ["id": .string(deployment.id), "plan": deploymentPlanJSON(deployment)])
            } else {
                remaining.append(deployment)
            }
        }
        deployments = remaining
    }

    func deploymentPlanJSON(_ deployment: Deployment) -> JSON {
        .object([
            "id": .string(deployment.id),
            "version": .string(deployment.version.description),
            "steps": deployment.json(currentStep: 1)["steps"] ?? .array([]),
        ])
    }

    // MARK: Deploying changes

    /// Applies new definitions (nil: remove the app) and starts a deployment for them.
    /// - Throws: ``APIError`` 409 when an unfinished deployment touches one of the apps and `force` is false.
    @discardableResult
    func deploy(_ changes: [(PathID, AppDefinition?)], force: Bool, restarting: Set<PathID> = []) throws(APIError) -> Deployment {
        let ids = Set(changes.map(\.0))
        let conflicting = deployments.filter { !Set($0.affectedApps).isDisjoint(with: ids) }
        if !conflicting.isEmpty {
            guard force else { throw APIError.locked(conflicting.map(\.id)) }
            deployments.removeAll { deployment in conflicting.contains { $0.id == deployment.id } }
            for deployment in conflicting {
                events.publish("deployment_failed", ["id": .string(deployment.id), "plan": deploymentPlanJSON(deployment)])
            }
        }
        let version = nextVersion()
        var original: [PathID: AppDefinition] = [:]
        var target: [PathID: AppDefinition] = [:]
        for (id, definition) in changes {
            if let state = apps[id], !state.deleting { original[id] = state.app }
            if let definition {
                var app = definition
                app.version = version
                if let old = original[id], !app.differsInConfig(from: old), !restarting.contains(id) {
                    app.lastConfigChangeAt = old.lastConfigChangeAt
                    app.lastScalingAt = app.instances != old.instances ? version : old.lastScalingAt
                } else {
                    app.lastConfigChangeAt = version
                    app.lastScalingAt = version
                }
                allocateServicePorts(&app, previous: original[id])
                target[id] = app
                if var state = apps[id] {
                    state.deleting = false
                    if app.lastConfigChangeAt != state.app.lastConfigChangeAt {
                        state.delayFailures = 0
                        state.delayUntil = nil
                    }
                    state.app = app
                    state.versions.append(app)
                    if state.versions.count > 50 { state.versions.removeFirst(state.versions.count - 50) }
                    apps[id] = state
                } else {
                    apps[id] = AppState(app: app, versions: [app])
                }
            } else if apps[id] != nil {
                apps[id]!.deleting = true
            }
            dirtyApps.insert(id)
        }
        let deployment = Deployment.plan(
            id: UUID().uuidString.lowercased(),
            version: version,
            apps: changes.map(\.0),
            original: original,
            target: target
        )
        deployments.append(deployment)
        deploymentsDirty = true
        if connected, changes.contains(where: { apps[$0.0].map { launchNeed($0) > 0 } ?? false }) {
            // Offers may be filtered after earlier declines; new work wants them now.
            calls?.send(SchedulerCall(type: .revive, revive: .init()))
            wantsOffers = true
        }
        converge()
        return deployment
    }

    /// Gives every service port 0 a port from 10000-20000 that no other app uses, keeping the app's previous ones.
    func allocateServicePorts(_ app: inout AppDefinition, previous: AppDefinition?) {
        var used = Set(apps.values.filter { $0.app.id != app.id }.flatMap { $0.app.servicePorts })
        let previousPorts = previous?.servicePorts ?? []
        func pick(_ index: Int) -> UInt32 {
            if index < previousPorts.count, previousPorts[index] != 0, !used.contains(previousPorts[index]) {
                used.insert(previousPorts[index])
                return previousPorts[index]
            }
            var port: UInt32 = 10000
            while used.contains(port) && port < 20000 { port += 1 }
            used.insert(port)
            return port
        }
        if app.usesHostNetwork {
            for index in app.portDefinitions.indices {
                if app.portDefinitions[index].port == 0 {
                    app.portDefinitions[index].port = pick(index)
                } else {
                    used.insert(app.portDefinitions[index].port)
                }
            }
        } else if var container = app.container {
            for index in container.portMappings.indices {
                if container.portMappings[index].servicePort == 0 {
                    container.portMappings[index].servicePort = pick(index)
                } else {
                    used.insert(container.portMappings[index].servicePort)
                }
            }
            app.container = container
        }
    }
}
