// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

// Each factory sets `type` and the matching payload, so the payload object is always on the wire.
extension SchedulerEvent {
    /// SUBSCRIBED: the framework's id, the heartbeat interval and the master.
    public static func subscribed(frameworkID: FrameworkID, heartbeatIntervalSeconds: Double = 15, masterInfo: MasterInfo? = nil) -> Self {
        Self(
            type: .subscribed,
            subscribed: Subscribed(frameworkID: frameworkID, heartbeatIntervalSeconds: heartbeatIntervalSeconds, masterInfo: masterInfo)
        )
    }

    /// OFFERS.
    public static func offers(_ offers: [Offer]) -> Self {
        Self(type: .offers, offers: Offers(offers: offers))
    }

    /// INVERSE_OFFERS.
    public static func inverseOffers(_ inverseOffers: [InverseOffer]) -> Self {
        Self(type: .inverseOffers, inverseOffers: InverseOffers(inverseOffers: inverseOffers))
    }

    /// RESCIND of one offer.
    public static func rescind(_ offerID: OfferID) -> Self {
        Self(type: .rescind, rescind: Rescind(offerID: offerID))
    }

    /// RESCIND_INVERSE_OFFER.
    public static func rescindInverseOffer(_ inverseOfferID: OfferID) -> Self {
        Self(type: .rescindInverseOffer, rescindInverseOffer: RescindInverseOffer(inverseOfferID: inverseOfferID))
    }

    /// UPDATE with a task status.
    public static func update(_ status: TaskStatus) -> Self {
        Self(type: .update, update: Update(status: status))
    }

    /// UPDATE_OPERATION_STATUS.
    public static func updateOperationStatus(_ status: OperationStatus) -> Self {
        Self(type: .updateOperationStatus, updateOperationStatus: UpdateOperationStatus(status: status))
    }

    /// MESSAGE from an executor.
    public static func message(agentID: AgentID, executorID: ExecutorID, data: Data) -> Self {
        Self(type: .message, message: Message(agentID: agentID, executorID: executorID, data: data))
    }

    /// FAILURE of an agent (`executorID` nil) or of a custom executor with its wait status.
    public static func failure(agentID: AgentID?, executorID: ExecutorID? = nil, status: Int32? = nil) -> Self {
        precondition(executorID == nil || status != nil, "an executor FAILURE carries its status")
        return Self(type: .failure, failure: Failure(agentID: agentID, executorID: executorID, status: status))
    }

    /// ERROR; the master closes the stream after it.
    public static func error(_ message: String) -> Self {
        Self(type: .error, error: ErrorMessage(message: message))
    }

    /// HEARTBEAT (no payload).
    public static var heartbeat: Self { Self(type: .heartbeat) }
}
