// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteOCI

/// What the store keeps about one pulled image reference (`images/<sha256 of the reference>.json`).
public struct ImageRecord: Sendable, Codable, Hashable {
    /// One layer of the image, base first.
    public struct Layer: Sendable, Codable, Hashable {
        /// The compressed blob's digest, from the manifest.
        public var digest: Digest
        /// The uncompressed tar's digest, from the config; the layer directory is named by it.
        public var diffID: Digest
        /// The blob's media type.
        public var mediaType: MediaType
        /// The compressed size in bytes.
        public var size: Int64
    }

    /// The reference as pulled, fully qualified (`docker.io/library/busybox:latest`).
    public var reference: String
    /// The digest of the manifest that was unpacked.
    public var digest: Digest
    /// The digest of the index the manifest was chosen from, if any.
    public var indexDigest: Digest?
    /// The digest of the image config.
    public var configDigest: Digest
    /// The platform of the image (`linux/amd64`).
    public var platform: String
    /// The layers, base first.
    public var layers: [Layer]
    /// When the pull finished, in seconds since the epoch.
    public var pulled: Int64

    /// The sum of the compressed layer sizes.
    public var size: Int64 { layers.reduce(0) { $0 + $1.size } }
}

/// A pulled image ready for the runtime: its config and its unpacked layer directories.
public struct StoredImage: Sendable {
    /// The store's record.
    public var record: ImageRecord
    /// The image config (Entrypoint, Cmd, Env, WorkingDir, User, ExposedPorts, StopSignal, …).
    public var config: ImageConfig
    /// The unpacked layers in overlayfs form, base first.
    public var layerDirectories: [String]

    /// The layers as overlayfs `lowerdir` wants them: topmost first, separated by `:`.
    public var overlayLowerDirs: String { layerDirectories.reversed().joined(separator: ":") }
}

/// What a garbage collection removed.
public struct GarbageCollection: Sendable, Hashable {
    /// Blobs (manifests, indexes, configs) removed.
    public var blobs: [Digest]
    /// Layer directories removed, by diff ID.
    public var layers: [Digest]
    /// Unfinished temporary entries removed.
    public var temporaries: Int
}

/// Progress of a pull, for a live display.
public enum PullProgress: Sendable {
    /// The manifest was resolved; these layers (base first) will be fetched or found.
    case resolved(reference: ImageReference, digest: Digest, layers: [Descriptor])
    /// A layer is already in the store.
    case layerExists(Digest)
    /// A layer is being fetched: bytes received of its total.
    case layerProgress(Digest, received: Int64, total: Int64)
    /// A layer was verified and unpacked.
    case layerDone(Digest)
}
