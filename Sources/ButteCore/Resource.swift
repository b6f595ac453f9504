// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

/// One Mesos resource: a name, the role it is reserved for (`*` when unreserved) and a value.
///
/// Source: Mesos v1 `Resource` (mesos/v1/mesos.proto, Mesos 1.11); reservations are reduced to the
/// role they finally grant, allocation info, disk info and the rest are not modelled.
public struct Resource: Hashable, Sendable, CustomStringConvertible {
    /// The role of unreserved resources.
    public static let unreservedRole = "*"

    /// The resource name, e.g. `cpus`, `mem`, `ports`.
    public var name: String
    /// The role the resource is reserved for, or `*`.
    public var role: String
    /// The amount.
    public var value: ResourceValue

    /// Creates a resource.
    public init(name: String, role: String = Resource.unreservedRole, value: ResourceValue) {
        self.name = name
        self.role = role
        self.value = value
    }

    /// A scalar resource such as `cpus:4`.
    public static func scalar(_ name: String, _ amount: Scalar, role: String = Resource.unreservedRole) -> Resource {
        Resource(name: name, role: role, value: .scalar(amount))
    }

    /// A ranges resource such as `ports:[31000-32000]`.
    public static func ranges(_ name: String, _ ranges: ValueRanges, role: String = Resource.unreservedRole) -> Resource {
        Resource(name: name, role: role, value: .ranges(ranges))
    }

    /// A set resource such as `disks:{a,b}`.
    public static func set(_ name: String, _ items: Set<String>, role: String = Resource.unreservedRole) -> Resource {
        Resource(name: name, role: role, value: .set(items))
    }

    /// The value's type.
    public var kind: ResourceValue.Kind { value.kind }

    /// True when the value is a zero scalar, empty ranges or an empty set.
    public var isEmpty: Bool { value.isEmpty }

    /// The Mesos text form: `cpus:4`, or `cpus(web):4` when reserved.
    public var description: String {
        role == Resource.unreservedRole ? "\(name):\(value)" : "\(name)(\(role)):\(value)"
    }

    /// The problem with this resource as Mesos validation sees it (empty name, bad role,
    /// negative scalar), or nil when it is valid.
    var validationProblem: String? {
        if name.isEmpty { return "resource name must not be empty" }
        if let problem = Resource.roleProblem(role) { return "invalid role '\(role)' for resource '\(name)': \(problem)" }
        if case .scalar(let scalar) = value, scalar.thousandths < 0 {
            return "invalid scalar '\(scalar)' for resource '\(name)': must not be negative"
        }
        return nil
    }

    /// Why `role` is not a valid Mesos role name, or nil when it is.
    ///
    /// Roles may be hierarchical (`eng/web`); each path component must be non-empty, not `.` or `..`,
    /// not start with `-`, and hold no whitespace, parentheses or `*`.
    static func roleProblem(_ role: String) -> String? {
        if role == unreservedRole { return nil }
        if role.isEmpty { return "role must not be empty" }
        for component in role.pieces(separatedBy: "/") {
            if component.isEmpty { return "role path components must not be empty" }
            if component == "." || component == ".." { return "role path components must not be '.' or '..'" }
            if component.hasPrefix("-") { return "role path components must not start with '-'" }
            if component.contains(where: { $0.isWhitespace || $0 == "(" || $0 == ")" || $0 == "*" }) {
                return "role must not contain whitespace, '(', ')' or '*'"
            }
        }
        return nil
    }
}
