// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import NIOCore
import Testing

@testable import ButteZooKeeper

@Suite struct FrameDecoderTests {
    @Test("a frame is the 4-byte big-endian length, then the payload")
    func framing() {
        #expect(Hex.string(FrameDecoder.frame(ByteBuffer(bytes: [1, 2, 3]))) == "00000003010203")
    }

    @Test("partial frames wait for more bytes; whole ones come off one at a time")
    func splitting() throws {
        var buffer = ByteBuffer(bytes: Hex.bytes("00000002aabb00000001"))
        let first = try FrameDecoder.nextFrame(from: &buffer, maximumFrameLength: 100)
        #expect(first.map(Hex.string) == "aabb")
        #expect(try FrameDecoder.nextFrame(from: &buffer, maximumFrameLength: 100) == nil)
        #expect(buffer.readableBytes == 4)
        buffer.writeBytes([0xcc])
        #expect(try FrameDecoder.nextFrame(from: &buffer, maximumFrameLength: 100).map(Hex.string) == "cc")
        #expect(buffer.readableBytes == 0)
    }

    @Test("an empty payload is a frame")
    func emptyFrame() throws {
        var buffer = ByteBuffer(bytes: [0, 0, 0, 0])
        #expect(try FrameDecoder.nextFrame(from: &buffer, maximumFrameLength: 100)?.readableBytes == 0)
    }

    @Test("oversized and negative lengths are protocol errors", arguments: ["00000065", "ffffffff"])
    func badLengths(_ prefix: String) {
        var buffer = ByteBuffer(bytes: Hex.bytes(prefix))
        #expect {
            _ = try FrameDecoder.nextFrame(from: &buffer, maximumFrameLength: 100)
        } throws: { ($0 as? ZooKeeperError)?.code == .protocolError }
    }
}
