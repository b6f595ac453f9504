// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

// Source: https://github.com/apache/mesos/blob/1.11.0/include/mesos/v1/mesos.proto (Mesos 1.11)
/// POSIX resource limits for a container.
public struct RLimitInfo: Codable, Hashable, Sendable {
    /// The limits.
    public var rlimits: [RLimit]

    /// Creates a value; optional fields default to unset and repeated fields to empty.
    public init(
        rlimits: [RLimit] = []
    ) {
        self.rlimits = rlimits
    }

    enum CodingKeys: String, CodingKey {
        case rlimits
    }
}

extension RLimitInfo {
    /// One limit; both unset means unlimited.
    public struct RLimit: Codable, Hashable, Sendable {
        /// Which limit.
        public var type: Kind

        /// Hard limit.
        public var hard: UInt64?

        /// Soft limit.
        public var soft: UInt64?

        /// Creates a value; optional fields default to unset and repeated fields to empty.
        public init(
            type: Kind,
            hard: UInt64? = nil,
            soft: UInt64? = nil
        ) {
            self.type = type
            self.hard = hard
            self.soft = soft
        }

        enum CodingKeys: String, CodingKey {
            case type
            case hard
            case soft
        }
    }
}

extension RLimitInfo.RLimit {
    /// Limit names.
    public struct Kind: ProtocolEnum {
        /// The Mesos name of the value, e.g. as it appears in JSON.
        public let rawValue: String

        /// Wraps a Mesos name; names unknown to Butte are representable but not ``isKnown``.
        public init(rawValue: String) {
            self.rawValue = rawValue
        }

        /// `UNKNOWN`.
        public static let unknown = Self(rawValue: "UNKNOWN")
        /// `RLMT_AS`.
        public static let addressSpace = Self(rawValue: "RLMT_AS")
        /// `RLMT_CORE`.
        public static let core = Self(rawValue: "RLMT_CORE")
        /// `RLMT_CPU`.
        public static let cpu = Self(rawValue: "RLMT_CPU")
        /// `RLMT_DATA`.
        public static let data = Self(rawValue: "RLMT_DATA")
        /// `RLMT_FSIZE`.
        public static let fsize = Self(rawValue: "RLMT_FSIZE")
        /// `RLMT_LOCKS`.
        public static let locks = Self(rawValue: "RLMT_LOCKS")
        /// `RLMT_MEMLOCK`.
        public static let memlock = Self(rawValue: "RLMT_MEMLOCK")
        /// `RLMT_MSGQUEUE`.
        public static let msgqueue = Self(rawValue: "RLMT_MSGQUEUE")
        /// `RLMT_NICE`.
        public static let nice = Self(rawValue: "RLMT_NICE")
        /// `RLMT_NOFILE`.
        public static let nofile = Self(rawValue: "RLMT_NOFILE")
        /// `RLMT_NPROC`.
        public static let nproc = Self(rawValue: "RLMT_NPROC")
        /// `RLMT_RSS`.
        public static let rss = Self(rawValue: "RLMT_RSS")
        /// `RLMT_RTPRIO`.
        public static let rtprio = Self(rawValue: "RLMT_RTPRIO")
        /// `RLMT_RTTIME`.
        public static let rttime = Self(rawValue: "RLMT_RTTIME")
        /// `RLMT_SIGPENDING`.
        public static let sigpending = Self(rawValue: "RLMT_SIGPENDING")
        /// `RLMT_STACK`.
        public static let stack = Self(rawValue: "RLMT_STACK")

        /// Every value this version of Butte knows.
        public static let known: Swift.Set<Self> = [
            .unknown,
            .addressSpace,
            .core,
            .cpu,
            .data,
            .fsize,
            .locks,
            .memlock,
            .msgqueue,
            .nice,
            .nofile,
            .nproc,
            .rss,
            .rtprio,
            .rttime,
            .sigpending,
            .stack,
        ]
    }
}
