// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

// Source: Mesos v1 JSON of `Resource` (mesos/v1/mesos.proto, Mesos 1.11):
// {"name":"cpus","type":"SCALAR","scalar":{"value":4},"role":"*"}
extension Resource: Codable {
    private enum CodingKeys: String, CodingKey {
        case name, type, scalar, ranges, set, role, reservations
    }

    private struct ScalarBox: Codable {
        var value: Scalar
    }

    private struct SetBox: Codable {
        var item: [String]?
    }

    private struct Reservation: Decodable {
        var role: String?
    }

    /// The `userInfo` key whose `String` value is the role given to resources that name none (default `*`).
    public static let defaultRoleKey = CodingUserInfoKey(rawValue: "butte.resource.defaultRole")!

    /// Decodes a v1 Resource. The role is the last entry of `reservations` when present (the
    /// refinement form), else `role`, else the decoder's `defaultRoleKey` value, else `*`.
    /// Other fields are ignored.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let name = try container.decode(String.self, forKey: .name)
        let type = try container.decode(String.self, forKey: .type)
        let value: ResourceValue
        switch type {
        case "SCALAR":
            guard let box = try container.decodeIfPresent(ScalarBox.self, forKey: .scalar) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .scalar, in: container, debugDescription: "SCALAR resource '\(name)' has no 'scalar' field")
            }
            value = .scalar(box.value)
        case "RANGES":
            guard let ranges = try container.decodeIfPresent(ValueRanges.self, forKey: .ranges) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .ranges, in: container, debugDescription: "RANGES resource '\(name)' has no 'ranges' field")
            }
            value = .ranges(ranges)
        case "SET":
            guard let box = try container.decodeIfPresent(SetBox.self, forKey: .set) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .set, in: container, debugDescription: "SET resource '\(name)' has no 'set' field")
            }
            value = .set(Set(box.item ?? []))
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .type, in: container,
                debugDescription: "unsupported type '\(type)' for resource '\(name)': expected SCALAR, RANGES or SET")
        }
        let defaultRole = decoder.userInfo[Resource.defaultRoleKey] as? String ?? Resource.unreservedRole
        var role = try container.decodeIfPresent(String.self, forKey: .role) ?? defaultRole
        if let reservations = try container.decodeIfPresent([Reservation].self, forKey: .reservations),
            let last = reservations.last?.role
        {
            role = last
        }
        self.init(name: name, role: role, value: value)
        if let problem = validationProblem {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: problem))
        }
    }

    /// Encodes a v1 Resource with `name`, `type`, the value field and `role`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(kind.rawValue, forKey: .type)
        switch value {
        case .scalar(let scalar): try container.encode(ScalarBox(value: scalar), forKey: .scalar)
        case .ranges(let ranges): try container.encode(ranges, forKey: .ranges)
        case .set(let items): try container.encode(SetBox(item: items.sorted()), forKey: .set)
        }
        try container.encode(role, forKey: .role)
    }
}

extension Resources: Codable {
    /// Decodes a JSON array of v1 Resource objects, summing like entries and dropping empty ones.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        self.init(try container.decode([Resource].self))
    }

    /// Encodes a JSON array of v1 Resource objects.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(entries)
    }
}
