// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import CCap

/// One Linux capability (`capabilities(7)`), identified by its kernel number.
///
/// Written and read by name: `CAP_NET_RAW` is canonical (the OCI runtime-spec spelling); parsing also accepts
/// the forms Docker and Mesos users write, `NET_RAW` and `net_raw`.
// Source: <linux/capability.h>, Linux 6.18 (CAP_LAST_CAP = CAP_CHECKPOINT_RESTORE, 40).
public struct Capability: RawRepresentable, Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The kernel's capability number (`CAP_CHOWN` is 0).
    public let rawValue: Int

    /// Wraps a capability number; nil outside 0...63, the range the kernel's two 32-bit words can hold.
    public init?(rawValue: Int) {
        guard (0...Capability.maxRawValue).contains(rawValue) else { return nil }
        self.rawValue = rawValue
    }

    private init(_ value: Int) { self.rawValue = value }

    /// The highest number a capability set can hold (two 32-bit words).
    public static let maxRawValue = 63

    /// Change file owners and groups.
    public static let chown = Capability(0)
    /// Bypass file read, write and execute permission checks.
    public static let dacOverride = Capability(1)
    /// Bypass file read and directory search permission checks.
    public static let dacReadSearch = Capability(2)
    /// Bypass checks that need the file owner's uid.
    public static let fowner = Capability(3)
    /// Keep set-user-ID and set-group-ID bits when a file is modified.
    public static let fsetid = Capability(4)
    /// Send signals to any process.
    public static let kill = Capability(5)
    /// Change group ids.
    public static let setgid = Capability(6)
    /// Change user ids.
    public static let setuid = Capability(7)
    /// Change capability bounding sets and the inheritable sets of others.
    public static let setpcap = Capability(8)
    /// Set immutable and append-only file attributes.
    public static let linuxImmutable = Capability(9)
    /// Bind to ports below 1024.
    public static let netBindService = Capability(10)
    /// Broadcast and listen to multicast.
    public static let netBroadcast = Capability(11)
    /// Network administration (interfaces, routes, firewall).
    public static let netAdmin = Capability(12)
    /// Raw and packet sockets.
    public static let netRaw = Capability(13)
    /// Lock memory.
    public static let ipcLock = Capability(14)
    /// Bypass System V IPC permission checks.
    public static let ipcOwner = Capability(15)
    /// Load and unload kernel modules.
    public static let sysModule = Capability(16)
    /// Raw I/O port and device access.
    public static let sysRawio = Capability(17)
    /// Use chroot.
    public static let sysChroot = Capability(18)
    /// Trace any process.
    public static let sysPtrace = Capability(19)
    /// Process accounting.
    public static let sysPacct = Capability(20)
    /// The catch-all administration capability (mounts, namespaces, ...).
    public static let sysAdmin = Capability(21)
    /// Reboot and kexec.
    public static let sysBoot = Capability(22)
    /// Raise priorities and set scheduling and memory policies of any process.
    public static let sysNice = Capability(23)
    /// Override resource limits.
    public static let sysResource = Capability(24)
    /// Set the system clock.
    public static let sysTime = Capability(25)
    /// Configure terminals (vhangup).
    public static let sysTtyConfig = Capability(26)
    /// Create device nodes.
    public static let mknod = Capability(27)
    /// Take file leases.
    public static let lease = Capability(28)
    /// Write to the kernel audit log.
    public static let auditWrite = Capability(29)
    /// Configure kernel auditing.
    public static let auditControl = Capability(30)
    /// Set file capabilities.
    public static let setfcap = Capability(31)
    /// Override mandatory access control.
    public static let macOverride = Capability(32)
    /// Configure mandatory access control.
    public static let macAdmin = Capability(33)
    /// Privileged syslog operations.
    public static let syslog = Capability(34)
    /// Set wake-up alarms.
    public static let wakeAlarm = Capability(35)
    /// Block system suspend.
    public static let blockSuspend = Capability(36)
    /// Read the kernel audit log.
    public static let auditRead = Capability(37)
    /// Performance monitoring (perf_event_open).
    public static let perfmon = Capability(38)
    /// Privileged BPF operations.
    public static let bpf = Capability(39)
    /// Checkpoint and restore (set_tid of clone3, ...).
    public static let checkpointRestore = Capability(40)

    /// The names of capabilities 0... in kernel order, without the `CAP_` prefix.
    private static let names: [String] = [
        "CHOWN", "DAC_OVERRIDE", "DAC_READ_SEARCH", "FOWNER", "FSETID", "KILL", "SETGID", "SETUID", "SETPCAP",
        "LINUX_IMMUTABLE", "NET_BIND_SERVICE", "NET_BROADCAST", "NET_ADMIN", "NET_RAW", "IPC_LOCK", "IPC_OWNER",
        "SYS_MODULE", "SYS_RAWIO", "SYS_CHROOT", "SYS_PTRACE", "SYS_PACCT", "SYS_ADMIN", "SYS_BOOT", "SYS_NICE",
        "SYS_RESOURCE", "SYS_TIME", "SYS_TTY_CONFIG", "MKNOD", "LEASE", "AUDIT_WRITE", "AUDIT_CONTROL", "SETFCAP",
        "MAC_OVERRIDE", "MAC_ADMIN", "SYSLOG", "WAKE_ALARM", "BLOCK_SUSPEND", "AUDIT_READ", "PERFMON", "BPF",
        "CHECKPOINT_RESTORE",
    ]

    private static let numbersByName: [String: Int] = Dictionary(
        uniqueKeysWithValues: names.enumerated().map { ($0.element, $0.offset) }
    )

    /// Every capability Butte knows by name, in kernel order (`CAP_CHOWN` ... `CAP_CHECKPOINT_RESTORE`).
    public static let allKnown: [Capability] = names.indices.map { Capability($0) }

    /// The canonical name, `CAP_NET_RAW`.
    ///
    /// A capability newer than Butte's table gets libcap's name when libcap knows it, else `CAP_<number>`.
    public var name: String {
        if rawValue < Self.names.count { return "CAP_" + Self.names[rawValue] }
        var buffer = [CChar](repeating: 0, count: 64)
        if ccap_to_name(Int32(rawValue), &buffer, buffer.count) == 0 {
            let libcapName = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if libcapName.lowercased().hasPrefix("cap_") { return libcapName.uppercased() }
        }
        return "CAP_\(rawValue)"
    }

    /// The canonical name.
    public var description: String { name }

    /// Parses a capability name as users write it: `CAP_NET_RAW`, `NET_RAW`, `net_raw` or `cap_net_raw`.
    ///
    /// - Throws: `CapabilityError` with code `.unknownName` when the text names no capability known to Butte
    ///   or to libcap.
    public init(parsing text: String) throws(CapabilityError) {
        let trimmed = text.trimmingCharacters(in: " \t\n")
        let valid =
            !trimmed.isEmpty
            && trimmed.unicodeScalars.allSatisfy { $0.isASCII && ($0 == "_" || $0.properties.isAlphabetic || ("0"..."9").contains($0)) }
            && trimmed.unicodeScalars.first.map { $0.properties.isAlphabetic } == true
        guard valid else {
            throw CapabilityError(.unknownName, "invalid capability name '\(text)': expected a name like CAP_NET_RAW or NET_RAW")
        }
        var upper = trimmed.uppercased()
        if upper.hasPrefix("CAP_") { upper.removeFirst(4) }
        if let n = Self.numbersByName[upper] {
            self.rawValue = n
            return
        }
        // A capability newer than the table above: libcap may know it.
        let n = ccap_from_name("cap_" + upper.lowercased())
        if n >= 0, let cap = Capability(rawValue: Int(n)) {
            self = cap
            return
        }
        throw CapabilityError(.unknownName, "unknown capability '\(text)': expected a name like CAP_NET_RAW or NET_RAW")
    }

    /// Orders by kernel number.
    public static func < (lhs: Capability, rhs: Capability) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Decodes from a capability name in any of the forms `init(parsing:)` accepts.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            try self.init(parsing: text)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
        }
    }

    /// Encodes as the canonical name, `CAP_NET_RAW`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(name)
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: String) -> String {
        let scalars = Set(set.unicodeScalars)
        var view = Substring(self)
        while let first = view.unicodeScalars.first, scalars.contains(first) { view = view.dropFirst() }
        while let last = view.unicodeScalars.last, scalars.contains(last) { view = view.dropLast() }
        return String(view)
    }
}
