// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

// Mesos prints only set fields and non-empty repeated fields. Optionals are skipped by the synthesized
// `encode(to:)` already; this overload (it shadows the generic one inside this module) skips empty arrays.
extension KeyedEncodingContainer {
    mutating func encode<Element: Encodable>(_ value: [Element], forKey key: Key) throws {
        guard !value.isEmpty else { return }
        try encodeIfPresent(Optional(value), forKey: key)
    }
}
