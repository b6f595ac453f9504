// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteOCI
import NIOCore

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
#if canImport(Glibc)
    import Glibc
#endif

/// The content-addressed image store shared by every container of a host.
///
/// Layout under the store directory (mode 0700):
///
/// ```
/// blobs/sha256/<hex>         manifests, indexes and configs, verified
/// layers/sha256/<hex>/diff   one unpacked layer in overlayfs form, named by its diff ID (each layer once)
/// layers/sha256/<hex>/layer.json
/// images/<hex>.json          an ImageRecord, named by the sha256 of the canonical reference
/// leases/<id>.json           layers and blobs a container uses; GC never removes them
/// tmp/                       ingest in progress: unpacked here, renamed into place once verified
/// locks/                     one flock file per layer being ingested
/// store.lock                 shared by pulls, exclusive for GC
/// ```
///
/// A layer directory appears under `layers/` only after its blob digest, its diff ID and the whole
/// archive checked out. Pulls of the same layer do the work once: inside the process through this actor,
/// across processes through the layer's lock file.
public actor ImageStore {
    /// The store directory.
    public nonisolated let directory: String
    /// The registry client used by `pull`.
    public nonisolated let client: RegistryClient
    /// How layers are unpacked.
    public nonisolated let unpackOptions: LayerUnpacker.Options
    private var inflight: [Digest: Task<Bool, any Error>] = [:]

    /// Opens (and creates, mode 0700) a store.
    /// - Throws: `ImageError` `.store` when the directories cannot be created.
    public init(
        directory: String,
        registry: RegistryConfiguration = RegistryConfiguration(),
        unpackOptions: LayerUnpacker.Options? = nil
    ) throws {
        let root = directory.count > 1 && directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        self.directory = root
        self.client = RegistryClient(configuration: registry)
        var options = unpackOptions ?? LayerUnpacker.Options()
        if unpackOptions == nil, geteuid() != 0 { options.overlayXattrPrefix = "user.overlay." }
        options.limits.maxTotalBytes = min(options.limits.maxTotalBytes, registry.limits.maxLayerBytes)
        self.unpackOptions = options
        do {
            try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            chmod(root, 0o700)
            for sub in ["blobs/sha256", "blobs/sha512", "layers/sha256", "layers/sha512", "images", "leases", "tmp", "locks"] {
                try FileManager.default.createDirectory(
                    atPath: "\(root)/\(sub)", withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            }
        } catch {
            throw ImageError(.store, "cannot create the image store \(root)", underlying: error)
        }
    }

    // MARK: Paths

    nonisolated func blobPath(_ digest: Digest) -> String { "\(directory)/blobs/\(digest.algorithm.rawValue)/\(digest.encoded)" }
    nonisolated func layerPath(_ diffID: Digest) -> String { "\(directory)/layers/\(diffID.algorithm.rawValue)/\(diffID.encoded)" }
    /// The unpacked directory of a layer (an overlayfs lower dir).
    public nonisolated func layerDirectory(_ diffID: Digest) -> String { layerPath(diffID) + "/diff" }
    nonisolated func recordPath(_ reference: String) -> String {
        "\(directory)/images/\(Digest.compute(of: Array(reference.utf8)).encoded).json"
    }
    nonisolated var storeLockPath: String { "\(directory)/store.lock" }

    // MARK: Pull

    /// Pulls an image: resolves it for `platform`, stores its manifest and config, and fetches, verifies and
    /// unpacks every layer not yet in the store (in parallel, bounded by `parallelLayers`).
    /// - Returns: the image with its layer directories.
    /// - Throws: `ImageError` naming the reference, digest or registry that failed.
    public func pull(
        _ reference: ImageReference,
        platform: Platform = .host,
        progress: (@Sendable (PullProgress) -> Void)? = nil
    ) async throws -> StoredImage {
        let storeLock = try await FileLock.acquire(storeLockPath, exclusive: false)
        defer { storeLock.release() }
        let resolved = try await client.resolve(reference, platform: platform)
        if let indexDigest = resolved.indexDigest, let bytes = resolved.indexBytes { try writeBlob(indexDigest, bytes) }
        try writeBlob(resolved.manifestDigest, resolved.manifestBytes)
        try writeBlob(resolved.manifest.config.digest, resolved.configBytes)
        let layers = Array(zip(resolved.manifest.layers, resolved.config.rootfs.diffIDs))
        progress?(.resolved(reference: reference, digest: resolved.manifestDigest, layers: resolved.manifest.layers))

        let parallel = max(1, client.configuration.limits.parallelLayers)
        try await withThrowingTaskGroup(of: Void.self) { group in
            var next = 0
            var running = 0
            while next < layers.count || running > 0 {
                while running < parallel && next < layers.count {
                    let (descriptor, diffID) = layers[next]
                    next += 1
                    running += 1
                    group.addTask {
                        let fetched = try await self.ensureLayer(descriptor, diffID: diffID, resolved: resolved, progress: progress)
                        progress?(fetched ? .layerDone(descriptor.digest) : .layerExists(descriptor.digest))
                    }
                }
                _ = try await group.next()
                running -= 1
            }
        }

        let record = ImageRecord(
            reference: reference.canonical,
            digest: resolved.manifestDigest,
            indexDigest: resolved.indexDigest,
            configDigest: resolved.manifest.config.digest,
            platform: resolved.config.platform.description,
            layers: layers.map { .init(digest: $0.0.digest, diffID: $0.1, mediaType: $0.0.mediaType, size: $0.0.size) },
            pulled: Int64(Date().timeIntervalSince1970)
        )
        try writeFile(recordPath(reference.canonical), try Self.encode(record))
        return StoredImage(record: record, config: resolved.config, layerDirectories: layers.map { layerDirectory($0.1) })
    }

    /// Makes sure a layer is in the store; true when this call fetched it, false when it was there already.
    private func ensureLayer(
        _ descriptor: Descriptor,
        diffID: Digest,
        resolved: ResolvedImage,
        progress: (@Sendable (PullProgress) -> Void)?
    ) async throws -> Bool {
        if FileManager.default.fileExists(atPath: layerPath(diffID)) { return false }
        if let running = inflight[diffID] {
            _ = try await running.value
            return false
        }
        let task = Task {
            try await Self.ingest(
                descriptor,
                diffID: diffID,
                resolved: resolved,
                client: client,
                directory: directory,
                final: layerPath(diffID),
                options: unpackOptions,
                progress: progress
            )
        }
        inflight[diffID] = task
        defer { inflight[diffID] = nil }
        return try await task.value
    }

    /// Downloads, verifies and unpacks one layer into `tmp/`, then renames it into place.
    private static func ingest(
        _ descriptor: Descriptor,
        diffID: Digest,
        resolved: ResolvedImage,
        client: RegistryClient,
        directory: String,
        final: String,
        options: LayerUnpacker.Options,
        progress: (@Sendable (PullProgress) -> Void)?
    ) async throws -> Bool {
        let lock = try await FileLock.acquire("\(directory)/locks/\(diffID.algorithm.rawValue)-\(diffID.encoded).lock", exclusive: true)
        defer { lock.release() }
        // Another process may have finished it while this one waited for the lock.
        if FileManager.default.fileExists(atPath: final) { return false }
        let temporary = "\(directory)/tmp/layer-\(diffID.encoded)-\(UUID().uuidString)"
        let diff = temporary + "/diff"
        do {
            try makeDirectory(temporary)
            var stream = try startLayer(
                descriptor, diffID: diffID, into: diff, options: options, maxRatio: client.configuration.limits.maxCompressionRatio)
            var reported: Int64 = 0
            try await client.fetchBlob(
                descriptor,
                repository: resolved.reference.path,
                from: resolved.endpoint,
                write: { chunk in
                    try stream.write(chunk)
                    let received = stream.receivedBytes
                    if received - reported >= 1 << 20 || received == descriptor.size {
                        reported = received
                        progress?(.layerProgress(descriptor.digest, received: received, total: descriptor.size))
                    }
                },
                restart: {
                    try removeTree(diff)
                    stream = try startLayer(
                        descriptor, diffID: diffID, into: diff, options: options, maxRatio: client.configuration.limits.maxCompressionRatio)
                    reported = 0
                }
            )
            let summary = try stream.finish()
            let meta = LayerMetadata(
                digest: descriptor.digest, diffID: diffID, mediaType: descriptor.mediaType, size: descriptor.size, entries: summary.entries,
                uncompressedBytes: summary.bytes)
            try writeFileDirect(temporary + "/layer.json", try encode(meta))
            try LayerFS.sys("rename", final) { rename(temporary, final) }
            return true
        } catch {
            try? removeTree(temporary)
            throw error
        }
    }

    private struct LayerMetadata: Codable {
        var digest: Digest
        var diffID: Digest
        var mediaType: MediaType
        var size: Int64
        var entries: Int
        var uncompressedBytes: Int64
    }

    private static func startLayer(_ descriptor: Descriptor, diffID: Digest, into diff: String, options: LayerUnpacker.Options, maxRatio: Int64)
        throws -> LayerStream
    {
        try makeDirectory(diff)
        let unpacker = try LayerUnpacker(directory: diff, options: options)
        return try LayerStream(descriptor: descriptor, diffID: diffID, unpacker: unpacker, maxCompressionRatio: maxRatio)
    }

    // MARK: Queries

    /// The stored image for a reference: by exact reference, else (for a digest reference) by manifest or index digest.
    /// - Throws: `ImageError` `.notFound` when the store does not hold it.
    public func image(_ reference: ImageReference) throws -> StoredImage {
        guard let record = try record(for: reference) else {
            throw ImageError(.notFound, "image \(reference) is not in the store \(directory); pull it first")
        }
        return try load(record)
    }

    /// Every image record, sorted by reference.
    public func list() throws -> [ImageRecord] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "\(directory)/images")) ?? []
        var records: [ImageRecord] = []
        for name in names where name.hasSuffix(".json") {
            records.append(try readRecord("\(directory)/images/\(name)"))
        }
        return records.sorted { $0.reference < $1.reference }
    }

    /// Removes an image record. Its blobs and layers stay until `collectGarbage()` finds them unreferenced.
    /// - Throws: `ImageError` `.notFound` when the store does not hold the image.
    @discardableResult
    public func remove(_ reference: ImageReference) throws -> ImageRecord {
        guard let record = try record(for: reference) else {
            throw ImageError(.notFound, "image \(reference) is not in the store \(directory)")
        }
        try LayerFS.sys("unlink", record.reference) { unlink(recordPath(record.reference)) }
        return record
    }

    private func record(for reference: ImageReference) throws -> ImageRecord? {
        let path = recordPath(reference.canonical)
        if FileManager.default.fileExists(atPath: path) { return try readRecord(path) }
        guard let digest = reference.digest else { return nil }
        return try list().first {
            $0.reference.hasPrefix(reference.name + ":") || $0.reference.hasPrefix(reference.name + "@")
                ? ($0.digest == digest || $0.indexDigest == digest) : false
        }
    }

    private func load(_ record: ImageRecord) throws -> StoredImage {
        let bytes: [UInt8]
        do {
            bytes = Array(try Data(contentsOf: URL(fileURLWithPath: blobPath(record.configDigest))))
        } catch {
            throw ImageError(.store, "the config \(record.configDigest) of \(record.reference) is missing from the store", underlying: error)
        }
        let config: ImageConfig
        do {
            guard Digest.compute(record.configDigest.algorithm, of: bytes) == record.configDigest else {
                throw ImageError(.store, "the stored config \(record.configDigest) of \(record.reference) is corrupt")
            }
            config = try ImageDocument.parseConfig(bytes)
        } catch let e as ImageError {
            throw e
        } catch {
            throw ImageError(.store, "the stored config \(record.configDigest) of \(record.reference) does not parse", underlying: error)
        }
        for layer in record.layers where !FileManager.default.fileExists(atPath: layerPath(layer.diffID)) {
            throw ImageError(.store, "layer \(layer.diffID) of \(record.reference) is missing from the store; pull the image again")
        }
        return StoredImage(record: record, config: config, layerDirectories: record.layers.map { layerDirectory($0.diffID) })
    }

    private func readRecord(_ path: String) throws -> ImageRecord {
        do {
            return try JSONDecoder().decode(ImageRecord.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw ImageError(.store, "the image record \(path) is corrupt", underlying: error)
        }
    }

    // MARK: Leases and GC

    /// Records that container `id` uses `image`'s layers and config, so that GC keeps them even after `remove`.
    /// - Throws: `ImageError` `.store` for an id that is not `[A-Za-z0-9_.-]{1,128}` (not starting with `.`).
    public func acquireLease(_ id: String, for image: StoredImage) throws {
        try Self.validateLeaseID(id)
        struct Lease: Codable {
            var reference: String
            var blobs: [Digest]
            var layers: [Digest]
        }
        let lease = Lease(
            reference: image.record.reference,
            blobs: [image.record.digest, image.record.configDigest] + (image.record.indexDigest.map { [$0] } ?? []),
            layers: image.record.layers.map(\.diffID)
        )
        try writeFile("\(directory)/leases/\(id).json", try Self.encode(lease))
    }

    /// Drops container `id`'s lease; a lease already gone is fine.
    public func releaseLease(_ id: String) throws {
        try Self.validateLeaseID(id)
        let r = LayerFS.attempt { unlink("\(directory)/leases/\(id).json") }
        if r.result != 0 && r.errno != ENOENT { throw LayerFS.failure("unlink", "lease \(id)", r.errno) }
    }

    static func validateLeaseID(_ id: String) throws(ImageError) {
        let ok =
            !id.isEmpty && id.utf8.count <= 128 && !id.hasPrefix(".")
            && id.utf8.allSatisfy { b in
                (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(b) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(b)
                    || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b) || b == UInt8(ascii: "_") || b == UInt8(ascii: "-")
                    || b == UInt8(ascii: ".")
            }
        guard ok else { throw ImageError(.store, "lease id \"\(id)\" must be 1 to 128 of A-Z a-z 0-9 _ . - and not start with a dot") }
    }

    /// Removes every blob and layer that no image record and no lease references, and leftovers in `tmp/`.
    ///
    /// Waits until no pull of any process holds the store, so that a layer being ingested is never taken.
    public func collectGarbage() async throws -> GarbageCollection {
        let lock = try await FileLock.acquire(storeLockPath, exclusive: true)
        defer { lock.release() }
        var blobs = Set<Digest>()
        var layers = Set<Digest>()
        for record in try list() {
            blobs.insert(record.digest)
            blobs.insert(record.configDigest)
            if let i = record.indexDigest { blobs.insert(i) }
            for l in record.layers { layers.insert(l.diffID) }
        }
        struct LeaseRefs: Decodable {
            var blobs: [Digest]
            var layers: [Digest]
        }
        for name in (try? FileManager.default.contentsOfDirectory(atPath: "\(directory)/leases")) ?? [] where name.hasSuffix(".json") {
            let path = "\(directory)/leases/\(name)"
            do {
                let lease = try JSONDecoder().decode(LeaseRefs.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
                blobs.formUnion(lease.blobs)
                layers.formUnion(lease.layers)
            } catch {
                // An unreadable lease could hide a layer in use: stop rather than guess.
                throw ImageError(.store, "the lease \(path) is unreadable; garbage collection stopped", underlying: error)
            }
        }
        var result = GarbageCollection(blobs: [], layers: [], temporaries: 0)
        for algorithm in Digest.Algorithm.allCases {
            for name in (try? FileManager.default.contentsOfDirectory(atPath: "\(directory)/blobs/\(algorithm.rawValue)")) ?? [] {
                guard let digest = try? Digest(algorithm: algorithm, encoded: name), !blobs.contains(digest) else { continue }
                try LayerFS.sys("unlink", blobPath(digest)) { unlink(blobPath(digest)) }
                result.blobs.append(digest)
            }
            for name in (try? FileManager.default.contentsOfDirectory(atPath: "\(directory)/layers/\(algorithm.rawValue)")) ?? [] {
                guard let diffID = try? Digest(algorithm: algorithm, encoded: name), !layers.contains(diffID) else { continue }
                // Out of the committed name first, so that a crash mid-removal never leaves half a layer looking complete.
                let doomed = "\(directory)/tmp/gc-\(name)-\(UUID().uuidString)"
                try LayerFS.sys("rename", layerPath(diffID)) { rename(layerPath(diffID), doomed) }
                try Self.removeTree(doomed)
                result.layers.append(diffID)
            }
        }
        for name in (try? FileManager.default.contentsOfDirectory(atPath: "\(directory)/tmp")) ?? [] {
            try Self.removeTree("\(directory)/tmp/\(name)")
            result.temporaries += 1
        }
        result.blobs.sort()
        result.layers.sort()
        return result
    }

    // MARK: Files

    private func writeBlob(_ digest: Digest, _ bytes: [UInt8]) throws {
        let path = blobPath(digest)
        if FileManager.default.fileExists(atPath: path) { return }
        try writeFile(path, bytes)
    }

    /// Writes a file atomically: a temporary in `tmp/`, fsync, rename.
    private func writeFile(_ path: String, _ bytes: [UInt8]) throws {
        let temporary = "\(directory)/tmp/file-\(UUID().uuidString)"
        do {
            try Self.writeFileDirect(temporary, bytes, sync: true)
            try LayerFS.sys("rename", path) { rename(temporary, path) }
        } catch {
            unlink(temporary)
            throw error
        }
    }

    private static func writeFileDirect(_ path: String, _ bytes: [UInt8], sync: Bool = false) throws {
        let fd = try LayerFS.sys("open", path) { open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600) }
        defer { close(fd) }
        let failure: Int32 = bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += n
            }
            return 0
        }
        if failure != 0 { throw LayerFS.failure("write", path, failure) }
        if sync { try LayerFS.sys("fsync", path) { fsync(fd) } }
    }

    private static func makeDirectory(_ path: String) throws {
        try LayerFS.sys("mkdir", path) { mkdir(path, 0o700) }
    }

    /// Removes a tree without following symlinks; a path already gone is fine.
    static func removeTree(_ path: String) throws {
        let slash = path.lastIndex(of: "/") ?? path.startIndex
        let parent = slash == path.startIndex ? "/" : String(path[..<slash])
        let name = String(path[path.index(after: slash)...])
        let fd = try LayerFS.sys("open", parent) { open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC) }
        defer { close(fd) }
        try LayerFS.remove(fd, Array(name.utf8CString), path)
    }

    private static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return Array(try encoder.encode(value)) + [0x0A]
    }
}
