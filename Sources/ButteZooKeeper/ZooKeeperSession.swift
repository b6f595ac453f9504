// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

/// A ZooKeeper session's identity and the timeout the server granted.
///
/// The id and password let another client resume the same session (pass it as
/// `ZooKeeperClient.Configuration.session`), as long as the server still holds it.
public struct ZooKeeperSession: Sendable, Hashable, CustomStringConvertible {
    /// The session id the server assigned.
    public var id: Int64
    /// The session password (16 bytes from ZooKeeper 3.x); needed to resume the session.
    public var password: [UInt8]
    /// The session timeout the server negotiated (it clamps the requested one to 2 to 20 ticks).
    public var timeout: Duration

    /// Creates a session description.
    public init(id: Int64, password: [UInt8], timeout: Duration) {
        self.id = id
        self.password = password
        self.timeout = timeout
    }

    /// The id in ZooKeeper's log notation, e.g. `0x100012345670000`.
    public var hexID: String { "0x" + String(UInt64(bitPattern: id), radix: 16) }

    /// `session 0x… (timeout …)`, without the password.
    public var description: String { "session \(hexID) (timeout \(timeout))" }
}
