// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteLinux
import ButteTesting
import Foundation
import SystemPackage
import Testing

@Suite struct CapabilityTests {
    @Test(
        "names map to kernel numbers and back",
        arguments: [
            ("CAP_CHOWN", 0), ("CAP_NET_RAW", 13), ("CAP_SYS_ADMIN", 21), ("CAP_SETFCAP", 31), ("CAP_CHECKPOINT_RESTORE", 40),
        ])
    func nameNumber(_ name: String, _ number: Int) throws {
        let cap = try Capability(parsing: name)
        #expect(cap.rawValue == number)
        #expect(cap.name == name)
    }

    @Test("Docker and Mesos spellings parse", arguments: ["CAP_NET_RAW", "NET_RAW", "net_raw", "cap_net_raw", " Net_Raw "])
    func spellings(_ text: String) throws {
        #expect(try Capability(parsing: text) == .netRaw)
    }

    @Test("every known capability round-trips through its name")
    func allKnownRoundTrip() throws {
        #expect(Capability.allKnown.count == 41)
        for cap in Capability.allKnown {
            #expect(try Capability(parsing: cap.name) == cap)
        }
    }

    @Test("bad names give an error naming them", arguments: ["", "NET_RWA", "CAP_", "13", "CAP_NET RAW", "ALL", "cap_nét_raw"])
    func badNames(_ text: String) {
        do {
            _ = try Capability(parsing: text)
            Issue.record("'\(text)' parsed")
        } catch {
            #expect(error.code == .unknownName)
            #expect(error.description.contains("'\(text)'"))
        }
    }

    @Test("JSON holds the canonical name")
    func json() throws {
        let data = try JSONEncoder().encode([Capability.sysChroot])
        #expect(String(decoding: data, as: UTF8.self) == #"["CAP_SYS_CHROOT"]"#)
        #expect(try JSONDecoder().decode([Capability].self, from: Data(#"["kill"]"#.utf8)) == [.kill])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([Capability].self, from: Data(#"["CAP_BOGUS"]"#.utf8)) }
    }

    @Test("numbers outside 0...63 are no capability")
    func rawRange() {
        #expect(Capability(rawValue: -1) == nil)
        #expect(Capability(rawValue: 64) == nil)
        #expect(Capability(rawValue: 63)?.name == "CAP_63")
    }

    @Test("the running kernel's last capability is read from procfs")
    func lastSupportedReal() throws {
        let last = try Capability.lastSupported()
        let text = try String(contentsOfFile: "/proc/sys/kernel/cap_last_cap", encoding: .utf8)
        #expect(last.rawValue == Int(text.trimmingCharacters(in: .whitespacesAndNewlines)))
    }

    @Test("cap_last_cap is parsed from a given proc root and bad contents are refused")
    func lastSupportedFake() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("butte-caps-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let dir = root.appendingPathComponent("sys/kernel")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let file = dir.appendingPathComponent("cap_last_cap")
        try "37\n".write(to: file, atomically: true, encoding: .utf8)
        #expect(try Capability.lastSupported(procRoot: FilePath(root.path)) == .auditRead)
        try "garbage\n".write(to: file, atomically: true, encoding: .utf8)
        #expect { try Capability.lastSupported(procRoot: FilePath(root.path)) } throws: { ($0 as? CapabilityError)?.code == .kernelInfo }
        try FileManager.default.removeItem(at: file)
        #expect { try Capability.lastSupported(procRoot: FilePath(root.path)) } throws: { ($0 as? CapabilityError)?.code == .kernelInfo }
    }
}
