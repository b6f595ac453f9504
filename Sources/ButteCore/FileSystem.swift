// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The little file access flag loading needs: read small text files and list config directories.
///
/// `ButteCore` sits below `ButteLinux`, so it cannot use the syscall wrappers there; these are
/// plain POSIX calls whose failures are reported with the errno text.
enum FileSystem {
    /// A failed file operation: the errno and its text.
    struct Failure: Error, Sendable {
        var errno: Int32
        var text: String { String(cString: strerror(errno)) }
    }

    /// What a path names, following symbolic links.
    enum EntryKind {
        case file
        case directory
        case other
        case missing
    }

    /// What `path` is, or `.missing` when it cannot be stat'ed.
    static func kind(of path: String) -> EntryKind {
        var info = stat()
        guard stat(path, &info) == 0 else { return .missing }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR: return .directory
        default: return .other
        }
    }

    /// The whole content of the file at `path`, decoded as UTF-8 (invalid bytes replaced).
    static func readText(_ path: String) throws(Failure) -> String {
        var fd: Int32
        repeat { fd = open(path, O_RDONLY | O_CLOEXEC) } while fd < 0 && errno == EINTR
        guard fd >= 0 else { throw Failure(errno: errno) }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw Failure(errno: errno)
            }
            if count == 0 { break }
            bytes.append(contentsOf: buffer[0..<count])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The names in directory `path`, sorted, without `.` and `..`; nil when it cannot be opened.
    static func list(_ path: String) -> [String]? {
        guard let dir = opendir(path) else { return nil }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: &entry.pointee.d_name) {
                String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self))
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }
}
