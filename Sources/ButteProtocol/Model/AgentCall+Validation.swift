// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

extension AgentCall {
    /// Checks the envelope rules of the agent API: a known type, `agent_id` present except on SUBSCRIBE, the
    /// payload of the type present, and for UPDATE a status with a 16-byte `uuid`.
    /// - Throws: ``ProtocolError`` with code `unknownCall` (answer 501) or `invalidCall` (answer 400).
    public func validate() throws(ProtocolError) {
        guard let type, type.isKnown, type != .unknown else {
            throw ProtocolError(.unknownCall, "call type \(type?.rawValue ?? "UNKNOWN") is not supported", field: "type")
        }
        if type == .subscribe {
            guard let subscribe else { throw missingPayload("subscribe") }
            if let agentID, let infoID = subscribe.agentInfo.id, agentID != infoID {
                throw ProtocolError(.invalidCall, "'agent_id' differs from 'subscribe.agent_info.id'", field: "agent_id")
            }
            return
        }
        guard agentID != nil else { throw missingPayload("agent_id") }
        switch type {
        case .update:
            guard let status = update?.status else { throw missingPayload("update") }
            guard let uuid = status.uuid else {
                throw ProtocolError(.invalidCall, "Expecting 'update.status.uuid' to be present", field: "update.status.uuid")
            }
            try StatusUUID.validate(uuid, field: "update.status.uuid")
        case .exitedExecutor where exitedExecutor == nil:
            throw missingPayload("exited_executor")
        case .message where message == nil:
            throw missingPayload("message")
        default:
            break
        }
    }

    private func missingPayload(_ name: String) -> ProtocolError {
        ProtocolError(.invalidCall, "Expecting '\(name)' to be present", field: name)
    }
}
