// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteLinux
import SystemPackage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// The cgroup of one container: a leaf directory under the manager's parent.
///
/// Created by `CgroupManager.createLeaf(named:)`. It knows which controllers are enabled for it, so it writes
/// only limits the kernel will enforce and reports the others.
public struct CgroupLeaf: Sendable {
    /// The leaf's name (the container id).
    public let name: String
    /// The leaf directory.
    public let path: FilePath
    /// The parent cgroup, for messages.
    public let parent: FilePath
    /// The controllers enabled for the leaf.
    public let controllers: Set<CgroupController>
    let operations: CgroupFileOperations

    // MARK: - Files

    /// Writes `value` to the interface file `file` of the leaf.
    ///
    /// - Throws: `CgroupError` (`.notFound` when the file does not exist, `.io` otherwise) naming the file.
    public func write(_ file: String, _ value: String) throws(CgroupError) {
        try write(file, value, in: path)
    }

    private func write(_ file: String, _ value: String, in directory: FilePath) throws(CgroupError) {
        let target = directory.appending(file)
        let err = operations.writeFile(target.string, value)
        guard err != 0 else { return }
        let cause = LinuxError(call: "write", errno: Errno(rawValue: err), subject: target.string)
        throw CgroupError(err == ENOENT ? .notFound : .io, "cannot write '\(value)' to \(target)", underlying: cause)
    }

    /// The content of the interface file `file` of the leaf.
    ///
    /// - Throws: `CgroupError` (`.notFound` when the file does not exist, `.io` otherwise) naming the file.
    public func read(_ file: String) throws(CgroupError) -> String {
        let target = path.appending(file)
        do {
            return try readSmallFile(target)
        } catch {
            throw CgroupError(error.errno == .noSuchFileOrDirectory ? .notFound : .io, "cannot read \(target)", underlying: error)
        }
    }

    /// The content of `file`, or nil when the file does not exist.
    private func readIfPresent(_ file: String) throws(CgroupError) -> String? {
        do {
            return try read(file)
        } catch  where error.code == .notFound {
            return nil
        }
    }

    // MARK: - Limits

    /// Writes the limits whose controllers are enabled and reports the others.
    ///
    /// - `cpus` → `cpu.max` ("quota 100000") and `cpu.weight` (see `CgroupLimits.cpuWeight(cpus:)`).
    /// - `memoryBytes` → `memory.max`, `memory.swap.max` 0 (no swapping past the limit), and `memory.oom.group`
    ///   1, so that an OOM kill takes the whole container down rather than one of its processes.
    /// - `pidsMax` → `pids.max`.
    ///
    /// - Returns: the files written, and each requested limit that is not enforced, with the reason.
    /// - Throws: `CgroupError`: `.invalidLimit` for a limit out of range, `.io` when an enabled controller's
    ///   file cannot be written.
    @discardableResult
    public func apply(_ limits: CgroupLimits) throws(CgroupError) -> CgroupLimitReport {
        if let problem = limits.validationProblem() {
            throw CgroupError(.invalidLimit, "cannot limit the cgroup \(path): \(problem)")
        }
        var report = CgroupLimitReport()
        func put(_ file: String, _ value: String) throws(CgroupError) {
            try write(file, value)
            report.written.append((file, value))
        }
        func missing(_ controller: CgroupController) -> String {
            "the \(controller) controller is not enabled in \(parent)"
        }

        if let cpus = limits.cpus {
            let requested = "\(CgroupLimitReport.format(cpus: cpus)) cpus"
            if controllers.contains(.cpu) {
                try put("cpu.max", CgroupLimits.cpuMax(cpus: cpus))
                try put("cpu.weight", String(CgroupLimits.cpuWeight(cpus: cpus)))
            } else {
                report.unenforced.append(UnenforcedLimit(kind: .cpu, requested: requested, reason: missing(.cpu)))
            }
        }
        if let bytes = limits.memoryBytes {
            let requested = CgroupLimitReport.format(bytes: bytes)
            if controllers.contains(.memory) {
                try put("memory.max", String(bytes))
                do {
                    try put("memory.swap.max", "0")
                } catch  where error.code == .notFound {
                    // Without swap accounting the kernel has no memory.swap.max: memory.max still holds, but
                    // the container may push its pages to swap instead of being OOM-killed.
                    report.unenforced.append(
                        UnenforcedLimit(kind: .swap, requested: "no swap", reason: "the kernel does not account swap (no memory.swap.max in \(path))")
                    )
                }
                do {
                    try put("memory.oom.group", "1")
                } catch  where error.code == .notFound {
                    // Kernels before 4.19: the OOM killer picks single processes; the limit still holds.
                }
            } else {
                report.unenforced.append(UnenforcedLimit(kind: .memory, requested: requested, reason: missing(.memory)))
            }
        }
        if let pids = limits.pidsMax {
            if controllers.contains(.pids) {
                try put("pids.max", String(pids))
            } else {
                report.unenforced.append(UnenforcedLimit(kind: .pids, requested: "\(pids) tasks", reason: missing(.pids)))
            }
        }
        return report
    }

    // MARK: - Usage

    /// The leaf's usage: CPU time always, memory and tasks when their controllers are enabled.
    ///
    /// - Throws: `CgroupError` when a file that must be there cannot be read or parsed.
    public func stats() throws(CgroupError) -> CgroupStats {
        var stats = CgroupStats()
        if let text = try readIfPresent("cpu.stat") {
            stats.cpu = try CgroupCPUStats(parsing: text)
        }
        if controllers.contains(.memory) {
            let current = try CgroupFileParser.number(try read("memory.current"), file: "memory.current")
            // memory.peak appeared in Linux 5.19.
            let peak = try readIfPresent("memory.peak").map { (text) throws(CgroupError) in try CgroupFileParser.number(text, file: "memory.peak") }
            let stat = try CgroupMemoryStats.parseStat(try read("memory.stat"))
            stats.memory = CgroupMemoryStats(currentBytes: current, peakBytes: peak, stat: stat)
            stats.memoryEvents = try CgroupMemoryEvents(parsing: try read("memory.events"))
        }
        if controllers.contains(.pids) {
            stats.pids = CgroupPidsStats(
                current: try CgroupFileParser.number(try read("pids.current"), file: "pids.current"),
                limit: try CgroupFileParser.limit(try read("pids.max"), file: "pids.max")
            )
        }
        return stats
    }

    /// The counters of `memory.events`, or nil without the memory controller.
    ///
    /// - Throws: `CgroupError` when the file cannot be read or parsed.
    public func memoryEvents() throws(CgroupError) -> CgroupMemoryEvents? {
        guard controllers.contains(.memory) else { return nil }
        return try CgroupMemoryEvents(parsing: try read("memory.events"))
    }

    /// True when the kernel OOM-killed a process of this leaf (`oom_kill` in `memory.events` is above 0): the
    /// container exceeded its memory limit. Always false without the memory controller.
    ///
    /// - Throws: `CgroupError` when `memory.events` cannot be read or parsed.
    public func wasOOMKilled() throws(CgroupError) -> Bool {
        try memoryEvents()?.oomKilled ?? false
    }

    /// The pids of the processes in the leaf itself (`cgroup.procs`).
    ///
    /// - Throws: `CgroupError` when the file cannot be read or holds something other than pids.
    public func processes() throws(CgroupError) -> [Int32] {
        try CgroupFileParser.pids(try read("cgroup.procs"))
    }

    /// Moves process `pid` (with all its threads) into the leaf. A container's first process is placed with
    /// `clone3(CLONE_INTO_CGROUP)` instead, so that nothing it forks can start outside.
    ///
    /// - Throws: `CgroupError` when the kernel refuses.
    public func addProcess(_ pid: Int32) throws(CgroupError) {
        try write("cgroup.procs", String(pid))
    }

    /// True while a process lives in the leaf or below it (`populated` in `cgroup.events`).
    ///
    /// - Throws: `CgroupError` when `cgroup.events` cannot be read or parsed.
    public func isPopulated() throws(CgroupError) -> Bool {
        let events = try CgroupFileParser.keyedValues(try read("cgroup.events"), file: "cgroup.events")
        guard let populated = events["populated"] else {
            throw CgroupError(.malformedFile, "\(path.appending("cgroup.events")) has no populated line")
        }
        return populated != 0
    }

    // MARK: - The directory fd

    /// Opens the leaf directory `O_RDONLY | O_DIRECTORY | O_CLOEXEC`, for `clone3`'s `cgroup` field with
    /// `CLONE_INTO_CGROUP`. The caller owns and closes the descriptor.
    ///
    /// - Throws: `CgroupError` (`.notFound` or `.io`) when the directory cannot be opened.
    public func openDirectory() throws(CgroupError) -> FileDescriptor {
        do {
            return try FileDescriptor.open(path, .readOnly, options: [.directory, .closeOnExec], retryOnInterrupt: true)
        } catch {
            let errno = (error as? Errno) ?? .ioError
            throw CgroupError(
                errno == .noSuchFileOrDirectory ? .notFound : .io, "cannot open the cgroup directory \(path)",
                underlying: LinuxError(call: "open", errno: errno, subject: path.string)
            )
        }
    }

    // MARK: - Freezing, killing, removing

    /// Freezes (`true`) or thaws (`false`) every process of the leaf through `cgroup.freeze`.
    ///
    /// - Throws: `CgroupError` when the kernel has no `cgroup.freeze` (before 5.2) or refuses.
    public func setFrozen(_ frozen: Bool) throws(CgroupError) {
        try write("cgroup.freeze", frozen ? "1" : "0")
    }

    /// Sends SIGKILL to every process of the leaf and of the cgroups below it.
    ///
    /// Writes `cgroup.kill` (Linux 5.14), which kills atomically, forks in flight included. Older kernels lack
    /// the file: then the leaf is frozen when it can be (so that nothing forks meanwhile), each pid of
    /// `cgroup.procs` (of the leaf and its descendants) gets SIGKILL, and the leaf is thawed so the kills land.
    ///
    /// - Throws: `CgroupError` when neither way works.
    public func kill() throws(CgroupError) {
        do {
            try write("cgroup.kill", "1")
            return
        } catch  where error.code == .notFound {}
        let frozen = (try? setFrozen(true)) != nil
        defer { if frozen { try? setFrozen(false) } }
        for directory in [path] + descendants() {
            let listing: String
            do {
                listing = try readSmallFile(directory.appending("cgroup.procs"))
            } catch {
                continue  // Removed meanwhile.
            }
            for pid in try CgroupFileParser.pids(listing) {
                if Glibc.kill(pid, SIGKILL) != 0 && errno != ESRCH {
                    throw CgroupError(
                        .io, "cannot kill process \(pid) of the cgroup \(path)",
                        underlying: LinuxError(call: "kill", errno: Errno(rawValue: errno), subject: String(pid)))
                }
            }
        }
    }

    /// Waits until no process lives in the leaf (`populated 0`), polling with short async sleeps so that no
    /// thread of the concurrency pool is held.
    ///
    /// - Parameters:
    ///   - timeout: how long to wait.
    ///   - killing: when true, kills the leaf's processes again on every poll (for the pid-by-pid fallback,
    ///     which can miss a process forked meanwhile).
    /// - Throws: `CgroupError` (`.timedOut`) when processes remain at the deadline.
    public func waitUntilEmpty(timeout: Duration, killing: Bool = false) async throws(CgroupError) {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        var pause = Duration.milliseconds(1)
        while try isPopulated() {
            if clock.now >= deadline {
                throw CgroupError(.timedOut, "the cgroup \(path) still has processes after \(timeout)")
            }
            if killing { try kill() }
            try? await Task.sleep(for: pause)
            pause = min(pause * 2, .milliseconds(20))
        }
    }

    /// Kills every process of the leaf, waits until it is empty, and removes it with the cgroups below it.
    /// A leaf that is already gone counts as removed.
    ///
    /// - Parameter timeout: how long the processes may take to die.
    /// - Throws: `CgroupError`: `.timedOut` when processes remain, `.io` when a directory cannot be removed.
    public func destroy(timeout: Duration = .seconds(10)) async throws(CgroupError) {
        guard isDirectory(path) else { return }
        try kill()
        try await waitUntilEmpty(timeout: timeout, killing: true)
        // Children first: rmdir refuses a cgroup that has child cgroups.
        for directory in descendants().reversed() + [path] {
            let err = operations.removeDirectory(directory.string)
            if err != 0 && err != ENOENT {
                throw CgroupError(
                    .io, "cannot remove the cgroup \(directory)",
                    underlying: LinuxError(call: "rmdir", errno: Errno(rawValue: err), subject: directory.string)
                )
            }
        }
    }

    /// The cgroups below the leaf (a container may create its own), parents before children.
    func descendants() -> [FilePath] {
        var result: [FilePath] = []
        var queue = [path]
        while !queue.isEmpty {
            let directory = queue.removeFirst()
            let children = ((try? listDirectories(directory)) ?? []).map { directory.appending($0) }
            result += children
            queue += children
        }
        return result
    }
}
