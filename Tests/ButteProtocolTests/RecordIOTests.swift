// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import Foundation
import Testing

@testable import ButteProtocol

@Suite struct RecordIOTests {
    @Test("a record is its decimal byte length, a line feed and the bytes")
    func framing() throws {
        #expect(RecordIO.frame(Data("hello".utf8)) == Data("5\nhello".utf8))
        var buffer: [UInt8] = []
        RecordIO.append(Array("é".utf8), to: &buffer)
        RecordIO.append(Array(repeating: UInt8(ascii: "a"), count: 12), to: &buffer)
        #expect(buffer == Array("2\n".utf8) + Array("é".utf8) + Array("12\n".utf8) + Array(repeating: UInt8(ascii: "a"), count: 12))
    }

    @Test("a framed event decodes back through the RecordIO decoder")
    func framedEvent() throws {
        let framed = try RecordIO.frame(message: SchedulerEvent.heartbeat)
        #expect(String(decoding: framed, as: UTF8.self) == "20\n{\"type\":\"HEARTBEAT\"}")
        var decoder = RecordIODecoder()
        let records = try decoder.decode(framed)
        #expect(try ProtocolJSON.decode(SchedulerEvent.self, from: try #require(records.first)).type == .heartbeat)
    }
}
