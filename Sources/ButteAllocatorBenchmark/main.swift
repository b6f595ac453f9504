// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

// Times allocation cycles of the master's allocator on a simulated cluster and prints the medians.
// Run through scripts/bench/master-allocator, which builds it in release mode.

import ButteCore
import ButteMaster
import ButteProtocol

#if canImport(Glibc)
    import Glibc
#endif

/// Command-line options: `--agents N --frameworks N --runs N`.
struct Options {
    var agents = 1000
    var frameworks = 10
    var runs = 15

    init(_ arguments: [String]) throws(BenchmarkError) {
        var index = 0
        while index < arguments.count {
            let flag = arguments[index]
            guard index + 1 < arguments.count, let value = Int(arguments[index + 1]), value > 0 else {
                throw BenchmarkError("\(flag) needs a positive integer")
            }
            switch flag {
            case "--agents": agents = value
            case "--frameworks": frameworks = value
            case "--runs": runs = value
            default: throw BenchmarkError("unknown option '\(flag)'; expected --agents N, --frameworks N, --runs N")
            }
            index += 2
        }
    }
}

/// A usage error.
struct BenchmarkError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

func milliseconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
}

/// The CPU time this thread has used, in milliseconds: on a shared machine it shows the cycle's own cost,
/// while wall time also counts waiting for a core.
func threadCPUMilliseconds() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
    return Double(spec.tv_sec) * 1000 + Double(spec.tv_nsec) / 1e6
}

/// Wall and CPU milliseconds of one call.
struct Sample {
    var wall: [Double] = []
    var cpu: [Double] = []

    mutating func time<T>(_ body: () -> T) -> T {
        let cpuStart = threadCPUMilliseconds()
        let start = ContinuousClock.now
        let result = body()
        wall.append(milliseconds(ContinuousClock.now - start))
        cpu.append(threadCPUMilliseconds() - cpuStart)
        return result
    }

    var summary: String { "\(fmt(median(wall))) ms (cpu \(fmt(median(cpu))) ms)" }
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

/// A cluster of identical agents and frameworks spread over four weighted roles.
func makeCluster(_ options: Options) throws -> Allocator {
    let allocator = Allocator()
    try allocator.setWeights(["role0": 1, "role1": 2, "role2": 1.5, "role3": 1])
    let total = try Resources.parse("cpus:16;mem:65536;disk:1000000;ports:[31000-32000]")
    for index in 0..<options.agents {
        try allocator.addAgent(AgentID("agent-\(index)"), total: total)
    }
    for index in 0..<options.frameworks {
        try allocator.addFramework(FrameworkID("framework-\(index)"), roles: ["role\(index % 4)"])
    }
    return allocator
}

let clock = ContinuousClock()
do {
    let options = try Options(Array(CommandLine.arguments.dropFirst()))
    let allocator = try makeCluster(options)
    var now = clock.now
    var full = Sample()
    var afterDecline = Sample()
    var churn = Sample()
    var offers = 0
    for run in 0..<options.runs {
        // 1. Every agent is free: the cycle offers the whole cluster.
        let first = full.time { allocator.allocate(now: now) }
        offers = first.count

        // 2. Every offer is declined with the default 5 s filter; the next cycle offers each agent to a
        //    framework that has not refused it, checking the filters on the way.
        for offer in first {
            allocator.decline(offer.resources, agent: offer.agent, framework: offer.framework, role: offer.role, refuseSeconds: nil, now: now)
        }
        now += .milliseconds(100)
        let held = afterDecline.time { allocator.allocate(now: now) }

        // 3. Steady state: the frameworks use all they hold; tasks end on a tenth of the agents and the
        //    cycle re-offers just those.
        for (index, offer) in held.enumerated() where index % 10 == run % 10 {
            allocator.recoverResources(offer.resources, agent: offer.agent, framework: offer.framework, role: offer.role)
        }
        now += .milliseconds(100)
        let reoffered = churn.time { allocator.allocate(now: now) }

        // Reset, untimed: give everything back and drop the filters.
        for offer in held + reoffered {
            allocator.recoverResources(offer.resources, agent: offer.agent, framework: offer.framework, role: offer.role)
        }
        for index in 0..<options.frameworks { allocator.revive(FrameworkID("framework-\(index)")) }
        now += .seconds(10)
    }
    let label = "\(options.agents) agents × \(options.frameworks) frameworks"
    print(
        "\(label): whole cluster free (\(offers) offers) \(full.summary); after all offers declined \(afterDecline.summary); "
            + "a tenth of the agents freed \(churn.summary)")
} catch {
    print("butte allocator benchmark: \(error)")
    exit(2)
}

func fmt(_ value: Double) -> String {
    let scaled = (value * 100).rounded() / 100
    return "\(scaled)"
}
