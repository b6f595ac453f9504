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
    /// Creates an allocator without agents or frameworks.
    package init(configuration: AllocatorConfiguration = .init()) {
        fatalError("unimplemented")
    }

    // MARK: Agents

    /// Adds an agent with its total resources; all of them are free until allocated.
    /// - Throws: `AllocatorError` `.duplicateAgent` when `id` is already known.
    package func addAgent(_ id: AgentID, total: Resources) throws(AllocatorError) {
        fatalError("unimplemented")
    }

    /// Changes an agent's total resources (an agent that re-registers with a different `--resources`).
    /// What is allocated stays allocated; free = new total − allocated.
    /// - Throws: `AllocatorError` `.unknownAgent`.
    package func updateAgent(_ id: AgentID, total: Resources) throws(AllocatorError) {
        fatalError("unimplemented")
    }

    /// Forgets an agent and everything allocated on it. Returns false when it was not known.
    @discardableResult
    package func removeAgent(_ id: AgentID) -> Bool {
        fatalError("unimplemented")
    }

    /// Makes a deactivated agent's free resources offerable again (the agent reconnected).
    package func activateAgent(_ id: AgentID) {
        fatalError("unimplemented")
    }

    /// Stops offering an agent's resources (the agent is disconnected or unreachable) without forgetting it.
    package func deactivateAgent(_ id: AgentID) {
        fatalError("unimplemented")
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
        fatalError("unimplemented")
    }

    /// Changes a framework's roles, suppressed roles and GPU capability (UPDATE_FRAMEWORK, re-SUBSCRIBE).
    /// Resources it holds as a role it left stay counted for that role until they are recovered.
    /// - Throws: `AllocatorError` `.unknownFramework` or `.invalidRole`.
    package func updateFramework(_ id: FrameworkID, roles: Set<String>, suppressedRoles: Set<String> = [], gpuAware: Bool = false)
        throws(AllocatorError)
    {
        fatalError("unimplemented")
    }

    /// Forgets a framework; everything allocated to it becomes free. Returns false when it was not known.
    @discardableResult
    package func removeFramework(_ id: FrameworkID) -> Bool {
        fatalError("unimplemented")
    }

    /// Lets a framework receive offers again (it re-subscribed).
    package func activateFramework(_ id: FrameworkID) {
        fatalError("unimplemented")
    }

    /// Stops offers to a framework (its stream closed) without releasing what it holds.
    package func deactivateFramework(_ id: FrameworkID) {
        fatalError("unimplemented")
    }

    /// SUPPRESS: no more offers to the framework for `roles` (nil or empty: all its roles) until REVIVE.
    package func suppress(_ id: FrameworkID, roles: Set<String>? = nil) {
        fatalError("unimplemented")
    }

    /// REVIVE: unsuppresses `roles` (nil or empty: all its roles) and drops the framework's filters for them.
    package func revive(_ id: FrameworkID, roles: Set<String>? = nil) {
        fatalError("unimplemented")
    }

    /// Sets role weights (Mesos `--weights`, UPDATE_WEIGHTS); roles not listed weigh 1.
    /// - Throws: `AllocatorError` `.invalidWeight` or `.invalidRole`, naming the role; nothing changes then.
    package func setWeights(_ weights: [String: Double]) throws(AllocatorError) {
        fatalError("unimplemented")
    }

    // MARK: Resources

    /// Records resources as allocated to a framework without an offer: tasks and executors an agent
    /// reports when it re-registers. Only what is free on the agent is taken; returns what was recorded.
    /// The framework need not be added yet.
    /// - Throws: `AllocatorError` `.unknownAgent` or `.invalidRole`.
    @discardableResult
    package func recordAllocation(_ resources: Resources, agent: AgentID, framework: FrameworkID, role: String) throws(AllocatorError) -> Resources {
        fatalError("unimplemented")
    }

    /// Gives allocated resources back (an offer was rescinded or timed out, a task ended), without a filter.
    /// Resources the framework does not hold there are ignored; unknown agents and frameworks are a no-op,
    /// since the master may recover after it removed them.
    package func recoverResources(_ resources: Resources, agent: AgentID, framework: FrameworkID, role: String) {
        fatalError("unimplemented")
    }

    /// Keeps `resources` on `agent` from being offered to the framework as `role` until the filter
    /// expires (`RefuseFilter.duration(refuseSeconds:)`: nil or negative → 5 s, capped at 365 days,
    /// 0 → no filter). A later offer is filtered only when it is a subset of these resources, so
    /// resources freed on the agent afterwards are offered again.
    package func addFilter(framework: FrameworkID, agent: AgentID, role: String, resources: Resources, refuseSeconds: Double?, now: ContinuousClock.Instant) {
        fatalError("unimplemented")
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
        fatalError("unimplemented")
    }

    // MARK: Inspection

    /// The free resources of an agent, or nil when it is unknown.
    package func available(on agent: AgentID) -> Resources? {
        fatalError("unimplemented")
    }

    /// What a framework holds (offered or in use) on each agent, summed over its roles.
    package func allocation(of framework: FrameworkID) -> [AgentID: Resources] {
        fatalError("unimplemented")
    }

    /// The allocated quantities and dominant shares of every role and framework.
    package func shares() -> AllocationShares {
        fatalError("unimplemented")
    }
}
