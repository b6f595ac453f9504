// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

/// The `label=` filter of `GET /v2/apps`: comma-separated terms `k`, `k==v`, `k!=v`, `k in (a,b)`, `k notin (a,b)`,
/// all of which must hold.
struct LabelSelector {
    private enum Term {
        case exists(String)
        case equals(String, String)
        case notEquals(String, String)
        case isIn(String, Set<String>)
        case notIn(String, Set<String>)
    }

    private var terms: [Term] = []

    /// Parses a selector.
    /// - Throws: ``APIError`` 400 naming the term that cannot be parsed.
    init(_ text: String) throws(APIError) {
        var parts: [String] = []
        var current = ""
        var depth = 0
        for character in text {
            if character == "(" { depth += 1 }
            if character == ")" { depth -= 1 }
            if character == ",", depth == 0 {
                parts.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        parts.append(current)
        for raw in parts {
            let part = raw.trimmed
            if part.isEmpty { continue }
            if let range = part.range(of: "!=") {
                terms.append(.notEquals(String(part[..<range.lowerBound]).trimmed, String(part[range.upperBound...]).trimmed))
            } else if let range = part.range(of: "==") {
                terms.append(.equals(String(part[..<range.lowerBound]).trimmed, String(part[range.upperBound...]).trimmed))
            } else if let range = part.range(of: " notin ") ?? part.range(of: " in ") {
                let key = String(part[..<range.lowerBound]).trimmed
                var list = String(part[range.upperBound...]).trimmed
                guard list.hasPrefix("("), list.hasSuffix(")") else { throw APIError.badRequest("Invalid label selector term '\(part)'") }
                list = String(list.dropFirst().dropLast())
                let values = Set(list.split(separator: ",").map { String($0).trimmed })
                terms.append(part[range].contains("notin") ? .notIn(key, values) : .isIn(key, values))
            } else if part.allSatisfy({ $0.isLetter || $0.isNumber || "-_./".contains($0) }) {
                terms.append(.exists(part))
            } else {
                throw APIError.badRequest("Invalid label selector term '\(part)'")
            }
        }
    }

    /// Whether labels satisfy every term.
    func matches(_ labels: [String: String]) -> Bool {
        terms.allSatisfy { term in
            switch term {
            case .exists(let key): return labels[key] != nil
            case .equals(let key, let value): return labels[key] == value
            case .notEquals(let key, let value): return labels[key] != value
            case .isIn(let key, let values): return labels[key].map(values.contains) ?? false
            case .notIn(let key, let values): return !(labels[key].map(values.contains) ?? false)
            }
        }
    }
}

extension String {
    /// The string without leading and trailing spaces.
    var trimmed: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
