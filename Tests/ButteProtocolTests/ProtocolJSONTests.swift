// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import Foundation
import Testing

@testable import ButteProtocol

@Suite struct ProtocolJSONTests {
    @Test("unknown keys are ignored at every level")
    func unknownKeys() throws {
        let info = try ProtocolJSON.decode(
            ExecutorInfo.self,
            from:
                #"{"executor_id":{"value":"E"},"command.environment":{"variables":[{"name":"X"}]},"bogus":[1,2],"command":{"value":"x","extra":true}}"#
        )
        #expect(info.executorID == "E")
        #expect(info.command?.value == "x")
        #expect(info.command?.environment == nil)
        let task = try ProtocolJSON.decode(
            TaskInfo.self, from: #"{"name":"t","task_id":{"value":"T"},"agent_id":{"value":"A"},"slave_id":{"value":"A"}}"#)
        #expect(task.agentID == "A")
    }

    @Test("numeric strings are accepted for every number type")
    func numericStrings() throws {
        let info = try ProtocolJSON.decode(
            MasterInfo.self,
            from: #"{"id":"m","ip":"16777226","port":"5050","address":{"ip":"10.0.0.1","port":"5050"}}"#
        )
        #expect(info.ip == 16_777_226)
        #expect(info.port == 5050)
        #expect(info.address?.port == 5050)
        let framework = try ProtocolJSON.decode(FrameworkInfo.self, from: #"{"user":"u","name":"n","failover_timeout":"100.5"}"#)
        #expect(framework.failoverTimeout == 100.5)
        let range = try ProtocolJSON.decode(Value.Range.self, from: #"{"begin":"31000","end":32000}"#)
        #expect(range == Value.Range(begin: 31000, end: 32000))
        let duration = try ProtocolJSON.decode(DurationInfo.self, from: #"{"nanoseconds":"5000000000"}"#)
        #expect(duration.seconds == 5)
    }

    @Test("a non-numeric string for a number names the field")
    func badNumericString() {
        let error = #expect(throws: ProtocolError.self) {
            try ProtocolJSON.decode(FrameworkInfo.self, from: #"{"user":"u","name":"n","failover_timeout":"soon"}"#)
        }
        #expect(error?.code == .invalidValue)
        #expect(error?.field == "failover_timeout")
    }

    @Test("integers are accepted for doubles and \"Infinity\" for doubles")
    func doubles() throws {
        let status = try ProtocolJSON.decode(TaskStatus.self, from: #"{"task_id":{"value":"T"},"state":"TASK_RUNNING","timestamp":1700000000}"#)
        #expect(status.timestamp == 1_700_000_000)
        let task = try ProtocolJSON.decode(
            TaskInfo.self,
            from: #"{"name":"t","task_id":{"value":"T"},"agent_id":{"value":"A"},"limits":{"cpus":"Infinity","mem":{"value":256}}}"#
        )
        #expect(task.limits?["cpus"]?.value == .infinity)
        #expect(task.limits?["mem"]?.value == 256)
        let text = try ProtocolJSON.encodeString(task)
        #expect(text.contains(#""cpus":{"value":"Infinity"}"#))
        #expect(try ProtocolJSON.decode(TaskInfo.self, from: text) == task)
    }

    @Test("null means unset for optional fields and empty for repeated fields")
    func nulls() throws {
        let info = try ProtocolJSON.decode(
            FrameworkInfo.self,
            from: #"{"user":"u","name":"n","id":null,"roles":null,"capabilities":null,"failover_timeout":null}"#
        )
        #expect(info.id == nil)
        #expect(info.roles.isEmpty)
        #expect(info.failoverTimeout == nil)
    }

    @Test("null for a required field is reported as missing with its path")
    func nullRequired() {
        let error = #expect(throws: ProtocolError.self) {
            try ProtocolJSON.decode(SchedulerCall.self, from: #"{"type":"SUBSCRIBE","subscribe":{"framework_info":{"user":null,"name":"n"}}}"#)
        }
        #expect(error?.code == .missingField)
        #expect(error?.field == "subscribe.framework_info.user")
    }

    @Test("a missing required field is an error naming its full path")
    func missingRequired() {
        let error = #expect(throws: ProtocolError.self) {
            try ProtocolJSON.decode(
                SchedulerCall.self,
                from:
                    #"{"type":"ACCEPT","framework_id":{"value":"F"},"accept":{"operations":[{"type":"LAUNCH","launch":{"task_infos":[{"name":"t","task_id":{"value":"T"}}]}}]}}"#
            )
        }
        #expect(error?.code == .missingField)
        #expect(error?.field == "accept.operations[0].launch.task_infos[0].agent_id")
        #expect(error?.message == "missing required field 'accept.operations[0].launch.task_infos[0].agent_id'")
    }

    @Test("an unknown name in an optional enum field is dropped")
    func unknownOptionalEnum() throws {
        let status = try ProtocolJSON.decode(
            TaskStatus.self,
            from: #"{"task_id":{"value":"T"},"state":"TASK_FAILED","reason":"REASON_FROM_THE_FUTURE","source":"SOURCE_AGENT"}"#
        )
        #expect(status.reason == nil)
        #expect(status.source == .agent)
        let framework = try ProtocolJSON.decode(
            FrameworkInfo.self, from: #"{"user":"u","name":"n","capabilities":[{"type":"TIME_TRAVEL"},{"type":"MULTI_ROLE"}]}"#)
        #expect(framework.capabilities.map(\.type) == [nil, .multiRole])
    }

    @Test("an unknown name in a required enum field is an error naming the field")
    func unknownRequiredEnum() {
        let error = #expect(throws: ProtocolError.self) {
            try ProtocolJSON.decode(
                SchedulerEvent.self, from: #"{"type":"UPDATE","update":{"status":{"task_id":{"value":"T"},"state":"TASK_EXPLODED"}}}"#)
        }
        #expect(error?.code == .invalidValue)
        #expect(error?.field == "update.status.state")
        #expect(error?.message.contains("TASK_EXPLODED") == true)
    }

    @Test("bytes are padded standard base64; anything else names the field")
    func base64() throws {
        let message = try ProtocolJSON.decode(
            SchedulerEvent.Message.self, from: #"{"agent_id":{"value":"A"},"executor_id":{"value":"E"},"data":"AAECAw=="}"#)
        #expect(message.data == Data([0, 1, 2, 3]))
        for bad in ["AAECAw", "not base64!"] {
            let error = #expect(throws: ProtocolError.self) {
                try ProtocolJSON.decode(
                    SchedulerEvent.Message.self, from: #"{"agent_id":{"value":"A"},"executor_id":{"value":"E"},"data":"\#(bad)"}"#)
            }
            #expect(error?.field == "data")
        }
    }

    @Test("a wrong JSON type names the field and what was expected")
    func typeMismatch() {
        let error = #expect(throws: ProtocolError.self) {
            try ProtocolJSON.decode(FrameworkInfo.self, from: #"{"user":"u","name":"n","checkpoint":"yes please"}"#)
        }
        #expect(error?.code == .invalidValue)
        #expect(error?.field == "checkpoint")
    }

    @Test("text that is not JSON is reported as such", arguments: ["", "{", "not json", "{\"type\":}"])
    func invalidJSON(_ text: String) {
        let error = #expect(throws: ProtocolError.self) { try ProtocolJSON.decode(SchedulerCall.self, from: text) }
        #expect(error?.code == .invalidJSON)
    }

    @Test("output is one line of ASCII with non-ASCII characters escaped, surrogate pairs included")
    func asciiOnly() throws {
        let agent = AgentInfo(hostname: "hôte-😀.example", port: 5051)
        let data = try ProtocolJSON.encode(agent)
        #expect(data.allSatisfy { $0 < 0x80 })
        #expect(!data.contains(UInt8(ascii: "\n")))
        let text = String(decoding: data, as: UTF8.self)
        #expect(text == #"{"hostname":"h\u00f4te-\ud83d\ude00.example","port":5051}"#)
        #expect(try ProtocolJSON.decode(AgentInfo.self, from: data) == agent)
    }

    @Test("control characters and newlines in strings stay escaped, slashes are not escaped")
    func escapes() throws {
        let text = try ProtocolJSON.encodeString(SchedulerEvent.error("line1\nline2\t/x"))
        #expect(text == #"{"error":{"message":"line1\nline2\t/x"},"type":"ERROR"}"#)
    }

    @Test("only set fields and non-empty arrays are written")
    func omission() throws {
        let info = FrameworkInfo(user: "u", name: "n", roles: [], capabilities: [])
        #expect(try ProtocolJSON.encodeString(info) == #"{"name":"n","user":"u"}"#)
    }

    @Test("scalars are written rounded to three decimals")
    func scalars() throws {
        let resource = Resource(name: "cpus", type: .scalar, scalar: Value.Scalar(value: 0.1 + 0.2))
        #expect(try ProtocolJSON.encodeString(resource) == #"{"name":"cpus","scalar":{"value":0.3},"type":"SCALAR"}"#)
        let tiny = Value.Scalar(value: 1.23456)
        #expect(try ProtocolJSON.encodeString(tiny) == #"{"value":1.235}"#)
    }

    @Test("field paths name array indices and nested keys")
    func fieldPaths() {
        struct Key: CodingKey {
            var stringValue: String
            var intValue: Int?
            init(stringValue: String) { self.stringValue = stringValue }
            init(intValue: Int) {
                self.stringValue = "Index \(intValue)"
                self.intValue = intValue
            }
        }
        let path: [any CodingKey] = [Key(stringValue: "offers"), Key(stringValue: "offers"), Key(intValue: 3), Key(stringValue: "id")]
        #expect(ProtocolJSON.fieldPath(path) == "offers.offers[3].id")
    }
}
