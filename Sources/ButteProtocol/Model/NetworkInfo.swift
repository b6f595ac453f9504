// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

// Source: https://github.com/apache/mesos/blob/1.11.0/include/mesos/v1/mesos.proto (Mesos 1.11)
/// A network a container joins (CNI network name, addresses, port mappings).
public struct NetworkInfo: Codable, Hashable, Sendable {
    /// Requested or assigned addresses.
    public var ipAddresses: [IPAddress]

    /// Network name (CNI configuration name).
    public var name: String?

    /// Security groups.
    public var groups: [String]

    /// Labels for the network plugin.
    public var labels: Labels?

    /// Host port to container port mappings.
    public var portMappings: [PortMapping]

    /// Creates a value; optional fields default to unset and repeated fields to empty.
    public init(
        ipAddresses: [IPAddress] = [],
        name: String? = nil,
        groups: [String] = [],
        labels: Labels? = nil,
        portMappings: [PortMapping] = []
    ) {
        self.ipAddresses = ipAddresses
        self.name = name
        self.groups = groups
        self.labels = labels
        self.portMappings = portMappings
    }

    enum CodingKeys: String, CodingKey {
        case ipAddresses = "ip_addresses"
        case name
        case groups
        case labels
        case portMappings = "port_mappings"
    }
}

extension NetworkInfo {
    /// IP versions.
    public struct IPProtocol: ProtocolEnum {
        /// The Mesos name of the value, e.g. as it appears in JSON.
        public let rawValue: String

        /// Wraps a Mesos name; names unknown to Butte are representable but not ``isKnown``.
        public init(rawValue: String) {
            self.rawValue = rawValue
        }

        /// `IPv4`.
        public static let ipv4 = Self(rawValue: "IPv4")
        /// `IPv6`.
        public static let ipv6 = Self(rawValue: "IPv6")

        /// Every value this version of Butte knows.
        public static let known: Swift.Set<Self> = [
            .ipv4,
            .ipv6,
        ]
    }
}

extension NetworkInfo {
    /// One IP address.
    public struct IPAddress: Codable, Hashable, Sendable {
        /// IPv4 (default) or IPv6.
        public var ipProtocol: IPProtocol?

        /// The address.
        public var ipAddress: String?

        /// Creates a value; optional fields default to unset and repeated fields to empty.
        public init(
            ipProtocol: IPProtocol? = nil,
            ipAddress: String? = nil
        ) {
            self.ipProtocol = ipProtocol
            self.ipAddress = ipAddress
        }

        enum CodingKeys: String, CodingKey {
            case ipProtocol = "protocol"
            case ipAddress = "ip_address"
        }
    }
}

extension NetworkInfo {
    /// One host port to container port mapping.
    public struct PortMapping: Codable, Hashable, Sendable {
        /// Port on the host.
        public var hostPort: UInt32

        /// Port in the container.
        public var containerPort: UInt32

        /// `tcp` (default) or `udp`.
        public var protocolName: String?

        /// Creates a value; optional fields default to unset and repeated fields to empty.
        public init(
            hostPort: UInt32,
            containerPort: UInt32,
            protocolName: String? = nil
        ) {
            self.hostPort = hostPort
            self.containerPort = containerPort
            self.protocolName = protocolName
        }

        enum CodingKeys: String, CodingKey {
            case hostPort = "host_port"
            case containerPort = "container_port"
            case protocolName = "protocol"
        }
    }
}
