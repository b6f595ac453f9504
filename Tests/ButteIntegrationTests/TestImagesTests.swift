// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteTesting
import Foundation
import Testing

/// `rootfs/push-test-images`, which builds Butte's test images and pushes them to a registry.
@Suite(.tags(.services), .enabled(if: TestEnvironment.privilegedTestsEnabled))
struct TestImagesTests {
    static let script = TestEnvironment.repositoryRoot.appendingPathComponent("rootfs/push-test-images").path

    static let ociManifest = "application/vnd.oci.image.manifest.v1+json"
    static let ociIndex = "application/vnd.oci.image.index.v1+json"
    static let dockerManifest = "application/vnd.docker.distribution.manifest.v2+json"
    static let accept = [ociManifest, ociIndex, dockerManifest].joined(separator: ", ")

    struct Platform: Decodable {
        var architecture: String
        var os: String
    }

    struct Descriptor: Decodable {
        var mediaType: String
        var digest: String
        var size: Int
        var platform: Platform?
    }

    /// A manifest or an index: the fields the assertions look at.
    struct Manifest: Decodable {
        var schemaVersion: Int
        var mediaType: String?
        var config: Descriptor?
        var layers: [Descriptor]?
        var manifests: [Descriptor]?
    }

    struct ImageConfig: Decodable {
        var architecture: String
        var os: String
    }

    @Test("the images are pushed with the promised manifest and layer media types, whiteouts and platforms")
    func pushesTestImages() async throws {
        try await withRegistry { registry in
            let pushed = try await Command.check(Self.script, [registry.host])
            for reference in ["busybox:oci-gzip", "busybox:v2s2", "busybox:oci-zstd", "layers:whiteouts", "multiarch:latest"] {
                #expect(pushed.output.contains("pushed \(registry.host)/butte-test/\(reference)@sha256:"))
            }

            // OCI manifest with a gzip layer.
            let (gzipType, gzip, gzipDigest) = try await manifest(registry, "busybox", "oci-gzip")
            #expect(gzipType == Self.ociManifest)
            #expect(gzip.mediaType == Self.ociManifest)
            #expect(gzip.config?.mediaType == "application/vnd.oci.image.config.v1+json")
            #expect(gzip.layers?.map(\.mediaType) == ["application/vnd.oci.image.layer.v1.tar+gzip"])
            let busyboxLayer = try await blob(registry, "busybox", try #require(gzip.layers?.first).digest)
            #expect(try await tarListing(busyboxLayer, gzip: true).contains("bin/busybox"))

            // Docker v2 schema 2.
            let (v2Type, v2, _) = try await manifest(registry, "busybox", "v2s2")
            #expect(v2Type == Self.dockerManifest)
            #expect(v2.mediaType == Self.dockerManifest)
            #expect(v2.config?.mediaType == "application/vnd.docker.container.image.v1+json")
            #expect(v2.layers?.map(\.mediaType) == ["application/vnd.docker.image.rootfs.diff.tar.gzip"])

            // zstd layer: the media type says so and the bytes start with zstd's magic number.
            let (zstdType, zstd, _) = try await manifest(registry, "busybox", "oci-zstd")
            #expect(zstdType == Self.ociManifest)
            #expect(zstd.layers?.map(\.mediaType) == ["application/vnd.oci.image.layer.v1.tar+zstd"])
            let zstdLayer = try await blob(registry, "busybox", try #require(zstd.layers?.first).digest)
            #expect(Array(zstdLayer.prefix(4)) == [0x28, 0xB5, 0x2F, 0xFD])

            // Whiteouts: the data layer adds a, b and dir/x; the last layer removes a and masks dir.
            let (_, whiteouts, _) = try await manifest(registry, "layers", "whiteouts")
            let layers = try #require(whiteouts.layers)
            #expect(layers.count == 3)
            // tar fails on a truncated archive, so every layer is checked for completeness too.
            let binLayer = try await tarListing(try await blob(registry, "layers", layers[0].digest), gzip: true)
            #expect(binLayer == ["bin/", "bin/busybox", "bin/sh"])
            let dataLayer = try await tarListing(try await blob(registry, "layers", layers[1].digest), gzip: true)
            #expect(["data/a", "data/b", "data/dir/x"].allSatisfy(dataLayer.contains))
            let topLayer = try await tarListing(try await blob(registry, "layers", layers[2].digest), gzip: true)
            #expect(topLayer.contains("data/.wh.a"))
            #expect(topLayer.contains("data/dir/.wh..wh..opq"))
            #expect(topLayer.contains("data/dir/y"))
            #expect(!topLayer.contains("data/b"))

            // The index lists linux/amd64 and linux/arm64, and each entry's config agrees.
            let (indexType, index, _) = try await manifest(registry, "multiarch", "latest")
            #expect(indexType == Self.ociIndex)
            #expect(index.mediaType == Self.ociIndex)
            let entries = try #require(index.manifests)
            #expect(entries.count == 2)
            #expect(Set(entries.compactMap { $0.platform.map { "\($0.os)/\($0.architecture)" } }) == ["linux/amd64", "linux/arm64"])
            for entry in entries {
                let (_, child, _) = try await manifest(registry, "multiarch", entry.digest)
                let configBlob = try await blob(registry, "multiarch", try #require(child.config).digest)
                let config = try JSONDecoder().decode(ImageConfig.self, from: configBlob)
                #expect(config.architecture == entry.platform?.architecture)
                #expect(config.os == "linux")
            }

            // A second run pushes the same content: the tags keep their digests.
            try await Command.check(Self.script, [registry.host])
            let (_, _, again) = try await manifest(registry, "busybox", "oci-gzip")
            #expect(again == gzipDigest)
        }
    }

    @Test("with BUTTE_REGISTRY_CREDS the images go to a registry that wants Basic auth")
    func pushesWithCredentials() async throws {
        try await withRegistry(RegistryFixture.Options(basicAuth: true)) { registry in
            let credentials = try #require(registry.credentials)
            let refused = try await Command.run(Self.script, [registry.host])
            #expect(!refused.succeeded)
            #expect(refused.errorOutput.contains("wants credentials; set BUTTE_REGISTRY_CREDS"))

            var environment = ProcessInfo.processInfo.environment
            environment["BUTTE_REGISTRY_CREDS"] = credentials.pair
            try await Command.check(Self.script, [registry.host], environment: environment)
            let path = "/v2/butte-test/busybox/manifests/oci-gzip"
            #expect(try await registry.request("GET", path, headers: ["Accept": Self.ociManifest]).status == 200)
            #expect(try await registry.request("GET", path, headers: ["Accept": Self.ociManifest], authenticated: false).status == 401)
        }
    }

    @Test("push-test-images says so in a sentence when no registry answers")
    func failsWithoutRegistry() async throws {
        let port = try FreePort.next()
        let result = try await Command.run(Self.script, ["127.0.0.1:\(port)"])
        #expect(!result.succeeded)
        #expect(result.errorOutput.contains("no registry answers at http://127.0.0.1:\(port)/v2/"))

        let usage = try await Command.run(Self.script, [])
        #expect(!usage.succeeded)
        #expect(usage.errorOutput.contains("HOST:PORT"))
    }

    /// GETs a manifest with every supported Accept type; returns Content-Type, the decoded body and its digest.
    private func manifest(
        _ registry: RegistryFixture,
        _ repository: String,
        _ reference: String
    ) async throws -> (String?, Manifest, String?) {
        let response = try await registry.request(
            "GET",
            "/v2/butte-test/\(repository)/manifests/\(reference)",
            headers: ["Accept": Self.accept]
        )
        try #require(response.status == 200, "manifest butte-test/\(repository):\(reference) answered \(response.status): \(response.text)")
        return (
            response.header("Content-Type"), try JSONDecoder().decode(Manifest.self, from: response.body), response.header("Docker-Content-Digest")
        )
    }

    private func blob(_ registry: RegistryFixture, _ repository: String, _ digest: String) async throws -> Data {
        let response = try await registry.request("GET", "/v2/butte-test/\(repository)/blobs/\(digest)")
        try #require(response.status == 200, "blob \(digest) of butte-test/\(repository) answered \(response.status)")
        return response.body
    }

    /// The member names of a layer tar, as `tar -t` lists them.
    private func tarListing(_ layer: Data, gzip: Bool) async throws -> Set<String> {
        let scratch = try TemporaryDirectory(prefix: "butte-layer")
        defer { scratch.remove() }
        let file = scratch.url.appendingPathComponent("layer")
        try layer.write(to: file)
        let listing = try await Command.check("/usr/bin/tar", [gzip ? "-tzf" : "-tf", file.path]).output
        return Set(listing.split(separator: "\n").map(String.init))
    }
}
