// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import AsyncHTTPClient
import ButteAgent
import ButteProtocol
import ButteTesting
import Foundation
import Testing

/// Command tasks through a real master to the agent, launched as containers (needs root).
@Suite(.tags(.privileged), .enabled(if: TestEnvironment.privilegedTestsEnabled), .serialized)
struct AgentTests {
    /// A framework on the scheduler API, built on the agent's own stream client.
    struct Framework {
        let client: EventStreamClient
        let streamID: String
        let frameworkID: FrameworkID
        var events: AsyncThrowingStream<Data, any Error>.AsyncIterator

        init(url: String) async throws {
            client = EventStreamClient(http: .shared, url: url)
            let info = FrameworkInfo(user: "root", name: "agent-test")
            let subscription = try await client.subscribe(SchedulerCall(type: .subscribe, subscribe: SchedulerCall.Subscribe(frameworkInfo: info)))
            streamID = subscription.streamID
            events = subscription.events.makeAsyncIterator()
            var id: FrameworkID?
            while id == nil {
                guard let data = try await events.next() else { throw AgentError("stream ended") }
                id = try ProtocolJSON.decode(SchedulerEvent.self, from: data).subscribed?.frameworkID
            }
            frameworkID = id!
        }

        mutating func next() async throws -> SchedulerEvent {
            while true {
                guard let data = try await events.next() else { throw AgentError("stream ended") }
                let event = try ProtocolJSON.decode(SchedulerEvent.self, from: data)
                if event.type != .heartbeat { return event }
            }
        }

        /// Launches a task on the first offer.
        mutating func launch(_ build: (AgentID) -> TaskInfo) async throws {
            while true {
                let event = try await next()
                guard let offer = event.offers?.offers.first else { continue }
                let task = build(offer.agentID)
                var call = SchedulerCall(type: .accept, frameworkID: frameworkID)
                call.accept = SchedulerCall.Accept(
                    offerIDs: [offer.id], operations: [Operation(type: .launch, launch: Operation.Launch(taskInfos: [task]))])
                let answer = try await client.post(call, streamID: streamID)
                #expect(answer.status == 202)
                return
            }
        }

        /// Waits for a terminal update of a task, acknowledging every update; returns all states seen.
        mutating func states(until terminal: Set<TaskState> = TaskState.terminal) async throws -> [TaskStatus] {
            var seen: [TaskStatus] = []
            while true {
                let event = try await next()
                guard let status = event.update?.status else { continue }
                seen.append(status)
                if let uuid = status.uuid, let agentID = status.agentID {
                    var ack = SchedulerCall(type: .acknowledge, frameworkID: frameworkID)
                    ack.acknowledge = SchedulerCall.Acknowledge(agentID: agentID, taskID: status.taskID, uuid: uuid)
                    _ = try await client.post(ack, streamID: streamID)
                }
                if terminal.contains(status.state) { return seen }
            }
        }

        func kill(_ taskID: TaskID) async throws {
            var call = SchedulerCall(type: .kill, frameworkID: frameworkID)
            call.kill = SchedulerCall.Kill(taskID: taskID)
            _ = try await client.post(call, streamID: streamID)
        }
    }

    static func task(_ id: String, agent: AgentID, command: String) -> TaskInfo {
        var task = TaskInfo(name: id, taskID: TaskID(value: id), agentID: agent)
        task.resources = [
            ButteProtocol.Resource(name: "cpus", type: .scalar, scalar: Value.Scalar(value: 0.1), role: "*"),
            ButteProtocol.Resource(name: "mem", type: .scalar, scalar: Value.Scalar(value: 32), role: "*"),
        ]
        task.command = CommandInfo(shell: true, value: command)
        return task
    }

    @Test func commandTaskFinishesWithItsOutputInTheSandbox() async throws {
        let harness = try await AgentHarness()
        defer { _Concurrency.Task { await harness.stop() } }
        var framework = try await Framework(url: harness.masterScheduler)
        try await framework.launch { Self.task("hello", agent: $0, command: "echo hello from $MESOS_TASK_ID") }
        let states = try await framework.states()
        #expect(states.map(\.state) == [.starting, .running, .finished])
        let read = try await harness.get("/files/read?path=/frameworks/\(framework.frameworkID.value)/executors/hello/runs/latest/stdout&offset=0")
        let object = try JSONSerialization.jsonObject(with: read.body) as? [String: Any]
        #expect(object?["data"] as? String == "hello from hello\n")
        let state = try JSONSerialization.jsonObject(with: try await harness.get("/state").body) as? [String: Any]
        #expect((state?["frameworks"] as? [[String: Any]])?.count == 1)
    }

    @Test func failingCommandReportsItsStatus() async throws {
        let harness = try await AgentHarness()
        defer { _Concurrency.Task { await harness.stop() } }
        var framework = try await Framework(url: harness.masterScheduler)
        try await framework.launch { Self.task("fails", agent: $0, command: "exit 3") }
        let last = try #require(try await framework.states().last)
        #expect(last.state == .failed)
        #expect(last.message == "Command exited with status 3")
    }

    @Test func killedTaskEndsKilled() async throws {
        let harness = try await AgentHarness()
        defer { _Concurrency.Task { await harness.stop() } }
        var framework = try await Framework(url: harness.masterScheduler)
        try await framework.launch { Self.task("sleeper", agent: $0, command: "sleep 300") }
        let running = try await framework.states(until: [.running])
        #expect(running.last?.state == .running)
        try await framework.kill(TaskID(value: "sleeper"))
        #expect(try await framework.states().last?.state == .killed)
    }
}
