// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteLinux
import Synchronization
import SystemPackage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// The cgroup v2 hierarchy of a container runtime: one parent cgroup (default `/sys/fs/cgroup/butte`) that
/// holds one leaf per container and nothing else.
///
/// `prepare()` checks the mount, creates the parent and enables the controllers containers need from the root
/// down to it; it reports what is usable as a `CgroupSupport` and never fails merely because the host has no
/// controllers. Leaves are then created, limited, read, killed and removed through `CgroupLeaf`.
///
/// ```swift
/// let manager = try CgroupManager()
/// let support = try manager.prepare()
/// if let why = support.explanation { log(why) }
/// let leaf = try manager.createLeaf(named: taskID)
/// let report = try leaf.apply(CgroupLimits(cpus: 0.5, memoryBytes: 64 << 20))
/// let fd = try leaf.openDirectory()   // for clone3(CLONE_INTO_CGROUP)
/// ```
public final class CgroupManager: Sendable {
    /// Where cgroup2 is normally mounted.
    public static let defaultRoot: FilePath = "/sys/fs/cgroup"
    /// The parent of container leaves, relative to the root, unless configured otherwise.
    public static let defaultParent = "butte"

    /// The cgroup2 mount point.
    public let root: FilePath
    /// The parent of the container leaves (absolute).
    public let parent: FilePath
    /// The parent, relative to the root.
    public let parentRelative: String
    private let operations: CgroupFileOperations
    private let support = Mutex<CgroupSupport?>(nil)

    /// A manager of the leaves under `root`/`parent`; nothing is touched before `prepare()`.
    ///
    /// - Parameters:
    ///   - root: the cgroup2 mount point (tests pass a fake's directory).
    ///   - parent: the parent cgroup of the leaves, relative to `root`; may be nested ("system.slice/butte").
    ///   - operations: how directories and interface files are changed; `.kernel` unless testing.
    /// - Throws: `CgroupError` (`.invalidName`) when `parent` is empty, absolute or has `.`/`..` components.
    public init(root: FilePath = CgroupManager.defaultRoot, parent: String = CgroupManager.defaultParent, operations: CgroupFileOperations = .kernel)
        throws(CgroupError)
    {
        let components = parent.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard !parent.isEmpty, !parent.hasPrefix("/"),
            components.allSatisfy({ CgroupManager.nameProblem($0) == nil })
        else {
            throw CgroupError(
                .invalidName,
                "invalid cgroup parent '\(parent)': expected a relative path like 'butte' or 'system.slice/butte', without '.' or '..'"
            )
        }
        self.root = root
        self.parentRelative = parent
        self.parent = root.appending(parent)
        self.operations = operations
    }

    /// What `prepare()` found, or nil before it ran.
    public var currentSupport: CgroupSupport? { support.withLock { $0 } }

    // MARK: - Preparing the hierarchy

    /// Checks that the root is a cgroup2 mount, creates the parent, and enables cpu, memory, pids and io in
    /// `cgroup.subtree_control` of every cgroup from the root down to the parent, where available.
    ///
    /// Controllers are enabled top-down because a cgroup can only enable what its own parent enabled for it.
    /// Only the root and the cgroups on the way to the parent are written: the kernel refuses to enable
    /// controllers in a non-root cgroup that holds processes ("no internal processes"), and the parent holds
    /// only leaves. Calling it again is harmless.
    ///
    /// - Returns: what containers get; `explanation` says which limits they run without.
    /// - Throws: `CgroupError` when the root is a cgroup2 mount but the parent cannot be created or a file
    ///   cannot be read.
    @discardableResult
    public func prepare() throws(CgroupError) -> CgroupSupport {
        let result = try findSupport()
        support.withLock { $0 = result }
        return result
    }

    private func findSupport() throws(CgroupError) -> CgroupSupport {
        if operations.checksMount, !CgroupManager.isCgroup2Mount(root) {
            let elsewhere = CgroupManager.locateCgroup2Mount().flatMap { $0 == root.string ? nil : $0 }
            return CgroupSupport(
                root: root.string, parent: parent.string, hierarchyAvailable: false, controllers: [],
                explanation: CgroupSupport.explainNoHierarchy(root: root.string, elsewhere: elsewhere)
            )
        }
        let rootControllers = try readControllers(root.appending("cgroup.controllers"))

        // The chain of cgroups from the root to the parent, creating what is missing.
        var chain: [FilePath] = [root]
        var current = root
        for component in parentRelative.split(separator: "/") {
            current = current.appending(String(component))
            let err = operations.makeDirectory(current.string)
            if err != 0 && err != EEXIST {
                throw CgroupError(
                    .io, "cannot create the cgroup \(current)",
                    underlying: LinuxError(call: "mkdir", errno: Errno(rawValue: err), subject: current.string))
            }
            chain.append(current)
        }

        var why: String?
        for cgroup in chain {
            let available = try readControllers(cgroup.appending("cgroup.controllers"))
            let enabled = try readControllers(cgroup.appending("cgroup.subtree_control"))
            for controller in CgroupController.containerControllers where available.contains(controller) && !enabled.contains(controller) {
                let file = cgroup.appending("cgroup.subtree_control")
                let err = operations.writeFile(file.string, "+\(controller.rawValue)")
                guard err != 0 else { continue }
                if why == nil {
                    if err == EBUSY {
                        why = "\(cgroup) holds processes, so it cannot enable \(controller) for its children"
                    } else {
                        why = "enabling \(controller) in \(file) failed: \(Errno(rawValue: err))"
                    }
                }
            }
        }
        let leafControllers = try readControllers(parent.appending("cgroup.subtree_control"))
        let usable = leafControllers.intersection(CgroupController.containerControllers)
        return CgroupSupport(
            root: root.string, parent: parent.string, hierarchyAvailable: true, controllers: usable,
            explanation: CgroupSupport.explain(root: root.string, available: usable, rootControllers: rootControllers, why: why)
        )
    }

    /// True when `path` lies on a cgroup2 filesystem, by the mount that holds it in `/proc/self/mountinfo`.
    ///
    /// This answers what `statfs(2)` would (type `CGROUP2_SUPER_MAGIC`, 0x63677270); Swift's Glibc module does
    /// not export `statfs`, and the mount table names the filesystem type directly.
    public static func isCgroup2Mount(_ path: FilePath, mountInfoPath: FilePath = "/proc/self/mountinfo") -> Bool {
        guard let text = try? readSmallFile(mountInfoPath) else { return false }
        var resolved = path.string
        if let real = realpath(path.string, nil) {
            resolved = String(cString: real)
            free(real)
        }
        return filesystemType(of: resolved, mountInfo: text) == "cgroup2"
    }

    /// The filesystem type of the mount that holds the absolute, symlink-free `path` in a mountinfo content:
    /// the last-mounted entry with the longest mount point that is `path` or one of its ancestors.
    public static func filesystemType(of path: String, mountInfo: String) -> String? {
        var best: (length: Int, type: String)?
        for entry in mountEntries(mountInfo) {
            let point = entry.mountPoint
            let holds = point == "/" || path == point || path.hasPrefix(point + "/")
            guard holds else { continue }
            if point.utf8.count >= (best?.length ?? 0) {
                best = (point.utf8.count, entry.type)
            }
        }
        return best?.type
    }

    /// The mount point of the first cgroup2 filesystem in a mountinfo content, or nil.
    public static func cgroup2MountPoint(mountInfo: String) -> String? {
        mountEntries(mountInfo).first { $0.type == "cgroup2" }?.mountPoint
    }

    /// Where this process sees a cgroup2 filesystem mounted (`/sys/fs/cgroup` on a unified host,
    /// `/sys/fs/cgroup/unified` on a hybrid one), or nil.
    public static func locateCgroup2Mount(mountInfoPath: FilePath = "/proc/self/mountinfo") -> String? {
        guard let text = try? readSmallFile(mountInfoPath) else { return nil }
        return cgroup2MountPoint(mountInfo: text)
    }

    /// The mount point and filesystem type of each line of a mountinfo content (proc(5)), in order.
    private static func mountEntries(_ mountInfo: String) -> [(mountPoint: String, type: String)] {
        var entries: [(mountPoint: String, type: String)] = []
        for line in mountInfo.split(separator: "\n") {
            let halves = line.split(separator: " - ", maxSplits: 1)
            guard halves.count == 2, let type = halves[1].split(separator: " ").first else { continue }
            let fields = halves[0].split(separator: " ")
            guard fields.count >= 5 else { continue }
            entries.append((unescapeMountPath(String(fields[4])), String(type)))
        }
        return entries
    }

    /// Undoes the octal escapes (`\040` for a space) of mountinfo paths.
    private static func unescapeMountPath(_ field: String) -> String {
        var bytes: [UInt8] = []
        let raw = Array(field.utf8)
        var i = 0
        while i < raw.count {
            if raw[i] == UInt8(ascii: "\\"), i + 3 < raw.count,
                let value = UInt8(String(decoding: raw[(i + 1)...(i + 3)], as: UTF8.self), radix: 8)
            {
                bytes.append(value)
                i += 4
            } else {
                bytes.append(raw[i])
                i += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private func readControllers(_ file: FilePath) throws(CgroupError) -> Set<CgroupController> {
        do {
            return CgroupController.parseList(try readSmallFile(file))
        } catch {
            throw CgroupError(.io, "cannot read \(file)", underlying: error)
        }
    }

    // MARK: - Leaves

    /// Why `name` cannot name a leaf, or nil when it can.
    static func nameProblem(_ name: String) -> String? {
        if name.isEmpty { return "it is empty" }
        if name == "." || name == ".." { return "it is '\(name)'" }
        if name.contains("/") { return "it contains '/'" }
        if name.utf8.contains(0) { return "it contains a NUL byte" }
        if name.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F }) { return "it contains a control character" }
        if name.utf8.count > 255 { return "it is longer than 255 bytes" }
        if name.hasPrefix("cgroup.") { return "names starting with 'cgroup.' belong to the kernel's interface files" }
        return nil
    }

    /// Checks that `name` can name a leaf directory.
    ///
    /// - Throws: `CgroupError` (`.invalidName`) saying why it cannot: empty, `.`, `..`, a `/`, a control
    ///   character, over 255 bytes, or a `cgroup.` prefix.
    public static func validateLeafName(_ name: String) throws(CgroupError) {
        if let problem = nameProblem(name) {
            throw CgroupError(.invalidName, "invalid cgroup name '\(name)': \(problem)")
        }
    }

    private func preparedSupport() throws(CgroupError) -> CgroupSupport {
        guard let s = currentSupport else {
            throw CgroupError(.invalidState, "the cgroup hierarchy at \(parent) is used before prepare()")
        }
        guard s.hierarchyAvailable else {
            throw CgroupError(.unavailable, s.explanation ?? "no cgroup2 hierarchy at \(root)")
        }
        return s
    }

    /// Creates the leaf cgroup `name` under the parent.
    ///
    /// - Throws: `CgroupError`: `.invalidName` for a bad name, `.alreadyExists` when the leaf exists (a
    ///   leftover; see `cleanUpLeftovers`), `.invalidState` before `prepare()`, `.unavailable` without cgroup2,
    ///   `.io` when mkdir fails.
    public func createLeaf(named name: String) throws(CgroupError) -> CgroupLeaf {
        try CgroupManager.validateLeafName(name)
        let s = try preparedSupport()
        let path = parent.appending(name)
        let err = operations.makeDirectory(path.string)
        if err == EEXIST {
            throw CgroupError(.alreadyExists, "the cgroup \(path) already exists")
        }
        if err != 0 {
            throw CgroupError(
                .io, "cannot create the cgroup \(path)", underlying: LinuxError(call: "mkdir", errno: Errno(rawValue: err), subject: path.string))
        }
        return CgroupLeaf(name: name, path: path, parent: parent, controllers: s.controllers, operations: operations)
    }

    /// The existing leaf `name` (a container that survived an agent restart).
    ///
    /// - Throws: `CgroupError`: `.notFound` when there is no such leaf, and as `createLeaf` for the rest.
    public func existingLeaf(named name: String) throws(CgroupError) -> CgroupLeaf {
        try CgroupManager.validateLeafName(name)
        let s = try preparedSupport()
        let path = parent.appending(name)
        guard isDirectory(path) else {
            throw CgroupError(.notFound, "there is no cgroup \(path)")
        }
        return CgroupLeaf(name: name, path: path, parent: parent, controllers: s.controllers, operations: operations)
    }

    /// The names of the leaves under the parent, sorted.
    ///
    /// - Throws: `CgroupError` (`.io`) when the parent cannot be listed.
    public func leafNames() throws(CgroupError) -> [String] {
        _ = try preparedSupport()
        do {
            return try listDirectories(parent)
        } catch {
            throw CgroupError(.io, "cannot list the cgroups in \(parent)", underlying: error)
        }
    }

    /// Kills and removes every leaf under the parent except those in `keeping`: the leftovers of a runtime
    /// that died without tearing its containers down.
    ///
    /// - Parameters:
    ///   - keeping: leaves of containers that are still wanted (recovered), which are left alone.
    ///   - timeout: how long each leaf may take to empty.
    /// - Returns: the names of the leaves removed.
    /// - Throws: `CgroupError` from the first leaf that could not be removed (the others are still tried).
    @discardableResult
    public func cleanUpLeftovers(keeping: Set<String> = [], timeout: Duration = .seconds(10)) async throws(CgroupError) -> [String] {
        var removed: [String] = []
        var firstError: CgroupError?
        for name in try leafNames() where !keeping.contains(name) {
            do {
                let leaf = try existingLeaf(named: name)
                try await leaf.destroy(timeout: timeout)
                removed.append(name)
            } catch {
                if firstError == nil { firstError = error }
            }
        }
        if let firstError { throw firstError }
        return removed
    }
}

/// True when `path` is a directory.
func isDirectory(_ path: FilePath) -> Bool {
    var info = stat()
    guard path.string.withCString({ lstat($0, &info) }) == 0 else { return false }
    return info.st_mode & S_IFMT == S_IFDIR
}

/// The names of the subdirectories of `path`, sorted.
func listDirectories(_ path: FilePath) throws(LinuxError) -> [String] {
    guard let dir = path.string.withCString({ opendir($0) }) else {
        throw LinuxError(call: "opendir", errno: Errno(rawValue: errno), subject: path.string)
    }
    defer { closedir(dir) }
    var names: [String] = []
    while let entry = readdir(dir) {
        let name = withUnsafePointer(to: &entry.pointee.d_name) {
            String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self))
        }
        guard name != ".", name != ".." else { continue }
        if entry.pointee.d_type == UInt8(DT_DIR) || (entry.pointee.d_type == UInt8(DT_UNKNOWN) && isDirectory(path.appending(name))) {
            names.append(name)
        }
    }
    return names.sorted()
}
