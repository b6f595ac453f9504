// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteImage
import ButteOCI
import Foundation
import Synchronization
import Testing

@Suite struct ImageStoreTests {
    static let amd64 = Platform(os: "linux", architecture: "amd64")
    static let base = "add('etc/base', data=b'base\\n')"

    /// Serves two images sharing their base layer: test/one (base + one) and test/two (base + two).
    static func twoImages() async throws -> (FakeRegistry, TestImage, TestImage) {
        let one = try TestImage.make([base, "add('one', data=b'1')"])
        let two = try TestImage.make([base, "add('two', data=b'2')"])
        let registry = try await FakeRegistry { r in
            one.answer(r, repository: "test/one") ?? two.answer(r, repository: "test/two") ?? .status(404)
        }
        return (registry, one, two)
    }

    @Test("the store is created with mode 0700 and layers are stored once by diff ID")
    func sharedLayers() async throws {
        let (registry, one, _) = try await Self.twoImages()
        defer { Task { await registry.stop() } }
        let scratch = try ScratchStore()
        let store = try ImageStore(directory: scratch.path, registry: RegistryConfiguration(limits: fastLimits))
        let a = try await store.pull(try ImageReference(parsing: "\(registry.host)/test/one:v1"), platform: Self.amd64)
        let b = try await store.pull(try ImageReference(parsing: "\(registry.host)/test/two:v1"), platform: Self.amd64)
        let attributes = try FileManager.default.attributesOfItem(atPath: scratch.path)
        #expect((attributes[.posixPermissions] as? Int) == 0o700)
        #expect(a.layerDirectories[0] == b.layerDirectories[0])
        #expect(scratch.entries("layers/sha256").count == 3)
        let baseBlob = one.layers[0].descriptor.digest
        #expect(registry.requests.filter { $0.path.hasSuffix("/blobs/\(baseBlob)") }.count == 1)
        #expect(b.overlayLowerDirs == b.layerDirectories.reversed().joined(separator: ":"))
        #expect(try await store.list().map(\.reference) == ["\(registry.host)/test/one:v1", "\(registry.host)/test/two:v1"])
        let found = try await store.image(try ImageReference(parsing: "\(registry.host)/test/one@\(one.manifestDigest)"))
        #expect(found.record.digest == one.manifestDigest)
    }

    @Test("concurrent pulls of the same image fetch each blob once")
    func concurrentPulls() async throws {
        let (registry, one, _) = try await Self.twoImages()
        defer { Task { await registry.stop() } }
        let scratch = try ScratchStore()
        defer { withExtendedLifetime(scratch) {} }
        let store = try ImageStore(directory: scratch.path, registry: RegistryConfiguration(limits: fastLimits))
        let reference = try ImageReference(parsing: "\(registry.host)/test/one:v1")
        try await withThrowingTaskGroup(of: StoredImage.self) { group in
            for _ in 0..<4 { group.addTask { try await store.pull(reference, platform: Self.amd64) } }
            for try await image in group { #expect(image.record.digest == one.manifestDigest) }
        }
        for layer in one.layers {
            #expect(registry.requests.filter { $0.path.hasSuffix("/blobs/\(layer.descriptor.digest)") }.count == 1)
        }
    }

    @Test("GC keeps referenced and leased layers and removes unreferenced ones")
    func garbageCollection() async throws {
        let (registry, one, two) = try await Self.twoImages()
        defer { Task { await registry.stop() } }
        let scratch = try ScratchStore()
        let store = try ImageStore(directory: scratch.path, registry: RegistryConfiguration(limits: fastLimits))
        let refOne = try ImageReference(parsing: "\(registry.host)/test/one:v1")
        let refTwo = try ImageReference(parsing: "\(registry.host)/test/two:v1")
        let a = try await store.pull(refOne, platform: Self.amd64)
        let b = try await store.pull(refTwo, platform: Self.amd64)
        try FileManager.default.createDirectory(atPath: scratch.path + "/tmp/leftover", withIntermediateDirectories: true)

        // Nothing is unreferenced yet, except the leftover.
        var gc = try await store.collectGarbage()
        #expect(gc.layers.isEmpty && gc.blobs.isEmpty && gc.temporaries == 1)

        // A container uses image two; both images are removed from the store's list.
        try await store.acquireLease("container-1", for: b)
        try await store.remove(refOne)
        try await store.remove(refTwo)
        gc = try await store.collectGarbage()
        let oneOnly = Digest.compute(of: one.layers[1].tar)
        #expect(gc.layers == [oneOnly])
        #expect(Set(gc.blobs) == [one.manifestDigest, one.configDescriptor.digest])
        #expect(!FileManager.default.fileExists(atPath: a.layerDirectories[1]))
        for dir in b.layerDirectories { #expect(FileManager.default.fileExists(atPath: dir)) }

        // Once the lease is gone, the rest goes too.
        try await store.releaseLease("container-1")
        gc = try await store.collectGarbage()
        #expect(Set(gc.layers) == Set(two.layers.map { Digest.compute(of: $0.tar) }))
        #expect(scratch.entries("layers/sha256").isEmpty)
        #expect(scratch.entries("blobs/sha256").isEmpty)
    }

    @Test(
        "lease ids that could leave the leases directory are refused", arguments: ["", "../x", ".hidden", "a/b", String(repeating: "a", count: 129)])
    func badLeaseIDs(_ id: String) async throws {
        let scratch = try ScratchStore()
        let store = try ImageStore(directory: scratch.path)
        await #expect(throws: ImageError.self) { try await store.releaseLease(id) }
    }

    @Test("an image not in the store is a not-found error naming it")
    func missingImage() async throws {
        let scratch = try ScratchStore()
        let store = try ImageStore(directory: scratch.path)
        await #expect {
            _ = try await store.image(try ImageReference(parsing: "busybox"))
        } throws: { e in
            (e as? ImageError)?.code == .notFound && "\(e)".contains("busybox:latest")
        }
    }
}
