// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

/// A Mesos `Value.Ranges`: a set of unsigned integers (usually ports) kept as sorted,
/// disjoint, non-adjacent closed ranges.
///
/// Every initializer and operation normalises: `[3-4, 1-2, 6-6]` becomes `[1-4, 6-6]`.
public struct ValueRanges: Hashable, Sendable, CustomStringConvertible {
    /// The ranges, sorted, disjoint and never adjacent.
    public private(set) var ranges: [ClosedRange<UInt64>]

    /// The empty set.
    public init() {
        ranges = []
    }

    /// Creates the union of `ranges`, in any order, overlapping or not.
    public init(_ ranges: some Sequence<ClosedRange<UInt64>>) {
        self.ranges = ValueRanges.normalised(Array(ranges))
    }

    /// True when no value is included.
    public var isEmpty: Bool { ranges.isEmpty }

    /// How many values are included (saturating at `UInt64.max`).
    public var count: UInt64 {
        var total: UInt64 = 0
        for range in ranges {
            let (width, overflow1) = (range.upperBound - range.lowerBound).addingReportingOverflow(1)
            let (sum, overflow2) = total.addingReportingOverflow(width)
            if overflow1 || overflow2 { return .max }
            total = sum
        }
        return total
    }

    /// True when `value` is included.
    public func contains(_ value: UInt64) -> Bool {
        ranges.contains { $0.contains(value) }
    }

    /// True when every value of `other` is included here.
    public func isSuperset(of other: ValueRanges) -> Bool {
        var index = 0
        for needed in other.ranges {
            while index < ranges.count, ranges[index].upperBound < needed.lowerBound { index += 1 }
            guard index < ranges.count, ranges[index].lowerBound <= needed.lowerBound, ranges[index].upperBound >= needed.upperBound
            else { return false }
        }
        return true
    }

    /// The union.
    public static func + (lhs: ValueRanges, rhs: ValueRanges) -> ValueRanges {
        ValueRanges(lhs.ranges + rhs.ranges)
    }

    /// The values of `lhs` that are not in `rhs`; a range that `rhs` cuts through is split.
    public static func - (lhs: ValueRanges, rhs: ValueRanges) -> ValueRanges {
        var result: [ClosedRange<UInt64>] = []
        var cut = 0
        for range in lhs.ranges {
            var lower = range.lowerBound
            let upper = range.upperBound
            var exhausted = false
            // Skip removals entirely below this range; they cannot touch later ranges either.
            while cut < rhs.ranges.count, rhs.ranges[cut].upperBound < lower { cut += 1 }
            var probe = cut
            while probe < rhs.ranges.count, rhs.ranges[probe].lowerBound <= upper {
                let removal = rhs.ranges[probe]
                if removal.lowerBound > lower {
                    result.append(lower...(removal.lowerBound - 1))
                }
                if removal.upperBound >= upper {
                    exhausted = true
                    break
                }
                lower = removal.upperBound + 1
                probe += 1
            }
            if !exhausted { result.append(lower...upper) }
        }
        var difference = ValueRanges()
        difference.ranges = result
        return difference
    }

    /// Adds in place.
    public static func += (lhs: inout ValueRanges, rhs: ValueRanges) { lhs = lhs + rhs }

    /// Subtracts in place.
    public static func -= (lhs: inout ValueRanges, rhs: ValueRanges) { lhs = lhs - rhs }

    /// The Mesos text form: `[31000-32000, 40000-40010]`.
    public var description: String {
        "[" + ranges.map { "\($0.lowerBound)-\($0.upperBound)" }.joined(separator: ", ") + "]"
    }

    /// Parses the Mesos text form `[31000-32000,40000-40010]` (blanks ignored, `[]` is empty).
    ///
    /// - Parameters:
    ///   - text: the value, brackets included.
    ///   - subject: what the value belongs to, for messages (`resource 'ports'`).
    ///   - code: the error code to throw with.
    /// - Throws: `CoreError` naming the bad fragment, e.g. `invalid range '5-3' for resource 'ports': begin is greater than end`.
    static func parse(_ text: String, subject: String, code: CoreError.Code) throws(CoreError) -> ValueRanges {
        let compact = text.withoutBlanks
        guard compact.hasPrefix("["), compact.hasSuffix("]"), compact.count >= 2 else {
            throw CoreError(code, "invalid ranges '\(text)' for \(subject): expected '[begin-end,...]'")
        }
        let body = compact.dropFirst().dropLast()
        if body.isEmpty { return ValueRanges() }
        var parsed: [ClosedRange<UInt64>] = []
        for piece in body.pieces(separatedBy: ",") {
            let bounds = piece.pieces(separatedBy: "-")
            guard bounds.count == 2, bounds[0].isASCIIDigits, bounds[1].isASCIIDigits,
                let begin = UInt64(bounds[0]), let end = UInt64(bounds[1])
            else {
                throw CoreError(code, "invalid range '\(piece)' for \(subject): expected 'begin-end' with non-negative integers")
            }
            guard begin <= end else {
                throw CoreError(code, "invalid range '\(piece)' for \(subject): begin is greater than end")
            }
            parsed.append(begin...end)
        }
        return ValueRanges(parsed)
    }

    private static func normalised(_ input: [ClosedRange<UInt64>]) -> [ClosedRange<UInt64>] {
        let sorted = input.sorted { $0.lowerBound < $1.lowerBound }
        var merged: [ClosedRange<UInt64>] = []
        for range in sorted {
            if let last = merged.last, last.upperBound == .max || range.lowerBound <= last.upperBound + 1 {
                merged[merged.count - 1] = last.lowerBound...max(last.upperBound, range.upperBound)
            } else {
                merged.append(range)
            }
        }
        return merged
    }
}

extension ValueRanges: Codable {
    private struct Range: Codable {
        var begin: UInt64
        var end: UInt64
    }

    private enum CodingKeys: String, CodingKey {
        case range
    }

    /// Decodes the Mesos v1 JSON form `{"range":[{"begin":1,"end":2}]}`; a missing `range` is empty.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let list = try container.decodeIfPresent([Range].self, forKey: .range) ?? []
        for item in list where item.begin > item.end {
            throw DecodingError.dataCorruptedError(
                forKey: .range, in: container, debugDescription: "invalid range '\(item.begin)-\(item.end)': begin is greater than end")
        }
        self.init(list.map { $0.begin...$0.end })
    }

    /// Encodes the Mesos v1 JSON form.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(ranges.map { Range(begin: $0.lowerBound, end: $0.upperBound) }, forKey: .range)
    }
}
