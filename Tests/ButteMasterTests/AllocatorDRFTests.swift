// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteCore
import ButteProtocol
import Testing

@testable import ButteMaster

/// One DRF scenario: agents, frameworks that each launch one kind of task, and what each ends up running.
struct DRFCase: CustomTestStringConvertible, Sendable {
    struct Framework: Sendable {
        var name: String
        var role: String
        var task: String
        var tasks: Int
    }

    var name: String
    var agents: [String]
    var weights: [String: Double] = [:]
    var frameworks: [Framework]

    var testDescription: String { name }

    static let all: [DRFCase] = [
        DRFCase(
            name: "the DRF paper: <1 cpu, 4 GB> and <3 cpus, 1 GB> tasks on 9 cpus, 18 GB",
            agents: ["cpus:9;mem:18432"],
            frameworks: [
                .init(name: "A", role: "*", task: "cpus:1;mem:4096", tasks: 3),
                .init(name: "B", role: "*", task: "cpus:3;mem:1024", tasks: 2),
            ]),
        DRFCase(
            name: "the DRF paper with the frameworks in two roles",
            agents: ["cpus:9;mem:18432"],
            frameworks: [
                .init(name: "A", role: "research", task: "cpus:1;mem:4096", tasks: 3),
                .init(name: "B", role: "prod", task: "cpus:3;mem:1024", tasks: 2),
            ]),
        DRFCase(
            name: "equal tasks split evenly",
            agents: ["cpus:10;mem:10240"],
            frameworks: [
                .init(name: "A", role: "*", task: "cpus:1;mem:100", tasks: 5),
                .init(name: "B", role: "*", task: "cpus:1;mem:100", tasks: 5),
            ]),
        DRFCase(
            name: "a role with weight 4 gets four times the share",
            agents: ["cpus:10;mem:10240"],
            weights: ["prod": 4],
            frameworks: [
                .init(name: "A", role: "dev", task: "cpus:1;mem:100", tasks: 2),
                .init(name: "B", role: "prod", task: "cpus:1;mem:100", tasks: 8),
            ]),
        DRFCase(
            name: "weights are per role: frameworks within a role share its part evenly",
            agents: ["cpus:12;mem:4096"],
            weights: ["prod": 2],
            frameworks: [
                .init(name: "A", role: "dev", task: "cpus:1;mem:100", tasks: 4),
                .init(name: "B", role: "prod", task: "cpus:1;mem:100", tasks: 4),
                .init(name: "C", role: "prod", task: "cpus:1;mem:100", tasks: 4),
            ]),
        DRFCase(
            name: "memory-heavy tasks get twice as many as cpu-heavy ones twice as large in their dominant resource",
            agents: ["cpus:12;mem:24576"],
            frameworks: [
                .init(name: "A", role: "*", task: "cpus:0.5;mem:2048", tasks: 8),
                .init(name: "B", role: "*", task: "cpus:2;mem:256", tasks: 4),
            ]),
    ]
}

extension AllocatorTests {
    /// Runs cycles in which every offered framework launches one task if it fits and declines the rest without
    /// a filter, or declines everything for an hour when nothing fits; returns the tasks per framework.
    func simulate(_ scenario: DRFCase) throws -> [String: Int] {
        let allocator = Allocator()
        try allocator.setWeights(scenario.weights)
        for (index, agent) in scenario.agents.enumerated() {
            try allocator.addAgent(AgentID("agent\(index)"), total: resources(agent))
        }
        var demand: [FrameworkID: Resources] = [:]
        for framework in scenario.frameworks {
            try allocator.addFramework(FrameworkID(framework.name), roles: [framework.role])
            demand[FrameworkID(framework.name)] = try resources(framework.task)
        }
        var launched: [String: Int] = [:]
        var now = t0
        for _ in 0..<1000 {
            let proposals = allocator.allocate(now: now)
            if proposals.isEmpty { break }
            for offer in proposals {
                let task = try #require(demand[offer.framework])
                // Tasks take unreserved resources here; the scenarios reserve nothing.
                if offer.resources.contains(task) {
                    launched[offer.framework.value, default: 0] += 1
                    allocator.decline(
                        offer.resources - task, agent: offer.agent, framework: offer.framework, role: offer.role, refuseSeconds: 0, now: now)
                } else {
                    allocator.decline(
                        offer.resources, agent: offer.agent, framework: offer.framework, role: offer.role, refuseSeconds: 3600, now: now)
                }
            }
            now += .milliseconds(10)
        }
        #expect(allocator.allocate(now: now).isEmpty, "the simulation did not settle")
        return launched
    }

    @Test("frameworks converge to their DRF shares", arguments: DRFCase.all)
    func drfConverges(_ scenario: DRFCase) throws {
        let launched = try simulate(scenario)
        for framework in scenario.frameworks {
            #expect(launched[framework.name, default: 0] == framework.tasks, "framework \(framework.name)")
        }
    }

    @Test("the lowest dominant share is served first, and shares are reported for metrics")
    func lowestShareFirst() throws {
        let allocator = Allocator()
        try allocator.addAgent("a1", total: resources("cpus:8;mem:8192"))
        try allocator.addAgent("a2", total: resources("cpus:8;mem:8192"))
        try allocator.recordAllocation(resources("cpus:4;mem:1024"), agent: "a1", framework: "busy", role: "*")
        try allocator.addFramework("busy", roles: [])
        try allocator.addFramework("idle", roles: [])
        let shares = allocator.shares()
        #expect(shares.total == ResourceQuantities(cpus: 16, mem: 16384))
        #expect(shares.frameworks["busy"]?["*"]?.dominantShare == 0.25)
        #expect(shares.frameworks["idle"]?["*"]?.dominantShare == 0)
        let proposals = allocator.allocate(now: t0)
        // "idle" (share 0) is served first and takes the first agent looked at; "busy" (0.25) then gets the
        // other, since "idle" is at 0.5 or 0.375 by then.
        #expect(Set(proposals.map(\.framework)) == ["busy", "idle"])
        #expect(proposals.count == 2)
    }

    @Test("weights change the order of roles")
    func weightsShiftOrder() throws {
        let allocator = Allocator()
        try allocator.addAgent("a1", total: resources("cpus:10;mem:10240"))
        try allocator.addAgent("a2", total: resources("cpus:10;mem:10240"))
        try allocator.recordAllocation(resources("cpus:2;mem:100"), agent: "a1", framework: "light", role: "light")
        try allocator.recordAllocation(resources("cpus:3;mem:100"), agent: "a1", framework: "heavy", role: "heavy")
        try allocator.addFramework("light", roles: ["light"])
        try allocator.addFramework("heavy", roles: ["heavy"])
        // light 0.1 < heavy 0.15: light first.
        let offers = allocator.allocate(now: t0)
        #expect(offers.first?.framework == "light")
        for offer in offers {
            allocator.recoverResources(offer.resources, agent: offer.agent, framework: offer.framework, role: offer.role)
        }
        // heavy 0.15 / 2 = 0.075 < light 0.1: heavy first.
        try allocator.setWeights(["heavy": 2])
        #expect(allocator.shares().roles["heavy"]?.weightedShare == 0.075)
        #expect(allocator.allocate(now: t0).first?.framework == "heavy")
    }

    @Test("fractional cpus add up exactly: ten 0.1-cpu tasks use a whole cpu")
    func fractionalCPUs() throws {
        let allocator = Allocator()
        try allocator.addAgent("a1", total: resources("cpus:1;mem:1024"))
        try allocator.addFramework("f", roles: [])
        var tasks = 0
        for _ in 0..<20 {
            guard let offer = allocator.allocate(now: t0).first else { break }
            let task = try resources("cpus:0.1;mem:1")
            guard offer.resources.contains(task) else {
                // Only memory is left: no cpu at all, not even a rounding remainder.
                #expect(offer.resources.cpus == nil)
                allocator.recoverResources(offer.resources, agent: "a1", framework: "f", role: "*")
                break
            }
            tasks += 1
            allocator.decline(offer.resources - task, agent: "a1", framework: "f", role: "*", refuseSeconds: 0, now: t0)
        }
        #expect(tasks == 10)
        #expect(allocator.available(on: "a1")?.cpus == nil)
        #expect(allocator.available(on: "a1")?.mem == Scalar(1014))
        #expect(allocator.shares().frameworks["f"]?["*"]?.allocated.cpus == Scalar(1))
        #expect(allocator.shares().frameworks["f"]?["*"]?.dominantShare == 1)
    }
}
