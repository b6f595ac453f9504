// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

// Source: https://github.com/apache/mesos/blob/1.11.0/include/mesos/v1/mesos.proto (Mesos 1.11)
/// Describes a master; published in ZooKeeper and sent in SUBSCRIBED events.
public struct MasterInfo: Codable, Hashable, Sendable {
    /// Unique id of this master instance.
    public var id: String

    /// IPv4 address as a uint32 in network byte order (Mesos' historic encoding).
    /// Use ``ipv4(_:)`` to compute it from a dotted quad.
    public var ip: UInt32

    /// Port the master listens on (5050 by default).
    public var port: UInt32

    /// libprocess pid, `master@<ip>:<port>` (read by some clients to find the leader).
    public var pid: String?

    /// Host name.
    public var hostname: String?

    /// Numeric dotted version, e.g. `1.11.0` (clients parse it as integers).
    public var version: String?

    /// Address clients should dial.
    public var address: Address?

    /// Fault domain.
    public var domain: DomainInfo?

    /// Features this master supports.
    public var capabilities: [Capability]

    /// Creates a value; optional fields default to unset and repeated fields to empty.
    public init(
        id: String,
        ip: UInt32,
        port: UInt32,
        pid: String? = nil,
        hostname: String? = nil,
        version: String? = nil,
        address: Address? = nil,
        domain: DomainInfo? = nil,
        capabilities: [Capability] = []
    ) {
        self.id = id
        self.ip = ip
        self.port = port
        self.pid = pid
        self.hostname = hostname
        self.version = version
        self.address = address
        self.domain = domain
        self.capabilities = capabilities
    }

    enum CodingKeys: String, CodingKey {
        case id
        case ip
        case port
        case pid
        case hostname
        case version
        case address
        case domain
        case capabilities
    }

    /// The uint32 that Mesos puts in `ip` for a dotted IPv4 address: the address bytes in network order read
    /// as a little-endian integer (so `10.0.0.1` becomes `16777226`). Returns nil for anything but a dotted quad.
    public static func ipv4(_ dotted: String) -> UInt32? {
        let parts = dotted.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var result: UInt32 = 0
        for (index, part) in parts.enumerated() {
            guard part.count <= 3, let byte = UInt8(part) else { return nil }
            result |= UInt32(byte) << (8 * UInt32(index))
        }
        return result
    }
}

extension MasterInfo {
    /// One master capability.
    public struct Capability: Codable, Hashable, Sendable {
        /// Which capability.
        public var type: Kind?

        /// Creates a value; optional fields default to unset and repeated fields to empty.
        public init(
            type: Kind? = nil
        ) {
            self.type = type
        }

        enum CodingKeys: String, CodingKey {
            case type
        }
    }
}

extension MasterInfo.Capability {
    /// Master capability names.
    public struct Kind: ProtocolEnum {
        /// The Mesos name of the value, e.g. as it appears in JSON.
        public let rawValue: String

        /// Wraps a Mesos name; names unknown to Butte are representable but not ``isKnown``.
        public init(rawValue: String) {
            self.rawValue = rawValue
        }

        /// `AGENT_UPDATE`.
        public static let agentUpdate = Self(rawValue: "AGENT_UPDATE")
        /// `AGENT_DRAINING`.
        public static let agentDraining = Self(rawValue: "AGENT_DRAINING")
        /// `QUOTA_V2`.
        public static let quotaV2 = Self(rawValue: "QUOTA_V2")

        /// Every value this version of Butte knows.
        public static let known: Swift.Set<Self> = [
            .agentUpdate,
            .agentDraining,
            .quotaV2,
        ]
    }
}
