// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

// Source: https://github.com/apache/mesos/blob/1.11.0/include/mesos/v1/mesos.proto (Mesos 1.11)
/// A network address of a daemon.
public struct Address: Codable, Hashable, Sendable {
    /// Host name, if known.
    public var hostname: String?

    /// Textual IP address.
    public var ip: String?

    /// TCP port.
    public var port: Int32

    /// Creates a value; optional fields default to unset and repeated fields to empty.
    public init(
        hostname: String? = nil,
        ip: String? = nil,
        port: Int32
    ) {
        self.hostname = hostname
        self.ip = ip
        self.port = port
    }

    enum CodingKeys: String, CodingKey {
        case hostname
        case ip
        case port
    }
}
