// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import CLinux
import SystemPackage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// An exclusive `flock` on a file, held while the descriptor is open. The kernel drops it when the holder
/// dies, however it dies, which is how a later process tells live state from what a killed one left.
public final class LockFile: Sendable {
    /// The locked file's descriptor (close-on-exec).
    public let descriptor: Int32
    /// The file's path.
    public let path: String

    private init(descriptor: Int32, path: String) {
        self.descriptor = descriptor
        self.path = path
    }

    /// Opens (creating it if needed) and locks `path`.
    ///
    /// - Parameter wait: block until the lock is free; when false, return nil if another process holds it.
    /// - Throws: `LinuxError`.
    public static func lock(_ path: String, wait: Bool) throws(LinuxError) -> LockFile? {
        let fd = clinux_openat(AT_FDCWD, path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        if fd < 0 { throw LinuxError(call: "open", errno: Errno(rawValue: -fd), subject: path) }
        while flock(fd, LOCK_EX | (wait ? 0 : LOCK_NB)) != 0 {
            let e = errno
            if e == EINTR { continue }
            _ = close(fd)
            if e == EWOULDBLOCK { return nil }
            throw LinuxError(call: "flock", errno: Errno(rawValue: e), subject: path)
        }
        return LockFile(descriptor: fd, path: path)
    }

    /// Releases the lock by closing the descriptor.
    public func unlock() {
        _ = close(descriptor)
    }
}
