// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteCore
import ButteProtocol

/// Conversion between the wire `Resource` messages and the `Resources` arithmetic of ButteCore.
enum ResourceConversion {
    /// The resources of a list of wire messages, with their roles (refinement form, legacy `role`, or `*`).
    /// - Throws: ``MasterError`` naming the resource when it has no value of its type or a TEXT type.
    static func resources(_ messages: [ButteProtocol.Resource], field: String) throws(MasterError) -> Resources {
        var result = Resources()
        for message in messages {
            result.add(try resource(message, field: field))
        }
        return result
    }

    /// One wire message as a ButteCore resource.
    static func resource(_ message: ButteProtocol.Resource, field: String) throws(MasterError) -> ButteCore.Resource {
        let role = message.reservations.last?.role ?? message.role ?? ButteCore.Resource.unreservedRole
        let value: ResourceValue
        switch message.type {
        case .scalar:
            guard let scalar = message.scalar, let amount = Scalar(rounding: scalar.value), amount >= .zero else {
                throw MasterError(.invalidResources, "\(field): SCALAR resource '\(message.name)' needs a non-negative 'scalar.value'")
            }
            value = .scalar(amount)
        case .ranges:
            let ranges = message.ranges?.range ?? []
            for range in ranges where range.begin > range.end {
                throw MasterError(.invalidResources, "\(field): RANGES resource '\(message.name)' has range \(range.begin)-\(range.end)")
            }
            value = .ranges(ValueRanges(ranges.map { $0.begin...$0.end }))
        case .set:
            value = .set(Set(message.set?.item ?? []))
        default:
            throw MasterError(.invalidResources, "\(field): resource '\(message.name)' has unsupported type \(message.type.rawValue)")
        }
        return ButteCore.Resource(name: message.name, role: role, value: value)
    }

    /// Wire messages for resources, in the legacy form (`role`, no `allocation_info`) that frameworks without
    /// MULTI_ROLE and RESERVATION_REFINEMENT expect.
    static func messages(_ resources: Resources) -> [ButteProtocol.Resource] {
        resources.entries.map(message)
    }

    /// One resource as a wire message.
    static func message(_ resource: ButteCore.Resource) -> ButteProtocol.Resource {
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
