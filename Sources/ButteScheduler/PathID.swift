// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

/// An absolute app or group id such as `/prod/web`: app `web` in group `/prod`.
public struct PathID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The segments, without empty ones; empty for the root group.
    public let segments: [String]

    /// The root group `/`.
    public static let root = PathID(segments: [])

    /// An id from its segments.
    public init(segments: [String]) {
        self.segments = segments
    }

    /// Parses an id, resolving `.` and `..` and relative ids against `base`; slashes are collapsed.
    /// - Throws: ``APIError`` naming the offending segment when a segment breaks Marathon's id rules.
    public init(_ text: String, base: PathID = .root) throws(PathIDError) {
        var result = text.hasPrefix("/") ? [] : base.segments
        for part in text.split(separator: "/", omittingEmptySubsequences: true) {
            let segment = String(part)
            if segment == "." { continue }
            if segment == ".." {
                guard !result.isEmpty else { throw PathIDError(id: text, segment: segment) }
                result.removeLast()
                continue
            }
            guard PathID.isValidSegment(segment) else { throw PathIDError(id: text, segment: segment) }
            result.append(segment)
        }
        self.segments = result
    }

    /// `/prod/web`; `/` for the root.
    public var description: String { "/" + segments.joined(separator: "/") }

    /// The form used in task ids and text output: `prod_web`.
    public var safeID: String { segments.joined(separator: "_") }

    /// Whether this is the root group.
    public var isRoot: Bool { segments.isEmpty }

    /// The enclosing group.
    public var parent: PathID { PathID(segments: Array(segments.dropLast())) }

    /// Whether `self` is `other` or lies below it.
    public func isDescendant(of other: PathID) -> Bool {
        segments.count >= other.segments.count && Array(segments.prefix(other.segments.count)) == other.segments
    }

    /// Orders ids by their text.
    public static func < (lhs: PathID, rhs: PathID) -> Bool {
        lhs.description < rhs.description
    }

    /// Whether `segment` matches `^(([a-z0-9]|[a-z0-9][a-z0-9-]*[a-z0-9])\.)*([a-z0-9]|[a-z0-9][a-z0-9-]*[a-z0-9])$`.
    public static func isValidSegment(_ segment: String) -> Bool {
        let labels = segment.split(separator: ".", omittingEmptySubsequences: false)
        for label in labels {
            let bytes = Array(label.utf8)
            guard let first = bytes.first, let last = bytes.last else { return false }
            func alnum(_ byte: UInt8) -> Bool { (byte >= 97 && byte <= 122) || (byte >= 48 && byte <= 57) }
            guard alnum(first), alnum(last) else { return false }
            guard bytes.allSatisfy({ alnum($0) || $0 == 45 }) else { return false }
        }
        return true
    }
}

/// An id that breaks Marathon's id rules.
public struct PathIDError: Error, Sendable, CustomStringConvertible {
    /// The whole id as given.
    public var id: String
    /// The segment that is not allowed.
    public var segment: String
    /// Marathon's wording.
    public var description: String {
        "'\(id)' is not a valid id: segment '\(segment)' must consist of lowercase letters, digits, hyphens and dots, "
            + "and start and end with a letter or digit"
    }
}
