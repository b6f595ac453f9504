// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import Foundation
import Testing

@testable import ButteProtocol

@Suite struct RecordIODecoderTests {
    private let records: [String] = [
        #"{"type":"SUBSCRIBED","subscribed":{"framework_id":{"value":"F1"}}}"#, #"{"type":"HEARTBEAT"}"#, "x", String(repeating: "y", count: 123),
    ]

    private var stream: [UInt8] {
        var bytes: [UInt8] = []
        for record in records { RecordIO.append(Array(record.utf8), to: &bytes) }
        return bytes
    }

    private func strings(_ data: [Data]) -> [String] {
        data.map { String(decoding: $0, as: UTF8.self) }
    }

    @Test("a stream split into two chunks at every byte position yields the same records")
    func everySplit() throws {
        let bytes = stream
        for split in 0...bytes.count {
            var decoder = RecordIODecoder()
            var out = try decoder.decode(bytes[..<split])
            out += try decoder.decode(bytes[split...])
            #expect(strings(out) == records, "split at \(split)")
            try decoder.finish()
        }
    }

    @Test("a stream fed one byte at a time yields each record once it is complete")
    func byteByByte() throws {
        var decoder = RecordIODecoder()
        var out: [Data] = []
        for byte in stream {
            out += try decoder.decode([byte])
        }
        #expect(strings(out) == records)
        #expect(!decoder.hasPartialRecord)
    }

    @Test("a record is not returned until its last byte arrives")
    func partial() throws {
        var decoder = RecordIODecoder()
        #expect(try decoder.decode(Array("5\nhel".utf8)).isEmpty)
        #expect(decoder.hasPartialRecord)
        #expect(throws: ProtocolError.self) { try decoder.finish() }
        #expect(strings(try decoder.decode(Array("lo".utf8))) == ["hello"])
        try decoder.finish()
    }

    @Test("a zero length is rejected")
    func zeroLength() {
        var decoder = RecordIODecoder()
        let error = #expect(throws: ProtocolError.self) { try decoder.decode(Array("0\n".utf8)) }
        #expect(error?.code == .invalidRecordIO)
        #expect(error?.message.contains("zero") == true)
    }

    @Test(
        "bytes other than digits in the prefix are rejected", arguments: ["\n5\nhello", "5\r\nhello", "a\nb", " 5\nhello", "-1\nx", "3\nabc\n3\nabc"])
    func nonDigit(_ text: String) {
        var decoder = RecordIODecoder()
        let error = #expect(throws: ProtocolError.self) { try decoder.decode(Array(text.utf8)) }
        #expect(error?.code == .invalidRecordIO)
    }

    @Test("the error message names the offending byte")
    func messageNamesByte() {
        var decoder = RecordIODecoder()
        let error = #expect(throws: ProtocolError.self) { try decoder.decode(Array("12x".utf8)) }
        #expect(error?.message.contains("0x78 'x'") == true)
    }

    @Test("a length above the maximum is rejected before the body arrives")
    func tooLarge() throws {
        var decoder = RecordIODecoder(maximumRecordLength: 100)
        #expect(strings(try decoder.decode(Array("100\n".utf8) + Array(repeating: UInt8(ascii: "a"), count: 100))).count == 1)
        let error = #expect(throws: ProtocolError.self) { try decoder.decode(Array("101".utf8)) }
        #expect(error?.code == .recordTooLarge)
        let huge = #expect(throws: ProtocolError.self) {
            var fresh = RecordIODecoder()
            _ = try fresh.decode(Array("99999999999999999999999999\n".utf8))
        }
        #expect(huge?.code == .recordTooLarge)
    }

    @Test("after an error the decoder keeps failing")
    func staysFailed() {
        var decoder = RecordIODecoder()
        #expect(throws: ProtocolError.self) { try decoder.decode(Array("x".utf8)) }
        #expect(throws: ProtocolError.self) { try decoder.decode(Array("2\nok".utf8)) }
    }

    @Test("many records in one chunk and a long stream keep working across buffer compaction")
    func longStream() throws {
        var decoder = RecordIODecoder()
        var bytes: [UInt8] = []
        let record = Array(String(repeating: "z", count: 1000).utf8)
        for _ in 0..<50 { RecordIO.append(record, to: &bytes) }
        var count = 0
        var index = 0
        while index < bytes.count {
            let end = min(index + 777, bytes.count)
            for data in try decoder.decode(bytes[index..<end]) {
                #expect(data.count == 1000)
                count += 1
            }
            index = end
        }
        #expect(count == 50)
        try decoder.finish()
    }
}
