// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

/// The state of a client's session and connection, as `ZooKeeperClient.states()` reports it.
public enum ConnectionState: Sendable, Hashable, CustomStringConvertible {
    /// Connected to the server `server` (`host:port`); requests flow.
    case connected(server: String)
    /// The connection was lost; the client is moving to another server within the session.
    /// Requests wait, ephemeral nodes and watches survive if it gets back in time.
    case suspended
    /// The session is gone (the server said so, or the client stayed disconnected longer than the
    /// session timeout): its ephemeral nodes are deleted and watches dropped. Terminal: make a new client.
    case expired
    /// The client was closed. Terminal.
    case closed

    /// True for `.expired` and `.closed`, after which nothing changes.
    public var isTerminal: Bool { self == .expired || self == .closed }

    /// E.g. `connected to 127.0.0.1:2181`.
    public var description: String {
        switch self {
        case .connected(let server): "connected to \(server)"
        case .suspended: "suspended"
        case .expired: "expired"
        case .closed: "closed"
        }
    }
}
