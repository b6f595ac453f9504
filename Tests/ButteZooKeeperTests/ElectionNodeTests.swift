// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import Testing

@testable import ButteZooKeeper

@Suite struct ElectionNodeTests {
    @Test("contenders are the json.info_ children, lowest sequence first")
    func ordering() {
        let children = [
            "json.info_0000000012", "log_replicas", "json.info_0000000003", "info_0000000001", "json.info_", "json.info_x1", "json.info_0000000010",
        ]
        let contenders = ElectionNode.contenders(in: children)
        #expect(contenders.map(\.name) == ["json.info_0000000003", "json.info_0000000010", "json.info_0000000012"])
        #expect(contenders.map(\.sequence) == [3, 10, 12])
    }

    @Test("another label selects other nodes")
    func label() {
        #expect(ElectionNode.contenders(in: ["info_0000000001", "json.info_0000000000"], label: "info_").map(\.sequence) == [1])
    }
}
