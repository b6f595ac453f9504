// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

/// A bag of Mesos resources with Mesos arithmetic.
///
/// Resources with the same name, role and type are combined into one entry; empty ones (a zero
/// scalar, empty ranges or set) are dropped; invalid ones (empty name, bad role, negative scalar)
/// are ignored when added or subtracted, as `mesos::Resources` does. Subtraction never goes
/// below zero: an entry that would become empty or negative disappears. Entries keep the order
/// in which their name/role/type first appeared; equality ignores that order.
public struct Resources: Hashable, Sendable, CustomStringConvertible, ExpressibleByArrayLiteral {
    /// The entries: unique by name, role and type, none empty.
    public private(set) var entries: [Resource]

    /// No resources.
    public init() {
        entries = []
    }

    /// The sum of `resources`.
    public init(_ resources: some Sequence<Resource>) {
        entries = []
        for resource in resources { add(resource) }
    }

    /// The sum of the listed resources.
    public init(arrayLiteral elements: Resource...) {
        self.init(elements)
    }

    /// True when there is nothing here.
    public var isEmpty: Bool { entries.isEmpty }

    /// Adds `resource` to the entry with its name, role and type, or appends it.
    /// Empty and invalid resources are ignored.
    public mutating func add(_ resource: Resource) {
        guard !resource.isEmpty, resource.validationProblem == nil else { return }
        if let index = index(matching: resource), let sum = entries[index].value.adding(resource.value) {
            entries[index].value = sum
        } else {
            entries.append(resource)
        }
    }

    /// Takes `resource` away from the entry with its name, role and type; the entry disappears
    /// when it becomes empty or would go negative. Empty and invalid resources are ignored.
    public mutating func subtract(_ resource: Resource) {
        guard !resource.isEmpty, resource.validationProblem == nil, let index = index(matching: resource),
            let difference = entries[index].value.subtracting(resource.value)
        else { return }
        var remaining = entries[index]
        remaining.value = difference
        if remaining.isEmpty || remaining.validationProblem != nil {
            entries.remove(at: index)
        } else {
            entries[index] = remaining
        }
    }

    /// True when `resource` fits into the entry with its name, role and type.
    public func contains(_ resource: Resource) -> Bool {
        if resource.isEmpty { return true }
        guard let index = index(matching: resource) else { return false }
        return entries[index].value.contains(resource.value)
    }

    /// True when every resource of `other` is included here (`self ⊇ other`).
    public func contains(_ other: Resources) -> Bool {
        other.entries.allSatisfy { contains($0) }
    }

    /// The sum.
    public static func + (lhs: Resources, rhs: Resources) -> Resources {
        var sum = lhs
        sum += rhs
        return sum
    }

    /// The difference, never below zero.
    public static func - (lhs: Resources, rhs: Resources) -> Resources {
        var difference = lhs
        difference -= rhs
        return difference
    }

    /// Adds every resource of `rhs`.
    public static func += (lhs: inout Resources, rhs: Resources) {
        for resource in rhs.entries { lhs.add(resource) }
    }

    /// Subtracts every resource of `rhs`.
    public static func -= (lhs: inout Resources, rhs: Resources) {
        for resource in rhs.entries { lhs.subtract(resource) }
    }

    /// The sum of the scalar resources called `name`, across roles, or nil when there is none.
    public func scalar(_ name: String) -> Scalar? {
        var total: Scalar?
        for entry in entries where entry.name == name {
            if case .scalar(let scalar) = entry.value { total = (total ?? .zero) + scalar }
        }
        return total
    }

    /// The union of the ranges resources called `name`, across roles, or nil when there is none.
    public func ranges(_ name: String) -> ValueRanges? {
        var total: ValueRanges?
        for entry in entries where entry.name == name {
            if case .ranges(let ranges) = entry.value { total = (total ?? ValueRanges()) + ranges }
        }
        return total
    }

    /// The union of the set resources called `name`, across roles, or nil when there is none.
    public func set(_ name: String) -> Set<String>? {
        var total: Set<String>?
        for entry in entries where entry.name == name {
            if case .set(let items) = entry.value { total = (total ?? []).union(items) }
        }
        return total
    }

    /// CPUs (`cpus`), across roles.
    public var cpus: Scalar? { scalar("cpus") }
    /// Memory in MB (`mem`), across roles.
    public var mem: Scalar? { scalar("mem") }
    /// Disk in MB (`disk`), across roles.
    public var disk: Scalar? { scalar("disk") }
    /// Ports (`ports`), across roles.
    public var ports: ValueRanges? { ranges("ports") }

    /// The roles that appear, `*` included.
    public var roles: Set<String> { Set(entries.map(\.role)) }

    /// The unreserved (`*`) resources.
    public var unreserved: Resources { filter { $0.role == Resource.unreservedRole } }

    /// The resources reserved for `role`.
    public func reserved(for role: String) -> Resources { filter { $0.role == role } }

    /// The entries that satisfy `isIncluded`.
    public func filter(_ isIncluded: (Resource) throws -> Bool) rethrows -> Resources {
        var result = Resources()
        result.entries = try entries.filter(isIncluded)
        return result
    }

    /// The Mesos text form, e.g. `cpus:4; mem:2048; ports:[31000-32000]; cpus(web):1`,
    /// which `parse(_:)` reads back.
    public var description: String {
        entries.map(\.description).joined(separator: "; ")
    }

    /// Equal when both hold the same entries, in any order.
    public static func == (lhs: Resources, rhs: Resources) -> Bool {
        lhs.entries.count == rhs.entries.count && Set(lhs.entries) == Set(rhs.entries)
    }

    /// Hashes the entries independent of their order.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(Set(entries))
    }

    private func index(matching resource: Resource) -> Int? {
        entries.firstIndex { $0.name == resource.name && $0.role == resource.role && $0.kind == resource.kind }
    }
}

extension Resources: RandomAccessCollection {
    /// The first entry's position.
    public var startIndex: Int { entries.startIndex }
    /// One past the last entry.
    public var endIndex: Int { entries.endIndex }
    /// The entry at `position`.
    public subscript(position: Int) -> Resource { entries[position] }
}
