// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

extension Value {
    /// A scalar amount, e.g. of `cpus` or `mem`.
    ///
    /// Mesos keeps scalars in fixed point with three decimals; Butte rounds to three decimals when encoding, so
    /// `0.1 + 0.2` goes out as `0.3`. Decoding accepts `{"value": n}` and, for `TaskInfo.limits`, a bare number;
    /// the number may be a numeric string, and `"Infinity"` means unlimited.
    public struct Scalar: Codable, Hashable, Sendable {
        /// The amount.
        public var value: Double

        /// Creates a scalar.
        public init(value: Double) {
            self.value = value
        }

        /// `value` rounded to Mesos' three decimals (infinite values stay infinite).
        public var fixedPointValue: Double {
            guard value.isFinite else { return value }
            return (value * 1000).rounded() / 1000
        }

        enum CodingKeys: String, CodingKey {
            case value
        }

        /// Decodes `{"value": n}` or a bare number.
        public init(from decoder: any Decoder) throws {
            if let container = try? decoder.container(keyedBy: CodingKeys.self) {
                self.value = try container.decode(Double.self, forKey: .value)
            } else {
                self.value = try LenientNumber<Double>(from: decoder).value
            }
        }

        /// Encodes `{"value": n}` with `n` rounded to three decimals.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(fixedPointValue, forKey: .value)
        }
    }
}
