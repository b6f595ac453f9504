// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import NIOCore

/// Splits the byte stream into ZooKeeper frames: a big-endian `Int32` length, then that many bytes.
///
/// A negative length or one above `maximumFrameLength` closes the connection with a
/// `.protocolError` instead of buffering without bound.
package struct FrameDecoder: ByteToMessageDecoder {
    package typealias InboundOut = ByteBuffer

    /// ZooKeeper's default `jute.maxbuffer` is 1 MiB of data; leave room for headers and child lists.
    package static let defaultMaximumFrameLength = 16 << 20

    /// The largest frame accepted.
    package let maximumFrameLength: Int

    /// Creates a decoder.
    package init(maximumFrameLength: Int = FrameDecoder.defaultMaximumFrameLength) {
        self.maximumFrameLength = maximumFrameLength
    }

    package mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let frame = try Self.nextFrame(from: &buffer, maximumFrameLength: maximumFrameLength) else { return .needMoreData }
        context.fireChannelRead(Self.wrapInboundOut(frame))
        return .continue
    }

    /// Takes one whole frame's payload off the front of `buffer`, or returns `nil` and leaves
    /// `buffer` untouched when it does not hold a whole frame yet.
    /// - Throws: `ZooKeeperError` with code `.protocolError` for a negative or oversized length.
    package static func nextFrame(from buffer: inout ByteBuffer, maximumFrameLength: Int) throws(ZooKeeperError) -> ByteBuffer? {
        guard let length = buffer.getInteger(at: buffer.readerIndex, endianness: .big, as: Int32.self) else { return nil }
        guard length >= 0, Int(length) <= maximumFrameLength else {
            throw ZooKeeperError(.protocolError, "frame length \(length) is outside 0...\(maximumFrameLength)")
        }
        guard buffer.readableBytes >= 4 + Int(length) else { return nil }
        buffer.moveReaderIndex(forwardBy: 4)
        return buffer.readSlice(length: Int(length))
    }

    /// Prepends the 4-byte length to a frame's payload.
    package static func frame(_ payload: ByteBuffer) -> ByteBuffer {
        var out = ByteBuffer()
        out.reserveCapacity(4 + payload.readableBytes)
        out.writeInteger(Int32(payload.readableBytes), endianness: .big)
        var payload = payload
        out.writeBuffer(&payload)
        return out
    }
}
