// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteCore
import ButteScheduler
import Foundation

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
        .value("work_dir", isPath: true, help: "Where the local store keeps apps and deployments when --zk is not given (default: memory only)."),
        .boolean("allow_privileged", default: false, help: "Allow apps to ask for privileged containers (container.docker.privileged)."),
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
        if let credentials = flags.string("http_credentials"), !credentials.contains(":") {
            throw flags.invalidValue("http_credentials", expected: "user:password")
        }
    }

    /// The scheduler's configuration from validated flags.
    /// - Throws: `CoreError` for settings this build cannot serve (ZooKeeper).
    static func configuration(_ flags: LoadedFlags) throws(CoreError) -> SchedulerConfiguration {
        let master = flags.string("master") ?? ""
        if master.hasPrefix("zk://") || master.hasPrefix("zoo://") {
            throw flags.invalidValue("master", expected: "host:port (finding the master through ZooKeeper is not available in butte scheduler yet)")
        }
        if flags.string("zk") != nil {
            throw flags.invalidValue("zk", expected: "no value: ZooKeeper state is not available in butte scheduler yet; use --work_dir")
        }
        var configuration = SchedulerConfiguration(master: master, hostname: flags.string("hostname") ?? ProcessInfo.processInfo.hostName)
        configuration.httpPort = Int(try flags.port("http_port") ?? 8080)
        configuration.httpAddress = flags.string("http_address") ?? "0.0.0.0"
        configuration.frameworkName = flags.string("framework_name") ?? "marathon"
        configuration.failoverTimeout = Double(try flags.int("failover_timeout") ?? 604_800)
        if let credentials = flags.string("http_credentials"), let colon = credentials.firstIndex(of: ":") {
            configuration.httpCredentials = (String(credentials[..<colon]), String(credentials[credentials.index(after: colon)...]))
        }
        configuration.mesosRole = flags.string("mesos_role")
        configuration.workDir = flags.string("work_dir")
        configuration.allowPrivileged = try flags.bool("allow_privileged")
        return configuration
    }
}
