// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteCore
import ButteProtocol
import Foundation
import Logging

/// The master's state and logic: frameworks, agents, offers and tasks, driven by API calls and by ``tick()``.
///
/// All state lives in this actor; HTTP handlers call into it and get back either an event stream or an
/// outcome. Time comes only from the injected ``MasterClock``: ``tick()`` checks every deadline (heartbeats,
/// ping and failover timeouts, offer timeouts) and runs the allocator, and ``MasterService`` calls it
/// periodically. Tests call it themselves after moving a ``ManualMasterClock``.
public actor Master {
    /// The version reported by `/version` and MasterInfo; purely numeric, because pymesos parses it as a
    /// tuple of integers.
    public static let version = "1.11.0"

    let configuration: MasterConfiguration
    let clock: any MasterClock
    let registry: any Registry
    let logger: Logger
    let allocator: Allocator

    /// This master's id (a UUID), the prefix of every id it hands out.
    public nonisolated let id: String

    /// This master's MasterInfo, as sent in SUBSCRIBED.
    public nonisolated let info: MasterInfo

    let startTime: Double
    var electedTime: Double

    var frameworks: [FrameworkID: FrameworkRecord] = [:]
    var completedFrameworks: [FrameworkRecord] = []
    var removedFrameworks: Set<FrameworkID> = []

    var agents: [AgentID: AgentRecord] = [:]
    /// Agents from the registry that have not re-registered yet, with the deadline for doing so.
    var recoveredAgents: [AgentID: (info: AgentInfo, deadline: ContinuousClock.Instant)] = [:]
    /// Agents that missed too many pings, with the wall time they were marked unreachable.
    var unreachableAgents: [AgentID: (info: AgentInfo, time: Double)] = [:]

    var offers: [OfferID: OfferRecord] = [:]

    var nextFrameworkNumber = 0
    var nextAgentNumber = 0
    var nextOfferNumber = 0

    var lastAllocation: ContinuousClock.Instant?
    var allocationRequested = true

    var registryDirty = false
    var registryWriting = false
    var registryError: String?

    /// Counters reported by `/metrics/snapshot`.
    var counters = MasterCounters()

    /// Creates a master; call ``recover()`` before serving.
    /// - Parameters:
    ///   - configuration: Its settings.
    ///   - registry: Where admitted agents and frameworks are kept.
    ///   - clock: The time source of every deadline.
    ///   - logger: Where it logs.
    public init(
        configuration: MasterConfiguration,
        registry: any Registry = InMemoryRegistry(),
        clock: any MasterClock = SystemMasterClock(),
        logger: Logger = Logger(label: "butte.master")
    ) throws(MasterError) {
        self.configuration = configuration
        self.registry = registry
        self.clock = clock
        self.logger = logger
        let allocator = Allocator()
        do {
            try allocator.setWeights(configuration.weights)
        } catch {
            throw MasterError(.configuration, "--weights: \(error.message)")
        }
        self.allocator = allocator
        let id = UUID().uuidString.lowercased()
        self.id = id
        let advertisedIP = configuration.advertiseIP ?? configuration.ip
        let advertisedPort = configuration.advertisePort ?? configuration.port
        self.info = MasterInfo(
            id: id,
            ip: Self.packedIPv4(advertisedIP),
            port: UInt32(advertisedPort),
            pid: "master@\(advertisedIP):\(advertisedPort)",
            hostname: configuration.hostname,
            version: Self.version,
            address: Address(hostname: configuration.hostname, ip: advertisedIP, port: Int32(advertisedPort)),
            capabilities: [MasterInfo.Capability(type: .agentUpdate)]
        )
        startTime = clock.wallTime
        electedTime = startTime
    }

    /// Loads the registry: agents listed there get `--agent_reregister_timeout` to re-register, frameworks there
    /// may re-subscribe, torn-down frameworks stay refused.
    /// - Throws: ``MasterError`` `.registry` when the registry cannot be read.
    public func recover() async throws {
        let state = try await registry.load()
        let deadline = clock.now + configuration.agentReregisterTimeout
        for agent in state.agents {
            guard let agentID = agent.id else { continue }
            recoveredAgents[agentID] = (agent, deadline)
        }
        for framework in state.frameworks {
            guard let frameworkID = framework.id, frameworks[frameworkID] == nil else { continue }
            // Known from the registry but not connected: it keeps its id and gets its failover timeout to
            // come back, as after a disconnection.
            var record = FrameworkRecord(
                info: framework,
                lastHeartbeat: clock.now,
                registeredTime: clock.wallTime,
                roles: FrameworkRecord.roles(of: framework)
            )
            record.disconnectedAt = clock.now
            frameworks[frameworkID] = record
            try? allocator.addFramework(frameworkID, roles: record.roles, active: false)
        }
        removedFrameworks = Set(state.removedFrameworks)
        if !state.agents.isEmpty || !state.frameworks.isEmpty {
            logger.info("recovered registry: \(state.agents.count) agents, \(state.frameworks.count) frameworks")
        }
    }

    // MARK: Ids

    func newFrameworkID() -> FrameworkID {
        defer { nextFrameworkNumber += 1 }
        return FrameworkID("\(id)-\(String(format: "%04d", nextFrameworkNumber))")
    }

    func newAgentID() -> AgentID {
        defer { nextAgentNumber += 1 }
        return AgentID("\(id)-S\(nextAgentNumber)")
    }

    func newOfferID() -> OfferID {
        defer { nextOfferNumber += 1 }
        return OfferID("\(id)-O\(nextOfferNumber)")
    }

    /// An IPv4 address in the network-order integer form of `MasterInfo.ip` (0 when not IPv4).
    static func packedIPv4(_ text: String) -> UInt32 {
        let parts = text.split(separator: ".").compactMap { UInt32($0) }
        guard parts.count == 4, parts.allSatisfy({ $0 < 256 }) else { return 0 }
        // Mesos stores the in_addr bytes as a little-endian integer: the first octet is the low byte.
        return parts[0] | parts[1] << 8 | parts[2] << 16 | parts[3] << 24
    }

    // MARK: Registry

    /// What the registry should hold now.
    func registryState() -> RegistryState {
        var agentInfos = agents.values.map(\.info)
        agentInfos += recoveredAgents.values.map(\.info)
        return RegistryState(
            agents: agentInfos.sorted { ($0.id?.value ?? "") < ($1.id?.value ?? "") },
            frameworks: frameworks.values.map(\.info).sorted { ($0.id?.value ?? "") < ($1.id?.value ?? "") },
            removedFrameworks: removedFrameworks.sorted { $0.value < $1.value }
        )
    }

    /// Marks the registry as changed and writes it in the background; writes never overlap and the last one
    /// always carries the latest state.
    func persist() {
        registryDirty = true
        guard !registryWriting else { return }
        registryWriting = true
        _Concurrency.Task { await self.drainRegistryWrites() }
    }

    private func drainRegistryWrites() async {
        while registryDirty {
            registryDirty = false
            let state = registryState()
            do {
                try await registry.store(state)
                registryError = nil
            } catch {
                registryError = "\(error)"
                logger.error("cannot store the registry: \(error)")
            }
        }
        registryWriting = false
    }

    /// Waits until every change so far is in the registry.
    public func flushRegistry() async {
        while registryDirty || registryWriting {
            await _Concurrency.Task.yield()
            try? await _Concurrency.Task.sleep(for: .milliseconds(1))
        }
    }
}

extension Master {
    /// Ends every scheduler and agent event stream (the master is shutting down).
    public func closeAllStreams() {
        for (frameworkID, record) in frameworks {
            record.stream?.finish()
            frameworks[frameworkID]?.stream = nil
        }
        for (agentID, record) in agents {
            record.stream?.finish()
            agents[agentID]?.stream = nil
        }
    }
}
