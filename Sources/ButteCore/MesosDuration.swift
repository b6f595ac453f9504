// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

/// A length of time written the Mesos way: `<number><unit>` such as `15mins`, `1.5secs`, `500ms`.
///
/// Units are `ns`, `us`, `ms`, `secs`, `mins`, `hrs`, `days` and `weeks`. The value is kept in
/// nanoseconds. It prints as stout's `Duration` does: in the unit of its size bucket, or one unit
/// smaller when that gives a whole number (`90secs`, not `1.5mins`), else as a decimal of the
/// bucket's unit with up to 15 significant digits.
public struct MesosDuration: Hashable, Comparable, Sendable, CustomStringConvertible, LosslessStringConvertible {
    /// The length in nanoseconds.
    public var nanoseconds: Int64

    /// Creates a duration from nanoseconds.
    public init(nanoseconds: Int64) {
        self.nanoseconds = nanoseconds
    }

    /// No time.
    public static let zero = MesosDuration(nanoseconds: 0)

    /// A duration of whole milliseconds.
    public static func milliseconds(_ value: Int64) -> MesosDuration { MesosDuration(nanoseconds: value * Unit.ms.nanoseconds) }
    /// A duration of whole seconds.
    public static func seconds(_ value: Int64) -> MesosDuration { MesosDuration(nanoseconds: value * Unit.secs.nanoseconds) }
    /// A duration of whole minutes.
    public static func minutes(_ value: Int64) -> MesosDuration { MesosDuration(nanoseconds: value * Unit.mins.nanoseconds) }
    /// A duration of whole hours.
    public static func hours(_ value: Int64) -> MesosDuration { MesosDuration(nanoseconds: value * Unit.hrs.nanoseconds) }

    /// The units Mesos knows, smallest first.
    enum Unit: String, CaseIterable {
        case ns, us, ms, secs, mins, hrs, days, weeks

        var nanoseconds: Int64 {
            switch self {
            case .ns: 1
            case .us: 1000
            case .ms: 1_000_000
            case .secs: 1_000_000_000
            case .mins: 60_000_000_000
            case .hrs: 3_600_000_000_000
            case .days: 86_400_000_000_000
            case .weeks: 604_800_000_000_000
            }
        }

        static let spelledOut = "ns, us, ms, secs, mins, hrs, days or weeks"
    }

    /// Parses `<number><unit>`: a non-negative decimal (fractions allowed) directly followed by
    /// a unit. Fractions finer than a nanosecond are truncated.
    ///
    /// - Throws: `CoreError` (`.invalidDuration`) for an empty string, a missing number or unit,
    ///   an unknown unit, a negative value, or a value too large for 64-bit nanoseconds.
    public init(parsing text: String) throws(CoreError) {
        let reason: String
        parse: do {
            if text.isEmpty {
                reason = "it is empty"
                break parse
            }
            if text.hasPrefix("-") {
                reason = "negative durations are not allowed"
                break parse
            }
            let number = text.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
            let unitText = text[number.endIndex...]
            guard !number.isEmpty else {
                reason = "expected a number followed by a unit (\(Unit.spelledOut))"
                break parse
            }
            let parts = number.pieces(separatedBy: ".")
            guard parts.count <= 2, parts.contains(where: { !$0.isEmpty }) else {
                reason = "'\(number)' is not a number"
                break parse
            }
            guard !unitText.isEmpty else {
                reason = "missing unit; expected one of \(Unit.spelledOut)"
                break parse
            }
            guard let unit = Unit(rawValue: String(unitText)) else {
                reason = "unknown unit '\(unitText)'; expected one of \(Unit.spelledOut)"
                break parse
            }
            guard let nanoseconds = MesosDuration.nanoseconds(whole: parts[0], fraction: parts.count == 2 ? parts[1] : "", unit: unit)
            else {
                reason = "it is too large"
                break parse
            }
            self.nanoseconds = nanoseconds
            return
        }
        throw CoreError(.invalidDuration, "invalid duration '\(text)': \(reason)")
    }

    /// Parses like `init(parsing:)`, returning nil on error.
    public init?(_ description: String) {
        guard let parsed = try? MesosDuration(parsing: description) else { return nil }
        self = parsed
    }

    /// Exact decimal arithmetic, so `0.3secs` is 300000000ns and not one less.
    private static func nanoseconds(whole: String, fraction: String, unit: Unit) -> Int64? {
        var total: Int64 = 0
        for digit in whole {
            guard let d = digit.wholeNumberValue else { return nil }
            let (shifted, o1) = total.multipliedReportingOverflow(by: 10)
            let (added, o2) = shifted.addingReportingOverflow(Int64(d))
            if o1 || o2 { return nil }
            total = added
        }
        let (scaled, overflow) = total.multipliedReportingOverflow(by: unit.nanoseconds)
        if overflow { return nil }
        // Eighteen fraction digits are more than a nanosecond can resolve even in weeks
        // (10^-18 weeks is under 0.001ns); later digits are dropped.
        var numerator: Int64 = 0
        var denominator: Int64 = 1
        for digit in fraction.prefix(18) {
            guard let d = digit.wholeNumberValue else { return nil }
            numerator = numerator * 10 + Int64(d)
            denominator *= 10
        }
        let (sum, o3) = scaled.addingReportingOverflow(exactFraction(numerator: numerator, denominator: denominator, unit: unit.nanoseconds))
        return o3 ? nil : sum
    }

    /// `numerator / denominator * unit`, truncated, computed in 128 bits without rounding error.
    private static func exactFraction(numerator: Int64, denominator: Int64, unit: Int64) -> Int64 {
        // numerator < denominator ≤ 10^18 and unit < 10^15: the product needs 128 bits, the
        // quotient is below `unit` and fits.
        denominator.dividingFullWidth(numerator.multipliedFullWidth(by: unit)).quotient
    }

    /// The Mesos text form, e.g. `15mins`, `90secs`, `500ms`, `1.5ms`.
    public var description: String {
        if nanoseconds < 0 {
            // Int64.min has no positive counterpart; Mesos prints the maximum instead.
            let positive = nanoseconds == .min ? Int64.max : -nanoseconds
            return "-" + MesosDuration(nanoseconds: positive).description
        }
        let units = Unit.allCases
        // The bucket is the largest unit not larger than the value (ns for values under 1us).
        var bucket = 0
        while bucket + 1 < units.count, nanoseconds >= units[bucket + 1].nanoseconds { bucket += 1 }
        if bucket == 0 { return "\(nanoseconds)ns" }
        let unit = units[bucket]
        let smaller = units[bucket - 1]
        if nanoseconds % unit.nanoseconds != 0, nanoseconds % smaller.nanoseconds == 0 {
            return "\(nanoseconds / smaller.nanoseconds)\(smaller.rawValue)"
        }
        return MesosDuration.decimal(nanoseconds, dividedBy: unit.nanoseconds, significantDigits: 15) + unit.rawValue
    }

    /// `value / divisor` in decimal with at most `significantDigits` significant digits, rounded
    /// half up, trailing zeros removed (like printf's `%.15g` for numbers of at least 1).
    private static func decimal(_ value: Int64, dividedBy divisor: Int64, significantDigits: Int) -> String {
        let whole = value / divisor
        var remainder = value % divisor
        var digits = Array(String(whole)).map { Int($0.wholeNumberValue ?? 0) }
        let wholeCount = digits.count
        while digits.count < significantDigits + 1 {
            let (product, _) = remainder.multipliedReportingOverflow(by: 10)
            digits.append(Int(product / divisor))
            remainder = product % divisor
        }
        // Round at the last significant digit.
        let roundUp = digits[significantDigits] >= 5
        digits.removeLast(digits.count - significantDigits)
        var carryIndex = digits.count - 1
        var carry = roundUp
        while carry, carryIndex >= 0 {
            digits[carryIndex] += 1
            if digits[carryIndex] == 10 {
                digits[carryIndex] = 0
                carryIndex -= 1
            } else {
                carry = false
            }
        }
        var wholeDigits = wholeCount
        if carry {
            digits.insert(1, at: 0)
            wholeDigits += 1
        }
        var integerPart = digits.prefix(wholeDigits).map(String.init).joined()
        if integerPart.isEmpty { integerPart = "0" }
        var fractionPart = Array(digits.dropFirst(wholeDigits))
        while fractionPart.last == 0 { fractionPart.removeLast() }
        return fractionPart.isEmpty ? integerPart : integerPart + "." + fractionPart.map(String.init).joined()
    }

    /// The same length as a `Swift.Duration`.
    public var duration: Duration { .nanoseconds(nanoseconds) }

    /// Converts a `Swift.Duration`, truncating below the nanosecond and clamping to the 64-bit range.
    public init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        let (sum, overflow2) = scaled.addingReportingOverflow(attoseconds / 1_000_000_000)
        if overflow || overflow2 {
            nanoseconds = seconds < 0 ? .min : .max
        } else {
            nanoseconds = sum
        }
    }

    /// Orders by length.
    public static func < (lhs: MesosDuration, rhs: MesosDuration) -> Bool { lhs.nanoseconds < rhs.nanoseconds }
}

extension MesosDuration: Codable {
    /// Decodes the string form, e.g. `"15mins"`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            self = try MesosDuration(parsing: text)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.message)
        }
    }

    /// Encodes the string form.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
