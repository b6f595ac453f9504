// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteProtocol
import Foundation

extension SchedulerCore {
    /// Fits queued instances into offers: one ACCEPT with LAUNCH operations per used offer, a DECLINE for the rest.
    public func handleOffers(_ offers: [Offer]) {
        let now = Timestamp.now()
        var declined: [OfferID] = []
        var accepts: [SchedulerCall] = []
        for offer in offers {
            for attribute in offer.attributes {
                if let text = Self.text(of: attribute) { attributeValues[attribute.name, default: []].insert(text) }
            }
            attributeValues["hostname", default: []].insert(offer.hostname)
            var pool = OfferPool(offer: offer)
            var launches: [TaskInfo] = []
            for id in apps.keys.sorted() {
                guard var state = apps[id], launchNeed(state) > 0 else { continue }
                state.offersProcessed += 1
                if isDelayed(state, now: now) {
                    apps[id] = state
                    continue
                }
                var launchedHere = 0
                while launchNeed(state) > 0 {
                    switch launch(&state, offer: offer, pool: &pool) {
                    case .success(let info):
                        launches.append(info)
                        launchedHere += 1
                        continue
                    case .failure(let reason):
                        if launchedHere == 0 {
                            state.offersUnused += 1
                            state.rejectReasons[reason.rawValue, default: 0] += 1
                        }
                    }
                    break
                }
                apps[id] = state
            }
            if launches.isEmpty {
                declined.append(offer.id)
            } else {
                let operation = Operation(type: .launch, launch: .init(taskInfos: launches))
                accepts.append(
                    SchedulerCall(type: .accept, accept: .init(offerIDs: [offer.id], operations: [operation], filters: Filters(refuseSeconds: 1)))
                )
            }
        }
        // The tasks are stored before the master hears of them, so a restart never forgets a launched task.
        flush()
        for call in accepts { calls?.send(call) }
        if !declined.isEmpty {
            let waiting = apps.values.contains { launchNeed($0) > 0 }
            let seconds = waiting ? 1 : configuration.declineOfferSeconds
            calls?.send(SchedulerCall(type: .decline, decline: .init(offerIDs: declined, filters: Filters(refuseSeconds: seconds))))
        }
        converge()
    }

    /// Why an offer could not take an instance.
    enum LaunchRejection: String, Error {
        case insufficientCpus = "InsufficientCpus"
        case insufficientMemory = "InsufficientMemory"
        case insufficientDisk = "InsufficientDisk"
        case insufficientGpus = "InsufficientGpus"
        case insufficientPorts = "InsufficientPorts"
        case unfulfilledConstraint = "UnfulfilledConstraint"
    }

    static func text(of attribute: Attribute) -> String? {
        switch attribute.type {
        case .text: return attribute.text?.value
        case .scalar: return attribute.scalar.map { JSON.format(number: $0.value) }
        case .ranges: return attribute.ranges.map { $0.range.map { "[\($0.begin)-\($0.end)]" }.joined(separator: ",") }
        case .set: return attribute.set.map { "{\($0.item.joined(separator: ","))}" }
        default: return nil
        }
    }

    static func value(of field: String, offerHostname: String, attributes: [String: String]) -> String? {
        switch field {
        case "hostname", "@hostname": return offerHostname
        default: return attributes[field.hasPrefix("@") ? String(field.dropFirst()) : field]
        }
    }

    /// Fits one instance of the app into the pool and records its task as staging.
    func launch(_ state: inout AppState, offer: Offer, pool: inout OfferPool) -> Result<TaskInfo, LaunchRejection> {
        let app = state.app
        var attributes: [String: String] = [:]
        for attribute in offer.attributes {
            if let text = Self.text(of: attribute) { attributes[attribute.name] = text }
        }
        let placed = activeTasks(state).filter { !$0.killRequested }
        for constraint in app.constraints {
            let candidate = Self.value(of: constraint.field, offerHostname: offer.hostname, attributes: attributes)
            let values = placed.map { Self.value(of: constraint.field, offerHostname: $0.host, attributes: $0.attributes) }
            let field = constraint.field == "@hostname" ? "hostname" : constraint.field
            if !constraint.allows(candidate: candidate, placed: values, known: attributeValues[field] ?? []) {
                return .failure(.unfulfilledConstraint)
            }
        }
        let roles = app.acceptedResourceRoles
        var trial = pool
        guard let cpus = trial.take("cpus", app.cpus, roles: roles) else { return .failure(.insufficientCpus) }
        guard let mem = trial.take("mem", app.mem, roles: roles) else { return .failure(.insufficientMemory) }
        guard let disk = trial.take("disk", app.disk, roles: roles) else { return .failure(.insufficientDisk) }
        guard let gpus = trial.take("gpus", Double(app.gpus), roles: roles) else { return .failure(.insufficientGpus) }
        guard let takenPorts = trial.takePorts(app.hostPortRequests, roles: roles) else {
            return .failure(.insufficientPorts)
        }
        let hostPorts = takenPorts.ports
        let portResources = takenPorts.resources
        pool = trial
        let now = Timestamp.now()
        let taskID = SchedulerTask.makeID(for: app.id)
        var task = SchedulerTask(
            id: taskID,
            appID: app.id,
            agentID: offer.agentID.value,
            host: offer.hostname,
            stagedAt: now,
            version: app.version,
            configVersion: app.lastConfigChangeAt
        )
        task.attributes = attributes
        task.ports = hostPorts
        task.servicePorts = app.servicePorts
        state.tasks[taskID] = task
        dirtyApps.insert(app.id)
        let info = TaskBuilder(
            app: app, task: task, offer: offer, resources: cpus + mem + disk + gpus + portResources, defaultUser: configuration.defaultUser
        )
        .taskInfo()
        events.publish(
            "instance_changed_event",
            [
                "instanceId": .string(taskID), "condition": "Created", "runSpecId": .string(app.id.description),
                "agentId": .string(offer.agentID.value), "host": .string(offer.hostname), "runSpecVersion": .string(app.version.description),
            ]
        )
        return .success(info)
    }
}
