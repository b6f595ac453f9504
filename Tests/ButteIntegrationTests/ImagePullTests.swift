// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteImage
import ButteOCI
import ButteTesting
import Foundation
import Testing

/// `ImageStore.pull` and `butte image` against Debian's docker-registry filled by `rootfs/push-test-images`.
@Suite(.tags(.services), .enabled(if: TestEnvironment.privilegedTestsEnabled))
struct ImagePullTests {
    static let script = TestEnvironment.repositoryRoot.appendingPathComponent("rootfs/push-test-images").path
    static let amd64 = Platform(os: "linux", architecture: "amd64")

    static func xattr(_ path: String, _ name: String) async throws -> String {
        let r = try await Command.check(
            "/usr/bin/python3",
            [
                "-c", "import os,sys\ntry: print(os.getxattr(sys.argv[1], sys.argv[2], follow_symlinks=False).decode())\nexcept OSError: print('-')",
                path, name,
            ]
        )
        return r.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test("OCI and v2s2 manifests, gzip and zstd layers, a multi-arch index and whiteouts pull into the store")
    func pullsTestImages() async throws {
        try await withRegistry { registry in
            try await Command.check(Self.script, [registry.host])
            let scratch = try TemporaryDirectory(prefix: "butte-image-store")
            defer { scratch.remove() }
            let store = try ImageStore(directory: scratch.url.path)
            func pull(_ name: String, _ platform: Platform = Self.amd64) async throws -> StoredImage {
                try await store.pull(try ImageReference(parsing: "\(registry.host)/butte-test/\(name)"), platform: platform)
            }

            let gzip = try await pull("busybox:oci-gzip")
            #expect(FileManager.default.isExecutableFile(atPath: gzip.layerDirectories[0] + "/bin/busybox"))
            #expect(try FileManager.default.destinationOfSymbolicLink(atPath: gzip.layerDirectories[0] + "/bin/sh") == "busybox")
            #expect(gzip.config.config?.cmd == ["/bin/sh"])
            #expect(gzip.config.config?.env == ["PATH=/bin"])

            let v2s2 = try await pull("busybox:v2s2")
            #expect(v2s2.record.layers.map(\.mediaType) == [.dockerLayerTarGzip])
            // The same uncompressed layer: stored once.
            #expect(v2s2.layerDirectories == gzip.layerDirectories)

            let zstd = try await pull("busybox:oci-zstd")
            #expect(zstd.record.layers.map(\.mediaType) == [.ociLayerTarZstd])
            #expect(zstd.layerDirectories == gzip.layerDirectories)

            let arm = try await pull("multiarch:latest", Platform(os: "linux", architecture: "arm64"))
            #expect(arm.record.platform == "linux/arm64")
            #expect(arm.record.indexDigest != nil)
            let amd = try await pull("multiarch:latest")
            #expect(amd.record.platform == "linux/amd64")
            #expect(amd.record.digest != arm.record.digest)

            let whiteouts = try await pull("layers:whiteouts")
            #expect(whiteouts.layerDirectories.count == 3)
            let top = whiteouts.layerDirectories[2]
            var st = stat()
            #expect(lstat(top + "/data/a", &st) == 0)
            #expect(st.st_mode & S_IFMT == S_IFCHR && st.st_rdev == 0)
            #expect(try await Self.xattr(top + "/data/dir", "trusted.overlay.opaque") == "y")
            #expect(FileManager.default.fileExists(atPath: top + "/data/dir/y"))
            #expect(!FileManager.default.fileExists(atPath: top + "/data/.wh.a"))
            #expect(!FileManager.default.fileExists(atPath: top + "/data/dir/.wh..wh..opq"))
            // multiarch:latest was pulled twice under one reference: five records.
            #expect(try await store.list().count == 5)
        }
    }

    @Test("a registry with htpasswd Basic auth is pulled from with credentials and refuses without")
    func basicAuth() async throws {
        try await withRegistry(.init(basicAuth: true)) { registry in
            let credentials = try #require(registry.credentials)
            var environment = ProcessInfo.processInfo.environment
            environment["BUTTE_REGISTRY_CREDS"] = credentials.pair
            try await Command.check(Self.script, [registry.host], environment: environment)
            let scratch = try TemporaryDirectory(prefix: "butte-image-store")
            defer { scratch.remove() }
            let reference = try ImageReference(parsing: "\(registry.host)/butte-test/busybox:oci-gzip")

            let anonymous = try ImageStore(directory: scratch.url.path)
            await #expect {
                _ = try await anonymous.pull(reference, platform: Self.amd64)
            } throws: { ($0 as? ImageError)?.code == .authentication }

            let configuration = RegistryConfiguration(credentials: [
                registry.host: RegistryCredentials(user: credentials.user, password: credentials.password)
            ])
            let store = try ImageStore(directory: scratch.url.path, registry: configuration)
            let image = try await store.pull(reference, platform: Self.amd64)
            #expect(FileManager.default.fileExists(atPath: image.layerDirectories[0] + "/bin/busybox"))
        }
    }

    @Test("butte image pull, ls, inspect, rm and gc; errors exit non-zero with one sentence")
    func commandLine() async throws {
        try await withRegistry { registry in
            try await Command.check(Self.script, [registry.host])
            let scratch = try TemporaryDirectory(prefix: "butte-image-store")
            defer { scratch.remove() }
            let butte = TestEnvironment.butteExecutable.path
            let store = ["--store", scratch.url.path]
            let reference = "\(registry.host)/butte-test/busybox:oci-gzip"

            let pulled = try await Command.check(butte, ["image", "pull"] + store + ["--platform", "linux/amd64", reference])
            #expect(pulled.output.contains("pulled sha256:"))
            #expect(pulled.output.contains("pull complete"))
            let listed = try await Command.check(butte, ["image", "ls"] + store)
            #expect(listed.output.contains(reference))
            let inspected = try await Command.check(butte, ["image", "inspect"] + store + [reference])
            #expect(inspected.output.contains("\"Cmd\""))
            #expect(inspected.output.contains(scratch.url.path + "/layers/sha256/"))

            let missing = try await Command.run(butte, ["image", "pull"] + store + ["\(registry.host)/butte-test/nothing:here"])
            #expect(missing.status == 1)
            #expect(missing.errorOutput.contains("butte-test/nothing:here"))
            #expect(missing.errorOutput.split(separator: "\n").count == 1)
            let invalid = try await Command.run(butte, ["image", "pull"] + store + ["UPPER/Case"])
            #expect(invalid.status == 2)

            let removed = try await Command.check(butte, ["image", "rm"] + store + [reference])
            #expect(removed.output.contains("freed 2 blobs and 1 layers"))
            let layers = try FileManager.default.contentsOfDirectory(atPath: scratch.url.path + "/layers/sha256")
            #expect(layers.isEmpty)
            let gc = try await Command.check(butte, ["image", "gc"] + store)
            #expect(gc.output.contains("removed 0 blobs, 0 layers"))
        }
    }
}
