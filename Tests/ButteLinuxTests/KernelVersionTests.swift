// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteLinux
import ButteTesting
import Testing

@Suite struct KernelVersionTests {
    @Test(
        "release strings parse",
        arguments: [
            ("6.18.44-fc-v595", KernelVersion(6, 18, 44)), ("6.1.0-13-amd64", KernelVersion(6, 1, 0)), ("4.8", KernelVersion(4, 8)),
            ("5.15.0+", KernelVersion(5, 15, 0)),
        ])
    func parse(_ release: String, _ expected: KernelVersion) {
        #expect(KernelVersion(release: release) == expected)
    }

    @Test("non-versions are refused", arguments: ["", "linux", "6", "x.1"])
    func bad(_ release: String) {
        #expect(KernelVersion(release: release) == nil)
    }

    @Test("ordering and the running kernel")
    func ordering() throws {
        #expect(KernelVersion(4, 7, 99) < KernelVersion(4, 8))
        #expect(KernelVersion(6, 1) > KernelVersion(5, 19, 3))
        #expect(try KernelVersion.running() >= KernelVersion(4, 8))
    }
}
