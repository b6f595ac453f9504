// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

// Source: https://github.com/apache/mesos/blob/1.11.0/include/mesos/v1/mesos.proto (Mesos 1.11)
/// A volume mounted into a container.
public struct Volume: Codable, Hashable, Sendable {
    /// RW or RO.
    public var mode: Mode?

    /// Path in the container.
    public var containerPath: String

    /// Host path (legacy form).
    public var hostPath: String?

    /// Image whose root filesystem is mounted.
    public var image: Image?

    /// Volume source.
    public var source: Source?

    /// Creates a value; optional fields default to unset and repeated fields to empty.
    public init(
        mode: Mode? = nil,
        containerPath: String,
        hostPath: String? = nil,
        image: Image? = nil,
        source: Source? = nil
    ) {
        self.mode = mode
        self.containerPath = containerPath
        self.hostPath = hostPath
        self.image = image
        self.source = source
    }

    enum CodingKeys: String, CodingKey {
        case mode
        case containerPath = "container_path"
        case hostPath = "host_path"
        case image
        case source
    }
}

extension Volume {
    /// Mount mode.
    public struct Mode: ProtocolEnum {
        /// The Mesos name of the value, e.g. as it appears in JSON.
        public let rawValue: String

        /// Wraps a Mesos name; names unknown to Butte are representable but not ``isKnown``.
        public init(rawValue: String) {
            self.rawValue = rawValue
        }

        /// `RW`.
        public static let rw = Self(rawValue: "RW")
        /// `RO`.
        public static let ro = Self(rawValue: "RO")

        /// Every value this version of Butte knows.
        public static let known: Swift.Set<Self> = [
            .rw,
            .ro,
        ]
    }
}

extension Volume {
    /// Where a volume comes from.
    public struct Source: Codable, Hashable, Sendable {
        /// Which of the fields below is set.
        public var type: Kind?

        /// A Docker volume driver volume.
        public var dockerVolume: DockerVolume?

        /// A host directory.
        public var hostPath: HostPath?

        /// A directory in this or the parent sandbox.
        public var sandboxPath: SandboxPath?

        /// A secret as a file.
        public var secret: Secret?

        /// Creates a value; optional fields default to unset and repeated fields to empty.
        public init(
            type: Kind? = nil,
            dockerVolume: DockerVolume? = nil,
            hostPath: HostPath? = nil,
            sandboxPath: SandboxPath? = nil,
            secret: Secret? = nil
        ) {
            self.type = type
            self.dockerVolume = dockerVolume
            self.hostPath = hostPath
            self.sandboxPath = sandboxPath
            self.secret = secret
        }

        enum CodingKeys: String, CodingKey {
            case type
            case dockerVolume = "docker_volume"
            case hostPath = "host_path"
            case sandboxPath = "sandbox_path"
            case secret
        }
    }
}

extension Volume.Source {
    /// Volume source kinds.
    public struct Kind: ProtocolEnum {
        /// The Mesos name of the value, e.g. as it appears in JSON.
        public let rawValue: String

        /// Wraps a Mesos name; names unknown to Butte are representable but not ``isKnown``.
        public init(rawValue: String) {
            self.rawValue = rawValue
        }

        /// `UNKNOWN`.
        public static let unknown = Self(rawValue: "UNKNOWN")
        /// `DOCKER_VOLUME`.
        public static let dockerVolume = Self(rawValue: "DOCKER_VOLUME")
        /// `HOST_PATH`.
        public static let hostPath = Self(rawValue: "HOST_PATH")
        /// `SANDBOX_PATH`.
        public static let sandboxPath = Self(rawValue: "SANDBOX_PATH")
        /// `SECRET`.
        public static let secret = Self(rawValue: "SECRET")
        /// `CSI_VOLUME`.
        public static let csiVolume = Self(rawValue: "CSI_VOLUME")

        /// Every value this version of Butte knows.
        public static let known: Swift.Set<Self> = [
            .unknown,
            .dockerVolume,
            .hostPath,
            .sandboxPath,
            .secret,
            .csiVolume,
        ]
    }
}

extension Volume.Source {
    /// A Docker volume.
    public struct DockerVolume: Codable, Hashable, Sendable {
        /// Volume driver.
        public var driver: String?

        /// Volume name.
        public var name: String

        /// Driver options.
        public var driverOptions: [Parameter]

        /// Creates a value; optional fields default to unset and repeated fields to empty.
        public init(
            driver: String? = nil,
            name: String,
            driverOptions: [Parameter] = []
        ) {
            self.driver = driver
            self.name = name
            self.driverOptions = driverOptions
        }

        enum CodingKeys: String, CodingKey {
            case driver
            case name
            case driverOptions = "driver_options"
        }
    }
}

extension Volume.Source {
    /// A host directory.
    public struct HostPath: Codable, Hashable, Sendable {
        /// Absolute host path.
        public var path: String

        /// Propagation mode.
        public var mountPropagation: MountPropagation?

        /// Creates a value; optional fields default to unset and repeated fields to empty.
        public init(
            path: String,
            mountPropagation: MountPropagation? = nil
        ) {
            self.path = path
            self.mountPropagation = mountPropagation
        }

        enum CodingKeys: String, CodingKey {
            case path
            case mountPropagation = "mount_propagation"
        }
    }
}

extension Volume.Source.HostPath {
    /// Mount propagation.
    public struct MountPropagation: Codable, Hashable, Sendable {
        /// Propagation mode.
        public var mode: Mode?

        /// Creates a value; optional fields default to unset and repeated fields to empty.
        public init(
            mode: Mode? = nil
        ) {
            self.mode = mode
        }

        enum CodingKeys: String, CodingKey {
            case mode
        }
    }
}

extension Volume.Source.HostPath.MountPropagation {
    /// Propagation modes.
    public struct Mode: ProtocolEnum {
        /// The Mesos name of the value, e.g. as it appears in JSON.
        public let rawValue: String

        /// Wraps a Mesos name; names unknown to Butte are representable but not ``isKnown``.
        public init(rawValue: String) {
            self.rawValue = rawValue
        }

        /// `UNKNOWN`.
        public static let unknown = Self(rawValue: "UNKNOWN")
        /// `HOST_TO_CONTAINER`.
        public static let hostToContainer = Self(rawValue: "HOST_TO_CONTAINER")
        /// `BIDIRECTIONAL`.
        public static let bidirectional = Self(rawValue: "BIDIRECTIONAL")

        /// Every value this version of Butte knows.
        public static let known: Swift.Set<Self> = [
            .unknown,
            .hostToContainer,
            .bidirectional,
        ]
    }
}

extension Volume.Source {
    /// A path in a sandbox.
    public struct SandboxPath: Codable, Hashable, Sendable {
        /// SELF or PARENT.
        public var type: Kind?

        /// Relative path.
        public var path: String

        /// Creates a value; optional fields default to unset and repeated fields to empty.
        public init(
            type: Kind? = nil,
            path: String
        ) {
            self.type = type
            self.path = path
        }

        enum CodingKeys: String, CodingKey {
            case type
            case path
        }
    }
}

extension Volume.Source.SandboxPath {
    /// Which sandbox.
    public struct Kind: ProtocolEnum {
        /// The Mesos name of the value, e.g. as it appears in JSON.
        public let rawValue: String

        /// Wraps a Mesos name; names unknown to Butte are representable but not ``isKnown``.
        public init(rawValue: String) {
            self.rawValue = rawValue
        }

        /// `UNKNOWN`.
        public static let unknown = Self(rawValue: "UNKNOWN")
        /// `SELF`.
        public static let ownSandbox = Self(rawValue: "SELF")
        /// `PARENT`.
        public static let parentSandbox = Self(rawValue: "PARENT")

        /// Every value this version of Butte knows.
        public static let known: Swift.Set<Self> = [
            .unknown,
            .ownSandbox,
            .parentSandbox,
        ]
    }
}
