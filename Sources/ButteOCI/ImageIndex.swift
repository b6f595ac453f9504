// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

// Source: https://github.com/opencontainers/image-spec/blob/v1.1.1/image-index.md
// Also Docker's manifest list: https://github.com/distribution/distribution/blob/v2.8.2/docs/spec/manifest-v2-2.md

/// An OCI image index or a Docker manifest list: manifests for several platforms.
public struct ImageIndex: Hashable, Sendable, Codable {
    /// Always 2.
    public var schemaVersion: Int
    /// `application/vnd.oci.image.index.v1+json` or the Docker manifest list type; optional in OCI.
    public var mediaType: MediaType?
    /// The artifact type, for artifact indexes.
    public var artifactType: String?
    /// The manifests, usually one per platform.
    public var manifests: [Descriptor]
    /// Arbitrary metadata.
    public var annotations: [String: String]?

    /// Creates an index.
    public init(mediaType: MediaType? = .ociIndex, manifests: [Descriptor], annotations: [String: String]? = nil) {
        self.schemaVersion = 2
        self.mediaType = mediaType
        self.manifests = manifests
        self.annotations = annotations
    }

    /// Picks the manifest for `platform`, preferring an exact variant match.
    /// - Throws: `OCIError` `.noMatchingPlatform` listing the platforms the index offers.
    public func manifest(for platform: Platform) throws(OCIError) -> Descriptor {
        try platform.select(from: manifests)
    }
}
