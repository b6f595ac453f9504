// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

/// One member of a tar archive, with PAX and GNU long-name metadata already applied.
///
/// Names are kept as raw bytes: tar does not promise UTF-8, and the bytes are what must reach the filesystem.
public struct TarEntry: Sendable, Hashable {
    /// The type of a tar member.
    public enum Kind: Sendable, Hashable {
        /// A regular file (`0`, NUL or the contiguous `7`).
        case regular
        /// A hard link to an earlier member (`1`).
        case hardLink
        /// A symbolic link (`2`).
        case symbolicLink
        /// A character device (`3`).
        case characterDevice
        /// A block device (`4`).
        case blockDevice
        /// A directory (`5`).
        case directory
        /// A named pipe (`6`).
        case fifo
    }

    /// A modification time with nanoseconds (PAX `mtime` may carry a fraction).
    public struct Time: Sendable, Hashable {
        /// Seconds since the epoch.
        public var seconds: Int64
        /// Nanoseconds within the second.
        public var nanoseconds: Int32

        /// Creates a time.
        public init(seconds: Int64, nanoseconds: Int32 = 0) {
            self.seconds = seconds
            self.nanoseconds = nanoseconds
        }
    }

    /// The member's path bytes, as stored (PAX `path` and GNU `L` override the header).
    public var pathBytes: [UInt8]
    /// The link target bytes for hard and symbolic links (PAX `linkpath` and GNU `K` override the header).
    public var linkTargetBytes: [UInt8]
    /// The member type.
    public var kind: Kind
    /// The number of content bytes that follow the header (zero for every type but regular files).
    public var size: Int64
    /// Permission bits including setuid, setgid and sticky (`0o7777`).
    public var mode: UInt32
    /// The owner's user ID.
    public var uid: UInt32
    /// The owner's group ID.
    public var gid: UInt32
    /// The modification time.
    public var modificationTime: Time
    /// The device major number, for device nodes.
    public var deviceMajor: UInt32
    /// The device minor number, for device nodes.
    public var deviceMinor: UInt32
    /// Extended attributes from PAX `SCHILY.xattr.*` records, in archive order.
    public var xattrs: [Xattr]

    /// One extended attribute.
    public struct Xattr: Sendable, Hashable {
        /// The attribute name (`user.foo`, `security.capability`).
        public var name: String
        /// The raw value.
        public var value: [UInt8]

        /// Creates an attribute.
        public init(name: String, value: [UInt8]) {
            self.name = name
            self.value = value
        }
    }

    /// The path, decoded as UTF-8 for messages (invalid bytes replaced).
    public var path: String { String(decoding: pathBytes, as: UTF8.self) }
    /// The link target, decoded as UTF-8 for messages (invalid bytes replaced).
    public var linkTarget: String { String(decoding: linkTargetBytes, as: UTF8.self) }
}
