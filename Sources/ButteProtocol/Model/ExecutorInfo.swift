// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

// Source: https://github.com/apache/mesos/blob/1.11.0/include/mesos/v1/mesos.proto (Mesos 1.11)
/// Describes an executor.
public struct ExecutorInfo: Codable, Hashable, Sendable {
    /// DEFAULT (task groups) or CUSTOM.
    public var type: Kind?

    /// Executor id.
    public var executorID: ExecutorID

    /// Owning framework; filled in by the master when absent.
    public var frameworkID: FrameworkID?

    /// Command that starts a CUSTOM executor.
    public var command: CommandInfo?

    /// Container the executor runs in.
    public var container: ContainerInfo?

    /// Resources of the executor itself.
    public var resources: [Resource]

    /// Human-readable name.
    public var name: String?

    /// Opaque data for the executor.
    public var data: Data?

    /// Service discovery data.
    public var discovery: DiscoveryInfo?

    /// Time between SHUTDOWN and SIGKILL (agent flag default 5s).
    public var shutdownGracePeriod: DurationInfo?

    /// Free-form labels.
    public var labels: Labels?

    /// Creates a value; optional fields default to unset and repeated fields to empty.
    public init(
        type: Kind? = nil,
        executorID: ExecutorID,
        frameworkID: FrameworkID? = nil,
        command: CommandInfo? = nil,
        container: ContainerInfo? = nil,
        resources: [Resource] = [],
        name: String? = nil,
        data: Data? = nil,
        discovery: DiscoveryInfo? = nil,
        shutdownGracePeriod: DurationInfo? = nil,
        labels: Labels? = nil
    ) {
        self.type = type
        self.executorID = executorID
        self.frameworkID = frameworkID
        self.command = command
        self.container = container
        self.resources = resources
        self.name = name
        self.data = data
        self.discovery = discovery
        self.shutdownGracePeriod = shutdownGracePeriod
        self.labels = labels
    }

    enum CodingKeys: String, CodingKey {
        case type
        case executorID = "executor_id"
        case frameworkID = "framework_id"
        case command
        case container
        case resources
        case name
        case data
        case discovery
        case shutdownGracePeriod = "shutdown_grace_period"
        case labels
    }
}

extension ExecutorInfo {
    /// Executor kinds.
    public struct Kind: ProtocolEnum {
        /// The Mesos name of the value, e.g. as it appears in JSON.
        public let rawValue: String

        /// Wraps a Mesos name; names unknown to Butte are representable but not ``isKnown``.
        public init(rawValue: String) {
            self.rawValue = rawValue
        }

        /// `UNKNOWN`.
        public static let unknown = Self(rawValue: "UNKNOWN")
        /// `DEFAULT`.
        public static let defaultExecutor = Self(rawValue: "DEFAULT")
        /// `CUSTOM`.
        public static let custom = Self(rawValue: "CUSTOM")

        /// Every value this version of Butte knows.
        public static let known: Swift.Set<Self> = [
            .unknown,
            .defaultExecutor,
            .custom,
        ]
    }
}
