// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteProtocol
import Foundation

/// A registry kept in one JSON file, `<work_dir>/registry.json`, for standalone masters.
///
/// Each store writes a temporary file in the same directory, flushes it to disk and renames it over the old
/// file, so a crash leaves either the old or the new state, never a torn file.
public struct FileRegistry: Registry {
    /// The registry file.
    public let path: String

    /// Creates a registry in `workDir`, creating the directory (mode 0700) when missing.
    /// - Throws: ``MasterError`` `.registry` when the directory cannot be created.
    public init(workDir: String) throws(MasterError) {
        do {
            try FileManager.default.createDirectory(atPath: workDir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw MasterError(.registry, "cannot create work directory '\(workDir)'", underlying: error)
        }
        path = (workDir as NSString).appendingPathComponent("registry.json")
    }

    /// Reads the file; a missing file is an empty registry.
    public func load() async throws -> RegistryState {
        guard FileManager.default.fileExists(atPath: path) else { return RegistryState() }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw MasterError(.registry, "cannot read registry '\(path)'", underlying: error)
        }
        do {
            return try ProtocolJSON.decode(RegistryState.self, from: data)
        } catch {
            throw MasterError(.registry, "registry '\(path)' is not valid: \(error.message)", underlying: error)
        }
    }

    /// Writes the file atomically (temporary file, fsync, rename, fsync of the directory).
    public func store(_ state: RegistryState) async throws {
        let data = try ProtocolJSON.encode(state)
        let directory = (path as NSString).deletingLastPathComponent
        let temporary = path + ".tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw posixError("open", temporary) }
        var written = 0
        let failure: MasterError? = data.withUnsafeBytes { raw -> MasterError? in
            while written < raw.count {
                let result = write(fd, raw.baseAddress! + written, raw.count - written)
                if result < 0 {
                    if errno == EINTR { continue }
                    return posixError("write", temporary)
                }
                written += result
            }
            return fsync(fd) == 0 ? nil : posixError("fsync", temporary)
        }
        close(fd)
        if let failure {
            unlink(temporary)
            throw failure
        }
        guard rename(temporary, path) == 0 else {
            let error = posixError("rename", path)
            unlink(temporary)
            throw error
        }
        let directoryFD = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directoryFD >= 0 {
            _ = fsync(directoryFD)
            close(directoryFD)
        }
    }

    private func posixError(_ call: String, _ subject: String) -> MasterError {
        let code = errno
        return MasterError(.registry, "\(call)(\(subject)): \(String(cString: strerror(code))) (\(code))")
    }
}
