// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteAgent
import ButteCore
import ButteTesting
import Testing

@Suite struct HostResourcesTests {
    @Test func reservesMemoryAndDiskAsMesosDoes() {
        #expect(HostResources.memoryOffered(totalMB: 8192) == 7168)
        #expect(HostResources.memoryOffered(totalMB: 1024) == 512)
        #expect(HostResources.diskOffered(totalMB: 100 * 1024) == 95 * 1024)
        #expect(HostResources.diskOffered(totalMB: 4096) == 2048)
    }

    @Test func detectsEveryResourceAndKeepsConfiguredOnes() throws {
        let detected = HostResources.detect(workDir: "/", role: "*")
        #expect(Set(detected.entries.map(\.name)) == ["cpus", "mem", "disk", "ports"])
        let configured = try Resources.parse("cpus:3;mem:100", defaultRole: "*")
        let mixed = HostResources.detect(workDir: "/", role: "*", configured: configured)
        let wire = HostResources.messages(mixed)
        #expect(HostResources.scalar("cpus", in: wire) == 3)
        #expect(HostResources.scalar("mem", in: wire) == 100)
        #expect(wire.first { $0.name == "ports" }?.ranges?.range.first?.begin == 31000)
        #expect(HostResources.stateObject(wire)["ports"] as? String == "[31000-32000]")
    }
}
