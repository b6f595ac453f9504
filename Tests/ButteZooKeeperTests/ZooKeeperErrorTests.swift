// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import Testing

@testable import ButteZooKeeper

@Suite struct ZooKeeperErrorTests {
    @Test(
        "server codes map to ZooKeeper's names and back",
        arguments: [
            (Int32(-101), "NoNode"), (-110, "NodeExists"), (-103, "BadVersion"), (-111, "NotEmpty"),
            (-112, "SessionExpired"), (-4, "ConnectionLoss"), (-102, "NoAuth"), (-114, "InvalidACL"), (-127, "ThrottledOp"),
        ])
    func names(_ number: Int32, _ name: String) throws {
        let code = try #require(ZooKeeperError.Code(serverCode: number))
        #expect(code.description == name)
        #expect(code.serverCode == number)
    }

    @Test("OK and unknown numbers have no code; unknown numbers still make an error naming them")
    func unknown() {
        #expect(ZooKeeperError.Code(serverCode: 0) == nil)
        #expect(ZooKeeperError.Code(serverCode: -999) == nil)
        let error = ZooKeeperError.server(-999, "getData /a")
        #expect(error.code == .unknownError)
        #expect(error.message == "getData /a: ZooKeeper error -999")
        #expect(ZooKeeperError.server(-101, "getData /a").message == "getData /a: NoNode")
    }

    @Test("client codes have no wire number")
    func clientCodes() {
        #expect(ZooKeeperError.Code.invalidURL.serverCode == nil)
        #expect(ZooKeeperError.Code.closed.serverCode == nil)
    }
}
