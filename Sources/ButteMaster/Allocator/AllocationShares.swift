// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteProtocol

/// A snapshot of what is allocated (offered or in use) and the resulting dominant shares, for metrics
/// and the operator endpoints.
package struct AllocationShares: Sendable, Equatable {
    /// The allocation of one role or of one framework within one role.
    package struct Entry: Sendable, Equatable {
        /// What is allocated.
        package var allocated: ResourceQuantities
        /// The dominant share: the largest of allocated / cluster total over cpus, mem, disk and gpus.
        package var dominantShare: Double
        /// `dominantShare` divided by the role's weight (for a framework entry, the same as `dominantShare`).
        package var weightedShare: Double

        /// Creates an entry.
        package init(allocated: ResourceQuantities, dominantShare: Double, weightedShare: Double) {
            self.allocated = allocated
            self.dominantShare = dominantShare
            self.weightedShare = weightedShare
        }
    }

    /// The cluster's total of the resources shares count.
    package var total: ResourceQuantities
    /// Per role, everything its frameworks hold.
    package var roles: [String: Entry]
    /// Per framework, per role it holds resources as.
    package var frameworks: [FrameworkID: [String: Entry]]

    /// Creates a snapshot.
    package init(total: ResourceQuantities, roles: [String: Entry], frameworks: [FrameworkID: [String: Entry]]) {
        self.total = total
        self.roles = roles
        self.frameworks = frameworks
    }
}
