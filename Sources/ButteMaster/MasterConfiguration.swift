// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteCore
import ButteHTTP

/// The settings of a master, as read from its flags.
public struct MasterConfiguration: Sendable {
    /// The address to listen on.
    public var ip: String

    /// The port to listen on (0 picks a free port; see ``MasterServer/boundPort``).
    public var port: Int

    /// The hostname advertised in MasterInfo and state.
    public var hostname: String

    /// The address advertised to clients, when it differs from `ip`.
    public var advertiseIP: String?

    /// The port advertised to clients, when it differs from `port`.
    public var advertisePort: Int?

    /// Where the registry file lives; nil keeps the registry in memory.
    public var workDir: String?

    /// The cluster name shown in state.
    public var cluster: String?

    /// How long offers stay outstanding before they are rescinded; nil: forever.
    public var offerTimeout: Duration?

    /// How often the allocator runs at most.
    public var allocationInterval: Duration

    /// How long an agent may stay silent before one ping counts as missed.
    public var agentPingTimeout: Duration

    /// How many missed pings make an agent unreachable.
    public var maxAgentPingTimeouts: Int

    /// How long agents known from the registry get to re-register after the master started.
    public var agentReregisterTimeout: Duration

    /// How often the master heartbeats on event streams.
    public var heartbeatInterval: Duration

    /// The roles frameworks may subscribe with; nil allows any valid role.
    public var roles: Set<String>?

    /// Role weights for fair sharing.
    public var weights: [String: Double]

    /// The credentials required from HTTP frameworks, when `--authenticate_http_frameworks` is set.
    public var frameworkCredentials: Credentials?

    /// The credentials required on state-changing operator endpoints (`--authenticate_http_readwrite`).
    public var readwriteCredentials: Credentials?

    /// The credentials required on read-only endpoints (`--authenticate_http_readonly`).
    public var readonlyCredentials: Credentials?

    /// How many torn-down frameworks state keeps.
    public var maxCompletedFrameworks: Int

    /// How many finished tasks state keeps per framework.
    public var maxCompletedTasksPerFramework: Int

    /// The flags as given, for `/master/flags` and GET_FLAGS.
    public var flags: [String: String]

    /// Creates a configuration with Mesos' defaults.
    public init(
        ip: String = "127.0.0.1",
        port: Int = 5050,
        hostname: String = "localhost",
        workDir: String? = nil,
        offerTimeout: Duration? = nil,
        allocationInterval: Duration = .seconds(1),
        agentPingTimeout: Duration = .seconds(15),
        maxAgentPingTimeouts: Int = 5,
        agentReregisterTimeout: Duration = .seconds(600),
        heartbeatInterval: Duration = .seconds(15)
    ) {
        self.ip = ip
        self.port = port
        self.hostname = hostname
        self.workDir = workDir
        self.offerTimeout = offerTimeout
        self.allocationInterval = allocationInterval
        self.agentPingTimeout = agentPingTimeout
        self.maxAgentPingTimeouts = maxAgentPingTimeouts
        self.agentReregisterTimeout = agentReregisterTimeout
        self.heartbeatInterval = heartbeatInterval
        self.weights = [:]
        self.maxCompletedFrameworks = 50
        self.maxCompletedTasksPerFramework = 1000
        self.flags = [:]
    }

    /// The heartbeat interval in seconds, as sent in SUBSCRIBED.
    var heartbeatSeconds: Double {
        Double(heartbeatInterval.components.seconds) + Double(heartbeatInterval.components.attoseconds) / 1e18
    }
}
