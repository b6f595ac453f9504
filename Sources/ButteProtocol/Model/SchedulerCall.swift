// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

// Source: https://github.com/apache/mesos/blob/1.11.0/include/mesos/v1/scheduler/scheduler.proto (Mesos 1.11)
/// A call a framework POSTs to `/api/v1/scheduler`.
///
/// Envelope: `{"type":"ACCEPT","framework_id":{...},"accept":{...}}`. The payload field named after the type
/// carries the body; ``validate()`` checks the envelope rules the master enforces before acting.
public struct SchedulerCall: Codable, Hashable, Sendable {
    /// The call; an unknown name decodes as unset (answered 501 like UNKNOWN).
    public var type: Kind?

    /// Calling framework; required except on SUBSCRIBE.
    public var frameworkID: FrameworkID?

    /// Body of SUBSCRIBE.
    public var subscribe: Subscribe?

    /// Body of ACCEPT.
    public var accept: Accept?

    /// Body of DECLINE.
    public var decline: Decline?

    /// Body of ACCEPT_INVERSE_OFFERS.
    public var acceptInverseOffers: AcceptInverseOffers?

    /// Body of DECLINE_INVERSE_OFFERS.
    public var declineInverseOffers: DeclineInverseOffers?

    /// Body of REVIVE (may be absent: all roles).
    public var revive: Revive?

    /// Body of KILL.
    public var kill: Kill?

    /// Body of SHUTDOWN.
    public var shutdown: Shutdown?

    /// Body of ACKNOWLEDGE.
    public var acknowledge: Acknowledge?

    /// Body of ACKNOWLEDGE_OPERATION_STATUS.
    public var acknowledgeOperationStatus: AcknowledgeOperationStatus?

    /// Body of RECONCILE.
    public var reconcile: Reconcile?

    /// Body of RECONCILE_OPERATIONS.
    public var reconcileOperations: ReconcileOperations?

    /// Body of MESSAGE.
    public var message: Message?

    /// Body of REQUEST.
    public var request: Request?

    /// Body of SUPPRESS (may be absent: all roles).
    public var suppress: Suppress?

    /// Body of UPDATE_FRAMEWORK.
    public var updateFramework: UpdateFramework?

    /// Creates a value; optional fields default to unset and repeated fields to empty.
    public init(
        type: Kind? = nil,
        frameworkID: FrameworkID? = nil,
        subscribe: Subscribe? = nil,
        accept: Accept? = nil,
        decline: Decline? = nil,
        acceptInverseOffers: AcceptInverseOffers? = nil,
        declineInverseOffers: DeclineInverseOffers? = nil,
        revive: Revive? = nil,
        kill: Kill? = nil,
        shutdown: Shutdown? = nil,
        acknowledge: Acknowledge? = nil,
        acknowledgeOperationStatus: AcknowledgeOperationStatus? = nil,
        reconcile: Reconcile? = nil,
        reconcileOperations: ReconcileOperations? = nil,
        message: Message? = nil,
        request: Request? = nil,
        suppress: Suppress? = nil,
        updateFramework: UpdateFramework? = nil
    ) {
        self.type = type
        self.frameworkID = frameworkID
        self.subscribe = subscribe
        self.accept = accept
        self.decline = decline
        self.acceptInverseOffers = acceptInverseOffers
        self.declineInverseOffers = declineInverseOffers
        self.revive = revive
        self.kill = kill
        self.shutdown = shutdown
        self.acknowledge = acknowledge
        self.acknowledgeOperationStatus = acknowledgeOperationStatus
        self.reconcile = reconcile
        self.reconcileOperations = reconcileOperations
        self.message = message
        self.request = request
        self.suppress = suppress
        self.updateFramework = updateFramework
    }

    enum CodingKeys: String, CodingKey {
        case type
        case frameworkID = "framework_id"
        case subscribe
        case accept
        case decline
        case acceptInverseOffers = "accept_inverse_offers"
        case declineInverseOffers = "decline_inverse_offers"
        case revive
        case kill
        case shutdown
        case acknowledge
        case acknowledgeOperationStatus = "acknowledge_operation_status"
        case reconcile
        case reconcileOperations = "reconcile_operations"
        case message
        case request
        case suppress
        case updateFramework = "update_framework"
    }
}

extension SchedulerCall {
    /// Scheduler call names.
    public struct Kind: ProtocolEnum {
        /// The Mesos name of the value, e.g. as it appears in JSON.
        public let rawValue: String

        /// Wraps a Mesos name; names unknown to Butte are representable but not ``isKnown``.
        public init(rawValue: String) {
            self.rawValue = rawValue
        }

        /// `UNKNOWN`.
        public static let unknown = Self(rawValue: "UNKNOWN")
        /// `SUBSCRIBE`.
        public static let subscribe = Self(rawValue: "SUBSCRIBE")
        /// `TEARDOWN`.
        public static let teardown = Self(rawValue: "TEARDOWN")
        /// `ACCEPT`.
        public static let accept = Self(rawValue: "ACCEPT")
        /// `DECLINE`.
        public static let decline = Self(rawValue: "DECLINE")
        /// `ACCEPT_INVERSE_OFFERS`.
        public static let acceptInverseOffers = Self(rawValue: "ACCEPT_INVERSE_OFFERS")
        /// `DECLINE_INVERSE_OFFERS`.
        public static let declineInverseOffers = Self(rawValue: "DECLINE_INVERSE_OFFERS")
        /// `REVIVE`.
        public static let revive = Self(rawValue: "REVIVE")
        /// `KILL`.
        public static let kill = Self(rawValue: "KILL")
        /// `SHUTDOWN`.
        public static let shutdown = Self(rawValue: "SHUTDOWN")
        /// `ACKNOWLEDGE`.
        public static let acknowledge = Self(rawValue: "ACKNOWLEDGE")
        /// `ACKNOWLEDGE_OPERATION_STATUS`.
        public static let acknowledgeOperationStatus = Self(rawValue: "ACKNOWLEDGE_OPERATION_STATUS")
        /// `RECONCILE`.
        public static let reconcile = Self(rawValue: "RECONCILE")
        /// `RECONCILE_OPERATIONS`.
        public static let reconcileOperations = Self(rawValue: "RECONCILE_OPERATIONS")
        /// `MESSAGE`.
        public static let message = Self(rawValue: "MESSAGE")
        /// `REQUEST`.
        public static let request = Self(rawValue: "REQUEST")
        /// `SUPPRESS`.
        public static let suppress = Self(rawValue: "SUPPRESS")
        /// `UPDATE_FRAMEWORK`.
        public static let updateFramework = Self(rawValue: "UPDATE_FRAMEWORK")

        /// Every value this version of Butte knows.
        public static let known: Swift.Set<Self> = [
            .unknown,
            .subscribe,
            .teardown,
            .accept,
            .decline,
            .acceptInverseOffers,
            .declineInverseOffers,
            .revive,
            .kill,
            .shutdown,
            .acknowledge,
            .acknowledgeOperationStatus,
            .reconcile,
            .reconcileOperations,
            .message,
            .request,
            .suppress,
            .updateFramework,
        ]
    }
}

extension SchedulerCall {
    /// Subscribe (or resubscribe) and open the event stream.
    public struct Subscribe: Codable, Hashable, Sendable {
        /// The framework; `id` set when resubscribing.
        public var frameworkInfo: FrameworkInfo

        /// Roles to subscribe suppressed.
        public var suppressedRoles: [String]

        /// Creates a value; optional fields default to unset and repeated fields to empty.
        public init(
            frameworkInfo: FrameworkInfo,
            suppressedRoles: [String] = []
        ) {
            self.frameworkInfo = frameworkInfo
            self.suppressedRoles = suppressedRoles
        }

        enum CodingKeys: String, CodingKey {
            case frameworkInfo = "framework_info"
            case suppressedRoles = "suppressed_roles"
        }
    }
}

extension SchedulerCall {
    /// Accept offers by applying operations to them.
    public struct Accept: Codable, Hashable, Sendable {
        /// Offers used (all on one agent).
        public var offerIDs: [OfferID]

        /// Operations; unused resources are declined.
        public var operations: [Operation]

        /// Filter for the unused resources.
        public var filters: Filters?

        /// Creates a value; optional fields default to unset and repeated fields to empty.
        public init(
            offerIDs: [OfferID] = [],
            operations: [Operation] = [],
            filters: Filters? = nil
        ) {
            self.offerIDs = offerIDs
            self.operations = operations
            self.filters = filters
        }

        enum CodingKeys: String, CodingKey {
            case offerIDs = "offer_ids"
            case operations
            case filters
        }
    }
}

extension SchedulerCall {
    /// Decline offers.
    public struct Decline: Codable, Hashable, Sendable {
        /// Declined offers.
        public var offerIDs: [OfferID]

        /// How long to refuse them.
        public var filters: Filters?

        /// Creates a value; optional fields default to unset and repeated fields to empty.
        public init(
            offerIDs: [OfferID] = [],
            filters: Filters? = nil
        ) {
            self.offerIDs = offerIDs
            self.filters = filters
        }

        enum CodingKeys: String, CodingKey {
            case offerIDs = "offer_ids"
            case filters
        }
    }
}

extension SchedulerCall {
    /// The body of ACCEPT_INVERSE_OFFERS and DECLINE_INVERSE_OFFERS (maintenance): Mesos gives the two
    /// calls messages of the same shape.
    public struct InverseOfferAnswer: Codable, Hashable, Sendable {
        /// Inverse offers.
        public var inverseOfferIDs: [OfferID]

        /// Filters.
        public var filters: Filters?

        /// Creates a value; optional fields default to unset and repeated fields to empty.
        public init(
            inverseOfferIDs: [OfferID] = [],
            filters: Filters? = nil
        ) {
            self.inverseOfferIDs = inverseOfferIDs
            self.filters = filters
        }

        enum CodingKeys: String, CodingKey {
            case inverseOfferIDs = "inverse_offer_ids"
            case filters
        }
    }

    /// Accept inverse offers (maintenance).
    public typealias AcceptInverseOffers = InverseOfferAnswer
    /// Decline inverse offers (maintenance).
    public typealias DeclineInverseOffers = InverseOfferAnswer
}

extension SchedulerCall {
    /// The body of REVIVE and SUPPRESS, which Mesos gives the same shape: the roles they apply to.
    public struct RoleSelection: Codable, Hashable, Sendable {
        /// The roles; all the framework's roles when empty.
        public var roles: [String]

        /// Creates a value; optional fields default to unset and repeated fields to empty.
        public init(
            roles: [String] = []
        ) {
            self.roles = roles
        }

        enum CodingKeys: String, CodingKey {
            case roles
        }
    }

    /// Clear filters and unsuppress offers.
    public typealias Revive = RoleSelection
    /// Stop receiving offers.
    public typealias Suppress = RoleSelection
}

extension SchedulerCall {
    /// Kill a task.
    public struct Kill: Codable, Hashable, Sendable {
        /// The task.
        public var taskID: TaskID

        /// Its agent, if known.
        public var agentID: AgentID?

        /// Overrides the task's kill policy.
        public var killPolicy: KillPolicy?

        /// Creates a value; optional fields default to unset and repeated fields to empty.
        public init(
            taskID: TaskID,
            agentID: AgentID? = nil,
            killPolicy: KillPolicy? = nil
        ) {
            self.taskID = taskID
            self.agentID = agentID
            self.killPolicy = killPolicy
        }

        enum CodingKeys: String, CodingKey {
            case taskID = "task_id"
            case agentID = "agent_id"
            case killPolicy = "kill_policy"
        }
    }
}

extension SchedulerCall {
    /// Shut down a custom executor.
    public struct Shutdown: Codable, Hashable, Sendable {
        /// The executor.
        public var executorID: ExecutorID

        /// Its agent.
        public var agentID: AgentID

        /// Creates a value; optional fields default to unset and repeated fields to empty.
        public init(
            executorID: ExecutorID,
            agentID: AgentID
        ) {
            self.executorID = executorID
            self.agentID = agentID
        }

        enum CodingKeys: String, CodingKey {
            case executorID = "executor_id"
            case agentID = "agent_id"
        }
    }
}

extension SchedulerCall {
    /// Acknowledge a status update that carried a uuid.
    public struct Acknowledge: Codable, Hashable, Sendable {
        /// Agent of the update.
        public var agentID: AgentID

        /// Task of the update.
        public var taskID: TaskID

        /// The update's uuid (16 bytes).
        public var uuid: Data

        /// Creates a value; optional fields default to unset and repeated fields to empty.
        public init(
            agentID: AgentID,
            taskID: TaskID,
            uuid: Data
        ) {
            self.agentID = agentID
            self.taskID = taskID
            self.uuid = uuid
        }

        enum CodingKeys: String, CodingKey {
            case agentID = "agent_id"
            case taskID = "task_id"
            case uuid
        }
    }
}

extension SchedulerCall {
    /// Acknowledge an operation status update.
    public struct AcknowledgeOperationStatus: Codable, Hashable, Sendable {
        /// Agent.
        public var agentID: AgentID?

        /// Resource provider.
        public var resourceProviderID: ResourceProviderID?

        /// The update's uuid (16 bytes).
        public var uuid: Data

        /// The operation.
        public var operationID: OperationID

        /// Creates a value; optional fields default to unset and repeated fields to empty.
        public init(
            agentID: AgentID? = nil,
            resourceProviderID: ResourceProviderID? = nil,
            uuid: Data,
            operationID: OperationID
        ) {
            self.agentID = agentID
            self.resourceProviderID = resourceProviderID
            self.uuid = uuid
            self.operationID = operationID
        }

        enum CodingKeys: String, CodingKey {
            case agentID = "agent_id"
            case resourceProviderID = "resource_provider_id"
            case uuid
            case operationID = "operation_id"
        }
    }
}

extension SchedulerCall {
    /// Ask for the latest state of tasks; empty means all tasks (implicit reconciliation).
    public struct Reconcile: Codable, Hashable, Sendable {
        /// Tasks to reconcile.
        public var tasks: [Task]

        /// Creates a value; optional fields default to unset and repeated fields to empty.
        public init(
            tasks: [Task] = []
        ) {
            self.tasks = tasks
        }

        enum CodingKeys: String, CodingKey {
            case tasks
        }
    }
}

extension SchedulerCall.Reconcile {
    /// One task to reconcile.
    public struct Task: Codable, Hashable, Sendable {
        /// The task.
        public var taskID: TaskID

        /// Its agent, if known.
        public var agentID: AgentID?

        /// Creates a value; optional fields default to unset and repeated fields to empty.
        public init(
            taskID: TaskID,
            agentID: AgentID? = nil
        ) {
            self.taskID = taskID
            self.agentID = agentID
        }

        enum CodingKeys: String, CodingKey {
            case taskID = "task_id"
            case agentID = "agent_id"
        }
    }
}

extension SchedulerCall {
    /// Ask for the latest state of operations.
    public struct ReconcileOperations: Codable, Hashable, Sendable {
        /// Operations; all when empty.
        public var operations: [Operation]

        /// Creates a value; optional fields default to unset and repeated fields to empty.
        public init(
            operations: [Operation] = []
        ) {
            self.operations = operations
        }

        enum CodingKeys: String, CodingKey {
            case operations
        }
    }
}

extension SchedulerCall.ReconcileOperations {
    /// One operation to reconcile.
    public struct Operation: Codable, Hashable, Sendable {
        /// The operation.
        public var operationID: OperationID

        /// Agent.
        public var agentID: AgentID?

        /// Resource provider.
        public var resourceProviderID: ResourceProviderID?

        /// Creates a value; optional fields default to unset and repeated fields to empty.
        public init(
            operationID: OperationID,
            agentID: AgentID? = nil,
            resourceProviderID: ResourceProviderID? = nil
        ) {
            self.operationID = operationID
            self.agentID = agentID
            self.resourceProviderID = resourceProviderID
        }

        enum CodingKeys: String, CodingKey {
            case operationID = "operation_id"
            case agentID = "agent_id"
            case resourceProviderID = "resource_provider_id"
        }
    }
}

extension SchedulerCall {
    /// Send opaque data to an executor.
    public struct Message: Codable, Hashable, Sendable {
        /// Agent.
        public var agentID: AgentID

        /// Executor.
        public var executorID: ExecutorID

        /// The data.
        public var data: Data

        /// Creates a value; optional fields default to unset and repeated fields to empty.
        public init(
            agentID: AgentID,
            executorID: ExecutorID,
            data: Data
        ) {
            self.agentID = agentID
            self.executorID = executorID
            self.data = data
        }

        enum CodingKeys: String, CodingKey {
            case agentID = "agent_id"
            case executorID = "executor_id"
            case data
        }
    }
}

extension SchedulerCall {
    /// Ask for resources (advisory; Butte ignores it).
    public struct Request: Codable, Hashable, Sendable {
        /// The requests.
        public var requests: [ResourceRequest]

        /// Creates a value; optional fields default to unset and repeated fields to empty.
        public init(
            requests: [ResourceRequest] = []
        ) {
            self.requests = requests
        }

        enum CodingKeys: String, CodingKey {
            case requests
        }
    }
}

extension SchedulerCall.Request {
    /// One resource request.
    public struct ResourceRequest: Codable, Hashable, Sendable {
        /// Preferred agent.
        public var agentID: AgentID?

        /// Wanted resources.
        public var resources: [Resource]

        /// Creates a value; optional fields default to unset and repeated fields to empty.
        public init(
            agentID: AgentID? = nil,
            resources: [Resource] = []
        ) {
            self.agentID = agentID
            self.resources = resources
        }

        enum CodingKeys: String, CodingKey {
            case agentID = "agent_id"
            case resources
        }
    }
}

extension SchedulerCall {
    /// Change the FrameworkInfo of a subscribed framework.
    public struct UpdateFramework: Codable, Hashable, Sendable {
        /// The new info.
        public var frameworkInfo: FrameworkInfo

        /// Roles to keep suppressed.
        public var suppressedRoles: [String]

        /// Creates a value; optional fields default to unset and repeated fields to empty.
        public init(
            frameworkInfo: FrameworkInfo,
            suppressedRoles: [String] = []
        ) {
            self.frameworkInfo = frameworkInfo
            self.suppressedRoles = suppressedRoles
        }

        enum CodingKeys: String, CodingKey {
            case frameworkInfo = "framework_info"
            case suppressedRoles = "suppressed_roles"
        }
    }
}
