// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteLinux
import ButteTesting
import Foundation
import Testing

@Suite struct CapabilitySetTests {
    @Test("the container default is Podman's eleven")
    func containerDefault() throws {
        let expected = try CapabilitySet(parsing: [
            "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID",
            "SYS_CHROOT",
        ])
        #expect(CapabilitySet.containerDefault == expected)
        #expect(CapabilitySet.containerDefault.count == 11)
        #expect(!CapabilitySet.containerDefault.contains(.netRaw))
        #expect(!CapabilitySet.containerDefault.contains(.mknod))
        #expect(!CapabilitySet.containerDefault.contains(.auditWrite))
        #expect(CapabilitySet.optIn == [.netRaw, .mknod])
    }

    @Test("bits follow kernel numbers and split into two 32-bit words")
    func words() {
        let set: CapabilitySet = [.chown, .setfcap, .macOverride, .checkpointRestore]
        #expect(set.bits == (1 << 0 | 1 << 31 | 1 << 32 | 1 << 40))
        #expect(set.words.0 == 0x8000_0001)
        #expect(set.words.1 == 0x0000_0101)
        #expect(CapabilitySet(words: 0x8000_0001, 0x101) == set)
        #expect(Array(set) == [.chown, .setfcap, .macOverride, .checkpointRestore])
    }

    @Test("set algebra")
    func algebra() {
        var a: CapabilitySet = [.kill, .chown]
        let b: CapabilitySet = [.kill, .netRaw]
        #expect(a.union(b) == [.kill, .chown, .netRaw])
        #expect(a.intersection(b) == [.kill])
        #expect(a.subtracting(b) == [.chown])
        #expect(!a.isSubset(of: b))
        #expect(CapabilitySet([.kill]).isSubset(of: b))
        a.remove(.kill)
        #expect(a == [.chown])
        a.insert(.sysAdmin)
        #expect(a.contains(.sysAdmin))
    }

    @Test("ALL means every capability up to the last one")
    func all() throws {
        let set = try CapabilitySet(parsing: ["ALL"], lastCapability: .bpf)
        #expect(set.count == 40)
        #expect(set.contains(.bpf))
        #expect(!set.contains(.checkpointRestore))
        #expect(CapabilitySet.all(upTo: Capability(rawValue: 63)!).bits == UInt64.max)
    }

    @Test("a bad name in a list is reported")
    func badList() {
        #expect(throws: CapabilityError(.unknownName, "unknown capability 'NET_RWA': expected a name like CAP_NET_RAW or NET_RAW")) {
            try CapabilitySet(parsing: ["CHOWN", "NET_RWA"])
        }
    }

    @Test("JSON is a list of canonical names")
    func json() throws {
        let set: CapabilitySet = [.kill, .chown]
        let data = try JSONEncoder().encode(set)
        #expect(String(decoding: data, as: UTF8.self) == #"["CAP_CHOWN","CAP_KILL"]"#)
        #expect(try JSONDecoder().decode(CapabilitySet.self, from: data) == set)
    }
}
