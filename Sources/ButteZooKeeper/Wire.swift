// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

/// ZooKeeper's wire records that the public API does not show, field for field.
///
/// Every frame on the connection is a big-endian `Int32` length followed by that many bytes. The
/// first frame each way is the handshake (`ConnectRequest` / `ConnectResponse`, no header); after
/// it, requests are a `RequestHeader` then the operation's record, and replies a `ReplyHeader` then
/// the response record (absent when `err` is not 0).
/// Source: ZooKeeper 3.8 `zookeeper.jute` (module `org.apache.zookeeper.proto`).
package enum Wire {
    /// The session handshake from the client.
    package struct ConnectRequest: Equatable, JuteEncodable, JuteDecodable {
        package var protocolVersion: Int32 = 0
        package var lastZxidSeen: Int64
        package var timeOut: Int32
        package var sessionId: Int64
        package var passwd: [UInt8]
        /// Sent after the record by clients since 3.4; the server reads it when present.
        package var readOnly: Bool = false

        package init(lastZxidSeen: Int64, timeOut: Int32, sessionId: Int64, passwd: [UInt8], readOnly: Bool = false) {
            self.lastZxidSeen = lastZxidSeen
            self.timeOut = timeOut
            self.sessionId = sessionId
            self.passwd = passwd
            self.readOnly = readOnly
        }

        package init(from reader: inout JuteReader) throws(ZooKeeperError) {
            protocolVersion = try reader.readInt()
            lastZxidSeen = try reader.readLong()
            timeOut = try reader.readInt()
            sessionId = try reader.readLong()
            passwd = try reader.readBuffer() ?? []
            readOnly = reader.remaining > 0 ? try reader.readBool() : false
        }

        package func encode(to writer: inout JuteWriter) {
            writer.write(protocolVersion)
            writer.write(lastZxidSeen)
            writer.write(timeOut)
            writer.write(sessionId)
            writer.write(buffer: passwd)
            writer.write(readOnly)
        }
    }

    /// The server's answer to the handshake; `timeOut <= 0` means the session expired.
    package struct ConnectResponse: Equatable, JuteEncodable, JuteDecodable {
        package var protocolVersion: Int32
        package var timeOut: Int32
        package var sessionId: Int64
        package var passwd: [UInt8]
        /// Sent after the record by servers since 3.4.
        package var readOnly: Bool

        package init(protocolVersion: Int32 = 0, timeOut: Int32, sessionId: Int64, passwd: [UInt8], readOnly: Bool = false) {
            self.protocolVersion = protocolVersion
            self.timeOut = timeOut
            self.sessionId = sessionId
            self.passwd = passwd
            self.readOnly = readOnly
        }

        package init(from reader: inout JuteReader) throws(ZooKeeperError) {
            protocolVersion = try reader.readInt()
            timeOut = try reader.readInt()
            sessionId = try reader.readLong()
            passwd = try reader.readBuffer() ?? []
            readOnly = reader.remaining > 0 ? try reader.readBool() : false
        }

        package func encode(to writer: inout JuteWriter) {
            writer.write(protocolVersion)
            writer.write(timeOut)
            writer.write(sessionId)
            writer.write(buffer: passwd)
            writer.write(readOnly)
        }
    }

    /// Precedes every request after the handshake.
    package struct RequestHeader: Equatable, JuteEncodable, JuteDecodable {
        package var xid: Int32
        package var type: Int32

        package init(xid: Int32, type: Int32) {
            self.xid = xid
            self.type = type
        }

        package init(from reader: inout JuteReader) throws(ZooKeeperError) {
            xid = try reader.readInt()
            type = try reader.readInt()
        }

        package func encode(to writer: inout JuteWriter) {
            writer.write(xid)
            writer.write(type)
        }
    }

    /// Precedes every reply and notification after the handshake.
    package struct ReplyHeader: Equatable, JuteEncodable, JuteDecodable {
        package var xid: Int32
        package var zxid: Int64
        package var err: Int32

        package init(xid: Int32, zxid: Int64, err: Int32) {
            self.xid = xid
            self.zxid = zxid
            self.err = err
        }

        package init(from reader: inout JuteReader) throws(ZooKeeperError) {
            xid = try reader.readInt()
            zxid = try reader.readLong()
            err = try reader.readInt()
        }

        package func encode(to writer: inout JuteWriter) {
            writer.write(xid)
            writer.write(zxid)
            writer.write(err)
        }
    }

    /// A watch notification (reply xid -1).
    package struct WatcherEvent: Equatable, JuteEncodable, JuteDecodable {
        package var type: Int32
        package var state: Int32
        package var path: String

        package init(type: Int32, state: Int32, path: String) {
            self.type = type
            self.state = state
            self.path = path
        }

        package init(from reader: inout JuteReader) throws(ZooKeeperError) {
            type = try reader.readInt()
            state = try reader.readInt()
            path = try reader.readString() ?? ""
        }

        package func encode(to writer: inout JuteWriter) {
            writer.write(type)
            writer.write(state)
            writer.write(string: path)
        }
    }

    /// Re-registers watches on a new connection of the same session; the server fires those whose
    /// nodes changed after `relativeZxid`.
    package struct SetWatches: Equatable, JuteEncodable {
        package var relativeZxid: Int64
        package var dataWatches: [String]
        package var existWatches: [String]
        package var childWatches: [String]

        package func encode(to writer: inout JuteWriter) {
            writer.write(relativeZxid)
            writer.write(strings: dataWatches)
            writer.write(strings: existWatches)
            writer.write(strings: childWatches)
        }
    }

    /// Adds an authenticated identity to the session (request xid -4).
    package struct AuthPacket: Equatable, JuteEncodable {
        package var type: Int32 = 0
        package var scheme: String
        package var auth: [UInt8]

        package func encode(to writer: inout JuteWriter) {
            writer.write(type)
            writer.write(string: scheme)
            writer.write(buffer: auth)
        }
    }

    /// `create` and `create2`.
    package struct CreateRequest: Equatable, JuteEncodable {
        package var path: String
        package var data: [UInt8]?
        package var acl: [ZooKeeperACL]
        package var flags: Int32

        package func encode(to writer: inout JuteWriter) {
            writer.write(string: path)
            writer.write(buffer: data)
            writer.write(records: acl)
            writer.write(flags)
        }
    }

    /// `delete`, and `check` (`CheckVersionRequest` has the same fields).
    package struct PathVersionRequest: Equatable, JuteEncodable {
        package var path: String
        package var version: Int32

        package func encode(to writer: inout JuteWriter) {
            writer.write(string: path)
            writer.write(version)
        }
    }

    /// `exists`, `getData`, `getChildren2`: a path and whether to leave a watch.
    package struct PathWatchRequest: Equatable, JuteEncodable {
        package var path: String
        package var watch: Bool

        package func encode(to writer: inout JuteWriter) {
            writer.write(string: path)
            writer.write(watch)
        }
    }

    /// `setData`.
    package struct SetDataRequest: Equatable, JuteEncodable {
        package var path: String
        package var data: [UInt8]?
        package var version: Int32

        package func encode(to writer: inout JuteWriter) {
            writer.write(string: path)
            writer.write(buffer: data)
            writer.write(version)
        }
    }

    /// Precedes each operation of a multi request and each result of its reply; a header with
    /// `done` true (type -1, err -1) ends the list.
    package struct MultiHeader: Equatable, JuteEncodable, JuteDecodable {
        package var type: Int32
        package var done: Bool
        package var err: Int32

        package init(type: Int32, done: Bool, err: Int32) {
            self.type = type
            self.done = done
            self.err = err
        }

        package init(from reader: inout JuteReader) throws(ZooKeeperError) {
            type = try reader.readInt()
            done = try reader.readBool()
            err = try reader.readInt()
        }

        package func encode(to writer: inout JuteWriter) {
            writer.write(type)
            writer.write(done)
            writer.write(err)
        }
    }
}
