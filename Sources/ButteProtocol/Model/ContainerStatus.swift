// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

// Source: https://github.com/apache/mesos/blob/1.11.0/include/mesos/v1/mesos.proto (Mesos 1.11)
/// Runtime details of a task's container.
public struct ContainerStatus: Codable, Hashable, Sendable {
    /// The container.
    public var containerID: ContainerID?

    /// Networks with their assigned addresses.
    public var networkInfos: [NetworkInfo]

    /// Pid of the executor.
    public var executorPID: UInt32?

    /// Creates a value; optional fields default to unset and repeated fields to empty.
    public init(
        containerID: ContainerID? = nil,
        networkInfos: [NetworkInfo] = [],
        executorPID: UInt32? = nil
    ) {
        self.containerID = containerID
        self.networkInfos = networkInfos
        self.executorPID = executorPID
    }

    enum CodingKeys: String, CodingKey {
        case containerID = "container_id"
        case networkInfos = "network_infos"
        case executorPID = "executor_pid"
    }
}
