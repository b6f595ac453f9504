// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteOCI
import Testing

@Suite struct ImageDocumentTests {
    static let a = "sha256:" + String(repeating: "a", count: 64)
    static let b = "sha256:" + String(repeating: "b", count: 64)
    static let c = "sha256:" + String(repeating: "c", count: 64)

    static let manifest = """
        {"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json",
         "config":{"mediaType":"application/vnd.docker.container.image.v1+json","size":1469,"digest":"\(a)"},
         "layers":[{"mediaType":"application/vnd.docker.image.rootfs.diff.tar.gzip","size":2591,"digest":"\(b)"},
                   {"mediaType":"application/vnd.oci.image.layer.v1.tar+zstd","size":10,"digest":"\(c)"}]}
        """

    @Test("a Docker v2 schema 2 manifest decodes and is hashed over the exact bytes")
    func manifestDecodes() throws {
        let bytes = Array(Self.manifest.utf8)
        let (doc, digest) = try ImageDocument.parse(bytes)
        guard case .manifest(let m) = doc else {
            Issue.record("expected a manifest, got \(doc)")
            return
        }
        #expect(digest == Digest.compute(of: bytes))
        #expect(m.config.digest.description == Self.a)
        #expect(m.config.mediaType == .dockerConfig)
        #expect(m.layers.map(\.mediaType.layerCompression) == [.gzip, .zstd])
        #expect(m.layers[0].size == 2591)
        try m.validateRunnable()
        #expect(MediaType.ociLayerTar.layerCompression == .uncompressed)
        #expect(MediaType("application/vnd.oci.image.layer.v1.tar+gzip; charset=x").layerCompression == .gzip)
        #expect(MediaType.ociConfig.layerCompression == nil)
    }

    @Test("an OCI index decodes and its platforms select")
    func indexDecodes() throws {
        let json = """
            {"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[
              {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"\(Self.a)","size":1,
               "platform":{"architecture":"amd64","os":"linux"}},
              {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"\(Self.b)","size":1,
               "platform":{"architecture":"arm64","os":"linux","variant":"v8"}},
              {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"\(Self.c)","size":1,
               "platform":{"architecture":"unknown","os":"unknown"}}]}
            """
        let (doc, _) = try ImageDocument.parse(Array(json.utf8))
        guard case .index(let index) = doc else {
            Issue.record("expected an index, got \(doc)")
            return
        }
        #expect(try index.manifest(for: Platform(os: "linux", architecture: "x86_64")).digest.description == Self.a)
        #expect(try index.manifest(for: Platform(os: "linux", architecture: "aarch64")).digest.description == Self.b)
    }

    @Test("a manifest with a duplicated layers key is refused (CVE-2014-8179)")
    func duplicateLayers() {
        let json = """
            {"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",
             "config":{"mediaType":"application/vnd.oci.image.config.v1+json","size":1,"digest":"\(Self.a)"},
             "layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar","size":1,"digest":"\(Self.b)"}],
             "layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar","size":1,"digest":"\(Self.c)"}]}
            """
        #expect {
            try ImageDocument.parse(Array(json.utf8))
        } throws: { ($0 as? OCIError)?.message.contains("duplicate object key \"layers\"") == true }
    }

    @Test("a layer digest that is not a valid digest is refused", arguments: ["sha256:../../../../tmp/x", "md5:abc", "sha256:ABC"])
    func badLayerDigest(_ digest: String) {
        let json = """
            {"schemaVersion":2,"config":{"mediaType":"application/vnd.oci.image.config.v1+json","size":1,"digest":"\(Self.a)"},
             "layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar","size":1,"digest":"\(digest)"}]}
            """
        #expect { try ImageDocument.parse(Array(json.utf8)) } throws: { ($0 as? OCIError)?.code == .invalidDocument }
    }

    @Test("schema 1 manifests are refused with a clear message")
    func schema1() {
        let json = #"{"schemaVersion":1,"name":"x","tag":"latest","fsLayers":[]}"#
        #expect { try ImageDocument.parse(Array(json.utf8)) } throws: {
            ($0 as? OCIError)?.code == .unsupportedMediaType && "\($0)".contains("schema 1")
        }
        let typed = #"{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v1+prettyjws"}"#
        #expect { try ImageDocument.parse(Array(typed.utf8)) } throws: { ($0 as? OCIError)?.code == .unsupportedMediaType }
    }

    @Test("oversized documents, negative sizes and too many layers are refused")
    func limits() throws {
        let big = [UInt8](repeating: 0x20, count: ImageDocument.maxSize + 1)
        #expect { try ImageDocument.parse(big) } throws: { "\($0)".contains("more than the limit") }

        let negative = """
            {"schemaVersion":2,"config":{"mediaType":"application/vnd.oci.image.config.v1+json","size":-1,"digest":"\(Self.a)"},"layers":[]}
            """
        #expect(throws: OCIError.self) { try ImageDocument.parse(Array(negative.utf8)) }

        let layer = Descriptor(mediaType: .ociLayerTarGzip, digest: try Digest(parsing: Self.b), size: 1)
        let config = Descriptor(mediaType: .ociConfig, digest: try Digest(parsing: Self.a), size: 1)
        let tooMany = ImageManifest(config: config, layers: Array(repeating: layer, count: 126))
        #expect { try tooMany.validateRunnable() } throws: { "\($0)".contains("126 layers") }
        let notLayer = ImageManifest(config: config, layers: [Descriptor(mediaType: "text/plain", digest: layer.digest, size: 1)])
        #expect { try notLayer.validateRunnable() } throws: { ($0 as? OCIError)?.code == .unsupportedMediaType }
    }

    @Test("a document whose mediaType disagrees with Content-Type is refused")
    func contentTypeMismatch() {
        #expect(throws: OCIError.self) {
            try ImageDocument.parse(Array(Self.manifest.utf8), contentType: .ociIndex)
        }
    }
}
