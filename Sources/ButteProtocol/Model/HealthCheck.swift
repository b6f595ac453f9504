// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

// Source: https://github.com/apache/mesos/blob/1.11.0/include/mesos/v1/mesos.proto (Mesos 1.11)
/// A health check the executor runs against a task.
public struct HealthCheck: Codable, Hashable, Sendable {
    /// Delay before the first check (default 15).
    public var delaySeconds: Double?

    /// Interval between checks (default 10).
    public var intervalSeconds: Double?

    /// Timeout of one check (default 20).
    public var timeoutSeconds: Double?

    /// Failures before the task is killed (default 3).
    public var consecutiveFailures: UInt32?

    /// Failures ignored during this start-up period (default 10).
    public var gracePeriodSeconds: Double?

    /// COMMAND, HTTP or TCP.
    public var type: Kind?

    /// Command of a COMMAND check.
    public var command: CommandInfo?

    /// Target of an HTTP check.
    public var http: HTTPCheck?

    /// Target of a TCP check.
    public var tcp: TCPCheck?

    /// Creates a value; optional fields default to unset and repeated fields to empty.
    public init(
        delaySeconds: Double? = nil,
        intervalSeconds: Double? = nil,
        timeoutSeconds: Double? = nil,
        consecutiveFailures: UInt32? = nil,
        gracePeriodSeconds: Double? = nil,
        type: Kind? = nil,
        command: CommandInfo? = nil,
        http: HTTPCheck? = nil,
        tcp: TCPCheck? = nil
    ) {
        self.delaySeconds = delaySeconds
        self.intervalSeconds = intervalSeconds
        self.timeoutSeconds = timeoutSeconds
        self.consecutiveFailures = consecutiveFailures
        self.gracePeriodSeconds = gracePeriodSeconds
        self.type = type
        self.command = command
        self.http = http
        self.tcp = tcp
    }

    enum CodingKeys: String, CodingKey {
        case delaySeconds = "delay_seconds"
        case intervalSeconds = "interval_seconds"
        case timeoutSeconds = "timeout_seconds"
        case consecutiveFailures = "consecutive_failures"
        case gracePeriodSeconds = "grace_period_seconds"
        case type
        case command
        case http
        case tcp
    }
}

extension HealthCheck {
    /// Health check kinds.
    public struct Kind: ProtocolEnum {
        /// The Mesos name of the value, e.g. as it appears in JSON.
        public let rawValue: String

        /// Wraps a Mesos name; names unknown to Butte are representable but not ``isKnown``.
        public init(rawValue: String) {
            self.rawValue = rawValue
        }

        /// `UNKNOWN`.
        public static let unknown = Self(rawValue: "UNKNOWN")
        /// `COMMAND`.
        public static let command = Self(rawValue: "COMMAND")
        /// `HTTP`.
        public static let http = Self(rawValue: "HTTP")
        /// `TCP`.
        public static let tcp = Self(rawValue: "TCP")

        /// Every value this version of Butte knows.
        public static let known: Swift.Set<Self> = [
            .unknown,
            .command,
            .http,
            .tcp,
        ]
    }
}

extension HealthCheck {
    /// An HTTP GET check; 2xx/3xx (or `statuses`) is healthy.
    public struct HTTPCheck: Codable, Hashable, Sendable {
        /// IPv4 (default) or IPv6.
        public var ipProtocol: NetworkInfo.IPProtocol?

        /// `http` (default) or `https`.
        public var scheme: String?

        /// Port.
        public var port: UInt32

        /// Path.
        public var path: String?

        /// Healthy status codes.
        public var statuses: [UInt32]

        /// Creates a value; optional fields default to unset and repeated fields to empty.
        public init(
            ipProtocol: NetworkInfo.IPProtocol? = nil,
            scheme: String? = nil,
            port: UInt32,
            path: String? = nil,
            statuses: [UInt32] = []
        ) {
            self.ipProtocol = ipProtocol
            self.scheme = scheme
            self.port = port
            self.path = path
            self.statuses = statuses
        }

        enum CodingKeys: String, CodingKey {
            case ipProtocol = "protocol"
            case scheme
            case port
            case path
            case statuses
        }
    }
}

extension HealthCheck {
    /// A TCP connect check.
    public struct TCPCheck: Codable, Hashable, Sendable {
        /// IPv4 (default) or IPv6.
        public var ipProtocol: NetworkInfo.IPProtocol?

        /// Port.
        public var port: UInt32

        /// Creates a value; optional fields default to unset and repeated fields to empty.
        public init(
            ipProtocol: NetworkInfo.IPProtocol? = nil,
            port: UInt32
        ) {
            self.ipProtocol = ipProtocol
            self.port = port
        }

        enum CodingKeys: String, CodingKey {
            case ipProtocol = "protocol"
            case port
        }
    }
}
