// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteOCI
import NIOCore

/// One pass from a layer blob's bytes to an unpacked layer: verify the blob, decompress, verify the diff ID, unpack.
///
/// The blob is never stored as a tarball: each chunk the registry client receives goes through `write(_:)`,
/// is hashed against the descriptor's digest (and cut off past its size), decompressed in-process (gzip with
/// zlib, zstd with libzstd), hashed against the config's `diff_id`, and handed to the `LayerUnpacker`.
/// `finish()` checks both digests; until it returns, the layer directory must be treated as incomplete.
public final class LayerStream {
    private enum Decoder {
        case none
        case gzip(GzipDecoder)
        case zstd(ZstdDecoder)
    }

    /// The layer's descriptor from the manifest.
    public let descriptor: Descriptor
    /// The expected digest of the uncompressed tar, from the config's `rootfs.diff_ids`.
    public let diffID: Digest?
    /// The most uncompressed bytes allowed per compressed byte of the descriptor's size (a decompression bomb stops here).
    public let maxCompressionRatio: Int64
    /// How many uncompressed bytes were produced so far.
    public private(set) var uncompressedBytes: Int64 = 0
    private var blobVerifier: DigestVerifier
    private var diffVerifier: DigestVerifier?
    private let decoder: Decoder
    private let unpacker: LayerUnpacker
    private let maxUncompressed: Int64

    /// Prepares to stream `descriptor`'s blob into `unpacker`.
    /// - Parameters:
    ///   - maxCompressionRatio: uncompressed bytes allowed per byte of the blob's declared size; the first
    ///     16 MiB are always allowed, so that tiny layers of zeros are not refused.
    /// - Throws: `ImageError` `.unsupportedArchive` for media types that are not layers.
    public init(descriptor: Descriptor, diffID: Digest?, unpacker: LayerUnpacker, maxCompressionRatio: Int64 = 1000) throws(ImageError) {
        guard let compression = descriptor.mediaType.layerCompression else {
            throw ImageError(.unsupportedArchive, "blob \(descriptor.digest) has media type \(descriptor.mediaType), not a layer")
        }
        switch compression {
        case .uncompressed: decoder = .none
        case .gzip: decoder = .gzip(try GzipDecoder())
        case .zstd: decoder = .zstd(try ZstdDecoder())
        }
        self.descriptor = descriptor
        self.diffID = diffID
        self.unpacker = unpacker
        self.maxCompressionRatio = maxCompressionRatio
        let (product, overflow) = descriptor.size.multipliedReportingOverflow(by: maxCompressionRatio)
        maxUncompressed = overflow ? Int64.max : max(product, 16 << 20)
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
        switch decoder {
        case .none: try tar(chunk)
        case .gzip(let gzip): try gzip.decode(chunk) { (raw) throws(ImageError) in try self.tar(raw) }
        case .zstd(let zstd): try zstd.decode(chunk) { (raw) throws(ImageError) in try self.tar(raw) }
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

    /// How many bytes of the blob were received so far.
    public var receivedBytes: Int64 { blobVerifier.count }

    /// Ends the blob: checks its size and digest, the end of the compressed stream, the diff ID and the archive.
    /// - Returns: what the unpacker wrote.
    public func finish() throws(ImageError) -> LayerUnpacker.Summary {
        do {
            try blobVerifier.verify()
        } catch {
            throw ImageError(.verification, "layer blob \(descriptor.digest)", underlying: error)
        }
        switch decoder {
        case .none: break
        case .gzip(let gzip): try gzip.finish { (raw) throws(ImageError) in try self.tar(raw) }
        case .zstd(let zstd): try zstd.finish { (raw) throws(ImageError) in try self.tar(raw) }
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
        uncompressedBytes += Int64(raw.count)
        if uncompressedBytes > maxUncompressed {
            throw ImageError(
                .limitExceeded,
                "layer \(descriptor.digest) decompresses to more than \(maxUncompressed) bytes, over \(maxCompressionRatio) times its size of \(descriptor.size) bytes"
            )
        }
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
