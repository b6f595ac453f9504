// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteCore
import Foundation
import Testing

@Suite struct ValueRangesTests {
    @Test("ranges are sorted, merged and coalesced when adjacent")
    func normalisation() {
        let ranges = ValueRanges([10...12, 1...2, 3...4, 11...20, 30...30])
        #expect(ranges.ranges == [1...4, 10...20, 30...30])
        #expect(ranges.count == 16)
        #expect(ranges.description == "[1-4, 10-20, 30-30]")
    }

    @Test("the maximum value does not overflow when merging")
    func maximum() {
        let ranges = ValueRanges([UInt64.max...UInt64.max, 5...UInt64.max, 1...3])
        #expect(ranges.ranges == [1...3, 5...UInt64.max])
    }

    @Test("subtracting from the middle splits a range")
    func split() {
        let ports = ValueRanges([31000...32000])
        #expect((ports - ValueRanges([31500...31500])).ranges == [31000...31499, 31501...32000])
        #expect((ports - ValueRanges([30000...31000, 31999...40000])).ranges == [31001...31998])
        #expect((ports - ValueRanges([1...2])) == ports)
        #expect((ports - ports).isEmpty)
        let many = ValueRanges([1...10, 20...30, 40...50])
        #expect((many - ValueRanges([5...25, 45...45])).ranges == [1...4, 26...30, 40...44, 46...50])
    }

    @Test("union and superset")
    func unionAndSuperset() {
        let a = ValueRanges([1...5])
        let b = ValueRanges([6...8, 20...21])
        #expect((a + b).ranges == [1...8, 20...21])
        #expect((a + b).isSuperset(of: ValueRanges([2...7])))
        #expect(!(a + b).isSuperset(of: ValueRanges([7...20])))
        #expect((a + b).isSuperset(of: ValueRanges()))
        #expect(!ValueRanges().isSuperset(of: a))
        #expect(a.contains(5) && !a.contains(6))
    }

    @Test("JSON uses the Mesos range objects")
    func json() throws {
        let ranges = ValueRanges([1...2, 5...9])
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let text = String(decoding: try encoder.encode(ranges), as: UTF8.self)
        #expect(text == #"{"range":[{"begin":1,"end":2},{"begin":5,"end":9}]}"#)
        #expect(try JSONDecoder().decode(ValueRanges.self, from: Data(text.utf8)) == ranges)
        #expect(try JSONDecoder().decode(ValueRanges.self, from: Data("{}".utf8)).isEmpty)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(ValueRanges.self, from: Data(#"{"range":[{"begin":5,"end":3}]}"#.utf8))
        }
    }
}
