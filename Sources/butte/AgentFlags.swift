// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteCore

/// The flags of `butte agent`, with Mesos's names, formats and defaults.
enum AgentFlags {
    /// Where operators keep one file per flag, newest layout first.
    static let configDirectories = ["/etc/mesos-agent", "/etc/mesos-slave"]

    static let specs: [FlagSpec] = [
        .value("master", required: true, help: "The master to register with: host:port, zk://host1:port1,host2:port2/path or file:///path."),
        .value("work_dir", required: true, isPath: true, help: "Where the agent keeps sandboxes, checkpoints and images."),
        .value("runtime_dir", default: "/var/run/mesos", isPath: true, help: "Where the agent keeps runtime state that must not outlive a reboot."),
        .value("ip", help: "The IP address to listen on."),
        .value("port", default: "5051", help: "The port to listen on."),
        .value("advertise_ip", help: "The IP address the master and executors use to reach this agent."),
        .value("advertise_port", help: "The port the master and executors use to reach this agent."),
        .value("hostname", help: "The hostname the agent reports to the master (default: found by address lookup)."),
        .boolean("hostname_lookup", default: true, help: "Whether to find the hostname by reverse lookup of the IP address."),
        .value("resources", help: "Total consumable resources, e.g. 'cpus:4;mem:2048;ports:[31000-32000]' or a JSON array (default: detected)."),
        .value("attributes", help: "Attributes of this machine, e.g. 'rack:r1;zone:a'."),
        .value("default_role", default: "*", help: "The role resources are reserved for when --resources names none."),
        .value("containerizers", default: "mesos", help: "Containerizers in order of preference: 'mesos', 'docker' (both are Butte's own runtime)."),
        .value(
            "isolation", default: "posix/cpu,posix/mem",
            help:
                "Isolators to use, comma separated (cgroups/cpu, cgroups/mem, cgroups/pids, namespaces/pid, filesystem/linux, docker/runtime, network/cni, ...)."
        ),
        .value("image_providers", help: "Image types the agent can provision, e.g. 'docker'."),
        .value("docker_registry", default: "https://registry-1.docker.io", help: "The default registry for Docker images."),
        .value("docker_store_dir", default: "/tmp/mesos/store/docker", isPath: true, help: "Where pulled image layers are stored."),
        .value("executor_registration_timeout", default: "1mins", help: "How long an executor may take to subscribe before it is destroyed."),
        .value("executor_shutdown_grace_period", default: "5secs", help: "How long an executor gets to shut down before it is killed."),
        .value("executor_reregistration_timeout", default: "2secs", help: "How long executors get to reconnect after an agent restart."),
        .value("recovery_timeout", default: "15mins", help: "How long executors wait for a restarted agent before exiting."),
        .value("recover", default: "reconnect", help: "After a restart, 'reconnect' to running executors or 'cleanup' (kill them)."),
        .boolean("strict", default: true, help: "Whether recovery errors stop the agent instead of being skipped."),
        .value("cgroups_root", default: "mesos", help: "The cgroup under which containers' cgroups are created."),
        .value("sandbox_directory", default: "/mnt/mesos/sandbox", isPath: true, help: "Where the sandbox appears inside containers."),
        .boolean("switch_user", default: true, help: "Whether tasks run as the user given in their CommandInfo."),
        .value("executor_environment_variables", help: "A JSON object of environment variables for executors."),
        .value("network_cni_config_dir", isPath: true, help: "The directory of CNI network configuration files."),
        .value("network_cni_plugins_dir", isPath: true, help: "The directories of CNI plugin binaries, colon separated."),
        .value("launcher", help: "The launcher: 'linux' (default as root) or 'posix'."),
        .boolean("authenticate_http_readwrite", default: false, help: "Whether HTTP endpoints that change state require authentication."),
        .boolean("authenticate_http_readonly", default: false, help: "Whether read-only HTTP endpoints require authentication."),
    ]

    static let loader = DaemonFlags(
        command: "butte agent",
        specs: specs,
        configDirectories: configDirectories,
        zkFile: "/etc/mesos/zk"
    ) { (flags: LoadedFlags) throws(CoreError) in
        for name in ["port", "advertise_port"] { _ = try flags.port(name) }
        for name in [
            "executor_registration_timeout", "executor_shutdown_grace_period", "executor_reregistration_timeout", "recovery_timeout",
        ] {
            _ = try flags.duration(name)
        }
        let defaultRole = flags.string("default_role") ?? Resource.unreservedRole
        _ = try flags.resources("resources", defaultRole: defaultRole)
        _ = try flags.attributes("attributes")
        _ = try flags.choice("recover", of: ["reconnect", "cleanup"])
        _ = try flags.choice("launcher", of: ["linux", "posix"])
        _ = try flags.json("executor_environment_variables", as: [String: String].self)
        try flags.checkList("containerizers", allowed: ["mesos", "docker"])
        try flags.checkList("image_providers", allowed: ["docker"])
        try flags.checkList(
            "isolation",
            allowed: [
                "cgroups/cpu", "cgroups/mem", "cgroups/pids", "cgroups/all", "namespaces/pid", "filesystem/linux", "filesystem/posix",
                "docker/runtime", "network/cni", "posix/cpu", "posix/mem",
            ]
        )
    }
}
