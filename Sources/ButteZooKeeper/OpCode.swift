// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

/// The request types this client sends (`RequestHeader.type`).
/// Source: ZooKeeper 3.8 `org.apache.zookeeper.ZooDefs.OpCode`.
package enum OpCode: Int32, Sendable {
    case create = 1
    case delete = 2
    case exists = 3
    case getData = 4
    case setData = 5
    case getACL = 6
    case setACL = 7
    case getChildren = 8
    case sync = 9
    case ping = 11
    case getChildren2 = 12
    case check = 13
    case multi = 14
    case create2 = 15
    case auth = 100
    case setWatches = 101
    case closeSession = -11
    case error = -1

    /// The name used in error messages.
    package var name: String {
        switch self {
        case .create, .create2: "create"
        case .delete: "delete"
        case .exists: "exists"
        case .getData: "getData"
        case .setData: "setData"
        case .getACL: "getACL"
        case .setACL: "setACL"
        case .getChildren, .getChildren2: "getChildren"
        case .sync: "sync"
        case .ping: "ping"
        case .check: "check"
        case .multi: "multi"
        case .auth: "auth"
        case .setWatches: "setWatches"
        case .closeSession: "closeSession"
        case .error: "error"
        }
    }
}

/// The reserved xids of requests and replies that are not ordinary operations.
/// Source: ZooKeeper 3.8 `org.apache.zookeeper.ClientCnxn`.
package enum SpecialXid {
    /// A watch notification from the server.
    package static let notification: Int32 = -1
    /// A ping and its reply.
    package static let ping: Int32 = -2
    /// An `AuthPacket` and its reply.
    package static let auth: Int32 = -4
    /// A `SetWatches` request and its reply.
    package static let setWatches: Int32 = -8
}
