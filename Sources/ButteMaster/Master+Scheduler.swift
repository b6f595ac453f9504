// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteCore
import ButteHTTP
import ButteProtocol
import Foundation

/// How the HTTP layer answers an accepted scheduler call.
public enum CallOutcome: Sendable, Equatable {
    /// `202 Accepted`, empty body.
    case accepted
    /// `200 OK`, empty body (UPDATE_FRAMEWORK).
    case ok
}

extension Master {
    // MARK: SUBSCRIBE

    /// Subscribes (or re-subscribes) a framework and returns its event stream.
    ///
    /// Refusals found after the call was decoded (a removed framework, roles not allowed, a changed principal)
    /// are answered as Mesos does: a stream holding one ERROR event that then ends.
    /// - Parameters:
    ///   - call: A validated SUBSCRIBE call.
    ///   - principal: The principal authenticated by HTTP Basic auth, if authentication is on.
    public func subscribe(_ call: SchedulerCall, principal: String?) -> EventStream {
        let stream = EventStream()
        guard let subscribe = call.subscribe else {
            stream.send(SchedulerEvent.error("Expecting 'subscribe' to be present"))
            stream.finish()
            return stream
        }
        var info = subscribe.frameworkInfo
        if let refusal = validateFrameworkInfo(info, principal: principal) {
            stream.send(SchedulerEvent.error(refusal))
            stream.finish()
            return stream
        }
        let now = clock.now
        let roles = FrameworkRecord.roles(of: info)
        let suppressed = Set(subscribe.suppressedRoles)
        counters.frameworkSubscriptions += 1

        if let frameworkID = info.id, var record = frameworks[frameworkID] {
            if let principal = record.info.principal, let newPrincipal = info.principal, principal != newPrincipal {
                stream.send(SchedulerEvent.error("Changing framework's principal is not allowed"))
                stream.finish()
                return stream
            }
            // Failover: the old stream learns it was replaced; its offers go back without RESCIND.
            if let old = record.stream {
                old.send(SchedulerEvent.error("Framework failed over"))
                old.finish()
            }
            for offerID in record.offers { discardOffer(offerID, rescind: false) }
            // `user` and `checkpoint` cannot change on re-subscription.
            info.user = record.info.user
            info.checkpoint = record.info.checkpoint
            record.info = info
            record.roles = roles
            record.suppressedRoles = suppressed
            record.stream = stream
            record.disconnectedAt = nil
            record.reregisteredTime = clock.wallTime
            record.lastHeartbeat = now
            frameworks[frameworkID] = record
            do {
                try allocator.updateFramework(frameworkID, roles: roles, suppressedRoles: suppressed, gpuAware: record.gpuAware)
            } catch {
                logger.error("allocator refused framework \(frameworkID.value): \(error)")
            }
            allocator.activateFramework(frameworkID)
            for agentID in record.executors.keys { sendToAgent(agentID, .updateFramework(info)) }
            logger.info("framework \(frameworkID.value) (\(info.name)) re-subscribed")
        } else {
            if let frameworkID = info.id, removedFrameworks.contains(frameworkID) {
                stream.send(SchedulerEvent.error("Framework has been removed"))
                stream.finish()
                return stream
            }
            // A new framework, or one whose id this master does not know (it subscribed to a previous
            // master): it keeps its id.
            let frameworkID = info.id ?? newFrameworkID()
            info.id = frameworkID
            if info.failoverTimeout == nil { info.failoverTimeout = 0 }
            var record = FrameworkRecord(info: info, stream: stream, lastHeartbeat: now, registeredTime: clock.wallTime, roles: roles)
            record.suppressedRoles = suppressed
            frameworks[frameworkID] = record
            do {
                try allocator.addFramework(frameworkID, roles: roles, suppressedRoles: suppressed, gpuAware: record.gpuAware)
            } catch {
                logger.error("allocator refused framework \(frameworkID.value): \(error)")
            }
            logger.info("framework \(frameworkID.value) (\(info.name)) subscribed with roles \(roles.sorted())")
        }
        guard let frameworkID = info.id else { return stream }
        stream.send(
            SchedulerEvent.subscribed(frameworkID: frameworkID, heartbeatIntervalSeconds: configuration.heartbeatSeconds, masterInfo: self.info)
        )
        // pymesos starts its heartbeat watchdog on the first HEARTBEAT, so one goes out at once.
        stream.send(SchedulerEvent.heartbeat)
        allocationRequested = true
        persist()
        return stream
    }

    /// Why a FrameworkInfo cannot subscribe, or nil.
    func validateFrameworkInfo(_ info: FrameworkInfo, principal: String?) -> String? {
        let roles = FrameworkRecord.roles(of: info)
        for role in roles {
            if let problem = Self.roleProblem(role) { return "Role '\(role)' is invalid: \(problem)" }
            if let allowed = configuration.roles, role != ButteCore.Resource.unreservedRole, !allowed.contains(role) {
                return "Role '\(role)' is not present in the master's --roles"
            }
        }
        if info.capabilities.contains(where: { $0.type == .multiRole }), info.role != nil, !info.roles.isEmpty {
            return "'FrameworkInfo.role' must not be set when 'FrameworkInfo.roles' is"
        }
        if let principal, let claimed = info.principal, claimed != principal {
            return "Framework principal '\(claimed)' does not match authenticated principal '\(principal)'"
        }
        return nil
    }

    /// Why a role name is invalid (Mesos' rules), or nil.
    static func roleProblem(_ role: String) -> String? {
        if role.isEmpty { return "it is empty" }
        if role == "." || role == ".." { return "'.' and '..' are not allowed" }
        if role.hasPrefix("-") { return "it must not start with '-'" }
        if role != "*" && role.contains("*") { return "'*' is only allowed as the whole role" }
        if role.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7f || $0 == "\\" }) {
            return "it contains whitespace, a control character or a backslash"
        }
        if role.hasPrefix("/") || role.hasSuffix("/") || role.contains("//") { return "it has an empty path component" }
        return nil
    }

    /// The framework's event stream closed (the client went away, or the master ended it).
    public func schedulerStreamClosed(streamID: String) {
        guard let (frameworkID, found) = frameworks.first(where: { $0.value.stream?.id == streamID }) else { return }
        var record = found
        // End the response body too: after the client went away nothing is written to it, so it would
        // otherwise wait forever and hold up the HTTP server's graceful shutdown.
        record.stream?.finish()
        record.stream = nil
        record.disconnectedAt = clock.now
        frameworks[frameworkID] = record
        allocator.deactivateFramework(frameworkID)
        for offerID in record.offers { discardOffer(offerID, rescind: false) }
        logger.info("framework \(frameworkID.value) disconnected; failover timeout \(record.info.failoverTimeout ?? 0) s")
        if (record.info.failoverTimeout ?? 0) <= 0 { removeFramework(frameworkID, reason: "failover timeout 0 elapsed") }
    }

    // MARK: Other calls

    /// Handles every scheduler call except SUBSCRIBE.
    /// - Parameters:
    ///   - call: A validated call.
    ///   - streamID: The `Mesos-Stream-Id` header of the request.
    /// - Throws: ``HTTPAPIError`` 400 (unknown framework, stream id problems, invalid body), 403 (framework not
    ///   subscribed).
    public func handle(_ call: SchedulerCall, streamID: String?) throws(HTTPAPIError) -> CallOutcome {
        guard let frameworkID = call.frameworkID, let type = call.type else {
            throw HTTPAPIError.badRequest("Expecting 'framework_id' to be present")
        }
        guard var record = frameworks[frameworkID] else {
            if removedFrameworks.contains(frameworkID) { throw HTTPAPIError.forbidden("Framework has been removed") }
            throw HTTPAPIError.badRequest("Framework cannot be found")
        }
        guard let stream = record.stream else {
            throw HTTPAPIError.forbidden("Framework is not subscribed")
        }
        guard let streamID else {
            throw HTTPAPIError.badRequest("All non-subscribe calls should include the 'Mesos-Stream-Id' header")
        }
        guard streamID == stream.id else {
            throw HTTPAPIError.badRequest(
                "The stream ID '\(streamID)' included in this request didn't match the stream ID currently associated with framework ID \(frameworkID.value)"
            )
        }
        counters.schedulerCalls[type.rawValue, default: 0] += 1
        switch type {
        case .teardown:
            removeFramework(frameworkID, reason: "TEARDOWN")
        case .accept:
            if let body = call.accept { try self.accept(body, framework: frameworkID) }
        case .decline:
            if let decline = call.decline {
                for offerID in decline.offerIDs { declineOffer(offerID, framework: frameworkID, filters: decline.filters) }
            }
        case .revive:
            let roles = call.revive?.roles ?? []
            if roles.isEmpty {
                record.suppressedRoles = []
            } else {
                record.suppressedRoles.subtract(roles)
            }
            frameworks[frameworkID] = record
            allocator.revive(frameworkID, roles: roles.isEmpty ? nil : Set(roles))
            allocationRequested = true
        case .suppress:
            let roles = call.suppress?.roles ?? []
            record.suppressedRoles.formUnion(roles.isEmpty ? record.roles : Set(roles))
            frameworks[frameworkID] = record
            allocator.suppress(frameworkID, roles: roles.isEmpty ? nil : Set(roles))
        case .kill:
            if let body = call.kill { killTask(body, framework: frameworkID) }
        case .shutdown:
            if let shutdown = call.shutdown {
                sendToAgent(shutdown.agentID, .shutdownExecutor(frameworkID: frameworkID, executorID: shutdown.executorID))
            }
        case .acknowledge:
            if let acknowledge = call.acknowledge { try self.acknowledge(acknowledge, framework: frameworkID) }
        case .reconcile:
            reconcile(call.reconcile?.tasks ?? [], framework: frameworkID)
        case .message:
            if let message = call.message {
                guard agents[message.agentID]?.active == true else {
                    throw HTTPAPIError.badRequest("Agent \(message.agentID.value) is not connected")
                }
                sendToAgent(
                    message.agentID, .message(frameworkID: frameworkID, executorID: message.executorID, data: message.data)
                )
            }
        case .updateFramework:
            if let update = call.updateFramework { try updateFramework(update, framework: frameworkID) }
            return .ok
        case .request, .acceptInverseOffers, .declineInverseOffers, .acknowledgeOperationStatus, .reconcileOperations:
            // No allocator requests, maintenance windows or offer operations exist in Butte: nothing to act on.
            break
        default:
            throw HTTPAPIError(.notImplemented, "Call type \(type.rawValue) is not supported")
        }
        return .accepted
    }

    func updateFramework(_ update: SchedulerCall.UpdateFramework, framework frameworkID: FrameworkID) throws(HTTPAPIError) {
        guard var record = frameworks[frameworkID] else { return }
        var info = update.frameworkInfo
        guard info.id == frameworkID else {
            throw HTTPAPIError.badRequest("'update_framework.framework_info.id' must equal 'framework_id'")
        }
        if let problem = validateFrameworkInfo(info, principal: nil) { throw HTTPAPIError.badRequest(problem) }
        if let principal = record.info.principal, info.principal != principal {
            throw HTTPAPIError.badRequest("Changing framework's principal is not allowed")
        }
        info.user = record.info.user
        info.checkpoint = record.info.checkpoint
        record.info = info
        record.roles = FrameworkRecord.roles(of: info)
        record.suppressedRoles = Set(update.suppressedRoles)
        frameworks[frameworkID] = record
        do {
            try allocator.updateFramework(frameworkID, roles: record.roles, suppressedRoles: record.suppressedRoles, gpuAware: record.gpuAware)
        } catch {
            throw HTTPAPIError.badRequest(error.message)
        }
        for agentID in record.executors.keys { sendToAgent(agentID, .updateFramework(info)) }
        allocationRequested = true
        persist()
    }

    // MARK: KILL, ACKNOWLEDGE, RECONCILE

    func killTask(_ kill: SchedulerCall.Kill, framework frameworkID: FrameworkID) {
        guard let record = frameworks[frameworkID] else { return }
        guard let entry = record.tasks[kill.taskID], !entry.task.state.isTerminal else {
            // Unknown to the master: answered like explicit reconciliation.
            reconcile([SchedulerCall.Reconcile.Task(taskID: kill.taskID, agentID: kill.agentID)], framework: frameworkID)
            return
        }
        let agentID = entry.task.agentID
        guard agents[agentID]?.active == true else {
            logger.info("KILL of task \(kill.taskID.value): agent \(agentID.value) is not connected; the task is killed when it comes back")
            return
        }
        sendToAgent(agentID, .killTask(frameworkID: frameworkID, taskID: kill.taskID, killPolicy: kill.killPolicy ?? entry.task.killPolicy))
    }

    func acknowledge(_ ack: SchedulerCall.Acknowledge, framework frameworkID: FrameworkID) throws(HTTPAPIError) {
        guard var record = frameworks[frameworkID] else { return }
        counters.acknowledgements += 1
        if var entry = record.tasks[ack.taskID], entry.task.statusUpdateUUID == ack.uuid {
            // The acknowledged update was the last one: a terminal task is done.
            if let state = entry.task.statusUpdateState, state.isTerminal {
                record.tasks[ack.taskID] = nil
                entry.task.statusUpdateUUID = nil
                complete(entry.task, in: &record)
                agents[entry.task.agentID]?.tasks.remove(TaskKey(framework: frameworkID, task: ack.taskID))
            } else {
                entry.task.statusUpdateUUID = nil
                entry.task.statusUpdateState = nil
                record.tasks[ack.taskID] = entry
            }
            frameworks[frameworkID] = record
        }
        sendToAgent(ack.agentID, .acknowledge(frameworkID: frameworkID, taskID: ack.taskID, uuid: ack.uuid))
    }

    /// Moves a terminal task to the completed list of its framework.
    func complete(_ task: ButteProtocol.Task, in record: inout FrameworkRecord) {
        record.completedTasks.append(task)
        let excess = record.completedTasks.count - configuration.maxCompletedTasksPerFramework
        if excess > 0 { record.completedTasks.removeFirst(excess) }
    }

    func reconcile(_ tasks: [SchedulerCall.Reconcile.Task], framework frameworkID: FrameworkID) {
        guard let record = frameworks[frameworkID], let stream = record.stream else { return }
        let now = clock.wallTime
        if tasks.isEmpty {
            // Implicit: the latest state of every task the master knows.
            for entry in record.tasks.values.sorted(by: { $0.task.taskID.value < $1.task.taskID.value }) {
                stream.send(SchedulerEvent.update(reconciliationStatus(entry.task, now: now)))
            }
            return
        }
        for requested in tasks {
            if let entry = record.tasks[requested.taskID] {
                stream.send(SchedulerEvent.update(reconciliationStatus(entry.task, now: now)))
                continue
            }
            if let done = record.completedTasks.last(where: { $0.taskID == requested.taskID }) {
                stream.send(SchedulerEvent.update(reconciliationStatus(done, now: now)))
                continue
            }
            // Unknown task. While agents from the registry are still expected back, their tasks may reappear,
            // so there is no answer yet (as in Mesos).
            if let agentID = requested.agentID, recoveredAgents[agentID] != nil { continue }
            if requested.agentID == nil && !recoveredAgents.isEmpty { continue }
            var state = TaskState.lost
            if record.partitionAware {
                if let agentID = requested.agentID {
                    if unreachableAgents[agentID] != nil {
                        state = .unreachable
                    } else if agents[agentID] != nil {
                        state = .gone
                    } else {
                        state = .unknown
                    }
                } else {
                    state = .unknown
                }
            }
            stream.send(
                SchedulerEvent.update(
                    TaskStatus(
                        taskID: requested.taskID, state: state, message: "Reconciliation: Task is unknown", source: .master,
                        reason: .reconciliation, agentID: requested.agentID, timestamp: now
                    )))
        }
    }

    func reconciliationStatus(_ task: ButteProtocol.Task, now: Double) -> TaskStatus {
        let latest = task.statuses.last
        return TaskStatus(
            taskID: task.taskID, state: task.state, message: "Reconciliation: Latest task state", source: .master,
            reason: .reconciliation, data: latest?.data, agentID: task.agentID, executorID: task.executorID,
            timestamp: now, healthy: latest?.healthy, labels: latest?.labels, containerStatus: latest?.containerStatus
        )
    }

    // MARK: Framework removal

    /// Removes a framework: its tasks and executors are shut down on every agent, its resources freed, its
    /// stream closed, and its id refused from now on.
    func removeFramework(_ frameworkID: FrameworkID, reason: String) {
        guard var record = frameworks.removeValue(forKey: frameworkID) else { return }
        logger.info("removing framework \(frameworkID.value): \(reason)")
        var agentIDs = Set(record.executors.keys)
        for entry in record.tasks.values { agentIDs.insert(entry.task.agentID) }
        for agentID in agentIDs {
            sendToAgent(agentID, .shutdownFramework(frameworkID))
            if var agent = agents[agentID] {
                agent.tasks = agent.tasks.filter { $0.framework != frameworkID }
                agent.executors = agent.executors.filter { $0.framework != frameworkID }
                agents[agentID] = agent
            }
        }
        for offerID in record.offers {
            if let offer = offers.removeValue(forKey: offerID) { agents[offer.offer.agentID]?.offers.remove(offerID) }
        }
        record.offers = []
        let now = clock.wallTime
        for var entry in record.tasks.values.sorted(by: { $0.task.taskID.value < $1.task.taskID.value }) {
            if !entry.task.state.isTerminal {
                entry.task.state = .killed
                entry.task.statuses.append(
                    TaskStatus(taskID: entry.task.taskID, state: .killed, source: .master, reason: .frameworkRemoved, timestamp: now))
                counters.terminalTasks["tasks_killed", default: 0] += 1
            }
            complete(entry.task, in: &record)
        }
        record.tasks = [:]
        record.executors = [:]
        allocator.removeFramework(frameworkID)
        if let stream = record.stream {
            stream.finish()
            record.stream = nil
        }
        removedFrameworks.insert(frameworkID)
        completedFrameworks.append(record)
        let excess = completedFrameworks.count - configuration.maxCompletedFrameworks
        if excess > 0 { completedFrameworks.removeFirst(excess) }
        allocationRequested = true
        persist()
    }
}

extension FrameworkRecord {
    /// Whether it has the GPU_RESOURCES capability.
    var gpuAware: Bool { info.capabilities.contains { $0.type == .gpuResources } }
}
