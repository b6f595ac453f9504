// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteCgroup
import ButteTesting
import Foundation
import SystemPackage
import Testing

@Suite struct CgroupLeafTests {
    /// A prepared fake hierarchy with `controllers` and one leaf "t1".
    static func leaf(_ controllers: [String] = ["cpu", "memory", "pids", "io"], swap: Bool = true, peak: Bool = true, kill: Bool = true) throws -> (
        FakeCgroupFS, CgroupLeaf
    ) {
        let fs = try FakeCgroupFS(controllers: controllers, hasCgroupKill: kill, hasMemoryPeak: peak, hasSwapAccounting: swap)
        let manager = try fs.manager()
        try manager.prepare()
        return (fs, try manager.createLeaf(named: "t1"))
    }

    @Test("memory limit is written to memory.max in bytes, with swap off and group OOM kills")
    func memoryMax() throws {
        let (fs, leaf) = try Self.leaf()
        let report = try leaf.apply(CgroupLimits(memoryBytes: 64 << 20, pidsMax: nil))
        #expect(try fs.read("butte/t1/memory.max") == "67108864")
        #expect(try fs.read("butte/t1/memory.swap.max") == "0")
        #expect(try fs.read("butte/t1/memory.oom.group") == "1")
        #expect(report.allEnforced)
        #expect(report.written.map(\.file) == ["memory.max", "memory.swap.max", "memory.oom.group"])
        // Nothing else was limited.
        #expect(try fs.read("butte/t1/cpu.max") == "max 100000")
        #expect(try fs.read("butte/t1/pids.max") == "max")
    }

    @Test("cpus are written to cpu.max as 'quota period' and to cpu.weight")
    func cpuMax() throws {
        let (fs, leaf) = try Self.leaf()
        try leaf.apply(CgroupLimits(cpus: 0.5, pidsMax: nil))
        #expect(try fs.read("butte/t1/cpu.max") == "50000 100000")
        #expect(try fs.read("butte/t1/cpu.weight") == "20")
        try leaf.apply(CgroupLimits(cpus: 2, pidsMax: nil))
        #expect(try fs.read("butte/t1/cpu.max") == "200000 100000")
        #expect(try fs.read("butte/t1/cpu.weight") == "79")
    }

    @Test("the default pids limit 2048 is written to pids.max")
    func pidsMax() throws {
        let (fs, leaf) = try Self.leaf()
        try leaf.apply(CgroupLimits())
        #expect(try fs.read("butte/t1/pids.max") == "2048")
        try leaf.apply(CgroupLimits(pidsMax: 64))
        #expect(try fs.read("butte/t1/pids.max") == "64")
    }

    @Test("limits without their controller are reported, not written")
    func unenforced() throws {
        let (fs, leaf) = try Self.leaf([])
        let report = try leaf.apply(CgroupLimits(cpus: 1.5, memoryBytes: 256 << 20, pidsMax: 2048))
        #expect(report.written.isEmpty)
        #expect(!report.allEnforced)
        #expect(report.unenforced.map(\.kind) == [.cpu, .memory, .pids])
        #expect(
            report.unenforced.map(\.description) == [
                "cpu limit 1.5 cpus is not enforced: the cpu controller is not enabled in \(fs.root)/butte.",
                "memory limit 256 MiB is not enforced: the memory controller is not enabled in \(fs.root)/butte.",
                "pids limit 2048 tasks is not enforced: the pids controller is not enabled in \(fs.root)/butte.",
            ])
        #expect(!fs.exists("butte/t1/memory.max"))
    }

    @Test("only the missing controller's limit is reported")
    func partlyEnforced() throws {
        let (fs, leaf) = try Self.leaf(["cpu", "pids"])
        let report = try leaf.apply(CgroupLimits(cpus: 1, memoryBytes: 1000, pidsMax: 10))
        #expect(report.unenforced.map(\.kind) == [.memory])
        #expect(report.unenforced.first?.requested == "1000 bytes")
        #expect(try fs.read("butte/t1/cpu.max") == "100000 100000")
        #expect(try fs.read("butte/t1/pids.max") == "10")
    }

    @Test("a kernel without swap accounting gets memory.max and a report that swap is not off")
    func noSwapAccounting() throws {
        let (fs, leaf) = try Self.leaf(swap: false)
        let report = try leaf.apply(CgroupLimits(memoryBytes: 1 << 30, pidsMax: nil))
        #expect(try fs.read("butte/t1/memory.max") == "1073741824")
        #expect(report.unenforced.map(\.kind) == [.swap])
    }

    @Test(
        "limits out of range are refused before anything is written",
        arguments: [
            CgroupLimits(cpus: 0), CgroupLimits(cpus: -1), CgroupLimits(cpus: .nan), CgroupLimits(cpus: .infinity),
            CgroupLimits(memoryBytes: 0), CgroupLimits(pidsMax: 0),
        ])
    func invalidLimits(_ limits: CgroupLimits) throws {
        let (fs, leaf) = try Self.leaf()
        let before = fs.writes.count
        let error = #expect(throws: CgroupError.self) { try leaf.apply(limits) }
        #expect(error?.code == .invalidLimit)
        #expect(fs.writes.count == before)
    }

    @Test("stats are read from cpu.stat, memory.current, memory.peak, memory.stat, memory.events and pids")
    func stats() throws {
        let (fs, leaf) = try Self.leaf()
        try fs.put(
            "butte/t1/cpu.stat",
            """
            usage_usec 123456
            user_usec 100000
            system_usec 23456
            core_sched.force_idle_usec 0
            nr_periods 50
            nr_throttled 7
            throttled_usec 8910
            nr_bursts 0
            burst_usec 0

            """)
        try fs.put("butte/t1/memory.current", "4194304\n")
        try fs.put("butte/t1/memory.peak", "8388608\n")
        try fs.put("butte/t1/memory.stat", "anon 1048576\nfile 2097152\nkernel 65536\nsock 0\nshmem 4096\nzswap 0\npgfault 321\npgmajfault 2\n")
        try fs.put("butte/t1/memory.events", "low 0\nhigh 0\nmax 12\noom 1\noom_kill 1\noom_group_kill 0\n")
        try fs.put("butte/t1/pids.current", "3\n")
        try fs.put("butte/t1/pids.max", "2048\n")

        let stats = try leaf.stats()
        #expect(
            stats.cpu
                == CgroupCPUStats(
                    usageMicroseconds: 123_456, userMicroseconds: 100_000, systemMicroseconds: 23456, periods: 50, throttledPeriods: 7,
                    throttledMicroseconds: 8910))
        #expect(stats.memory?.currentBytes == 4 << 20)
        #expect(stats.memory?.peakBytes == 8 << 20)
        #expect(stats.memory?.anonBytes == 1 << 20)
        #expect(stats.memory?.fileBytes == 2 << 20)
        #expect(stats.memory?.kernelBytes == 65536)
        #expect(stats.memory?.stat["pgmajfault"] == 2)
        #expect(stats.memory?.stat["zswap"] == nil)
        #expect(stats.memoryEvents == CgroupMemoryEvents(max: 12, oom: 1, oomKill: 1))
        #expect(stats.pids == CgroupPidsStats(current: 3, limit: 2048))
        #expect(try leaf.wasOOMKilled())
    }

    @Test("memory.peak is optional (kernels before 5.19)")
    func noPeak() throws {
        let (_, leaf) = try Self.leaf(peak: false)
        let stats = try leaf.stats()
        #expect(stats.memory != nil)
        #expect(stats.memory?.peakBytes == nil)
    }

    @Test("without controllers only CPU time is read")
    func statsWithoutControllers() throws {
        let (fs, leaf) = try Self.leaf([])
        try fs.put("butte/t1/cpu.stat", "usage_usec 5\nuser_usec 3\nsystem_usec 2\n")
        let stats = try leaf.stats()
        #expect(stats.cpu == CgroupCPUStats(usageMicroseconds: 5, userMicroseconds: 3, systemMicroseconds: 2))
        #expect(stats.cpu?.throttledPeriods == nil)
        #expect(stats.memory == nil && stats.memoryEvents == nil && stats.pids == nil)
        #expect(try leaf.wasOOMKilled() == false)
    }

    @Test("an OOM kill shows in memory.events")
    func oomKill() throws {
        let (fs, leaf) = try Self.leaf()
        #expect(try leaf.wasOOMKilled() == false)
        try fs.put("butte/t1/memory.events", "low 0\nhigh 0\nmax 3\noom 1\noom_kill 1\n")
        #expect(try leaf.wasOOMKilled())
    }

    @Test("a malformed counter file is an error naming it")
    func malformedStats() throws {
        let (fs, leaf) = try Self.leaf()
        try fs.put("butte/t1/memory.current", "lots\n")
        let error = #expect(throws: CgroupError.self) { try leaf.stats() }
        #expect(error?.code == .malformedFile)
        #expect(error?.message.contains("memory.current") == true)
    }

    @Test("the leaf directory opens as a close-on-exec directory descriptor")
    func openDirectory() throws {
        let (_, leaf) = try Self.leaf()
        let fd = try leaf.openDirectory()
        defer { try? fd.close() }
        let flags = fcntl(fd.rawValue, F_GETFD)
        #expect(flags & FD_CLOEXEC != 0)
        var info = stat()
        #expect(fstat(fd.rawValue, &info) == 0)
        #expect(info.st_mode & S_IFMT == S_IFDIR)
        // It is the leaf: its interface files are reachable through it.
        #expect(faccessat(fd.rawValue, "cgroup.procs", F_OK, 0) == 0)
    }

    @Test("processes are moved in through cgroup.procs and listed")
    func processes() throws {
        let (fs, leaf) = try Self.leaf()
        try leaf.addProcess(1234)
        try leaf.addProcess(5678)
        #expect(fs.writes(to: "butte/t1/cgroup.procs") == ["1234", "5678"])
        #expect(try leaf.processes() == [1234, 5678])
        #expect(try leaf.isPopulated())
    }

    @Test("destroy kills through cgroup.kill, waits for the leaf to empty and removes it with its children")
    func destroy() async throws {
        let (fs, leaf) = try Self.leaf()
        try leaf.addProcess(999_999)
        try fs.makeCgroup("butte/t1/inner")
        try await leaf.destroy(timeout: .seconds(5))
        #expect(fs.writes(to: "butte/t1/cgroup.kill") == ["1"])
        #expect(!fs.exists("butte/t1"))
        // A second destroy has nothing to do.
        try await leaf.destroy(timeout: .seconds(1))
    }

    @Test("without cgroup.kill each listed process gets SIGKILL")
    func killFallback() async throws {
        let (fs, leaf) = try Self.leaf(kill: false)
        let sleeper = Process()
        sleeper.executableURL = URL(fileURLWithPath: "/bin/sleep")
        sleeper.arguments = ["60"]
        try sleeper.run()
        defer { if sleeper.isRunning { sleeper.terminate() } }
        try fs.put("butte/t1/cgroup.procs", "\(sleeper.processIdentifier)\n")

        try leaf.kill()
        sleeper.waitUntilExit()

        #expect(sleeper.terminationReason == .uncaughtSignal)
        #expect(sleeper.terminationStatus == SIGKILL)
        #expect(fs.writes(to: "butte/t1/cgroup.freeze") == ["1", "0"])
    }

    @Test("waiting for a leaf that keeps a process times out")
    func waitTimesOut() async throws {
        let (fs, leaf) = try Self.leaf()
        try fs.put("butte/t1/cgroup.events", "populated 1\nfrozen 0\n")
        let error = await #expect(throws: CgroupError.self) { try await leaf.waitUntilEmpty(timeout: .milliseconds(30)) }
        #expect(error?.code == .timedOut)
    }

    @Test("waiting ends when the leaf empties")
    func waitEnds() async throws {
        let (fs, leaf) = try Self.leaf()
        try fs.put("butte/t1/cgroup.events", "populated 1\nfrozen 0\n")
        async let waited: Void = leaf.waitUntilEmpty(timeout: .seconds(10))
        try fs.put("butte/t1/cgroup.events", "populated 0\nfrozen 0\n")
        try await waited
        #expect(try leaf.isPopulated() == false)
    }

    @Test("memory.events updates arrive when the file changes")
    func memoryEventUpdates() async throws {
        let (fs, leaf) = try Self.leaf()
        let updates = try leaf.memoryEventUpdates()
        var iterator = updates.makeAsyncIterator()
        let first = await iterator.next()
        #expect(first?.oomKill == 0)
        // Writing through a descriptor, as the kernel's notification does, raises IN_MODIFY.
        let handle = try #require(FileHandle(forWritingAtPath: fs.path("butte/t1/memory.events")))
        try handle.truncate(atOffset: 0)
        try handle.write(contentsOf: Data("low 0\nhigh 0\nmax 4\noom 1\noom_kill 1\noom_group_kill 1\n".utf8))
        try handle.close()
        var next = await iterator.next()
        while let events = next, !events.oomKilled { next = await iterator.next() }
        #expect(next?.oomKill == 1)
        #expect(next?.oomGroupKill == 1)
    }

    @Test("memory.events cannot be watched without the memory controller")
    func memoryEventsNeedController() throws {
        let (_, leaf) = try Self.leaf(["pids"])
        let error = #expect(throws: CgroupError.self) { try leaf.memoryEventUpdates() }
        #expect(error?.code == .unavailable)
    }
}
