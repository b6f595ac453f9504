// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

extension SchedulerCall {
    /// Checks the envelope rules the master enforces before acting on a call: a known type, `framework_id`
    /// present (except on SUBSCRIBE, where it must equal `subscribe.framework_info.id` if given), the payload of
    /// the type present, and 16-byte acknowledgement uuids.
    /// - Throws: ``ProtocolError`` with code `unknownCall` (answer 501) or `invalidCall` (answer 400).
    public func validate() throws(ProtocolError) {
        guard let type, type.isKnown, type != .unknown else {
            throw ProtocolError(.unknownCall, "call type \(type?.rawValue ?? "UNKNOWN") is not supported", field: "type")
        }
        if type == .subscribe {
            guard let subscribe else { throw missingPayload("subscribe") }
            if let frameworkID, frameworkID != subscribe.frameworkInfo.id {
                throw ProtocolError(
                    .invalidCall,
                    "'framework_id' differs from 'subscribe.framework_info.id'",
                    field: "framework_id"
                )
            }
            return
        }
        guard frameworkID != nil else { throw missingPayload("framework_id") }
        switch type {
        case .accept where accept == nil: throw missingPayload("accept")
        case .decline where decline == nil: throw missingPayload("decline")
        case .acceptInverseOffers where acceptInverseOffers == nil: throw missingPayload("accept_inverse_offers")
        case .declineInverseOffers where declineInverseOffers == nil: throw missingPayload("decline_inverse_offers")
        case .kill where kill == nil: throw missingPayload("kill")
        case .shutdown where shutdown == nil: throw missingPayload("shutdown")
        case .acknowledge:
            guard let acknowledge else { throw missingPayload("acknowledge") }
            try StatusUUID.validate(acknowledge.uuid, field: "acknowledge.uuid")
        case .acknowledgeOperationStatus:
            guard let acknowledgeOperationStatus else { throw missingPayload("acknowledge_operation_status") }
            try StatusUUID.validate(acknowledgeOperationStatus.uuid, field: "acknowledge_operation_status.uuid")
        case .reconcile where reconcile == nil: throw missingPayload("reconcile")
        case .reconcileOperations where reconcileOperations == nil: throw missingPayload("reconcile_operations")
        case .message where message == nil: throw missingPayload("message")
        case .request where request == nil: throw missingPayload("request")
        case .updateFramework where updateFramework == nil: throw missingPayload("update_framework")
        default: break
        }
    }

    private func missingPayload(_ name: String) -> ProtocolError {
        ProtocolError(.invalidCall, "Expecting '\(name)' to be present", field: name)
    }
}
