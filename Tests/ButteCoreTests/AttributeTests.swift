// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteCore
import Foundation
import Testing

@Suite struct AttributeTests {
    @Test("values are typed: number SCALAR, [..] RANGES, {..} SET, else TEXT")
    func typing() throws {
        let attributes = try Attribute.parseList("rack:r1;level:3;weight:-0.5;ids:[1-10,12-12];gpus:{a,b};zone:us-east-1;url:http://x:80")
        #expect(
            attributes == [
                Attribute(name: "rack", value: .text("r1")),
                Attribute(name: "level", value: .scalar(3)),
                Attribute(name: "weight", value: .scalar(Scalar(thousandths: -500))),
                Attribute(name: "ids", value: .ranges(ValueRanges([1...10, 12...12]))),
                Attribute(name: "gpus", value: .set(["a", "b"])),
                Attribute(name: "zone", value: .text("us-east-1")),
                Attribute(name: "url", value: .text("http://x:80")),
            ])
        #expect(attributes.map(\.value.typeName) == ["TEXT", "SCALAR", "SCALAR", "RANGES", "SET", "TEXT", "TEXT"])
    }

    @Test("the text form round-trips")
    func roundTrip() throws {
        let attributes = try Attribute.parseList(" rack : r1 ;; level:3;ids:[1-2,3-4]")
        #expect(Attribute.listDescription(attributes) == "rack:r1;level:3;ids:[1-4]")
        #expect(try Attribute.parseList(Attribute.listDescription(attributes)) == attributes)
        #expect(try Attribute.parseList("").isEmpty)
    }

    @Test(
        "bad attributes name the piece",
        arguments: [
            ("rack", "invalid attribute 'rack': expected 'name:value'"),
            (":r1", "invalid attribute ':r1': the name is empty"),
            ("rack:", "missing value for attribute 'rack'"),
            ("ids:[3-1]", "invalid range '3-1' for attribute 'ids': begin is greater than end"),
            ("gpus:{a", "invalid set '{a' for attribute 'gpus': expected '{item,...}'"),
        ])
    func errors(text: String, message: String) {
        #expect(throws: CoreError(.invalidAttributes, message)) { try Attribute.parseList(text) }
    }

    @Test("JSON matches the Mesos v1 Attribute shape")
    func json() throws {
        let attributes = try Attribute.parseList("rack:r1;level:3;ids:[1-2];gpus:{b,a}")
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let text = String(decoding: try encoder.encode(attributes), as: UTF8.self)
        #expect(
            text == """
                [{"name":"rack","text":{"value":"r1"},"type":"TEXT"},{"name":"level","scalar":{"value":3},"type":"SCALAR"},\
                {"name":"ids","ranges":{"range":[{"begin":1,"end":2}]},"type":"RANGES"},{"name":"gpus","set":{"item":["a","b"]},"type":"SET"}]
                """)
        #expect(try JSONDecoder().decode([Attribute].self, from: Data(text.utf8)) == attributes)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(Attribute.self, from: Data(#"{"name":"x","type":"BLOB"}"#.utf8))
        }
    }
}
