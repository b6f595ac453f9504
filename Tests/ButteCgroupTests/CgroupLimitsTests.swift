// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteCgroup
import Testing

@Suite struct CgroupLimitsTests {
    @Test(
        "cpu.weight follows the Kubernetes shares-to-weight mapping",
        arguments: [
            (0.001, 1), (0.01, 1), (0.1, 4), (0.25, 10), (0.5, 20), (1, 39), (2, 79), (4, 157), (8, 313), (16, 625),
            (64, 2500), (256, 10000), (1000, 10000),
        ] as [(Double, Int)])
    func weight(_ cpus: Double, _ expected: Int) {
        #expect(CgroupLimits.cpuWeight(cpus: cpus) == expected)
    }

    @Test(
        "cpu.max is 'quota period' with a 100 ms period and at least 1 ms of quota",
        arguments: [
            (1, "100000 100000"), (0.5, "50000 100000"), (2.5, "250000 100000"), (0.001, "1000 100000"), (0.0001, "1000 100000"),
            (0.333, "33300 100000"),
        ] as [(Double, String)])
    func cpuMax(_ cpus: Double, _ expected: String) {
        #expect(CgroupLimits.cpuMax(cpus: cpus) == expected)
    }

    @Test("containers get a pids limit of 2048 unless told otherwise")
    func defaultPids() {
        #expect(CgroupLimits().pidsMax == 2048)
        #expect(CgroupLimits(pidsMax: nil).pidsMax == nil)
        #expect(CgroupLimits().cpus == nil && CgroupLimits().memoryBytes == nil)
    }
}
