// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteCgroup
import ButteTesting
import Foundation
import SystemPackage
import Testing

/// `CgroupManager` on the real cgroup v2 hierarchy of the `scripts/vm-test` guest: limits reach the kernel
/// and are enforced, OOM kills are seen, and teardown leaves nothing behind.
@Suite(.tags(.vm), .enabled(if: TestEnvironment.vmTestsEnabled), .serialized)
struct CgroupManagerVMTests {
    /// A manager with a parent of its own, so that tests never share leaves; `finish()` removes the parent.
    struct Hierarchy {
        let manager: CgroupManager
        let parent: String

        init() throws {
            parent = "butte-vm-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
            manager = try CgroupManager(parent: parent)
        }

        /// Destroys every leaf and removes the parent; expects nothing to be left.
        func finish() async throws {
            try await manager.cleanUpLeftovers(timeout: .seconds(30))
            #expect(try manager.leafNames().isEmpty)
            #expect(rmdir(manager.parent.string) == 0, "rmdir \(manager.parent): errno \(errno)")
        }
    }

    /// A shell that waits for a line on its stdin before running `script`, so that it can be moved into a
    /// cgroup first and everything it starts begins inside.
    final class HeldShell {
        let process = Process()
        let input = Pipe()

        init(_ script: String) throws {
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "read line; \(script)"]
            process.standardInput = input
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
        }

        var pid: Int32 { process.processIdentifier }

        func release() throws {
            try input.fileHandleForWriting.write(contentsOf: Data("go\n".utf8))
        }

        deinit {
            try? input.fileHandleForWriting.close()
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
    }

    /// Polls `condition` until it holds or `timeout` passes.
    static func poll(timeout: Duration, _ condition: () throws -> Bool) async throws -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        while clock.now < deadline {
            if try condition() { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return try condition()
    }

    /// The exit of `process`, waited for off the concurrency pool's threads.
    static func exit(of process: Process, timeout: Duration) async throws -> Bool {
        try await poll(timeout: timeout) { !process.isRunning }
    }

    @Test("prepare finds cpu, memory, pids and io, and limits are written and read back")
    func limitsReadBack() async throws {
        let h = try Hierarchy()
        let support = try h.manager.prepare()
        #expect(support.hierarchyAvailable)
        #expect(support.cpu && support.memory && support.pids && support.io)
        #expect(support.explanation == nil)
        #expect(try String(contentsOfFile: "/sys/fs/cgroup/\(h.parent)/cgroup.subtree_control", encoding: .utf8).contains("memory"))

        let leaf = try h.manager.createLeaf(named: "limits")
        let report = try leaf.apply(CgroupLimits(cpus: 0.5, memoryBytes: 64 << 20))
        #expect(report.unenforced.filter { $0.kind != .swap }.isEmpty)
        #expect(try leaf.read("memory.max") == "67108864\n")
        #expect(try leaf.read("cpu.max") == "50000 100000\n")
        #expect(try leaf.read("cpu.weight") == "20\n")
        #expect(try leaf.read("pids.max") == "2048\n")
        #expect(try leaf.read("memory.oom.group") == "1\n")
        if report.unenforced.isEmpty {
            #expect(try leaf.read("memory.swap.max") == "0\n")
        }
        let stats = try leaf.stats()
        #expect(stats.pids == CgroupPidsStats(current: 0, limit: 2048))
        #expect(stats.memory?.peakBytes != nil)
        #expect(stats.cpu?.periods != nil)

        let fd = try leaf.openDirectory()
        try fd.close()
        try await h.finish()
    }

    @Test("a process moved in shows in cgroup.procs and /proc/<pid>/cgroup, and destroy kills it")
    func processMovedIn() async throws {
        let h = try Hierarchy()
        try h.manager.prepare()
        let leaf = try h.manager.createLeaf(named: "sleeper")
        let sleeper = Process()
        sleeper.executableURL = URL(fileURLWithPath: "/bin/sleep")
        sleeper.arguments = ["600"]
        try sleeper.run()
        defer { if sleeper.isRunning { kill(sleeper.processIdentifier, SIGKILL) } }

        try leaf.addProcess(sleeper.processIdentifier)
        #expect(try leaf.processes() == [sleeper.processIdentifier])
        #expect(try leaf.isPopulated())
        let membership = try String(contentsOfFile: "/proc/\(sleeper.processIdentifier)/cgroup", encoding: .utf8)
        #expect(membership == "0::/\(h.parent)/sleeper\n")

        try await leaf.destroy(timeout: .seconds(30))
        #expect(try await Self.exit(of: sleeper, timeout: .seconds(30)))
        #expect(sleeper.terminationReason == .uncaughtSignal && sleeper.terminationStatus == SIGKILL)
        #expect(!FileManager.default.fileExists(atPath: leaf.path.string))
        try await h.finish()
    }

    @Test("a memory hog is OOM-killed at memory.max, and memory.events reports it")
    func oomKill() async throws {
        let h = try Hierarchy()
        try h.manager.prepare()
        let leaf = try h.manager.createLeaf(named: "hog")
        try leaf.apply(CgroupLimits(memoryBytes: 32 << 20))
        let updates = try leaf.memoryEventUpdates()
        let seen = Task { () -> CgroupMemoryEvents? in
            for await events in updates where events.oomKilled { return events }
            return nil
        }
        defer { seen.cancel() }

        let hog = try HeldShell("exec python3 -c 'b = bytearray(100 << 20); print(len(b))'")
        try leaf.addProcess(hog.pid)
        try hog.release()

        #expect(try await Self.exit(of: hog.process, timeout: .seconds(120)))
        #expect(hog.process.terminationReason == .uncaughtSignal && hog.process.terminationStatus == SIGKILL)
        #expect(try leaf.wasOOMKilled())
        let events = try #require(try leaf.memoryEvents())
        #expect(events.oomKill >= 1)
        #expect(events.max >= 1)
        // The watch has had its notification by now; give it a deadline rather than wait for ever.
        let deadline = Task {
            try await Task.sleep(for: .seconds(10))
            seen.cancel()
        }
        let watched = await seen.value
        deadline.cancel()
        #expect(watched?.oomKilled == true, "the memory.events watch saw no OOM kill")
        #expect(try leaf.stats().memory?.peakBytes ?? 0 <= 32 << 20)
        try await h.finish()
    }

    @Test("pids.max stops a fork bomb, and the host can still start processes")
    func forkBomb() async throws {
        let h = try Hierarchy()
        try h.manager.prepare()
        let leaf = try h.manager.createLeaf(named: "bomb")
        try leaf.apply(CgroupLimits(pidsMax: 16))
        let bomb = try HeldShell("while :; do sleep 600 & done")
        try leaf.addProcess(bomb.pid)
        try bomb.release()

        let refused = try await Self.poll(timeout: .seconds(60)) {
            let events = try CgroupFileParser.keyedValues(try leaf.read("pids.events"), file: "pids.events")
            return (events["max"] ?? 0) > 0
        }
        #expect(refused, "pids.events never counted a refused fork")
        #expect(try leaf.stats().pids?.current ?? .max <= 16)

        // The host is fine: a process outside the cgroup starts and exits.
        let outside = Process()
        outside.executableURL = URL(fileURLWithPath: "/bin/true")
        try outside.run()
        #expect(try await Self.exit(of: outside, timeout: .seconds(30)))
        #expect(outside.terminationStatus == 0)

        try await leaf.destroy(timeout: .seconds(30))
        #expect(!FileManager.default.fileExists(atPath: leaf.path.string))
        try await h.finish()
    }

    @Test("cpu.max throttles a busy loop")
    func cpuThrottle() async throws {
        let h = try Hierarchy()
        try h.manager.prepare()
        let leaf = try h.manager.createLeaf(named: "busy")
        try leaf.apply(CgroupLimits(cpus: 0.05))
        let busy = try HeldShell("while :; do :; done")
        try leaf.addProcess(busy.pid)
        try busy.release()

        let throttled = try await Self.poll(timeout: .seconds(60)) { (try leaf.stats().cpu?.throttledPeriods ?? 0) >= 3 }
        #expect(throttled, "cpu.stat never counted throttled periods")
        let first = try #require(try leaf.stats().cpu)
        // Throttling goes on while the loop runs: nr_throttled keeps growing.
        let grows = try await Self.poll(timeout: .seconds(60)) { (try leaf.stats().cpu?.throttledPeriods ?? 0) > (first.throttledPeriods ?? 0) }
        #expect(grows, "nr_throttled stayed at \(first.throttledPeriods ?? 0)")
        #expect(first.usageMicroseconds > 0)
        #expect((first.periods ?? 0) >= (first.throttledPeriods ?? 0))

        try await leaf.destroy(timeout: .seconds(30))
        try await h.finish()
    }

    @Test("a new manager removes the leaves a dead run left, processes and nested cgroups included")
    func leftovers() async throws {
        let h = try Hierarchy()
        try h.manager.prepare()
        let leaf = try h.manager.createLeaf(named: "left-behind")
        #expect(mkdir(leaf.path.appending("nested").string, 0o755) == 0)
        let sleeper = try HeldShell("sleep 600")
        try leaf.addProcess(sleeper.pid)
        try sleeper.release()

        let next = try CgroupManager(parent: h.parent)
        try next.prepare()
        #expect(try next.leafNames() == ["left-behind"])
        #expect(try await next.cleanUpLeftovers(timeout: .seconds(30)) == ["left-behind"])
        #expect(try next.leafNames().isEmpty)
        #expect(try await Self.exit(of: sleeper.process, timeout: .seconds(30)))
        try await h.finish()
    }
}
