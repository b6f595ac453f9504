// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteLinux
import ButteTesting
import Foundation
import Testing

@Suite struct ProcessCapabilitiesTests {
    @Test("capset words are effective, permitted, inheritable per 32-bit half")
    func capsetWords() {
        let caps = ProcessCapabilities(
            bounding: [.kill], effective: [.kill, .syslog], inheritable: [.chown], permitted: [.kill, .syslog, .bpf])
        let kill: UInt32 = 1 << 5
        let syslog: UInt32 = 1 << (34 - 32)
        let bpf: UInt32 = 1 << (39 - 32)
        let expected: [UInt32] = [kill, kill, 1, syslog, syslog | bpf, 0]
        #expect(caps.capsetWords == expected)
    }

    @Test("the default container keeps eleven capabilities and drops the rest of the bounding set")
    func defaultContainer() throws {
        let caps = ProcessCapabilities.containerDefault
        #expect(caps.inheritable.isEmpty && caps.ambient.isEmpty)
        #expect(caps.effective == .containerDefault && caps.permitted == .containerDefault)
        let drops = caps.boundingDrops(lastSupported: .checkpointRestore)
        #expect(drops.count == 41 - 11)
        #expect(drops.contains(.sysAdmin) && drops.contains(.netRaw))
        #expect(!drops.contains(.chown))
        try caps.validate(lastSupported: .checkpointRestore)
    }

    @Test("sets the kernel would refuse are rejected")
    func validation() {
        let tooNew = ProcessCapabilities.container([.checkpointRestore])
        #expect { try tooNew.validate(lastSupported: .bpf) } throws: { ($0 as? CapabilityError)?.code == .unsupportedByKernel }
        let effectiveOutside = ProcessCapabilities(bounding: [.kill], effective: [.kill], permitted: [])
        #expect { try effectiveOutside.validate(lastSupported: .bpf) } throws: { ($0 as? CapabilityError)?.code == .inconsistentSets }
        let ambientOutside = ProcessCapabilities(bounding: [.kill], effective: [.kill], permitted: [.kill], ambient: [.kill])
        #expect { try ambientOutside.validate(lastSupported: .bpf) } throws: { ($0 as? CapabilityError)?.code == .inconsistentSets }
        let ambientOK = ProcessCapabilities(bounding: [.kill], effective: [.kill], inheritable: [.kill], permitted: [.kill], ambient: [.kill])
        #expect(throws: Never.self) { try ambientOK.validate(lastSupported: .bpf) }
        #expect(ambientOK.ambientRaises == [.kill])
    }

    @Test("the current process's sets match /proc/self/status")
    func current() throws {
        let last = try Capability.lastSupported()
        let caps = try ProcessCapabilities.current(lastSupported: last)
        let status = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
        func mask(_ key: String) -> UInt64? {
            for line in status.split(separator: "\n") where line.hasPrefix(key + ":") {
                return UInt64(line.dropFirst(key.count + 1).trimmingCharacters(in: .whitespaces), radix: 16)
            }
            return nil
        }
        #expect(caps.effective.bits == mask("CapEff"))
        #expect(caps.permitted.bits == mask("CapPrm"))
        #expect(caps.inheritable.bits == mask("CapInh"))
        #expect(caps.bounding.bits == mask("CapBnd"))
        #expect(caps.ambient.bits == mask("CapAmb"))
    }
}
