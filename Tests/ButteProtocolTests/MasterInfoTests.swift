// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import Testing

@testable import ButteProtocol

@Suite struct MasterInfoTests {
    @Test("the ZooKeeper MasterInfo JSON of Mesos decodes")
    func zooKeeperShape() throws {
        let info = try ProtocolJSON.decode(
            MasterInfo.self,
            from: #"""
                {"id":"0e5f","ip":16777226,"port":5050,"pid":"master@10.0.0.1:5050","hostname":"m1","version":"1.11.0",
                 "address":{"hostname":"m1","ip":"10.0.0.1","port":5050},
                 "capabilities":[{"type":"AGENT_UPDATE"},{"type":"AGENT_DRAINING"},{"type":"QUOTA_V2"}]}
                """#
        )
        #expect(info.ip == MasterInfo.ipv4("10.0.0.1"))
        #expect(info.address?.ip == "10.0.0.1")
        #expect(info.address?.port == 5050)
        #expect(info.pid == "master@10.0.0.1:5050")
        #expect(info.capabilities.map(\.type) == [.agentUpdate, .agentDraining, .quotaV2])
    }

    @Test(
        "the uint32 ip is the address bytes in network order",
        arguments: [("10.0.0.1", UInt32(16_777_226)), ("127.0.0.1", 16_777_343), ("1.2.3.4", 67_305_985)])
    func ipv4(_ dotted: String, _ expected: UInt32) {
        #expect(MasterInfo.ipv4(dotted) == expected)
    }

    @Test("ipv4 rejects anything but a dotted quad", arguments: ["", "1.2.3", "1.2.3.4.5", "256.0.0.1", "a.b.c.d", "::1"])
    func ipv4Rejects(_ text: String) {
        #expect(MasterInfo.ipv4(text) == nil)
    }
}
