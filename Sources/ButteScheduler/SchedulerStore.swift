// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import Foundation

/// Everything the scheduler keeps across restarts.
public struct StoredState: Sendable {
    /// Per app: its stored record (definition history, tasks, last failure, whether it is being removed).
    public var apps: [JSON] = []
    /// Unfinished deployments.
    public var deployments: [JSON] = []
    /// Explicitly created groups.
    public var groups: JSON = .object([:])
    /// The framework id the master gave, to resubscribe with.
    public var frameworkID: String?

    /// An empty state.
    public init() {}
}

/// Where the scheduler keeps its state: a local directory, or (in HA) ZooKeeper.
///
/// Writes must be atomic: after a crash, each record is either the old or the new version.
public protocol SchedulerStore: Sendable {
    /// Reads everything stored.
    func load() throws -> StoredState
    /// Stores the record of one app, replacing the previous one.
    func saveApp(_ id: PathID, _ record: JSON) throws
    /// Removes the record of an app.
    func deleteApp(_ id: PathID) throws
    /// Stores the list of unfinished deployments.
    func saveDeployments(_ deployments: [JSON]) throws
    /// Stores the explicit groups.
    func saveGroups(_ groups: JSON) throws
    /// Stores the framework id.
    func saveFrameworkID(_ id: String?) throws
}

/// A store in memory, for tests and for runs without a work directory.
public final class MemorySchedulerStore: SchedulerStore {
    private let state = MutexBox(StoredState())
    private let appRecords = MutexBox([PathID: JSON]())

    /// An empty store.
    public init() {}

    /// Reads everything stored.
    public func load() throws -> StoredState {
        var result = state.get()
        result.apps = appRecords.get().keys.sorted().map { appRecords.get()[$0]! }
        return result
    }

    /// Stores an app record.
    public func saveApp(_ id: PathID, _ record: JSON) throws { appRecords.update { $0[id] = record } }
    /// Removes an app record.
    public func deleteApp(_ id: PathID) throws { appRecords.update { $0[id] = nil } }
    /// Stores deployments.
    public func saveDeployments(_ deployments: [JSON]) throws { state.update { $0.deployments = deployments } }
    /// Stores groups.
    public func saveGroups(_ groups: JSON) throws { state.update { $0.groups = groups } }
    /// Stores the framework id.
    public func saveFrameworkID(_ id: String?) throws { state.update { $0.frameworkID = id } }
}
