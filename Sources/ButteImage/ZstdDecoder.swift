// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import CZstd

/// Streaming Zstandard decompression (libzstd, in-process) that reports output as it is produced.
///
/// Concatenated and skippable frames are accepted, as zstd(1) does; anything that is not a frame after
/// the end of one, or a stream that stops inside a frame, is an error. The window is capped at
/// `maxWindowLog` so that a hostile frame cannot make the decoder reserve gigabytes.
public final class ZstdDecoder {
    /// The largest window accepted by default: 2^27 bytes (128 MiB), zstd's own default cap.
    public static let defaultMaxWindowLog: Int32 = 27

    private let stream: OpaquePointer
    private let output: UnsafeMutableRawBufferPointer
    private var sawInput = false
    // 0 once a frame is complete; what ZSTD_decompressStream returned last otherwise.
    private var lastHint = 0

    /// Creates a decoder; `outputChunkSize` bounds the size of each chunk handed to the sink.
    /// - Throws: `ImageError` `.decompression` when libzstd cannot allocate a stream.
    public init(outputChunkSize: Int = 256 << 10, maxWindowLog: Int32 = ZstdDecoder.defaultMaxWindowLog) throws(ImageError) {
        guard let stream = ZSTD_createDStream() else {
            throw ImageError(.decompression, "cannot start zstd decompression: out of memory")
        }
        let set = ZSTD_DCtx_setParameter(stream, ZSTD_d_windowLogMax, maxWindowLog)
        if ZSTD_isError(set) != 0 {
            ZSTD_freeDStream(stream)
            throw ImageError(.decompression, "cannot limit the zstd window: \(Self.errorName(set))")
        }
        self.stream = stream
        output = UnsafeMutableRawBufferPointer.allocate(byteCount: max(outputChunkSize, 1024), alignment: 16)
    }

    deinit {
        ZSTD_freeDStream(stream)
        output.deallocate()
    }

    /// Decompresses a chunk of input, calling `sink` with each piece of output.
    /// - Throws: `ImageError` `.decompression` for corrupt input, or whatever `sink` throws.
    public func decode(_ input: UnsafeRawBufferPointer, _ sink: (UnsafeRawBufferPointer) throws(ImageError) -> Void) throws(ImageError) {
        guard input.count > 0, let base = input.baseAddress else { return }
        sawInput = true
        var inBuffer = ZSTD_inBuffer(src: base, size: input.count, pos: 0)
        try run(&inBuffer, sink)
    }

    /// Declares the end of input, flushing what the decoder still holds.
    /// - Throws: `ImageError` `.decompression` when the stream is empty or stops inside a frame.
    public func finish(_ sink: (UnsafeRawBufferPointer) throws(ImageError) -> Void) throws(ImageError) {
        guard sawInput else { throw ImageError(.decompression, "zstd stream is empty") }
        var inBuffer = ZSTD_inBuffer(src: nil, size: 0, pos: 0)
        try run(&inBuffer, sink)
        guard lastHint == 0 else { throw ImageError(.decompression, "zstd stream is truncated") }
    }

    private func run(_ inBuffer: inout ZSTD_inBuffer, _ sink: (UnsafeRawBufferPointer) throws(ImageError) -> Void) throws(ImageError) {
        while true {
            var outBuffer = ZSTD_outBuffer(dst: output.baseAddress, size: output.count, pos: 0)
            let consumedBefore = inBuffer.pos
            let hint = ZSTD_decompressStream(stream, &outBuffer, &inBuffer)
            if ZSTD_isError(hint) != 0 {
                throw ImageError(.decompression, "zstd stream is corrupt: \(Self.errorName(hint))")
            }
            // A call without progress (the flush in finish) reports the next frame's header size, not a truncation.
            if inBuffer.pos > consumedBefore || outBuffer.pos > 0 { lastHint = hint }
            if outBuffer.pos > 0 {
                try sink(UnsafeRawBufferPointer(rebasing: output[0..<outBuffer.pos]))
            }
            // A full output buffer may leave decoded data inside the context: call again even without input.
            if inBuffer.pos == inBuffer.size && outBuffer.pos < outBuffer.size { return }
        }
    }

    private static func errorName(_ code: Int) -> String {
        String(cString: ZSTD_getErrorName(code))
    }
}
