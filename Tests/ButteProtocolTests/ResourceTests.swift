// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import Foundation
import Testing

@testable import ButteProtocol

@Suite struct ResourceTests {
    private func decode(_ json: String) throws -> Resource {
        try ProtocolJSON.decode(Resource.self, from: json)
    }

    @Test("the legacy unreserved form keeps its role")
    func legacyUnreserved() throws {
        let resource = try decode(#"{"name":"mem","type":"SCALAR","scalar":{"value":1024},"role":"*"}"#)
        #expect(resource.name == "mem")
        #expect(resource.scalar?.value == 1024)
        #expect(resource.role == "*")
        #expect(resource.reservations.isEmpty)
    }

    @Test("a task resource without any role decodes (pymesos)")
    func noRole() throws {
        let resource = try decode(#"{"name":"cpus","type":"SCALAR","scalar":{"value":0.1}}"#)
        #expect(resource.role == nil)
        #expect(resource.allocationInfo == nil)
    }

    @Test("legacy static and dynamic reservations decode")
    func legacyReservations() throws {
        let staticReserved = try decode(#"{"name":"cpus","type":"SCALAR","scalar":{"value":1},"role":"web"}"#)
        #expect(staticReserved.role == "web")
        #expect(staticReserved.reservation == nil)
        let dynamic = try decode(#"{"name":"cpus","type":"SCALAR","scalar":{"value":1},"role":"web","reservation":{"principal":"ops"}}"#)
        #expect(dynamic.reservation?.principal == "ops")
    }

    @Test("the refinement form and allocation_info decode")
    func refinement() throws {
        let resource = try decode(
            #"{"name":"cpus","type":"SCALAR","scalar":{"value":1},"reservations":[{"type":"DYNAMIC","role":"web","principal":"ops","labels":{"labels":[{"key":"a","value":"b"}]}}],"allocation_info":{"role":"web"}}"#
        )
        #expect(resource.role == nil)
        #expect(resource.reservations.count == 1)
        #expect(resource.reservations[0].type == .dynamicReservation)
        #expect(resource.reservations[0].role == "web")
        #expect(resource.reservations[0].labels?["a"] == "b")
        #expect(resource.allocationInfo?.role == "web")
    }

    @Test("ranges, sets, disks, revocable and shared markers round-trip")
    func otherShapes() throws {
        let json = #"""
            [{"name":"ports","type":"RANGES","ranges":{"range":[{"begin":31000,"end":31005},{"begin":40000,"end":40000}]}},
             {"name":"gpus_ids","type":"SET","set":{"item":["0","1"]}},
             {"name":"disk","type":"SCALAR","scalar":{"value":100},"disk":{"persistence":{"id":"v1"},"volume":{"container_path":"data","mode":"RW"}},"shared":{}},
             {"name":"cpus","type":"SCALAR","scalar":{"value":2},"revocable":{}}]
            """#
        let resources = try ProtocolJSON.decode([Resource].self, from: json)
        #expect(resources[0].ranges?.range.count == 2)
        #expect(resources[1].set?.item == ["0", "1"])
        #expect(resources[2].disk?.persistence?.id == "v1")
        #expect(resources[2].disk?.volume?.mode == .rw)
        #expect(resources[2].shared != nil)
        #expect(resources[3].revocable != nil)
        let text = try ProtocolJSON.encodeString(resources)
        #expect(text.contains(#""revocable":{}"#))
        #expect(text.contains(#""shared":{}"#))
        #expect(try ProtocolJSON.decode([Resource].self, from: text) == resources)
    }

    @Test("an unknown value type is an error naming the field")
    func unknownType() {
        let error = #expect(throws: ProtocolError.self) { try decode(#"{"name":"cpus","type":"VECTOR"}"#) }
        #expect(error?.field == "type")
    }
}
