// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

// Source: https://github.com/opencontainers/image-spec/blob/v1.1.1/descriptor.md

/// A reference to content by media type, digest and size.
///
/// `urls` is decoded so that documents round-trip, but Butte never fetches from it (CVE-2020-15157).
public struct Descriptor: Hashable, Sendable, Codable {
    /// The media type of the referenced content.
    public var mediaType: MediaType
    /// The digest of the referenced content, validated on decoding.
    public var digest: Digest
    /// The size of the referenced content in bytes.
    public var size: Int64
    /// Alternate download locations; ignored by Butte.
    public var urls: [String]?
    /// Arbitrary metadata.
    public var annotations: [String: String]?
    /// Embedded content, base64 in JSON.
    public var data: String?
    /// The platform of the referenced manifest, in an index.
    public var platform: Platform?
    /// The artifact type, for artifact manifests.
    public var artifactType: String?

    /// Creates a descriptor.
    public init(
        mediaType: MediaType,
        digest: Digest,
        size: Int64,
        platform: Platform? = nil,
        annotations: [String: String]? = nil
    ) {
        self.mediaType = mediaType
        self.digest = digest
        self.size = size
        self.platform = platform
        self.annotations = annotations
    }

    private enum CodingKeys: String, CodingKey {
        case mediaType, digest, size, urls, annotations, data, platform, artifactType
    }

    /// Decodes a descriptor, refusing a negative size.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        mediaType = try c.decode(MediaType.self, forKey: .mediaType)
        digest = try c.decode(Digest.self, forKey: .digest)
        size = try c.decode(Int64.self, forKey: .size)
        guard size >= 0 else {
            throw DecodingError.dataCorruptedError(forKey: .size, in: c, debugDescription: "descriptor size \(size) is negative")
        }
        urls = try c.decodeIfPresent([String].self, forKey: .urls)
        annotations = try c.decodeIfPresent([String: String].self, forKey: .annotations)
        data = try c.decodeIfPresent(String.self, forKey: .data)
        platform = try c.decodeIfPresent(Platform.self, forKey: .platform)
        artifactType = try c.decodeIfPresent(String.self, forKey: .artifactType)
    }
}
