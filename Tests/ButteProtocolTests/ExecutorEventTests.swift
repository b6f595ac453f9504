// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import Foundation
import Testing

@testable import ButteProtocol

@Suite struct ExecutorEventTests {
    @Test("SUBSCRIBED carries exactly the ids pymesos compares against its environment")
    func subscribed() throws {
        let event = ExecutorEvent.subscribed(
            executorInfo: ExecutorInfo(executorID: "E1", frameworkID: "F1", command: CommandInfo(value: "python executor.py")),
            frameworkInfo: FrameworkInfo(user: "bob", name: "demo", id: "F1"),
            agentInfo: AgentInfo(hostname: "a1", port: 5051, id: "A1"),
            containerID: ContainerID("c1")
        )
        let data = try ProtocolJSON.encode(event)
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let subscribed = try #require(json["subscribed"] as? [String: Any])
        #expect((subscribed["executor_info"] as? [String: Any])?["executor_id"] as? [String: String] == ["value": "E1"])
        #expect((subscribed["framework_info"] as? [String: Any])?["id"] as? [String: String] == ["value": "F1"])
        #expect(try ProtocolJSON.decode(ExecutorEvent.self, from: data) == event)
    }

    @Test("ACKNOWLEDGED carries a base64 16-byte uuid")
    func acknowledged() throws {
        let uuid = StatusUUID.random()
        let text = try ProtocolJSON.encodeString(ExecutorEvent.acknowledged(taskID: "T1", uuid: uuid))
        #expect(text == #"{"acknowledged":{"task_id":{"value":"T1"},"uuid":"\#(uuid.base64EncodedString())"},"type":"ACKNOWLEDGED"}"#)
    }

    @Test("LAUNCH, KILL, MESSAGE and ERROR carry their payloads; SHUTDOWN has none")
    func payloads() throws {
        #expect(try ProtocolJSON.encodeString(ExecutorEvent.kill("T1")) == #"{"kill":{"task_id":{"value":"T1"}},"type":"KILL"}"#)
        #expect(try ProtocolJSON.encodeString(ExecutorEvent.message(Data("hi".utf8))) == #"{"message":{"data":"aGk="},"type":"MESSAGE"}"#)
        #expect(try ProtocolJSON.encodeString(ExecutorEvent.error("bad")) == #"{"error":{"message":"bad"},"type":"ERROR"}"#)
        #expect(try ProtocolJSON.encodeString(ExecutorEvent.shutdown) == #"{"type":"SHUTDOWN"}"#)
        let launch = ExecutorEvent.launch(TaskInfo(name: "t", taskID: "T1", agentID: "A1"))
        #expect(try ProtocolJSON.decode(ExecutorEvent.self, from: try ProtocolJSON.encode(launch)).launch?.task.taskID == "T1")
        let group = ExecutorEvent.launchGroup(TaskGroupInfo(tasks: [TaskInfo(name: "t", taskID: "T2", agentID: "A1")]))
        #expect(try ProtocolJSON.decode(ExecutorEvent.self, from: try ProtocolJSON.encode(group)) == group)
    }
}
