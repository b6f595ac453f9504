// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

// Source: https://github.com/apache/mesos/blob/1.11.0/include/mesos/v1/mesos.proto (Mesos 1.11)
/// State of a task as reported in status updates.
public struct TaskState: ProtocolEnum {
    /// The Mesos name of the value, e.g. as it appears in JSON.
    public let rawValue: String

    /// Wraps a Mesos name; names unknown to Butte are representable but not ``isKnown``.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// `TASK_STAGING`: accepted by the master, not yet started
    public static let staging = Self(rawValue: "TASK_STAGING")
    /// `TASK_STARTING`: the executor is starting it
    public static let starting = Self(rawValue: "TASK_STARTING")
    /// `TASK_RUNNING`.
    public static let running = Self(rawValue: "TASK_RUNNING")
    /// `TASK_KILLING`: being killed (frameworks with TASK_KILLING_STATE only)
    public static let killing = Self(rawValue: "TASK_KILLING")
    /// `TASK_FINISHED`: terminal: exited 0
    public static let finished = Self(rawValue: "TASK_FINISHED")
    /// `TASK_FAILED`: terminal: failed
    public static let failed = Self(rawValue: "TASK_FAILED")
    /// `TASK_KILLED`: terminal: killed
    public static let killed = Self(rawValue: "TASK_KILLED")
    /// `TASK_ERROR`: terminal: invalid, never started
    public static let error = Self(rawValue: "TASK_ERROR")
    /// `TASK_LOST`: terminal: lost (non-partition-aware frameworks)
    public static let lost = Self(rawValue: "TASK_LOST")
    /// `TASK_DROPPED`: terminal: never started
    public static let dropped = Self(rawValue: "TASK_DROPPED")
    /// `TASK_UNREACHABLE`: its agent is unreachable
    public static let unreachable = Self(rawValue: "TASK_UNREACHABLE")
    /// `TASK_GONE`: terminal: its agent is gone
    public static let gone = Self(rawValue: "TASK_GONE")
    /// `TASK_GONE_BY_OPERATOR`: terminal: its agent was marked gone
    public static let goneByOperator = Self(rawValue: "TASK_GONE_BY_OPERATOR")
    /// `TASK_UNKNOWN`: the master knows nothing about it
    public static let unknown = Self(rawValue: "TASK_UNKNOWN")

    /// Every value this version of Butte knows.
    public static let known: Swift.Set<Self> = [
        .staging,
        .starting,
        .running,
        .killing,
        .finished,
        .failed,
        .killed,
        .error,
        .lost,
        .dropped,
        .unreachable,
        .gone,
        .goneByOperator,
        .unknown,
    ]

    /// Whether no further update follows this state.
    public var isTerminal: Bool { Self.terminal.contains(self) }

    /// The terminal states: FINISHED, FAILED, KILLED, ERROR, LOST, DROPPED, GONE and GONE_BY_OPERATOR.
    public static let terminal: Swift.Set<Self> = [.finished, .failed, .killed, .error, .lost, .dropped, .gone, .goneByOperator]

    /// Whether only PARTITION_AWARE frameworks may see this state (others get TASK_LOST instead).
    public var requiresPartitionAwareness: Bool {
        self == .dropped || self == .unreachable || self == .gone || self == .goneByOperator || self == .unknown
    }
}
