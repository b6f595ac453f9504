// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

/// A one-shot watch firing: what happened to which node.
/// Source: ZooKeeper 3.8 `Watcher.Event.EventType`.
public struct WatchEvent: Sendable, Hashable, CustomStringConvertible {
    /// What happened.
    public enum Kind: Int32, Sendable, Hashable {
        /// The node was created (exists watches).
        case nodeCreated = 1
        /// The node was deleted (data, exists and child watches).
        case nodeDeleted = 2
        /// The node's data changed (data and exists watches).
        case nodeDataChanged = 3
        /// A child was created or deleted (child watches).
        case nodeChildrenChanged = 4
    }

    /// What happened.
    public var kind: Kind
    /// The node's path, relative to the client's chroot.
    public var path: String

    /// Creates an event.
    public init(_ kind: Kind, path: String) {
        self.kind = kind
        self.path = path
    }

    /// E.g. `nodeDeleted /mesos/json.info_0000000001`.
    public var description: String { "\(kind) \(path)" }
}
