// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import Foundation
import Testing

@testable import ButteProtocol

@Suite struct AgentCallTests {
    @Test("a re-registering SUBSCRIBE with tasks, executors and frameworks round-trips")
    func subscribe() throws {
        let agent = AgentInfo(
            hostname: "a1",
            port: 5051,
            resources: [Resource(name: "cpus", type: .scalar, scalar: Value.Scalar(value: 2), role: "*")],
            attributes: [Attribute(name: "rack", type: .text, text: Value.Text(value: "r1"))],
            id: "A1"
        )
        let task = Task(name: "t", taskID: "T1", frameworkID: "F1", executorID: "E1", agentID: "A1", state: .running)
        let call = AgentCall(
            type: .subscribe,
            agentID: "A1",
            subscribe: .init(
                agentInfo: agent,
                version: "0.1.0",
                frameworks: [FrameworkInfo(user: "u", name: "n", id: "F1")],
                executors: [ExecutorInfo(executorID: "E1", frameworkID: "F1")],
                tasks: [task]
            )
        )
        try call.validate()
        let text = try ProtocolJSON.encodeString(call)
        #expect(text.hasPrefix(#"{"agent_id":{"value":"A1"},"subscribe":{"agent_info":"#))
        #expect(try ProtocolJSON.decode(AgentCall.self, from: text) == call)
    }

    @Test("a first SUBSCRIBE needs no agent id; other calls do")
    func agentIDRules() throws {
        let first = AgentCall(type: .subscribe, subscribe: .init(agentInfo: AgentInfo(hostname: "a1")))
        try first.validate()
        let heartbeat = AgentCall(type: .heartbeat)
        let error = #expect(throws: ProtocolError.self) { try heartbeat.validate() }
        #expect(error?.field == "agent_id")
        try AgentCall(type: .heartbeat, agentID: "A1").validate()
        let mismatch = AgentCall(type: .subscribe, agentID: "A2", subscribe: .init(agentInfo: AgentInfo(hostname: "a1", id: "A1")))
        #expect(throws: ProtocolError.self) { try mismatch.validate() }
    }

    @Test("UPDATE needs a status with a 16-byte uuid")
    func update() throws {
        var status = TaskStatus(taskID: "T1", state: .running, source: .executor, agentID: "A1", executorID: "E1")
        let missing = AgentCall(type: .update, agentID: "A1", update: .init(frameworkID: "F1", status: status))
        #expect(throws: ProtocolError.self) { try missing.validate() }
        status.uuid = StatusUUID.random()
        let call = AgentCall(type: .update, agentID: "A1", update: .init(frameworkID: "F1", status: status, latestState: .finished))
        try call.validate()
        #expect(try ProtocolJSON.decode(AgentCall.self, from: try ProtocolJSON.encode(call)) == call)
    }

    @Test("EXITED_EXECUTOR and MESSAGE need their payloads")
    func payloads() throws {
        #expect(throws: ProtocolError.self) { try AgentCall(type: .exitedExecutor, agentID: "A").validate() }
        #expect(throws: ProtocolError.self) { try AgentCall(type: .message, agentID: "A").validate() }
        let exited = AgentCall(type: .exitedExecutor, agentID: "A", exitedExecutor: .init(frameworkID: "F", executorID: "E", status: 256))
        try exited.validate()
        #expect(
            try ProtocolJSON.encodeString(exited)
                == #"{"agent_id":{"value":"A"},"exited_executor":{"executor_id":{"value":"E"},"framework_id":{"value":"F"},"status":256},"type":"EXITED_EXECUTOR"}"#
        )
        #expect(throws: ProtocolError.self) { try AgentCall(type: "REGISTER", agentID: "A").validate() }
    }
}
