// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteCore
import ButteProtocol

/// Resources of one agent that one allocation cycle set aside for one framework, for one of its roles.
///
/// The allocator already counts them as allocated to the framework; the master turns each proposal
/// into an offer (merging proposals for the same framework and agent if it wants one offer per agent)
/// and hands the resources back with `Allocator.recoverResources` or `Allocator.decline` when the
/// offer is declined, rescinded or expires, or when the tasks launched on them end.
package struct OfferProposal: Hashable, Sendable {
    /// The framework the resources are offered to.
    package var framework: FrameworkID
    /// The agent the resources live on.
    package var agent: AgentID
    /// The role the framework receives them as (`allocation_info.role` for MULTI_ROLE frameworks).
    package var role: String
    /// The resources: unreserved ones and those reserved for `role` or one of its ancestors.
    package var resources: Resources

    /// Creates a proposal.
    package init(framework: FrameworkID, agent: AgentID, role: String, resources: Resources) {
        self.framework = framework
        self.agent = agent
        self.role = role
        self.resources = resources
    }
}
