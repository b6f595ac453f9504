// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

// Source: https://github.com/apache/mesos/blob/1.11.0/include/mesos/v1/mesos.proto (Mesos 1.11)
/// Linux-specific container settings.
public struct LinuxInfo: Codable, Hashable, Sendable {
    /// Capability bounding set.
    public var boundingCapabilities: CapabilityInfo?

    /// Effective (and permitted) capabilities.
    public var effectiveCapabilities: CapabilityInfo?

    /// Share the agent's or parent's pid namespace.
    public var sharePIDNamespace: Bool?

    /// Seccomp profile selection.
    public var seccomp: SeccompInfo?

    /// PRIVATE or SHARE_PARENT.
    public var ipcMode: IPCMode?

    /// Size of /dev/shm in MB.
    public var shmSize: UInt32?

    /// Creates a value; optional fields default to unset and repeated fields to empty.
    public init(
        boundingCapabilities: CapabilityInfo? = nil,
        effectiveCapabilities: CapabilityInfo? = nil,
        sharePIDNamespace: Bool? = nil,
        seccomp: SeccompInfo? = nil,
        ipcMode: IPCMode? = nil,
        shmSize: UInt32? = nil
    ) {
        self.boundingCapabilities = boundingCapabilities
        self.effectiveCapabilities = effectiveCapabilities
        self.sharePIDNamespace = sharePIDNamespace
        self.seccomp = seccomp
        self.ipcMode = ipcMode
        self.shmSize = shmSize
    }

    enum CodingKeys: String, CodingKey {
        case boundingCapabilities = "bounding_capabilities"
        case effectiveCapabilities = "effective_capabilities"
        case sharePIDNamespace = "share_pid_namespace"
        case seccomp
        case ipcMode = "ipc_mode"
        case shmSize = "shm_size"
    }
}

extension LinuxInfo {
    /// IPC namespace modes.
    public struct IPCMode: ProtocolEnum {
        /// The Mesos name of the value, e.g. as it appears in JSON.
        public let rawValue: String

        /// Wraps a Mesos name; names unknown to Butte are representable but not ``isKnown``.
        public init(rawValue: String) {
            self.rawValue = rawValue
        }

        /// `UNKNOWN`.
        public static let unknown = Self(rawValue: "UNKNOWN")
        /// `PRIVATE`.
        public static let privateNamespace = Self(rawValue: "PRIVATE")
        /// `SHARE_PARENT`.
        public static let shareParent = Self(rawValue: "SHARE_PARENT")

        /// Every value this version of Butte knows.
        public static let known: Swift.Set<Self> = [
            .unknown,
            .privateNamespace,
            .shareParent,
        ]
    }
}

extension LinuxInfo {
    /// Seccomp profile selection.
    public struct SeccompInfo: Codable, Hashable, Sendable {
        /// Profile file name.
        public var profileName: String?

        /// Run without seccomp.
        public var unconfined: Bool?

        /// Creates a value; optional fields default to unset and repeated fields to empty.
        public init(
            profileName: String? = nil,
            unconfined: Bool? = nil
        ) {
            self.profileName = profileName
            self.unconfined = unconfined
        }

        enum CodingKeys: String, CodingKey {
            case profileName = "profile_name"
            case unconfined
        }
    }
}
