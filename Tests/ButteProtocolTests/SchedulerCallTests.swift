// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import Foundation
import Testing

@testable import ButteProtocol

@Suite struct SchedulerCallTests {
    private func decode(_ json: String) throws -> SchedulerCall {
        try ProtocolJSON.decode(SchedulerCall.self, from: json)
    }

    @Test("pymesos SUBSCRIBE with failover_timeout 100 and capabilities decodes")
    func subscribe() throws {
        let call = try decode(
            #"""
            {"type":"SUBSCRIBE","framework_id":{"value":"F1"},"subscribe":{"framework_info":{"user":"bob","name":"demo",
             "hostname":"h","id":{"value":"F1"},"failover_timeout":100,"capabilities":[{"type":"GPU_RESOURCES"}]}}}
            """#
        )
        #expect(call.type == .subscribe)
        #expect(call.frameworkID == "F1")
        let info = try #require(call.subscribe?.frameworkInfo)
        #expect(info.user == "bob")
        #expect(info.name == "demo")
        #expect(info.hostname == "h")
        #expect(info.id == "F1")
        #expect(info.failoverTimeout == 100)
        #expect(info.hasCapability(.gpuResources))
        #expect(!info.hasCapability(.partitionAware))
        try call.validate()
    }

    @Test("SUBSCRIBE whose framework_id differs from framework_info.id is refused")
    func subscribeMismatch() throws {
        let call = try decode(
            #"{"type":"SUBSCRIBE","framework_id":{"value":"F2"},"subscribe":{"framework_info":{"user":"u","name":"n","id":{"value":"F1"}}}}"#)
        let error = #expect(throws: ProtocolError.self) { try call.validate() }
        #expect(error?.code == .invalidCall)
        #expect(error?.field == "framework_id")
    }

    @Test("ACCEPT with one LAUNCH operation decodes tasks, resources and filters")
    func acceptLaunch() throws {
        let call = try decode(
            #"""
            {"type":"ACCEPT","framework_id":{"value":"F1"},"accept":{"offer_ids":[{"value":"M-O7"}],
             "operations":[{"type":"LAUNCH","launch":{"task_infos":[{"name":"t1","task_id":{"value":"T1"},
             "agent_id":{"value":"M-S0"},"resources":[{"name":"cpus","type":"SCALAR","scalar":{"value":0.1}},
             {"name":"mem","type":"SCALAR","scalar":{"value":32}}],"executor":{"executor_id":{"value":"E1"},
             "name":"ex","command":{"value":"python executor.py"},"command.environment":{"variables":[]},
             "resources":[{"name":"cpus","type":"SCALAR","scalar":{"value":0.1}}]},"data":"aGVsbG8="}]}}],
             "filters":{"refuse_seconds":5}}}
            """#
        )
        try call.validate()
        let accept = try #require(call.accept)
        #expect(accept.offerIDs == ["M-O7"])
        #expect(accept.filters?.refuseSeconds == 5)
        let operation = try #require(accept.operations.first)
        #expect(operation.type == .launch)
        let task = try #require(operation.launch?.taskInfos.first)
        #expect(task.taskID == "T1")
        #expect(task.agentID == "M-S0")
        #expect(task.resources.map(\.name) == ["cpus", "mem"])
        #expect(task.resources[1].scalar?.value == 32)
        #expect(task.resources[0].role == nil)
        #expect(task.executor?.executorID == "E1")
        #expect(task.executor?.frameworkID == nil)
        #expect(task.executor?.command?.value == "python executor.py")
        #expect(task.executor?.command?.runsInShell == true)
        #expect(task.data == Data("hello".utf8))
    }

    @Test("operations other than LAUNCH are decoded by name so they can be refused")
    func otherOperations() throws {
        let call = try decode(
            #"{"type":"ACCEPT","framework_id":{"value":"F1"},"accept":{"offer_ids":[{"value":"O"}],"operations":[{"type":"RESERVE","reserve":{"resources":[]}},{"type":"GROW_VOLUME"}]}}"#
        )
        #expect(call.accept?.operations.map(\.type) == [.reserve, .growVolume])
    }

    @Test("an unknown operation type is an error naming the field")
    func unknownOperation() {
        let error = #expect(throws: ProtocolError.self) {
            try decode(#"{"type":"ACCEPT","framework_id":{"value":"F1"},"accept":{"operations":[{"type":"TELEPORT"}]}}"#)
        }
        #expect(error?.field == "accept.operations[0].type")
        #expect(error?.message.contains("TELEPORT") == true)
    }

    @Test("DECLINE with refuse_seconds decodes (including a huge value)")
    func decline() throws {
        let call = try decode(
            #"{"type":"DECLINE","framework_id":{"value":"F1"},"decline":{"offer_ids":[{"value":"O1"},{"value":"O2"}],"filters":{"refuse_seconds":4294967295}}}"#
        )
        try call.validate()
        #expect(call.decline?.offerIDs == ["O1", "O2"])
        #expect(call.decline?.filters?.refuseSeconds == 4_294_967_295)
    }

    @Test("REVIVE without a body means all roles and is valid")
    func reviveWithoutRoles() throws {
        let call = try decode(#"{"type":"REVIVE","framework_id":{"value":"F1"}}"#)
        try call.validate()
        #expect(call.type == .revive)
        #expect(call.revive == nil)
        let withRoles = try decode(#"{"type":"SUPPRESS","framework_id":{"value":"F1"},"suppress":{"roles":["web"]}}"#)
        #expect(withRoles.suppress?.roles == ["web"])
    }

    @Test("KILL with only task_id decodes")
    func killOnlyTask() throws {
        let call = try decode(#"{"type":"KILL","framework_id":{"value":"F1"},"kill":{"task_id":{"value":"T1"}}}"#)
        try call.validate()
        #expect(call.kill?.taskID == "T1")
        #expect(call.kill?.agentID == nil)
    }

    @Test("KILL without task_id names the missing field")
    func killWithoutTask() {
        let error = #expect(throws: ProtocolError.self) {
            try decode(#"{"type":"KILL","framework_id":{"value":"F1"},"kill":{"agent_id":{"value":"A"}}}"#)
        }
        #expect(error?.code == .missingField)
        #expect(error?.field == "kill.task_id")
    }

    @Test("ACKNOWLEDGE with a base64 uuid decodes to 16 bytes and validates")
    func acknowledge() throws {
        let uuid = Data((0..<16).map { UInt8($0) })
        let call = try decode(
            #"{"type":"ACKNOWLEDGE","framework_id":{"value":"F1"},"acknowledge":{"agent_id":{"value":"M-S0"},"task_id":{"value":"T1"},"uuid":"\#(uuid.base64EncodedString())"}}"#
        )
        try call.validate()
        #expect(call.acknowledge?.uuid == uuid)
    }

    @Test("ACKNOWLEDGE with a uuid that is not 16 bytes is refused")
    func acknowledgeShortUUID() throws {
        let call = try decode(
            #"{"type":"ACKNOWLEDGE","framework_id":{"value":"F1"},"acknowledge":{"agent_id":{"value":"A"},"task_id":{"value":"T"},"uuid":"AAEC"}}"#
        )
        let error = #expect(throws: ProtocolError.self) { try call.validate() }
        #expect(error?.field == "acknowledge.uuid")
        #expect(error?.message.contains("16-byte") == true)
    }

    @Test("ACKNOWLEDGE_OPERATION_STATUS with the uuid as an object (pymesos) is a decoding error")
    func acknowledgeOperationStatusObjectUUID() {
        let error = #expect(throws: ProtocolError.self) {
            try decode(
                #"{"type":"ACKNOWLEDGE_OPERATION_STATUS","framework_id":{"value":"F1"},"acknowledge_operation_status":{"uuid":{"value":"AAEC"},"operation_id":{"value":"op"}}}"#
            )
        }
        #expect(error?.field == "acknowledge_operation_status.uuid")
    }

    @Test("RECONCILE with only task ids decodes; an empty body is implicit reconciliation")
    func reconcile() throws {
        let call = try decode(
            #"{"type":"RECONCILE","framework_id":{"value":"F1"},"reconcile":{"tasks":[{"task_id":{"value":"T1"}},{"task_id":{"value":"T2"}}]}}"#)
        try call.validate()
        #expect(call.reconcile?.tasks.map(\.taskID) == ["T1", "T2"])
        #expect(call.reconcile?.tasks.allSatisfy { $0.agentID == nil } == true)
        let implicit = try decode(#"{"type":"RECONCILE","framework_id":{"value":"F1"},"reconcile":{}}"#)
        #expect(implicit.reconcile?.tasks.isEmpty == true)
    }

    @Test("MESSAGE, SHUTDOWN, REQUEST and TEARDOWN decode")
    func otherCalls() throws {
        let message = try decode(
            #"{"type":"MESSAGE","framework_id":{"value":"F"},"message":{"agent_id":{"value":"A"},"executor_id":{"value":"E"},"data":"aGk="}}"#
        )
        #expect(message.message?.data == Data("hi".utf8))
        let shutdown = try decode(
            #"{"type":"SHUTDOWN","framework_id":{"value":"F"},"shutdown":{"executor_id":{"value":"E"},"agent_id":{"value":"A"}}}"#)
        #expect(shutdown.shutdown?.executorID == "E")
        let request = try decode(#"{"type":"REQUEST","framework_id":{"value":"F"},"request":{"requests":[{"resources":[]}]}}"#)
        #expect(request.request?.requests.count == 1)
        let teardown = try decode(#"{"type":"TEARDOWN","framework_id":{"value":"F"}}"#)
        try teardown.validate()
        #expect(teardown.type == .teardown)
    }

    @Test("a call other than SUBSCRIBE without framework_id is refused")
    func missingFrameworkID() throws {
        let call = try decode(#"{"type":"TEARDOWN"}"#)
        let error = #expect(throws: ProtocolError.self) { try call.validate() }
        #expect(error?.message == "Expecting 'framework_id' to be present")
    }

    @Test("a call without its payload is refused with Mesos' message")
    func missingPayload() throws {
        let call = try decode(#"{"type":"ACCEPT","framework_id":{"value":"F1"}}"#)
        let error = #expect(throws: ProtocolError.self) { try call.validate() }
        #expect(error?.code == .invalidCall)
        #expect(error?.message == "Expecting 'accept' to be present")
    }

    @Test("an unknown or UNKNOWN call type is reported as unsupported", arguments: [#"{"type":"FLY"}"#, #"{"type":"UNKNOWN"}"#, "{}"])
    func unknownType(_ json: String) throws {
        let call = try decode(json)
        let error = #expect(throws: ProtocolError.self) { try call.validate() }
        #expect(error?.code == .unknownCall)
    }

    @Test("an ACCEPT call survives an encode/decode round trip")
    func roundTrip() throws {
        var task = TaskInfo(name: "web", taskID: "T1", agentID: "A1")
        task.resources = [Resource(name: "cpus", type: .scalar, scalar: Value.Scalar(value: 0.5))]
        task.command = CommandInfo(environment: Environment(variables: [.init(name: "PORT", value: "8080")]), value: "sleep 1")
        task.killPolicy = KillPolicy(gracePeriod: DurationInfo(seconds: 2))
        task.labels = Labels(labels: [.init(key: "k", value: "v")])
        let call = SchedulerCall(
            type: .accept,
            frameworkID: "F1",
            accept: .init(
                offerIDs: ["O1"], operations: [Operation(type: .launch, launch: .init(taskInfos: [task]))], filters: Filters(refuseSeconds: 10))
        )
        let decoded = try ProtocolJSON.decode(SchedulerCall.self, from: try ProtocolJSON.encode(call))
        #expect(decoded == call)
        #expect(decoded.accept?.operations.first?.launch?.taskInfos.first?.killPolicy?.gracePeriod?.nanoseconds == 2_000_000_000)
    }
}
