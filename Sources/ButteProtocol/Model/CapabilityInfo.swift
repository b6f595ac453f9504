// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

// Source: https://github.com/apache/mesos/blob/1.11.0/include/mesos/v1/mesos.proto (Mesos 1.11)
/// A set of Linux capabilities.
public struct CapabilityInfo: Codable, Hashable, Sendable {
    /// Capability names without the `CAP_` prefix.
    public var capabilities: [Capability]

    /// Creates a value; optional fields default to unset and repeated fields to empty.
    public init(
        capabilities: [Capability] = []
    ) {
        self.capabilities = capabilities
    }

    enum CodingKeys: String, CodingKey {
        case capabilities
    }
}

extension CapabilityInfo {
    /// Linux capability names as Mesos spells them.
    public struct Capability: ProtocolEnum {
        /// The Mesos name of the value, e.g. as it appears in JSON.
        public let rawValue: String

        /// Wraps a Mesos name; names unknown to Butte are representable but not ``isKnown``.
        public init(rawValue: String) {
            self.rawValue = rawValue
        }

        /// `CHOWN`.
        public static let chown = Self(rawValue: "CHOWN")
        /// `DAC_OVERRIDE`.
        public static let dacOverride = Self(rawValue: "DAC_OVERRIDE")
        /// `DAC_READ_SEARCH`.
        public static let dacReadSearch = Self(rawValue: "DAC_READ_SEARCH")
        /// `FOWNER`.
        public static let fowner = Self(rawValue: "FOWNER")
        /// `FSETID`.
        public static let fsetid = Self(rawValue: "FSETID")
        /// `KILL`.
        public static let kill = Self(rawValue: "KILL")
        /// `SETGID`.
        public static let setgid = Self(rawValue: "SETGID")
        /// `SETUID`.
        public static let setuid = Self(rawValue: "SETUID")
        /// `SETPCAP`.
        public static let setpcap = Self(rawValue: "SETPCAP")
        /// `LINUX_IMMUTABLE`.
        public static let linuxImmutable = Self(rawValue: "LINUX_IMMUTABLE")
        /// `NET_BIND_SERVICE`.
        public static let netBindService = Self(rawValue: "NET_BIND_SERVICE")
        /// `NET_BROADCAST`.
        public static let netBroadcast = Self(rawValue: "NET_BROADCAST")
        /// `NET_ADMIN`.
        public static let netAdmin = Self(rawValue: "NET_ADMIN")
        /// `NET_RAW`.
        public static let netRaw = Self(rawValue: "NET_RAW")
        /// `IPC_LOCK`.
        public static let ipcLock = Self(rawValue: "IPC_LOCK")
        /// `IPC_OWNER`.
        public static let ipcOwner = Self(rawValue: "IPC_OWNER")
        /// `SYS_MODULE`.
        public static let sysModule = Self(rawValue: "SYS_MODULE")
        /// `SYS_RAWIO`.
        public static let sysRawio = Self(rawValue: "SYS_RAWIO")
        /// `SYS_CHROOT`.
        public static let sysChroot = Self(rawValue: "SYS_CHROOT")
        /// `SYS_PTRACE`.
        public static let sysPtrace = Self(rawValue: "SYS_PTRACE")
        /// `SYS_PACCT`.
        public static let sysPacct = Self(rawValue: "SYS_PACCT")
        /// `SYS_ADMIN`.
        public static let sysAdmin = Self(rawValue: "SYS_ADMIN")
        /// `SYS_BOOT`.
        public static let sysBoot = Self(rawValue: "SYS_BOOT")
        /// `SYS_NICE`.
        public static let sysNice = Self(rawValue: "SYS_NICE")
        /// `SYS_RESOURCE`.
        public static let sysResource = Self(rawValue: "SYS_RESOURCE")
        /// `SYS_TIME`.
        public static let sysTime = Self(rawValue: "SYS_TIME")
        /// `SYS_TTY_CONFIG`.
        public static let sysTtyConfig = Self(rawValue: "SYS_TTY_CONFIG")
        /// `MKNOD`.
        public static let mknod = Self(rawValue: "MKNOD")
        /// `LEASE`.
        public static let lease = Self(rawValue: "LEASE")
        /// `AUDIT_WRITE`.
        public static let auditWrite = Self(rawValue: "AUDIT_WRITE")
        /// `AUDIT_CONTROL`.
        public static let auditControl = Self(rawValue: "AUDIT_CONTROL")
        /// `SETFCAP`.
        public static let setfcap = Self(rawValue: "SETFCAP")
        /// `MAC_OVERRIDE`.
        public static let macOverride = Self(rawValue: "MAC_OVERRIDE")
        /// `MAC_ADMIN`.
        public static let macAdmin = Self(rawValue: "MAC_ADMIN")
        /// `SYSLOG`.
        public static let syslog = Self(rawValue: "SYSLOG")
        /// `WAKE_ALARM`.
        public static let wakeAlarm = Self(rawValue: "WAKE_ALARM")
        /// `BLOCK_SUSPEND`.
        public static let blockSuspend = Self(rawValue: "BLOCK_SUSPEND")
        /// `AUDIT_READ`.
        public static let auditRead = Self(rawValue: "AUDIT_READ")
        /// `PERFMON`.
        public static let perfmon = Self(rawValue: "PERFMON")
        /// `BPF`.
        public static let bpf = Self(rawValue: "BPF")
        /// `CHECKPOINT_RESTORE`.
        public static let checkpointRestore = Self(rawValue: "CHECKPOINT_RESTORE")

        /// Every value this version of Butte knows.
        public static let known: Swift.Set<Self> = [
            .chown,
            .dacOverride,
            .dacReadSearch,
            .fowner,
            .fsetid,
            .kill,
            .setgid,
            .setuid,
            .setpcap,
            .linuxImmutable,
            .netBindService,
            .netBroadcast,
            .netAdmin,
            .netRaw,
            .ipcLock,
            .ipcOwner,
            .sysModule,
            .sysRawio,
            .sysChroot,
            .sysPtrace,
            .sysPacct,
            .sysAdmin,
            .sysBoot,
            .sysNice,
            .sysResource,
            .sysTime,
            .sysTtyConfig,
            .mknod,
            .lease,
            .auditWrite,
            .auditControl,
            .setfcap,
            .macOverride,
            .macAdmin,
            .syslog,
            .wakeAlarm,
            .blockSuspend,
            .auditRead,
            .perfmon,
            .bpf,
            .checkpointRestore,
        ]
    }
}
