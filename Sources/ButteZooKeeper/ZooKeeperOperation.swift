// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

/// One operation of a `multi` transaction: all of them apply, or none does.
public enum ZooKeeperOperation: Sendable, Hashable {
    /// Create a node.
    case create(path: String, data: [UInt8], acl: [ZooKeeperACL] = ZooKeeperACL.openUnsafe, mode: CreateMode = .persistent)
    /// Delete a node whose version is `version` (-1: any version).
    case delete(path: String, version: Int32 = -1)
    /// Set a node's data if its version is `version` (-1: any version).
    case setData(path: String, data: [UInt8], version: Int32 = -1)
    /// Require that a node's version is `version`, changing nothing.
    case check(path: String, version: Int32)

    /// The path the operation acts on.
    public var path: String {
        switch self {
        case .create(let path, _, _, _), .delete(let path, _), .setData(let path, _, _), .check(let path, _): path
        }
    }

    /// The operation's name in error messages.
    var name: String {
        switch self {
        case .create: "create"
        case .delete: "delete"
        case .setData: "setData"
        case .check: "check"
        }
    }

    /// The request type inside a multi request.
    var opCode: OpCode {
        switch self {
        case .create: .create
        case .delete: .delete
        case .setData: .setData
        case .check: .check
        }
    }
}

/// The result of one operation of a successful `multi`, in the order of the operations.
public enum ZooKeeperOperationResult: Sendable, Hashable {
    /// The node was created at `path` (with the sequence number for sequential modes), relative to the chroot.
    case created(path: String)
    /// The node was deleted.
    case deleted
    /// The data was set; the node's new stat.
    case dataSet(ZooKeeperStat)
    /// The version check passed.
    case checked
}
