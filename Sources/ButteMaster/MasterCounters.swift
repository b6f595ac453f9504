// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

/// Event counters of a master, reported by `/metrics/snapshot` under Mesos' names.
struct MasterCounters {
    /// Tasks that reached each terminal state, by Mesos metric suffix (`tasks_finished`, ...).
    var terminalTasks: [String: Int] = [:]
    /// Offers sent.
    var offersSent = 0
    /// Offers rescinded.
    var offersRescinded = 0
    /// Offers declined.
    var offersDeclined = 0
    /// Scheduler calls accepted, by call type.
    var schedulerCalls: [String: Int] = [:]
    /// Agent calls accepted.
    var agentCalls = 0
    /// Agents marked unreachable.
    var agentsUnreachable = 0
    /// Agent registrations and re-registrations.
    var agentRegistrations = 0
    /// Framework subscriptions.
    var frameworkSubscriptions = 0
    /// Invalid launches (TASK_ERROR or invalid offers).
    var invalidLaunches = 0
    /// Status updates received from agents.
    var statusUpdates = 0
    /// Acknowledgements relayed to agents.
    var acknowledgements = 0
}
