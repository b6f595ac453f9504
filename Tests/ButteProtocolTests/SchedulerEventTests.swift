// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import Foundation
import Testing

@testable import ButteProtocol

@Suite struct SchedulerEventTests {
    /// The JSON object of an encoded event, for checking its shape the way a Python client sees it.
    private func object(_ event: SchedulerEvent) throws -> [String: Any] {
        let data = try ProtocolJSON.encode(event)
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test("the OFFERS example of the API sheet decodes")
    func offersExample() throws {
        let event = try ProtocolJSON.decode(
            SchedulerEvent.self,
            from: #"""
                {"type":"OFFERS","offers":{"offers":[{"id":{"value":"M-O7"},"framework_id":{"value":"F1"},"agent_id":{"value":"M-S0"},
                 "hostname":"a1","url":{"scheme":"http","address":{"hostname":"a1","ip":"10.0.0.2","port":5051},"path":"/slave(1)"},
                 "resources":[{"name":"cpus","type":"SCALAR","scalar":{"value":4.0},"role":"*"},
                  {"name":"ports","type":"RANGES","ranges":{"range":[{"begin":31000,"end":32000}]},"role":"*"}],
                 "attributes":[{"name":"rack","type":"TEXT","text":{"value":"r1"}}],"executor_ids":[{"value":"E1"}]}]}}
                """#
        )
        #expect(event.type == .offers)
        let offer = try #require(event.offers?.offers.first)
        #expect(offer.id == "M-O7")
        #expect(offer.frameworkID == "F1")
        #expect(offer.agentID == "M-S0")
        #expect(offer.url?.address.port == 5051)
        #expect(offer.url?.path == "/slave(1)")
        #expect(offer.resources[0].scalar?.value == 4)
        #expect(offer.resources[0].role == "*")
        #expect(offer.resources[1].type == .ranges)
        #expect(offer.resources[1].ranges?.range == [Value.Range(begin: 31000, end: 32000)])
        #expect(offer.attributes.first?.text?.value == "r1")
        #expect(offer.executorIDs == ["E1"])
    }

    @Test("the UPDATE example decodes with its uuid, source and timestamp")
    func updateExample() throws {
        let uuid = StatusUUID.random()
        let event = try ProtocolJSON.decode(
            SchedulerEvent.self,
            from: #"""
                {"type":"UPDATE","update":{"status":{"task_id":{"value":"T1"},"state":"TASK_RUNNING","source":"SOURCE_EXECUTOR",
                 "agent_id":{"value":"M-S0"},"executor_id":{"value":"E1"},"timestamp":1700000000.5,"uuid":"\#(uuid.base64EncodedString())"}}}
                """#
        )
        let status = try #require(event.update?.status)
        #expect(status.state == .running)
        #expect(status.source == .executor)
        #expect(status.agentID == "M-S0")
        #expect(status.timestamp == 1_700_000_000.5)
        #expect(status.uuid == uuid)
    }

    @Test("every event with a payload carries its payload object, even when empty")
    func payloadAlwaysPresent() throws {
        let cases: [(SchedulerEvent, String)] = [
            (.subscribed(frameworkID: "F1"), "subscribed"),
            (.offers([]), "offers"),
            (.inverseOffers([]), "inverse_offers"),
            (.rescind("O1"), "rescind"),
            (.rescindInverseOffer("O1"), "rescind_inverse_offer"),
            (.update(TaskStatus(taskID: "T", state: .lost)), "update"),
            (.updateOperationStatus(OperationStatus(state: .finished)), "update_operation_status"),
            (.message(agentID: "A", executorID: "E", data: Data([1])), "message"),
            (.failure(agentID: "A"), "failure"),
            (.error("Framework has been removed"), "error"),
        ]
        for (event, key) in cases {
            let json = try object(event)
            #expect(json["type"] as? String == event.type?.rawValue)
            #expect(json[key] is [String: Any], "\(key) missing in \(json)")
            #expect(event.type?.rawValue.lowercased() == key)
        }
        #expect(try ProtocolJSON.encodeString(SchedulerEvent.offers([])) == #"{"offers":{},"type":"OFFERS"}"#)
    }

    @Test("ERROR puts its message inside the error object")
    func errorShape() throws {
        let json = try object(.error("Framework failed over"))
        #expect((json["error"] as? [String: Any])?["message"] as? String == "Framework failed over")
        #expect(json["message"] == nil)
    }

    @Test("HEARTBEAT is just its type")
    func heartbeat() throws {
        #expect(try ProtocolJSON.encodeString(SchedulerEvent.heartbeat) == #"{"type":"HEARTBEAT"}"#)
    }

    @Test("SUBSCRIBED carries the heartbeat interval and master info")
    func subscribed() throws {
        let master = MasterInfo(id: "m", ip: MasterInfo.ipv4("10.0.0.1") ?? 0, port: 5050, pid: "master@10.0.0.1:5050", version: "1.11.0")
        let json = try object(.subscribed(frameworkID: "F1", masterInfo: master))
        let subscribed = try #require(json["subscribed"] as? [String: Any])
        #expect(subscribed["heartbeat_interval_seconds"] as? Double == 15)
        #expect((subscribed["framework_id"] as? [String: Any])?["value"] as? String == "F1")
        #expect((subscribed["master_info"] as? [String: Any])?["version"] as? String == "1.11.0")
    }

    @Test("an OFFERS event survives a round trip")
    func roundTrip() throws {
        let offer = Offer(
            id: "O1",
            frameworkID: "F1",
            agentID: "A1",
            hostname: "a1",
            url: MesosURL(scheme: "http", address: Address(hostname: "a1", ip: "10.0.0.2", port: 5051), path: "/slave(1)"),
            resources: [
                Resource(name: "cpus", type: .scalar, scalar: Value.Scalar(value: 4), role: "*"),
                Resource(name: "disks", type: .set, set: Value.Set(item: ["a", "b"])),
            ],
            attributes: [Attribute(name: "rack", type: .text, text: Value.Text(value: "r1"))]
        )
        let event = SchedulerEvent.offers([offer, offer])
        #expect(try ProtocolJSON.decode(SchedulerEvent.self, from: try ProtocolJSON.encode(event)) == event)
    }

    @Test("FAILURE of an executor carries agent, executor and status")
    func failure() throws {
        let json = try object(.failure(agentID: "A", executorID: "E", status: -1))
        let failure = try #require(json["failure"] as? [String: Any])
        #expect(failure["status"] as? Int == -1)
        #expect((failure["executor_id"] as? [String: Any])?["value"] as? String == "E")
    }
}
