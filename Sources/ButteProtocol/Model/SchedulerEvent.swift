// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

// Source: https://github.com/apache/mesos/blob/1.11.0/include/mesos/v1/scheduler/scheduler.proto (Mesos 1.11)
/// An event the master streams to a framework (one RecordIO record each).
///
/// Envelope: `{"type":"OFFERS","offers":{...}}`. Build events with the static factories so that the payload
/// object is always present: pymesos drops any event whose payload key is missing.
public struct SchedulerEvent: Codable, Hashable, Sendable {
    /// The event; unknown names decode as unset.
    public var type: Kind?

    /// Payload of SUBSCRIBED.
    public var subscribed: Subscribed?

    /// Payload of OFFERS.
    public var offers: Offers?

    /// Payload of INVERSE_OFFERS.
    public var inverseOffers: InverseOffers?

    /// Payload of RESCIND.
    public var rescind: Rescind?

    /// Payload of RESCIND_INVERSE_OFFER.
    public var rescindInverseOffer: RescindInverseOffer?

    /// Payload of UPDATE.
    public var update: Update?

    /// Payload of UPDATE_OPERATION_STATUS.
    public var updateOperationStatus: UpdateOperationStatus?

    /// Payload of MESSAGE.
    public var message: Message?

    /// Payload of FAILURE.
    public var failure: Failure?

    /// Payload of ERROR.
    public var error: ErrorMessage?

    /// Creates a value; optional fields default to unset and repeated fields to empty.
    public init(
        type: Kind? = nil,
        subscribed: Subscribed? = nil,
        offers: Offers? = nil,
        inverseOffers: InverseOffers? = nil,
        rescind: Rescind? = nil,
        rescindInverseOffer: RescindInverseOffer? = nil,
        update: Update? = nil,
        updateOperationStatus: UpdateOperationStatus? = nil,
        message: Message? = nil,
        failure: Failure? = nil,
        error: ErrorMessage? = nil
    ) {
        self.type = type
        self.subscribed = subscribed
        self.offers = offers
        self.inverseOffers = inverseOffers
        self.rescind = rescind
        self.rescindInverseOffer = rescindInverseOffer
        self.update = update
        self.updateOperationStatus = updateOperationStatus
        self.message = message
        self.failure = failure
        self.error = error
    }

    enum CodingKeys: String, CodingKey {
        case type
        case subscribed
        case offers
        case inverseOffers = "inverse_offers"
        case rescind
        case rescindInverseOffer = "rescind_inverse_offer"
        case update
        case updateOperationStatus = "update_operation_status"
        case message
        case failure
        case error
    }
}

extension SchedulerEvent {
    /// Scheduler event names.
    public struct Kind: ProtocolEnum {
        /// The Mesos name of the value, e.g. as it appears in JSON.
        public let rawValue: String

        /// Wraps a Mesos name; names unknown to Butte are representable but not ``isKnown``.
        public init(rawValue: String) {
            self.rawValue = rawValue
        }

        /// `UNKNOWN`.
        public static let unknown = Self(rawValue: "UNKNOWN")
        /// `SUBSCRIBED`.
        public static let subscribed = Self(rawValue: "SUBSCRIBED")
        /// `OFFERS`.
        public static let offers = Self(rawValue: "OFFERS")
        /// `INVERSE_OFFERS`.
        public static let inverseOffers = Self(rawValue: "INVERSE_OFFERS")
        /// `RESCIND`.
        public static let rescind = Self(rawValue: "RESCIND")
        /// `RESCIND_INVERSE_OFFER`.
        public static let rescindInverseOffer = Self(rawValue: "RESCIND_INVERSE_OFFER")
        /// `UPDATE`.
        public static let update = Self(rawValue: "UPDATE")
        /// `UPDATE_OPERATION_STATUS`.
        public static let updateOperationStatus = Self(rawValue: "UPDATE_OPERATION_STATUS")
        /// `MESSAGE`.
        public static let message = Self(rawValue: "MESSAGE")
        /// `FAILURE`.
        public static let failure = Self(rawValue: "FAILURE")
        /// `ERROR`.
        public static let error = Self(rawValue: "ERROR")
        /// `HEARTBEAT`.
        public static let heartbeat = Self(rawValue: "HEARTBEAT")

        /// Every value this version of Butte knows.
        public static let known: Swift.Set<Self> = [
            .unknown,
            .subscribed,
            .offers,
            .inverseOffers,
            .rescind,
            .rescindInverseOffer,
            .update,
            .updateOperationStatus,
            .message,
            .failure,
            .error,
            .heartbeat,
        ]
    }
}

extension SchedulerEvent {
    /// The subscription succeeded.
    public struct Subscribed: Codable, Hashable, Sendable {
        /// Id of the framework (new or confirmed).
        public var frameworkID: FrameworkID

        /// Interval of HEARTBEAT events (15).
        public var heartbeatIntervalSeconds: Double?

        /// The master.
        public var masterInfo: MasterInfo?

        /// Creates a value; optional fields default to unset and repeated fields to empty.
        public init(
            frameworkID: FrameworkID,
            heartbeatIntervalSeconds: Double? = nil,
            masterInfo: MasterInfo? = nil
        ) {
            self.frameworkID = frameworkID
            self.heartbeatIntervalSeconds = heartbeatIntervalSeconds
            self.masterInfo = masterInfo
        }

        enum CodingKeys: String, CodingKey {
            case frameworkID = "framework_id"
            case heartbeatIntervalSeconds = "heartbeat_interval_seconds"
            case masterInfo = "master_info"
        }
    }
}

extension SchedulerEvent {
    /// New offers.
    public struct Offers: Codable, Hashable, Sendable {
        /// The offers.
        public var offers: [Offer]

        /// Inverse offers (read by pre-1.0 clients).
        public var inverseOffers: [InverseOffer]

        /// Creates a value; optional fields default to unset and repeated fields to empty.
        public init(
            offers: [Offer] = [],
            inverseOffers: [InverseOffer] = []
        ) {
            self.offers = offers
            self.inverseOffers = inverseOffers
        }

        enum CodingKeys: String, CodingKey {
            case offers
            case inverseOffers = "inverse_offers"
        }
    }
}

extension SchedulerEvent {
    /// New inverse offers.
    public struct InverseOffers: Codable, Hashable, Sendable {
        /// The inverse offers.
        public var inverseOffers: [InverseOffer]

        /// Creates a value; optional fields default to unset and repeated fields to empty.
        public init(
            inverseOffers: [InverseOffer] = []
        ) {
            self.inverseOffers = inverseOffers
        }

        enum CodingKeys: String, CodingKey {
            case inverseOffers = "inverse_offers"
        }
    }
}

extension SchedulerEvent {
    /// An offer is no longer valid.
    public struct Rescind: Codable, Hashable, Sendable {
        /// The offer.
        public var offerID: OfferID

        /// Creates a value; optional fields default to unset and repeated fields to empty.
        public init(
            offerID: OfferID
        ) {
            self.offerID = offerID
        }

        enum CodingKeys: String, CodingKey {
            case offerID = "offer_id"
        }
    }
}

extension SchedulerEvent {
    /// An inverse offer is no longer valid.
    public struct RescindInverseOffer: Codable, Hashable, Sendable {
        /// The inverse offer.
        public var inverseOfferID: OfferID

        /// Creates a value; optional fields default to unset and repeated fields to empty.
        public init(
            inverseOfferID: OfferID
        ) {
            self.inverseOfferID = inverseOfferID
        }

        enum CodingKeys: String, CodingKey {
            case inverseOfferID = "inverse_offer_id"
        }
    }
}

extension SchedulerEvent {
    /// A task status update.
    public struct Update: Codable, Hashable, Sendable {
        /// The status; acknowledge it when it has a uuid.
        public var status: TaskStatus

        /// Creates a value; optional fields default to unset and repeated fields to empty.
        public init(
            status: TaskStatus
        ) {
            self.status = status
        }

        enum CodingKeys: String, CodingKey {
            case status
        }
    }
}

extension SchedulerEvent {
    /// An operation status update.
    public struct UpdateOperationStatus: Codable, Hashable, Sendable {
        /// The status.
        public var status: OperationStatus

        /// Creates a value; optional fields default to unset and repeated fields to empty.
        public init(
            status: OperationStatus
        ) {
            self.status = status
        }

        enum CodingKeys: String, CodingKey {
            case status
        }
    }
}

extension SchedulerEvent {
    /// Opaque data from an executor.
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

extension SchedulerEvent {
    /// An agent was lost or a custom executor exited.
    public struct Failure: Codable, Hashable, Sendable {
        /// Agent.
        public var agentID: AgentID?

        /// Executor that exited.
        public var executorID: ExecutorID?

        /// Its wait status (or -1); always set together with `executorID`.
        public var status: Int32?

        /// Creates a value; optional fields default to unset and repeated fields to empty.
        public init(
            agentID: AgentID? = nil,
            executorID: ExecutorID? = nil,
            status: Int32? = nil
        ) {
            self.agentID = agentID
            self.executorID = executorID
            self.status = status
        }

        enum CodingKeys: String, CodingKey {
            case agentID = "agent_id"
            case executorID = "executor_id"
            case status
        }
    }
}

extension SchedulerEvent {
    /// A fatal error; the master closes the stream after it.
    public struct ErrorMessage: Codable, Hashable, Sendable {
        /// What went wrong.
        public var message: String

        /// Creates a value; optional fields default to unset and repeated fields to empty.
        public init(
            message: String
        ) {
            self.message = message
        }

        enum CodingKeys: String, CodingKey {
            case message
        }
    }
}
