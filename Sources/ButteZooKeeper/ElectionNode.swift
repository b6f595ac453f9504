// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

/// A contender's znode in an election directory: `<label><10-digit sequence>`, e.g. `json.info_0000000007`.
///
/// Mesos masters create these (ephemeral and sequential) under their `--zk` path with the
/// MasterInfo JSON as data; the lowest sequence leads.
public struct ElectionNode: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The label Mesos uses for nodes holding MasterInfo JSON.
    public static let mesosLabel = "json.info_"

    /// The node's name (the last path component).
    public var name: String
    /// The sequence number the server appended.
    public var sequence: Int64

    /// Parses a child name; `nil` for names without `label` or without a sequence number after it.
    public init?(name: String, label: String = ElectionNode.mesosLabel) {
        guard name.hasPrefix(label) else { return nil }
        let digits = name.dropFirst(label.count)
        // ZooKeeper formats the sequence with %010d; an overflowed counter gives a minus sign.
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "-") }), let sequence = Int64(digits) else {
            return nil
        }
        self.name = name
        self.sequence = sequence
    }

    /// The contenders among `children`, lowest sequence (the leader) first.
    public static func contenders(in children: [String], label: String = ElectionNode.mesosLabel) -> [ElectionNode] {
        children.compactMap { ElectionNode(name: $0, label: label) }.sorted()
    }

    /// Orders by sequence, then by name.
    public static func < (lhs: ElectionNode, rhs: ElectionNode) -> Bool {
        (lhs.sequence, lhs.name) < (rhs.sequence, rhs.name)
    }

    /// The name.
    public var description: String { name }
}
