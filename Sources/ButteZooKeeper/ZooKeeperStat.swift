// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

/// A znode's metadata, as the server reports it with reads and writes.
/// Source: ZooKeeper 3.8 `zookeeper.jute`, record `org.apache.zookeeper.data.Stat`.
public struct ZooKeeperStat: Sendable, Hashable, JuteEncodable, JuteDecodable {
    /// The zxid of the change that created the node.
    public var czxid: Int64
    /// The zxid of the change that last modified the node's data.
    public var mzxid: Int64
    /// Creation time, milliseconds since the epoch.
    public var ctime: Int64
    /// Last modification time, milliseconds since the epoch.
    public var mtime: Int64
    /// The number of changes to the data.
    public var version: Int32
    /// The number of changes to the children.
    public var cversion: Int32
    /// The number of changes to the ACL.
    public var aversion: Int32
    /// The session id of the owner of an ephemeral node, 0 for other nodes.
    public var ephemeralOwner: Int64
    /// The length of the data in bytes.
    public var dataLength: Int32
    /// The number of children.
    public var numChildren: Int32
    /// The zxid of the change that last modified the children.
    public var pzxid: Int64

    /// Creates a stat from its fields.
    public init(
        czxid: Int64 = 0, mzxid: Int64 = 0, ctime: Int64 = 0, mtime: Int64 = 0, version: Int32 = 0, cversion: Int32 = 0,
        aversion: Int32 = 0, ephemeralOwner: Int64 = 0, dataLength: Int32 = 0, numChildren: Int32 = 0, pzxid: Int64 = 0
    ) {
        self.czxid = czxid
        self.mzxid = mzxid
        self.ctime = ctime
        self.mtime = mtime
        self.version = version
        self.cversion = cversion
        self.aversion = aversion
        self.ephemeralOwner = ephemeralOwner
        self.dataLength = dataLength
        self.numChildren = numChildren
        self.pzxid = pzxid
    }

    /// True for an ephemeral node (one owned by a session).
    public var isEphemeral: Bool { ephemeralOwner != 0 }

    package init(from reader: inout JuteReader) throws(ZooKeeperError) {
        czxid = try reader.readLong()
        mzxid = try reader.readLong()
        ctime = try reader.readLong()
        mtime = try reader.readLong()
        version = try reader.readInt()
        cversion = try reader.readInt()
        aversion = try reader.readInt()
        ephemeralOwner = try reader.readLong()
        dataLength = try reader.readInt()
        numChildren = try reader.readInt()
        pzxid = try reader.readLong()
    }

    package func encode(to writer: inout JuteWriter) {
        writer.write(czxid)
        writer.write(mzxid)
        writer.write(ctime)
        writer.write(mtime)
        writer.write(version)
        writer.write(cversion)
        writer.write(aversion)
        writer.write(ephemeralOwner)
        writer.write(dataLength)
        writer.write(numChildren)
        writer.write(pzxid)
    }
}
