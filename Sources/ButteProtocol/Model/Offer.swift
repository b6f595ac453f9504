// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

// Source: https://github.com/apache/mesos/blob/1.11.0/include/mesos/v1/mesos.proto (Mesos 1.11)
/// Resources on one agent offered to one framework.
public struct Offer: Codable, Hashable, Sendable {
    /// Offer id.
    public var id: OfferID

    /// Framework the offer is for.
    public var frameworkID: FrameworkID

    /// Agent the resources are on.
    public var agentID: AgentID

    /// Agent host name.
    public var hostname: String

    /// Agent URL (`http://<ip>:<port>/slave(1)`).
    public var url: MesosURL?

    /// Agent fault domain.
    public var domain: DomainInfo?

    /// Offered resources.
    public var resources: [Resource]

    /// Agent attributes.
    public var attributes: [Attribute]

    /// Executors of this framework already running on the agent.
    public var executorIDs: [ExecutorID]

    /// Planned maintenance window of the agent.
    public var unavailability: Unavailability?

    /// Role the offer is allocated to (MULTI_ROLE only).
    public var allocationInfo: Resource.AllocationInfo?

    /// Creates a value; optional fields default to unset and repeated fields to empty.
    public init(
        id: OfferID,
        frameworkID: FrameworkID,
        agentID: AgentID,
        hostname: String,
        url: MesosURL? = nil,
        domain: DomainInfo? = nil,
        resources: [Resource] = [],
        attributes: [Attribute] = [],
        executorIDs: [ExecutorID] = [],
        unavailability: Unavailability? = nil,
        allocationInfo: Resource.AllocationInfo? = nil
    ) {
        self.id = id
        self.frameworkID = frameworkID
        self.agentID = agentID
        self.hostname = hostname
        self.url = url
        self.domain = domain
        self.resources = resources
        self.attributes = attributes
        self.executorIDs = executorIDs
        self.unavailability = unavailability
        self.allocationInfo = allocationInfo
    }

    enum CodingKeys: String, CodingKey {
        case id
        case frameworkID = "framework_id"
        case agentID = "agent_id"
        case hostname
        case url
        case domain
        case resources
        case attributes
        case executorIDs = "executor_ids"
        case unavailability
        case allocationInfo = "allocation_info"
    }
}

extension Offer {
    /// A maintenance window.
    public struct Unavailability: Codable, Hashable, Sendable {
        /// Start of the window.
        public var start: TimeInfo

        /// Length; unbounded when unset.
        public var duration: DurationInfo?

        /// Creates a value; optional fields default to unset and repeated fields to empty.
        public init(
            start: TimeInfo,
            duration: DurationInfo? = nil
        ) {
            self.start = start
            self.duration = duration
        }

        enum CodingKeys: String, CodingKey {
            case start
            case duration
        }
    }
}
