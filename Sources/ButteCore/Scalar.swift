// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

/// A Mesos scalar: a decimal number kept in fixed point with three decimals.
///
/// Mesos rounds every scalar to 0.001 (`Value::Scalar` arithmetic is done on
/// `llround(value * 1000)`); storing thousandths as an integer makes sums exact,
/// so `0.1 + 0.2 == 0.3`.
public struct Scalar: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The value in thousandths: `1.5` is `1500`.
    public var thousandths: Int64

    /// Creates a scalar from thousandths.
    public init(thousandths: Int64) {
        self.thousandths = thousandths
    }

    /// Creates a scalar from an integer.
    public init(_ value: Int) {
        self.thousandths = Int64(value) * 1000
    }

    /// Creates a scalar from a floating-point value rounded to the nearest 0.001, or nil when
    /// the value is not finite or too large for the fixed-point range.
    public init?(rounding value: Double) {
        let scaled = (value * 1000).rounded(.toNearestOrAwayFromZero)
        guard scaled.isFinite, scaled.magnitude < 9.2e18 else { return nil }
        self.thousandths = Int64(scaled)
    }

    /// Parses decimal text such as `4`, `0.5`, `-1` or `1e3`, rounding to 0.001.
    ///
    /// Returns nil for anything that is not a plain finite decimal number (hex, `inf`, `nan`, words).
    public init?(parsing text: some StringProtocol) {
        guard !text.isEmpty,
            text.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "." || $0 == "e" || $0 == "E" || $0 == "+" || $0 == "-") }),
            text.contains(where: { $0.isNumber }),
            let value = Double(String(text))
        else { return nil }
        self.init(rounding: value)
    }

    /// The zero scalar.
    public static let zero = Scalar(thousandths: 0)

    /// The value as a `Double` (exact to the three decimals kept).
    public var value: Double { Double(thousandths) / 1000 }

    /// The shortest decimal form: `4`, `0.1`, `2.25`, `-1.5`.
    public var description: String {
        let magnitude = thousandths.magnitude
        let whole = magnitude / 1000
        var fraction = magnitude % 1000
        var text = thousandths < 0 ? "-\(whole)" : "\(whole)"
        if fraction != 0 {
            var digits = 3
            while fraction % 10 == 0 {
                fraction /= 10
                digits -= 1
            }
            let raw = String(fraction)
            text += "." + String(repeating: "0", count: digits - raw.count) + raw
        }
        return text
    }

    /// The sum.
    public static func + (lhs: Scalar, rhs: Scalar) -> Scalar {
        Scalar(thousandths: lhs.thousandths &+ rhs.thousandths)
    }

    /// The difference.
    public static func - (lhs: Scalar, rhs: Scalar) -> Scalar {
        Scalar(thousandths: lhs.thousandths &- rhs.thousandths)
    }

    /// Adds in place.
    public static func += (lhs: inout Scalar, rhs: Scalar) { lhs = lhs + rhs }

    /// Subtracts in place.
    public static func -= (lhs: inout Scalar, rhs: Scalar) { lhs = lhs - rhs }

    /// Orders by value.
    public static func < (lhs: Scalar, rhs: Scalar) -> Bool { lhs.thousandths < rhs.thousandths }
}

extension Scalar: ExpressibleByIntegerLiteral {
    /// Creates a scalar from an integer literal.
    public init(integerLiteral value: Int) { self.init(value) }
}

extension Scalar: Codable {
    /// Decodes a JSON number (or a numeric string, as stout accepts), rounding to 0.001.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Double.self) {
            guard let scalar = Scalar(rounding: number) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "scalar \(number) is out of range")
            }
            self = scalar
        } else {
            let text = try container.decode(String.self)
            guard let scalar = Scalar(parsing: text) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "invalid scalar '\(text)'")
            }
            self = scalar
        }
    }

    /// Encodes as a JSON number.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}
