// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import Testing

@testable import ButteProtocol

@Suite struct ContainerIDTests {
    @Test("a nested container id keeps its parent chain through a round trip")
    func nested() throws {
        let id = ContainerID("c3", parent: ContainerID("c2", parent: "c1"))
        let text = try ProtocolJSON.encodeString(id)
        #expect(text == #"{"parent":{"parent":{"value":"c1"},"value":"c2"},"value":"c3"}"#)
        let decoded = try ProtocolJSON.decode(ContainerID.self, from: text)
        #expect(decoded == id)
        #expect(decoded.parent?.parent?.value == "c1")
        #expect(decoded.description == "c1.c2.c3")
    }

    @Test("a top-level id has no parent and setting one nests it")
    func topLevel() throws {
        var id: ContainerID = "c1"
        #expect(id.parent == nil)
        #expect(try ProtocolJSON.encodeString(id) == #"{"value":"c1"}"#)
        id.parent = "root"
        #expect(id.description == "root.c1")
        id.parent = nil
        #expect(id == ContainerID("c1"))
    }
}
