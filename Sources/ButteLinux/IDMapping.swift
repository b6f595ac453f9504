// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

/// One line of a user namespace's `uid_map` or `gid_map`: `count` ids from `containerID` on are the host's
/// ids from `hostID` on.
public struct IDMapping: Hashable, Sendable, CustomStringConvertible {
    /// The first id inside the namespace.
    public var containerID: UInt32
    /// The host id it stands for.
    public var hostID: UInt32
    /// How many consecutive ids are mapped.
    public var count: UInt32

    /// Creates a mapping.
    public init(containerID: UInt32, hostID: UInt32, count: UInt32) {
        self.containerID = containerID
        self.hostID = hostID
        self.count = count
    }

    /// "containerID hostID count", the line written to the map file.
    public var description: String { "\(containerID) \(hostID) \(count)" }

    /// The map file's text for `mappings`.
    public static func text(_ mappings: [IDMapping]) -> String {
        mappings.map { $0.description + "\n" }.joined()
    }
}
