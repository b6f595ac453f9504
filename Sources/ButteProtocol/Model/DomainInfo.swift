// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

// Source: https://github.com/apache/mesos/blob/1.11.0/include/mesos/v1/mesos.proto (Mesos 1.11)
/// Fault domain (region and zone) of a master or agent.
public struct DomainInfo: Codable, Hashable, Sendable {
    /// Region and zone.
    public var faultDomain: FaultDomain?

    /// Creates a value; optional fields default to unset and repeated fields to empty.
    public init(
        faultDomain: FaultDomain? = nil
    ) {
        self.faultDomain = faultDomain
    }

    enum CodingKeys: String, CodingKey {
        case faultDomain = "fault_domain"
    }
}

extension DomainInfo {
    /// A region/zone pair.
    public struct FaultDomain: Codable, Hashable, Sendable {
        /// The region.
        public var region: Named

        /// The zone.
        public var zone: Named

        /// Creates a value; optional fields default to unset and repeated fields to empty.
        public init(
            region: Named,
            zone: Named
        ) {
            self.region = region
            self.zone = zone
        }

        enum CodingKeys: String, CodingKey {
            case region
            case zone
        }
    }
}

extension DomainInfo {
    /// A named region or zone.
    public struct Named: Codable, Hashable, Sendable {
        /// Its name.
        public var name: String

        /// Creates a value; optional fields default to unset and repeated fields to empty.
        public init(
            name: String
        ) {
            self.name = name
        }

        enum CodingKeys: String, CodingKey {
            case name
        }
    }
}
