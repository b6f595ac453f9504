// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

/// A Marathon app definition: what to run, how many, with which resources, container, ports and checks.
///
/// Built from request JSON by ``AppDefinition/parse(_:options:)`` (which also validates it) and written back by
/// ``AppDefinition/json()`` with exactly the keys Marathon clients accept.
public struct AppDefinition: Hashable, Sendable {
    /// The app id.
    public var id: PathID
    /// Shell command (`/bin/sh -c`).
    public var cmd: String?
    /// Arguments run without a shell.
    public var args: [String]?
    /// The user tasks run as.
    public var user: String?
    /// Environment variables: a value, or a reference to a secret.
    public var env: [String: EnvironmentValue] = [:]
    /// Desired number of tasks.
    public var instances: Int = 1
    /// CPUs per task.
    public var cpus: Double = 1
    /// Memory per task in MiB.
    public var mem: Double = 128
    /// Disk per task in MiB.
    public var disk: Double = 0
    /// GPUs per task.
    public var gpus: Int = 0
    /// Custom executor (empty: the command executor).
    public var executor: String = ""
    /// Placement constraints.
    public var constraints: [Constraint] = []
    /// Artifacts fetched into the sandbox.
    public var fetch: [FetchURI] = []
    /// Legacy `storeUrls`.
    public var storeUrls: [String] = []
    /// Ports of host-networked apps.
    public var portDefinitions: [PortDefinition] = []
    /// Whether host ports must equal the declared ports.
    public var requirePorts: Bool = false
    /// Launch delay after a failure, in seconds.
    public var backoffSeconds: Double = 1
    /// Multiplier of the delay per consecutive failure.
    public var backoffFactor: Double = 1.15
    /// Cap on the launch delay, in seconds.
    public var maxLaunchDelaySeconds: Double = 300
    /// The container, if any.
    public var container: AppContainer?
    /// Health checks.
    public var healthChecks: [AppHealthCheck] = []
    /// Readiness checks, kept as given.
    public var readinessChecks: [JSON] = []
    /// Apps that must be deployed first.
    public var dependencies: [PathID] = []
    /// Rolling upgrade bounds.
    public var upgradeStrategy = UpgradeStrategy()
    /// Labels.
    public var labels: [String: String] = [:]
    /// Roles whose resources the app may use.
    public var acceptedResourceRoles: [String]?
    /// The role of the app's tasks.
    public var role: String?
    /// Networks: host, container/bridge or a named container network.
    public var networks: [AppNetwork] = [AppNetwork(mode: .host)]
    /// Which tasks to kill first when scaling down.
    public var killSelection: String = "YOUNGEST_FIRST"
    /// What to do with unreachable tasks, kept as given.
    public var unreachableStrategy: JSON = .object(["inactiveAfterSeconds": 0, "expungeAfterSeconds": 0])
    /// SIGTERM to SIGKILL delay.
    public var taskKillGracePeriodSeconds: Double?
    /// Secrets, kept as given.
    public var secrets: [String: JSON] = [:]
    /// Residency (persistent volumes), kept as given.
    public var residency: JSON?
    /// The version: the time of the last change.
    public var version: Timestamp = Timestamp(milliseconds: 0)
    /// The time of the last change of anything but `instances`.
    public var lastConfigChangeAt: Timestamp = Timestamp(milliseconds: 0)
    /// The time of the last change of `instances`.
    public var lastScalingAt: Timestamp = Timestamp(milliseconds: 0)

    /// An app with defaults.
    public init(id: PathID) {
        self.id = id
    }

    /// Whether the app uses host networking.
    public var usesHostNetwork: Bool {
        networks.isEmpty || networks.contains { $0.mode == .host }
    }

    /// Whether the app runs in a bridge network (port mappings with host ports).
    public var usesBridgeNetwork: Bool {
        networks.contains { $0.mode == .containerBridge }
    }

    /// The port mappings of a non-host network.
    public var portMappings: [PortMapping] {
        usesHostNetwork ? [] : (container?.portMappings ?? [])
    }

    /// Host ports each task needs: one per port definition (host networking) or per mapping with a host port.
    public var hostPortRequests: [UInt32?] {
        if usesHostNetwork {
            return portDefinitions.map { requirePorts ? $0.port : nil }
        }
        return portMappings.compactMap { mapping -> UInt32?? in
            guard let hostPort = mapping.hostPort else { return nil }
            return .some(hostPort == 0 ? nil : hostPort)
        }
    }

    /// Service ports, in port order.
    public var servicePorts: [UInt32] {
        usesHostNetwork ? portDefinitions.map(\.port) : portMappings.map { $0.servicePort }
    }

    /// Whether the two definitions differ in anything but `instances` and version fields.
    public func differsInConfig(from other: AppDefinition) -> Bool {
        var left = self
        var right = other
        left.instances = 0
        right.instances = 0
        left.version = Timestamp(milliseconds: 0)
        right.version = left.version
        left.lastConfigChangeAt = left.version
        right.lastConfigChangeAt = left.version
        left.lastScalingAt = left.version
        right.lastScalingAt = left.version
        return left != right
    }
}

/// A value of `env`: a plain string or `{"secret": "name"}`.
public enum EnvironmentValue: Hashable, Sendable {
    case value(String)
    case secret(String)
}

/// One artifact of `fetch`.
public struct FetchURI: Hashable, Sendable {
    /// The URI.
    public var uri: String
    /// Whether to extract archives.
    public var extract: Bool = true
    /// Whether to mark the file executable.
    public var executable: Bool = false
    /// Whether the fetcher may cache it.
    public var cache: Bool = false
    /// Destination file name in the sandbox.
    public var destPath: String?
}

/// A port of a host-networked app.
public struct PortDefinition: Hashable, Sendable {
    /// The service port (0 before one is allocated).
    public var port: UInt32
    /// `tcp`, `udp` or `udp,tcp`.
    public var protocolName: String = "tcp"
    /// Optional name.
    public var name: String?
    /// Labels.
    public var labels: [String: String] = [:]
}

/// A port mapping of a container in a non-host network.
public struct PortMapping: Hashable, Sendable {
    /// Port inside the container.
    public var containerPort: UInt32
    /// Port on the host (0: one from the offer; nil: none, container networks only).
    public var hostPort: UInt32?
    /// The service port (0 before one is allocated).
    public var servicePort: UInt32 = 0
    /// `tcp`, `udp` or `udp,tcp`.
    public var protocolName: String = "tcp"
    /// Optional name.
    public var name: String?
    /// Labels.
    public var labels: [String: String] = [:]
    /// Networks this mapping applies to.
    public var networkNames: [String] = []
}

/// Rolling upgrade bounds.
public struct UpgradeStrategy: Hashable, Sendable {
    /// Fraction of instances that must stay healthy.
    public var minimumHealthCapacity: Double = 1
    /// Fraction of instances that may run in addition.
    public var maximumOverCapacity: Double = 1
}

/// One entry of `networks`.
public struct AppNetwork: Hashable, Sendable {
    /// Network modes.
    public enum Mode: String, Hashable, Sendable {
        case host
        case containerBridge = "container/bridge"
        case container
    }

    /// The mode.
    public var mode: Mode
    /// The network name (container mode).
    public var name: String?
    /// Labels.
    public var labels: [String: String] = [:]
}

/// The container of an app.
public struct AppContainer: Hashable, Sendable {
    /// `DOCKER` or `MESOS`.
    public var type: String = "DOCKER"
    /// The image and its options.
    public var docker: DockerSettings?
    /// Port mappings (non-host networks).
    public var portMappings: [PortMapping] = []
    /// Volumes.
    public var volumes: [AppVolume] = []
}

/// `container.docker`.
public struct DockerSettings: Hashable, Sendable {
    /// The image reference.
    public var image: String
    /// Whether to pull even when the image is present.
    public var forcePullImage: Bool = false
    /// Whether to extend runtime privileges.
    public var privileged: Bool = false
    /// Runtime parameters.
    public var parameters: [DockerParameter] = []
}

/// A key/value runtime parameter.
public struct DockerParameter: Hashable, Sendable {
    /// The key.
    public var key: String
    /// The value.
    public var value: String
}

/// A volume of a container.
public struct AppVolume: Hashable, Sendable {
    /// Path inside the container.
    public var containerPath: String
    /// Host path (host volumes).
    public var hostPath: String?
    /// `RO` or `RW`.
    public var mode: String = "RW"
    /// Persistent volume settings, kept as given.
    public var persistent: JSON?
    /// External volume settings, kept as given.
    public var external: JSON?
}

/// A health check of an app.
public struct AppHealthCheck: Hashable, Sendable {
    /// `HTTP`, `HTTPS`, `TCP`, `COMMAND`, `MESOS_HTTP`, `MESOS_HTTPS` or `MESOS_TCP`.
    public var protocolName: String = "HTTP"
    /// HTTP path.
    public var path: String?
    /// Index into the task's ports.
    public var portIndex: Int?
    /// A fixed port.
    public var port: UInt32?
    /// Command of a COMMAND check.
    public var command: String?
    /// Seconds during which failures are ignored until the first success.
    public var gracePeriodSeconds: Double = 300
    /// Seconds between checks.
    public var intervalSeconds: Double = 60
    /// Seconds before a check counts as failed.
    public var timeoutSeconds: Double = 20
    /// Failures in a row before the task is killed (0: never).
    public var maxConsecutiveFailures: Int = 3
    /// Seconds before the first check (agent-side checks).
    public var delaySeconds: Double = 15
    /// Whether 1xx answers are ignored.
    public var ignoreHttp1xx: Bool = false
    /// `IPv4` or `IPv6` (agent-side checks).
    public var ipProtocol: String?

    /// Whether the scheduler itself probes (HTTP, HTTPS, TCP) rather than the agent.
    public var probedByScheduler: Bool {
        ["HTTP", "HTTPS", "TCP"].contains(protocolName)
    }
}
