// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteCgroup
import ButteTesting
import Foundation
import SystemPackage
import Testing

@Suite struct CgroupManagerTests {
    @Test("prepare creates the parent and enables cpu, memory, pids and io top-down")
    func enablesTopDown() throws {
        let fs = try FakeCgroupFS(controllers: ["cpuset", "cpu", "io", "memory", "hugetlb", "pids", "rdma", "misc"])
        let manager = try fs.manager(parent: "system.slice/butte")
        let support = try manager.prepare()

        #expect(support.hierarchyAvailable)
        #expect(support.controllers == [.cpu, .memory, .pids, .io])
        #expect(support.cpu && support.memory && support.pids && support.io)
        #expect(support.explanation == nil)
        #expect(support.parent == fs.path("system.slice/butte"))
        let order = fs.writes.filter { $0.path.hasSuffix("cgroup.subtree_control") }.map { "\($0.path) \($0.value)" }
        #expect(
            order == [
                "cgroup.subtree_control +cpu", "cgroup.subtree_control +memory", "cgroup.subtree_control +pids",
                "cgroup.subtree_control +io",
                "system.slice/cgroup.subtree_control +cpu", "system.slice/cgroup.subtree_control +memory",
                "system.slice/cgroup.subtree_control +pids", "system.slice/cgroup.subtree_control +io",
                "system.slice/butte/cgroup.subtree_control +cpu", "system.slice/butte/cgroup.subtree_control +memory",
                "system.slice/butte/cgroup.subtree_control +pids", "system.slice/butte/cgroup.subtree_control +io",
            ])
        // Controllers Butte does not use are left alone.
        #expect(try fs.read("cgroup.subtree_control") == "cpu io memory pids")
    }

    @Test("prepare a second time writes nothing more")
    func prepareIsIdempotent() throws {
        let fs = try FakeCgroupFS(controllers: ["cpu", "memory", "pids"])
        let manager = try fs.manager()
        try manager.prepare()
        let count = fs.writes.count
        let again = try manager.prepare()
        #expect(fs.writes.count == count)
        #expect(again.controllers == [.cpu, .memory, .pids])
    }

    @Test("a host whose cgroup2 has no controllers is explained in one sentence")
    func noControllers() throws {
        let fs = try FakeCgroupFS(controllers: [])
        let support = try fs.manager().prepare()
        #expect(support.hierarchyAvailable)
        #expect(support.controllers.isEmpty)
        #expect(!support.cpu && !support.memory && !support.pids && !support.io)
        #expect(
            support.explanation
                == "cgroup2 at \(fs.root) has no controllers (the host keeps them on cgroup v1): containers run without cpu, memory and pids limits."
        )
        #expect(fs.writes.isEmpty)
    }

    @Test("a missing controller is named in the explanation")
    func missingController() throws {
        let fs = try FakeCgroupFS(controllers: ["cpu", "pids"])
        let support = try fs.manager().prepare()
        #expect(support.controllers == [.cpu, .pids])
        #expect(
            support.explanation == "cgroup2 at \(fs.root) does not give containers the memory controller: containers run without memory limits.")
    }

    @Test("an intermediate cgroup holding processes cannot enable controllers, and that is said")
    func internalProcesses() throws {
        let fs = try FakeCgroupFS(controllers: ["cpu", "memory", "pids"])
        try fs.makeCgroup("busy", pids: [1])
        let support = try fs.manager(parent: "busy/butte").prepare()
        #expect(support.controllers.isEmpty)
        let explanation = try #require(support.explanation)
        #expect(explanation.contains("\(fs.root)/busy holds processes"))
        #expect(explanation.hasSuffix("containers run without cpu, memory and pids limits."))
    }

    @Test("a root that is no cgroup2 mount leaves the hierarchy unavailable")
    func notCgroup2() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("butte-notcgroup-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let manager = try CgroupManager(root: FilePath(dir.path))
        let support = try manager.prepare()
        #expect(!support.hierarchyAvailable)
        #expect(support.controllers.isEmpty)
        #expect(support.explanation?.hasPrefix("\(dir.path) is not a cgroup2 mount") == true)
        #expect(support.explanation?.hasSuffix("containers run without cgroups, so without cpu, memory and pids limits.") == true)
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/butte"))
        #expect(throws: CgroupError.self) { try manager.createLeaf(named: "t1") }
    }

    @Test("the mount holding a path decides its filesystem type (hybrid layout)")
    func mountTable() {
        let mountInfo = """
            22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/root rw
            30 22 0:26 / /sys rw,nosuid shared:7 - sysfs sysfs rw
            31 30 0:27 / /sys/fs/cgroup ro,nosuid shared:8 - tmpfs tmpfs ro,mode=755
            32 31 0:28 / /sys/fs/cgroup/unified rw,nosuid shared:9 - cgroup2 cgroup2 rw
            33 31 0:29 / /sys/fs/cgroup/memory rw,nosuid shared:10 - cgroup cgroup rw,memory
            34 22 0:30 / /mnt/with\\040space rw - cgroup2 none rw
            """
        #expect(CgroupManager.filesystemType(of: "/sys/fs/cgroup", mountInfo: mountInfo) == "tmpfs")
        #expect(CgroupManager.filesystemType(of: "/sys/fs/cgroup/unified/butte", mountInfo: mountInfo) == "cgroup2")
        #expect(CgroupManager.filesystemType(of: "/sys/fs/cgroup/unifiedx", mountInfo: mountInfo) == "tmpfs")
        #expect(CgroupManager.filesystemType(of: "/home", mountInfo: mountInfo) == "ext4")
        #expect(CgroupManager.filesystemType(of: "/mnt/with space/x", mountInfo: mountInfo) == "cgroup2")
        #expect(CgroupManager.cgroup2MountPoint(mountInfo: mountInfo) == "/sys/fs/cgroup/unified")
    }

    @Test("leaves are created under the parent with the interface files of the enabled controllers")
    func createLeaf() throws {
        let fs = try FakeCgroupFS(controllers: ["cpu", "memory", "pids"])
        let manager = try fs.manager()
        try manager.prepare()
        let leaf = try manager.createLeaf(named: "task-1")
        #expect(leaf.path == FilePath(fs.path("butte/task-1")))
        #expect(leaf.controllers == [.cpu, .memory, .pids])
        #expect(try fs.read("butte/task-1/cgroup.controllers") == "cpu memory pids")
        #expect(fs.exists("butte/task-1/memory.max"))
    }

    @Test("a leaf that exists already is refused")
    func duplicateLeaf() throws {
        let fs = try FakeCgroupFS(controllers: ["pids"])
        let manager = try fs.manager()
        try manager.prepare()
        _ = try manager.createLeaf(named: "t")
        let error = #expect(throws: CgroupError.self) { try manager.createLeaf(named: "t") }
        #expect(error?.code == .alreadyExists)
    }

    @Test("leaves cannot be created before prepare")
    func leafBeforePrepare() throws {
        let fs = try FakeCgroupFS(controllers: ["pids"])
        let error = #expect(throws: CgroupError.self) { try fs.manager().createLeaf(named: "t") }
        #expect(error?.code == .invalidState)
    }

    @Test(
        "leaf names that are no single directory name are refused",
        arguments: ["", ".", "..", "a/b", "/x", "../escape", "x\u{0}y", "tab\there", "cgroup.procs", String(repeating: "n", count: 256)])
    func badLeafName(_ name: String) throws {
        let fs = try FakeCgroupFS(controllers: ["pids"])
        let manager = try fs.manager()
        try manager.prepare()
        let error = #expect(throws: CgroupError.self) { try manager.createLeaf(named: name) }
        #expect(error?.code == .invalidName)
        #expect(try FileManager.default.contentsOfDirectory(atPath: fs.path("butte")).filter { !$0.contains(".") }.isEmpty)
    }

    @Test("ordinary container ids are valid leaf names", arguments: ["t1", "my-app.4f1c2e", "a_b", "..dots..", String(repeating: "n", count: 255)])
    func goodLeafName(_ name: String) throws {
        try CgroupManager.validateLeafName(name)
    }

    @Test("bad parent paths are refused", arguments: ["", "/butte", "a/../b", "a//b", "./butte", "butte/"])
    func badParent(_ parent: String) throws {
        let fs = try FakeCgroupFS(controllers: [])
        let error = #expect(throws: CgroupError.self) { try fs.manager(parent: parent) }
        #expect(error?.code == .invalidName)
    }

    @Test("leftover leaves of an earlier run are killed and removed; kept ones stay")
    func leftovers() async throws {
        let fs = try FakeCgroupFS(controllers: ["cpu", "memory", "pids"])
        let manager = try fs.manager()
        try manager.prepare()
        try fs.makeCgroup("butte/old-1", pids: [4242])
        try fs.makeCgroup("butte/old-2")
        try fs.makeCgroup("butte/old-2/nested")
        try fs.makeCgroup("butte/recovered", pids: [4343])
        #expect(try manager.leafNames() == ["old-1", "old-2", "recovered"])

        let removed = try await manager.cleanUpLeftovers(keeping: ["recovered"], timeout: .seconds(5))

        #expect(removed == ["old-1", "old-2"])
        #expect(try manager.leafNames() == ["recovered"])
        #expect(fs.writes(to: "butte/old-1/cgroup.kill") == ["1"])
        #expect(fs.writes(to: "butte/recovered/cgroup.kill").isEmpty)
        #expect(try fs.read("butte/recovered/cgroup.procs") == "4343")
    }

    @Test("a leaf that cannot be emptied is reported as timed out and left in place")
    func leftoverThatWillNotDie() async throws {
        let fs = try FakeCgroupFS(controllers: ["pids"], hasCgroupKill: false)
        let manager = try fs.manager()
        try manager.prepare()
        // A pid that is no process: the pid-by-pid kill finds nothing to signal, and the fake never empties.
        try fs.makeCgroup("butte/stuck", pids: [Int32.max])
        let error = await #expect(throws: CgroupError.self) { try await manager.cleanUpLeftovers(timeout: .milliseconds(50)) }
        #expect(error?.code == .timedOut)
        #expect(fs.exists("butte/stuck"))
    }
}
