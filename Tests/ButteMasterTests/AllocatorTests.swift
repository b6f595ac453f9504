// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteCore
import ButteProtocol
import Testing

@testable import ButteMaster

@Suite struct AllocatorTests {
    let t0 = ContinuousClock.now

    func resources(_ text: String) throws -> Resources {
        try Resources.parse(text)
    }

    func at(_ seconds: Double) -> ContinuousClock.Instant {
        t0 + .nanoseconds(Int64(seconds * 1e9))
    }

    // MARK: Reservations

    @Test("resources reserved for a role are offered only to that role's frameworks")
    func reservedGoToTheirRole() throws {
        let allocator = Allocator()
        try allocator.addAgent("a1", total: resources("cpus:4;mem:1024;cpus(web):2;mem(web):512"))
        try allocator.addFramework("f-any", roles: [])
        try allocator.addFramework("f-web", roles: ["web"])
        let proposals = allocator.allocate(now: t0)
        let any = try #require(proposals.first { $0.framework == "f-any" })
        let web = try #require(proposals.first { $0.framework == "f-web" })
        #expect(any.role == "*")
        #expect(any.resources == (try resources("cpus:4;mem:1024")))
        #expect(web.role == "web")
        #expect(web.resources == (try resources("cpus(web):2;mem(web):512")))
        #expect(allocator.available(on: "a1")?.isEmpty == true)
    }

    @Test("reserved resources stay free when no framework of their role exists")
    func reservedStayFree() throws {
        let allocator = Allocator()
        try allocator.addAgent("a1", total: resources("cpus:4;mem:1024;cpus(web):2;mem(web):512"))
        try allocator.addFramework("f-db", roles: ["db"])
        let proposals = allocator.allocate(now: t0)
        #expect(proposals.count == 1)
        #expect(proposals.first?.resources == (try resources("cpus:4;mem:1024")))
        #expect(allocator.available(on: "a1") == (try resources("cpus(web):2;mem(web):512")))
        #expect(allocator.allocate(now: at(1)).isEmpty)
    }

    @Test(
        "a reservation for a role is offered to its sub-roles, not to look-alike names",
        arguments: [("web/api", true), ("web", true), ("webx", false), ("we", false), ("*", false)])
    func reservationHierarchy(role: String, receives: Bool) throws {
        let allocator = Allocator()
        try allocator.addAgent("a1", total: resources("cpus(web):2;mem(web):512"))
        try allocator.addFramework("f", roles: [role])
        let proposals = allocator.allocate(now: t0)
        #expect(proposals.isEmpty == !receives)
    }

    // MARK: Filters

    @Test(
        "a DECLINE filter hides the agent for refuse_seconds (default 5, negative → 5, capped at 365 days)",
        arguments: [
            (Double?.none, 5.0), (10, 10), (-1, 5), (0.5, 0.5), (Double(UInt32.max), 365 * 86400), (.nan, 5),
        ] as [(Double?, Double)])
    func filterDuration(refuseSeconds: Double?, hiddenFor seconds: Double) throws {
        let allocator = Allocator()
        try allocator.addAgent("a1", total: resources("cpus:2;mem:1024"))
        try allocator.addFramework("f", roles: [])
        let offer = try #require(allocator.allocate(now: t0).first)
        allocator.decline(offer.resources, agent: "a1", framework: "f", role: "*", refuseSeconds: refuseSeconds, now: t0)
        #expect(allocator.available(on: "a1") == offer.resources)
        #expect(allocator.allocate(now: at(seconds * 0.99)).isEmpty)
        let again = allocator.allocate(now: at(seconds))
        #expect(again.map(\.resources) == [offer.resources])
    }

    @Test("refuse_seconds 0 installs no filter")
    func zeroRefuse() throws {
        let allocator = Allocator()
        try allocator.addAgent("a1", total: resources("cpus:2;mem:1024"))
        try allocator.addFramework("f", roles: [])
        let offer = try #require(allocator.allocate(now: t0).first)
        allocator.decline(offer.resources, agent: "a1", framework: "f", role: "*", refuseSeconds: 0, now: t0)
        #expect(allocator.allocate(now: t0).count == 1)
    }

    @Test("a filtered agent goes to the next framework, and only the declining one is filtered")
    func filterIsPerFramework() throws {
        let allocator = Allocator()
        try allocator.addAgent("a1", total: resources("cpus:2;mem:1024"))
        try allocator.addFramework("f1", roles: [])
        try allocator.addFramework("f2", roles: [])
        let first = try #require(allocator.allocate(now: t0).first)
        #expect(first.framework == "f1")
        allocator.decline(first.resources, agent: "a1", framework: "f1", role: "*", refuseSeconds: 60, now: t0)
        let second = try #require(allocator.allocate(now: at(1)).first)
        #expect(second.framework == "f2")
    }

    @Test("resources freed after a DECLINE are offered despite the filter (the filter covers only what was refused)")
    func filterIsASubsetMatch() throws {
        let allocator = Allocator()
        try allocator.addAgent("a1", total: resources("cpus:4;mem:1024"))
        try allocator.addFramework("f", roles: [])
        let offer = try #require(allocator.allocate(now: t0).first)
        // The framework keeps one cpu for a task and declines the rest for a long time.
        let rest = offer.resources - (try resources("cpus:1;mem:128"))
        allocator.decline(rest, agent: "a1", framework: "f", role: "*", refuseSeconds: 3600, now: t0)
        #expect(allocator.allocate(now: at(1)).isEmpty)
        // The task ends: more is free than was refused.
        allocator.recoverResources(try resources("cpus:1;mem:128"), agent: "a1", framework: "f", role: "*")
        let again = allocator.allocate(now: at(2))
        #expect(again.map(\.resources) == [try resources("cpus:4;mem:1024")])
    }

    // MARK: SUPPRESS and REVIVE

    @Test("SUPPRESS stops offers for the role; other roles still get offers")
    func suppressPerRole() throws {
        let allocator = Allocator()
        try allocator.addAgent("a1", total: resources("cpus:2;mem:1024;cpus(a):1;mem(a):64;cpus(b):1;mem(b):64"))
        try allocator.addFramework("f", roles: ["a", "b"])
        allocator.suppress("f", roles: ["a"])
        let proposals = allocator.allocate(now: t0)
        #expect(proposals.map(\.role).sorted() == ["b"])
        #expect(proposals.first?.resources.roles == ["*", "b"])
        #expect(allocator.available(on: "a1") == (try resources("cpus(a):1;mem(a):64")))
    }

    @Test("SUPPRESS without roles suppresses every role; REVIVE without roles undoes it and clears filters")
    func suppressAllReviveAll() throws {
        let allocator = Allocator()
        try allocator.addAgent("a1", total: resources("cpus:2;mem:1024;cpus(b):1;mem(b):64"))
        try allocator.addFramework("f", roles: ["a", "b"])
        let offers = allocator.allocate(now: t0)
        #expect(offers.count == 2)
        for offer in offers {
            allocator.decline(offer.resources, agent: "a1", framework: "f", role: offer.role, refuseSeconds: 3600, now: t0)
        }
        allocator.suppress("f")
        #expect(allocator.allocate(now: at(7200)).isEmpty)
        allocator.revive("f")
        #expect(allocator.allocate(now: at(1)).count == 2)
    }

    @Test("REVIVE of one role clears that role's filters and unsuppresses it only")
    func reviveOneRole() throws {
        let allocator = Allocator()
        try allocator.addAgent("a1", total: resources("cpus(a):1;mem(a):64;cpus(b):1;mem(b):64"))
        try allocator.addFramework("f", roles: ["a", "b"])
        for offer in allocator.allocate(now: t0) {
            allocator.decline(offer.resources, agent: "a1", framework: "f", role: offer.role, refuseSeconds: 3600, now: t0)
        }
        #expect(allocator.allocate(now: at(1)).isEmpty)
        allocator.revive("f", roles: ["b"])
        #expect(allocator.allocate(now: at(2)).map(\.role) == ["b"])
    }

    @Test("a framework added suppressed gets nothing until it revives")
    func addedSuppressed() throws {
        let allocator = Allocator()
        try allocator.addAgent("a1", total: resources("cpus:1;mem:64"))
        try allocator.addFramework("f", roles: ["a"], suppressedRoles: ["a"])
        #expect(allocator.allocate(now: t0).isEmpty)
        allocator.revive("f", roles: ["a"])
        #expect(allocator.allocate(now: t0).count == 1)
    }

    // MARK: Frameworks and agents

    @Test("an inactive framework gets nothing; once active it does")
    func inactiveFramework() throws {
        let allocator = Allocator()
        try allocator.addAgent("a1", total: resources("cpus:1;mem:64"))
        try allocator.addFramework("f", roles: [], active: false)
        #expect(allocator.allocate(now: t0).isEmpty)
        allocator.activateFramework("f")
        #expect(allocator.allocate(now: t0).map(\.framework) == ["f"])
        allocator.deactivateFramework("f")
        allocator.recoverResources(try resources("cpus:1;mem:64"), agent: "a1", framework: "f", role: "*")
        #expect(allocator.allocate(now: t0).isEmpty)
    }

    @Test("a framework that changes roles keeps counting what it holds for the old role until it is recovered")
    func updateFrameworkRoles() throws {
        let allocator = Allocator()
        try allocator.addAgent("a1", total: resources("cpus:2;mem:256"))
        try allocator.addAgent("a2", total: resources("cpus:2;mem:256"))
        try allocator.addFramework("f", roles: ["old"])
        let first = try #require(allocator.allocate(now: t0).first)
        allocator.recoverResources(try resources("cpus:2;mem:256"), agent: first.agent == "a1" ? "a2" : "a1", framework: "f", role: "old")
        try allocator.updateFramework("f", roles: ["new"])
        #expect(allocator.shares().roles["old"]?.allocated == ResourceQuantities(cpus: 2, mem: 256))
        let second = try #require(allocator.allocate(now: t0).first)
        #expect(second.role == "new")
        #expect(second.agent != first.agent)
        allocator.recoverResources(first.resources, agent: first.agent, framework: "f", role: "old")
        #expect(allocator.shares().roles["old"] == nil)
        #expect(allocator.shares().frameworks["f"]?.keys.sorted() == ["new"])
    }

    @Test("removing a framework frees everything it held")
    func removeFramework() throws {
        let allocator = Allocator()
        try allocator.addAgent("a1", total: resources("cpus:1;mem:64"))
        try allocator.addAgent("a2", total: resources("cpus:2;mem:64"))
        try allocator.addFramework("f", roles: [])
        #expect(allocator.allocate(now: t0).count == 2)
        #expect(allocator.removeFramework("f"))
        #expect(allocator.available(on: "a1") == (try resources("cpus:1;mem:64")))
        #expect(allocator.available(on: "a2") == (try resources("cpus:2;mem:64")))
        #expect(allocator.shares().roles.isEmpty)
        try allocator.addFramework("g", roles: [])
        #expect(allocator.allocate(now: t0).count == 2)
    }

    @Test("removing an agent removes its resources from offers and from the cluster total")
    func removeAgent() throws {
        let allocator = Allocator()
        try allocator.addAgent("a1", total: resources("cpus:4;mem:1024"))
        try allocator.addAgent("a2", total: resources("cpus:4;mem:1024"))
        try allocator.addFramework("f", roles: [])
        let offers = allocator.allocate(now: t0)
        #expect(offers.count == 2)
        #expect(allocator.shares().frameworks["f"]?["*"]?.dominantShare == 1)
        #expect(allocator.removeAgent("a2"))
        #expect(allocator.shares().total == ResourceQuantities(cpus: 4, mem: 1024))
        #expect(allocator.allocation(of: "f").keys.sorted() == ["a1"])
        // Recovering an offer of a removed agent is harmless.
        allocator.recoverResources(try resources("cpus:4;mem:1024"), agent: "a2", framework: "f", role: "*")
        allocator.recoverResources(try resources("cpus:4;mem:1024"), agent: "a1", framework: "f", role: "*")
        #expect(allocator.allocate(now: at(1)).map(\.agent) == ["a1"])
        #expect(!allocator.removeAgent("a2"))
    }

    @Test("a deactivated agent is not offered until it is activated")
    func deactivatedAgent() throws {
        let allocator = Allocator()
        try allocator.addAgent("a1", total: resources("cpus:1;mem:64"))
        try allocator.addFramework("f", roles: [])
        allocator.deactivateAgent("a1")
        #expect(allocator.allocate(now: t0).isEmpty)
        allocator.activateAgent("a1")
        #expect(allocator.allocate(now: t0).count == 1)
    }

    @Test("a new agent's slot does not inherit the filters of a removed agent")
    func filtersDieWithTheirAgent() throws {
        let allocator = Allocator()
        try allocator.addAgent("a1", total: resources("cpus:1;mem:64"))
        try allocator.addFramework("f", roles: [])
        let offer = try #require(allocator.allocate(now: t0).first)
        allocator.decline(offer.resources, agent: "a1", framework: "f", role: "*", refuseSeconds: 3600, now: t0)
        allocator.removeAgent("a1")
        try allocator.addAgent("a2", total: resources("cpus:1;mem:64"))
        #expect(allocator.allocate(now: at(1)).map(\.agent) == ["a2"])
    }

    @Test("updating an agent's total keeps what is allocated and offers the difference")
    func updateAgent() throws {
        let allocator = Allocator()
        try allocator.addAgent("a1", total: resources("cpus:2;mem:512"))
        try allocator.addFramework("f", roles: [])
        _ = allocator.allocate(now: t0)
        try allocator.updateAgent("a1", total: resources("cpus:3;mem:1024"))
        #expect(allocator.allocate(now: t0).map(\.resources) == [try resources("cpus:1;mem:512")])
        #expect(allocator.allocation(of: "f")["a1"] == (try resources("cpus:3;mem:1024")))
    }

    @Test("agents with GPUs are offered only to GPU-aware frameworks")
    func gpuFiltering() throws {
        let allocator = Allocator()
        try allocator.addAgent("gpu", total: resources("cpus:4;mem:1024;gpus:1"))
        try allocator.addFramework("plain", roles: [])
        #expect(allocator.allocate(now: t0).isEmpty)
        try allocator.addFramework("ml", roles: [], gpuAware: true)
        #expect(allocator.allocate(now: t0).map(\.framework) == ["ml"])
    }

    @Test("nothing is offered below the minimum allocatable resources (cpus 0.01 or mem 32)")
    func minimumAllocatable() throws {
        let allocator = Allocator()
        try allocator.addAgent("tiny", total: resources("cpus:0.005;mem:16;disk:100"))
        try allocator.addAgent("mem-only", total: resources("mem:32"))
        try allocator.addFramework("f", roles: [])
        #expect(allocator.allocate(now: t0).map(\.agent) == ["mem-only"])
    }

    @Test("tasks an agent reports are recorded for a framework that has not subscribed yet, and count for DRF")
    func recordedAllocation() throws {
        let allocator = Allocator()
        try allocator.addAgent("a1", total: resources("cpus:4;mem:1024"))
        let recorded = try allocator.recordAllocation(resources("cpus:3;mem:100;ports:[1-2]"), agent: "a1", framework: "old", role: "*")
        // Ports the agent does not have are not recorded.
        #expect(recorded == (try resources("cpus:3;mem:100")))
        try allocator.addFramework("new", roles: [])
        try allocator.addFramework("old", roles: [])
        let offer = try #require(allocator.allocate(now: t0).first)
        #expect(offer.framework == "new")
        #expect(offer.resources == (try resources("cpus:1;mem:924")))
        #expect(allocator.shares().frameworks["old"]?["*"]?.allocated == ResourceQuantities(cpus: 3, mem: 100))
    }

    @Test("a framework known only from recorded tasks is forgotten once they end")
    func recordedOnlyFrameworkIsForgotten() throws {
        let allocator = Allocator()
        try allocator.addAgent("a1", total: resources("cpus:4;mem:1024"))
        try allocator.recordAllocation(resources("cpus:1;mem:10"), agent: "a1", framework: "gone", role: "batch")
        #expect(allocator.shares().roles["batch"] != nil)
        allocator.recoverResources(try resources("cpus:1;mem:10"), agent: "a1", framework: "gone", role: "batch")
        #expect(allocator.shares().roles.isEmpty)
        #expect(allocator.shares().frameworks.isEmpty)
    }

    // MARK: Errors

    @Test("bad input is refused with an error naming it")
    func errors() throws {
        let allocator = Allocator()
        try allocator.addAgent("a1", total: resources("cpus:1"))
        #expect(throws: AllocatorError(.duplicateAgent, "agent a1 is already known to the allocator")) {
            try allocator.addAgent("a1", total: resources("cpus:1"))
        }
        #expect(throws: AllocatorError.self) { try allocator.updateAgent("nope", total: Resources()) }
        try allocator.addFramework("f", roles: [])
        #expect(throws: AllocatorError.self) { try allocator.addFramework("f", roles: []) }
        #expect(throws: AllocatorError.self) { try allocator.updateFramework("nope", roles: []) }
        for bad in ["", "a b", "..", "-x", "a//b", "x*"] {
            let error = #expect(throws: AllocatorError.self) { try allocator.addFramework("g", roles: [bad]) }
            #expect(error?.code == .invalidRole)
            #expect(error?.message.contains("'\(bad)'") == true)
        }
        for weight in [0, -1, Double.nan, .infinity] {
            let error = #expect(throws: AllocatorError.self) { try allocator.setWeights(["web": weight]) }
            #expect(error?.code == .invalidWeight)
            #expect(error?.message.contains("'web'") == true)
        }
    }
}
