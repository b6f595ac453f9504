// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

// Source: https://github.com/apache/mesos/blob/1.11.0/include/mesos/v1/mesos.proto (Mesos 1.11)
/// Status of an offer operation.
public struct OperationStatus: Codable, Hashable, Sendable {
    /// The operation.
    public var operationID: OperationID?

    /// Its state.
    public var state: State

    /// Detail.
    public var message: String?

    /// Resources produced.
    public var convertedResources: [Resource]

    /// Set when the update must be acknowledged.
    public var uuid: UUID?

    /// Agent.
    public var agentID: AgentID?

    /// Resource provider.
    public var resourceProviderID: ResourceProviderID?

    /// Creates a value; optional fields default to unset and repeated fields to empty.
    public init(
        operationID: OperationID? = nil,
        state: State,
        message: String? = nil,
        convertedResources: [Resource] = [],
        uuid: UUID? = nil,
        agentID: AgentID? = nil,
        resourceProviderID: ResourceProviderID? = nil
    ) {
        self.operationID = operationID
        self.state = state
        self.message = message
        self.convertedResources = convertedResources
        self.uuid = uuid
        self.agentID = agentID
        self.resourceProviderID = resourceProviderID
    }

    enum CodingKeys: String, CodingKey {
        case operationID = "operation_id"
        case state
        case message
        case convertedResources = "converted_resources"
        case uuid
        case agentID = "agent_id"
        case resourceProviderID = "resource_provider_id"
    }
}

extension OperationStatus {
    /// Operation states.
    public struct State: ProtocolEnum {
        /// The Mesos name of the value, e.g. as it appears in JSON.
        public let rawValue: String

        /// Wraps a Mesos name; names unknown to Butte are representable but not ``isKnown``.
        public init(rawValue: String) {
            self.rawValue = rawValue
        }

        /// `OPERATION_UNSUPPORTED`.
        public static let unsupported = Self(rawValue: "OPERATION_UNSUPPORTED")
        /// `OPERATION_PENDING`.
        public static let pending = Self(rawValue: "OPERATION_PENDING")
        /// `OPERATION_FINISHED`.
        public static let finished = Self(rawValue: "OPERATION_FINISHED")
        /// `OPERATION_FAILED`.
        public static let failed = Self(rawValue: "OPERATION_FAILED")
        /// `OPERATION_ERROR`.
        public static let error = Self(rawValue: "OPERATION_ERROR")
        /// `OPERATION_DROPPED`.
        public static let dropped = Self(rawValue: "OPERATION_DROPPED")
        /// `OPERATION_UNREACHABLE`.
        public static let unreachable = Self(rawValue: "OPERATION_UNREACHABLE")
        /// `OPERATION_GONE_BY_OPERATOR`.
        public static let goneByOperator = Self(rawValue: "OPERATION_GONE_BY_OPERATOR")
        /// `OPERATION_RECOVERING`.
        public static let recovering = Self(rawValue: "OPERATION_RECOVERING")
        /// `OPERATION_UNKNOWN`.
        public static let unknown = Self(rawValue: "OPERATION_UNKNOWN")

        /// Every value this version of Butte knows.
        public static let known: Swift.Set<Self> = [
            .unsupported,
            .pending,
            .finished,
            .failed,
            .error,
            .dropped,
            .unreachable,
            .goneByOperator,
            .recovering,
            .unknown,
        ]
    }
}

extension OperationStatus {
    /// A uuid wrapped in an object, as OperationStatus carries it.
    public struct UUID: Codable, Hashable, Sendable {
        /// 16 bytes.
        public var value: Data

        /// Creates a value; optional fields default to unset and repeated fields to empty.
        public init(
            value: Data
        ) {
            self.value = value
        }

        enum CodingKeys: String, CodingKey {
            case value
        }
    }
}
