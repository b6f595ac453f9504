// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

// Source: https://github.com/apache/mesos/blob/1.11.0/include/mesos/v1/mesos.proto (Mesos 1.11)
/// One operation of an ACCEPT call.
///
/// Butte performs LAUNCH and LAUNCH_GROUP; the other kinds are decoded so the master can refuse them by name.
public struct Operation: Codable, Hashable, Sendable {
    /// Which operation; an unknown name is an error.
    public var type: Kind

    /// Id the framework wants status updates for.
    public var id: OperationID?

    /// Payload of LAUNCH.
    public var launch: Launch?

    /// Payload of LAUNCH_GROUP.
    public var launchGroup: LaunchGroup?

    /// Payload of RESERVE.
    public var reserve: Reserve?

    /// Payload of UNRESERVE.
    public var unreserve: Unreserve?

    /// Payload of CREATE.
    public var create: Create?

    /// Payload of DESTROY.
    public var destroy: Destroy?

    /// Creates a value; optional fields default to unset and repeated fields to empty.
    public init(
        type: Kind,
        id: OperationID? = nil,
        launch: Launch? = nil,
        launchGroup: LaunchGroup? = nil,
        reserve: Reserve? = nil,
        unreserve: Unreserve? = nil,
        create: Create? = nil,
        destroy: Destroy? = nil
    ) {
        self.type = type
        self.id = id
        self.launch = launch
        self.launchGroup = launchGroup
        self.reserve = reserve
        self.unreserve = unreserve
        self.create = create
        self.destroy = destroy
    }

    enum CodingKeys: String, CodingKey {
        case type
        case id
        case launch
        case launchGroup = "launch_group"
        case reserve
        case unreserve
        case create
        case destroy
    }
}

extension Operation {
    /// Operation names.
    public struct Kind: ProtocolEnum {
        /// The Mesos name of the value, e.g. as it appears in JSON.
        public let rawValue: String

        /// Wraps a Mesos name; names unknown to Butte are representable but not ``isKnown``.
        public init(rawValue: String) {
            self.rawValue = rawValue
        }

        /// `UNKNOWN`.
        public static let unknown = Self(rawValue: "UNKNOWN")
        /// `LAUNCH`.
        public static let launch = Self(rawValue: "LAUNCH")
        /// `LAUNCH_GROUP`.
        public static let launchGroup = Self(rawValue: "LAUNCH_GROUP")
        /// `RESERVE`.
        public static let reserve = Self(rawValue: "RESERVE")
        /// `UNRESERVE`.
        public static let unreserve = Self(rawValue: "UNRESERVE")
        /// `CREATE`.
        public static let create = Self(rawValue: "CREATE")
        /// `DESTROY`.
        public static let destroy = Self(rawValue: "DESTROY")
        /// `GROW_VOLUME`.
        public static let growVolume = Self(rawValue: "GROW_VOLUME")
        /// `SHRINK_VOLUME`.
        public static let shrinkVolume = Self(rawValue: "SHRINK_VOLUME")
        /// `CREATE_DISK`.
        public static let createDisk = Self(rawValue: "CREATE_DISK")
        /// `DESTROY_DISK`.
        public static let destroyDisk = Self(rawValue: "DESTROY_DISK")

        /// Every value this version of Butte knows.
        public static let known: Swift.Set<Self> = [
            .unknown,
            .launch,
            .launchGroup,
            .reserve,
            .unreserve,
            .create,
            .destroy,
            .growVolume,
            .shrinkVolume,
            .createDisk,
            .destroyDisk,
        ]
    }
}

extension Operation {
    /// Launch tasks, each with its own (command or custom) executor.
    public struct Launch: Codable, Hashable, Sendable {
        /// Tasks to launch.
        public var taskInfos: [TaskInfo]

        /// Creates a value; optional fields default to unset and repeated fields to empty.
        public init(
            taskInfos: [TaskInfo] = []
        ) {
            self.taskInfos = taskInfos
        }

        enum CodingKeys: String, CodingKey {
            case taskInfos = "task_infos"
        }
    }
}

extension Operation {
    /// Launch a group of tasks together under one default executor.
    public struct LaunchGroup: Codable, Hashable, Sendable {
        /// The executor running the group.
        public var executor: ExecutorInfo

        /// The tasks.
        public var taskGroup: TaskGroupInfo

        /// Creates a value; optional fields default to unset and repeated fields to empty.
        public init(
            executor: ExecutorInfo,
            taskGroup: TaskGroupInfo
        ) {
            self.executor = executor
            self.taskGroup = taskGroup
        }

        enum CodingKeys: String, CodingKey {
            case executor
            case taskGroup = "task_group"
        }
    }
}

extension Operation {
    /// Dynamically reserve resources.
    public struct Reserve: Codable, Hashable, Sendable {
        /// Resources before the reservation.
        public var source: [Resource]

        /// Resources to reserve.
        public var resources: [Resource]

        /// Creates a value; optional fields default to unset and repeated fields to empty.
        public init(
            source: [Resource] = [],
            resources: [Resource] = []
        ) {
            self.source = source
            self.resources = resources
        }

        enum CodingKeys: String, CodingKey {
            case source
            case resources
        }
    }
}

extension Operation {
    /// Release dynamic reservations.
    public struct Unreserve: Codable, Hashable, Sendable {
        /// Reserved resources to release.
        public var resources: [Resource]

        /// Creates a value; optional fields default to unset and repeated fields to empty.
        public init(
            resources: [Resource] = []
        ) {
            self.resources = resources
        }

        enum CodingKeys: String, CodingKey {
            case resources
        }
    }
}

extension Operation {
    /// Create persistent volumes.
    public struct Create: Codable, Hashable, Sendable {
        /// Volumes to create.
        public var volumes: [Resource]

        /// Creates a value; optional fields default to unset and repeated fields to empty.
        public init(
            volumes: [Resource] = []
        ) {
            self.volumes = volumes
        }

        enum CodingKeys: String, CodingKey {
            case volumes
        }
    }
}

extension Operation {
    /// Destroy persistent volumes.
    public struct Destroy: Codable, Hashable, Sendable {
        /// Volumes to destroy.
        public var volumes: [Resource]

        /// Creates a value; optional fields default to unset and repeated fields to empty.
        public init(
            volumes: [Resource] = []
        ) {
            self.volumes = volumes
        }

        enum CodingKeys: String, CodingKey {
            case volumes
        }
    }
}
