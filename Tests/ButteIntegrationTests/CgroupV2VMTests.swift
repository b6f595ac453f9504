// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteTesting
import Foundation
import Testing

/// Checks the cgroup v2 hierarchy that `scripts/vm-test` gives its guest: the ground every cgroup suite stands on.
///
/// These tests run only inside the VM (`scripts/vm-test --filter CgroupV2`); the host keeps its controllers on v1.
@Suite("cgroup v2 hierarchy of the test VM", .tags(.vm), .enabled(if: TestEnvironment.vmTestsEnabled))
struct CgroupV2VMTests {
    /// Where the guest mounts its cgroup2 hierarchy.
    static let root = "/sys/fs/cgroup"
    /// `CGROUP2_SUPER_MAGIC` from linux/magic.h.
    static let cgroup2Magic = 0x6367_7270

    @Test("/sys/fs/cgroup is a cgroup2 mount offering cpu, memory, pids and io")
    func rootIsCgroup2WithControllers() throws {
        let magic = try CgroupFile.filesystemMagic(Self.root)
        #expect(magic == Self.cgroup2Magic, "f_type of \(Self.root) is 0x\(String(magic, radix: 16)), not cgroup2")
        let mountinfo = try String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8)
        let entry = mountinfo.split(separator: "\n").first { $0.split(separator: " ")[4] == Self.root }
        #expect(entry?.contains(" - cgroup2 ") == true, "mountinfo entry for \(Self.root): \(entry ?? "none")")

        let controllers = try CgroupFile.words(Self.root + "/cgroup.controllers")
        for controller in ["cpu", "memory", "pids", "io"] {
            #expect(controllers.contains(controller), "\(controller) missing from cgroup.controllers \(controllers)")
        }
    }

    @Test("a nested cgroup takes memory.max and pids.max, reads them back and enforces them on a member")
    func nestedCgroupLimits() throws {
        let parent = Self.root + "/butte-vm-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let leaf = parent + "/leaf"

        // Controllers reach a cgroup only through its parent's subtree_control, level by level.
        try CgroupFile.write(Self.root + "/cgroup.subtree_control", "+memory +pids")
        try CgroupFile.makeDirectory(parent)
        defer { CgroupFile.removeDirectory(parent) }
        #expect(try CgroupFile.words(parent + "/cgroup.controllers").contains("memory"))
        try CgroupFile.write(parent + "/cgroup.subtree_control", "+memory +pids")
        #expect(try CgroupFile.words(parent + "/cgroup.subtree_control") == ["memory", "pids"])

        try CgroupFile.makeDirectory(leaf)
        defer { CgroupFile.removeDirectory(leaf) }
        let leafControllers = try CgroupFile.words(leaf + "/cgroup.controllers")
        #expect(leafControllers == ["memory", "pids"])

        try CgroupFile.write(leaf + "/memory.max", String(64 << 20))
        try CgroupFile.write(leaf + "/pids.max", "3")
        #expect(try CgroupFile.words(leaf + "/memory.max") == [String(64 << 20)])
        #expect(try CgroupFile.words(leaf + "/pids.max") == ["3"])
        // The kernel rounds memory.max down to whole pages, so a value that is not page aligned shows it really parsed it.
        let page = sysconf(Int32(_SC_PAGESIZE))
        try CgroupFile.write(leaf + "/memory.max", "1000000")
        #expect(try CgroupFile.words(leaf + "/memory.max") == [String(1_000_000 / page * page)])

        // A member process is counted in pids.current, and pids.max then refuses its third child: the limit is enforced.
        let member = Process()
        member.executableURL = URL(fileURLWithPath: "/bin/sh")
        // Waits for a line (so it forks only once it is in the cgroup), then starts 3 children that block on its stdin.
        member.arguments = ["-c", "read line; cat <&0 & cat <&0 & cat <&0 & wait"]
        let input = Pipe()
        member.standardInput = input
        member.standardOutput = FileHandle.nullDevice
        member.standardError = FileHandle.nullDevice
        try member.run()
        defer {
            try? input.fileHandleForWriting.close()
            if member.isRunning { member.terminate() }
            member.waitUntilExit()
        }
        try CgroupFile.write(leaf + "/cgroup.procs", String(member.processIdentifier))
        #expect(try CgroupFile.words(leaf + "/cgroup.procs") == [String(member.processIdentifier)])
        #expect(try CgroupFile.words(leaf + "/pids.current") == ["1"])

        try input.fileHandleForWriting.write(contentsOf: Data("go\n".utf8))
        let refused = try CgroupFile.poll(deadline: .now + .seconds(60)) { try CgroupFile.counter(leaf + "/pids.events", "max") >= 1 }
        #expect(refused, "pids.events never counted a refused fork")
        // Two children block on stdin, which stays open; the shell itself may have exited over the failed fork.
        let members = try CgroupFile.words(leaf + "/cgroup.procs")
        #expect((2...3).contains(members.count), "cgroup.procs holds \(members) under pids.max 3")
        let current = try CgroupFile.words(leaf + "/pids.current").first.flatMap { Int($0) } ?? -1
        #expect((2...3).contains(current), "pids.current is \(current) under pids.max 3")

        // EOF ends the children (and the shell, if it still waits for them); the leaf then empties.
        try input.fileHandleForWriting.close()
        member.waitUntilExit()
        let emptied = try CgroupFile.poll(deadline: .now + .seconds(60)) { try CgroupFile.words(leaf + "/cgroup.procs").isEmpty }
        #expect(emptied, "the leaf still has members after its processes got EOF")
    }
}

/// Reads and writes cgroupfs control files with the raw calls, so a failure names the file and the errno.
private enum CgroupFile {
    struct Failure: Error, CustomStringConvertible {
        var call: String
        var path: String
        var errno: Int32
        var description: String { "\(call)(\(path)): \(String(cString: strerror(errno))) (\(errno))" }
    }

    static func write(_ path: String, _ value: String) throws {
        let fd = open(path, O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { throw Failure(call: "open", path: path, errno: errno) }
        defer { close(fd) }
        let bytes = Array(value.utf8)
        let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        guard n == bytes.count else { throw Failure(call: "write", path: path, errno: n < 0 ? errno : EIO) }
    }

    /// `f_type` of statfs(2) on `path`.
    ///
    /// Glibc's Swift module map leaves out <sys/statfs.h>, so the libc symbol is looked up at run time. On every
    /// 64-bit Linux ABI `struct statfs` begins with `f_type` as a `long`, and it is under 128 bytes long.
    static func filesystemMagic(_ path: String) throws -> Int {
        typealias StatfsCall = @convention(c) (UnsafePointer<CChar>, UnsafeMutableRawPointer) -> Int32
        guard let libc = dlopen(nil, RTLD_NOW), let symbol = dlsym(libc, "statfs") else {
            throw Failure(call: "dlsym statfs", path: path, errno: ENOSYS)
        }
        let call = unsafeBitCast(symbol, to: StatfsCall.self)
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: 256, alignment: 16)
        defer { buffer.deallocate() }
        buffer.initializeMemory(as: UInt8.self, repeating: 0, count: 256)
        guard call(path, buffer) == 0 else { throw Failure(call: "statfs", path: path, errno: errno) }
        return buffer.load(as: Int.self)
    }

    static func words(_ path: String) throws -> [String] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return String(decoding: data, as: UTF8.self).split(whereSeparator: \.isWhitespace).map(String.init)
    }

    /// The value of `key` in a flat keyed file such as `pids.events`.
    static func counter(_ path: String, _ key: String) throws -> Int {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            let fields = line.split(separator: " ")
            if fields.count == 2, fields[0] == key, let value = Int(fields[1]) { return value }
        }
        throw Failure(call: "parse \(key)", path: path, errno: EINVAL)
    }

    /// Evaluates `condition` until it holds or `deadline` passes; returns whether it held.
    static func poll(deadline: ContinuousClock.Instant, _ condition: () throws -> Bool) throws -> Bool {
        while ContinuousClock.now < deadline {
            if try condition() { return true }
            usleep(20_000)
        }
        return try condition()
    }

    static func makeDirectory(_ path: String) throws {
        guard mkdir(path, 0o755) == 0 else { throw Failure(call: "mkdir", path: path, errno: errno) }
    }

    static func removeDirectory(_ path: String) {
        _ = rmdir(path)
    }
}
