// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteCore
import ButteHTTP
import ButteProtocol

extension Master {
    // MARK: Sending

    /// Queues an event on a framework's stream, if it is connected.
    func sendToFramework(_ frameworkID: FrameworkID, _ event: SchedulerEvent) {
        guard let record = frameworks[frameworkID], let stream = record.stream else { return }
        stream.send(event)
    }

    /// Queues an event on an agent's stream, if it is connected.
    func sendToAgent(_ agentID: AgentID, _ event: AgentEvent) {
        guard let stream = agents[agentID]?.stream else { return }
        stream.send(event)
    }

    // MARK: SUBSCRIBE

    /// Admits (or re-admits) an agent and returns its event stream.
    ///
    /// A new agent gets an id. A known agent re-registers: its previous stream ends with ERROR, and the tasks
    /// and executors it reports replace the master's view of it.
    public func agentSubscribe(_ call: AgentCall) -> EventStream {
        let stream = EventStream()
        guard let subscribe = call.subscribe else {
            stream.send(AgentEvent.error("Expecting 'subscribe' to be present"))
            stream.finish()
            return stream
        }
        var info = subscribe.agentInfo
        let total: Resources
        do {
            total = try ResourceConversion.resources(info.resources, field: "subscribe.agent_info.resources")
        } catch {
            stream.send(AgentEvent.error(error.message))
            stream.finish()
            return stream
        }
        if info.port == nil { info.port = 5051 }
        let now = clock.now
        counters.agentRegistrations += 1
        let agentID = info.id ?? newAgentID()
        info.id = agentID
        var record = AgentRecord(
            info: info, total: total, stream: stream, lastSeen: now, lastHeartbeat: now,
            registeredTime: clock.wallTime, version: subscribe.version
        )
        if var previous = agents[agentID] {
            if let old = previous.stream {
                old.send(AgentEvent.error("Agent re-subscribed on another stream"))
                old.finish()
            }
            for offerID in previous.offers { discardOffer(offerID, rescind: true) }
            previous.offers = []
            record.registeredTime = previous.registeredTime
            record.reregisteredTime = clock.wallTime
            record.tasks = previous.tasks
            record.executors = previous.executors
            agents[agentID] = record
            do {
                try allocator.updateAgent(agentID, total: total)
            } catch {
                logger.error("allocator refused agent \(agentID.value): \(error)")
            }
            allocator.activateAgent(agentID)
            logger.info("agent \(agentID.value) (\(info.hostname)) re-subscribed")
        } else {
            if recoveredAgents.removeValue(forKey: agentID) != nil || unreachableAgents.removeValue(forKey: agentID) != nil {
                record.reregisteredTime = clock.wallTime
            }
            agents[agentID] = record
            do {
                try allocator.addAgent(agentID, total: total)
            } catch {
                logger.error("allocator refused agent \(agentID.value): \(error)")
            }
            logger.info("agent \(agentID.value) (\(info.hostname)) admitted with \(total)")
        }
        reconcileAgent(agentID, reported: subscribe)
        stream.send(AgentEvent.subscribed(agentID: agentID, heartbeatIntervalSeconds: configuration.heartbeatSeconds, masterInfo: self.info))
        stream.send(AgentEvent.heartbeat)
        allocationRequested = true
        persist()
        return stream
    }

    /// Makes the master's view of an agent's tasks and executors match what the agent reported.
    func reconcileAgent(_ agentID: AgentID, reported: AgentCall.Subscribe) {
        let wallTime = clock.wallTime
        let reportedFrameworks = Dictionary(
            reported.frameworks.compactMap { info in info.id.map { ($0, info) } }, uniquingKeysWith: { first, _ in first }
        )
        var shutDown: Set<FrameworkID> = []
        // Frameworks the agent knows but the master does not: known again, disconnected, with their failover
        // timeout running (the master restarted or failed over).
        func record(for frameworkID: FrameworkID) -> FrameworkRecord? {
            if removedFrameworks.contains(frameworkID) {
                shutDown.insert(frameworkID)
                return nil
            }
            if let existing = frameworks[frameworkID] { return existing }
            guard let info = reportedFrameworks[frameworkID] else { return nil }
            var created = FrameworkRecord(info: info, lastHeartbeat: clock.now, registeredTime: wallTime, roles: FrameworkRecord.roles(of: info))
            created.disconnectedAt = clock.now
            frameworks[frameworkID] = created
            try? allocator.addFramework(frameworkID, roles: created.roles, active: false)
            persist()
            return created
        }

        for executor in reported.executors {
            guard let frameworkID = executor.frameworkID, var framework = record(for: frameworkID) else { continue }
            if framework.executors[agentID]?[executor.executorID] == nil {
                let resources = (try? ResourceConversion.resources(executor.resources, field: "executor")) ?? Resources()
                let role = framework.primaryRole
                _ = try? allocator.recordAllocation(resources, agent: agentID, framework: frameworkID, role: role)
                addExecutor(executor, role: role, resources: resources, agent: agentID, to: &framework)
                frameworks[frameworkID] = framework
            }
        }

        var reportedKeys: Set<TaskKey> = []
        for task in reported.tasks {
            let key = TaskKey(framework: task.frameworkID, task: task.taskID)
            reportedKeys.insert(key)
            guard var framework = record(for: task.frameworkID) else { continue }
            if var entry = framework.tasks[task.taskID] {
                // Known: take the agent's state, which is newer than anything the master saw.
                if entry.task.state != task.state {
                    entry.task.state = task.state
                    if task.state.isTerminal && entry.holdsResources {
                        allocator.recoverResources(entry.resources, agent: agentID, framework: task.frameworkID, role: entry.role)
                        entry.holdsResources = false
                    }
                }
                entry.task.statusUpdateState = task.statusUpdateState
                entry.task.statusUpdateUUID = task.statusUpdateUUID
                framework.tasks[task.taskID] = entry
            } else if framework.completedTasks.contains(where: { $0.taskID == task.taskID }) {
                // The master already reported this task terminal (its agent was unreachable): it must not run.
                sendToAgent(agentID, .killTask(frameworkID: task.frameworkID, taskID: task.taskID, killPolicy: nil))
                continue
            } else {
                let resources = (try? ResourceConversion.resources(task.resources, field: "task")) ?? Resources()
                let role = framework.primaryRole
                var holds = false
                if !task.state.isTerminal {
                    _ = try? allocator.recordAllocation(resources, agent: agentID, framework: task.frameworkID, role: role)
                    holds = true
                }
                var stored = task
                stored.agentID = agentID
                framework.tasks[task.taskID] = TaskEntry(task: stored, role: role, resources: resources, holdsResources: holds)
            }
            frameworks[task.frameworkID] = framework
            agents[agentID]?.tasks.insert(key)
        }

        // Tasks the master placed on this agent that the agent does not have (never arrived, or lost with the
        // agent's state): gone.
        for key in agents[agentID]?.tasks ?? [] where !reportedKeys.contains(key) {
            guard var framework = frameworks[key.framework], var entry = framework.tasks[key.task] else { continue }
            if entry.task.state.isTerminal { continue }
            let state: TaskState = framework.partitionAware ? .gone : .lost
            let status = TaskStatus(
                taskID: key.task, state: state, message: "Task is not known to the agent after it re-registered", source: .master,
                reason: .agentReregistered, agentID: agentID, executorID: entry.task.executorID, timestamp: wallTime
            )
            entry.task.state = state
            entry.task.statuses.append(status)
            if entry.holdsResources {
                allocator.recoverResources(entry.resources, agent: agentID, framework: key.framework, role: entry.role)
            }
            framework.tasks[key.task] = nil
            complete(entry.task, in: &framework)
            frameworks[key.framework] = framework
            agents[agentID]?.tasks.remove(key)
            counters.terminalTasks[Self.metricName(state), default: 0] += 1
            sendToFramework(key.framework, SchedulerEvent.update(status))
        }
        for frameworkID in shutDown { sendToAgent(agentID, .shutdownFramework(frameworkID)) }
    }

    /// The agent's event stream closed.
    public func agentStreamClosed(streamID: String) {
        guard let (agentID, found) = agents.first(where: { $0.value.stream?.id == streamID }) else { return }
        var record = found
        // End the response body as well, so it does not outlive the connection (see schedulerStreamClosed).
        record.stream?.finish()
        record.stream = nil
        agents[agentID] = record
        allocator.deactivateAgent(agentID)
        for offerID in record.offers { discardOffer(offerID, rescind: true) }
        logger.info("agent \(agentID.value) disconnected")
    }

    // MARK: Other calls

    /// Handles every agent call except SUBSCRIBE.
    /// - Throws: ``HTTPAPIError`` 400 without a stream id, 403 for an unknown agent or a stale stream.
    public func agentCall(_ call: AgentCall, streamID: String?) throws(HTTPAPIError) {
        guard let agentID = call.agentID, let type = call.type else { throw HTTPAPIError.badRequest("Expecting 'agent_id' to be present") }
        guard let streamID else { throw HTTPAPIError.badRequest("All non-subscribe calls should include the 'Mesos-Stream-Id' header") }
        guard var agent = agents[agentID] else { throw HTTPAPIError.forbidden("Agent \(agentID.value) is not registered") }
        guard let stream = agent.stream, stream.id == streamID else {
            throw HTTPAPIError.forbidden("The stream ID '\(streamID)' is not the current stream of agent \(agentID.value)")
        }
        counters.agentCalls += 1
        agent.lastSeen = clock.now
        agents[agentID] = agent
        switch type {
        case .heartbeat:
            break
        case .update:
            if let update = call.update { statusUpdate(update, agent: agentID) }
        case .exitedExecutor:
            if let exited = call.exitedExecutor { executorExited(exited, agent: agentID) }
        case .message:
            if let message = call.message {
                sendToFramework(message.frameworkID, SchedulerEvent.message(agentID: agentID, executorID: message.executorID, data: message.data))
            }
        default:
            throw HTTPAPIError(.notImplemented, "Call type \(type.rawValue) is not supported")
        }
    }

    func statusUpdate(_ update: AgentCall.Update, agent agentID: AgentID) {
        counters.statusUpdates += 1
        let frameworkID = update.frameworkID
        guard var framework = frameworks[frameworkID] else {
            // The framework is gone: the agent must stop its tasks and drop the updates.
            sendToAgent(agentID, .shutdownFramework(frameworkID))
            return
        }
        var status = update.status
        if status.agentID == nil { status.agentID = agentID }
        if status.timestamp == nil { status.timestamp = clock.wallTime }
        let latest = update.latestState ?? status.state
        if var entry = framework.tasks[status.taskID] {
            let wasTerminal = entry.task.state.isTerminal
            entry.task.state = latest
            entry.task.statuses.append(status)
            if entry.task.statuses.count > 10 { entry.task.statuses.removeFirst(entry.task.statuses.count - 10) }
            entry.task.statusUpdateState = status.state
            entry.task.statusUpdateUUID = status.uuid
            if latest.isTerminal && !wasTerminal {
                counters.terminalTasks[Self.metricName(latest), default: 0] += 1
            }
            if latest.isTerminal && entry.holdsResources {
                allocator.recoverResources(entry.resources, agent: agentID, framework: frameworkID, role: entry.role)
                entry.holdsResources = false
                allocationRequested = true
            }
            framework.tasks[status.taskID] = entry
            frameworks[frameworkID] = framework
        }
        // Forwarded whether or not the master knew the task, so the agent's retries end with an ACKNOWLEDGE.
        sendToFramework(frameworkID, SchedulerEvent.update(status))
    }

    func executorExited(_ exited: AgentCall.ExitedExecutor, agent agentID: AgentID) {
        let frameworkID = exited.frameworkID
        agents[agentID]?.executors.remove(ExecutorKey(framework: frameworkID, executor: exited.executorID))
        guard var framework = frameworks[frameworkID] else { return }
        if let entry = framework.executors[agentID]?.removeValue(forKey: exited.executorID) {
            allocator.recoverResources(entry.resources, agent: agentID, framework: frameworkID, role: entry.role)
            allocationRequested = true
            if framework.executors[agentID]?.isEmpty == true { framework.executors[agentID] = nil }
            frameworks[frameworkID] = framework
            // Agents report only custom executors this way; the command executor's end shows in its task.
            sendToFramework(frameworkID, SchedulerEvent.failure(agentID: agentID, executorID: exited.executorID, status: exited.status ?? -1))
        }
    }

    // MARK: Loss

    /// Marks an agent unreachable: its offers are rescinded, its tasks reported TASK_UNREACHABLE (partition-aware
    /// frameworks) or TASK_LOST, and every connected framework gets FAILURE.
    func markUnreachable(_ agentID: AgentID) {
        guard let record = agents.removeValue(forKey: agentID) else { return }
        logger.warning(
            "agent \(agentID.value) (\(record.info.hostname)) is unreachable: no call for \(configuration.agentPingTimeout * configuration.maxAgentPingTimeouts)"
        )
        counters.agentsUnreachable += 1
        for offerID in record.offers {
            guard let offer = offers.removeValue(forKey: offerID) else { continue }
            frameworks[offer.offer.frameworkID]?.offers.remove(offerID)
            counters.offersRescinded += 1
            sendToFramework(offer.offer.frameworkID, SchedulerEvent.rescind(offerID))
        }
        if let stream = record.stream {
            stream.send(AgentEvent.error("Agent is unreachable: it missed too many heartbeats"))
            stream.finish()
        }
        let wallTime = clock.wallTime
        for key in record.tasks.sorted(by: { $0.task.value < $1.task.value }) {
            guard var framework = frameworks[key.framework], var entry = framework.tasks[key.task], !entry.task.state.isTerminal else { continue }
            let state: TaskState = framework.partitionAware ? .unreachable : .lost
            let status = TaskStatus(
                taskID: key.task, state: state, message: "Agent \(agentID.value) is unreachable", source: .master,
                reason: .agentRemoved, agentID: agentID, executorID: entry.task.executorID, timestamp: wallTime,
                unreachableTime: state == .unreachable ? TimeInfo(nanoseconds: Int64(wallTime * 1e9)) : nil
            )
            entry.task.state = state
            entry.task.statuses.append(status)
            entry.holdsResources = false
            if state.isTerminal {
                framework.tasks[key.task] = nil
                complete(entry.task, in: &framework)
                counters.terminalTasks[Self.metricName(state), default: 0] += 1
            } else {
                framework.tasks[key.task] = entry
            }
            frameworks[key.framework] = framework
            sendToFramework(key.framework, SchedulerEvent.update(status))
        }
        for key in record.executors {
            frameworks[key.framework]?.executors[agentID] = nil
        }
        for frameworkID in frameworks.keys.sorted(by: { $0.value < $1.value }) {
            sendToFramework(frameworkID, SchedulerEvent.failure(agentID: agentID))
        }
        allocator.removeAgent(agentID)
        unreachableAgents[agentID] = (record.info, wallTime)
        persist()
    }

    /// The Mesos metric name of a terminal state, e.g. `tasks_finished`.
    static func metricName(_ state: TaskState) -> String {
        "tasks_" + state.rawValue.dropFirst("TASK_".count).lowercased()
    }
}
