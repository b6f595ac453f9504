// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

/// A placement constraint `[field, OPERATOR, value?]` on `hostname` or an agent attribute.
public struct Constraint: Hashable, Sendable {
    /// Constraint operators.
    public enum Operator: String, Hashable, Sendable, CaseIterable {
        case unique = "UNIQUE"
        case cluster = "CLUSTER"
        case groupBy = "GROUP_BY"
        case like = "LIKE"
        case unlike = "UNLIKE"
        case maxPer = "MAX_PER"
        case isOperator = "IS"
    }

    /// `hostname`, `@hostname`, `@region`, `@zone` or an attribute name.
    public var field: String
    /// The operator.
    public var op: Operator
    /// The operand, when the operator takes one.
    public var value: String?

    /// A constraint.
    public init(field: String, op: Operator, value: String? = nil) {
        self.field = field
        self.op = op
        self.value = value
    }

    /// The JSON form `["field","OP","value"]`.
    public var json: JSON {
        .strings([field, op.rawValue] + (value.map { [$0] } ?? []))
    }

    /// Checks the operand; returns an error message, or nil when the constraint is well formed.
    func problem() -> String? {
        switch op {
        case .unique:
            return nil
        case .cluster, .groupBy:
            if op == .groupBy, let value, Int(value) == nil { return "GROUP_BY may either have no parameter or a number" }
            return nil
        case .like, .unlike:
            guard let value else { return "\(op.rawValue) requires a regular expression" }
            if (try? Regex(value)) == nil { return "'\(value)' is not a valid regular expression" }
            return nil
        case .maxPer:
            guard let value, let number = Int(value), number > 0 else { return "MAX_PER requires a positive number" }
            return nil
        case .isOperator:
            return value == nil ? "IS requires a value" : nil
        }
    }

    /// Whether a task may be placed on an agent whose value of ``field`` is `candidate`.
    /// - Parameters:
    ///   - candidate: The agent's value (nil when the agent lacks the attribute).
    ///   - placed: The values of the app's other tasks (nil for tasks on agents lacking it).
    ///   - known: Every value of the field seen on agents, for GROUP_BY.
    public func allows(candidate: String?, placed: [String?], known: Set<String>) -> Bool {
        switch op {
        case .unique:
            guard let candidate else { return false }
            return !placed.contains(candidate)
        case .cluster:
            guard let candidate else { return false }
            if let value, !value.isEmpty { return candidate == value }
            return placed.compactMap { $0 }.allSatisfy { $0 == candidate }
        case .isOperator:
            return candidate == value
        case .like, .unlike:
            guard let candidate, let value, let regex = try? Regex(value) else { return op == .unlike }
            let matches = (try? regex.wholeMatch(in: candidate)) != nil
            return op == .like ? matches : !matches
        case .maxPer:
            guard let candidate, let value, let limit = Int(value) else { return false }
            return placed.filter { $0 == candidate }.count < limit
        case .groupBy:
            guard let candidate else { return false }
            var counts: [String: Int] = [:]
            for value in known { counts[value] = 0 }
            counts[candidate] = counts[candidate] ?? 0
            for value in placed.compactMap({ $0 }) { counts[value, default: 0] += 1 }
            let minimum = counts.values.min() ?? 0
            return counts[candidate, default: 0] <= minimum
        }
    }
}
