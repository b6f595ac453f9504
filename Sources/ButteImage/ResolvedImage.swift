// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteOCI

/// An image as a registry describes it: the manifest chosen for a platform and its verified config.
public struct ResolvedImage: Sendable {
    /// The reference that was resolved.
    public var reference: ImageReference
    /// The endpoint that served the manifest; blobs come from the same one.
    public var endpoint: RegistryEndpoint
    /// The digest of the index the manifest was chosen from, if the reference named an index.
    public var indexDigest: Digest?
    /// The index bytes exactly as received, if any.
    public var indexBytes: [UInt8]?
    /// The manifest's digest (computed over the bytes received).
    public var manifestDigest: Digest
    /// The manifest bytes exactly as received.
    public var manifestBytes: [UInt8]
    /// The manifest.
    public var manifest: ImageManifest
    /// The config bytes, verified against the manifest's config descriptor.
    public var configBytes: [UInt8]
    /// The image config.
    public var config: ImageConfig
}
