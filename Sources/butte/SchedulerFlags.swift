// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteCore

/// The flags of `butte scheduler`, with Marathon's names and defaults.
enum SchedulerFlags {
    /// Marathon's packages keep one file per flag here.
    static let configDirectories = ["/etc/marathon/conf"]

    static let specs: [FlagSpec] = [
        .value("master", required: true, help: "The Mesos master: host:port or zk://host1:2181,host2:2181/mesos."),
        .value("zk", help: "ZooKeeper URL for the scheduler's state and leader election (default: a local store)."),
        .value("http_port", default: "8080", help: "The port of the REST API and web UI."),
        .value("http_address", help: "The address to listen on (default: all)."),
        .value("hostname", help: "The hostname advertised to Mesos and to other schedulers."),
        .value("framework_name", default: "marathon", help: "The framework name registered with the master."),
        .value("failover_timeout", default: "604800", help: "Seconds the master keeps the scheduler's tasks running while it is disconnected."),
        .value("http_credentials", help: "user:password required for the REST API and web UI (default: none)."),
        .value("mesos_role", help: "The role the scheduler registers with."),
        .value("work_dir", isPath: true, help: "Where the local store keeps apps and deployments when --zk is not given."),
    ]

    static let loader = DaemonFlags(
        command: "butte scheduler",
        specs: specs,
        configDirectories: configDirectories,
        environmentPrefix: "MARATHON_"
    ) { (flags: LoadedFlags) throws(CoreError) in
        _ = try flags.port("http_port")
        if let seconds = try flags.int("failover_timeout"), seconds < 0 {
            throw flags.invalidValue("failover_timeout", expected: "a number of seconds, 0 or more")
        }
    }
}
