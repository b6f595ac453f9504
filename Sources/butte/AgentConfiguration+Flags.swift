// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteAgent
import ButteCore
import ButteMaster

extension AgentConfiguration {
    /// The configuration `butte agent` runs with, from its validated flags.
    static func from(flags: LoadedFlags) throws -> AgentConfiguration {
        let master = flags.string("master") ?? ""
        if master.hasPrefix("zk://") || master.hasPrefix("file://") {
            throw NotSupportedError(feature: "An agent with --master=\(master.prefix(5))… (leader detection)")
        }
        guard let workDir = flags.string("work_dir") else { throw UsageError(sentence: "Flag '--work_dir' is required.") }
        let ip = flags.string("ip") ?? "0.0.0.0"
        let hostname = try flags.string("hostname") ?? MasterConfiguration.defaultHostname(ip: ip, lookup: try flags.bool("hostname_lookup"))
        var configuration = AgentConfiguration(
            master: master, workDir: workDir, hostname: hostname, ip: ip, port: Int(try flags.port("port") ?? 5051))
        configuration.runtimeDir = flags.string("runtime_dir") ?? configuration.runtimeDir
        configuration.advertiseIP = flags.string("advertise_ip")
        configuration.defaultRole = flags.string("default_role") ?? ButteCore.Resource.unreservedRole
        configuration.resources = try flags.resources("resources", defaultRole: configuration.defaultRole)
        configuration.attributes = try flags.attributes("attributes") ?? []
        configuration.dockerStoreDir = flags.string("docker_store_dir") ?? configuration.dockerStoreDir
        configuration.dockerRegistry = flags.string("docker_registry") ?? configuration.dockerRegistry
        configuration.sandboxDirectory = flags.string("sandbox_directory") ?? configuration.sandboxDirectory
        configuration.executorEnvironment = try flags.json("executor_environment_variables", as: [String: String].self) ?? [:]
        configuration.flags = flags.effectiveValues
        return configuration
    }
}
