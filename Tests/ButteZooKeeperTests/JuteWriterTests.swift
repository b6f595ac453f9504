// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import NIOCore
import Testing

@testable import ButteZooKeeper

/// The expected bytes follow the field order of ZooKeeper 3.8's `zookeeper.jute`; each was also
/// checked against the output of ZooKeeper's own `BinaryOutputArchive` for the same record.
@Suite struct JuteWriterTests {
    private func encode(_ record: some JuteEncodable) -> String {
        var writer = JuteWriter()
        writer.write(record)
        return Hex.string(writer.buffer)
    }

    @Test("primitives are big-endian, booleans one byte, null buffers and vectors length -1")
    func primitives() {
        var writer = JuteWriter()
        writer.write(Int32(-2))
        writer.write(Int64(0x0102_0304_0506_0708))
        writer.write(true)
        writer.write(false)
        writer.write(buffer: nil)
        writer.write(buffer: [0xAB])
        writer.write(string: "é")
        writer.write(strings: nil)
        writer.write(strings: [])
        #expect(
            Hex.string(writer.buffer)
                == "fffffffe" + "0102030405060708" + "01" + "00" + "ffffffff" + "00000001ab" + "00000002c3a9" + "ffffffff" + "00000000"
        )
    }

    @Test("ConnectRequest: version, last zxid, timeout, session id, password, then the read-only flag")
    func connectRequest() {
        let request = Wire.ConnectRequest(lastZxidSeen: 0x11_2233_4455, timeOut: 30000, sessionId: 0x0102_0304_0506_0708, passwd: [9, 8, 7])
        #expect(encode(request) == "00000000000000112233445500007530010203040506070800000003090807" + "00")
    }

    @Test("RequestHeader is xid then type")
    func requestHeader() {
        #expect(encode(Wire.RequestHeader(xid: 7, type: OpCode.create.rawValue)) == "0000000700000001")
    }

    @Test("CreateRequest: path, data, ACL vector, flags")
    func createRequest() {
        let request = Wire.CreateRequest(
            path: "/a", data: Array("hi".utf8), acl: ZooKeeperACL.openUnsafe, flags: CreateMode.ephemeralSequential.flags)
        #expect(encode(request) == "000000022f61000000026869000000010000001f00000005776f726c6400000006616e796f6e6500000003")
        let empty = Wire.CreateRequest(path: "/a", data: nil, acl: ZooKeeperACL.openUnsafe, flags: 0)
        #expect(encode(empty) == "000000022f61ffffffff000000010000001f00000005776f726c6400000006616e796f6e6500000000")
    }

    @Test("GetDataRequest: path then the watch flag")
    func getDataRequest() {
        #expect(encode(Wire.PathWatchRequest(path: "/zk", watch: true)) == "000000032f7a6b01")
    }

    @Test("SetWatches: relative zxid, then data, exist and child watch vectors")
    func setWatches() {
        let record = Wire.SetWatches(relativeZxid: 5, dataWatches: ["/d"], existWatches: [], childWatches: ["/c1", "/c2"])
        #expect(encode(record) == "000000000000000500000001000000022f640000000000000002000000032f6331000000032f6332")
    }

    @Test("AuthPacket: type 0, scheme, auth bytes")
    func authPacket() {
        #expect(encode(Wire.AuthPacket(scheme: "digest", auth: Array("u:p".utf8))) == "000000000000000664696765737400000003753a70")
    }

    @Test("Stat has eleven fields in declaration order")
    func stat() {
        let stat = ZooKeeperStat(
            czxid: 1, mzxid: 2, ctime: 3, mtime: 4, version: 5, cversion: 6, aversion: 7, ephemeralOwner: 8, dataLength: 9, numChildren: 10, pzxid: 11
        )
        #expect(
            encode(stat)
                == "00000000000000010000000000000002000000000000000300000000000000040000000500000006000000070000000000000008000000090000000a000000000000000b"
        )
    }

    @Test("multi: each operation behind a MultiHeader, closed by a done header")
    func multi() throws {
        let request = try MultiRequest(operations: [.check(path: "/a", version: 1), .delete(path: "/b")], chroot: "")
        #expect(encode(request) == "0000000d00ffffffff000000022f61000000010000000200ffffffff000000022f62ffffffffffffffff01ffffffff")
    }

    @Test("multi paths get the chroot prefix")
    func multiChroot() throws {
        let request = try MultiRequest(operations: [.delete(path: "/b")], chroot: "/r")
        #expect(encode(request).contains(Hex.string(Array("/r/b".utf8))))
    }

    @Test("multi rejects an invalid path before sending")
    func multiInvalidPath() {
        #expect(throws: ZooKeeperError.self) { try MultiRequest(operations: [.delete(path: "b")], chroot: "") }
    }
}
