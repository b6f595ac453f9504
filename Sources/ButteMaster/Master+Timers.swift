// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteProtocol

extension Master {
    /// Checks every deadline at the clock's current instant and runs the allocator when due.
    ///
    /// In order: heartbeats on idle streams, framework failover timeouts, agent ping timeouts, re-registration
    /// deadlines of agents from the registry, offer timeouts, then allocation (every `--allocation_interval`, or
    /// at once after something changed what can be offered).
    public func tick() {
        let now = clock.now
        let interval = configuration.heartbeatInterval
        for (frameworkID, record) in frameworks where record.connected && record.lastHeartbeat + interval <= now {
            record.stream?.send(SchedulerEvent.heartbeat)
            frameworks[frameworkID]?.lastHeartbeat = now
        }
        for (agentID, record) in agents where record.active && record.lastHeartbeat + interval <= now {
            record.stream?.send(AgentEvent.heartbeat)
            agents[agentID]?.lastHeartbeat = now
        }

        for (frameworkID, record) in frameworks {
            guard let since = record.disconnectedAt else { continue }
            let timeout = Duration.nanoseconds(Int64(max(0, min(record.info.failoverTimeout ?? 0, 1e9)) * 1e9))
            if since + timeout <= now { removeFramework(frameworkID, reason: "failover timeout elapsed") }
        }

        let silence = configuration.agentPingTimeout * configuration.maxAgentPingTimeouts
        for (agentID, record) in agents where record.lastSeen + silence <= now {
            markUnreachable(agentID)
        }

        var expired = false
        for (agentID, recovered) in recoveredAgents where recovered.deadline <= now {
            recoveredAgents[agentID] = nil
            logger.warning("agent \(agentID.value) from the registry did not re-register within \(configuration.agentReregisterTimeout)")
            unreachableAgents[agentID] = (recovered.info, clock.wallTime)
            expired = true
        }
        if expired { persist() }

        for (offerID, record) in offers {
            if let expires = record.expires, expires <= now { discardOffer(offerID, rescind: true) }
        }

        if allocationRequested || lastAllocation.map({ $0 + configuration.allocationInterval <= now }) ?? true {
            allocate()
        }
    }
}
