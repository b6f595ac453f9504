// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteCore
import ButteProtocol

/// The master's allocator: Mesos's hierarchical DRF allocator as synchronous logic without I/O.
///
/// It tracks every agent's total resources, what is allocated (offered or in use) to whom, and the
/// frameworks with their roles, suppressed roles and DECLINE filters. `allocate(now:)` runs one
/// allocation cycle: for every agent with free resources it walks the roles in order of weighted
/// dominant share, and within a role the frameworks in order of dominant share, and gives the first
/// framework that may take them everything on that agent allocatable to the role (unreserved
/// resources plus those reserved for the role or an ancestor of it). Shares are updated after each
/// grant, so the next agent goes to whoever is then furthest behind.
///
/// Time is passed in (`now`), so filters can be tested without waiting. The master actor owns one
/// instance and is its only caller; the class is not thread-safe.
///
/// Source: Mesos 1.11 `HierarchicalDRFAllocatorProcess` and `DRFSorter` (src/master/allocator/mesos/),
/// without quota, hierarchical role trees (a role `a/b` is sorted as a role of its own) and
/// inverse offers.
package final class Allocator {
    private struct Slot {
        var framework: Int32
        var role: Int32
        var resources: Resources
    }

    /// A class, so that the hot loop reaches agents by reference instead of copying records in and out.
    private final class Agent {
        let id: AgentID
        var total: Resources
        var totalQuantities: ResourceQuantities
        var available: Resources
        var availableQuantities: ResourceQuantities
        /// True when `available` holds resources reserved for some role.
        var availableIsReserved: Bool
        var hasGPUs: Bool
        var active: Bool
        var slots: [Slot]
        /// Bumped whenever `available` or `active` changes.
        var generation: UInt64
        /// The (global, agent) generations at which a cycle last found nothing more to allocate here,
        /// and when the earliest filter that blocked it expires.
        var blockedAt: (global: UInt64, agent: UInt64)?
        var blockedUntil: ContinuousClock.Instant?

        init(id: AgentID, total: Resources) {
            self.id = id
            self.total = total
            totalQuantities = ResourceQuantities(total)
            available = Resources()
            availableQuantities = .zero
            availableIsReserved = false
            hasGPUs = totalQuantities.gpus > .zero
            active = true
            slots = []
            generation = 0
            setAvailable(total)
        }

        func setAvailable(_ resources: Resources) {
            available = resources
            availableQuantities = ResourceQuantities(resources)
            availableIsReserved = resources.entries.contains { $0.role != Resource.unreservedRole }
            generation &+= 1
        }
    }

    private struct FilterKey: Hashable {
        var role: Int32
        var agent: Int32
    }

    private struct Filter {
        var resources: Resources
        var expiry: ContinuousClock.Instant
    }

    private final class Framework {
        let id: FrameworkID
        /// False while the framework is only known from `recordAllocation`.
        var registered: Bool
        var active: Bool
        var roles: Set<Int32>
        var suppressed: Set<Int32>
        var gpuAware: Bool
        /// Per role, on how many agents the framework holds resources as that role.
        var slotCounts: [Int32: Int]
        var filters: [FilterKey: [Filter]]

        /// A framework known only from allocations recorded for it: unregistered and inactive.
        init(id: FrameworkID) {
            self.id = id
            registered = false
            active = false
            roles = []
            suppressed = []
            gpuAware = false
            slotCounts = [:]
            filters = [:]
        }

        /// True when the framework currently wants offers for `role`.
        func wants(_ role: Int32) -> Bool { registered && active && roles.contains(role) && !suppressed.contains(role) }
    }

    private struct Role {
        var name: String
        var weight: Double
        /// Its frameworks: those subscribed to it and those still holding resources as it.
        var frameworks: DRFSorter
        /// How many frameworks want offers for it; computed lazily.
        var wanting: Int
    }

    private let configuration: AllocatorConfiguration

    private var agents: [Agent?] = []
    private var agentSlots: [AgentID: Int32] = [:]
    private var freeAgentSlots: [Int32] = []

    private var frameworks: [Framework?] = []
    private var frameworkSlots: [FrameworkID: Int32] = [:]
    private var freeFrameworkSlots: [Int32] = []

    private var roles: [Role] = []
    private var roleSlots: [String: Int32] = [:]
    private var weights: [String: Double] = [:]
    private var roleSorter = DRFSorter()

    private var total: ResourceQuantities = .zero
    /// Active agents with free resources: the only ones a cycle looks at.
    private var pending = AgentSet()
    /// Bumped by every change that can make something allocatable that was not (a framework added,
    /// activated, revived or given new roles).
    private var generation: UInt64 = 0
    private var wantingIsStale = true
    private var cycles = 0

    /// Creates an allocator without agents or frameworks.
    package init(configuration: AllocatorConfiguration = .init()) {
        self.configuration = configuration
    }

    // MARK: Agents

    /// Adds an agent with its total resources; all of them are free until allocated.
    /// - Throws: `AllocatorError` `.duplicateAgent` when `id` is already known.
    package func addAgent(_ id: AgentID, total resources: Resources) throws(AllocatorError) {
        guard agentSlots[id] == nil else { throw AllocatorError(.duplicateAgent, "agent \(id) is already known to the allocator") }
        let agent = Agent(id: id, total: resources)
        let slot: Int32
        if let reused = freeAgentSlots.popLast() {
            slot = reused
            agents[Int(slot)] = agent
        } else {
            slot = Int32(agents.count)
            agents.append(agent)
        }
        agentSlots[id] = slot
        total += agent.totalQuantities
        invalidateShares()
        markPending(slot)
    }

    /// Changes an agent's total resources (an agent that re-registers with a different `--resources`).
    /// What is allocated stays allocated; free = new total − allocated.
    /// - Throws: `AllocatorError` `.unknownAgent`.
    package func updateAgent(_ id: AgentID, total resources: Resources) throws(AllocatorError) {
        guard let slot = agentSlots[id], let agent = agents[Int(slot)] else {
            throw AllocatorError(.unknownAgent, "agent \(id) is not known to the allocator")
        }
        var free = resources
        for held in agent.slots { free -= held.resources }
        let quantities = ResourceQuantities(resources)
        total += quantities - agent.totalQuantities
        agent.total = resources
        agent.totalQuantities = quantities
        agent.hasGPUs = quantities.gpus > .zero
        agent.setAvailable(free)
        invalidateShares()
        markPending(slot)
    }

    /// Forgets an agent and everything allocated on it. Returns false when it was not known.
    @discardableResult
    package func removeAgent(_ id: AgentID) -> Bool {
        guard let slot = agentSlots.removeValue(forKey: id), let agent = agents[Int(slot)] else { return false }
        for held in agent.slots {
            release(framework: held.framework, role: held.role, quantities: ResourceQuantities(held.resources), slotEmptied: true)
        }
        // The slot will be reused by another agent: filters for it must not outlive this one.
        for index in frameworks.indices {
            guard let filters = frameworks[index]?.filters, !filters.isEmpty else { continue }
            frameworks[index]?.filters = filters.filter { $0.key.agent != slot }
        }
        total -= agent.totalQuantities
        agents[Int(slot)] = nil
        freeAgentSlots.append(slot)
        pending.remove(slot)
        invalidateShares()
        return true
    }

    /// Makes a deactivated agent's free resources offerable again (the agent reconnected).
    package func activateAgent(_ id: AgentID) {
        guard let slot = agentSlots[id], agents[Int(slot)]?.active == false else { return }
        agents[Int(slot)]?.active = true
        agents[Int(slot)]?.generation &+= 1
        markPending(slot)
    }

    /// Stops offering an agent's resources (the agent is disconnected or unreachable) without forgetting it.
    package func deactivateAgent(_ id: AgentID) {
        guard let slot = agentSlots[id], agents[Int(slot)]?.active == true else { return }
        agents[Int(slot)]?.active = false
        agents[Int(slot)]?.generation &+= 1
        pending.remove(slot)
    }

    // MARK: Frameworks

    /// Adds a framework subscribed to `roles` (an empty set means the default role `*`).
    ///
    /// A framework that so far was only known from allocations recorded with `recordAllocation`
    /// (an agent re-registered with its tasks before it re-subscribed) is completed, not duplicated.
    /// - Parameters:
    ///   - roles: the roles it may receive resources as.
    ///   - suppressedRoles: roles it does not want offers for yet (`FrameworkInfo` + SUBSCRIBE's `suppressed_roles`).
    ///   - gpuAware: true when it has the GPU_RESOURCES capability.
    ///   - active: false to add it disconnected (it gets nothing until `activateFramework`).
    /// - Throws: `AllocatorError` `.duplicateFramework`, or `.invalidRole` naming a bad role.
    package func addFramework(
        _ id: FrameworkID, roles: Set<String>, suppressedRoles: Set<String> = [], gpuAware: Bool = false, active: Bool = true
    ) throws(AllocatorError) {
        if let slot = frameworkSlots[id], frameworks[Int(slot)]?.registered == true {
            throw AllocatorError(.duplicateFramework, "framework \(id) is already known to the allocator")
        }
        let subscribed = try roleSlots(for: roles.isEmpty ? [Resource.unreservedRole] : roles, framework: id)
        let suppressed = try roleSlots(for: suppressedRoles, framework: id).intersection(subscribed)
        let slot = frameworkSlot(id)
        frameworks[Int(slot)]?.registered = true
        frameworks[Int(slot)]?.active = active
        frameworks[Int(slot)]?.gpuAware = gpuAware
        setRoles(of: slot, subscribed)
        frameworks[Int(slot)]?.suppressed = suppressed
        frameworkChanged()
    }

    /// Changes a framework's roles, suppressed roles and GPU capability (UPDATE_FRAMEWORK, re-SUBSCRIBE).
    /// Resources it holds as a role it left stay counted for that role until they are recovered.
    /// - Throws: `AllocatorError` `.unknownFramework` or `.invalidRole`.
    package func updateFramework(_ id: FrameworkID, roles: Set<String>, suppressedRoles: Set<String> = [], gpuAware: Bool = false)
        throws(AllocatorError)
    {
        guard let slot = frameworkSlots[id], frameworks[Int(slot)]?.registered == true else {
            throw AllocatorError(.unknownFramework, "framework \(id) is not known to the allocator")
        }
        let subscribed = try roleSlots(for: roles.isEmpty ? [Resource.unreservedRole] : roles, framework: id)
        let suppressed = try roleSlots(for: suppressedRoles, framework: id).intersection(subscribed)
        setRoles(of: slot, subscribed)
        frameworks[Int(slot)]?.suppressed = suppressed
        frameworks[Int(slot)]?.gpuAware = gpuAware
        frameworkChanged()
    }

    /// Forgets a framework; everything allocated to it becomes free. Returns false when it was not known.
    @discardableResult
    package func removeFramework(_ id: FrameworkID) -> Bool {
        guard let slot = frameworkSlots[id], let framework = frameworks[Int(slot)] else { return false }
        let memberships = framework.roles.union(framework.slotCounts.keys)
        if !framework.slotCounts.isEmpty {
            for index in agents.indices {
                guard let agent = agents[index], agent.slots.contains(where: { $0.framework == slot }) else { continue }
                for held in agent.slots where held.framework == slot {
                    _ = unallocate(held.resources, agent: Int32(index), framework: slot, role: held.role)
                }
            }
        }
        guard frameworks[Int(slot)] != nil else { return true }  // it was only known from its allocations
        for role in memberships {
            roles[Int(role)].frameworks.remove(slot)
            dropRoleIfUnused(role)
        }
        frameworks[Int(slot)] = nil
        frameworkSlots[id] = nil
        freeFrameworkSlots.append(slot)
        wantingIsStale = true
        return true
    }

    /// Lets a framework receive offers again (it re-subscribed).
    package func activateFramework(_ id: FrameworkID) {
        guard let slot = frameworkSlots[id], frameworks[Int(slot)]?.active == false else { return }
        frameworks[Int(slot)]?.active = true
        frameworkChanged()
    }

    /// Stops offers to a framework (its stream closed) without releasing what it holds.
    package func deactivateFramework(_ id: FrameworkID) {
        guard let slot = frameworkSlots[id], frameworks[Int(slot)]?.active == true else { return }
        frameworks[Int(slot)]?.active = false
        wantingIsStale = true
    }

    /// SUPPRESS: no more offers to the framework for `roles` (nil or empty: all its roles) until REVIVE.
    package func suppress(_ id: FrameworkID, roles names: Set<String>? = nil) {
        guard let slot = frameworkSlots[id], let framework = frameworks[Int(slot)] else { return }
        frameworks[Int(slot)]?.suppressed.formUnion(selectedRoles(of: framework, names))
        wantingIsStale = true
    }

    /// REVIVE: unsuppresses `roles` (nil or empty: all its roles) and drops the framework's filters for them.
    package func revive(_ id: FrameworkID, roles names: Set<String>? = nil) {
        guard let slot = frameworkSlots[id], let framework = frameworks[Int(slot)] else { return }
        if names?.isEmpty ?? true {
            frameworks[Int(slot)]?.suppressed = []
            frameworks[Int(slot)]?.filters = [:]
        } else {
            let selected = selectedRoles(of: framework, names)
            frameworks[Int(slot)]?.suppressed.subtract(selected)
            frameworks[Int(slot)]?.filters = framework.filters.filter { !selected.contains($0.key.role) }
        }
        frameworkChanged()
    }

    /// Sets role weights (Mesos `--weights`, UPDATE_WEIGHTS); roles not listed weigh 1.
    /// - Throws: `AllocatorError` `.invalidWeight` or `.invalidRole`, naming the role; nothing changes then.
    package func setWeights(_ newWeights: [String: Double]) throws(AllocatorError) {
        for (role, weight) in newWeights {
            if let problem = Self.roleProblem(role) {
                throw AllocatorError(.invalidRole, "invalid role '\(role)' in weights: \(problem)")
            }
            guard weight.isFinite, weight > 0 else {
                throw AllocatorError(.invalidWeight, "invalid weight \(weight) for role '\(role)': must be a positive number")
            }
        }
        weights = newWeights
        for index in roles.indices {
            let weight = weights[roles[index].name] ?? 1
            roles[index].weight = weight
            roleSorter.setWeight(Int32(index), weight)
        }
    }

    // MARK: Resources

    /// Records resources as allocated to a framework without an offer: tasks and executors an agent
    /// reports when it re-registers. Only what is free on the agent is taken; returns what was recorded.
    /// The framework need not be added yet.
    /// - Throws: `AllocatorError` `.unknownAgent` or `.invalidRole`.
    @discardableResult
    package func recordAllocation(_ resources: Resources, agent: AgentID, framework: FrameworkID, role: String) throws(AllocatorError) -> Resources {
        guard let agentSlot = agentSlots[agent], let record = agents[Int(agentSlot)] else {
            throw AllocatorError(.unknownAgent, "agent \(agent) is not known to the allocator")
        }
        let roleSlot = try roleSlots(for: [role], framework: framework).first ?? roleSlot(Resource.unreservedRole)
        // The part of `resources` that is free: available − (available − resources).
        let taken = record.available - (record.available - resources)
        guard !taken.isEmpty else { return taken }
        let frameworkSlot = frameworkSlot(framework)
        grant(taken, whole: false, agent: agentSlot, framework: frameworkSlot, role: roleSlot, countsAsGrant: false)
        return taken
    }

    /// Gives allocated resources back (an offer was rescinded or timed out, a task ended), without a filter.
    /// Resources the framework does not hold there are ignored; unknown agents and frameworks are a no-op,
    /// since the master may recover after it removed them.
    package func recoverResources(_ resources: Resources, agent: AgentID, framework: FrameworkID, role: String) {
        guard let agentSlot = agentSlots[agent], let frameworkSlot = frameworkSlots[framework], let roleSlot = roleSlots[role] else { return }
        _ = unallocate(resources, agent: agentSlot, framework: frameworkSlot, role: roleSlot)
    }

    /// Keeps `resources` on `agent` from being offered to the framework as `role` until the filter
    /// expires (`RefuseFilter.duration(refuseSeconds:)`: nil or negative → 5 s, capped at 365 days,
    /// 0 → no filter). A later offer is filtered only when it is a subset of these resources, so
    /// resources freed on the agent afterwards are offered again.
    package func addFilter(
        framework: FrameworkID, agent: AgentID, role: String, resources: Resources, refuseSeconds: Double?, now: ContinuousClock.Instant
    ) {
        guard let duration = RefuseFilter.duration(refuseSeconds: refuseSeconds), !resources.isEmpty,
            let agentSlot = agentSlots[agent], let frameworkSlot = frameworkSlots[framework], let roleSlot = roleSlots[role],
            let record = frameworks[Int(frameworkSlot)]
        else { return }
        let key = FilterKey(role: roleSlot, agent: agentSlot)
        var list = record.filters.removeValue(forKey: key) ?? []
        list.removeAll { $0.expiry <= now }
        list.append(Filter(resources: resources, expiry: now + duration))
        record.filters[key] = list
    }

    /// DECLINE (and the unused part of an ACCEPT): `recoverResources` followed by `addFilter`.
    package func decline(
        _ resources: Resources, agent: AgentID, framework: FrameworkID, role: String, refuseSeconds: Double?, now: ContinuousClock.Instant
    ) {
        recoverResources(resources, agent: agent, framework: framework, role: role)
        addFilter(framework: framework, agent: agent, role: role, resources: resources, refuseSeconds: refuseSeconds, now: now)
    }

    // MARK: Allocation

    /// Runs one allocation cycle at time `now` and returns what it allocated, at most one proposal per
    /// agent, framework and role. Proposed resources count as allocated until recovered.
    package func allocate(now: ContinuousClock.Instant) -> [OfferProposal] {
        refreshShares()
        refreshWanting()
        var proposals: [OfferProposal] = []
        if roleSorter.count == 0 { return proposals }
        cycles &+= 1
        // Start each cycle 64 agents further on, so no agent is always first in line.
        for agentSlot in pending.slots(rotatedBy: cycles) {
            allocate(agent: agentSlot, now: now, into: &proposals)
        }
        return proposals
    }

    private func allocate(agent agentSlot: Int32, now: ContinuousClock.Instant, into proposals: inout [OfferProposal]) {
        guard let agent = agents[Int(agentSlot)], agent.active else { return }
        if let blocked = agent.blockedAt, blocked.global == generation, blocked.agent == agent.generation,
            agent.blockedUntil.map({ now < $0 }) ?? true
        {
            return
        }
        var blockedUntil: ContinuousClock.Instant?
        // The role order at the start of this agent, as Mesos does; grants below re-sort the live sorter.
        for roleSlot in roleSorter.order {
            guard roles[Int(roleSlot)].wanting > 0 else { continue }
            if agent.available.isEmpty { break }
            let reserved = agent.availableIsReserved
            let offerable: Resources
            let quantities: ResourceQuantities
            if reserved {
                let name = roles[Int(roleSlot)].name
                offerable = agent.available.filter { Self.isAllocatable($0.role, to: name) }
                quantities = ResourceQuantities(offerable)
            } else {
                offerable = agent.available
                quantities = agent.availableQuantities
            }
            guard !offerable.isEmpty, meetsMinimum(quantities) else { continue }
            let choice = pickFramework(role: roleSlot, agent: agent, slot: agentSlot, offerable, now: now)
            if let until = choice.blockedUntil { blockedUntil = min(blockedUntil ?? until, until) }
            guard let framework = choice.framework else { continue }
            grant(offerable, whole: !reserved, agent: agentSlot, framework: framework.slot, role: roleSlot, countsAsGrant: true)
            proposals.append(OfferProposal(framework: framework.id, agent: agent.id, role: roles[Int(roleSlot)].name, resources: offerable))
        }
        if agent.available.isEmpty {
            pending.remove(agentSlot)
        } else {
            agent.blockedAt = (generation, agent.generation)
            agent.blockedUntil = blockedUntil
        }
    }

    /// The first framework of `role`, in DRF order, that may take `offerable` on the agent now; and, when
    /// filters held some back, when the earliest of those filters expires.
    private func pickFramework(
        role roleSlot: Int32, agent: Agent, slot agentSlot: Int32, _ offerable: Resources, now: ContinuousClock.Instant
    ) -> (framework: (slot: Int32, id: FrameworkID)?, blockedUntil: ContinuousClock.Instant?) {
        let gpuOnly = configuration.filterGPUResources && agent.hasGPUs
        var blockedUntil: ContinuousClock.Instant?
        for frameworkSlot in roles[Int(roleSlot)].frameworks.order {
            guard let framework = frameworks[Int(frameworkSlot)], framework.wants(roleSlot) else { continue }
            if gpuOnly && !framework.gpuAware { continue }
            if !framework.filters.isEmpty, let until = filteredUntil(framework, key: FilterKey(role: roleSlot, agent: agentSlot), offerable, now: now)
            {
                blockedUntil = min(blockedUntil ?? until, until)
                continue
            }
            return ((frameworkSlot, framework.id), blockedUntil)
        }
        return (nil, blockedUntil)
    }

    /// When the filters of `framework` for `key` hide `offerable`: the expiry of the latest matching filter,
    /// or nil when none does. Expired filters are dropped on the way.
    private func filteredUntil(_ framework: Framework, key: FilterKey, _ offerable: Resources, now: ContinuousClock.Instant) -> ContinuousClock
        .Instant?
    {
        guard let list = framework.filters[key] else { return nil }
        let live = list.filter { $0.expiry > now }
        if live.count != list.count {
            framework.filters[key] = live.isEmpty ? nil : live
        }
        var until: ContinuousClock.Instant?
        for filter in live where filter.resources.contains(offerable) {
            until = max(until ?? filter.expiry, filter.expiry)
        }
        return until
    }

    private func meetsMinimum(_ quantities: ResourceQuantities) -> Bool {
        configuration.minAllocatable.isEmpty || configuration.minAllocatable.contains { quantities.covers($0) }
    }

    // MARK: Inspection

    /// The free resources of an agent, or nil when it is unknown.
    package func available(on agent: AgentID) -> Resources? {
        agentSlots[agent].flatMap { agents[Int($0)]?.available }
    }

    /// What a framework holds (offered or in use) on each agent, summed over its roles.
    package func allocation(of framework: FrameworkID) -> [AgentID: Resources] {
        guard let slot = frameworkSlots[framework] else { return [:] }
        var result: [AgentID: Resources] = [:]
        for case let agent? in agents {
            for held in agent.slots where held.framework == slot {
                result[agent.id, default: Resources()] += held.resources
            }
        }
        return result
    }

    /// The allocated quantities and dominant shares of every role and framework.
    package func shares() -> AllocationShares {
        refreshShares()
        var roleEntries: [String: AllocationShares.Entry] = [:]
        var frameworkEntries: [FrameworkID: [String: AllocationShares.Entry]] = [:]
        for (index, role) in roles.enumerated() where roleSorter.contains(Int32(index)) {
            let allocated = roleSorter.allocation(of: Int32(index))
            let share = allocated.dominantShare(of: total)
            roleEntries[role.name] = .init(allocated: allocated, dominantShare: share, weightedShare: share / role.weight)
            for frameworkSlot in role.frameworks.order {
                guard let framework = frameworks[Int(frameworkSlot)] else { continue }
                let held = role.frameworks.allocation(of: frameworkSlot)
                let frameworkShare = held.dominantShare(of: total)
                frameworkEntries[framework.id, default: [:]][role.name] = .init(
                    allocated: held, dominantShare: frameworkShare, weightedShare: frameworkShare)
            }
        }
        return AllocationShares(total: total, roles: roleEntries, frameworks: frameworkEntries)
    }

    // MARK: Bookkeeping

    /// Moves `resources` (free on the agent) to the framework as `role`.
    /// `whole` says that `resources` is everything free on the agent (saves comparing them).
    private func grant(
        _ resources: Resources, whole: Bool, agent agentSlot: Int32, framework frameworkSlot: Int32, role roleSlot: Int32, countsAsGrant: Bool
    ) {
        guard let agent = agents[Int(agentSlot)] else { return }
        let quantities: ResourceQuantities
        if whole {
            quantities = agent.availableQuantities
            agent.setAvailable(Resources())
        } else {
            quantities = ResourceQuantities(resources)
            agent.setAvailable(agent.available - resources)
        }
        var slotIsNew = false
        if let index = agent.slots.firstIndex(where: { $0.framework == frameworkSlot && $0.role == roleSlot }) {
            agent.slots[index].resources += resources
        } else {
            agent.slots.append(Slot(framework: frameworkSlot, role: roleSlot, resources: resources))
            slotIsNew = true
        }
        if agent.available.isEmpty { pending.remove(agentSlot) }

        if slotIsNew {
            frameworks[Int(frameworkSlot)]?.slotCounts[roleSlot, default: 0] += 1
        }
        if !roleSorter.contains(roleSlot) { roleSorter.add(roleSlot, name: roles[Int(roleSlot)].name, weight: roles[Int(roleSlot)].weight) }
        if !roles[Int(roleSlot)].frameworks.contains(frameworkSlot), let framework = frameworks[Int(frameworkSlot)] {
            roles[Int(roleSlot)].frameworks.add(frameworkSlot, name: framework.id.value)
        }
        roleSorter.allocate(roleSlot, quantities, grant: countsAsGrant)
        roles[Int(roleSlot)].frameworks.allocate(frameworkSlot, quantities, grant: countsAsGrant)
    }

    /// Returns up to `resources` held by the framework as `role` on the agent to the free pool; returns what moved.
    private func unallocate(_ resources: Resources, agent agentSlot: Int32, framework frameworkSlot: Int32, role roleSlot: Int32) -> Resources {
        guard let agent = agents[Int(agentSlot)],
            let index = agent.slots.firstIndex(where: { $0.framework == frameworkSlot && $0.role == roleSlot })
        else { return Resources() }
        let held = agent.slots[index].resources
        let kept = held - resources
        let recovered = held - kept
        guard !recovered.isEmpty else { return recovered }
        if kept.isEmpty {
            agent.slots.remove(at: index)
        } else {
            agent.slots[index].resources = kept
        }
        agent.setAvailable(agent.available + recovered)
        markPending(agentSlot)
        release(framework: frameworkSlot, role: roleSlot, quantities: ResourceQuantities(recovered), slotEmptied: kept.isEmpty)
        return recovered
    }

    /// Takes quantities off the role's and the framework's shares; forgets a framework's membership of a
    /// role it left once it holds nothing there any more.
    private func release(framework frameworkSlot: Int32, role roleSlot: Int32, quantities: ResourceQuantities, slotEmptied: Bool) {
        roleSorter.unallocate(roleSlot, quantities)
        roles[Int(roleSlot)].frameworks.unallocate(frameworkSlot, quantities)
        guard slotEmptied, let framework = frameworks[Int(frameworkSlot)] else { return }
        let remaining = (framework.slotCounts[roleSlot] ?? 1) - 1
        framework.slotCounts[roleSlot] = remaining > 0 ? remaining : nil
        guard remaining <= 0, !framework.roles.contains(roleSlot) else { return }
        roles[Int(roleSlot)].frameworks.remove(frameworkSlot)
        if !framework.registered && framework.slotCounts.isEmpty {
            // Known only from recorded allocations, and nothing left: forget it.
            frameworks[Int(frameworkSlot)] = nil
            frameworkSlots[framework.id] = nil
            freeFrameworkSlots.append(frameworkSlot)
        }
        dropRoleIfUnused(roleSlot)
    }

    private func dropRoleIfUnused(_ roleSlot: Int32) {
        if roles[Int(roleSlot)].frameworks.count == 0 { roleSorter.remove(roleSlot) }
    }

    private func markPending(_ slot: Int32) {
        guard let agent = agents[Int(slot)], agent.active, !agent.available.isEmpty else { return }
        pending.insert(slot)
    }

    private func frameworkChanged() {
        generation &+= 1
        wantingIsStale = true
    }

    private func invalidateShares() {
        roleSorter.invalidate()
        for index in roles.indices { roles[index].frameworks.invalidate() }
    }

    private func refreshShares() {
        roleSorter.refresh(total: total)
        for index in roles.indices { roles[index].frameworks.refresh(total: total) }
    }

    private func refreshWanting() {
        guard wantingIsStale else { return }
        wantingIsStale = false
        for index in roles.indices { roles[index].wanting = 0 }
        for case let framework? in frameworks {
            for role in framework.roles where framework.wants(role) { roles[Int(role)].wanting += 1 }
        }
    }

    /// The framework's slot, creating an unregistered, inactive record when it is new.
    private func frameworkSlot(_ id: FrameworkID) -> Int32 {
        if let slot = frameworkSlots[id] { return slot }
        let record = Framework(id: id)
        let slot: Int32
        if let reused = freeFrameworkSlots.popLast() {
            slot = reused
            frameworks[Int(slot)] = record
        } else {
            slot = Int32(frameworks.count)
            frameworks.append(record)
        }
        frameworkSlots[id] = slot
        return slot
    }

    /// Subscribes the framework to exactly `subscribed`, keeping role sorters in step.
    private func setRoles(of slot: Int32, _ subscribed: Set<Int32>) {
        guard let framework = frameworks[Int(slot)] else { return }
        let left = framework.roles.subtracting(subscribed)
        frameworks[Int(slot)]?.roles = subscribed
        if !left.isEmpty {
            frameworks[Int(slot)]?.filters = framework.filters.filter { !left.contains($0.key.role) }
        }
        for role in subscribed {
            if !roleSorter.contains(role) { roleSorter.add(role, name: roles[Int(role)].name, weight: roles[Int(role)].weight) }
            roles[Int(role)].frameworks.add(slot, name: framework.id.value)
        }
        for role in left where framework.slotCounts[role] == nil {
            roles[Int(role)].frameworks.remove(slot)
            dropRoleIfUnused(role)
        }
    }

    /// The role slots of the framework's roles named in `names`, or of all its roles when nil or empty.
    private func selectedRoles(of framework: Framework, _ names: Set<String>?) -> Set<Int32> {
        guard let names, !names.isEmpty else { return framework.roles }
        return Set(names.compactMap { roleSlots[$0] }).intersection(framework.roles)
    }

    /// Validates role names and returns their slots; an empty set is the default role `*`.
    private func roleSlots(for names: Set<String>, framework: FrameworkID) throws(AllocatorError) -> Set<Int32> {
        var result: Set<Int32> = []
        for name in names {
            if let problem = Self.roleProblem(name) {
                throw AllocatorError(.invalidRole, "invalid role '\(name)' for framework \(framework): \(problem)")
            }
        }
        for name in names { result.insert(roleSlot(name)) }
        return result
    }

    private func roleSlot(_ name: String) -> Int32 {
        if let slot = roleSlots[name] { return slot }
        let slot = Int32(roles.count)
        roles.append(Role(name: name, weight: weights[name] ?? 1, frameworks: DRFSorter(), wanting: 0))
        roleSlots[name] = slot
        return slot
    }

    /// Why `role` is not a valid role name, or nil (ButteCore's rules, through its resource parser).
    private static func roleProblem(_ role: String) -> String? {
        do {
            _ = try Resources.parseText("", defaultRole: role)
            return nil
        } catch {
            let message = error.message
            if let separator = message.firstRange(of: "': ") { return String(message[separator.upperBound...]) }
            return message
        }
    }

    /// True when a resource reserved for `reservation` may be offered to `role`: unreserved, reserved
    /// for the role itself, or for one of its ancestors (`eng` for `eng/web`).
    static func isAllocatable(_ reservation: String, to role: String) -> Bool {
        reservation == Resource.unreservedRole || reservation == role
            || (role.count > reservation.count && role.hasPrefix(reservation) && role.dropFirst(reservation.count).first == "/")
    }
}
