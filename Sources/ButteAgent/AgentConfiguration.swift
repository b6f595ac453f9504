// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteCore
import ButteImage

/// How an agent runs: where its master is, where it keeps sandboxes and images, what it offers.
public struct AgentConfiguration: Sendable {
    /// The master's `host:port`.
    public var master: String
    /// Sandboxes live under `<workDir>/slaves/<agent id>/…`.
    public var workDir: String
    /// Per-container runtime state (the launcher's runtime directory is `<runtimeDir>/butte`).
    public var runtimeDir: String
    /// The address the HTTP server binds.
    public var ip: String
    /// The HTTP port (5051); 0 picks a free one.
    public var port: Int
    /// The address the master and tasks use to reach the agent (`MESOS_AGENT_ENDPOINT`).
    public var advertiseIP: String?
    /// The hostname reported to the master.
    public var hostname: String
    /// Total resources offered; nil detects them from the host.
    public var resources: Resources?
    /// Attributes reported to the master.
    public var attributes: [ButteCore.Attribute]
    /// The role of detected resources.
    public var defaultRole: String
    /// The image store directory (`--docker_store_dir`).
    public var dockerStoreDir: String
    /// The default registry (`--docker_registry`); an `http://` one is reached over plain HTTP.
    public var dockerRegistry: String
    /// Grace period between SIGTERM and SIGKILL when a task's kill policy gives none.
    public var killGracePeriod: Duration
    /// Where the sandbox appears inside image containers (`--sandbox_directory`).
    public var sandboxDirectory: String
    /// Extra variables for every task (`--executor_environment_variables`).
    public var executorEnvironment: [String: String]
    /// First retry interval of an unacknowledged status update (doubles up to ``statusUpdateMaxRetry``).
    public var statusUpdateRetry: Duration
    /// Longest interval between retries of a status update.
    public var statusUpdateMaxRetry: Duration
    /// First pause before re-subscribing after the master connection failed (doubles up to a minute).
    public var reconnectBackoff: Duration
    /// Every flag as given, for `/flags`.
    public var flags: [String: String]

    /// Creates a configuration with Mesos's defaults.
    public init(master: String, workDir: String, hostname: String = "127.0.0.1", ip: String = "0.0.0.0", port: Int = 5051) {
        self.master = master
        self.workDir = workDir
        self.runtimeDir = workDir + "/run"
        self.ip = ip
        self.port = port
        self.advertiseIP = nil
        self.hostname = hostname
        self.resources = nil
        self.attributes = []
        self.defaultRole = ButteCore.Resource.unreservedRole
        self.dockerStoreDir = "/tmp/mesos/store/docker"
        self.dockerRegistry = "https://registry-1.docker.io"
        self.killGracePeriod = .seconds(3)
        self.sandboxDirectory = "/mnt/mesos/sandbox"
        self.executorEnvironment = [:]
        self.statusUpdateRetry = .seconds(10)
        self.statusUpdateMaxRetry = .seconds(600)
        self.reconnectBackoff = .seconds(1)
        self.flags = [:]
    }

    /// The registry settings for the image store: a `--docker_registry` given as `http://host:port` is insecure.
    public var registryConfiguration: RegistryConfiguration {
        var insecure: Set<String> = []
        if dockerRegistry.hasPrefix("http://") {
            let authority = dockerRegistry.dropFirst("http://".count).split(separator: "/").first.map(String.init) ?? ""
            if !authority.isEmpty { insecure.insert(authority) }
        }
        return RegistryConfiguration(insecureRegistries: insecure, userAgent: "butte-agent")
    }

    /// The registry domain (`host[:port]`) of `--docker_registry`, or nil for Docker Hub.
    public var defaultRegistryDomain: String? {
        var text = dockerRegistry
        for scheme in ["http://", "https://"] where text.hasPrefix(scheme) { text = String(text.dropFirst(scheme.count)) }
        let authority = text.split(separator: "/").first.map(String.init) ?? ""
        if authority.isEmpty || authority == "registry-1.docker.io" || authority == "index.docker.io" || authority == "docker.io" { return nil }
        return authority
    }
}
