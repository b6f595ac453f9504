// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import CLinux
import SystemPackage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Operations on whole directory trees, done relative to directory descriptors and never following
/// symbolic links, so a tree a container wrote (an overlay upper dir) cannot redirect them.
public enum FileTree {
    /// Removes `path` and everything below it. A missing path is not an error.
    ///
    /// - Throws: `LinuxError` naming the entry that could not be removed.
    public static func remove(_ path: String) throws(LinuxError) {
        var parentPath = path
        while parentPath.count > 1 && parentPath.hasSuffix("/") { parentPath.removeLast() }
        guard let slash = parentPath.lastIndex(of: "/") else {
            try remove(name: parentPath, in: AT_FDCWD, display: path)
            return
        }
        let dir = slash == parentPath.startIndex ? "/" : String(parentPath[..<slash])
        let name = String(parentPath[parentPath.index(after: slash)...])
        let fd = clinux_openat(AT_FDCWD, dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0)
        if fd == -ENOENT { return }
        if fd < 0 { throw LinuxError(call: "open", errno: Errno(rawValue: -fd), subject: dir) }
        defer { _ = close(fd) }
        try remove(name: name, in: fd, display: path)
    }

    /// Removes the entry `name` of the directory `dirfd`, recursively.
    private static func remove(name: String, in dirfd: Int32, display: String) throws(LinuxError) {
        if unlinkat(dirfd, name, 0) == 0 { return }
        let first = errno
        if first == ENOENT { return }
        guard first == EISDIR || first == EPERM else {
            throw LinuxError(call: "unlink", errno: Errno(rawValue: first), subject: display)
        }
        let fd = clinux_openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC, 0)
        if fd < 0 { throw LinuxError(call: "open", errno: Errno(rawValue: -fd), subject: display) }
        let names: [String]
        do {
            names = try entries(fd, display: display)
        } catch {
            _ = close(fd)
            throw error
        }
        for entry in names {
            do {
                try remove(name: entry, in: fd, display: display + "/" + entry)
            } catch {
                _ = close(fd)
                throw error
            }
        }
        _ = close(fd)
        if unlinkat(dirfd, name, AT_REMOVEDIR) != 0 && errno != ENOENT {
            throw LinuxError(call: "rmdir", errno: Errno(rawValue: errno), subject: display)
        }
    }

    /// The names in the directory `fd` (without "." and ".."); `fd` stays open.
    public static func entries(_ fd: Int32, display: String) throws(LinuxError) -> [String] {
        let copy = dup(fd)
        guard copy >= 0 else { throw LinuxError(call: "dup", errno: Errno(rawValue: errno), subject: display) }
        guard let dir = fdopendir(copy) else {
            let e = errno
            _ = close(copy)
            throw LinuxError(call: "fdopendir", errno: Errno(rawValue: e), subject: display)
        }
        defer { closedir(dir) }
        rewinddir(dir)
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: &entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// The names in the directory at `path`; empty when it does not exist.
    ///
    /// - Throws: `LinuxError` when it exists but cannot be read.
    public static func entries(of path: String) throws(LinuxError) -> [String] {
        let fd = clinux_openat(AT_FDCWD, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0)
        if fd == -ENOENT { return [] }
        if fd < 0 { throw LinuxError(call: "open", errno: Errno(rawValue: -fd), subject: path) }
        defer { _ = close(fd) }
        return try entries(fd, display: path)
    }

    /// Writes `text` to a new file at `path` (mode 0600), replacing nothing: the file must not exist.
    ///
    /// - Throws: `LinuxError`.
    public static func writeFile(_ path: String, _ text: String) throws(LinuxError) {
        let fd = clinux_openat(AT_FDCWD, path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
        if fd < 0 { throw LinuxError(call: "open", errno: Errno(rawValue: -fd), subject: path) }
        defer { _ = close(fd) }
        let bytes = Array(text.utf8)
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + done, $0.count - done) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { throw LinuxError(call: "write", errno: Errno(rawValue: n < 0 ? errno : EIO), subject: path) }
            done += n
        }
    }

    /// Writes `bytes` to `path` through a temporary file in the same directory and a rename, so readers see
    /// the old file or the whole new one.
    ///
    /// - Throws: `LinuxError`.
    public static func writeAtomically(_ path: String, _ bytes: [UInt8]) throws(LinuxError) {
        let suffix = (try? KernelRandom.bytes(6))?.map { String($0, radix: 16) }.joined() ?? "tmp"
        let temporary = path + ".tmp-" + suffix
        let fd = clinux_openat(AT_FDCWD, temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
        if fd < 0 { throw LinuxError(call: "open", errno: Errno(rawValue: -fd), subject: temporary) }
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + done, $0.count - done) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 {
                let e = n < 0 ? errno : EIO
                _ = close(fd)
                _ = unlink(temporary)
                throw LinuxError(call: "write", errno: Errno(rawValue: e), subject: temporary)
            }
            done += n
        }
        _ = close(fd)
        if rename(temporary, path) != 0 {
            let e = errno
            _ = unlink(temporary)
            throw LinuxError(call: "rename", errno: Errno(rawValue: e), subject: path)
        }
    }

    /// Reads a whole file (at most 16 MiB) as bytes.
    ///
    /// - Throws: `LinuxError`.
    public static func readBytes(_ path: String) throws(LinuxError) -> [UInt8] {
        let fd = clinux_openat(AT_FDCWD, path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW, 0)
        if fd < 0 { throw LinuxError(call: "open", errno: Errno(rawValue: -fd), subject: path) }
        defer { _ = close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16384)
        while bytes.count < 16 << 20 {
            let n = read(fd, &chunk, chunk.count)
            if n < 0 && errno == EINTR { continue }
            if n < 0 { throw LinuxError(call: "read", errno: Errno(rawValue: errno), subject: path) }
            if n == 0 { break }
            bytes += chunk[0..<n]
        }
        return bytes
    }

    /// Reads a small file; nil when it does not exist.
    ///
    /// - Throws: `LinuxError` for other failures.
    public static func readFile(_ path: String) throws(LinuxError) -> String? {
        do {
            return try readSmallFile(FilePath(path))
        } catch {
            if error.errno == .noSuchFileOrDirectory { return nil }
            throw error
        }
    }

    /// `chmod(path, mode)`.
    ///
    /// - Throws: `LinuxError`.
    public static func setMode(_ path: String, _ mode: mode_t) throws(LinuxError) {
        _ = try sys("chmod", path) { chmod(path, mode) }
    }

    /// Creates the directory `path` with `mode`; it must not exist yet.
    ///
    /// - Throws: `LinuxError` (EEXIST when it exists).
    public static func makeDirectory(_ path: String, mode: mode_t = 0o755) throws(LinuxError) {
        _ = try sys("mkdir", path) { mkdir(path, mode) }
    }

    /// Creates the directory `path` with `mode` (and its missing parents with 0755); an existing directory
    /// is fine.
    ///
    /// - Throws: `LinuxError`.
    public static func makeDirectories(_ path: String, mode: mode_t = 0o755) throws(LinuxError) {
        if mkdir(path, mode) == 0 || errno == EEXIST { return }
        guard errno == ENOENT else { throw LinuxError(call: "mkdir", errno: Errno(rawValue: errno), subject: path) }
        if let slash = path.lastIndex(of: "/"), slash != path.startIndex {
            try makeDirectories(String(path[..<slash]), mode: 0o755)
        }
        if mkdir(path, mode) != 0 && errno != EEXIST {
            throw LinuxError(call: "mkdir", errno: Errno(rawValue: errno), subject: path)
        }
    }
}
