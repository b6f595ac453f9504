// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteCore
import ButteProtocol
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The resources an agent offers when `--resources` does not name them, detected from the host as a Mesos
/// agent does: every CPU, memory less a reserve, the work directory's disk less a reserve, and ports 31000-32000.
public enum HostResources {
    /// The port range offered by default.
    public static let defaultPorts: ClosedRange<UInt64> = 31000...32000

    /// The memory left to the system, in MB: 1 GB, or half the memory on hosts with less than 2 GB.
    public static func memoryOffered(totalMB: UInt64) -> UInt64 {
        totalMB >= 2048 ? totalMB - 1024 : totalMB / 2
    }

    /// The disk offered, in MB: the filesystem's size less 5 GB, or half of it when it is under 10 GB.
    public static func diskOffered(totalMB: UInt64) -> UInt64 {
        totalMB >= 10 * 1024 ? totalMB - 5 * 1024 : totalMB / 2
    }

    /// The host's resources with `role`; any resource named in `configured` replaces the detected one.
    public static func detect(workDir: String, role: String, configured: Resources? = nil) -> Resources {
        var detected = Resources()
        let names = Set(configured?.entries.map(\.name) ?? [])
        if !names.contains("cpus") {
            detected.add(.scalar("cpus", Scalar(max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))), role: role))
        }
        if !names.contains("mem") {
            let pages = UInt64(max(0, sysconf(Int32(_SC_PHYS_PAGES))))
            let pageSize = UInt64(max(0, sysconf(Int32(_SC_PAGESIZE))))
            detected.add(.scalar("mem", Scalar(Int(memoryOffered(totalMB: (pages * pageSize) >> 20))), role: role))
        }
        if !names.contains("disk") {
            var info = statvfs()
            let totalMB: UInt64 = statvfs(workDir, &info) == 0 ? (UInt64(info.f_blocks) * UInt64(info.f_frsize)) >> 20 : 0
            detected.add(.scalar("disk", Scalar(Int(diskOffered(totalMB: totalMB))), role: role))
        }
        if !names.contains("ports") {
            detected.add(.ranges("ports", ValueRanges([defaultPorts]), role: role))
        }
        for entry in configured?.entries ?? [] { detected.add(entry) }
        return detected
    }

    /// Resources as wire messages (legacy `role` form).
    public static func messages(_ resources: Resources) -> [ButteProtocol.Resource] {
        resources.entries.map { resource in
            switch resource.value {
            case .scalar(let amount):
                return ButteProtocol.Resource(name: resource.name, type: .scalar, scalar: Value.Scalar(value: amount.value), role: resource.role)
            case .ranges(let ranges):
                let wire = ranges.ranges.map { Value.Range(begin: $0.lowerBound, end: $0.upperBound) }
                return ButteProtocol.Resource(name: resource.name, type: .ranges, ranges: Value.Ranges(range: wire), role: resource.role)
            case .set(let items):
                return ButteProtocol.Resource(name: resource.name, type: .set, set: Value.Set(item: items.sorted()), role: resource.role)
            }
        }
    }

    /// Attributes as wire messages.
    public static func messages(_ attributes: [ButteCore.Attribute]) -> [ButteProtocol.Attribute] {
        attributes.map { attribute in
            switch attribute.value {
            case .scalar(let amount):
                return ButteProtocol.Attribute(name: attribute.name, type: .scalar, scalar: Value.Scalar(value: amount.value))
            case .ranges(let ranges):
                let wire = ranges.ranges.map { Value.Range(begin: $0.lowerBound, end: $0.upperBound) }
                return ButteProtocol.Attribute(name: attribute.name, type: .ranges, ranges: Value.Ranges(range: wire))
            case .set(let items):
                return ButteProtocol.Attribute(name: attribute.name, type: .set, set: Value.Set(item: items.sorted()))
            case .text(let text):
                return ButteProtocol.Attribute(name: attribute.name, type: .text, text: Value.Text(value: text))
            }
        }
    }

    /// The scalar named `name` in wire resources (summed over roles), or nil.
    public static func scalar(_ name: String, in resources: [ButteProtocol.Resource]) -> Double? {
        let values = resources.filter { $0.name == name && $0.type == .scalar }.compactMap { $0.scalar?.value }
        return values.isEmpty ? nil : values.reduce(0, +)
    }

    /// Mesos's JSON rendering of resources in `/state`: `{"cpus":4,"mem":1024,"ports":"[31000-32000]"}`.
    public static func stateObject(_ resources: [ButteProtocol.Resource]) -> [String: Any] {
        var object: [String: Any] = ["cpus": 0.0, "mem": 0.0, "disk": 0.0, "gpus": 0.0]
        for resource in resources {
            switch resource.type {
            case .scalar: object[resource.name] = ((object[resource.name] as? Double) ?? 0) + (resource.scalar?.value ?? 0)
            case .ranges:
                object[resource.name] = "[" + (resource.ranges?.range ?? []).map { "\($0.begin)-\($0.end)" }.joined(separator: ", ") + "]"
            case .set: object[resource.name] = "{" + (resource.set?.item ?? []).joined(separator: ", ") + "}"
            default: break
            }
        }
        return object
    }
}
