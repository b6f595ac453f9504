// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

/// Caps applied while a layer streams, so that a crafted archive cannot exhaust memory or disk.
public struct TarLimits: Sendable, Hashable {
    /// The most entries (after PAX and GNU metadata entries are folded in) one layer may hold.
    public var maxEntries: Int
    /// The most uncompressed bytes one layer may have, headers and padding included.
    public var maxTotalBytes: Int64
    /// The longest entry path or link target, in bytes.
    public var maxPathLength: Int
    /// The largest PAX extended header or GNU long-name payload, held in memory while it is parsed.
    public var maxMetadataSize: Int
    /// The most extended attributes one entry may carry.
    public var maxXattrsPerEntry: Int
    /// The largest value of one extended attribute.
    public var maxXattrValueSize: Int
    /// How many bytes may follow the end-of-archive marker (GNU tar pads to its record size).
    public var maxTrailingBytes: Int

    /// Creates limits; the defaults suit real images and stop bombs early.
    public init(
        maxEntries: Int = 1_000_000,
        maxTotalBytes: Int64 = 64 << 30,
        maxPathLength: Int = 4096,
        maxMetadataSize: Int = 1 << 20,
        maxXattrsPerEntry: Int = 128,
        maxXattrValueSize: Int = 64 << 10,
        maxTrailingBytes: Int = 1 << 20
    ) {
        self.maxEntries = maxEntries
        self.maxTotalBytes = maxTotalBytes
        self.maxPathLength = maxPathLength
        self.maxMetadataSize = maxMetadataSize
        self.maxXattrsPerEntry = maxXattrsPerEntry
        self.maxXattrValueSize = maxXattrValueSize
        self.maxTrailingBytes = maxTrailingBytes
    }
}
