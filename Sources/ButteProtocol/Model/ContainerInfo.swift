// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

// Source: https://github.com/apache/mesos/blob/1.11.0/include/mesos/v1/mesos.proto (Mesos 1.11)
/// How a task or executor is containerized.
public struct ContainerInfo: Codable, Hashable, Sendable {
    /// MESOS or DOCKER; an unknown name is an error.
    public var type: Kind

    /// Volumes mounted into the container.
    public var volumes: [Volume]

    /// Host name inside the container.
    public var hostname: String?

    /// Settings of a DOCKER container.
    public var docker: DockerInfo?

    /// Settings of a MESOS container.
    public var mesos: MesosInfo?

    /// Networks to join (MESOS containers).
    public var networkInfos: [NetworkInfo]

    /// Linux-specific settings.
    public var linuxInfo: LinuxInfo?

    /// Resource limits (setrlimit).
    public var rlimitInfo: RLimitInfo?

    /// Allocate a TTY.
    public var ttyInfo: TTYInfo?

    /// Creates a value; optional fields default to unset and repeated fields to empty.
    public init(
        type: Kind,
        volumes: [Volume] = [],
        hostname: String? = nil,
        docker: DockerInfo? = nil,
        mesos: MesosInfo? = nil,
        networkInfos: [NetworkInfo] = [],
        linuxInfo: LinuxInfo? = nil,
        rlimitInfo: RLimitInfo? = nil,
        ttyInfo: TTYInfo? = nil
    ) {
        self.type = type
        self.volumes = volumes
        self.hostname = hostname
        self.docker = docker
        self.mesos = mesos
        self.networkInfos = networkInfos
        self.linuxInfo = linuxInfo
        self.rlimitInfo = rlimitInfo
        self.ttyInfo = ttyInfo
    }

    enum CodingKeys: String, CodingKey {
        case type
        case volumes
        case hostname
        case docker
        case mesos
        case networkInfos = "network_infos"
        case linuxInfo = "linux_info"
        case rlimitInfo = "rlimit_info"
        case ttyInfo = "tty_info"
    }
}

extension ContainerInfo {
    /// Container kinds.
    public struct Kind: ProtocolEnum {
        /// The Mesos name of the value, e.g. as it appears in JSON.
        public let rawValue: String

        /// Wraps a Mesos name; names unknown to Butte are representable but not ``isKnown``.
        public init(rawValue: String) {
            self.rawValue = rawValue
        }

        /// `MESOS`.
        public static let mesos = Self(rawValue: "MESOS")
        /// `DOCKER`.
        public static let docker = Self(rawValue: "DOCKER")

        /// Every value this version of Butte knows.
        public static let known: Swift.Set<Self> = [
            .mesos,
            .docker,
        ]
    }
}

extension ContainerInfo {
    /// A container run from a Docker image with Docker semantics.
    public struct DockerInfo: Codable, Hashable, Sendable {
        /// Image reference, e.g. `nginx` or `library/nginx:1.25`.
        public var image: String

        /// Network mode (HOST when unset).
        public var network: Network?

        /// Host port to container port mappings (BRIDGE/USER).
        public var portMappings: [PortMapping]

        /// Run privileged.
        public var privileged: Bool?

        /// Extra `docker run` parameters.
        public var parameters: [Parameter]

        /// Pull the image even when cached.
        public var forcePullImage: Bool?

        /// Creates a value; optional fields default to unset and repeated fields to empty.
        public init(
            image: String,
            network: Network? = nil,
            portMappings: [PortMapping] = [],
            privileged: Bool? = nil,
            parameters: [Parameter] = [],
            forcePullImage: Bool? = nil
        ) {
            self.image = image
            self.network = network
            self.portMappings = portMappings
            self.privileged = privileged
            self.parameters = parameters
            self.forcePullImage = forcePullImage
        }

        enum CodingKeys: String, CodingKey {
            case image
            case network
            case portMappings = "port_mappings"
            case privileged
            case parameters
            case forcePullImage = "force_pull_image"
        }
    }
}

extension ContainerInfo.DockerInfo {
    /// Docker network modes.
    public struct Network: ProtocolEnum {
        /// The Mesos name of the value, e.g. as it appears in JSON.
        public let rawValue: String

        /// Wraps a Mesos name; names unknown to Butte are representable but not ``isKnown``.
        public init(rawValue: String) {
            self.rawValue = rawValue
        }

        /// `HOST`.
        public static let host = Self(rawValue: "HOST")
        /// `BRIDGE`.
        public static let bridge = Self(rawValue: "BRIDGE")
        /// `NONE`: a network namespace of its own with only loopback.
        public static let loopbackOnly = Self(rawValue: "NONE")
        /// `USER`.
        public static let user = Self(rawValue: "USER")

        /// Every value this version of Butte knows.
        public static let known: Swift.Set<Self> = [
            .host,
            .bridge,
            .loopbackOnly,
            .user,
        ]
    }
}

extension ContainerInfo.DockerInfo {
    /// One host port to container port mapping.
    public struct PortMapping: Codable, Hashable, Sendable {
        /// Port on the host (must lie in the offered `ports`).
        public var hostPort: UInt32

        /// Port in the container.
        public var containerPort: UInt32

        /// `tcp` (default) or `udp`.
        public var protocolName: String?

        /// Creates a value; optional fields default to unset and repeated fields to empty.
        public init(
            hostPort: UInt32,
            containerPort: UInt32,
            protocolName: String? = nil
        ) {
            self.hostPort = hostPort
            self.containerPort = containerPort
            self.protocolName = protocolName
        }

        enum CodingKeys: String, CodingKey {
            case hostPort = "host_port"
            case containerPort = "container_port"
            case protocolName = "protocol"
        }
    }
}

extension ContainerInfo {
    /// A container run by the agent's own containerizer.
    public struct MesosInfo: Codable, Hashable, Sendable {
        /// Root filesystem image; the host filesystem when unset.
        public var image: Image?

        /// Creates a value; optional fields default to unset and repeated fields to empty.
        public init(
            image: Image? = nil
        ) {
            self.image = image
        }

        enum CodingKeys: String, CodingKey {
            case image
        }
    }
}

extension ContainerInfo {
    /// TTY settings.
    public struct TTYInfo: Codable, Hashable, Sendable {
        /// Initial window size.
        public var windowSize: WindowSize?

        /// Creates a value; optional fields default to unset and repeated fields to empty.
        public init(
            windowSize: WindowSize? = nil
        ) {
            self.windowSize = windowSize
        }

        enum CodingKeys: String, CodingKey {
            case windowSize = "window_size"
        }
    }
}

extension ContainerInfo.TTYInfo {
    /// Terminal window size.
    public struct WindowSize: Codable, Hashable, Sendable {
        /// Rows.
        public var rows: UInt32

        /// Columns.
        public var columns: UInt32

        /// Creates a value; optional fields default to unset and repeated fields to empty.
        public init(
            rows: UInt32,
            columns: UInt32
        ) {
            self.rows = rows
            self.columns = columns
        }

        enum CodingKeys: String, CodingKey {
            case rows
            case columns
        }
    }
}
