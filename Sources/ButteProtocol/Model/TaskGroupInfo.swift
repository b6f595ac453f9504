// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

// Source: https://github.com/apache/mesos/blob/1.11.0/include/mesos/v1/mesos.proto (Mesos 1.11)
/// Tasks launched and run together by one executor.
public struct TaskGroupInfo: Codable, Hashable, Sendable {
    /// The tasks.
    public var tasks: [TaskInfo]

    /// Creates a value; optional fields default to unset and repeated fields to empty.
    public init(
        tasks: [TaskInfo] = []
    ) {
        self.tasks = tasks
    }

    enum CodingKeys: String, CodingKey {
        case tasks
    }
}
