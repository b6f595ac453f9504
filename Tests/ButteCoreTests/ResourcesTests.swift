// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteCore
import Foundation
import Testing

@Suite struct ResourcesTests {
    // MARK: Text form

    @Test("the agent text form parses scalars, ranges, sets and roles")
    func parsesTextForm() throws {
        let resources = try Resources.parse("cpus:4;mem:2048;ports:[31000-32000,40000-40010];disks:{a,b};cpus(role):1")
        #expect(
            resources.entries == [
                .scalar("cpus", 4),
                .scalar("mem", 2048),
                .ranges("ports", ValueRanges([31000...32000, 40000...40010])),
                .set("disks", ["a", "b"]),
                .scalar("cpus", 1, role: "role"),
            ])
        #expect(resources.cpus == 5)
        #expect(resources.mem == 2048)
        #expect(resources.disk == nil)
        #expect(resources.ports == ValueRanges([31000...32000, 40000...40010]))
        #expect(resources.set("disks") == ["a", "b"])
        #expect(resources.roles == ["*", "role"])
        #expect(resources.reserved(for: "role") == [.scalar("cpus", 1, role: "role")])
        #expect(resources.unreserved.cpus == 4)
    }

    @Test("text form round-trips through description")
    func textRoundTrip() throws {
        let text = "cpus:0.5;mem:2048;ports:[31000-32000,40000-40010];disks:{b,a};gpus(ml/train):2"
        let resources = try Resources.parse(text)
        #expect(resources.description == "cpus:0.5; mem:2048; ports:[31000-32000, 40000-40010]; disks:{a, b}; gpus(ml/train):2")
        #expect(try Resources.parse(resources.description) == resources)
    }

    @Test("blanks, empty pieces, explicit '*' and the default role are handled as Mesos does")
    func textLeniency() throws {
        let resources = try Resources.parse(" cpus : 4 ;; mem(*):1 024; ports:[ 1-2 , 3-4 ];", defaultRole: "web")
        #expect(resources.entries == [.scalar("cpus", 4, role: "web"), .scalar("mem", 1024), .ranges("ports", ValueRanges([1...4]), role: "web")])
        #expect(try Resources.parse("").isEmpty)
        #expect(try Resources.parse("cpus:0;ports:[];disks:{}").isEmpty)
        #expect(try Resources.parse("cpus:1;cpus:2.5") == [.scalar("cpus", Scalar(thousandths: 3500))])
    }

    @Test(
        "bad text names the offending fragment",
        arguments: [
            ("cpus:abc", "invalid scalar 'abc' for resource 'cpus'"),
            ("cpus:-1", "invalid scalar '-1' for resource 'cpus': must not be negative"),
            ("ports:[5-3]", "invalid range '5-3' for resource 'ports': begin is greater than end"),
            ("ports:[1-a]", "invalid range '1-a' for resource 'ports': expected 'begin-end' with non-negative integers"),
            ("ports:[7]", "invalid range '7' for resource 'ports': expected 'begin-end' with non-negative integers"),
            ("ports:[1-2", "invalid ranges '[1-2' for resource 'ports': expected '[begin-end,...]'"),
            ("disks:{a,b", "invalid set '{a,b' for resource 'disks': expected '{item,...}'"),
            ("cpus:1;cpus:[1-2]", "resource 'cpus' appears with different types (SCALAR and RANGES)"),
            ("cpus(web):1;cpus:{a}", "resource 'cpus' appears with different types (SCALAR and SET)"),
            (":2", "invalid resource ':2': the name is empty"),
            ("(web):2", "invalid resource '(web):2': the name is empty"),
            ("cpus4", "invalid resource 'cpus4': expected 'name:value' or 'name(role):value'"),
            ("cpus:", "missing value for resource 'cpus'"),
            ("cpus(web:1", "invalid resource 'cpus(web:1': expected 'name(role):value'"),
            ("cpus():1", "invalid role '' for resource 'cpus': role must not be empty"),
            ("cpus(/a):1", "invalid role '/a' for resource 'cpus': role path components must not be empty"),
            ("cpus(-a):1", "invalid role '-a' for resource 'cpus': role path components must not start with '-'"),
        ])
    func textErrors(text: String, message: String) {
        #expect(throws: CoreError(.invalidResources, message)) { try Resources.parse(text) }
    }

    // MARK: JSON form

    @Test("the JSON form parses v1 Resource objects, reservations included")
    func parsesJSONForm() throws {
        let json = """
            [{"name":"cpus","type":"SCALAR","scalar":{"value":4}},
             {"name":"mem","type":"SCALAR","scalar":{"value":1024.5},"role":"web"},
             {"name":"ports","type":"RANGES","ranges":{"range":[{"begin":31000,"end":32000},{"begin":1,"end":2}]}},
             {"name":"disks","type":"SET","set":{"item":["a","b"]}},
             {"name":"gpus","type":"SCALAR","scalar":{"value":1},"reservations":[{"type":"STATIC","role":"ml"},{"type":"DYNAMIC","role":"ml/train"}]},
             {"name":"cpus","type":"SCALAR","scalar":{"value":0.5},"allocation_info":{"role":"x"}}]
            """
        let resources = try Resources.parse(json)
        #expect(
            resources == [
                .scalar("cpus", Scalar(thousandths: 4500)),
                .scalar("mem", Scalar(thousandths: 1_024_500), role: "web"),
                .ranges("ports", ValueRanges([1...2, 31000...32000])),
                .set("disks", ["a", "b"]),
                .scalar("gpus", 1, role: "ml/train"),
            ])
        #expect(
            try Resources.parseJSON(#"[{"name":"cpus","type":"SCALAR","scalar":{"value":2}}]"#, defaultRole: "web")
                == [.scalar("cpus", 2, role: "web")])
    }

    @Test("JSON encoding matches the Mesos v1 shape and round-trips")
    func jsonRoundTrip() throws {
        let resources = try Resources.parse("cpus:0.1;ports:[1-2];disks:{b,a};mem(web):32")
        #expect(
            resources.jsonText == """
                [{"name":"cpus","role":"*","scalar":{"value":0.1},"type":"SCALAR"},\
                {"name":"ports","ranges":{"range":[{"begin":1,"end":2}]},"role":"*","type":"RANGES"},\
                {"name":"disks","role":"*","set":{"item":["a","b"]},"type":"SET"},\
                {"name":"mem","role":"web","scalar":{"value":32},"type":"SCALAR"}]
                """)
        #expect(try Resources.parse(resources.jsonText) == resources)
        let decoded = try JSONDecoder().decode(Resources.self, from: JSONEncoder().encode(resources))
        #expect(decoded == resources)
    }

    @Test(
        "bad JSON names the element and field",
        arguments: [
            (#"[{"name":"cpus","type":"SCALAR","scalar":{"value":-1}}]"#, "at [0]: invalid scalar '-1' for resource 'cpus': must not be negative"),
            (#"[{"name":"cpus","type":"SCALAR"}]"#, "at [0].scalar: SCALAR resource 'cpus' has no 'scalar' field"),
            (#"[{"name":"cpus","type":"SCALAR","scalar":{"value":"x"}}]"#, "at [0].scalar.value: invalid scalar 'x'"),
            (
                #"[{"name":"p","type":"RANGES","ranges":{"range":[{"begin":5,"end":3}]}}]"#,
                "at [0].ranges.range: invalid range '5-3': begin is greater than end"
            ),
            (
                #"[{"name":"t","type":"TEXT","text":{"value":"x"}}]"#,
                "at [0].type: unsupported type 'TEXT' for resource 't': expected SCALAR, RANGES or SET"
            ),
            (#"[{"type":"SCALAR","scalar":{"value":1}}]"#, "at [0]: missing field 'name'"),
            (#"[{"name":"","type":"SCALAR","scalar":{"value":1}}]"#, "at [0]: resource name must not be empty"),
            (
                #"[{"name":"cpus","type":"SCALAR","scalar":{"value":1}},{"name":"cpus","type":"SET","set":{"item":["a"]}}]"#,
                "resource 'cpus' appears with different types (SCALAR and SET)"
            ),
            ("[{", "not valid JSON"),
        ])
    func jsonErrors(json: String, message: String) {
        let expected = message.hasPrefix("resource '") ? message : "invalid resources JSON: \(message)"
        #expect(throws: CoreError(.invalidResources, expected)) { try Resources.parse(json) }
    }

    // MARK: Arithmetic

    @Test("subtraction splits ranges, removes set items and drops what reaches zero")
    func subtraction() throws {
        let total = try Resources.parse("cpus:4;mem:1024;ports:[31000-32000];disks:{a,b,c}")
        let used = try Resources.parse("cpus:1.5;mem:1024;ports:[31500-31500];disks:{b}")
        let left = total - used
        #expect(left == (try Resources.parse("cpus:2.5;ports:[31000-31499,31501-32000];disks:{a,c}")))
        #expect(left.mem == nil)
        #expect(left + used == total)
    }

    @Test("scalar subtraction never goes below zero and other roles are untouched")
    func subtractionFloor() throws {
        let total = try Resources.parse("cpus:1;cpus(web):2")
        #expect(total - (try Resources.parse("cpus:3")) == [.scalar("cpus", 2, role: "web")])
        #expect(total - (try Resources.parse("mem:3")) == total)
        #expect(total - (try Resources.parse("cpus:{a}")) == total)
    }

    @Test("many small scalars add up exactly")
    func precision() throws {
        var sum = Resources()
        for _ in 0..<10 { sum += try Resources.parse("cpus:0.1") }
        #expect(sum.cpus == 1)
        sum -= try Resources.parse("cpus:0.3")
        #expect(sum.cpus == Scalar(thousandths: 700))
        #expect(try Resources.parse("cpus:0.0004").isEmpty)
    }

    @Test("contains compares per name, role and type")
    func containment() throws {
        let offer = try Resources.parse("cpus:4;mem:1024;ports:[31000-32000];disks:{a,b};cpus(web):1")
        #expect(offer.contains(try Resources.parse("cpus:4;ports:[31000-31010];disks:{a}")))
        #expect(offer.contains(Resources()))
        #expect(!offer.contains(try Resources.parse("cpus:4.001")))
        #expect(!offer.contains(try Resources.parse("cpus(web):2")))
        #expect(!offer.contains(try Resources.parse("cpus(db):1")))
        #expect(!offer.contains(try Resources.parse("ports:[30999-31000]")))
        #expect(!offer.contains(try Resources.parse("disks:{c}")))
        #expect(!offer.contains(try Resources.parse("gpus:1")))
    }

    @Test("equality ignores entry order; invalid and empty resources are not added")
    func equalityAndInvalid() throws {
        let a = try Resources.parse("cpus:1;mem:2")
        let b = try Resources.parse("mem:2;cpus:1")
        #expect(a == b)
        #expect(a.hashValue == b.hashValue)
        var c = a
        c.add(.scalar("cpus", Scalar(thousandths: -500)))
        c.add(.scalar("", 1))
        c.add(.scalar("cpus", 1, role: "bad role"))
        c.add(.ranges("ports", ValueRanges()))
        #expect(c == a)
        #expect(a != (try Resources.parse("cpus:1;mem:3")))
    }
}
