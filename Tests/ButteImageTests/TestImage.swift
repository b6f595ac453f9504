// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteImage
import ButteOCI
import Foundation

/// An image built in memory for the fake registry: layers, config, manifest, and the blobs by digest.
struct TestImage: Sendable {
    enum Compression: Sendable {
        case gzip, zstd, none
    }

    struct Layer: Sendable {
        var blob: [UInt8]
        var tar: [UInt8]
        var descriptor: Descriptor
    }

    var layers: [Layer]
    var config: [UInt8]
    var configDescriptor: Descriptor
    var manifest: [UInt8]
    var manifestDigest: Digest
    var architecture: String

    var blobs: [String: [UInt8]] {
        var result = [configDescriptor.digest.description: config]
        for l in layers { result[l.descriptor.digest.description] = l.blob }
        return result
    }

    /// Builds an image; each layer is Python tarfile code (see `Python.tar`).
    static func make(_ layerScripts: [String], compression: Compression = .gzip, architecture: String = "amd64") throws -> TestImage {
        var layers: [Layer] = []
        for script in layerScripts {
            let tar = try Python.tar(script)
            let blob: [UInt8]
            let type: MediaType
            switch compression {
            case .gzip:
                blob = try compress(tar, "import gzip,sys\nsys.stdout.buffer.write(gzip.compress(sys.stdin.buffer.read(), mtime=0))")
                type = .ociLayerTarGzip
            case .zstd:
                blob = try compress(
                    tar,
                    "import subprocess,sys\nsys.stdout.buffer.write(subprocess.run(['zstd','-q','-c'],input=sys.stdin.buffer.read(),capture_output=True,check=True).stdout)"
                )
                type = .ociLayerTarZstd
            case .none:
                blob = tar
                type = .ociLayerTar
            }
            layers.append(
                Layer(blob: blob, tar: tar, descriptor: Descriptor(mediaType: type, digest: Digest.compute(of: blob), size: Int64(blob.count))))
        }
        let diffIDs = layers.map { "\"\(Digest.compute(of: $0.tar))\"" }.joined(separator: ",")
        let config = Array(
            """
            {"architecture":"\(architecture)","os":"linux","config":{"Env":["PATH=/bin"],"Cmd":["/bin/sh"],"WorkingDir":"/srv","User":"1000:1000","ExposedPorts":{"80/tcp":{}},"StopSignal":"SIGINT"},"rootfs":{"type":"layers","diff_ids":[\(diffIDs)]}}
            """.utf8
        )
        let configDescriptor = Descriptor(mediaType: .ociConfig, digest: Digest.compute(of: config), size: Int64(config.count))
        let manifest = manifestJSON(config: configDescriptor, layers: layers.map(\.descriptor))
        return TestImage(
            layers: layers,
            config: config,
            configDescriptor: configDescriptor,
            manifest: manifest,
            manifestDigest: Digest.compute(of: manifest),
            architecture: architecture
        )
    }

    static func descriptorJSON(_ d: Descriptor) -> String {
        "{\"mediaType\":\"\(d.mediaType)\",\"digest\":\"\(d.digest)\",\"size\":\(d.size)}"
    }

    static func manifestJSON(config: Descriptor, layers: [Descriptor]) -> [UInt8] {
        Array(
            """
            {"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":\(descriptorJSON(config)),"layers":[\(layers.map(descriptorJSON).joined(separator: ","))]}
            """.utf8
        )
    }

    private static func compress(_ data: [UInt8], _ script: String) throws -> [UInt8] {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("butte-blob-\(UUID().uuidString)")
        try Data(data).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        return try Python.run("import sys\nsys.stdin = open(sys.argv[1], 'r')\n" + script, args: [file.path])
    }

    /// Answers registry API requests for this image under `repository`, tag `tag`; nil for other requests.
    func answer(_ r: FakeRegistry.Request, repository: String = "test/app", tag: String = "v1") -> FakeRegistry.Reply? {
        if r.path == "/v2/" { return .status(200) }
        if r.path == "/v2/\(repository)/manifests/\(tag)" || r.path == "/v2/\(repository)/manifests/\(manifestDigest)" {
            return .respond(200, [("Content-Type", MediaType.ociManifest.rawValue), ("Docker-Content-Digest", manifestDigest.description)], manifest)
        }
        let prefix = "/v2/\(repository)/blobs/"
        if r.path.hasPrefix(prefix), let blob = blobs[String(r.path.dropFirst(prefix.count))] {
            return .respond(200, [("Content-Type", "application/octet-stream")], blob)
        }
        return nil
    }
}

/// A scratch image store that removes itself.
final class ScratchStore {
    let url: URL
    var path: String { url.path }

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("butte-store-\(UUID().uuidString)")
    }

    deinit {
        _ = try? Python.run("import os,sys\nfor r,d,f in os.walk(sys.argv[1]):\n    os.chmod(r,0o755)\n", args: [url.path])
        try? FileManager.default.removeItem(at: url)
    }

    func entries(_ sub: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: url.appendingPathComponent(sub).path)) ?? []).sorted()
    }
}

/// Limits that make retries quick in tests.
let fastLimits = RegistryLimits(
    connectTimeout: .seconds(5), stallTimeout: .seconds(10), requestTimeout: .seconds(20), retries: 3, retryDelay: .milliseconds(5))
