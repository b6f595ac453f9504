// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteSeccomp
import ButteTesting
import Foundation
import Testing

@Suite struct SeccompProfileTests {
    static let ociJSON = """
        {
          "defaultAction": "SCMP_ACT_ERRNO",
          "defaultErrnoRet": 1,
          "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"],
          "flags": ["SECCOMP_FILTER_FLAG_LOG", "SECCOMP_FILTER_FLAG_SPEC_ALLOW"],
          "syscalls": [
            {"names": ["read", "write"], "action": "SCMP_ACT_ALLOW"},
            {"names": ["clone"], "action": "SCMP_ACT_ALLOW",
             "args": [{"index": 0, "value": 2114060288, "valueTwo": 0, "op": "SCMP_CMP_MASKED_EQ"}]},
            {"names": ["clone3"], "action": "SCMP_ACT_ERRNO", "errnoRet": 38},
            {"names": ["personality"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 8, "op": "SCMP_CMP_EQ"}]}
          ]
        }
        """

    @Test("OCI config.json seccomp decodes with the spec's field names")
    func decode() throws {
        let p = try JSONDecoder().decode(SeccompProfile.self, from: Data(Self.ociJSON.utf8))
        #expect(p.defaultAction == .errno)
        #expect(p.defaultErrnoRet == 1)
        #expect(p.architectures == [.x86_64, .x86, .x32])
        #expect(p.flags == [.log, .specAllow])
        #expect(p.syscalls?.count == 4)
        #expect(p.syscalls?[1].args?.first == SeccompArgument(index: 0, value: 0x7E02_0000, valueTwo: 0, op: .maskedEqual))
        #expect(p.syscalls?[2].errnoRet == 38)
        #expect(p.syscalls?[3].args?.first?.valueTwo == nil)
    }

    @Test("encoding round-trips and keeps the OCI field names, leaving out absent fields")
    func roundTrip() throws {
        let p = try JSONDecoder().decode(SeccompProfile.self, from: Data(Self.ociJSON.utf8))
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let data = try encoder.encode(p)
        #expect(try JSONDecoder().decode(SeccompProfile.self, from: data) == p)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(Set(object.keys) == ["defaultAction", "defaultErrnoRet", "architectures", "flags", "syscalls"])
        let rules = try #require(object["syscalls"] as? [[String: Any]])
        #expect(Set(rules[0].keys) == ["names", "action"])
        #expect(Set(rules[1].keys) == ["names", "action", "args"])
        let arg = try #require((rules[1]["args"] as? [[String: Any]])?.first)
        #expect(Set(arg.keys) == ["index", "value", "valueTwo", "op"])
        #expect(arg["op"] as? String == "SCMP_CMP_MASKED_EQ")
    }

    @Test("the default profile round-trips through JSON")
    func defaultRoundTrip() throws {
        let p = DefaultSeccompProfile.profile(capabilities: [.chown], kernel: .init(6, 1))
        let data = try JSONEncoder().encode(p)
        #expect(try JSONDecoder().decode(SeccompProfile.self, from: data) == p)
    }

    @Test("unknown actions, operators and architectures are refused when decoding")
    func unknownValues() {
        for json in [
            #"{"defaultAction": "SCMP_ACT_PANIC"}"#,
            #"{"defaultAction": "SCMP_ACT_ALLOW", "architectures": ["SCMP_ARCH_VAX"]}"#,
            #"{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ERRNO", "args": [{"index": 0, "value": 1, "op": "SCMP_CMP_ABOUT"}]}]}"#,
        ] {
            #expect(throws: DecodingError.self) { try JSONDecoder().decode(SeccompProfile.self, from: Data(json.utf8)) }
        }
    }
}
