// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteCore
import ButteProtocol
import Testing

@testable import ButteMaster

/// A small deterministic generator, so a failing sequence can be replayed from its seed.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension AllocatorTests {
    @Test("offers never exceed what is free, and free + allocated always equals the total", arguments: [1, 2, 3, 4, 5] as [UInt64])
    func conservation(seed: UInt64) throws {
        var random = SplitMix64(state: seed)
        let allocator = Allocator()
        let roles = ["*", "web", "db"]
        var totals: [AgentID: Resources] = [:]
        var held: [OfferProposal] = []
        var now = t0
        for index in 0..<8 {
            let id = AgentID("agent\(index)")
            let total = try resources(
                "cpus:\(Double(Int.random(in: 1...80, using: &random)) / 10);mem:\(Int.random(in: 64...4096, using: &random));"
                    + "ports:[31000-31100];cpus(web):0.5;mem(web):64")
            try allocator.addAgent(id, total: total)
            totals[id] = total
        }
        for index in 0..<5 {
            try allocator.addFramework(FrameworkID("f\(index)"), roles: [roles[index % roles.count]], gpuAware: index == 0)
        }
        for _ in 0..<300 {
            now += .milliseconds(Int64.random(in: 0...3000, using: &random))
            // Free resources before the cycle, to check each offer against.
            var free: [AgentID: Resources] = [:]
            for id in totals.keys { free[id] = allocator.available(on: id) }
            for offer in allocator.allocate(now: now) {
                let before = try #require(free[offer.agent])
                #expect(before.contains(offer.resources), "offer \(offer.resources) exceeds free \(before)")
                free[offer.agent] = before - offer.resources
                #expect(offer.resources.allSatisfy { Allocator.isAllocatable($0.role, to: offer.role) })
                held.append(offer)
            }
            // Hand back random parts of what is held: some declined with filters, some recovered, some kept.
            var kept: [OfferProposal] = []
            for var offer in held {
                switch Int.random(in: 0..<4, using: &random) {
                case 0:
                    allocator.decline(
                        offer.resources, agent: offer.agent, framework: offer.framework, role: offer.role,
                        refuseSeconds: [nil, 0, 1, 10].randomElement(using: &random) ?? nil, now: now)
                case 1:
                    let part = offer.resources.filter { $0.name == "cpus" }
                    allocator.recoverResources(part, agent: offer.agent, framework: offer.framework, role: offer.role)
                    offer.resources -= part
                    if !offer.resources.isEmpty { kept.append(offer) }
                default:
                    kept.append(offer)
                }
            }
            held = kept
            if Int.random(in: 0..<20, using: &random) == 0 {
                allocator.suppress(FrameworkID("f\(Int.random(in: 0..<5, using: &random))"))
            }
            if Int.random(in: 0..<10, using: &random) == 0 {
                allocator.revive(FrameworkID("f\(Int.random(in: 0..<5, using: &random))"))
            }
            for (id, total) in totals {
                var sum = allocator.available(on: id) ?? Resources()
                var mine = Resources()
                for offer in held where offer.agent == id { mine += offer.resources }
                sum += mine
                #expect(sum == total, "agent \(id): free + held \(sum) differs from total \(total)")
            }
            var heldByFramework: [FrameworkID: ResourceQuantities] = [:]
            for offer in held { heldByFramework[offer.framework, default: .zero] += ResourceQuantities(offer.resources) }
            let shares = allocator.shares()
            for index in 0..<5 {
                let id = FrameworkID("f\(index)")
                let reported = shares.frameworks[id]?.values.reduce(ResourceQuantities.zero) { $0 + $1.allocated } ?? .zero
                #expect(reported == heldByFramework[id, default: .zero], "framework \(id)")
            }
        }
    }
}
