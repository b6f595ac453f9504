// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteCore
import ButteProtocol

/// A task of a framework as the master tracks it.
struct TaskEntry {
    /// The task in its v1 `Task` form (state, statuses, resources as sent).
    var task: ButteProtocol.Task

    /// The role its resources were allocated to.
    var role: String

    /// Its resources, for the allocator and the used-resources sums.
    var resources: Resources

    /// Whether the allocator still counts its resources (false once it reached a terminal state).
    var holdsResources: Bool
}

/// A custom (or default) executor of a framework on an agent.
struct ExecutorEntry {
    /// The executor as launched (with `framework_id` filled in).
    var info: ExecutorInfo

    /// The role its resources were allocated to.
    var role: String

    /// Its resources.
    var resources: Resources
}

/// The key of a task across frameworks.
struct TaskKey: Hashable {
    var framework: FrameworkID
    var task: TaskID
}

/// The key of an executor across frameworks.
struct ExecutorKey: Hashable {
    var framework: FrameworkID
    var executor: ExecutorID
}

/// A framework known to the master.
struct FrameworkRecord {
    /// Its FrameworkInfo, with `id` set.
    var info: FrameworkInfo

    /// The open event stream; nil while disconnected.
    var stream: EventStream?

    /// When the last event or heartbeat went out on the stream.
    var lastHeartbeat: ContinuousClock.Instant

    /// When it first subscribed (wall time).
    var registeredTime: Double

    /// When it last re-subscribed (wall time).
    var reregisteredTime: Double?

    /// When its stream was lost; its failover timeout runs from here.
    var disconnectedAt: ContinuousClock.Instant?

    /// Its live tasks, and terminal ones whose last update is not acknowledged yet.
    var tasks: [TaskID: TaskEntry] = [:]

    /// Terminal tasks, oldest first, bounded by `--max_completed_tasks_per_framework`.
    var completedTasks: [ButteProtocol.Task] = []

    /// Its outstanding offers.
    var offers: Set<OfferID> = []

    /// Its executors on each agent.
    var executors: [AgentID: [ExecutorID: ExecutorEntry]] = [:]

    /// The roles it may receive resources as.
    var roles: Set<String>

    /// The roles it does not want offers for.
    var suppressedRoles: Set<String> = []

    /// The framework id.
    var id: FrameworkID { info.id ?? FrameworkID("") }

    /// Whether the event stream is open.
    var connected: Bool { stream != nil }

    /// Whether it handles TASK_UNREACHABLE, TASK_DROPPED, TASK_GONE and TASK_UNKNOWN.
    var partitionAware: Bool { info.capabilities.contains { $0.type == .partitionAware } }

    /// The role used for allocations that name none (tasks recovered from agents).
    var primaryRole: String { roles.sorted().first ?? ButteCore.Resource.unreservedRole }

    /// The roles a FrameworkInfo subscribes with: `roles` for MULTI_ROLE frameworks, else `role` or `*`.
    static func roles(of info: FrameworkInfo) -> Set<String> {
        if info.capabilities.contains(where: { $0.type == .multiRole }) && !info.roles.isEmpty { return Set(info.roles) }
        return [info.role ?? ButteCore.Resource.unreservedRole]
    }
}

/// An agent admitted by the master.
struct AgentRecord {
    /// Its AgentInfo, with `id` set.
    var info: AgentInfo

    /// Its total resources.
    var total: Resources

    /// The open event stream; nil while disconnected.
    var stream: EventStream?

    /// When the last call arrived from it.
    var lastSeen: ContinuousClock.Instant

    /// When the last event or heartbeat went out on the stream.
    var lastHeartbeat: ContinuousClock.Instant

    /// When it was admitted (wall time).
    var registeredTime: Double

    /// When it last re-registered (wall time).
    var reregisteredTime: Double?

    /// The Butte version it reported.
    var version: String?

    /// The tasks on it.
    var tasks: Set<TaskKey> = []

    /// The executors on it.
    var executors: Set<ExecutorKey> = []

    /// Its outstanding offers.
    var offers: Set<OfferID> = []

    /// The agent id.
    var id: AgentID { info.id ?? AgentID("") }

    /// Whether the agent is connected (its resources are offered).
    var active: Bool { stream != nil }

    /// The agent's port (5051 unless it said otherwise).
    var port: Int32 { info.port ?? 5051 }

    /// The libprocess-style pid, `slave(1)@host:port`.
    var pid: String { "slave(1)@\(info.hostname):\(port)" }
}

/// An outstanding offer.
struct OfferRecord {
    /// The offer as sent.
    var offer: Offer

    /// The role the resources were allocated to.
    var role: String

    /// The offered resources.
    var resources: Resources

    /// When it is rescinded, if `--offer_timeout` is set.
    var expires: ContinuousClock.Instant?
}
