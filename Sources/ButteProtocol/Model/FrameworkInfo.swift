// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

// Source: https://github.com/apache/mesos/blob/1.11.0/include/mesos/v1/mesos.proto (Mesos 1.11)
/// Describes a framework; sent by it in SUBSCRIBE.
public struct FrameworkInfo: Codable, Hashable, Sendable {
    /// User tasks run as, unless a task says otherwise.
    public var user: String

    /// Framework name.
    public var name: String

    /// Set when resubscribing; must equal the call's `framework_id`.
    public var id: FrameworkID?

    /// Seconds the master waits for a disconnected framework before removing it (default 0).
    public var failoverTimeout: Double?

    /// Whether agents checkpoint this framework's tasks (default false).
    public var checkpoint: Bool?

    /// Deprecated single role (default `*`).
    public var role: String?

    /// Roles of a MULTI_ROLE framework.
    public var roles: [String]

    /// Host the scheduler runs on.
    public var hostname: String?

    /// Authentication principal.
    public var principal: String?

    /// URL of the framework's web UI.
    public var webuiURL: String?

    /// Features the framework supports.
    public var capabilities: [Capability]

    /// Free-form labels.
    public var labels: Labels?

    /// Creates a value; optional fields default to unset and repeated fields to empty.
    public init(
        user: String,
        name: String,
        id: FrameworkID? = nil,
        failoverTimeout: Double? = nil,
        checkpoint: Bool? = nil,
        role: String? = nil,
        roles: [String] = [],
        hostname: String? = nil,
        principal: String? = nil,
        webuiURL: String? = nil,
        capabilities: [Capability] = [],
        labels: Labels? = nil
    ) {
        self.user = user
        self.name = name
        self.id = id
        self.failoverTimeout = failoverTimeout
        self.checkpoint = checkpoint
        self.role = role
        self.roles = roles
        self.hostname = hostname
        self.principal = principal
        self.webuiURL = webuiURL
        self.capabilities = capabilities
        self.labels = labels
    }

    enum CodingKeys: String, CodingKey {
        case user
        case name
        case id
        case failoverTimeout = "failover_timeout"
        case checkpoint
        case role
        case roles
        case hostname
        case principal
        case webuiURL = "webui_url"
        case capabilities
        case labels
    }

    /// Whether `capabilities` contains `kind`.
    public func hasCapability(_ kind: Capability.Kind) -> Bool {
        capabilities.contains { $0.type == kind }
    }
}

extension FrameworkInfo {
    /// One framework capability.
    public struct Capability: Codable, Hashable, Sendable {
        /// Which capability; unknown names are dropped.
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

extension FrameworkInfo.Capability {
    /// Framework capability names.
    public struct Kind: ProtocolEnum {
        /// The Mesos name of the value, e.g. as it appears in JSON.
        public let rawValue: String

        /// Wraps a Mesos name; names unknown to Butte are representable but not ``isKnown``.
        public init(rawValue: String) {
            self.rawValue = rawValue
        }

        /// `REVOCABLE_RESOURCES`.
        public static let revocableResources = Self(rawValue: "REVOCABLE_RESOURCES")
        /// `TASK_KILLING_STATE`.
        public static let taskKillingState = Self(rawValue: "TASK_KILLING_STATE")
        /// `GPU_RESOURCES`.
        public static let gpuResources = Self(rawValue: "GPU_RESOURCES")
        /// `SHARED_RESOURCES`.
        public static let sharedResources = Self(rawValue: "SHARED_RESOURCES")
        /// `PARTITION_AWARE`.
        public static let partitionAware = Self(rawValue: "PARTITION_AWARE")
        /// `MULTI_ROLE`.
        public static let multiRole = Self(rawValue: "MULTI_ROLE")
        /// `RESERVATION_REFINEMENT`.
        public static let reservationRefinement = Self(rawValue: "RESERVATION_REFINEMENT")
        /// `REGION_AWARE`.
        public static let regionAware = Self(rawValue: "REGION_AWARE")

        /// Every value this version of Butte knows.
        public static let known: Swift.Set<Self> = [
            .revocableResources,
            .taskKillingState,
            .gpuResources,
            .sharedResources,
            .partitionAware,
            .multiRole,
            .reservationRefinement,
            .regionAware,
        ]
    }
}
