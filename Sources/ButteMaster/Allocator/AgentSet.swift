// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

/// A set of small non-negative integers (agent slots) as a bit set: O(1) insert and remove, and
/// iteration in slot order from any starting point without allocating.
struct AgentSet {
    private var words: [UInt64] = []

    /// Adds `slot`.
    mutating func insert(_ slot: Int32) {
        let word = Int(slot) >> 6
        if word >= words.count { words.append(contentsOf: repeatElement(0, count: word - words.count + 1)) }
        words[word] |= 1 << UInt64(slot & 63)
    }

    /// Removes `slot`.
    mutating func remove(_ slot: Int32) {
        let word = Int(slot) >> 6
        guard word < words.count else { return }
        words[word] &= ~(1 << UInt64(slot & 63))
    }

    /// True when `slot` is present.
    func contains(_ slot: Int32) -> Bool {
        let word = Int(slot) >> 6
        return word < words.count && words[word] & (1 << UInt64(slot & 63)) != 0
    }

    /// The slots present, in ascending order starting at word `rotation` (modulo the word count, so any
    /// value will do) and wrapping around. Taken as a snapshot: changes made while iterating do not affect it.
    func slots(rotatedBy rotation: Int) -> [Int32] {
        guard !words.isEmpty else { return [] }
        var result: [Int32] = []
        let first = Int(UInt(bitPattern: rotation) % UInt(words.count))
        for step in 0..<words.count {
            let wordIndex = (first + step) % words.count
            var bits = words[wordIndex]
            while bits != 0 {
                let bit = bits.trailingZeroBitCount
                result.append(Int32(wordIndex << 6 + bit))
                bits &= bits - 1
            }
        }
        return result
    }
}
