// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

/// How a znode is created: whether it lives only as long as its session and whether the server
/// appends a sequence number to its name.
/// Source: ZooKeeper 3.8 `org.apache.zookeeper.CreateMode` (the flags of `CreateRequest`).
public enum CreateMode: Sendable, Hashable, CaseIterable {
    /// Stays until deleted.
    case persistent
    /// Removed when the creating session ends; cannot have children.
    case ephemeral
    /// Persistent, with a 10-digit, zero-padded sequence number appended to the name.
    case persistentSequential
    /// Ephemeral, with a sequence number appended to the name.
    case ephemeralSequential

    /// The `flags` field of `CreateRequest`.
    public var flags: Int32 {
        switch self {
        case .persistent: 0
        case .ephemeral: 1
        case .persistentSequential: 2
        case .ephemeralSequential: 3
        }
    }

    /// True for the ephemeral modes.
    public var isEphemeral: Bool { self == .ephemeral || self == .ephemeralSequential }
    /// True for the sequential modes.
    public var isSequential: Bool { self == .persistentSequential || self == .ephemeralSequential }
}
