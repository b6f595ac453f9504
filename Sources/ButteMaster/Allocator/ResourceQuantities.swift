// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteCore

/// The amounts of the four resources dominant shares are computed over — `cpus`, `mem`, `disk`, `gpus` —
/// summed across roles. Ports and other resources do not count towards shares, as in Mesos's DRF sorter.
package struct ResourceQuantities: Hashable, Sendable, CustomStringConvertible {
    /// CPUs.
    package var cpus: Scalar
    /// Memory in MB.
    package var mem: Scalar
    /// Disk in MB.
    package var disk: Scalar
    /// GPUs.
    package var gpus: Scalar

    /// Creates quantities; missing ones are zero.
    package init(cpus: Scalar = .zero, mem: Scalar = .zero, disk: Scalar = .zero, gpus: Scalar = .zero) {
        self.cpus = cpus
        self.mem = mem
        self.disk = disk
        self.gpus = gpus
    }

    /// The quantities of `resources`, summed across roles.
    package init(_ resources: Resources) {
        self.init()
        for entry in resources.entries {
            guard case .scalar(let amount) = entry.value else { continue }
            switch entry.name {
            case "cpus": cpus += amount
            case "mem": mem += amount
            case "disk": disk += amount
            case "gpus": gpus += amount
            default: break
            }
        }
    }

    /// Nothing.
    package static let zero = ResourceQuantities()

    /// True when all four are zero.
    package var isZero: Bool { self == .zero }

    /// True when every quantity is at least the one of `other`.
    package func covers(_ other: ResourceQuantities) -> Bool {
        cpus >= other.cpus && mem >= other.mem && disk >= other.disk && gpus >= other.gpus
    }

    /// The largest ratio of a quantity here to the same quantity of `total`; kinds the total lacks are skipped.
    package func dominantShare(of total: ResourceQuantities) -> Double {
        var share = 0.0
        if total.cpus.thousandths > 0 { share = max(share, Double(cpus.thousandths) / Double(total.cpus.thousandths)) }
        if total.mem.thousandths > 0 { share = max(share, Double(mem.thousandths) / Double(total.mem.thousandths)) }
        if total.disk.thousandths > 0 { share = max(share, Double(disk.thousandths) / Double(total.disk.thousandths)) }
        if total.gpus.thousandths > 0 { share = max(share, Double(gpus.thousandths) / Double(total.gpus.thousandths)) }
        return share
    }

    /// The sum.
    package static func + (lhs: ResourceQuantities, rhs: ResourceQuantities) -> ResourceQuantities {
        ResourceQuantities(cpus: lhs.cpus + rhs.cpus, mem: lhs.mem + rhs.mem, disk: lhs.disk + rhs.disk, gpus: lhs.gpus + rhs.gpus)
    }

    /// The difference (may go negative; callers only subtract what they added).
    package static func - (lhs: ResourceQuantities, rhs: ResourceQuantities) -> ResourceQuantities {
        ResourceQuantities(cpus: lhs.cpus - rhs.cpus, mem: lhs.mem - rhs.mem, disk: lhs.disk - rhs.disk, gpus: lhs.gpus - rhs.gpus)
    }

    /// Adds in place.
    package static func += (lhs: inout ResourceQuantities, rhs: ResourceQuantities) { lhs = lhs + rhs }

    /// Subtracts in place.
    package static func -= (lhs: inout ResourceQuantities, rhs: ResourceQuantities) { lhs = lhs - rhs }

    /// `cpus:1; mem:32; disk:0; gpus:0`.
    package var description: String { "cpus:\(cpus); mem:\(mem); disk:\(disk); gpus:\(gpus)" }
}
