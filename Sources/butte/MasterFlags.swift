// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteCore

/// The flags of `butte master`, with Mesos's names, formats and defaults.
enum MasterFlags {
    /// Where operators keep one file per flag.
    static let configDirectories = ["/etc/mesos-master"]

    static let specs: [FlagSpec] = [
        .value("ip", help: "The IP address to listen on."),
        .value("port", default: "5050", help: "The port to listen on."),
        .value("advertise_ip", help: "The IP address agents and frameworks use to reach this master."),
        .value("advertise_port", help: "The port agents and frameworks use to reach this master."),
        .value("hostname", help: "The hostname the master advertises (default: found by address lookup)."),
        .boolean("hostname_lookup", default: true, help: "Whether to find the hostname by reverse lookup of the IP address."),
        .value("work_dir", isPath: true, help: "Where the master keeps its registry in standalone mode."),
        .value("zk", help: "ZooKeeper URL for leader election and the registry, e.g. zk://host1:2181,host2:2181/mesos."),
        .value("quorum", help: "The number of masters that form a quorum when --zk is given."),
        .value("cluster", help: "A human-readable name for the cluster."),
        .value("registry", default: "replicated_log", help: "Where the registry is kept: 'replicated_log' (persistent) or 'in_memory'."),
        .value("offer_timeout", help: "How long an offer stays outstanding before it is rescinded (default: never)."),
        .value("allocation_interval", default: "1secs", help: "How often offers are made."),
        .value("agent_ping_timeout", default: "15secs", help: "How long the master waits for an agent to answer a ping."),
        .value("max_agent_ping_timeouts", default: "5", help: "How many missed pings mark an agent unreachable."),
        .value("agent_reregister_timeout", default: "10mins", help: "How long agents get to re-register after a master failover."),
        .value("roles", help: "Comma-separated list of roles frameworks may use (default: any)."),
        .value("weights", help: "Role weights for fair sharing, e.g. 'web=2,batch=1'."),
        .boolean("authenticate_frameworks", default: false, help: "Whether frameworks must authenticate."),
        .boolean("authenticate_http_frameworks", default: false, help: "Whether HTTP frameworks must authenticate."),
        .boolean("authenticate_http_readwrite", default: false, help: "Whether HTTP endpoints that change state require authentication."),
        .boolean("authenticate_http_readonly", default: false, help: "Whether read-only HTTP endpoints require authentication."),
        .value("credentials", isPath: true, help: "A JSON file of principals and secrets for authentication."),
        .value("max_completed_frameworks", default: "50", help: "How many completed frameworks to keep in memory."),
        .value("max_completed_tasks_per_framework", default: "1000", help: "How many completed tasks per framework to keep in memory."),
    ]

    static let loader = DaemonFlags(
        command: "butte master",
        specs: specs,
        configDirectories: configDirectories,
        zkFile: "/etc/mesos/zk"
    ) { (flags: LoadedFlags) throws(CoreError) in
        for name in ["port", "advertise_port"] { _ = try flags.port(name) }
        for name in ["offer_timeout", "allocation_interval", "agent_ping_timeout", "agent_reregister_timeout"] {
            _ = try flags.duration(name)
        }
        for name in ["quorum", "max_agent_ping_timeouts", "max_completed_frameworks", "max_completed_tasks_per_framework"] {
            if let number = try flags.int(name), number < 1 { throw flags.invalidValue(name, expected: "a positive integer") }
        }
        _ = try flags.choice("registry", of: ["replicated_log", "in_memory"])
        if flags.isSet("zk") && !flags.isSet("quorum") {
            throw CoreError(.missingFlag, "Flag '--quorum' is required when '--zk' is given.")
        }
    }
}
