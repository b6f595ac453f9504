// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

extension ExecutorCall {
    /// Checks the rules the agent enforces on executor calls: a known type, its payload present, and for UPDATE a
    /// 16-byte `uuid`, `source` SOURCE_EXECUTOR, a state other than TASK_STAGING and a matching `executor_id`.
    /// - Throws: ``ProtocolError`` with code `unknownCall` (answer 501) or `invalidCall` (answer 400).
    public func validate() throws(ProtocolError) {
        guard let type, type.isKnown, type != .unknown else {
            throw ProtocolError(.unknownCall, "call type \(type?.rawValue ?? "UNKNOWN") is not supported", field: "type")
        }
        switch type {
        case .subscribe where subscribe == nil:
            throw missingPayload("subscribe")
        case .message where message == nil:
            throw missingPayload("message")
        case .update:
            guard let status = update?.status else { throw missingPayload("update") }
            guard let uuid = status.uuid else {
                throw ProtocolError(.invalidCall, "Expecting 'update.status.uuid' to be present", field: "update.status.uuid")
            }
            try StatusUUID.validate(uuid, field: "update.status.uuid")
            guard status.source == .executor else {
                throw ProtocolError(.invalidCall, "'update.status.source' must be SOURCE_EXECUTOR", field: "update.status.source")
            }
            guard status.state != .staging else {
                throw ProtocolError(.invalidCall, "executors may not send TASK_STAGING updates", field: "update.status.state")
            }
            if let statusExecutor = status.executorID, statusExecutor != executorID {
                throw ProtocolError(
                    .invalidCall,
                    "'update.status.executor_id' (\(statusExecutor)) differs from the calling executor (\(executorID))",
                    field: "update.status.executor_id"
                )
            }
        default:
            break
        }
    }

    private func missingPayload(_ name: String) -> ProtocolError {
        ProtocolError(.invalidCall, "Expecting '\(name)' to be present", field: name)
    }
}
