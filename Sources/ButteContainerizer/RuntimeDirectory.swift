// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteLinux

/// Where per-container state lives while containers run (default `/run/butte`): one directory per container
/// under `containers/`, holding a `lock` its owner keeps `flock`ed for the container's lifetime, and the
/// overlay upper, work and mount-point directories.
///
/// A process killed with SIGKILL cannot clean up; the kernel drops its lock, and the next ``sweep(_:)``
/// removes what it left.
public struct RuntimeDirectory: Hashable, Sendable {
    /// The root, e.g. `/run/butte`.
    public var root: String

    /// The default root.
    public static let defaultRoot = "/run/butte"

    /// A runtime directory at `root`.
    public init(root: String = RuntimeDirectory.defaultRoot) {
        var r = root
        while r.count > 1 && r.hasSuffix("/") { r.removeLast() }
        self.root = r
    }

    /// The directory holding one entry per container.
    public var containers: String { root + "/containers" }

    /// The directory of container `id`.
    public func path(of id: String) -> String { containers + "/" + id }

    /// Removes every container directory whose owner is gone (its lock is free), calling `cleanup` with
    /// each one's path first (e.g. to remove a cgroup it recorded there).
    ///
    /// - Returns: the ids removed.
    /// - Throws: `ContainerizerError` (`.runtimeDirectory`).
    @discardableResult
    public func sweep(_ cleanup: (String) -> Void = { _ in }) throws(ContainerizerError) -> [String] {
        let names: [String]
        do {
            names = try FileTree.entries(of: containers).filter { $0 != Self.lockName }
        } catch {
            throw ContainerizerError(.runtimeDirectory, "cannot list the runtime directory \(containers): \(error)", underlying: error)
        }
        if names.isEmpty { return [] }
        let global = try lockContainers()
        defer { global.unlock() }
        var removed: [String] = []
        for name in names {
            let dir = path(of: name)
            let lock: LockFile?
            do {
                lock = try LockFile.lock(dir + "/lock", wait: false)
            } catch {
                if error.errno == .noSuchFileOrDirectory || error.errno == .notDirectory { continue }
                throw ContainerizerError(.runtimeDirectory, "cannot check the container directory \(dir): \(error)", underlying: error)
            }
            guard let lock else { continue }  // its owner is alive
            cleanup(dir)
            do {
                try FileTree.remove(dir)
            } catch {
                lock.unlock()
                throw ContainerizerError(.runtimeDirectory, "cannot remove the stale container directory \(dir): \(error)", underlying: error)
            }
            lock.unlock()
            removed.append(name)
        }
        return removed
    }

    /// Creates and locks the directory of container `id`.
    ///
    /// - Throws: `ContainerizerError` (`.runtimeDirectory`), e.g. when a live container has that id.
    public func create(id: String) throws(ContainerizerError) -> ContainerDirectory {
        guard !id.isEmpty, !id.contains("/"), id != ".", id != "..", id != Self.lockName else {
            throw ContainerizerError(.invalidSpec, "'\(id)' cannot name a container")
        }
        do {
            // 0711: not listable, but a user namespace's root must be able to reach its own container's
            // directory (which is then handed to it).
            try FileTree.makeDirectories(containers, mode: 0o711)
            try FileTree.setMode(containers, 0o711)
        } catch {
            throw ContainerizerError(.runtimeDirectory, "cannot create the runtime directory \(containers): \(error)", underlying: error)
        }
        // Creation holds the global lock so a concurrent sweep never sees a directory before its lock is taken.
        let global = try lockContainers()
        defer { global.unlock() }
        let dir = path(of: id)
        do {
            try FileTree.makeDirectory(dir, mode: 0o700)
        } catch {
            if error.errno == .fileExists {
                throw ContainerizerError(.runtimeDirectory, "a container named \(id) already exists in \(containers)", underlying: error)
            }
            throw ContainerizerError(.runtimeDirectory, "cannot create the container directory \(dir): \(error)", underlying: error)
        }
        do {
            guard let lock = try LockFile.lock(dir + "/lock", wait: false) else {
                throw ContainerizerError(.runtimeDirectory, "the container directory \(dir) is locked by another process")
            }
            return ContainerDirectory(id: id, path: dir, lock: lock)
        } catch let error as ContainerizerError {
            try? FileTree.remove(dir)
            throw error
        } catch {
            try? FileTree.remove(dir)
            throw ContainerizerError(.runtimeDirectory, "cannot lock the container directory \(dir): \(error)", underlying: error)
        }
    }

    private static let lockName = ".lock"

    private func lockContainers() throws(ContainerizerError) -> LockFile {
        do {
            guard let lock = try LockFile.lock(containers + "/" + Self.lockName, wait: true) else {
                throw ContainerizerError(.runtimeDirectory, "cannot lock \(containers)")
            }
            return lock
        } catch let error as ContainerizerError {
            throw error
        } catch {
            throw ContainerizerError(.runtimeDirectory, "cannot lock \(containers): \(error)", underlying: error)
        }
    }
}

/// The locked runtime directory of one container.
public struct ContainerDirectory: Sendable {
    /// The container id.
    public var id: String
    /// Its path.
    public var path: String
    /// The lock held while the container lives.
    public var lock: LockFile

    /// Removes the directory and releases the lock.
    ///
    /// - Throws: `ContainerizerError` (`.runtimeDirectory`) when something in it cannot be removed.
    public func remove() throws(ContainerizerError) {
        defer { lock.unlock() }
        do {
            try FileTree.remove(path)
        } catch {
            throw ContainerizerError(.runtimeDirectory, "cannot remove the container directory \(path): \(error)", underlying: error)
        }
    }
}
