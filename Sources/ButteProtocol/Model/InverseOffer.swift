// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

// Source: https://github.com/apache/mesos/blob/1.11.0/include/mesos/v1/mesos.proto (Mesos 1.11)
/// A request that a framework release resources for maintenance.
public struct InverseOffer: Codable, Hashable, Sendable {
    /// Inverse offer id.
    public var id: OfferID

    /// Agent URL.
    public var url: MesosURL?

    /// Framework asked.
    public var frameworkID: FrameworkID

    /// Agent under maintenance.
    public var agentID: AgentID?

    /// The maintenance window.
    public var unavailability: Offer.Unavailability

    /// Resources to release (all when empty).
    public var resources: [Resource]

    /// Creates a value; optional fields default to unset and repeated fields to empty.
    public init(
        id: OfferID,
        url: MesosURL? = nil,
        frameworkID: FrameworkID,
        agentID: AgentID? = nil,
        unavailability: Offer.Unavailability,
        resources: [Resource] = []
    ) {
        self.id = id
        self.url = url
        self.frameworkID = frameworkID
        self.agentID = agentID
        self.unavailability = unavailability
        self.resources = resources
    }

    enum CodingKeys: String, CodingKey {
        case id
        case url
        case frameworkID = "framework_id"
        case agentID = "agent_id"
        case unavailability
        case resources
    }
}
