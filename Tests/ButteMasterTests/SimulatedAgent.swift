// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteProtocol
import ButteTesting
import Foundation

/// An in-process agent speaking the agent API over HTTP: it subscribes, then reads events and posts calls.
final class SimulatedAgent: @unchecked Sendable {
    struct Failure: Error, CustomStringConvertible { var description: String }

    let harness: MasterHarness
    let stream: StreamClient
    let agentID: AgentID
    let streamID: String

    private init(harness: MasterHarness, stream: StreamClient, agentID: AgentID, streamID: String) {
        self.harness = harness
        self.stream = stream
        self.agentID = agentID
        self.streamID = streamID
    }

    static func resources(cpus: Double, mem: Double, ports: ClosedRange<UInt64>? = 31000...32000) -> [Resource] {
        var list = [
            Resource(name: "cpus", type: .scalar, scalar: Value.Scalar(value: cpus), role: "*"),
            Resource(name: "mem", type: .scalar, scalar: Value.Scalar(value: mem), role: "*"),
        ]
        if let ports {
            list.append(
                Resource(
                    name: "ports", type: .ranges, ranges: Value.Ranges(range: [Value.Range(begin: ports.lowerBound, end: ports.upperBound)]),
                    role: "*"))
        }
        return list
    }

    /// Subscribes and reads SUBSCRIBED.
    static func subscribe(
        _ harness: MasterHarness, hostname: String = "agent1", id: AgentID? = nil, cpus: Double = 4, mem: Double = 4096,
        frameworks: [FrameworkInfo] = [], executors: [ExecutorInfo] = [], tasks: [ButteProtocol.Task] = []
    ) async throws -> SimulatedAgent {
        let call = AgentCall(
            type: .subscribe, agentID: id,
            subscribe: AgentCall.Subscribe(
                agentInfo: AgentInfo(hostname: hostname, port: 5051, resources: resources(cpus: cpus, mem: mem), id: id),
                version: "0.1.0", frameworks: frameworks, executors: executors, tasks: tasks
            )
        )
        let stream = try await StreamClient.open(port: harness.port, path: "/api/v1/agent", body: try ProtocolJSON.encode(call))
        guard stream.status == 200, let streamID = stream.headers["mesos-stream-id"] else {
            throw Failure(description: "agent SUBSCRIBE answered \(stream.status)")
        }
        let first = try await stream.next(AgentEvent.self)
        guard first.type == .subscribed, let agentID = first.subscribed?.agentID else {
            throw Failure(description: "first agent event is \(first.type?.rawValue ?? "nil"): \(first)")
        }
        return SimulatedAgent(harness: harness, stream: stream, agentID: agentID, streamID: streamID)
    }

    /// Posts a call on the current stream.
    @discardableResult
    func post(_ call: AgentCall) async throws -> TestHTTPClient.Response {
        try await harness.post("/api/v1/agent", call: call, streamID: streamID)
    }

    /// Sends a status update with a fresh uuid and returns that uuid.
    @discardableResult
    func update(framework: FrameworkID, task: TaskID, state: TaskState, executor: ExecutorID? = nil) async throws -> Data {
        let uuid = StatusUUID.random()
        let status = TaskStatus(
            taskID: task, state: state, source: .executor, agentID: agentID, executorID: executor, timestamp: 1_700_000_000, uuid: uuid
        )
        let response = try await post(AgentCall(type: .update, agentID: agentID, update: AgentCall.Update(frameworkID: framework, status: status)))
        guard response.status == 202 else { throw Failure(description: "UPDATE answered \(response.status): \(response.text)") }
        return uuid
    }

    /// The next event other than HEARTBEAT.
    func next() async throws -> AgentEvent { try await stream.nextAgent() }
}
