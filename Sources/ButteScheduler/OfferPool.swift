// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteProtocol

/// The resources of one offer that are still free while tasks are fitted into it.
struct OfferPool {
    private struct ScalarSlot {
        var template: Resource
        var amount: Double
    }

    private struct RangeSlot {
        var template: Resource
        var ranges: [ClosedRange<UInt64>]
    }

    private var scalars: [String: [ScalarSlot]] = [:]
    private var ports: [RangeSlot] = []

    /// The free resources of `offer`.
    init(offer: Offer) {
        for resource in offer.resources where resource.revocable == nil && resource.disk?.persistence == nil {
            if resource.type == .scalar, let scalar = resource.scalar {
                scalars[resource.name, default: []].append(ScalarSlot(template: resource, amount: scalar.value))
            } else if resource.type == .ranges, resource.name == "ports", let ranges = resource.ranges {
                ports.append(RangeSlot(template: resource, ranges: ranges.range.map { $0.begin...$0.end }))
            }
        }
    }

    private static func role(of resource: Resource) -> String {
        resource.reservations.last?.role ?? resource.role ?? resource.allocationInfo?.role ?? "*"
    }

    private static func allowed(_ resource: Resource, _ roles: [String]?) -> Bool {
        guard let roles else { return true }
        return roles.contains(role(of: resource))
    }

    /// Free amount of a scalar resource in the given roles.
    func available(_ name: String, roles: [String]?) -> Double {
        (scalars[name] ?? []).filter { Self.allowed($0.template, roles) }.reduce(0) { $0 + $1.amount }
    }

    /// Takes `amount` of a scalar resource, as resources in the offer's roles; nil (and nothing taken) when short.
    mutating func take(_ name: String, _ amount: Double, roles: [String]?) -> [Resource]? {
        guard amount > 0 else { return [] }
        guard available(name, roles: roles) + 1e-9 >= amount else { return nil }
        var left = amount
        var taken: [Resource] = []
        for index in (scalars[name] ?? []).indices where left > 1e-9 {
            let slot = scalars[name]![index]
            guard Self.allowed(slot.template, roles), slot.amount > 1e-9 else { continue }
            let part = min(slot.amount, left)
            scalars[name]![index].amount -= part
            left -= part
            var resource = slot.template
            resource.scalar = Value.Scalar(value: part)
            taken.append(resource)
        }
        return taken
    }

    /// Takes host ports: a given number, or any free one for nil. Returns the ports in request order and the
    /// resources; nil (and nothing taken) when they are not all free.
    mutating func takePorts(_ requests: [UInt32?], roles: [String]?) -> (ports: [UInt32], resources: [Resource])? {
        guard !requests.isEmpty else { return ([], []) }
        var copy = ports
        var chosen: [(port: UInt64, slot: Int)] = []
        for request in requests {
            var found: (UInt64, Int)?
            for (slotIndex, slot) in copy.enumerated() where Self.allowed(slot.template, roles) {
                if let request {
                    if slot.ranges.contains(where: { $0.contains(UInt64(request)) }) { found = (UInt64(request), slotIndex) }
                } else if let range = slot.ranges.first(where: { !$0.isEmpty }) {
                    found = (range.lowerBound, slotIndex)
                }
                if found != nil { break }
            }
            guard let found else { return nil }
            let (port, slotIndex) = found
            copy[slotIndex].ranges = Self.remove(port, from: copy[slotIndex].ranges)
            chosen.append((port, slotIndex))
        }
        ports = copy
        var resources: [Resource] = []
        for slotIndex in Set(chosen.map(\.slot)).sorted() {
            var resource = copy[slotIndex].template
            let values = chosen.filter { $0.slot == slotIndex }.map(\.port).sorted()
            resource.ranges = Value.Ranges(range: values.map { Value.Range(begin: $0, end: $0) })
            resources.append(resource)
        }
        return (chosen.map { UInt32($0.port) }, resources)
    }

    private static func remove(_ port: UInt64, from ranges: [ClosedRange<UInt64>]) -> [ClosedRange<UInt64>] {
        var result: [ClosedRange<UInt64>] = []
        for range in ranges {
            guard range.contains(port) else {
                result.append(range)
                continue
            }
            if range.lowerBound < port { result.append(range.lowerBound...(port - 1)) }
            if port < range.upperBound { result.append((port + 1)...range.upperBound) }
        }
        return result
    }
}
