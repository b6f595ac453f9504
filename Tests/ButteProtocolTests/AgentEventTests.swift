// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import Foundation
import Testing

@testable import ButteProtocol

@Suite struct AgentEventTests {
    @Test("every event carries its payload object under the lower-cased type name")
    func payloads() throws {
        let framework = FrameworkInfo(user: "u", name: "n", id: "F1")
        let task = TaskInfo(name: "t", taskID: "T1", agentID: "A1", command: CommandInfo(value: "true"))
        let events: [AgentEvent] = [
            .subscribed(agentID: "A1", heartbeatIntervalSeconds: 15),
            .runTask(frameworkInfo: framework, task: task),
            .runTaskGroup(
                frameworkInfo: framework, executor: ExecutorInfo(type: .defaultExecutor, executorID: "E"), taskGroup: TaskGroupInfo(tasks: [task])),
            .killTask(frameworkID: "F1", taskID: "T1"),
            .acknowledge(frameworkID: "F1", taskID: "T1", uuid: StatusUUID.random()),
            .shutdownFramework("F1"),
            .shutdownExecutor(frameworkID: "F1", executorID: "E"),
            .message(frameworkID: "F1", executorID: "E", data: Data([0xFF])),
            .updateFramework(framework),
            .error("Agent is not registered"),
        ]
        for event in events {
            let data = try ProtocolJSON.encode(event)
            let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            let key = try #require(event.type?.rawValue.lowercased())
            #expect(json[key] is [String: Any], "\(key) missing")
            #expect(try ProtocolJSON.decode(AgentEvent.self, from: data) == event)
        }
        #expect(try ProtocolJSON.encodeString(AgentEvent.heartbeat) == #"{"type":"HEARTBEAT"}"#)
    }

    @Test("ACKNOWLEDGE requires all of its fields")
    func acknowledgeRequired() {
        let error = #expect(throws: ProtocolError.self) {
            try ProtocolJSON.decode(
                AgentEvent.self, from: #"{"type":"ACKNOWLEDGE","acknowledge":{"framework_id":{"value":"F"},"task_id":{"value":"T"}}}"#)
        }
        #expect(error?.field == "acknowledge.uuid")
    }
}
