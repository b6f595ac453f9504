// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

#if canImport(Glibc)
    import Glibc
#endif

/// Thin fd-relative filesystem calls for the unpacker: each retries `EINTR` and throws `ImageError` naming the call.
///
/// Every call here takes a directory fd and a single name, never a path with `/`, and none follows a
/// symlink in its last component.
enum LayerFS {
    static func failure(_ call: String, _ subject: String, _ err: Int32 = errno) -> ImageError {
        ImageError(.filesystem, "\(call)(\(subject)): \(String(cString: strerror(err))) (\(err))")
    }

    @discardableResult
    static func sys(_ call: String, _ subject: @autoclosure () -> String, _ body: () -> Int32) throws(ImageError) -> Int32 {
        while true {
            let r = body()
            if r != -1 { return r }
            let e = errno
            if e == EINTR { continue }
            throw failure(call, subject(), e)
        }
    }

    /// Runs `body` and returns its result or the errno it failed with, retrying `EINTR`.
    static func attempt(_ body: () -> Int32) -> (result: Int32, errno: Int32) {
        while true {
            let r = body()
            if r != -1 { return (r, 0) }
            let e = errno
            if e != EINTR { return (-1, e) }
        }
    }

    static func stat(_ dir: Int32, _ name: [CChar]) -> stat? {
        var st = Glibc.stat()
        let r = attempt { fstatat(dir, name, &st, AT_SYMLINK_NOFOLLOW) }
        return r.result == 0 ? st : nil
    }

    static func isDirectory(_ st: stat) -> Bool { st.st_mode & S_IFMT == S_IFDIR }
    static func isSymlink(_ st: stat) -> Bool { st.st_mode & S_IFMT == S_IFLNK }

    static func readlink(_ dir: Int32, _ name: [CChar], _ subject: String) throws(ImageError) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: Int(PATH_MAX) + 1)
        let n = buffer.withUnsafeMutableBufferPointer { p in
            readlinkat(dir, name, UnsafeMutableRawPointer(p.baseAddress!).assumingMemoryBound(to: CChar.self), p.count)
        }
        if n < 0 { throw failure("readlinkat", subject) }
        return Array(buffer[..<n])
    }

    /// Removes `name` from `dir`, recursing into directories without following symlinks.
    static func remove(_ dir: Int32, _ name: [CChar], _ subject: String) throws(ImageError) {
        guard let st = stat(dir, name) else { return }
        if isDirectory(st) {
            let fd = try sys("openat", subject) { openat(dir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC) }
            // Layers hold read-only directories; without root, their entries can only go once the owner may write.
            _ = fchmod(fd, S_IRWXU)
            try removeContents(fd, subject)
            try sys("unlinkat", subject) { unlinkat(dir, name, AT_REMOVEDIR) }
        } else {
            try sys("unlinkat", subject) { unlinkat(dir, name, 0) }
        }
    }

    /// Empties a directory and closes `fd`.
    private static func removeContents(_ fd: Int32, _ subject: String) throws(ImageError) {
        guard let d = fdopendir(fd) else {
            let e = errno
            close(fd)
            throw failure("fdopendir", subject, e)
        }
        defer { closedir(d) }
        var names: [[CChar]] = []
        while let ent = readdir(d) {
            let name = withUnsafeBytes(of: ent.pointee.d_name) { raw in
                Array(raw.bindMemory(to: CChar.self).prefix(while: { $0 != 0 })) + [0]
            }
            if name == [46, 0] || name == [46, 46, 0] { continue }
            names.append(name)
        }
        let dfd = dirfd(d)
        for name in names {
            try remove(dfd, name, subject + "/" + String(decoding: name.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
    }

    /// `makedev` as glibc encodes it.
    static func makeDevice(major: UInt32, minor: UInt32) -> dev_t {
        let ma = UInt64(major)
        let mi = UInt64(minor)
        return dev_t((ma & 0x0000_0fff) << 8 | (ma & 0xffff_f000) << 32 | (mi & 0x0000_00ff) | (mi & 0xffff_ff00) << 12)
    }
}

extension LayerFS {
    private typealias SetXattrFunction = @convention(c) (Int32, UnsafePointer<CChar>, UnsafeRawPointer?, Int, Int32) -> Int32

    /// glibc's `fsetxattr`, looked up at run time: `<sys/xattr.h>` is not part of Swift's Glibc module.
    // A C shim (CLinux) can replace this lookup once it exports the xattr calls.
    private static let fsetxattrFunction: SetXattrFunction? = {
        guard let handle = dlopen(nil, RTLD_NOW), let symbol = dlsym(handle, "fsetxattr") else { return nil }
        return unsafeBitCast(symbol, to: SetXattrFunction.self)
    }()

    /// Sets an extended attribute on an open file or directory.
    static func setXattr(_ fd: Int32, _ name: String, _ value: [UInt8]) -> Int32 {
        guard let f = fsetxattrFunction else {
            errno = ENOSYS
            return -1
        }
        return value.withUnsafeBytes { v in f(fd, name, v.baseAddress ?? UnsafeRawPointer(bitPattern: 1), v.count, 0) }
    }
}
