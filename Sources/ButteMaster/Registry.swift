// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteProtocol

/// Durable storage of what a master must remember across restarts: admitted agents and subscribed frameworks.
///
/// A restarted (or newly elected) master loads the last stored state, waits for the agents it lists to
/// re-register, and accepts the frameworks' re-subscriptions. Standalone masters keep it in a local file
/// (``FileRegistry``); the ZooKeeper-backed store of HA masters implements the same protocol.
public protocol Registry: Sendable {
    /// The last stored state, or an empty one when nothing was ever stored.
    /// - Throws: ``MasterError`` `.registry` when the store exists but cannot be read.
    func load() async throws -> RegistryState

    /// Replaces the stored state, durably, before returning.
    /// - Throws: ``MasterError`` `.registry` when the state could not be stored.
    func store(_ state: RegistryState) async throws
}

/// The contents of the registry.
public struct RegistryState: Codable, Hashable, Sendable {
    /// Admitted agents, each with its id.
    public var agents: [AgentInfo]

    /// Subscribed frameworks, each with its id.
    public var frameworks: [FrameworkInfo]

    /// Frameworks that were torn down; their ids are refused on re-subscription.
    public var removedFrameworks: [FrameworkID]

    /// Creates a state.
    public init(agents: [AgentInfo] = [], frameworks: [FrameworkInfo] = [], removedFrameworks: [FrameworkID] = []) {
        self.agents = agents
        self.frameworks = frameworks
        self.removedFrameworks = removedFrameworks
    }

    enum CodingKeys: String, CodingKey {
        case agents
        case frameworks
        case removedFrameworks = "removed_frameworks"
    }

    /// Decodes leniently: absent lists are empty.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        agents = try container.decodeIfPresent([AgentInfo].self, forKey: .agents) ?? []
        frameworks = try container.decodeIfPresent([FrameworkInfo].self, forKey: .frameworks) ?? []
        removedFrameworks = try container.decodeIfPresent([FrameworkID].self, forKey: .removedFrameworks) ?? []
    }
}
