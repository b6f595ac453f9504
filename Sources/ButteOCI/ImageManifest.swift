// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

// Source: https://github.com/opencontainers/image-spec/blob/v1.1.1/manifest.md
// Also Docker v2 schema 2: https://github.com/distribution/distribution/blob/v2.8.2/docs/spec/manifest-v2-2.md

/// An OCI image manifest or a Docker v2 schema 2 manifest: one config and an ordered list of layers.
public struct ImageManifest: Hashable, Sendable, Codable {
    /// The most layers a manifest may list; moby's layer store stops at the same depth.
    public static let maxLayers = 125

    /// Always 2.
    public var schemaVersion: Int
    /// The OCI or Docker manifest media type; optional in OCI.
    public var mediaType: MediaType?
    /// The artifact type, for artifact manifests.
    public var artifactType: String?
    /// The image config blob.
    public var config: Descriptor
    /// The layers, base first.
    public var layers: [Descriptor]
    /// The manifest this one refers to, for referrers.
    public var subject: Descriptor?
    /// Arbitrary metadata.
    public var annotations: [String: String]?

    /// Creates a manifest.
    public init(mediaType: MediaType? = .ociManifest, config: Descriptor, layers: [Descriptor], annotations: [String: String]? = nil) {
        self.schemaVersion = 2
        self.mediaType = mediaType
        self.config = config
        self.layers = layers
        self.annotations = annotations
    }

    /// Checks what a runnable image needs: a config of a config type, layers of layer types, and at most `maxLayers` layers.
    /// - Throws: `OCIError` `.invalidDocument` or `.unsupportedMediaType`.
    public func validateRunnable() throws(OCIError) {
        guard config.mediaType.isConfig else {
            throw OCIError(.unsupportedMediaType, "manifest config has media type \(config.mediaType), not an image config")
        }
        guard layers.count <= Self.maxLayers else {
            throw OCIError(.invalidDocument, "manifest lists \(layers.count) layers, more than the limit of \(Self.maxLayers)")
        }
        for (i, layer) in layers.enumerated() where !layer.mediaType.isLayer {
            throw OCIError(.unsupportedMediaType, "layer \(i) (\(layer.digest)) has unsupported media type \(layer.mediaType)")
        }
    }
}
