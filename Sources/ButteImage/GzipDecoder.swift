// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import CompressNIO
import NIOCore

/// Streaming gzip decompression (zlib, in-process) that reports output as it is produced.
///
/// Concatenated gzip members are accepted, as gzip(1) and Go's reader do; anything else after the end of a
/// member, or a stream that stops early, is an error.
public final class GzipDecoder {
    private let inflater: ZlibDecompressor
    private var output: ByteBuffer
    private var sawInput = false

    /// Creates a decoder; `outputChunkSize` bounds the size of each chunk handed to the sink.
    public init(outputChunkSize: Int = 256 << 10) throws(ImageError) {
        do {
            inflater = try ZlibDecompressor(algorithm: .gzip)
        } catch {
            throw ImageError(.decompression, "cannot start gzip decompression", underlying: error)
        }
        output = ByteBufferAllocator().buffer(capacity: outputChunkSize)
    }

    /// Decompresses a chunk of input, calling `sink` with each piece of output.
    /// - Throws: `ImageError` `.decompression` for corrupt input, or whatever `sink` throws.
    public func decode(_ input: UnsafeRawBufferPointer, _ sink: (UnsafeRawBufferPointer) throws(ImageError) -> Void) throws(ImageError) {
        guard input.count > 0 else { return }
        sawInput = true
        var buffer = ByteBufferAllocator().buffer(capacity: input.count)
        buffer.writeBytes(input)
        try decode(&buffer, sink)
    }

    /// Decompresses a `ByteBuffer` chunk (as an HTTP client delivers it).
    public func decode(_ input: inout ByteBuffer, _ sink: (UnsafeRawBufferPointer) throws(ImageError) -> Void) throws(ImageError) {
        if input.readableBytes > 0 { sawInput = true }
        while input.readableBytes > 0 {
            output.clear()
            let before = input.readableBytes
            var outputFull = false
            do {
                try inflater.inflate(from: &input, to: &output)
            } catch let e as CompressNIOError where e == .bufferOverflow {
                outputFull = true
            } catch {
                throw ImageError(.decompression, "gzip stream is corrupt", underlying: error)
            }
            if output.readableBytes > 0 {
                try output.withUnsafeReadableBytes { (raw) throws(ImageError) in try sink(raw) }
            }
            if !outputFull && input.readableBytes > 0 {
                if input.readableBytes == before && output.readableBytes == 0 {
                    // The member ended before this input; a new member must start here.
                    do {
                        try inflater.reset()
                    } catch {
                        throw ImageError(.decompression, "cannot restart gzip decompression", underlying: error)
                    }
                    try checkMemberStart(input)
                }
            }
        }
    }

    /// Declares the end of input.
    /// - Throws: `ImageError` `.decompression` when the stream is empty or stops inside a member.
    public func finish(_ sink: (UnsafeRawBufferPointer) throws(ImageError) -> Void) throws(ImageError) {
        guard sawInput else { throw ImageError(.decompression, "gzip stream is empty") }
        var empty = ByteBufferAllocator().buffer(capacity: 16)
        while true {
            output.clear()
            do {
                try inflater.inflate(from: &empty, to: &output)
                if output.readableBytes > 0 { try output.withUnsafeReadableBytes { (raw) throws(ImageError) in try sink(raw) } }
                return
            } catch let e as CompressNIOError where e == .bufferOverflow {
                try output.withUnsafeReadableBytes { (raw) throws(ImageError) in try sink(raw) }
            } catch let e as CompressNIOError where e == .inputBufferOverflow {
                throw ImageError(.decompression, "gzip stream is truncated")
            } catch let e as ImageError {
                throw e
            } catch {
                throw ImageError(.decompression, "gzip stream is corrupt", underlying: error)
            }
        }
    }

    private func checkMemberStart(_ input: ByteBuffer) throws(ImageError) {
        let magic: [UInt8] = [0x1f, 0x8b]
        let n = min(2, input.readableBytes)
        guard let head = input.getBytes(at: input.readerIndex, length: n), head.elementsEqual(magic.prefix(n)) else {
            throw ImageError(.decompression, "unexpected data after the end of the gzip stream")
        }
    }
}
