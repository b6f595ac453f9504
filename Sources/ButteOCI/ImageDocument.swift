// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A manifest or index as received from a registry, parsed from exactly the bytes that were hashed.
///
/// Decoding refuses documents over `maxSize`, duplicate keys, deep nesting, schema 1 and unknown types,
/// and computes the digest of the same bytes it parses — nothing is re-serialised.
public enum ImageDocument: Hashable, Sendable {
    /// An OCI index or Docker manifest list.
    case index(ImageIndex)
    /// An OCI or Docker v2 schema 2 manifest.
    case manifest(ImageManifest)

    /// The largest manifest, index or config accepted (4 MiB).
    public static let maxSize = 4 << 20

    /// Parses a manifest or index.
    /// - Parameters:
    ///   - bytes: the body exactly as received.
    ///   - contentType: the `Content-Type` the registry sent, if any; the document's own `mediaType` wins
    ///     when both are present and must then agree.
    /// - Returns: the document and the digest of `bytes`.
    /// - Throws: `OCIError` `.invalidDocument` or `.unsupportedMediaType`.
    public static func parse(_ bytes: [UInt8], contentType: MediaType? = nil) throws(OCIError) -> (document: ImageDocument, digest: Digest) {
        try checkSize(bytes.count, what: "manifest")
        try StrictJSON.validate(bytes)
        let probe: MediaTypeProbe = try decodeJSON(MediaTypeProbe.self, from: bytes, what: "manifest")
        let declared = probe.mediaType.map { MediaType($0) }
        if let declared, let contentType, declared != contentType, !contentType.rawValue.isEmpty,
            contentType != "application/json", contentType != "application/octet-stream"
        {
            throw OCIError(.invalidDocument, "manifest declares media type \(declared) but was served as \(contentType)")
        }
        let type = declared ?? contentType ?? guessType(probe)
        if type.isSchema1 || probe.schemaVersion == 1 {
            throw OCIError(
                .unsupportedMediaType,
                "Docker image manifest schema 1 (\(type)) is not supported; push the image again with a current client"
            )
        }
        guard probe.schemaVersion == 2 else {
            throw OCIError(.invalidDocument, "manifest schemaVersion is \(probe.schemaVersion.map(String.init) ?? "missing"), expected 2")
        }
        let digest = Digest.compute(of: bytes)
        if type.isIndex {
            return (.index(try decodeJSON(ImageIndex.self, from: bytes, what: "image index")), digest)
        }
        if type.isManifest {
            return (.manifest(try decodeJSON(ImageManifest.self, from: bytes, what: "image manifest")), digest)
        }
        throw OCIError(.unsupportedMediaType, "unsupported manifest media type \(type)")
    }

    /// Parses an image config blob, after the strict JSON checks.
    /// - Throws: `OCIError` `.invalidDocument`.
    public static func parseConfig(_ bytes: [UInt8]) throws(OCIError) -> ImageConfig {
        try checkSize(bytes.count, what: "image config")
        try StrictJSON.validate(bytes)
        return try decodeJSON(ImageConfig.self, from: bytes, what: "image config")
    }

    private struct MediaTypeProbe: Decodable {
        var schemaVersion: Int?
        var mediaType: String?
        var manifests: [Ignored]?
        var layers: [Ignored]?
        struct Ignored: Decodable {}
    }

    private static func guessType(_ probe: MediaTypeProbe) -> MediaType {
        if probe.manifests != nil { return .ociIndex }
        if probe.layers != nil { return .ociManifest }
        return "unknown"
    }

    private static func checkSize(_ count: Int, what: String) throws(OCIError) {
        guard count <= maxSize else {
            throw OCIError(.invalidDocument, "\(what) is \(count) bytes, more than the limit of \(maxSize)")
        }
    }

    private static func decodeJSON<T: Decodable>(_ type: T.Type, from bytes: [UInt8], what: String) throws(OCIError) -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(bytes))
        } catch {
            throw OCIError(.invalidDocument, "invalid \(what): \(describe(error))")
        }
    }

    private static func describe(_ error: any Error) -> String {
        guard let e = error as? DecodingError else { return "\(error)" }
        func path(_ c: DecodingError.Context) -> String {
            let p = c.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return p.isEmpty ? "" : " at \(p)"
        }
        switch e {
        case .keyNotFound(let key, let c): return "missing \"\(key.stringValue)\"\(path(c))"
        case .typeMismatch(_, let c), .valueNotFound(_, let c), .dataCorrupted(let c): return "\(c.debugDescription)\(path(c))"
        @unknown default: return "\(e)"
        }
    }
}
