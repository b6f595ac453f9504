// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteOCI
import Testing

@Suite struct StrictJSONTests {
    @Test(
        "well-formed JSON passes",
        arguments: ["{}", "[]", "{\"a\":[1,-2.5e3,true,false,null,\"x\\u00e9\\n\"],\"b\":{\"a\":1}}", " 0 ", "\"\\ud83d\\ude00\""]
    )
    func accepts(_ json: String) throws {
        try StrictJSON.validate(Array(json.utf8))
    }

    @Test(
        "duplicate keys, also after unescaping, are refused",
        arguments: [
            "{\"layers\":[],\"layers\":[]}",
            "{\"layers\":[],\"la\\u0079ers\":[]}",
            "{\"a\":{\"b\":1,\"b\":2}}",
            "[{\"x\":1},{\"y\":1,\"y\":1}]",
        ]
    )
    func refusesDuplicates(_ json: String) {
        #expect {
            try StrictJSON.validate(Array(json.utf8))
        } throws: { ($0 as? OCIError)?.message.contains("duplicate object key") == true }
    }

    @Test(
        "malformed JSON and trailing data are refused",
        arguments: ["{", "{\"a\"}", "[1,]", "{\"a\":1,}", "01", "\"\u{01}\"", "{} {}", "nul", "\"\\ud800\"", "1.", "-"]
    )
    func refusesMalformed(_ json: String) {
        #expect(throws: OCIError.self) { try StrictJSON.validate(Array(json.utf8)) }
    }

    @Test("nesting deeper than the bound is refused")
    func depth() throws {
        let ok = String(repeating: "[", count: 10) + String(repeating: "]", count: 10)
        try StrictJSON.validate(Array(ok.utf8), maxDepth: 10)
        let deep = String(repeating: "[", count: 11) + String(repeating: "]", count: 11)
        #expect { try StrictJSON.validate(Array(deep.utf8), maxDepth: 10) } throws: {
            ($0 as? OCIError)?.message.contains("nesting deeper") == true
        }
    }
}
