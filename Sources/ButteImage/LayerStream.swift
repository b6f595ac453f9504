// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteOCI
import NIOCore

/// One pass from a layer blob's bytes to an unpacked layer: verify the blob, decompress, verify the diff ID, unpack.
///
/// The blob is never stored as a tarball: each chunk the registry client receives goes through `write(_:)`,
/// is hashed against the descriptor's digest (and cut off past its size), decompressed in-process, hashed
/// against the config's `diff_id`, and handed to the `LayerUnpacker`. `finish()` checks both digests; until it
/// returns, the layer directory must be treated as incomplete.
public final class LayerStream {
    /// The layer's descriptor from the manifest.
    public let descriptor: Descriptor
    /// The expected digest of the uncompressed tar, from the config's `rootfs.diff_ids`.
    public let diffID: Digest?
    private var blobVerifier: DigestVerifier
    private var diffVerifier: DigestVerifier?
    private let gzip: GzipDecoder?
    private let unpacker: LayerUnpacker

    /// Prepares to stream `descriptor`'s blob into `unpacker`.
    /// - Throws: `ImageError` `.unsupportedArchive` for media types that are not layers or not yet decompressible (zstd).
    public init(descriptor: Descriptor, diffID: Digest?, unpacker: LayerUnpacker) throws(ImageError) {
        guard let compression = descriptor.mediaType.layerCompression else {
            throw ImageError(.unsupportedArchive, "blob \(descriptor.digest) has media type \(descriptor.mediaType), not a layer")
        }
        switch compression {
        case .uncompressed: gzip = nil
        case .gzip: gzip = try GzipDecoder()
        case .zstd:
            throw ImageError(.unsupportedArchive, "layer \(descriptor.digest) is zstd-compressed, which is not supported yet")
        }
        self.descriptor = descriptor
        self.diffID = diffID
        self.unpacker = unpacker
        blobVerifier = DigestVerifier(expected: descriptor.digest, size: descriptor.size)
        diffVerifier = diffID.map { DigestVerifier(expected: $0) }
    }

    /// Feeds a chunk of the blob as received.
    public func write(_ chunk: UnsafeRawBufferPointer) throws(ImageError) {
        do {
            try blobVerifier.update(chunk)
        } catch {
            throw ImageError(.verification, "layer blob \(descriptor.digest)", underlying: error)
        }
        if let gzip {
            try gzip.decode(chunk) { (raw) throws(ImageError) in try self.tar(raw) }
        } else {
            try tar(chunk)
        }
    }

    /// Feeds a chunk of the blob as an HTTP client delivers it.
    public func write(_ buffer: ByteBuffer) throws(ImageError) {
        let r: Result<Void, ImageError> = buffer.withUnsafeReadableBytes { raw in
            do throws(ImageError) {
                try write(raw)
                return .success(())
            } catch { return .failure(error) }
        }
        try r.get()
    }

    /// Ends the blob: checks its size and digest, the end of the compressed stream, the diff ID and the archive.
    /// - Returns: what the unpacker wrote.
    public func finish() throws(ImageError) -> LayerUnpacker.Summary {
        do {
            try blobVerifier.verify()
        } catch {
            throw ImageError(.verification, "layer blob \(descriptor.digest)", underlying: error)
        }
        if let gzip {
            try gzip.finish { (raw) throws(ImageError) in try self.tar(raw) }
        }
        if let diffVerifier {
            do {
                try diffVerifier.verify()
            } catch {
                throw ImageError(.verification, "uncompressed layer \(descriptor.digest) does not match its diff ID", underlying: error)
            }
        }
        return try unpacker.finish()
    }

    private func tar(_ raw: UnsafeRawBufferPointer) throws(ImageError) {
        if diffVerifier != nil {
            do {
                try diffVerifier!.update(raw)
            } catch {
                throw ImageError(.verification, "uncompressed layer \(descriptor.digest)", underlying: error)
            }
        }
        try unpacker.write(raw)
    }
}
