// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

// Source: https://github.com/opencontainers/image-spec/blob/v1.1.1/media-types.md
// Source: https://github.com/distribution/distribution/blob/v2.8.2/docs/spec/manifest-v2-2.md (Docker v2 schema 2)

/// A media type of an image document or blob, OCI or Docker.
///
/// Any string can be held (registries send types Butte does not know); the static members name the ones Butte acts on.
public struct MediaType: Hashable, Sendable, Codable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The media type string, without parameters.
    public let rawValue: String

    /// Wraps a media type string; parameters after `;` are dropped and the type is lowercased.
    public init(_ rawValue: String) {
        let base = rawValue.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        self.rawValue = base.trimmingSpaces().lowercased()
    }

    /// Wraps a literal media type.
    public init(stringLiteral value: String) { self.init(value) }

    /// Decodes a media type string.
    public init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode(String.self))
    }

    /// Encodes the media type string.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }

    /// The media type string.
    public var description: String { rawValue }

    /// OCI image index.
    public static let ociIndex: MediaType = "application/vnd.oci.image.index.v1+json"
    /// OCI image manifest.
    public static let ociManifest: MediaType = "application/vnd.oci.image.manifest.v1+json"
    /// OCI image config.
    public static let ociConfig: MediaType = "application/vnd.oci.image.config.v1+json"
    /// OCI layer, uncompressed tar.
    public static let ociLayerTar: MediaType = "application/vnd.oci.image.layer.v1.tar"
    /// OCI layer, gzip-compressed tar.
    public static let ociLayerTarGzip: MediaType = "application/vnd.oci.image.layer.v1.tar+gzip"
    /// OCI layer, zstd-compressed tar.
    public static let ociLayerTarZstd: MediaType = "application/vnd.oci.image.layer.v1.tar+zstd"
    /// OCI non-distributable layer, uncompressed (deprecated, still accepted).
    public static let ociNondistributableLayerTar: MediaType = "application/vnd.oci.image.layer.nondistributable.v1.tar"
    /// OCI non-distributable layer, gzip (deprecated, still accepted).
    public static let ociNondistributableLayerTarGzip: MediaType = "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip"
    /// OCI non-distributable layer, zstd (deprecated, still accepted).
    public static let ociNondistributableLayerTarZstd: MediaType = "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd"
    /// OCI empty descriptor content (`{}`).
    public static let ociEmpty: MediaType = "application/vnd.oci.empty.v1+json"

    /// Docker manifest list (the Docker form of an index).
    public static let dockerManifestList: MediaType = "application/vnd.docker.distribution.manifest.list.v2+json"
    /// Docker image manifest, v2 schema 2.
    public static let dockerManifest: MediaType = "application/vnd.docker.distribution.manifest.v2+json"
    /// Docker image config.
    public static let dockerConfig: MediaType = "application/vnd.docker.container.image.v1+json"
    /// Docker layer, gzip-compressed tar.
    public static let dockerLayerTarGzip: MediaType = "application/vnd.docker.image.rootfs.diff.tar.gzip"
    /// Docker foreign layer, gzip-compressed tar (its `urls` are never followed).
    public static let dockerForeignLayerTarGzip: MediaType = "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip"
    /// Docker v2 schema 1 manifest: recognised only to be refused.
    public static let dockerSchema1Manifest: MediaType = "application/vnd.docker.distribution.manifest.v1+json"
    /// Docker v2 schema 1 signed manifest: recognised only to be refused.
    public static let dockerSchema1SignedManifest: MediaType = "application/vnd.docker.distribution.manifest.v1+prettyjws"

    /// The `Accept` list a registry client sends when fetching a manifest by tag or digest.
    public static let manifestAccept: [MediaType] = [.ociIndex, .ociManifest, .dockerManifestList, .dockerManifest]

    /// True for an OCI index or a Docker manifest list.
    public var isIndex: Bool { self == .ociIndex || self == .dockerManifestList }
    /// True for an OCI manifest or a Docker v2 schema 2 manifest.
    public var isManifest: Bool { self == .ociManifest || self == .dockerManifest }
    /// True for an OCI or Docker image config.
    public var isConfig: Bool { self == .ociConfig || self == .dockerConfig }
    /// True for the Docker schema 1 types, which Butte refuses.
    public var isSchema1: Bool { self == .dockerSchema1Manifest || self == .dockerSchema1SignedManifest }

    /// How the layer blob of this media type is compressed, or nil when this is not a layer type.
    public var layerCompression: LayerCompression? {
        switch self {
        case .ociLayerTar, .ociNondistributableLayerTar: .uncompressed
        case .ociLayerTarGzip, .ociNondistributableLayerTarGzip, .dockerLayerTarGzip, .dockerForeignLayerTarGzip: .gzip
        case .ociLayerTarZstd, .ociNondistributableLayerTarZstd: .zstd
        default: nil
        }
    }

    /// True for every layer media type.
    public var isLayer: Bool { layerCompression != nil }
}

/// The compression of a layer blob.
public enum LayerCompression: String, Sendable, Hashable {
    /// A plain tar stream.
    case uncompressed
    /// gzip (RFC 1952).
    case gzip
    /// Zstandard (RFC 8878).
    case zstd
}

extension Substring {
    fileprivate func trimmingSpaces() -> Substring {
        var s = self
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return s
    }
}
