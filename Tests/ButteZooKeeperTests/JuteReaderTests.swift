// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import NIOCore
import Testing

@testable import ButteZooKeeper

@Suite struct JuteReaderTests {
    @Test("reads what the writer wrote")
    func roundTrip() throws {
        var writer = JuteWriter()
        writer.write(Int32(-7))
        writer.write(Int64.min)
        writer.write(true)
        writer.write(buffer: nil)
        writer.write(buffer: [1, 2, 3])
        writer.write(string: "/zöo")
        writer.write(strings: ["a", "bc"])
        var reader = JuteReader(buffer: writer.buffer)
        #expect(try reader.readInt() == -7)
        #expect(try reader.readLong() == Int64.min)
        #expect(try reader.readBool())
        #expect(try reader.readBuffer() == nil)
        #expect(try reader.readBuffer() == [1, 2, 3])
        #expect(try reader.readString() == "/zöo")
        #expect(try reader.readStrings() == ["a", "bc"])
        #expect(reader.remaining == 0)
    }

    @Test("ReplyHeader of a notification: xid -1, zxid -1, err 0")
    func replyHeader() throws {
        var reader = JuteReader(bytes: Hex.bytes("ffffffffffffffffffffffff00000000"))
        #expect(try reader.read(Wire.ReplyHeader.self) == Wire.ReplyHeader(xid: -1, zxid: -1, err: 0))
    }

    @Test("WatcherEvent: type, state, path")
    func watcherEvent() throws {
        var reader = JuteReader(bytes: Hex.bytes("0000000200000003000000022f78"))
        #expect(try reader.read(Wire.WatcherEvent.self) == Wire.WatcherEvent(type: 2, state: 3, path: "/x"))
    }

    @Test("ConnectResponse with and without the trailing read-only flag")
    func connectResponse() throws {
        let body = "00000000" + "00001388" + "0000000000000042" + "00000002abcd"
        var withFlag = JuteReader(bytes: Hex.bytes(body + "01"))
        let flagged = try withFlag.read(Wire.ConnectResponse.self)
        #expect(flagged == Wire.ConnectResponse(timeOut: 5000, sessionId: 0x42, passwd: [0xAB, 0xCD], readOnly: true))
        var without = JuteReader(bytes: Hex.bytes(body))
        #expect(try without.read(Wire.ConnectResponse.self).readOnly == false)
    }

    @Test("truncated input is a marshalling error naming the context")
    func truncated() {
        var reader = JuteReader(bytes: [0, 0, 0, 9, 1, 2], context: "GetDataResponse")
        #expect {
            _ = try reader.readBuffer()
        } throws: { error in
            let error = error as? ZooKeeperError
            return error?.code == .marshallingError && error?.message.contains("GetDataResponse") == true
        }
    }

    @Test("negative lengths other than -1 are refused")
    func negativeLength() {
        var reader = JuteReader(bytes: Hex.bytes("fffffffe"))
        #expect(throws: ZooKeeperError.self) { _ = try reader.readString() }
    }

    @Test("a vector count larger than the frame is refused without allocating")
    func hugeVector() {
        var reader = JuteReader(bytes: Hex.bytes("7fffffff00000001"))
        #expect(throws: ZooKeeperError.self) { _ = try reader.readStrings() }
    }

    @Test("invalid UTF-8 in a string is refused")
    func invalidUTF8() {
        var reader = JuteReader(bytes: [0, 0, 0, 1, 0xff])
        #expect(throws: ZooKeeperError.self) { _ = try reader.readString() }
    }

    @Test("multi results: created path (chroot stripped), stat, deleted, checked")
    func multiResults() throws {
        var writer = JuteWriter()
        writer.write(Wire.MultiHeader(type: OpCode.create.rawValue, done: false, err: 0))
        writer.write(string: "/r/n0000000001")
        writer.write(Wire.MultiHeader(type: OpCode.setData.rawValue, done: false, err: 0))
        writer.write(ZooKeeperStat(version: 3))
        writer.write(Wire.MultiHeader(type: OpCode.delete.rawValue, done: false, err: 0))
        writer.write(Wire.MultiHeader(type: OpCode.check.rawValue, done: false, err: 0))
        writer.write(Wire.MultiHeader(type: -1, done: true, err: -1))
        let operations: [ZooKeeperOperation] = [
            .create(path: "/n", data: [], mode: .persistentSequential), .setData(path: "/m", data: [1]), .delete(path: "/d"),
            .check(path: "/c", version: 0),
        ]
        var reader = JuteReader(buffer: writer.buffer)
        let results = try MultiRequest.results(from: &reader, operations: operations, chroot: "/r")
        #expect(results == [.created(path: "/n0000000001"), .dataSet(ZooKeeperStat(version: 3)), .deleted, .checked])
    }

    @Test("a failed multi throws the failing operation's code, index and path")
    func multiFailure() throws {
        var writer = JuteWriter()
        for err: Int32 in [0, -101, -2] {
            writer.write(Wire.MultiHeader(type: OpCode.error.rawValue, done: false, err: err))
            writer.write(err)
        }
        writer.write(Wire.MultiHeader(type: -1, done: true, err: -1))
        let operations: [ZooKeeperOperation] = [.check(path: "/a", version: 0), .delete(path: "/missing"), .create(path: "/c", data: [])]
        var reader = JuteReader(buffer: writer.buffer)
        #expect {
            _ = try MultiRequest.results(from: &reader, operations: operations, chroot: "")
        } throws: { error in
            let error = error as? ZooKeeperError
            return error?.code == .noNode && error?.message == "multi operation 1 (delete /missing): NoNode"
        }
    }
}
