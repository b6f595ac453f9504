// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

// Source: https://github.com/apache/mesos/blob/1.11.0/include/mesos/v1/mesos.proto (Mesos 1.11)
/// Describes an agent: where it is and what it has.
public struct AgentInfo: Codable, Hashable, Sendable {
    /// Host name.
    public var hostname: String

    /// Agent port (5051 when unset).
    public var port: Int32?

    /// Total resources.
    public var resources: [Resource]

    /// Attributes used for placement.
    public var attributes: [Attribute]

    /// Id assigned by the master.
    public var id: AgentID?

    /// Fault domain.
    public var domain: DomainInfo?

    /// Creates a value; optional fields default to unset and repeated fields to empty.
    public init(
        hostname: String,
        port: Int32? = nil,
        resources: [Resource] = [],
        attributes: [Attribute] = [],
        id: AgentID? = nil,
        domain: DomainInfo? = nil
    ) {
        self.hostname = hostname
        self.port = port
        self.resources = resources
        self.attributes = attributes
        self.id = id
        self.domain = domain
    }

    enum CodingKeys: String, CodingKey {
        case hostname
        case port
        case resources
        case attributes
        case id
        case domain
    }
}
