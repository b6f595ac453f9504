// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteLinux
import SystemPackage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// The operations through which a `CgroupManager` changes the hierarchy: the mount check, `mkdir`, `rmdir` and
/// writes to interface files. Reads always go to the files themselves.
///
/// `.kernel` performs them on cgroupfs. Tests substitute `emulated(...)` operations that behave like the
/// kernel on a directory of plain files (creating a cgroup's interface files on `mkdir`, keeping
/// `cgroup.subtree_control` as a set), so that no test touches the host's cgroup mounts.
public struct CgroupFileOperations: Sendable {
    /// Whether `prepare()` checks that the root lies on a cgroup2 filesystem (see `CgroupManager.isCgroup2Mount`).
    public var checksMount: Bool
    /// Creates the cgroup directory at an absolute path; returns 0 or an errno.
    public var makeDirectory: @Sendable (String) -> Int32
    /// Removes the cgroup directory at an absolute path; returns 0 or an errno.
    public var removeDirectory: @Sendable (String) -> Int32
    /// Writes a value to the interface file at an absolute path in one `write(2)`; returns 0 or an errno.
    public var writeFile: @Sendable (String, String) -> Int32

    /// Operations with the given behaviour.
    public init(
        checksMount: Bool,
        makeDirectory: @escaping @Sendable (String) -> Int32,
        removeDirectory: @escaping @Sendable (String) -> Int32,
        writeFile: @escaping @Sendable (String, String) -> Int32
    ) {
        self.checksMount = checksMount
        self.makeDirectory = makeDirectory
        self.removeDirectory = removeDirectory
        self.writeFile = writeFile
    }

    /// Operations on a directory that emulates cgroupfs: no mount check, the given directory and write calls.
    public static func emulated(
        makeDirectory: @escaping @Sendable (String) -> Int32,
        removeDirectory: @escaping @Sendable (String) -> Int32,
        writeFile: @escaping @Sendable (String, String) -> Int32
    ) -> CgroupFileOperations {
        CgroupFileOperations(checksMount: false, makeDirectory: makeDirectory, removeDirectory: removeDirectory, writeFile: writeFile)
    }

    /// The real thing: system calls on cgroupfs.
    public static let kernel = CgroupFileOperations(
        checksMount: true,
        makeDirectory: { path in
            do throws(LinuxError) {
                _ = try sys("mkdir", path) { path.withCString { mkdir($0, 0o755) } }
                return 0
            } catch {
                return error.errno.rawValue
            }
        },
        removeDirectory: { path in
            do throws(LinuxError) {
                _ = try sys("rmdir", path) { path.withCString { rmdir($0) } }
                return 0
            } catch {
                return error.errno.rawValue
            }
        },
        writeFile: { path, value in
            do throws(LinuxError) {
                try writeInterfaceFile(path, value)
                return 0
            } catch {
                return error.errno.rawValue
            }
        }
    )
}

/// Writes `value` to a cgroup interface file in a single `write(2)`: the kernel parses each write on its own,
/// so a value split over two writes would be two (wrong) values.
private func writeInterfaceFile(_ path: String, _ value: String) throws(LinuxError) {
    let fd = try sys("open", path) { path.withCString { open($0, O_WRONLY | O_CLOEXEC) } }
    defer { close(fd) }
    var bytes = Array(value.utf8)
    if bytes.isEmpty { bytes = [0x0A] }
    let written = try sys("write", path) { bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) } }
    if written != bytes.count { throw LinuxError(call: "write", errno: .ioError, subject: path) }
}
