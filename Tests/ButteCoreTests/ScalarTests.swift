// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteCore
import Foundation
import Testing

@Suite struct ScalarTests {
    @Test("sums are exact in three-decimal fixed point")
    func exactSums() throws {
        let a = try #require(Scalar(parsing: "0.1"))
        let b = try #require(Scalar(parsing: "0.2"))
        #expect(a + b == Scalar(parsing: "0.3"))
        #expect((a + b).thousandths == 300)
        #expect((a + b).description == "0.3")
    }

    @Test(
        "values round to the nearest thousandth",
        arguments: [
            ("0.0004", 0), ("0.0005", 1), ("1.2345", 1235), ("4", 4000), ("1e3", 1_000_000), ("-1.5", -1500),
        ])
    func rounding(text: String, thousandths: Int64) throws {
        #expect(try #require(Scalar(parsing: text)).thousandths == thousandths)
    }

    @Test("non-numbers do not parse", arguments: ["", "abc", "inf", "nan", "0x10", "1.2.3", "--1", "e", "."])
    func rejects(text: String) {
        #expect(Scalar(parsing: text) == nil)
    }

    @Test(
        "prints the shortest decimal",
        arguments: [
            (Int64(4000), "4"), (100, "0.1"), (2250, "2.25"), (1, "0.001"), (-1500, "-1.5"), (0, "0"), (10_010, "10.01"),
        ])
    func printing(thousandths: Int64, text: String) {
        #expect(Scalar(thousandths: thousandths).description == text)
    }

    @Test("encodes as a JSON number and decodes numbers and numeric strings")
    func json() throws {
        let data = try JSONEncoder().encode([Scalar(thousandths: 1500), Scalar(4)])
        #expect(String(decoding: data, as: UTF8.self) == "[1.5,4]")
        let decoded = try JSONDecoder().decode([Scalar].self, from: Data(#"[0.1, "2.5", 7]"#.utf8))
        #expect(decoded == [Scalar(thousandths: 100), Scalar(thousandths: 2500), Scalar(7)])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([Scalar].self, from: Data(#"["x"]"#.utf8)) }
    }
}
