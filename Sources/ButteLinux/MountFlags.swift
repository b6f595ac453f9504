// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

/// `mount(2)` flags (`MS_*`).
public struct MountFlags: OptionSet, Hashable, Sendable {
    /// The `MS_*` bits.
    public let rawValue: UInt64

    /// Creates flags from `MS_*` bits.
    public init(rawValue: UInt64) { self.rawValue = rawValue }

    /// `MS_RDONLY`.
    public static let readOnly = MountFlags(rawValue: 1)
    /// `MS_NOSUID`.
    public static let noSetuid = MountFlags(rawValue: 2)
    /// `MS_NODEV`.
    public static let noDevices = MountFlags(rawValue: 4)
    /// `MS_NOEXEC`.
    public static let noExec = MountFlags(rawValue: 8)
    /// `MS_BIND`.
    public static let bind = MountFlags(rawValue: 4096)
    /// `MS_REC`.
    public static let recursive = MountFlags(rawValue: 16384)
    /// `MS_PRIVATE`: mount and unmount events no longer propagate in or out.
    public static let `private` = MountFlags(rawValue: 1 << 18)
    /// `MS_SLAVE`.
    public static let slave = MountFlags(rawValue: 1 << 19)
    /// `MS_STRICTATIME`.
    public static let strictAccessTime = MountFlags(rawValue: 1 << 24)

    /// `nosuid,nodev,noexec`.
    public static let restricted: MountFlags = [.noSetuid, .noDevices, .noExec]
}

/// Attributes of a mount set with `mount_setattr(2)` (`MOUNT_ATTR_*`).
public struct MountAttributes: OptionSet, Hashable, Sendable {
    /// The `MOUNT_ATTR_*` bits.
    public let rawValue: UInt64

    /// Creates attributes from `MOUNT_ATTR_*` bits.
    public init(rawValue: UInt64) { self.rawValue = rawValue }

    /// `MOUNT_ATTR_RDONLY`.
    public static let readOnly = MountAttributes(rawValue: 1)
    /// `MOUNT_ATTR_NOSUID`.
    public static let noSetuid = MountAttributes(rawValue: 2)
    /// `MOUNT_ATTR_NODEV`.
    public static let noDevices = MountAttributes(rawValue: 4)
    /// `MOUNT_ATTR_NOEXEC`.
    public static let noExec = MountAttributes(rawValue: 8)
}
