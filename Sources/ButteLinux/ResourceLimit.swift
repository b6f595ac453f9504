// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

/// One resource limit (`setrlimit(2)`): which resource, and its soft and hard values.
public struct ResourceLimit: Hashable, Sendable, CustomStringConvertible {
    /// A resource, by its `RLIMIT_*` number.
    public struct Resource: Hashable, Sendable, CustomStringConvertible {
        /// The `RLIMIT_*` number.
        public var rawValue: Int32
        /// The short name (`nofile`), as `ulimit` and the OCI spec (`RLIMIT_NOFILE`) use it.
        public var name: String

        private init(_ rawValue: Int32, _ name: String) {
            self.rawValue = rawValue
            self.name = name
        }

        /// `RLIMIT_CPU`: CPU seconds.
        public static let cpu = Resource(0, "cpu")
        /// `RLIMIT_FSIZE`: largest file size.
        public static let fileSize = Resource(1, "fsize")
        /// `RLIMIT_DATA`.
        public static let data = Resource(2, "data")
        /// `RLIMIT_STACK`.
        public static let stack = Resource(3, "stack")
        /// `RLIMIT_CORE`: core dump size.
        public static let core = Resource(4, "core")
        /// `RLIMIT_NPROC`.
        public static let processes = Resource(6, "nproc")
        /// `RLIMIT_NOFILE`: open file descriptors.
        public static let openFiles = Resource(7, "nofile")
        /// `RLIMIT_MEMLOCK`.
        public static let lockedMemory = Resource(8, "memlock")
        /// `RLIMIT_AS`.
        public static let addressSpace = Resource(9, "as")

        /// Every resource above.
        public static let all: [Resource] = [.cpu, .fileSize, .data, .stack, .core, .processes, .openFiles, .lockedMemory, .addressSpace]

        /// Looks a resource up by short name (`nofile`) or OCI name (`RLIMIT_NOFILE`).
        public init?(name: String) {
            var n = name.lowercased()
            if n.hasPrefix("rlimit_") { n.removeFirst(7) }
            guard let found = Self.all.first(where: { $0.name == n }) else { return nil }
            self = found
        }

        /// The short name.
        public var description: String { name }
    }

    /// `RLIM_INFINITY`.
    public static let unlimited = UInt64.max

    /// The resource.
    public var resource: Resource
    /// The soft limit.
    public var soft: UInt64
    /// The hard limit.
    public var hard: UInt64

    /// Creates a limit.
    public init(_ resource: Resource, soft: UInt64, hard: UInt64) {
        self.resource = resource
        self.soft = soft
        self.hard = hard
    }

    /// Butte's defaults for containers: `nofile` 1024:1024 and `core` 0.
    public static let containerDefaults = [
        ResourceLimit(.openFiles, soft: 1024, hard: 1024),
        ResourceLimit(.core, soft: 0, hard: 0),
    ]

    /// "nofile=1024:1024".
    public var description: String {
        func text(_ v: UInt64) -> String { v == Self.unlimited ? "unlimited" : String(v) }
        return "\(resource.name)=\(text(soft)):\(text(hard))"
    }
}
