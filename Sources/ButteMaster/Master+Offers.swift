// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteCore
import ButteHTTP
import ButteProtocol

extension Master {
    // MARK: Allocation

    /// Runs one allocation cycle and sends the resulting offers.
    func allocate() {
        let now = clock.now
        lastAllocation = now
        allocationRequested = false
        let proposals = allocator.allocate(now: now)
        var batches: [FrameworkID: [Offer]] = [:]
        for proposal in proposals {
            guard var framework = frameworks[proposal.framework], framework.connected,
                var agent = agents[proposal.agent], agent.active
            else {
                allocator.recoverResources(proposal.resources, agent: proposal.agent, framework: proposal.framework, role: proposal.role)
                continue
            }
            let offerID = newOfferID()
            let executorIDs = framework.executors[proposal.agent].map { $0.keys.sorted { $0.value < $1.value } } ?? []
            let offer = Offer(
                id: offerID,
                frameworkID: proposal.framework,
                agentID: proposal.agent,
                hostname: agent.info.hostname,
                url: MesosURL(scheme: "http", address: Address(hostname: agent.info.hostname, ip: nil, port: agent.port), path: "/slave(1)"),
                domain: agent.info.domain,
                resources: ResourceConversion.messages(proposal.resources),
                attributes: agent.info.attributes,
                executorIDs: executorIDs
            )
            offers[offerID] = OfferRecord(
                offer: offer, role: proposal.role, resources: proposal.resources,
                expires: configuration.offerTimeout.map { now + $0 }
            )
            framework.offers.insert(offerID)
            agent.offers.insert(offerID)
            frameworks[proposal.framework] = framework
            agents[proposal.agent] = agent
            batches[proposal.framework, default: []].append(offer)
        }
        for (frameworkID, batch) in batches {
            counters.offersSent += batch.count
            sendToFramework(frameworkID, SchedulerEvent.offers(batch))
        }
    }

    /// Takes an offer out of circulation and gives its resources back to the allocator (no filter).
    /// - Parameter rescind: Whether the framework is told with RESCIND.
    func discardOffer(_ offerID: OfferID, rescind: Bool) {
        guard let record = offers.removeValue(forKey: offerID) else { return }
        frameworks[record.offer.frameworkID]?.offers.remove(offerID)
        agents[record.offer.agentID]?.offers.remove(offerID)
        allocator.recoverResources(record.resources, agent: record.offer.agentID, framework: record.offer.frameworkID, role: record.role)
        if rescind {
            counters.offersRescinded += 1
            sendToFramework(record.offer.frameworkID, SchedulerEvent.rescind(offerID))
        }
        allocationRequested = true
    }

    func declineOffer(_ offerID: OfferID, framework frameworkID: FrameworkID, filters: Filters?) {
        guard let record = offers[offerID], record.offer.frameworkID == frameworkID else { return }
        offers[offerID] = nil
        frameworks[frameworkID]?.offers.remove(offerID)
        agents[record.offer.agentID]?.offers.remove(offerID)
        counters.offersDeclined += 1
        allocator.decline(
            record.resources, agent: record.offer.agentID, framework: frameworkID, role: record.role,
            refuseSeconds: filters?.refuseSeconds, now: clock.now
        )
    }

    // MARK: ACCEPT

    /// ACCEPT: validates the offers, then each operation; launches valid tasks and declines what is left.
    func accept(_ accept: SchedulerCall.Accept, framework frameworkID: FrameworkID) throws(HTTPAPIError) {
        for operation in accept.operations where operation.type != .launch && operation.type != .launchGroup {
            throw HTTPAPIError.badRequest(
                "Operation \(operation.type.rawValue) is not supported by this master; only LAUNCH and LAUNCH_GROUP are"
            )
        }
        guard let framework = frameworks[frameworkID] else { return }
        // Offers: all known, all this framework's, all on one connected agent.
        var problem: String?
        var valid: [OfferRecord] = []
        for offerID in accept.offerIDs {
            guard let record = offers[offerID] else {
                problem = problem ?? "Offer \(offerID.value) is no longer valid"
                continue
            }
            if record.offer.frameworkID != frameworkID {
                problem = problem ?? "Offer \(offerID.value) belongs to another framework"
                continue
            }
            valid.append(record)
        }
        if accept.offerIDs.isEmpty { problem = "No offers specified" }
        if Set(accept.offerIDs).count != accept.offerIDs.count { problem = problem ?? "Duplicate offers in ACCEPT" }
        let agentIDs = Set(valid.map(\.offer.agentID))
        if agentIDs.count > 1 { problem = problem ?? "Offers span more than one agent" }
        for record in valid {
            offers[record.offer.id] = nil
            frameworks[frameworkID]?.offers.remove(record.offer.id)
            agents[record.offer.agentID]?.offers.remove(record.offer.id)
        }
        if problem == nil, let agentID = agentIDs.first, agents[agentID]?.active != true {
            problem = "Agent \(agentID.value) is not connected"
        }
        if let problem {
            for record in valid {
                allocator.recoverResources(record.resources, agent: record.offer.agentID, framework: frameworkID, role: record.role)
            }
            let state: TaskState = framework.partitionAware ? .dropped : .lost
            for task in accept.operations.flatMap(Self.tasks(of:)) {
                counters.invalidLaunches += 1
                sendToFramework(
                    frameworkID,
                    SchedulerEvent.update(
                        TaskStatus(
                            taskID: task.taskID, state: state, message: "Task launched with invalid offers: \(problem)",
                            source: .master, reason: .invalidOffers, agentID: task.agentID, timestamp: clock.wallTime
                        )))
            }
            allocationRequested = true
            return
        }
        guard let agentID = agentIDs.first, let role = valid.first?.role else { return }
        var available = Resources()
        for record in valid { available += record.resources }
        for operation in accept.operations {
            if operation.type == .launch {
                for task in operation.launch?.taskInfos ?? [] {
                    launch(task, framework: frameworkID, agent: agentID, role: role, available: &available)
                }
            } else if let group = operation.launchGroup {
                launchGroup(group, framework: frameworkID, agent: agentID, role: role, available: &available)
            }
        }
        if !available.isEmpty {
            allocator.decline(
                available, agent: agentID, framework: frameworkID, role: role, refuseSeconds: accept.filters?.refuseSeconds, now: clock.now)
        }
        allocationRequested = true
    }

    static func tasks(of operation: ButteProtocol.Operation) -> [TaskInfo] {
        if operation.type == .launch { return operation.launch?.taskInfos ?? [] }
        if operation.type == .launchGroup { return operation.launchGroup?.taskGroup.tasks ?? [] }
        return []
    }

    /// Sends TASK_ERROR / REASON_TASK_INVALID for a task the master refused.
    func refuseTask(
        _ task: TaskInfo, framework frameworkID: FrameworkID, agent agentID: AgentID, reason: TaskStatus.Reason = .taskInvalid, message: String
    ) {
        counters.invalidLaunches += 1
        counters.terminalTasks["tasks_error", default: 0] += 1
        sendToFramework(
            frameworkID,
            SchedulerEvent.update(
                TaskStatus(
                    taskID: task.taskID, state: .error, message: message, source: .master, reason: reason,
                    agentID: agentID, executorID: task.executor?.executorID, timestamp: clock.wallTime
                )))
    }

    /// Checks one task against the framework and the remaining offered resources; returns its resources and
    /// those of a new executor it brings, or the reason it is invalid.
    func validate(
        _ task: inout TaskInfo, framework record: FrameworkRecord, agent agentID: AgentID, available: Resources, launching: Set<TaskID>
    ) -> Result<(task: Resources, executor: ExecutorInfo?, executorResources: Resources), LaunchError> {
        if task.taskID.value.isEmpty { return .failure(LaunchError("Task ID must not be empty")) }
        if task.taskID.value.contains("/") || task.taskID.value.contains("\0") {
            return .failure(LaunchError("Task ID '\(task.taskID.value)' contains a '/' or a NUL character"))
        }
        if record.tasks[task.taskID] != nil || launching.contains(task.taskID) {
            return .failure(LaunchError("Task has duplicate ID: \(task.taskID.value)"))
        }
        if task.agentID != agentID {
            return .failure(LaunchError("Agent \(task.agentID.value) is invalid: the offers are for agent \(agentID.value)"))
        }
        if (task.executor == nil) == (task.command == nil) {
            return .failure(LaunchError("Task should have at least one (but not both) of CommandInfo or ExecutorInfo present"))
        }
        if task.resources.isEmpty { return .failure(LaunchError("Task uses no resources")) }
        let taskResources: Resources
        do {
            taskResources = try ResourceConversion.resources(task.resources, field: "task \(task.taskID.value) resources")
        } catch {
            return .failure(LaunchError(error.message))
        }
        var needed = taskResources
        var newExecutor: ExecutorInfo?
        var executorResources = Resources()
        if var executor = task.executor {
            if let given = executor.frameworkID, given != record.id {
                return .failure(LaunchError("ExecutorInfo has an invalid FrameworkID (expected \(record.id.value), got \(given.value))"))
            }
            executor.frameworkID = record.id
            task.executor = executor
            if let existing = record.executors[agentID]?[executor.executorID] {
                if existing.info != executor {
                    return .failure(LaunchError("ExecutorInfo is not compatible with the running executor \(executor.executorID.value)"))
                }
            } else {
                do {
                    executorResources = try ResourceConversion.resources(executor.resources, field: "executor \(executor.executorID.value) resources")
                } catch {
                    return .failure(LaunchError(error.message))
                }
                needed += executorResources
                newExecutor = executor
            }
        }
        if !available.contains(needed) {
            return .failure(LaunchError("Task uses more resources \(needed) than available \(available)"))
        }
        return .success((taskResources, newExecutor, executorResources))
    }

    func launch(_ original: TaskInfo, framework frameworkID: FrameworkID, agent agentID: AgentID, role: String, available: inout Resources) {
        guard var record = frameworks[frameworkID] else { return }
        var task = original
        switch validate(&task, framework: record, agent: agentID, available: available, launching: []) {
        case .failure(let error):
            refuseTask(original, framework: frameworkID, agent: agentID, message: error.message)
        case .success(let resources):
            available -= resources.task
            if let executor = resources.executor {
                available -= resources.executorResources
                addExecutor(executor, role: role, resources: resources.executorResources, agent: agentID, to: &record)
            }
            addTask(task, role: role, resources: resources.task, agent: agentID, to: &record)
            frameworks[frameworkID] = record
            sendToAgent(agentID, .runTask(frameworkInfo: record.info, task: task))
        }
    }

    func launchGroup(
        _ group: ButteProtocol.Operation.LaunchGroup, framework frameworkID: FrameworkID, agent agentID: AgentID, role: String,
        available: inout Resources
    ) {
        guard var record = frameworks[frameworkID] else { return }
        var executor = group.executor
        if executor.type == nil { executor.type = .defaultExecutor }
        var problem: String?
        if executor.type != .defaultExecutor { problem = "LAUNCH_GROUP needs an executor of type DEFAULT" }
        if group.taskGroup.tasks.isEmpty { problem = problem ?? "Task group is empty" }
        var validated: [(TaskInfo, Resources)] = []
        var remaining = available
        var launching: Set<TaskID> = []
        var executorResources = Resources()
        var newExecutor: ExecutorInfo?
        if problem == nil {
            for original in group.taskGroup.tasks {
                if original.executor != nil {
                    problem = "Task \(original.taskID.value) in a task group must not have an ExecutorInfo"
                    break
                }
                if original.container?.type == .docker {
                    problem = "Task \(original.taskID.value): DOCKER containers are not allowed in a task group"
                    break
                }
                // Validate as a task of the group's executor; only the first task pays for a new executor.
                var task = original
                task.executor = executor
                let alreadyCounted = newExecutor != nil
                switch validate(&task, framework: record, agent: agentID, available: remaining, launching: launching) {
                case .failure(let error):
                    problem = "Task \(original.taskID.value): \(error.message)"
                case .success(let resources):
                    remaining -= resources.task
                    if let new = resources.executor, !alreadyCounted {
                        remaining -= resources.executorResources
                        executorResources = resources.executorResources
                        newExecutor = new
                    }
                    executor = task.executor ?? executor
                    var stored = original
                    stored.executor = nil
                    validated.append((stored, resources.task))
                    launching.insert(original.taskID)
                }
                if problem != nil { break }
            }
        }
        if let problem {
            for task in group.taskGroup.tasks {
                refuseTask(task, framework: frameworkID, agent: agentID, reason: .taskGroupInvalid, message: problem)
            }
            return
        }
        available = remaining
        if let newExecutor { addExecutor(newExecutor, role: role, resources: executorResources, agent: agentID, to: &record) }
        var groupTasks: [TaskInfo] = []
        for (task, resources) in validated {
            var withExecutor = task
            withExecutor.executor = executor
            addTask(withExecutor, role: role, resources: resources, agent: agentID, to: &record)
            groupTasks.append(task)
        }
        frameworks[frameworkID] = record
        sendToAgent(agentID, .runTaskGroup(frameworkInfo: record.info, executor: executor, taskGroup: TaskGroupInfo(tasks: groupTasks)))
    }

    func addExecutor(_ executor: ExecutorInfo, role: String, resources: Resources, agent agentID: AgentID, to record: inout FrameworkRecord) {
        record.executors[agentID, default: [:]][executor.executorID] = ExecutorEntry(info: executor, role: role, resources: resources)
        agents[agentID]?.executors.insert(ExecutorKey(framework: record.id, executor: executor.executorID))
    }

    func addTask(_ task: TaskInfo, role: String, resources: Resources, agent agentID: AgentID, to record: inout FrameworkRecord) {
        let entry = TaskEntry(
            task: ButteProtocol.Task(
                name: task.name, taskID: task.taskID, frameworkID: record.id, executorID: task.executor?.executorID,
                agentID: agentID, state: .staging, resources: task.resources, labels: task.labels, discovery: task.discovery,
                container: task.container, healthCheck: task.healthCheck, killPolicy: task.killPolicy,
                user: task.command?.user ?? task.executor?.command?.user ?? record.info.user, limits: task.limits
            ),
            role: role, resources: resources, holdsResources: true
        )
        record.tasks[task.taskID] = entry
        agents[agentID]?.tasks.insert(TaskKey(framework: record.id, task: task.taskID))
    }
}

/// Why a task cannot be launched.
struct LaunchError: Error {
    var message: String
    init(_ message: String) { self.message = message }
}
