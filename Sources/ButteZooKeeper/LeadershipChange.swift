// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

/// What a `LeaderContender` reports about its own leadership.
public enum LeadershipChange: Sendable, Hashable, CustomStringConvertible {
    /// The contender's node has the lowest sequence: it leads from now on.
    case elected
    /// The contender does not lead any more and will not again: its session expired or closed,
    /// its node disappeared, or it withdrew. Act on it at once. Terminal: the stream finishes.
    case lost(reason: String)

    /// E.g. `lost (session expired)`.
    public var description: String {
        switch self {
        case .elected: "elected"
        case .lost(let reason): "lost (\(reason))"
        }
    }
}
