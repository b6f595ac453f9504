// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

#if canImport(Glibc)
    import Glibc
#endif

/// An advisory `flock(2)` lock on a file, held until `release()`: coordinates pulls and GC across processes.
///
/// Acquiring polls with `LOCK_NB` and a short sleep instead of blocking, so that waiting never ties up a
/// thread of the concurrency pool.
final class FileLock: Sendable {
    private let fd: Int32
    let path: String

    private init(fd: Int32, path: String) {
        self.fd = fd
        self.path = path
    }

    /// Waits for the lock on `path` (created if missing, mode 0600).
    static func acquire(_ path: String, exclusive: Bool) async throws -> FileLock {
        if let lock = try tryAcquire(path, exclusive: exclusive) { return lock }
        var delay = Duration.milliseconds(2)
        while true {
            try await Task.sleep(for: delay)
            if let lock = try tryAcquire(path, exclusive: exclusive) { return lock }
            delay = min(delay * 2, .milliseconds(50))
        }
    }

    /// Takes the lock if it is free; nil when another holder has it.
    static func tryAcquire(_ path: String, exclusive: Bool) throws(ImageError) -> FileLock? {
        let fd = try LayerFS.sys("open", path) { open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600) }
        let r = LayerFS.attempt { flock(fd, (exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB) }
        if r.result == 0 { return FileLock(fd: fd, path: path) }
        close(fd)
        if r.errno == EWOULDBLOCK { return nil }
        throw LayerFS.failure("flock", path, r.errno)
    }

    /// Releases the lock.
    func release() { close(fd) }
}
