// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The scheduler's state in files under a work directory: `apps/<safe id>.json` per app, `deployments.json`,
/// `groups.json` and `framework.json`. Each file is written to a temporary name, synced, and renamed over the old.
public final class LocalSchedulerStore: SchedulerStore {
    /// The directory.
    public let directory: URL

    /// A store in `directory`, created if missing.
    /// - Throws: when the directory cannot be created.
    public init(directory: URL) throws {
        self.directory = directory
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("apps"), withIntermediateDirectories: true)
    }

    /// Reads every file; a file that cannot be parsed is an error naming it.
    public func load() throws -> StoredState {
        var state = StoredState()
        let appsDirectory = directory.appendingPathComponent("apps")
        for name in try FileManager.default.contentsOfDirectory(atPath: appsDirectory.path).sorted() where name.hasSuffix(".json") {
            state.apps.append(try read(appsDirectory.appendingPathComponent(name)))
        }
        let deployments = directory.appendingPathComponent("deployments.json")
        if FileManager.default.fileExists(atPath: deployments.path) {
            state.deployments = try read(deployments).arrayValue ?? []
        }
        let groups = directory.appendingPathComponent("groups.json")
        if FileManager.default.fileExists(atPath: groups.path) {
            state.groups = try read(groups)
        }
        let framework = directory.appendingPathComponent("framework.json")
        if FileManager.default.fileExists(atPath: framework.path) {
            state.frameworkID = try read(framework)["id"]?.stringValue
        }
        return state
    }

    /// Writes `apps/<safe id>.json`.
    public func saveApp(_ id: PathID, _ record: JSON) throws {
        try write(record, to: appFile(id))
    }

    /// Removes `apps/<safe id>.json`.
    public func deleteApp(_ id: PathID) throws {
        let file = appFile(id)
        if FileManager.default.fileExists(atPath: file.path) {
            try FileManager.default.removeItem(at: file)
        }
    }

    /// Writes `deployments.json`.
    public func saveDeployments(_ deployments: [JSON]) throws {
        try write(.array(deployments), to: directory.appendingPathComponent("deployments.json"))
    }

    /// Writes `groups.json`.
    public func saveGroups(_ groups: JSON) throws {
        try write(groups, to: directory.appendingPathComponent("groups.json"))
    }

    /// Writes `framework.json`.
    public func saveFrameworkID(_ id: String?) throws {
        try write(.object(["id": .optional(id)]), to: directory.appendingPathComponent("framework.json"))
    }

    private func appFile(_ id: PathID) -> URL {
        // Ids never contain '_', so the safe form is unambiguous; '+' keeps dots and hyphens readable.
        directory.appendingPathComponent("apps").appendingPathComponent("app+\(id.safeID).json")
    }

    private func read(_ file: URL) throws -> JSON {
        let data = try Data(contentsOf: file)
        do {
            return try JSON.parse(data)
        } catch {
            throw SchedulerError("cannot parse \(file.path): \(error.message)")
        }
    }

    private func write(_ json: JSON, to file: URL) throws {
        let temporary = file.deletingLastPathComponent().appendingPathComponent(".\(file.lastPathComponent).tmp")
        let data = json.data()
        let fd = open(temporary.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw SchedulerError("cannot create \(temporary.path): errno \(errno)") }
        defer { close(fd) }
        var written = 0
        try data.withUnsafeBytes { raw in
            while written < raw.count {
                let result = Glibc.write(fd, raw.baseAddress! + written, raw.count - written)
                if result < 0 {
                    if errno == EINTR { continue }
                    throw SchedulerError("cannot write \(temporary.path): errno \(errno)")
                }
                written += result
            }
        }
        guard fsync(fd) == 0 else { throw SchedulerError("cannot sync \(temporary.path): errno \(errno)") }
        guard rename(temporary.path, file.path) == 0 else { throw SchedulerError("cannot rename to \(file.path): errno \(errno)") }
    }
}

/// A failure of the scheduler outside the REST API (store, driver, configuration).
public struct SchedulerError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public var message: String

    /// An error with a message.
    public init(_ message: String) {
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
