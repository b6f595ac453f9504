// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

// Source: https://github.com/apache/mesos/blob/1.11.0/include/mesos/v1/mesos.proto (Mesos 1.11)
/// Service discovery data of a task or executor.
public struct DiscoveryInfo: Codable, Hashable, Sendable {
    /// Who may discover it.
    public var visibility: Visibility

    /// Service name.
    public var name: String?

    /// Environment.
    public var environment: String?

    /// Location.
    public var location: String?

    /// Version.
    public var version: String?

    /// Named ports.
    public var ports: Ports?

    /// Labels.
    public var labels: Labels?

    /// Creates a value; optional fields default to unset and repeated fields to empty.
    public init(
        visibility: Visibility,
        name: String? = nil,
        environment: String? = nil,
        location: String? = nil,
        version: String? = nil,
        ports: Ports? = nil,
        labels: Labels? = nil
    ) {
        self.visibility = visibility
        self.name = name
        self.environment = environment
        self.location = location
        self.version = version
        self.ports = ports
        self.labels = labels
    }

    enum CodingKeys: String, CodingKey {
        case visibility
        case name
        case environment
        case location
        case version
        case ports
        case labels
    }
}

extension DiscoveryInfo {
    /// Discovery visibility.
    public struct Visibility: ProtocolEnum {
        /// The Mesos name of the value, e.g. as it appears in JSON.
        public let rawValue: String

        /// Wraps a Mesos name; names unknown to Butte are representable but not ``isKnown``.
        public init(rawValue: String) {
            self.rawValue = rawValue
        }

        /// `FRAMEWORK`.
        public static let framework = Self(rawValue: "FRAMEWORK")
        /// `CLUSTER`.
        public static let cluster = Self(rawValue: "CLUSTER")
        /// `EXTERNAL`.
        public static let external = Self(rawValue: "EXTERNAL")

        /// Every value this version of Butte knows.
        public static let known: Swift.Set<Self> = [
            .framework,
            .cluster,
            .external,
        ]
    }
}

extension DiscoveryInfo {
    /// Named ports.
    public struct Ports: Codable, Hashable, Sendable {
        /// The ports.
        public var ports: [Port]

        /// Creates a value; optional fields default to unset and repeated fields to empty.
        public init(
            ports: [Port] = []
        ) {
            self.ports = ports
        }

        enum CodingKeys: String, CodingKey {
            case ports
        }
    }
}

extension DiscoveryInfo {
    /// One named port.
    public struct Port: Codable, Hashable, Sendable {
        /// Port number.
        public var number: UInt32

        /// Name.
        public var name: String?

        /// Protocol.
        public var protocolName: String?

        /// Visibility.
        public var visibility: Visibility?

        /// Labels.
        public var labels: Labels?

        /// Creates a value; optional fields default to unset and repeated fields to empty.
        public init(
            number: UInt32,
            name: String? = nil,
            protocolName: String? = nil,
            visibility: Visibility? = nil,
            labels: Labels? = nil
        ) {
            self.number = number
            self.name = name
            self.protocolName = protocolName
            self.visibility = visibility
            self.labels = labels
        }

        enum CodingKeys: String, CodingKey {
            case number
            case name
            case protocolName = "protocol"
            case visibility
            case labels
        }
    }
}
