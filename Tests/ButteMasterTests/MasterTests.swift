// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteMaster
import ButteProtocol
import ButteTesting
import Foundation
import Testing

@Suite("Master: offers, launches, updates, agents")
struct MasterTests {
    static func task(_ id: String, agent: AgentID, cpus: Double = 1, mem: Double = 128, executor: ExecutorInfo? = nil) -> TaskInfo {
        TaskInfo(
            name: "task \(id)", taskID: TaskID(id), agentID: agent,
            resources: SimulatedAgent.resources(cpus: cpus, mem: mem, ports: nil).map { resource in
                var withoutRole = resource
                withoutRole.role = nil
                return withoutRole
            },
            executor: executor,
            command: executor == nil ? CommandInfo(value: "echo hello") : nil
        )
    }

    static func launch(_ tasks: [TaskInfo], offers: [OfferID]) -> SchedulerCall {
        SchedulerCall(
            type: .accept,
            accept: SchedulerCall.Accept(offerIDs: offers, operations: [ButteProtocol.Operation(type: .launch, launch: .init(taskInfos: tasks))])
        )
    }

    @Test("a launch goes end to end: OFFERS, ACCEPT, RUN_TASK, UPDATE with agent_id and uuid, ACKNOWLEDGE to the agent")
    func launchEndToEnd() async throws {
        let harness = try await MasterHarness()
        defer { _Concurrency.Task { await harness.stop() } }
        let framework = try await TestFramework.subscribe(harness)
        let agent = try await SimulatedAgent.subscribe(harness, cpus: 4, mem: 4096)
        let offers = try await framework.nextOffers()
        let offer = try #require(offers.first)
        #expect(offer.agentID == agent.agentID)
        #expect(offer.hostname == "agent1")
        #expect(offer.resources.first { $0.name == "cpus" }?.scalar?.value == 4)
        #expect(offer.resources.allSatisfy { $0.allocationInfo == nil && $0.role == "*" })

        // A custom executor without framework_id: the master fills it in.
        let executor = ExecutorInfo(
            executorID: ExecutorID("E1"), command: CommandInfo(value: "python executor.py"),
            resources: SimulatedAgent.resources(cpus: 0.1, mem: 32, ports: nil))
        let accepted = try await framework.post(Self.launch([Self.task("T1", agent: agent.agentID, executor: executor)], offers: [offer.id]))
        #expect(accepted.status == 202)

        let run = try await agent.next()
        #expect(run.type == .runTask)
        #expect(run.runTask?.task.taskID == TaskID("T1"))
        #expect(run.runTask?.task.executor?.frameworkID == framework.frameworkID)
        #expect(run.runTask?.frameworkInfo.id == framework.frameworkID)

        let uuid = try await agent.update(framework: framework.frameworkID, task: TaskID("T1"), state: .running, executor: ExecutorID("E1"))
        let updateJSON = try await Self.nextUpdateJSON(framework)
        let status = try #require((updateJSON["update"] as? [String: Any])?["status"] as? [String: Any])
        #expect(status["state"] as? String == "TASK_RUNNING")
        #expect((status["agent_id"] as? [String: Any])?["value"] as? String == agent.agentID.value)
        #expect(status["uuid"] as? String == uuid.base64EncodedString())

        let ack = try await framework.post(
            SchedulerCall(type: .acknowledge, acknowledge: .init(agentID: agent.agentID, taskID: TaskID("T1"), uuid: uuid)))
        #expect(ack.status == 202)
        let relayed = try await agent.next()
        #expect(relayed.type == .acknowledge)
        #expect(relayed.acknowledge?.uuid == uuid)
        #expect(relayed.acknowledge?.frameworkID == framework.frameworkID)

        let state = try await harness.getJSON("/master/state")
        let frameworks = try #require(state["frameworks"] as? [[String: Any]])
        let tasks = try #require(frameworks.first?["tasks"] as? [[String: Any]])
        #expect(tasks.first?["state"] as? String == "TASK_RUNNING")
        #expect(tasks.first?["slave_id"] as? String == agent.agentID.value)
        let metrics = try await harness.getJSON("/metrics/snapshot")
        #expect(metrics["master/tasks_running"] as? Double == 1)
        #expect(metrics["master/slaves_active"] as? Double == 1)
    }

    /// The raw JSON of the next UPDATE event (skipping heartbeats and offers).
    static func nextUpdateJSON(_ framework: TestFramework) async throws -> [String: Any] {
        while true {
            let json = try await framework.stream.nextJSON()
            if json["type"] as? String == "UPDATE" { return json }
        }
    }

    @Test("invalid launches: duplicate task id and over-commit are TASK_ERROR, a used offer is TASK_LOST")
    func invalidLaunches() async throws {
        let harness = try await MasterHarness()
        defer { _Concurrency.Task { await harness.stop() } }
        let framework = try await TestFramework.subscribe(harness)
        let agent = try await SimulatedAgent.subscribe(harness, cpus: 2, mem: 1024)
        let offer = try #require(try await framework.nextOffers().first)
        let tasks = [
            Self.task("A", agent: agent.agentID),
            Self.task("A", agent: agent.agentID),
            Self.task("B", agent: agent.agentID, cpus: 8),
        ]
        try await framework.post(Self.launch(tasks, offers: [offer.id]))
        let run = try await agent.next()
        #expect(run.runTask?.task.taskID == TaskID("A"))
        var errors: [String: TaskStatus] = [:]
        while errors.count < 2 {
            let event = try await framework.next(skipOffers: true)
            guard let status = event.update?.status else { continue }
            errors[status.taskID.value + (errors[status.taskID.value] == nil ? "" : "2")] = status
        }
        let duplicate = try #require(errors["A"])
        #expect(duplicate.state == .error)
        #expect(duplicate.reason == .taskInvalid)
        #expect(duplicate.source == .master)
        #expect(duplicate.uuid == nil)
        #expect(duplicate.message?.contains("duplicate") == true)
        let overCommit = try #require(errors["B"])
        #expect(overCommit.state == .error)
        #expect(overCommit.message?.contains("more resources") == true)

        try await framework.post(Self.launch([Self.task("C", agent: agent.agentID)], offers: [offer.id]))
        let lost = try await framework.next(skipOffers: true)
        #expect(lost.update?.status.state == .lost)
        #expect(lost.update?.status.reason == .invalidOffers)
    }

    @Test("KILL by task_id alone reaches the agent; an unknown task is answered TASK_LOST")
    func kill() async throws {
        let harness = try await MasterHarness()
        defer { _Concurrency.Task { await harness.stop() } }
        let framework = try await TestFramework.subscribe(harness)
        let agent = try await SimulatedAgent.subscribe(harness)
        let offer = try #require(try await framework.nextOffers().first)
        try await framework.post(Self.launch([Self.task("K", agent: agent.agentID)], offers: [offer.id]))
        _ = try await agent.next()
        let kill = try await harness.post(
            "/api/v1/scheduler",
            json: #"{"type":"KILL","framework_id":{"value":"\#(framework.frameworkID.value)"},"kill":{"task_id":{"value":"K"}}}"#,
            headers: ["Mesos-Stream-Id": framework.streamID])
        #expect(kill.status == 202)
        let event = try await agent.next()
        #expect(event.type == .killTask)
        #expect(event.killTask?.taskID == TaskID("K"))
        try await framework.post(SchedulerCall(type: .kill, kill: .init(taskID: TaskID("nope"))))
        let answer = try await framework.next(skipOffers: true)
        #expect(answer.update?.status.taskID == TaskID("nope"))
        #expect(answer.update?.status.state == .lost)
        #expect(answer.update?.status.uuid == nil)
    }

    @Test("explicit and implicit RECONCILE answer the latest state from the master")
    func reconcile() async throws {
        let harness = try await MasterHarness()
        defer { _Concurrency.Task { await harness.stop() } }
        let framework = try await TestFramework.subscribe(harness)
        let agent = try await SimulatedAgent.subscribe(harness)
        let offer = try #require(try await framework.nextOffers().first)
        try await framework.post(Self.launch([Self.task("R", agent: agent.agentID)], offers: [offer.id]))
        _ = try await agent.next()
        try await agent.update(framework: framework.frameworkID, task: TaskID("R"), state: .running)
        _ = try await framework.next(skipOffers: true)
        try await framework.post(SchedulerCall(type: .reconcile, reconcile: .init(tasks: [.init(taskID: TaskID("R"))])))
        let explicit = try await framework.next(skipOffers: true)
        #expect(explicit.update?.status.state == .running)
        #expect(explicit.update?.status.reason == .reconciliation)
        #expect(explicit.update?.status.message == "Reconciliation: Latest task state")
        #expect(explicit.update?.status.agentID == agent.agentID)
        #expect(explicit.update?.status.uuid == nil)
        try await framework.post(SchedulerCall(type: .reconcile, reconcile: .init()))
        let implicit = try await framework.next(skipOffers: true)
        #expect(implicit.update?.status.taskID == TaskID("R"))
    }

    @Test("DECLINE with refuse_seconds keeps the agent's resources away until the filter expires")
    func declineFilter() async throws {
        let harness = try await MasterHarness()
        defer { _Concurrency.Task { await harness.stop() } }
        let framework = try await TestFramework.subscribe(harness)
        let agent = try await SimulatedAgent.subscribe(harness)
        let offer = try #require(try await framework.nextOffers().first)
        #expect(offer.agentID == agent.agentID)
        try await framework.post(SchedulerCall(type: .decline, decline: .init(offerIDs: [offer.id], filters: Filters(refuseSeconds: 60))))
        harness.clock.advance(by: .seconds(30))
        await harness.master.tick()
        let state = try await harness.getJSON("/master/state")
        let offers = ((state["frameworks"] as? [[String: Any]])?.first?["offers"] as? [Any]) ?? []
        #expect(offers.isEmpty)
        harness.clock.advance(by: .seconds(31))
        await harness.master.tick()
        let again = try await framework.nextOffers()
        #expect(again.count == 1)
        #expect(again.first?.agentID == agent.agentID)
    }

    @Test("an agent silent for ping timeout × max pings is unreachable: TASK_LOST and FAILURE")
    func agentUnreachable() async throws {
        let harness = try await MasterHarness()
        defer { _Concurrency.Task { await harness.stop() } }
        let framework = try await TestFramework.subscribe(harness)
        let agent = try await SimulatedAgent.subscribe(harness)
        let offer = try #require(try await framework.nextOffers().first)
        try await framework.post(Self.launch([Self.task("U", agent: agent.agentID)], offers: [offer.id]))
        _ = try await agent.next()
        harness.clock.advance(by: .seconds(76))
        await harness.master.tick()
        var sawLost = false
        var sawFailure = false
        while !(sawLost && sawFailure) {
            let event = try await framework.next(skipOffers: true)
            if let status = event.update?.status {
                #expect(status.state == .lost)
                #expect(status.reason == .agentRemoved)
                #expect(status.uuid == nil)
                sawLost = true
            }
            if event.type == .failure {
                #expect(event.failure?.agentID == agent.agentID)
                sawFailure = true
            }
        }
        let metrics = try await harness.getJSON("/metrics/snapshot")
        #expect(metrics["master/slaves_unreachable"] as? Double == 1)
        #expect(metrics["master/tasks_lost"] as? Double == 1)
    }

    @Test("a framework disconnected longer than its failover timeout is removed and its agents told to shut it down")
    func failoverTimeout() async throws {
        let harness = try await MasterHarness()
        defer { _Concurrency.Task { await harness.stop() } }
        let framework = try await TestFramework.subscribe(harness, json: TestFramework.subscribeJSON(failoverTimeout: 10))
        let agent = try await SimulatedAgent.subscribe(harness)
        let offer = try #require(try await framework.nextOffers().first)
        try await framework.post(Self.launch([Self.task("F", agent: agent.agentID)], offers: [offer.id]))
        _ = try await agent.next()
        framework.stream.close()
        try await Poll.until("framework disconnected", timeout: .seconds(10)) { () -> Bool? in
            (try await framework.post(SchedulerCall(type: .revive))).status == 403 ? true : nil
        }
        harness.clock.advance(by: .seconds(11))
        await harness.master.tick()
        let shutdown = try await agent.next()
        #expect(shutdown.type == .shutdownFramework)
        #expect(shutdown.shutdownFramework?.frameworkID == framework.frameworkID)
    }

    @Test("a re-registering agent's reported tasks become the master's view after a restart")
    func reregistrationReconciles() async throws {
        let directory = try TemporaryDirectory(prefix: "butte-master-registry")
        defer { directory.remove() }
        let registry = try FileRegistry(workDir: directory.url.path)
        let first = try await MasterHarness(registry: registry)
        let agent = try await SimulatedAgent.subscribe(first, hostname: "agent-r")
        await first.master.flushRegistry()
        agent.stream.close()
        await first.stop()

        let second = try await MasterHarness(registry: try FileRegistry(workDir: directory.url.path))
        defer { _Concurrency.Task { await second.stop() } }
        let recovered = try await second.getJSON("/master/state")
        let recoveredSlaves = try #require(recovered["recovered_slaves"] as? [[String: Any]])
        #expect(recoveredSlaves.count == 1)
        #expect((recoveredSlaves.first?["id"] as? [String: Any])?["value"] as? String == agent.agentID.value)

        let frameworkInfo = FrameworkInfo(user: "bob", name: "old", id: FrameworkID("F-old"), failoverTimeout: 100)
        let running = ButteProtocol.Task(
            name: "t", taskID: TaskID("T-old"), frameworkID: FrameworkID("F-old"), agentID: agent.agentID, state: .running,
            resources: SimulatedAgent.resources(cpus: 1, mem: 64, ports: nil))
        let back = try await SimulatedAgent.subscribe(second, hostname: "agent-r", id: agent.agentID, frameworks: [frameworkInfo], tasks: [running])
        #expect(back.agentID == agent.agentID)
        let state = try await second.getJSON("/master/state")
        #expect((state["recovered_slaves"] as? [Any])?.isEmpty == true)
        let frameworks = try #require(state["frameworks"] as? [[String: Any]])
        let old = try #require(frameworks.first { $0["id"] as? String == "F-old" })
        #expect(old["connected"] as? Bool == false)
        #expect((old["tasks"] as? [[String: Any]])?.first?["state"] as? String == "TASK_RUNNING")

        // The framework comes back with its id and reconciles.
        let framework = try await TestFramework.subscribe(second, json: TestFramework.subscribeJSON(id: "F-old"))
        try await framework.post(SchedulerCall(type: .reconcile, reconcile: .init(tasks: [.init(taskID: TaskID("T-old"))])))
        let answer = try await framework.next(skipOffers: true)
        #expect(answer.update?.status.state == .running)
    }
}
