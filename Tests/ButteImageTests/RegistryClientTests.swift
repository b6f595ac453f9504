// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteImage
import ButteOCI
import Foundation
import Synchronization
import Testing

@Suite struct RegistryClientTests {
    static let files = "add('etc/hello', data=b'hello\\n')\nadd('bin', type=tarfile.DIRTYPE, mode=0o755)"

    static func pull(
        _ registry: FakeRegistry,
        image: String = "test/app:v1",
        configuration: RegistryConfiguration = RegistryConfiguration(limits: fastLimits),
        platform: Platform = Platform(os: "linux", architecture: "amd64"),
        store: ScratchStore
    ) async throws -> StoredImage {
        let s = try ImageStore(directory: store.path, registry: configuration)
        return try await s.pull(try ImageReference(parsing: "\(registry.host)/\(image)"), platform: platform)
    }

    static func expectError(_ code: ImageError.Code, containing text: String, _ body: () async throws -> Void) async {
        do {
            try await body()
            Issue.record("expected an error containing \"\(text)\"")
        } catch let e as ImageError {
            #expect(e.code == code, "\(e)")
            #expect(e.description.contains(text), "\(e)")
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test("an image is resolved, its blob streamed, verified and unpacked, and the config kept")
    func pullsImage() async throws {
        let image = try TestImage.make([Self.files])
        let registry = try await FakeRegistry { image.answer($0) ?? .status(404) }
        defer { Task { await registry.stop() } }
        let store = try ScratchStore()
        let pulled = try await Self.pull(registry, store: store)
        #expect(pulled.record.digest == image.manifestDigest)
        #expect(pulled.layerDirectories.count == 1)
        #expect(try String(contentsOfFile: pulled.layerDirectories[0] + "/etc/hello", encoding: .utf8) == "hello\n")
        #expect(pulled.config.config?.cmd == ["/bin/sh"])
        #expect(pulled.config.config?.workingDir == "/srv")
        #expect(pulled.config.config?.stopSignal == "SIGINT")
        let accept = registry.requests.first { $0.path.contains("/manifests/") }?.headers["accept"] ?? ""
        for type in [
            "application/vnd.oci.image.index.v1+json", "application/vnd.oci.image.manifest.v1+json",
            "application/vnd.docker.distribution.manifest.list.v2+json", "application/vnd.docker.distribution.manifest.v2+json",
        ] {
            #expect(accept.contains(type))
        }
        #expect(store.entries("tmp").isEmpty)
    }

    @Test("a blob with the wrong content fails naming the digest, and nothing is kept")
    func wrongDigest() async throws {
        let image = try TestImage.make([Self.files])
        let layer = image.layers[0].descriptor.digest
        let registry = try await FakeRegistry { r in
            if r.path.hasSuffix("/blobs/\(layer)") {
                var bad = image.layers[0].blob
                bad[bad.count - 9] ^= 0xFF  // inside the gzip trailer's CRC: the size stays right
                return .respond(200, [], bad)
            }
            return image.answer(r) ?? .status(404)
        }
        defer { Task { await registry.stop() } }
        let store = try ScratchStore()
        await Self.expectError(.verification, containing: layer.description) { _ = try await Self.pull(registry, store: store) }
        #expect(store.entries("layers/sha256").isEmpty)
        #expect(store.entries("tmp").isEmpty)
        #expect(store.entries("images").isEmpty)
    }

    @Test("a manifest whose bytes do not match the Docker-Content-Digest header is refused")
    func manifestDigestHeader() async throws {
        let image = try TestImage.make([Self.files])
        let other = Digest.compute(of: Array("other".utf8))
        let registry = try await FakeRegistry { r in
            if r.path.contains("/manifests/") {
                return .respond(
                    200, [("Content-Type", MediaType.ociManifest.rawValue), ("Docker-Content-Digest", other.description)], image.manifest)
            }
            return image.answer(r) ?? .status(404)
        }
        defer { Task { await registry.stop() } }
        await Self.expectError(.verification, containing: other.description) { _ = try await Self.pull(registry, store: try ScratchStore()) }
    }

    @Test("a blob cut off mid-way is resumed with Range")
    func resumesWithRange() async throws {
        let store = try ScratchStore()
        defer { withExtendedLifetime(store) {} }
        let image = try TestImage.make(["import random\nrandom.seed(1)\nadd('data', data=bytes(random.getrandbits(8) for _ in range(300000)))"])
        let blob = image.layers[0].blob
        let layer = image.layers[0].descriptor.digest
        let attempts = Mutex(0)
        let registry = try await FakeRegistry { r in
            guard r.path.hasSuffix("/blobs/\(layer)") else { return image.answer(r) ?? .status(404) }
            let n = attempts.withLock {
                $0 += 1
                return $0
            }
            if n == 1 { return .truncate([], blob, sent: 100_000) }
            guard let range = r.headers["range"], range.hasPrefix("bytes="), let start = Int(range.dropFirst(6).dropLast()) else {
                return .respond(200, [], blob)
            }
            return .respond(206, [("Content-Range", "bytes \(start)-\(blob.count - 1)/\(blob.count)")], Array(blob[start...]))
        }
        defer { Task { await registry.stop() } }
        let pulled = try await Self.pull(registry, store: store)
        #expect(FileManager.default.fileExists(atPath: pulled.layerDirectories[0] + "/data"))
        let ranges = registry.requests.compactMap { $0.headers["range"] }
        #expect(ranges.count == 1)
        #expect(ranges.first?.hasPrefix("bytes=") == true && ranges.first != "bytes=0-")
    }

    @Test("a blob cut off at a registry that ignores Range is restarted from the start")
    func restartsWithoutRange() async throws {
        let store = try ScratchStore()
        defer { withExtendedLifetime(store) {} }
        let image = try TestImage.make(["import random\nrandom.seed(2)\nadd('data', data=bytes(random.getrandbits(8) for _ in range(300000)))"])
        let blob = image.layers[0].blob
        let layer = image.layers[0].descriptor.digest
        let attempts = Mutex(0)
        let registry = try await FakeRegistry { r in
            guard r.path.hasSuffix("/blobs/\(layer)") else { return image.answer(r) ?? .status(404) }
            let n = attempts.withLock {
                $0 += 1
                return $0
            }
            return n == 1 ? .truncate([], blob, sent: 150_000) : .respond(200, [], blob)
        }
        defer { Task { await registry.stop() } }
        let pulled = try await Self.pull(registry, store: store)
        let data = try Data(contentsOf: URL(fileURLWithPath: pulled.layerDirectories[0] + "/data"))
        #expect(data.count == 300_000)
        #expect(attempts.withLock { $0 } == 2)
    }

    @Test("5xx answers are retried with backoff, then the pull succeeds")
    func retries5xx() async throws {
        let image = try TestImage.make([Self.files])
        let failures = Mutex(0)
        let registry = try await FakeRegistry { r in
            if r.path.contains("/manifests/") {
                let n = failures.withLock {
                    $0 += 1
                    return $0
                }
                if n <= 2 { return .status(n == 1 ? 503 : 502) }
            }
            return image.answer(r) ?? .status(404)
        }
        defer { Task { await registry.stop() } }
        _ = try await Self.pull(registry, store: try ScratchStore())
        #expect(registry.requests.filter { $0.path.contains("/manifests/") }.count == 3)
    }

    @Test("a registry that keeps failing gives up after the retries with the status in the message")
    func gives5xxUp() async throws {
        let registry = try await FakeRegistry { _ in .status(500) }
        defer { Task { await registry.stop() } }
        await Self.expectError(.registry, containing: "HTTP 500") { _ = try await Self.pull(registry, store: try ScratchStore()) }
        #expect(registry.requests.count == fastLimits.retries + 1)
    }

    @Test("an oversized manifest is refused by its Content-Length and by its streamed size")
    func oversizedManifest() async throws {
        let image = try TestImage.make([Self.files])
        let huge = Array(repeating: UInt8(ascii: " "), count: 5 << 20)
        let announced = try await FakeRegistry { r in r.path.contains("/manifests/") ? .respond(200, [], huge) : image.answer(r) ?? .status(404) }
        defer { Task { await announced.stop() } }
        await Self.expectError(.limitExceeded, containing: "more than the limit of \(4 << 20)") {
            _ = try await Self.pull(announced, store: try ScratchStore())
        }
        var limits = fastLimits
        limits.maxManifestBytes = 100
        await Self.expectError(.limitExceeded, containing: "more than the limit of 100") {
            _ = try await Self.pull(announced, configuration: RegistryConfiguration(limits: limits), store: try ScratchStore())
        }
    }

    @Test("a Docker schema 1 manifest is refused with a clear message")
    func schema1() async throws {
        let body = Array(#"{"schemaVersion":1,"name":"test/app","tag":"v1","fsLayers":[],"history":[]}"#.utf8)
        let registry = try await FakeRegistry { r in
            r.path.contains("/manifests/") ? .respond(200, [("Content-Type", MediaType.dockerSchema1SignedManifest.rawValue)], body) : .status(404)
        }
        defer { Task { await registry.stop() } }
        await Self.expectError(.registry, containing: "schema 1") { _ = try await Self.pull(registry, store: try ScratchStore()) }
    }

    @Test("more layers than the limit are refused before any blob is fetched")
    func layerLimit() async throws {
        let image = try TestImage.make([Self.files, "add('b', data=b'b')"])
        let registry = try await FakeRegistry { image.answer($0) ?? .status(404) }
        defer { Task { await registry.stop() } }
        var limits = fastLimits
        limits.maxLayers = 1
        await Self.expectError(.limitExceeded, containing: "2 layers") {
            _ = try await Self.pull(registry, configuration: RegistryConfiguration(limits: limits), store: try ScratchStore())
        }
        #expect(!registry.requests.contains { $0.path.contains("/blobs/") })
    }

    @Test("a layer that decompresses far beyond its size is stopped")
    func compressionRatio() async throws {
        let image = try TestImage.make(["add('zeros', data=bytes(40 << 20))"])
        let registry = try await FakeRegistry { image.answer($0) ?? .status(404) }
        defer { Task { await registry.stop() } }
        var limits = fastLimits
        limits.maxCompressionRatio = 100
        await Self.expectError(.limitExceeded, containing: "decompresses to more than") {
            _ = try await Self.pull(registry, configuration: RegistryConfiguration(limits: limits), store: try ScratchStore())
        }
    }

    @Test("a blob redirect to another host is followed without Authorization")
    func crossHostRedirect() async throws {
        let store = try ScratchStore()
        defer { withExtendedLifetime(store) {} }
        let image = try TestImage.make([Self.files])
        let layer = image.layers[0].descriptor.digest
        let cdn = try await FakeRegistry { r in .respond(200, [], image.layers[0].blob) }
        defer { Task { await cdn.stop() } }
        let credentials = RegistryCredentials(user: "alice", password: "secret")
        let registry = try await FakeRegistry { r in
            guard r.headers["authorization"] == credentials.basicAuthorization else {
                return .status(401, [("WWW-Authenticate", #"Basic realm="fake""#)])
            }
            if r.path.hasSuffix("/blobs/\(layer)") { return .status(307, [("Location", "http://\(cdn.host)/signed/\(layer.encoded)?sig=1")]) }
            return image.answer(r) ?? .status(404)
        }
        defer { Task { await registry.stop() } }
        let configuration = RegistryConfiguration(credentials: [registry.host: credentials], limits: fastLimits)
        let pulled = try await Self.pull(registry, configuration: configuration, store: store)
        #expect(FileManager.default.fileExists(atPath: pulled.layerDirectories[0] + "/etc/hello"))
        #expect(cdn.requests.count == 1)
        #expect(cdn.requests.allSatisfy { $0.headers["authorization"] == nil })
        #expect(registry.requests.contains { $0.headers["authorization"] == credentials.basicAuthorization })
    }

    @Test("Basic credentials are not sent without a challenge, and a refusal is an authentication error")
    func basicRefused() async throws {
        let registry = try await FakeRegistry { _ in .status(401, [("WWW-Authenticate", #"Basic realm="fake""#)]) }
        defer { Task { await registry.stop() } }
        let configuration = RegistryConfiguration(
            credentials: [registry.host: RegistryCredentials(user: "bob", password: "wrong")], limits: fastLimits)
        await Self.expectError(.authentication, containing: "refused access with credentials of bob") {
            _ = try await Self.pull(registry, configuration: configuration, store: try ScratchStore())
        }
        // One unauthenticated request, one retry with the credentials, then no more.
        #expect(registry.requests.count == 2)
        #expect(registry.requests.first?.headers["authorization"] == nil)
        #expect(registry.requests.last?.headers["authorization"] == RegistryCredentials(user: "bob", password: "wrong").basicAuthorization)
    }

    @Test("the Bearer flow gets one token from the realm with the credentials and caches it for the whole pull")
    func bearerFlow() async throws {
        let image = try TestImage.make([Self.files, "add('b', data=b'b')"])
        let credentials = RegistryCredentials(user: "carol", password: "pw")
        let issued = "tok-\(UUID().uuidString)"
        let tokenServer = try await FakeRegistry { r in
            guard r.headers["authorization"] == credentials.basicAuthorization else { return .status(401) }
            guard r.query["service"] == ["fake-registry"], r.query["scope"]?.contains("repository:test/app:pull") == true else { return .status(400) }
            return .json(Array(#"{"token":"\#(issued)","expires_in":300}"#.utf8), type: "application/json")
        }
        defer { Task { await tokenServer.stop() } }
        let registry = try await FakeRegistry { r in
            guard r.headers["authorization"] == "Bearer \(issued)" else {
                let challenge = #"Bearer realm="http://\#(tokenServer.host)/token",service="fake-registry",scope="repository:test/app:pull""#
                return .status(401, [("WWW-Authenticate", challenge)])
            }
            return image.answer(r) ?? .status(404)
        }
        defer { Task { await registry.stop() } }
        let configuration = RegistryConfiguration(credentials: [registry.host: credentials], limits: fastLimits)
        let store = try ScratchStore()
        let s = try ImageStore(directory: store.path, registry: configuration)
        _ = try await s.pull(try ImageReference(parsing: "\(registry.host)/test/app:v1"), platform: Platform(os: "linux", architecture: "amd64"))
        #expect(tokenServer.requests.count == 1)
        #expect(await s.client.tokensFetched == 1)
        // One 401 for the manifest; the config and both layers carried the cached token.
        #expect(registry.requests.filter { $0.headers["authorization"] == nil }.count == 1)
        #expect(registry.requests.filter { $0.headers["authorization"] == "Bearer \(issued)" }.count == 4)
    }

    @Test("anonymous Bearer tokens are fetched without credentials")
    func anonymousBearer() async throws {
        let image = try TestImage.make([Self.files])
        let tokenServer = try await FakeRegistry { r in
            r.headers["authorization"] == nil ? .json(Array(#"{"access_token":"anon"}"#.utf8), type: "application/json") : .status(400)
        }
        defer { Task { await tokenServer.stop() } }
        let registry = try await FakeRegistry { r in
            guard r.headers["authorization"] == "Bearer anon" else {
                return .status(401, [("WWW-Authenticate", #"Bearer realm="http://\#(tokenServer.host)/token",service="s""#)])
            }
            return image.answer(r) ?? .status(404)
        }
        defer { Task { await registry.stop() } }
        _ = try await Self.pull(registry, store: try ScratchStore())
        #expect(tokenServer.requests.count == 1)
    }

    @Test("credentials are never sent to a plain-http token realm that is not loopback")
    func refusesHTTPRealm() async throws {
        let registry = try await FakeRegistry { _ in
            .status(401, [("WWW-Authenticate", #"Bearer realm="http://auth.example.invalid/token",service="s""#)])
        }
        defer { Task { await registry.stop() } }
        let configuration = RegistryConfiguration(credentials: [registry.host: RegistryCredentials(user: "u", password: "p")], limits: fastLimits)
        await Self.expectError(.authentication, containing: "is not https") {
            _ = try await Self.pull(registry, configuration: configuration, store: try ScratchStore())
        }
    }

    @Test("the platform's manifest is chosen from an index, and an unmatched platform lists the offered ones")
    func platformSelection() async throws {
        let store = try ScratchStore()
        defer { withExtendedLifetime(store) {} }
        let amd = try TestImage.make(["add('arch', data=b'amd64')"])
        let arm = try TestImage.make(["add('arch', data=b'arm64')"], architecture: "arm64")
        let index = Array(
            """
            {"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[\
            {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"\(amd.manifestDigest)","size":\(amd.manifest.count),"platform":{"os":"linux","architecture":"amd64"}},\
            {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"\(arm.manifestDigest)","size":\(arm.manifest.count),"platform":{"os":"linux","architecture":"arm64","variant":"v8"}}]}
            """.utf8
        )
        let registry = try await FakeRegistry { r in
            if r.path == "/v2/test/app/manifests/v1" { return .json(index, type: MediaType.ociIndex.rawValue) }
            return amd.answer(r, tag: "-") ?? arm.answer(r, tag: "-") ?? .status(404)
        }
        defer { Task { await registry.stop() } }
        let pulled = try await Self.pull(registry, platform: Platform(os: "linux", architecture: "arm64"), store: store)
        #expect(pulled.record.digest == arm.manifestDigest)
        #expect(pulled.record.indexDigest == Digest.compute(of: index))
        #expect(try String(contentsOfFile: pulled.layerDirectories[0] + "/arch", encoding: .utf8) == "arm64")
        await Self.expectError(.notFound, containing: "linux/amd64, linux/arm64/v8") {
            _ = try await Self.pull(registry, platform: Platform(os: "linux", architecture: "riscv64"), store: try ScratchStore())
        }
    }

    @Test("a zstd layer is decompressed with libzstd")
    func zstdLayer() async throws {
        let store = try ScratchStore()
        defer { withExtendedLifetime(store) {} }
        let image = try TestImage.make([Self.files], compression: .zstd)
        let registry = try await FakeRegistry { image.answer($0) ?? .status(404) }
        defer { Task { await registry.stop() } }
        let pulled = try await Self.pull(registry, store: store)
        #expect(try String(contentsOfFile: pulled.layerDirectories[0] + "/etc/hello", encoding: .utf8) == "hello\n")
    }

    @Test("a redirect to a scheme other than http(s) is refused")
    func refusesOtherSchemes() async throws {
        let registry = try await FakeRegistry { _ in .status(302, [("Location", "file:///etc/passwd")]) }
        defer { Task { await registry.stop() } }
        await Self.expectError(.registry, containing: "not an http(s) URL") { _ = try await Self.pull(registry, store: try ScratchStore()) }
    }

    @Test("a missing repository or tag is a not-found error naming it")
    func notFound() async throws {
        let registry = try await FakeRegistry { r in
            .respond(
                404, [("Content-Type", "application/json")], Array(#"{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown"}]}"#.utf8))
        }
        defer { Task { await registry.stop() } }
        await Self.expectError(.notFound, containing: "test/app:v1") { _ = try await Self.pull(registry, store: try ScratchStore()) }
    }
}
