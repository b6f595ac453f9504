// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// A cgroup v2 hierarchy faked with plain files in a temporary directory, for unit tests that must not touch
/// the host's cgroup mounts.
///
/// The directory starts as a root cgroup whose `cgroup.controllers` lists `controllers`. Its `makeDirectory`,
/// `removeDirectory` and `writeFile` behave like the kernel's cgroupfs: `mkdir` creates the interface files of
/// the controllers the parent enabled, `cgroup.subtree_control` keeps a set and refuses controllers the
/// cgroup lacks (ENOENT) or a non-root cgroup with processes (EBUSY), writing a missing file fails with
/// ENOENT, `cgroup.kill` empties the cgroup, and `rmdir` refuses a populated cgroup or one with children
/// (EBUSY). Every successful write is logged, in order. The directory is removed when the fake is released.
public final class FakeCgroupFS: Sendable {
    /// The fake mount point (an absolute path).
    public let root: String
    /// Whether new cgroups get a `cgroup.kill` file (Linux 5.14 and later).
    public let hasCgroupKill: Bool
    /// Whether new cgroups get a `memory.peak` file (Linux 5.19 and later).
    public let hasMemoryPeak: Bool
    /// Whether new cgroups get `memory.swap.max` (kernels with swap accounting).
    public let hasSwapAccounting: Bool
    private let log = Mutex<[(path: String, value: String)]>([])
    private let lock = Mutex(())

    /// Creates the fake root cgroup.
    ///
    /// - Parameters:
    ///   - controllers: what the root's `cgroup.controllers` lists (empty for a host that keeps them on v1).
    ///   - hasCgroupKill, hasMemoryPeak, hasSwapAccounting: which newer files new cgroups get.
    public init(controllers: [String], hasCgroupKill: Bool = true, hasMemoryPeak: Bool = true, hasSwapAccounting: Bool = true) throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("butte-cgroupfs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        self.root = base.path
        self.hasCgroupKill = hasCgroupKill
        self.hasMemoryPeak = hasMemoryPeak
        self.hasSwapAccounting = hasSwapAccounting
        try put("cgroup.controllers", controllers.joined(separator: " "))
        try put("cgroup.subtree_control", "")
        try put("cgroup.procs", "")
        try put("cpu.stat", "usage_usec 0\nuser_usec 0\nsystem_usec 0\n")
    }

    deinit {
        try? FileManager.default.removeItem(atPath: root)
    }

    // MARK: - Test access

    /// The absolute path of `relative`.
    public func path(_ relative: String) -> String {
        relative.isEmpty ? root : root + "/" + relative
    }

    /// The content of the file `relative`, without trailing newlines.
    public func read(_ relative: String) throws -> String {
        var text = try String(contentsOfFile: path(relative), encoding: .utf8)
        while text.hasSuffix("\n") { text.removeLast() }
        return text
    }

    /// Replaces the content of the file `relative` (as the kernel changes a counter), bypassing the log.
    public func put(_ relative: String, _ content: String) throws {
        try content.write(toFile: path(relative), atomically: false, encoding: .utf8)
    }

    /// True when `relative` exists.
    public func exists(_ relative: String) -> Bool {
        FileManager.default.fileExists(atPath: path(relative))
    }

    /// The successful writes so far, in order, with paths relative to the root ("butte/cgroup.subtree_control").
    public var writes: [(path: String, value: String)] { log.withLock { $0 } }

    /// The values written to `relative`, in order.
    public func writes(to relative: String) -> [String] {
        writes.filter { $0.path == relative }.map(\.value)
    }

    /// Creates a cgroup as `mkdir` on cgroupfs does (a leftover of an earlier run, say), with `pids` in it.
    public func makeCgroup(_ relative: String, pids: [Int32] = []) throws {
        let err = makeDirectory(path(relative))
        guard err == 0 else { throw POSIXError(POSIXErrorCode(rawValue: err) ?? .EIO) }
        if !pids.isEmpty {
            try put(relative + "/cgroup.procs", pids.map(String.init).joined(separator: "\n") + "\n")
            try put(relative + "/cgroup.events", "populated 1\nfrozen 0\n")
        }
    }

    // MARK: - The kernel's side

    /// `mkdir` on cgroupfs: the directory and the interface files of the controllers its parent enabled.
    /// Returns 0 or an errno.
    public func makeDirectory(_ absolute: String) -> Int32 {
        lock.withLock { _ in
            guard let relative = relativePath(absolute) else { return EINVAL }
            let parent = (relative as NSString).deletingLastPathComponent
            guard isDirectory(path(parent)) else { return ENOENT }
            if FileManager.default.fileExists(atPath: absolute) { return EEXIST }
            do {
                try FileManager.default.createDirectory(atPath: absolute, withIntermediateDirectories: false)
                let enabled = try controllerSet(parent.isEmpty ? "cgroup.subtree_control" : parent + "/cgroup.subtree_control")
                var files = interfaceFiles(enabled: enabled)
                files["cgroup.controllers"] = enabled.sorted().joined(separator: " ")
                files["cgroup.subtree_control"] = ""
                files["cgroup.procs"] = ""
                files["cgroup.events"] = "populated 0\nfrozen 0\n"
                files["cgroup.freeze"] = "0"
                for (name, content) in files {
                    try content.write(toFile: absolute + "/" + name, atomically: false, encoding: .utf8)
                }
                return 0
            } catch {
                return EIO
            }
        }
    }

    /// `rmdir` on cgroupfs: refuses a cgroup with processes or child cgroups (EBUSY); removes its files.
    /// Returns 0 or an errno.
    public func removeDirectory(_ absolute: String) -> Int32 {
        lock.withLock { _ in
            guard let relative = relativePath(absolute), !relative.isEmpty else { return EINVAL }
            guard isDirectory(absolute) else { return ENOENT }
            let entries = (try? FileManager.default.contentsOfDirectory(atPath: absolute)) ?? []
            if entries.contains(where: { isDirectory(absolute + "/" + $0) }) { return EBUSY }
            if let procs = try? read(relative + "/cgroup.procs"), !procs.isEmpty { return EBUSY }
            do {
                try FileManager.default.removeItem(atPath: absolute)
                return 0
            } catch {
                return EIO
            }
        }
    }

    /// A write to an interface file on cgroupfs. Returns 0 or an errno.
    public func writeFile(_ absolute: String, _ value: String) -> Int32 {
        lock.withLock { _ in
            guard let relative = relativePath(absolute) else { return EINVAL }
            guard FileManager.default.fileExists(atPath: absolute), !isDirectory(absolute) else { return ENOENT }
            let directory = (relative as NSString).deletingLastPathComponent
            let file = (relative as NSString).lastPathComponent
            let prefix = directory.isEmpty ? "" : directory + "/"
            do {
                switch file {
                case "cgroup.subtree_control":
                    var enabled = try controllerSet(relative)
                    let available = try controllerSet(prefix + "cgroup.controllers")
                    let hasProcesses = !(try read(prefix + "cgroup.procs")).isEmpty
                    for token in value.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
                        let name = String(token.dropFirst())
                        guard available.contains(name) else { return ENOENT }
                        if token.hasPrefix("+") {
                            if !directory.isEmpty && hasProcesses { return EBUSY }
                            enabled.insert(name)
                        } else if token.hasPrefix("-") {
                            enabled.remove(name)
                        } else {
                            return EINVAL
                        }
                    }
                    try put(relative, enabled.sorted().joined(separator: " "))
                    try propagate(enabled: enabled, below: directory)
                case "cgroup.kill":
                    guard value.trimmingCharacters(in: .whitespacesAndNewlines) == "1" else { return EINVAL }
                    try put(prefix + "cgroup.procs", "")
                    try put(prefix + "cgroup.events", "populated 0\nfrozen 0\n")
                case "cgroup.procs":
                    guard let pid = Int32(value.trimmingCharacters(in: .whitespacesAndNewlines)), pid > 0 else { return EINVAL }
                    let current = try read(relative)
                    try put(relative, (current.isEmpty ? "" : current + "\n") + "\(pid)\n")
                    try put(prefix + "cgroup.events", "populated 1\nfrozen 0\n")
                default:
                    try put(relative, value.trimmingCharacters(in: .whitespacesAndNewlines))
                }
            } catch {
                return EIO
            }
            log.withLock { $0.append((relative, value)) }
            return 0
        }
    }

    /// The controller interface files of a cgroup whose parent enabled `enabled`, with their initial content.
    private func interfaceFiles(enabled: Set<String>) -> [String: String] {
        var files: [String: String] = ["cpu.stat": "usage_usec 0\nuser_usec 0\nsystem_usec 0\n"]
        if hasCgroupKill { files["cgroup.kill"] = "" }
        if enabled.contains("cpu") {
            files["cpu.max"] = "max 100000"
            files["cpu.weight"] = "100"
            files["cpu.stat"] = "usage_usec 0\nuser_usec 0\nsystem_usec 0\nnr_periods 0\nnr_throttled 0\nthrottled_usec 0\n"
        }
        if enabled.contains("memory") {
            files["memory.max"] = "max"
            files["memory.current"] = "0"
            files["memory.stat"] = "anon 0\nfile 0\nkernel 0\n"
            files["memory.events"] = "low 0\nhigh 0\nmax 0\noom 0\noom_kill 0\noom_group_kill 0\n"
            files["memory.oom.group"] = "0"
            if hasMemoryPeak { files["memory.peak"] = "0" }
            if hasSwapAccounting { files["memory.swap.max"] = "max" }
        }
        if enabled.contains("pids") {
            files["pids.max"] = "max"
            files["pids.current"] = "0"
        }
        if enabled.contains("io") {
            files["io.max"] = ""
            files["io.weight"] = "default 100"
        }
        return files
    }

    /// What the kernel does to the children of `directory` when its `cgroup.subtree_control` changes: their
    /// `cgroup.controllers` follow, and they gain the interface files of newly enabled controllers.
    private func propagate(enabled: Set<String>, below directory: String) throws {
        let absolute = path(directory)
        for child in try FileManager.default.contentsOfDirectory(atPath: absolute) where isDirectory(absolute + "/" + child) {
            let prefix = directory.isEmpty ? child : directory + "/" + child
            try put(prefix + "/cgroup.controllers", enabled.sorted().joined(separator: " "))
            for (name, content) in interfaceFiles(enabled: enabled) where !exists(prefix + "/" + name) {
                try put(prefix + "/" + name, content)
            }
        }
    }

    private func relativePath(_ absolute: String) -> String? {
        if absolute == root { return "" }
        guard absolute.hasPrefix(root + "/") else { return nil }
        return String(absolute.dropFirst(root.count + 1))
    }

    private func controllerSet(_ relative: String) throws -> Set<String> {
        Set(try read(relative).split(separator: " ").map(String.init))
    }

    private func isDirectory(_ absolute: String) -> Bool {
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: absolute, isDirectory: &isDir) && isDir.boolValue
    }
}
