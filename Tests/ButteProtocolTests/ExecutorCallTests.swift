// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import Foundation
import Testing

@testable import ButteProtocol

@Suite struct ExecutorCallTests {
    private func update(_ status: String) throws -> ExecutorCall {
        try ProtocolJSON.decode(
            ExecutorCall.self,
            from: #"{"type":"UPDATE","executor_id":{"value":"E1"},"framework_id":{"value":"F1"},"update":{"status":\#(status)}}"#
        )
    }

    private let uuid = StatusUUID.random().base64EncodedString()

    @Test("pymesos UPDATE with an integer timestamp decodes and validates")
    func updateWithIntTimestamp() throws {
        let call = try update(
            #"{"task_id":{"value":"T1"},"state":"TASK_RUNNING","timestamp":1700000000,"uuid":"\#(uuid)","source":"SOURCE_EXECUTOR"}"#)
        try call.validate()
        #expect(call.update?.status.timestamp == 1_700_000_000)
        #expect(call.update?.status.uuid?.count == 16)
        #expect(call.update?.status.executorID == nil)
    }

    @Test("UPDATE without a uuid is refused")
    func updateWithoutUUID() throws {
        let call = try update(#"{"task_id":{"value":"T1"},"state":"TASK_RUNNING","source":"SOURCE_EXECUTOR"}"#)
        let error = #expect(throws: ProtocolError.self) { try call.validate() }
        #expect(error?.field == "update.status.uuid")
    }

    @Test("UPDATE with a source other than SOURCE_EXECUTOR is refused")
    func updateWrongSource() throws {
        let call = try update(#"{"task_id":{"value":"T1"},"state":"TASK_RUNNING","uuid":"\#(uuid)","source":"SOURCE_MASTER"}"#)
        let error = #expect(throws: ProtocolError.self) { try call.validate() }
        #expect(error?.field == "update.status.source")
    }

    @Test("UPDATE with TASK_STAGING is refused")
    func updateStaging() throws {
        let call = try update(#"{"task_id":{"value":"T1"},"state":"TASK_STAGING","uuid":"\#(uuid)","source":"SOURCE_EXECUTOR"}"#)
        let error = #expect(throws: ProtocolError.self) { try call.validate() }
        #expect(error?.field == "update.status.state")
    }

    @Test("UPDATE naming another executor is refused")
    func updateOtherExecutor() throws {
        let call = try update(
            #"{"task_id":{"value":"T1"},"state":"TASK_RUNNING","uuid":"\#(uuid)","source":"SOURCE_EXECUTOR","executor_id":{"value":"E2"}}"#
        )
        let error = #expect(throws: ProtocolError.self) { try call.validate() }
        #expect(error?.field == "update.status.executor_id")
    }

    @Test("SUBSCRIBE with unacknowledged tasks decodes")
    func subscribe() throws {
        let call = try ProtocolJSON.decode(
            ExecutorCall.self,
            from: #"""
                {"type":"SUBSCRIBE","executor_id":{"value":"E1"},"framework_id":{"value":"F1"},"subscribe":{"unacknowledged_tasks":
                 [{"name":"t","task_id":{"value":"T1"},"agent_id":{"value":"A"}}],"unacknowledged_updates":[]}}
                """#
        )
        try call.validate()
        #expect(call.subscribe?.unacknowledgedTasks.map(\.taskID) == ["T1"])
        #expect(call.subscribe?.unacknowledgedUpdates.isEmpty == true)
    }

    @Test("executor_id and framework_id are required")
    func requiredIDs() {
        let error = #expect(throws: ProtocolError.self) {
            try ProtocolJSON.decode(ExecutorCall.self, from: #"{"type":"HEARTBEAT","framework_id":{"value":"F1"}}"#)
        }
        #expect(error?.field == "executor_id")
    }

    @Test("MESSAGE without its payload is refused; HEARTBEAT needs none")
    func payloads() throws {
        let message = try ProtocolJSON.decode(
            ExecutorCall.self, from: #"{"type":"MESSAGE","executor_id":{"value":"E"},"framework_id":{"value":"F"}}"#)
        #expect(throws: ProtocolError.self) { try message.validate() }
        let heartbeat = try ProtocolJSON.decode(
            ExecutorCall.self, from: #"{"type":"HEARTBEAT","executor_id":{"value":"E"},"framework_id":{"value":"F"}}"#)
        try heartbeat.validate()
    }
}
